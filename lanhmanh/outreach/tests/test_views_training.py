from datetime import date

from lanhmanh.outreach import services
from lanhmanh.outreach.models import Participant, TrainingCourse

from .records import course, official


def test_the_coordinator_adds_a_course_then_its_participants(client, world, personas):
    coordinator = personas["coordinator"]
    person = official(world, coordinator)
    client.force_login(coordinator)
    response = client.post(
        "/outreach/courses/new/",
        {
            "title": "Tập huấn kỹ năng kiểm tra",
            "start_date": "2019-05-20",
            "end_date": "2019-05-21",
            "organiser": world.lead.pk,
            "level": "province",
            "topic": "inspection",
            "unit": world.province.pk,
        },
    )
    recorded = TrainingCourse.objects.get()
    assert response["Location"] == f"/outreach/courses/{recorded.pk}/"
    response = client.post(f"/outreach/courses/{recorded.pk}/", {"official": person.pk, "attended": "on"})
    assert response.status_code == 302
    assert list(Participant.objects.values_list("attended", "completed")) == [(True, False)]
    participant = Participant.objects.get()
    client.post(f"/outreach/participants/{participant.pk}/", {"attended": "on", "completed": "on"})
    participant.refresh_from_db()
    assert participant.completed
    client.post(f"/outreach/participants/{participant.pk}/", {"remove": "on"})
    assert not Participant.objects.exists()


def test_a_course_that_ends_before_it_starts_is_refused_on_the_form(client, world, personas):
    client.force_login(personas["coordinator"])
    response = client.post(
        "/outreach/courses/new/",
        {
            "title": "Lớp",
            "start_date": "2019-05-21",
            "end_date": "2019-05-20",
            "organiser": world.lead.pk,
            "level": "province",
            "topic": "legal",
            "unit": world.province.pk,
        },
    )
    assert "“Đến ngày” (20/05/2019) không được trước “Từ ngày” (21/05/2019)." in response.content.decode()


def test_completing_without_attending_is_reported(client, world, personas):
    coordinator = personas["coordinator"]
    recorded = course(world, coordinator)
    participant = services.participant_set(
        course=recorded, official=official(world, coordinator), actor=coordinator, attended=True, completed=False
    )
    client.force_login(coordinator)
    response = client.post(f"/outreach/participants/{participant.pk}/", {"completed": "on"}, follow=True)
    assert "Học viên không tham dự thì không thể “Hoàn thành”." in response.content.decode()


def test_a_commune_officer_reads_the_provincial_course_but_sees_only_their_people(client, world, personas):
    coordinator = personas["coordinator"]
    recorded = course(world, coordinator)
    for name, unit in (("Người xã An", world.commune), ("Người xã Cư", world.far_commune)):
        services.participant_set(
            course=recorded,
            official=official(world, coordinator, full_name=name, unit=unit),
            actor=coordinator,
            attended=True,
            completed=True,
        )
    client.force_login(personas["commune_officer"])
    response = client.get(f"/outreach/courses/{recorded.pk}/")
    assert [p.official.full_name for p in response.context["participants"]] == ["Người xã An"]
    assert response.context["total"] == 2
    assert response.context["form"] is None
    assert client.post(f"/outreach/courses/{recorded.pk}/", {}).status_code == 403
    assert client.get(f"/outreach/courses/{recorded.pk}/edit/").status_code == 403


def test_the_course_list_counts_participants_and_filters_by_year(client, world, personas):
    coordinator = personas["coordinator"]
    recorded = course(world, coordinator)
    course(world, coordinator, title="Năm trước", start_date=date(2018, 3, 1), end_date=date(2018, 3, 2))
    services.participant_set(
        course=recorded, official=official(world, coordinator), actor=coordinator, attended=True, completed=True
    )
    client.force_login(personas["viewer"])
    response = client.get("/outreach/courses/?year=2019")
    rows = [(c.title, c.enrolled, c.done) for c in response.context["page"].object_list]
    assert rows == [("Tập huấn nghiệp vụ phòng, chống mại dâm", 1, 1)]
