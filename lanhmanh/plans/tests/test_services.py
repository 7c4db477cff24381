from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lanhmanh.core.models import AuditEntry
from lanhmanh.core.versioning import ConflictError
from lanhmanh.plans import services
from lanhmanh.plans.models import ManualValue, Measure, Task, TaskStatus, TaskUpdate

from .files import pdf_upload


def test_posting_an_update_keeps_it_with_author_and_changes_status(world, personas):
    police = personas["agency_officer"]
    update = services.task_post_update(
        task=world.police_task,
        author=police,
        date=date(2019, 6, 1),
        text="Đã triển khai rà soát",
        quantity=Decimal(3),
        new_status=TaskStatus.IN_PROGRESS,
    )
    task = Task.objects.get(pk=world.police_task.pk)
    assert task.status == TaskStatus.IN_PROGRESS
    assert task.version == 2
    assert (update.author, update.author_agency, update.status_before) == (police, world.police, TaskStatus.NOT_STARTED)
    entry = AuditEntry.objects.get(verb="plans.task.progress_posted")
    assert entry.actor == police and entry.target_id == str(task.pk)


def test_an_update_with_evidence_stores_the_file_under_an_opaque_name(world, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    update = services.task_post_update(
        task=world.police_task,
        author=personas["agency_officer"],
        date=date(2019, 6, 1),
        text="Biên bản",
        evidence=pdf_upload("bien ban.pdf"),
    )
    assert update.evidence_name == "bien ban.pdf"
    assert "bien" not in update.evidence.name
    assert update.evidence.read().startswith(b"%PDF")


def test_it_refuses_an_update_dated_in_the_future_or_without_text(world, personas):
    with pytest.raises(ValidationError) as err:
        services.task_post_update(
            task=world.police_task,
            author=personas["agency_officer"],
            date=timezone.localdate() + timedelta(days=1),
            text="  ",
        )
    assert set(err.value.message_dict) == {"date", "text"}
    assert TaskUpdate.objects.count() == 0


def test_it_refuses_a_negative_quantity(world, personas):
    with pytest.raises(ValidationError) as err:
        services.task_post_update(
            task=world.police_task,
            author=personas["agency_officer"],
            date=date(2019, 6, 1),
            text="x",
            quantity=Decimal(-1),
        )
    assert "quantity" in err.value.message_dict


def test_a_status_change_from_a_stale_form_is_refused_and_nothing_is_written(world, personas):
    task = world.police_task
    services.task_post_update(
        task=Task.objects.get(pk=task.pk),
        author=personas["coordinator"],
        date=date(2019, 6, 1),
        text="a",
        new_status=TaskStatus.DONE,
    )
    with pytest.raises(ConflictError):
        services.task_post_update(
            task=Task.objects.get(pk=task.pk),
            author=personas["agency_officer"],
            date=date(2019, 6, 2),
            text="b",
            new_status=TaskStatus.BLOCKED,
            expected_version=1,
        )
    assert Task.objects.get(pk=task.pk).status == TaskStatus.DONE
    assert TaskUpdate.objects.filter(task=task).count() == 1


def test_assigning_a_task_sets_lead_partners_and_deadline_and_is_audited(world, personas):
    task = world.province_task
    services.task_assign(
        task=task,
        actor=personas["coordinator"],
        lead_agency=world.police,
        partners=[world.lead, world.police],
        deadline=date(2019, 9, 30),
        expected_version=task.version,
    )
    task.refresh_from_db()
    assert task.lead_agency == world.police
    assert list(task.partners.all()) == [world.lead]  # the lead is never its own partner
    entry = AuditEntry.objects.get(verb="plans.task.assigned")
    assert entry.changes["lead_agency"] == ["Sở LĐTBXH", "Công an tỉnh"]


def test_two_people_assigning_the_same_task_the_second_is_refused(world, personas):
    first = Task.objects.get(pk=world.province_task.pk)
    second = Task.objects.get(pk=world.province_task.pk)
    services.task_assign(
        task=first,
        actor=personas["coordinator"],
        lead_agency=world.police,
        partners=[],
        deadline=None,
        expected_version=first.version,
    )
    with pytest.raises(ConflictError):
        services.task_assign(
            task=second,
            actor=personas["coordinator"],
            lead_agency=world.lead,
            partners=[],
            deadline=None,
            expected_version=second.version,
        )
    assert Task.objects.get(pk=first.pk).lead_agency == world.police


def test_editing_a_measure_from_a_stale_form_does_not_overwrite(world, personas):
    m1 = Measure.objects.get(pk=world.manual_measure.pk)
    m2 = Measure.objects.get(pk=world.manual_measure.pk)
    services.measure_update(
        measure=m1,
        actor=personas["coordinator"],
        baseline=Decimal(75),
        target_value=Decimal(82),
        expected_version=m1.version,
    )
    with pytest.raises(ConflictError):
        services.measure_update(
            measure=m2,
            actor=personas["coordinator"],
            baseline=Decimal(70),
            target_value=Decimal(90),
            expected_version=m2.version,
        )
    stored = Measure.objects.get(pk=m1.pk)
    assert (stored.baseline, stored.target_value) == (Decimal(75), Decimal(82))


def test_recording_a_manual_value_keeps_period_source_and_author(world, personas):
    mv = services.manual_value_record(
        measure=world.manual_measure,
        actor=personas["coordinator"],
        unit=world.province,
        period_start=date(2019, 1, 1),
        period_end=date(2019, 12, 14),
        value=Decimal(77),
        unit_of_measure="xã",
        source_note="Báo cáo của Sở VHTTDL",
    )
    assert ManualValue.objects.get().pk == mv.pk
    assert mv.entered_by == personas["coordinator"]


def test_a_manual_value_outside_the_users_scope_or_with_reversed_period_is_refused(world, personas):
    with pytest.raises(ValidationError) as err:
        services.manual_value_record(
            measure=world.manual_measure,
            actor=personas["district_officer"],
            unit=world.far_commune,
            period_start=date(2019, 6, 1),
            period_end=date(2019, 1, 1),
            value=Decimal(1),
            unit_of_measure="xã",
            source_note="",
        )
    assert set(err.value.message_dict) == {"unit", "period_end", "source_note"}
    assert ManualValue.objects.count() == 0
