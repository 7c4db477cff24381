"""The violation catalogue: shipped files load, reload changes nothing, bad files write nothing."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from lanhmanh.core.models import AuditEntry
from lanhmanh.inspections.catalogue import CatalogueFileError, load_catalogue_file, shipped_files
from lanhmanh.inspections.models import SubjectType, ViolationType
from lanhmanh.inspections.tests import records

GOOD_ROW = """
legal_basis: Nghị định thử
valid_from: 2022-01-01
rows:
  - code: thu-1
    article: "1"
    description: Hành vi thử
    subject_type: individual
    fine_min: 1000000
    fine_max: 2000000
"""


def write(tmp_path, text, name="thu.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_files_hold_decree_144_rows_with_organisations_paying_double(db):
    records.catalogue()
    buying = ViolationType.objects.get(code="nd144-2021-d24-k1")
    assert (buying.fine_min, buying.fine_max) == (1_000_000, 2_000_000)
    assert (buying.valid_from, buying.valid_to) == (date(2022, 1, 1), date(2025, 12, 14))
    person, company = (
        ViolationType.objects.get(code="nd144-2021-d26-che-giau-cn"),
        records.row("nd144-2021-d26-che-giau-tc"),
    )
    assert (company.fine_min, company.fine_max) == (2 * person.fine_min, 2 * person.fine_max)
    assert company.subject_type == SubjectType.ORGANISATION
    assert ViolationType.objects.get(code="nd144-2021-d25-k1").warning_allowed
    assert ViolationType.objects.get(code="nd282-2025-d32-k1").valid_from == date(2025, 12, 15)


def test_only_the_rows_in_force_on_a_day_are_found_by_in_force_on(db):
    records.catalogue()
    assert not ViolationType.objects.in_force_on(date(2025, 12, 15)).filter(legal_basis__contains="144/2021").exists()
    assert ViolationType.objects.in_force_on(date(2025, 12, 14)).filter(legal_basis__contains="144/2021").exists()
    assert ViolationType.objects.in_force_on(date(2025, 12, 15)).filter(legal_basis__contains="282/2025").exists()


def test_reloading_a_file_changes_nothing(db):
    first = [load_catalogue_file(path) for path in shipped_files()]
    count = ViolationType.objects.count()
    again = [load_catalogue_file(path) for path in shipped_files()]
    assert sum(r.created for r in first) == count
    assert [(r.created, r.updated) for r in again] == [(0, 0)] * len(again)
    assert ViolationType.objects.count() == count


def test_a_dry_run_writes_nothing(db, tmp_path):
    result = load_catalogue_file(write(tmp_path, GOOD_ROW), dry_run=True)
    assert result.created == 1
    assert not ViolationType.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_file_with_one_bad_row_writes_nothing_and_names_entry_and_field(db, tmp_path):
    text = (
        GOOD_ROW
        + """
  - code: thu-2
    description: Khung phạt ngược
    subject_type: company
    fine_min: 5000000
    fine_max: 1000000
  - code: thu-1
    description: Mã trùng
    subject_type: individual
    fine_min: 1
    fine_max: 2
"""
    )
    with pytest.raises(CatalogueFileError) as caught:
        load_catalogue_file(write(tmp_path, text))
    messages = "\n".join(caught.value.messages())
    assert 'rows[1] (thu-2), trường "fine_max"' in messages
    assert 'rows[1] (thu-2), trường "subject_type"' in messages
    assert 'rows[2] (thu-1), trường "code"' in messages
    assert not ViolationType.objects.exists()


def test_a_row_used_by_a_violation_cannot_be_changed(world, personas, tmp_path):
    coordinator = personas["coordinator"]
    records.catalogue()
    team = records.team(world, coordinator)
    inspection = records.inspect(team, records.place(world.commune, coordinator), coordinator)
    from lanhmanh.inspections import services

    services.violation_record(actor=coordinator, inspection=inspection, data=records.violation_input())
    path = shipped_files()[0]
    changed = path.read_text(encoding="utf-8").replace("fine_max: 20000000\n", "fine_max: 25000000\n", 1)
    with pytest.raises(CatalogueFileError) as caught:
        load_catalogue_file(write(tmp_path, changed, "nd-144-2021.yaml"))
    assert "nd144-2021-d26-che-giau-tc" in str(caught.value)
    assert records.row("nd144-2021-d26-che-giau-tc").fine_max == 20_000_000


def test_the_command_reports_problems_and_exits_with_an_error(db, tmp_path):
    with pytest.raises(CommandError, match="không có thay đổi nào"):
        call_command("load_violations", str(write(tmp_path, "rows: 3\n")), stdout=StringIO())
    out = StringIO()
    call_command("load_violations", str(write(tmp_path, GOOD_ROW)), stdout=out)
    assert "thêm mới 1" in out.getvalue()
