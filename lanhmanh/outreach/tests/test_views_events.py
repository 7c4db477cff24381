from datetime import date

import pytest

from lanhmanh.core.models import AuditEntry
from lanhmanh.outreach import services
from lanhmanh.outreach.models import OutreachEvent
from lanhmanh.plans.tests.files import pdf_upload

from .records import event, event_input


def titles(response) -> list[str]:
    return [e.title for e in response.context["page"].object_list]


def post_data(world, **overrides):
    data = {
        "date": "2019-06-01",
        "title": "Họp dân ấp 3",
        "form": "talk",
        "units": [world.commune.pk],
        "organiser": world.district_committees.pk,
        "audience_residents": "35",
        "material_leaflet": "50",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("url", ["/outreach/events/", "/outreach/events/new/", "/outreach/events/1/"])
def test_event_pages_send_an_anonymous_visitor_to_log_in(client, world, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_the_list_shows_what_the_user_may_see_with_people_reached(client, world, personas):
    event(world, personas["commune_officer"], title="Ở xã An")
    event(world, personas["sibling_commune"], title="Ở xã Bình", units=[world.sibling_commune])
    client.force_login(personas["commune_officer"])
    response = client.get("/outreach/events/")
    assert titles(response) == ["Ở xã An"]
    assert "50" in response.content.decode()  # 40 residents + 10 students


def test_the_list_filters_by_period_unit_form_and_agency(client, world, personas):
    coordinator = personas["coordinator"]
    event(world, coordinator, title="Tháng sáu")
    event(world, coordinator, title="Ngày 15 tháng 12", date=date(2019, 12, 15), units=[world.far_commune])
    event(world, coordinator, title="Loa", form="loudspeaker", organiser=world.police, units=[world.sibling_commune])
    client.force_login(coordinator)
    assert titles(client.get("/outreach/events/?period=2019-Q4")) == ["Ngày 15 tháng 12"]
    assert titles(client.get("/outreach/events/?period=2019&basis=reporting")) == ["Loa", "Tháng sáu"]
    assert titles(client.get("/outreach/events/?period=r:2020")) == ["Ngày 15 tháng 12"]
    assert titles(client.get(f"/outreach/events/?unit={world.other_district.pk}")) == ["Ngày 15 tháng 12"]
    assert titles(client.get("/outreach/events/?form=loudspeaker")) == ["Loa"]
    assert titles(client.get(f"/outreach/events/?agency={world.police.pk}")) == ["Loa"]


def test_a_filter_that_does_not_validate_is_named_and_the_others_apply(client, world, personas):
    event(world, personas["coordinator"], form="school")
    client.force_login(personas["coordinator"])
    response = client.get("/outreach/events/?period=2019-13&form=talk")
    assert "Kỳ" in response.content.decode() and "không hợp lệ" in response.content.decode()
    assert titles(response) == []


def test_an_htmx_filter_gets_only_the_results(client, world, personas):
    client.force_login(personas["viewer"])
    response = client.get("/outreach/events/", headers={"HX-Request": "true"})
    assert response.templates[0].name == "outreach/_event_results.html"


def test_the_list_runs_the_same_number_of_queries_for_few_or_many_events(
    client, world, personas, django_assert_max_num_queries
):
    coordinator = personas["coordinator"]
    event(world, coordinator)
    client.force_login(coordinator)
    with django_assert_max_num_queries(12) as few:
        client.get("/outreach/events/?period=2019")
    for index in range(20):
        event(world, coordinator, title=f"Sự kiện {index}", units=[world.commune, world.far_commune])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/outreach/events/?period=2019")


def test_a_commune_officer_records_an_event_in_their_commune(client, world, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(personas["commune_officer"])
    response = client.post("/outreach/events/new/", {**post_data(world), "attachment": pdf_upload("anh.pdf")})
    recorded = OutreachEvent.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/outreach/events/{recorded.pk}/"
    assert recorded.audience.get().count == 35
    assert recorded.attachments.get().name == "anh.pdf"
    page = client.get(response["Location"]).content.decode()
    assert "Họp dân ấp 3" in page and "anh.pdf" in page


def test_a_negative_headcount_is_shown_on_the_form_and_nothing_is_saved(client, world, personas):
    client.force_login(personas["commune_officer"])
    response = client.post("/outreach/events/new/", post_data(world, audience_students="-3"))
    assert response.status_code == 200
    assert "Số người dự thuộc nhóm “Học sinh, sinh viên” không được âm (nhận được -3)." in response.content.decode()
    assert not OutreachEvent.objects.exists()


def test_a_sibling_commune_is_not_offered_and_cannot_be_forced(client, world, personas):
    client.force_login(personas["commune_officer"])
    form = client.get("/outreach/events/new/").context["form"]
    assert list(form.fields["units"].queryset) == [world.commune]
    response = client.post("/outreach/events/new/", post_data(world, units=[world.sibling_commune.pk]))
    assert "lựa chọn không hợp lệ" in response.content.decode()
    assert not OutreachEvent.objects.exists()


def test_the_new_form_is_prefilled_with_the_commune_from_the_to_do_list(client, world, personas):
    client.force_login(personas["district_officer"])
    form = client.get(f"/outreach/events/new/?unit={world.sibling_commune.pk}").context["form"]
    assert form.initial["units"] == [world.sibling_commune.pk]
    form = client.get(f"/outreach/events/new/?unit={world.far_commune.pk}").context["form"]
    assert "units" not in form.initial


def test_read_only_roles_cannot_open_the_new_event_form(client, world, personas):
    for role in ("viewer", "inspector", "case_worker", "admin"):
        client.force_login(personas[role])
        assert client.get("/outreach/events/new/").status_code == 403


def test_editing_an_event_changes_it_and_the_history_shows_it(client, world, personas):
    recorded = event(world, personas["commune_officer"])
    client.force_login(personas["commune_officer"])
    form = client.get(f"/outreach/events/{recorded.pk}/edit/").context["form"]
    assert form.initial["audience_residents"] == 40
    response = client.post(f"/outreach/events/{recorded.pk}/edit/", post_data(world, title="Tên mới"))
    assert response.status_code == 302
    recorded.refresh_from_db()
    assert recorded.title == "Tên mới"
    assert "outreach.event.updated" in client.get(f"/outreach/events/{recorded.pk}/").content.decode()


def test_a_siblings_event_answers_404_and_a_read_only_user_403(client, world, personas):
    recorded = event(world, personas["commune_officer"])
    client.force_login(personas["sibling_commune"])
    assert client.get(f"/outreach/events/{recorded.pk}/").status_code == 404
    assert client.get(f"/outreach/events/{recorded.pk}/edit/").status_code == 404
    client.force_login(personas["viewer"])
    assert client.get(f"/outreach/events/{recorded.pk}/").status_code == 200
    assert client.get(f"/outreach/events/{recorded.pk}/edit/").status_code == 403
    assert client.post(f"/outreach/events/{recorded.pk}/delete/").status_code == 403


def test_deleting_an_event_asks_first_then_deletes(client, world, personas):
    recorded = event(world, personas["commune_officer"])
    client.force_login(personas["commune_officer"])
    assert "Bạn có chắc muốn xóa" in client.get(f"/outreach/events/{recorded.pk}/delete/").content.decode()
    response = client.post(f"/outreach/events/{recorded.pk}/delete/")
    assert response["Location"] == "/outreach/events/"
    assert not OutreachEvent.objects.exists()
    assert AuditEntry.objects.filter(verb="outreach.event.deleted").exists()


def test_an_attachment_is_streamed_only_to_who_may_read_the_event(client, world, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    recorded = services.event_create(
        actor=personas["commune_officer"], data=event_input(world), attachment=pdf_upload("bb.pdf")
    )
    attachment = recorded.attachments.get()
    client.force_login(personas["viewer"])
    response = client.get(f"/outreach/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(personas["sibling_commune"])
    assert client.get(f"/outreach/attachments/{attachment.pk}/").status_code == 404


def test_the_pages_speak_english_when_asked(client, world, personas):
    client.force_login(personas["viewer"])
    client.cookies["django_language"] = "en"
    html = client.get("/outreach/events/").content.decode()
    assert "<h1>Communication events</h1>" in html
    assert "Communes without outreach" in html
