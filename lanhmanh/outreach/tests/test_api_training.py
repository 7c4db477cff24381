from .records import course, official


def course_body(world, **overrides):
    data = {
        "title": "Lớp tập huấn",
        "start_date": "2019-05-20",
        "end_date": "2019-05-21",
        "organiser": world.lead.pk,
        "level": "province",
        "topic": "legal",
        "unit": world.province.pk,
    }
    data.update(overrides)
    return data


def test_a_course_is_created_updated_and_read_with_its_counts(api, world):
    client = api("coordinator")
    created = client.post("/api/v1/training-courses/", course_body(world), format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    updated = client.put(f"/api/v1/training-courses/{pk}/", course_body(world, title="Lớp mới"), format="json")
    assert updated.json()["title"] == "Lớp mới"
    assert (updated.json()["participants"], updated.json()["completed"]) == (0, 0)


def test_participants_are_set_and_listed_within_the_scope(api, world, personas):
    coordinator = personas["coordinator"]
    lesson = course(world, coordinator)
    near = official(world, coordinator, full_name="Gần")
    far = official(world, coordinator, full_name="Xa", unit=world.far_commune)
    client = api("coordinator")
    for person in (near, far):
        response = client.post(
            f"/api/v1/training-courses/{lesson.pk}/participants/",
            {"official": person.pk, "completed": True},
            format="json",
        )
        assert response.status_code == 200, response.content
    assert client.get(f"/api/v1/training-courses/{lesson.pk}/").json()["completed"] == 2
    names = [
        row["official"]["full_name"]
        for row in api("commune_officer").get(f"/api/v1/training-courses/{lesson.pk}/participants/").json()["results"]
    ]
    assert names == ["Gần"]


def test_a_commune_officer_cannot_change_the_provincial_course(api, world, personas):
    lesson = course(world, personas["coordinator"])
    officer = api("commune_officer")
    assert officer.put(f"/api/v1/training-courses/{lesson.pk}/", {}, format="json").status_code == 403
    assert officer.post(f"/api/v1/training-courses/{lesson.pk}/participants/", {}, format="json").status_code == 403


def test_an_official_outside_the_scope_answers_404(api, world, personas):
    district_course = course(world, personas["district_officer"], unit=world.district, level="district")
    far = official(world, personas["coordinator"], unit=world.far_commune)
    response = api("district_officer").post(
        f"/api/v1/training-courses/{district_course.pk}/participants/", {"official": far.pk}, format="json"
    )
    assert response.status_code == 404


def test_completing_without_attending_is_a_400(api, world, personas):
    lesson = course(world, personas["coordinator"])
    person = official(world, personas["coordinator"])
    response = api("coordinator").post(
        f"/api/v1/training-courses/{lesson.pk}/participants/",
        {"official": person.pk, "attended": False, "completed": True},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"completed": ["Học viên không tham dự thì không thể “Hoàn thành”."]}
