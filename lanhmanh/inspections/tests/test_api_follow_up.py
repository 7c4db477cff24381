"""What the pages do, through the API too: schedules and their approval, the follow-up of a violation,
team members added and removed (and linked to an account); and the page that removes a member."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lanhmanh.accounts.models import Agency, AgencyLevel
from lanhmanh.core.models import AuditEntry
from lanhmanh.inspections import services
from lanhmanh.inspections.models import InspectionSchedule, ScheduleStatus, TeamMember, Violation
from lanhmanh.inspections.tests import records

SCHEDULES = "/api/v1/inspection-schedules/"


def schedule_body(scene, **changes):
    body = {
        "team": scene["team"].pk,
        "title": "Kế hoạch kiểm tra quý III",
        "period_start": "2023-07-01",
        "period_end": "2023-09-30",
        "visits": [{"establishment": scene["karaoke"].pk, "planned_on": "2023-08-01"}],
    }
    body.update(changes)
    return body


# Schedules -------------------------------------------------------------------------------------------


def test_a_keeper_draws_up_a_schedule_and_the_service_names_the_field_it_refuses(api, scene):
    coordinator = api("coordinator")
    late = schedule_body(scene, visits=[{"establishment": scene["karaoke"].pk, "planned_on": "2023-10-01"}])
    refused = coordinator.post(SCHEDULES, late, format="json")
    assert refused.status_code == 400
    assert "nằm ngoài thời gian của kế hoạch" in refused.json()["visits"][0]
    created = coordinator.post(SCHEDULES, schedule_body(scene), format="json")
    assert created.status_code == 201, created.content
    assert created.json()["status"] == "draft"
    assert [v["establishment"]["id"] for v in created.json()["visits"]] == [scene["karaoke"].pk]
    assert AuditEntry.objects.filter(verb="inspections.schedule.created").count() == 1


def test_only_keepers_of_the_team_draw_up_its_schedule(api, scene):
    assert api("viewer").post(SCHEDULES, {}, format="json").status_code == 403
    assert api("inspector").post(SCHEDULES, {}, format="json").status_code == 403
    # A commune officer reads the province's team but does not keep it.
    refused = api("commune_officer").post(SCHEDULES, schedule_body(scene), format="json")
    assert refused.status_code == 400
    assert "Bạn không lập được kế hoạch" in refused.json()["team"][0]
    # An establishment outside the officer's scope reads as no such establishment.
    far = schedule_body(scene, visits=[{"establishment": scene["far"].pk, "planned_on": "2023-08-01"}])
    refused = api("sibling_commune").post(SCHEDULES, far, format="json")
    assert refused.status_code == 400 and "trong phạm vi" in refused.json()["visits"][0]
    assert InspectionSchedule.objects.count() == 0


def test_schedules_are_read_as_on_the_pages(api, world, personas, scene):
    coordinator = personas["coordinator"]
    province_plan = records.schedule(scene["team"], scene["karaoke"], coordinator)
    province_plan.visits.create(establishment=scene["far"], planned_on=date(2023, 7, 1))
    far_team = records.team(world, coordinator, unit=world.other_district)
    far_plan = records.schedule(far_team, scene["far"], coordinator, title="Kế hoạch huyện khác")
    inspector = api("inspector")
    listed = inspector.get(SCHEDULES).json()
    assert [row["id"] for row in listed["results"]] == [province_plan.pk]
    # The provincial plan shows the inspector only the establishments of their own scope.
    shown = inspector.get(f"{SCHEDULES}{province_plan.pk}/").json()
    assert [v["establishment"]["id"] for v in shown["visits"]] == [scene["karaoke"].pk]
    assert inspector.get(f"{SCHEDULES}{far_plan.pk}/").status_code == 404
    assert len(api("coordinator").get(f"{SCHEDULES}{province_plan.pk}/").json()["visits"]) == 2
    assert api("coordinator").get(f"{SCHEDULES}?status=approved").json()["count"] == 0
    assert api("coordinator").get(f"{SCHEDULES}?team={far_team.pk}").json()["count"] == 1
    assert inspector.get(f"{SCHEDULES}?status=done").status_code == 400


def test_the_coordinator_approves_a_draft_once(api, world, personas, scene):
    plan = records.schedule(scene["team"], scene["karaoke"], personas["coordinator"])
    url = f"{SCHEDULES}{plan.pk}/approve/"
    assert api("viewer").post(url).status_code == 403
    assert api("commune_officer").post(url).status_code == 403
    approved = api("coordinator").post(url)
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved" and approved.json()["approved_by"]
    plan.refresh_from_db()
    assert plan.status == ScheduleStatus.APPROVED and plan.approved_by == personas["coordinator"]
    again = api("coordinator").post(url)
    assert again.status_code == 400
    assert again.json()["status"] == ["Kế hoạch này đã được phê duyệt."]
    assert AuditEntry.objects.filter(verb="inspections.schedule.approved").count() == 1


def test_another_districts_schedule_is_404_to_approve(api, world, personas, scene):
    far_team = records.team(world, personas["coordinator"], unit=world.other_district)
    far_plan = records.schedule(far_team, scene["far"], personas["coordinator"])
    assert api("district_officer").post(f"{SCHEDULES}{far_plan.pk}/approve/").status_code == 404


def test_the_schedule_list_costs_the_same_queries_for_3_or_30_schedules(api, personas, scene):
    coordinator = personas["coordinator"]

    def count_for(n):
        while InspectionSchedule.objects.count() < n:
            records.schedule(scene["team"], scene["karaoke"], coordinator)
        client = api("inspector")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{SCHEDULES}?page_size=50").json()["count"] == n
        return len(queries)

    assert count_for(3) == count_for(30)


# The follow-up of a violation ------------------------------------------------------------------------


@pytest.fixture
def recorded(personas, scene):
    inspection = records.inspect(scene["team"], scene["karaoke"], personas["coordinator"])
    violation = services.violation_record(
        actor=personas["coordinator"], inspection=inspection, data=records.violation_input()
    )
    return inspection, violation


def url_of(violation):
    return f"/api/v1/inspections/{violation.inspection_id}/violations/{violation.pk}/"


def full_body(violation, **changes):
    body = {
        "violation_type": violation.violation_type_id,
        "committed_on": "2023-05-10",
        "subject_type": "organisation",
        "offender": violation.offender,
        "fine_amount": violation.fine_amount,
        "decision_number": violation.decision_number,
        "decision_date": "2023-05-15",
        "fine_due_on": "2023-05-25",
        "version": violation.version,
    }
    body.update(changes)
    return body


def test_the_follow_up_is_recorded_with_the_version_read_and_a_stale_one_is_409(api, recorded):
    _, violation = recorded
    inspector = api("inspector")
    assert inspector.get(url_of(violation)).json()["version"] == violation.version
    paid = full_body(violation, fine_paid_on="2023-05-20", fine_collected=15_000_000, reinspection_due_on="2023-11-01")
    saved = inspector.put(url_of(violation), paid, format="json")
    assert saved.status_code == 200, saved.content
    assert saved.json()["fine_collected"] == 15_000_000 and saved.json()["version"] == violation.version + 1
    stale = inspector.put(url_of(violation), full_body(violation, offender="Ai khác"), format="json")
    assert stale.status_code == 409
    assert stale.json()["current_version"] == violation.version + 1
    assert Violation.objects.get().offender == violation.offender
    assert AuditEntry.objects.filter(verb="inspections.violation.updated").count() == 1


def test_a_patch_changes_only_what_it_sends_and_the_service_names_the_field(api, recorded):
    _, violation = recorded
    inspector = api("inspector")
    missing = inspector.patch(url_of(violation), {"fine_paid_on": "2023-05-20"}, format="json")
    assert missing.status_code == 400 and "version" in missing.json()
    too_much = inspector.patch(
        url_of(violation),
        {"fine_paid_on": "2023-05-20", "fine_collected": 20_000_000, "version": violation.version},
        format="json",
    )
    assert too_much.status_code == 400
    assert too_much.json()["fine_collected"] == ["Số tiền đã thu 20.000.000 đồng lớn hơn số tiền phạt 15.000.000 đồng."]
    paid = inspector.patch(
        url_of(violation),
        {"fine_paid_on": "2023-05-20", "fine_collected": 15_000_000, "version": violation.version},
        format="json",
    )
    assert paid.status_code == 200, paid.content
    stored = Violation.objects.get()
    assert (stored.fine_paid_on, stored.fine_collected) == (date(2023, 5, 20), 15_000_000)
    assert (stored.decision_number, stored.fine_amount) == ("12/QĐ-XPHC", 15_000_000)
    complied = inspector.patch(
        url_of(violation), {"complied_on": "2023-06-01", "version": stored.version}, format="json"
    )
    assert complied.status_code == 400
    assert complied.json()["complied_on"] == ["Không có biện pháp khắc phục: không ghi được ngày đã khắc phục."]


def test_the_follow_up_is_refused_to_readers_and_hidden_outside_the_scope(api, personas, scene, recorded):
    _, violation = recorded
    body = full_body(violation)
    assert api("viewer").get(url_of(violation)).status_code == 200
    assert api("viewer").put(url_of(violation), body, format="json").status_code == 403
    assert api("case_worker").patch(url_of(violation), body, format="json").status_code == 403
    assert api("sibling_commune").get(url_of(violation)).status_code == 404
    assert api("sibling_commune").put(url_of(violation), body, format="json").status_code == 404
    # A violation named under an inspection it does not belong to.
    other = records.inspect(scene["team"], scene["karaoke"], personas["coordinator"])
    wrong = f"/api/v1/inspections/{other.pk}/violations/{violation.pk}/"
    assert api("inspector").get(wrong).status_code == 404
    assert api("inspector").put(wrong, body, format="json").status_code == 404
    assert Violation.objects.get().version == violation.version


# Team members ----------------------------------------------------------------------------------------


def members_url(team):
    return f"/api/v1/inspection-teams/{team.pk}/members/"


def test_a_keeper_adds_a_member_and_the_service_names_the_field(api, world, personas, scene):
    team = scene["team"]
    coordinator = api("coordinator")
    added = coordinator.post(
        members_url(team),
        {"name": "Trần Thị Cúc", "agency": world.police.pk, "role": "leader", "user": personas["inspector"].pk},
        format="json",
    )
    assert added.status_code == 201, added.content
    assert added.json()["user"] == personas["inspector"].pk and added.json()["role"] == "leader"
    assert AuditEntry.objects.filter(verb="inspections.team.member_added").count() == 1
    second = coordinator.post(
        members_url(team), {"name": "Lê Văn Dũng", "agency": world.lead.pk, "role": "leader"}, format="json"
    )
    assert second.status_code == 400 and second.json()["role"] == ["Đội đã có trưởng đoàn."]
    far_team = records.team(world, personas["coordinator"], unit=world.other_district)
    district_police = Agency.objects.create(
        code="CA-H1", name="Công an Huyện Một", short_name="CA huyện", level=AgencyLevel.DISTRICT, unit=world.district
    )
    outside = coordinator.post(
        members_url(far_team), {"name": "Lê Văn Dũng", "agency": district_police.pk}, format="json"
    )
    assert outside.status_code == 400 and "không thuộc địa bàn của đội" in outside.json()["agency"][0]
    assert team.members.count() == 5


def test_a_member_is_linked_only_to_an_account_of_their_agency_in_scope(api, world, personas, scene):
    mismatch = api("coordinator").post(
        members_url(scene["team"]),
        {"name": "Trần Thị Cúc", "agency": world.lead.pk, "user": personas["inspector"].pk},
        format="json",
    )
    assert mismatch.status_code == 400
    assert "không thuộc cơ quan" in mismatch.json()["user"][0]
    commune_team = records.team(world, personas["commune_officer"], unit=world.commune)
    beyond = api("commune_officer").post(
        members_url(commune_team),
        {"name": "Trần Thị Cúc", "agency": world.lead.pk, "user": personas["coordinator"].pk},
        format="json",
    )
    assert beyond.status_code == 400 and "nằm ngoài phạm vi" in beyond.json()["user"][0]
    assert api("coordinator").post(
        members_url(scene["team"]), {"name": "X", "agency": world.lead.pk, "user": 999999}, format="json"
    ).json()["user"] == ["Không có tài khoản mã số 999999."]


def test_members_are_changed_only_by_the_teams_keepers(api, world, personas, scene):
    team = scene["team"]
    assert api("viewer").post(members_url(team), {}, format="json").status_code == 403
    assert api("commune_officer").post(members_url(team), {}, format="json").status_code == 403
    far_team = records.team(world, personas["coordinator"], unit=world.other_district)
    assert api("district_officer").post(members_url(far_team), {}, format="json").status_code == 404
    member = team.members.first()
    assert api("commune_officer").delete(f"{members_url(team)}{member.pk}/").status_code == 403
    assert api("district_officer").delete(f"{members_url(far_team)}{far_team.members.first().pk}/").status_code == 404
    assert team.members.count() == 4


def test_a_member_is_removed_unless_they_took_part_in_an_inspection(api, world, personas, scene):
    team = scene["team"]
    inspection = records.inspect(team, scene["karaoke"], personas["coordinator"])
    present = inspection.members_present.first()
    free = team.members.exclude(pk__in=inspection.members_present.values("pk")).get()
    coordinator = api("coordinator")
    used = coordinator.delete(f"{members_url(team)}{present.pk}/")
    assert used.status_code == 400
    assert used.json()["member"] == [f"{present.name} đã tham gia 1 cuộc kiểm tra nên không xóa được khỏi đội."]
    # A member of another team, named under this one.
    other = records.team(world, personas["coordinator"])
    assert coordinator.delete(f"{members_url(team)}{other.members.first().pk}/").status_code == 404
    assert coordinator.delete(f"{members_url(team)}{free.pk}/").status_code == 204
    assert not TeamMember.objects.filter(pk=free.pk).exists()
    assert AuditEntry.objects.filter(verb="inspections.team.member_removed").count() == 1


# The page that removes a member ----------------------------------------------------------------------


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def remove_url(team, member):
    return f"/inspections/teams/{team.pk}/members/{member.pk}/remove/"


def test_the_team_page_asks_for_confirmation_and_the_removal_is_post_only(personas, scene):
    team = scene["team"]
    member = team.members.first()
    client = signed_in(personas["coordinator"])
    page = client.get(f"/inspections/teams/{team.pk}/").content.decode()
    assert "Xác nhận xóa" in page and remove_url(team, member) in page
    assert client.get(remove_url(team, member)).status_code == 405
    response = client.post(remove_url(team, member), follow=True)
    assert response.redirect_chain[-1][0] == f"/inspections/teams/{team.pk}/"
    assert f"Đã xóa {member.name} khỏi đội." in response.content.decode()
    assert not TeamMember.objects.filter(pk=member.pk).exists()
    assert AuditEntry.objects.filter(verb="inspections.team.member_removed").count() == 1


def test_the_page_keeps_a_member_who_took_part_and_says_why(personas, scene):
    team = scene["team"]
    inspection = records.inspect(team, scene["karaoke"], personas["coordinator"])
    present = inspection.members_present.first()
    client = signed_in(personas["coordinator"])
    response = client.post(remove_url(team, present), follow=True)
    assert "không xóa được khỏi đội" in response.content.decode()
    assert TeamMember.objects.filter(pk=present.pk).exists()


def test_the_page_refuses_readers_and_hides_other_districts_teams(world, personas, scene):
    team = scene["team"]
    member = team.members.first()
    assert signed_in(personas["viewer"]).post(remove_url(team, member)).status_code == 403
    assert signed_in(personas["commune_officer"]).post(remove_url(team, member)).status_code == 403
    far_team = records.team(world, personas["coordinator"], unit=world.other_district)
    far_member = far_team.members.first()
    assert signed_in(personas["district_officer"]).post(remove_url(far_team, far_member)).status_code == 404
    # A member of another team named under this one.
    assert signed_in(personas["coordinator"]).post(remove_url(team, far_member)).status_code == 404
    assert TeamMember.objects.count() == 8


def test_the_member_form_links_an_account_of_the_agency(world, personas, scene):
    team = scene["team"]
    client = signed_in(personas["coordinator"])
    url = f"/inspections/teams/{team.pk}/members/new/"
    body = {"name": "Trần Thị Cúc", "agency": world.lead.pk, "role": "member", "user": personas["inspector"].pk}
    refused = client.post(url, body)
    assert refused.status_code == 200 and "không thuộc cơ quan" in refused.content.decode()
    response = client.post(url, {**body, "agency": world.police.pk})
    assert response.status_code == 302
    assert team.members.get(name="Trần Thị Cúc").user == personas["inspector"]
