"""The rules of the inspection services: teams, schedules, inspections, violations and sanctions."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from lanhmanh.core.models import AuditEntry
from lanhmanh.establishments.models import FlagSource, RiskFlag
from lanhmanh.inspections import services
from lanhmanh.inspections.models import InspectionKind, ScheduleStatus, TeamLevel
from lanhmanh.inspections.tests import records
from lanhmanh.plans.tests.files import pdf_upload


def errors(caught) -> dict[str, list[str]]:
    return caught.value.message_dict


# Teams ---------------------------------------------------------------------------------------------------


def test_a_district_team_must_end_when_districts_do(world, personas):
    data = services.TeamInput(
        name="Đội huyện",
        level=TeamLevel.DISTRICT,
        unit=world.district,
        decision_number="1/QĐ",
        decision_date=date(2019, 1, 1),
        valid_from=date(2019, 1, 1),
    )
    with pytest.raises(ValidationError) as caught:
        services.team_create(actor=personas["coordinator"], data=data)
    assert "30/06/2025" in errors(caught)["valid_to"][0]
    later = services.TeamInput(**{**data.__dict__, "valid_from": date(2025, 7, 1)})
    with pytest.raises(ValidationError) as caught:
        services.team_create(actor=personas["coordinator"], data=later)
    assert "level" in errors(caught)


def test_a_team_is_set_up_at_a_unit_of_the_actors_scope_with_an_audit_entry(world, personas):
    officer = personas["commune_officer"]
    with pytest.raises(ValidationError) as caught:
        records.team(world, officer, unit=world.sibling_commune)
    assert "nằm ngoài phạm vi" in errors(caught)["unit"][0]
    team = records.team(world, officer, unit=world.commune)
    assert team.members.count() == 4
    assert AuditEntry.objects.get(verb="inspections.team.created").changes["unit"] == "Xã An"


def test_a_member_who_took_part_in_an_inspection_cannot_be_removed(world, personas, scene):
    coordinator = personas["coordinator"]
    records.inspect(scene["team"], scene["karaoke"], coordinator)
    member = scene["team"].members.order_by("pk").first()
    with pytest.raises(ValidationError):
        services.team_member_remove(actor=coordinator, member=member)
    spare = services.team_member_add(
        actor=coordinator, team=scene["team"], data=services.MemberInput(name="Người mới", agency=world.police)
    )
    services.team_member_remove(actor=coordinator, member=spare)
    assert scene["team"].members.count() == 4


# Schedules -----------------------------------------------------------------------------------------------


def test_a_planned_inspection_needs_an_approved_schedule_that_lists_the_establishment(world, personas, scene):
    coordinator = personas["coordinator"]
    schedule = services.schedule_create(
        actor=coordinator,
        data=services.ScheduleInput(
            team=scene["team"],
            title="Kế hoạch 2023",
            period_start=date(2023, 1, 1),
            period_end=date(2023, 12, 31),
            visits=[services.VisitInput(establishment=scene["karaoke"], planned_on=records.DAY)],
        ),
    )
    planned = {"kind": InspectionKind.PLANNED, "schedule": schedule}
    with pytest.raises(ValidationError) as caught:
        records.inspect(scene["team"], scene["karaoke"], coordinator, **planned)
    assert "chưa được phê duyệt" in errors(caught)["schedule"][0]
    services.schedule_approve(actor=coordinator, schedule=schedule)
    assert schedule.status == ScheduleStatus.APPROVED and schedule.approved_by == coordinator
    assert AuditEntry.objects.filter(verb="inspections.schedule.approved", target_id=str(schedule.pk)).exists()
    with pytest.raises(ValidationError) as caught:
        records.inspect(scene["team"], scene["far"], coordinator, **planned)
    assert "schedule" in errors(caught)
    assert records.inspect(scene["team"], scene["karaoke"], coordinator, **planned).schedule == schedule


def test_a_schedule_approved_once_cannot_be_approved_again(world, personas, scene):
    coordinator = personas["coordinator"]
    schedule = services.schedule_create(
        actor=coordinator,
        data=services.ScheduleInput(
            team=scene["team"],
            title="Kế hoạch",
            period_start=date(2023, 1, 1),
            period_end=date(2023, 12, 31),
            visits=[services.VisitInput(establishment=scene["karaoke"], planned_on=records.DAY)],
        ),
    )
    services.schedule_approve(actor=coordinator, schedule=schedule)
    with pytest.raises(ValidationError):
        services.schedule_approve(actor=coordinator, schedule=schedule)


# Inspections ---------------------------------------------------------------------------------------------


def test_an_inspection_needs_at_least_three_members_present(world, personas, scene):
    members = list(scene["team"].members.all()[:2])
    with pytest.raises(ValidationError) as caught:
        records.inspect(scene["team"], scene["karaoke"], personas["inspector"], members_present=members)
    assert errors(caught)["members_present"] == ["Cần ít nhất 3 thành viên của đội có mặt khi kiểm tra (đã chọn 2)."]


def test_members_of_another_team_do_not_count(world, personas, scene):
    other = records.team(world, personas["coordinator"], unit=world.district)
    members = [*scene["team"].members.all()[:2], other.members.first()]
    with pytest.raises(ValidationError) as caught:
        records.inspect(scene["team"], scene["karaoke"], personas["inspector"], members_present=members)
    assert "members_present" in errors(caught)


def test_every_checklist_item_of_the_type_needs_a_result(world, personas, scene):
    answers = records.answers("karaoke")
    answers.pop("karaoke_room_area")
    answers["guest_register"] = ("pass", "")
    with pytest.raises(ValidationError) as caught:
        records.inspect(scene["team"], scene["karaoke"], personas["inspector"], checklist=answers)
    text = " ".join(errors(caught)["checklist"])
    assert "20 m²" in text and "guest_register" in text


def test_an_inspector_records_inspections_in_their_commune_only(world, personas, scene):
    inspector = personas["inspector"]
    inspection = records.inspect(scene["team"], scene["karaoke"], inspector)
    assert inspection.checklist.count() == len(records.answers("karaoke"))
    with pytest.raises(ValidationError) as caught:
        records.inspect(scene["team"], scene["far"], inspector)
    assert "nằm ngoài phạm vi" in errors(caught)["establishment"][0]


def test_a_team_inspects_only_in_its_area(world, personas, scene):
    commune_team = records.team(world, personas["coordinator"], unit=world.sibling_commune)
    with pytest.raises(ValidationError) as caught:
        records.inspect(commune_team, scene["karaoke"], personas["coordinator"])
    assert "không thuộc địa bàn" in errors(caught)["team"][0]


def test_signs_seen_during_an_inspection_become_a_risk_flag(world, personas, scene):
    inspection = records.inspect(scene["team"], scene["karaoke"], personas["inspector"], signs="Phòng kín, gái ngồi")
    flag = RiskFlag.objects.get(establishment=scene["karaoke"])
    assert (flag.source, flag.noted_on, flag.cleared_on) == (FlagSource.INSPECTION, inspection.date, None)
    assert AuditEntry.objects.filter(verb="inspections.inspection.signs_recorded").exists()


def test_attachments_are_checked_and_kept(world, personas, scene):
    inspection = services.inspection_create(
        actor=personas["inspector"],
        data=records.inspection_input(scene["team"], scene["karaoke"]),
        attachments=[pdf_upload("bien-ban.pdf")],
    )
    assert [a.name for a in inspection.attachments.all()] == ["bien-ban.pdf"]
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("anh.png", b"not a png at all", content_type="image/png")
    with pytest.raises(ValidationError) as caught:
        services.inspection_create(
            actor=personas["inspector"],
            data=records.inspection_input(scene["team"], scene["karaoke"]),
            attachments=[fake],
        )
    assert "attachments" in errors(caught)


# Violations and sanctions --------------------------------------------------------------------------------


@pytest.fixture
def inspection(world, personas, scene):
    return records.inspect(scene["team"], scene["karaoke"], personas["coordinator"])


def test_a_fine_outside_the_range_is_refused_naming_the_field(personas, inspection):
    with pytest.raises(ValidationError) as caught:
        services.violation_record(
            actor=personas["inspector"], inspection=inspection, data=records.violation_input(fine_amount=25_000_000)
        )
    assert errors(caught)["fine_amount"] == [
        "Số tiền phạt 25.000.000 đồng nằm ngoài khung phạt của hành vi này (từ 10.000.000 đồng đến 20.000.000 đồng)."
    ]
    for amount in (10_000_000, 20_000_000):
        services.violation_record(
            actor=personas["inspector"], inspection=inspection, data=records.violation_input(fine_amount=amount)
        )


def test_the_catalogue_row_must_be_in_force_on_the_day_of_the_act(personas, inspection):
    old = records.violation_input(committed_on=date(2021, 12, 31), decision_date=None, decision_number="")
    with pytest.raises(ValidationError) as caught:
        services.violation_record(actor=personas["inspector"], inspection=inspection, data=old)
    assert "không có hiệu lực vào ngày thực hiện hành vi 31/12/2021" in errors(caught)["violation_type"][0]
    newer = records.violation_input(violation_type=records.row("nd282-2025-d32-k1"), subject_type="individual")
    with pytest.raises(ValidationError):
        services.violation_record(actor=personas["inspector"], inspection=inspection, data=newer)


def test_the_row_must_match_the_subject_type(personas, inspection):
    with pytest.raises(ValidationError) as caught:
        services.violation_record(
            actor=personas["inspector"], inspection=inspection, data=records.violation_input(subject_type="individual")
        )
    assert "áp dụng cho tổ chức" in errors(caught)["violation_type"][0]


def test_a_warning_only_where_the_row_allows_it(personas, inspection):
    with pytest.raises(ValidationError) as caught:
        services.violation_record(
            actor=personas["inspector"], inspection=inspection, data=records.violation_input(warning=True)
        )
    assert "warning" in errors(caught)


def test_the_follow_up_records_payment_within_the_fine_and_is_versioned(personas, inspection):
    inspector = personas["inspector"]
    violation = services.violation_record(actor=inspector, inspection=inspection, data=records.violation_input())
    too_much = records.violation_input(fine_paid_on=date(2023, 5, 20), fine_collected=16_000_000)
    with pytest.raises(ValidationError) as caught:
        services.violation_update(actor=inspector, violation=violation, data=too_much, expected_version=1)
    assert "fine_collected" in errors(caught)
    paid = records.violation_input(fine_paid_on=date(2023, 5, 20), fine_collected=15_000_000)
    services.violation_update(actor=inspector, violation=violation, data=paid, expected_version=1)
    violation.refresh_from_db()
    assert (violation.fine_paid_on, violation.fine_collected, violation.version) == (date(2023, 5, 20), 15_000_000, 2)
    from lanhmanh.core.versioning import ConflictError

    with pytest.raises(ConflictError):
        services.violation_update(actor=inspector, violation=violation, data=paid, expected_version=1)
    assert AuditEntry.objects.filter(verb="inspections.violation.updated").count() == 1


def test_nobody_records_a_violation_outside_their_scope(world, personas, scene):
    far = records.inspect(scene["team"], scene["far"], personas["coordinator"])
    with pytest.raises(ValidationError) as caught:
        services.violation_record(actor=personas["sibling_commune"], inspection=far, data=records.violation_input())
    assert "inspection" in errors(caught)
