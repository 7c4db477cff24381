"""Loading a scheme file: the example scheme, reloading, new versions and what assessments keep."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from lanhmanh.communes.models import AssessmentScheme, Criterion, ScoringKind
from lanhmanh.communes.scheme_loader import CREATED, REPLACED, UNCHANGED, SchemeFileError, load_scheme_file
from lanhmanh.communes.services import scheme_for_year
from lanhmanh.communes.tests.helpers import EXAMPLE_SCHEME, SMALL, draft_for, scheme_file
from lanhmanh.core.models import AuditEntry


def test_the_example_scheme_loads_and_says_it_is_an_example(db):
    result = load_scheme_file(EXAMPLE_SCHEME)
    scheme = AssessmentScheme.objects.get()
    assert result.outcome == CREATED
    assert (scheme.code, scheme.version, scheme.is_example) == ("vi-du-01-2008", 1, True)
    assert "VÍ DỤ" in scheme.title and "VÍ DỤ" in scheme.description
    assert scheme.max_total == 100 and scheme.criteria.count() == 11 and scheme.groups.count() == 4
    assert [c.code for c in scheme.classes.order_by("rank")] == ["loai-3", "loai-2", "loai-1"]
    assert list(scheme.classes.filter(healthy=True).values_list("code", flat=True)) == ["loai-1"]
    hotspot = scheme.criteria.get(code="III.1")
    assert (hotspot.kind, hotspot.knock_out_cap.code, hotspot.facts) == (
        ScoringKind.YES_NO,
        "loai-2",
        ["establishments_with_signs"],
    )
    assert scheme.source_file == "data/assessment-schemes/vi-du-01-2008.yaml"
    assert any("VÍ DỤ" in line for line in result.lines())


def test_reloading_the_same_version_changes_nothing(db):
    load_scheme_file(EXAMPLE_SCHEME)
    ids = sorted(Criterion.objects.values_list("pk", flat=True))
    result = load_scheme_file(EXAMPLE_SCHEME)
    assert result.outcome == UNCHANGED
    assert sorted(Criterion.objects.values_list("pk", flat=True)) == ids
    assert AuditEntry.objects.filter(verb="communes.scheme.loaded").count() == 1


def test_a_changed_version_nobody_used_is_replaced(db, tmp_path):
    load_scheme_file(scheme_file(tmp_path, SMALL))
    result = load_scheme_file(scheme_file(tmp_path, SMALL.replace("Không có tụ điểm.", "Không có tụ điểm mại dâm.")))
    assert result.outcome == REPLACED
    assert AssessmentScheme.objects.count() == 1
    assert Criterion.objects.get(code="A.1").text == "Không có tụ điểm mại dâm."


def test_a_changed_version_in_use_is_refused_and_the_assessments_keep_it(world, personas, tmp_path):
    load_scheme_file(scheme_file(tmp_path, SMALL))
    draft_for(world.commune, personas["commune_officer"], 2019)
    changed = scheme_file(tmp_path, SMALL.replace("Không có tụ điểm.", "Không phát hiện tụ điểm."))
    with pytest.raises(SchemeFileError) as error:
        load_scheme_file(changed)
    assert (
        'trường "version": phiên bản 1 của bộ tiêu chí thu đã được dùng cho 1 bản đánh giá' in error.value.messages()[0]
    )
    assert Criterion.objects.get(code="A.1").text == "Không có tụ điểm."


def test_a_new_version_leaves_assessments_under_the_old_one_alone(world, personas, tmp_path):
    load_scheme_file(scheme_file(tmp_path, SMALL))
    old = draft_for(world.commune, personas["commune_officer"], 2019)
    newer = SMALL.replace("version: 1", "version: 2").replace("Không có tụ điểm.", "Không phát hiện tụ điểm.")
    load_scheme_file(scheme_file(tmp_path, newer, "v2.yaml"))
    old.refresh_from_db()
    assert old.scheme.version == 1
    assert {s.criterion.scheme.version for s in old.scores.select_related("criterion__scheme")} == {1}
    assert draft_for(world.sibling_commune, personas["sibling_commune"], 2019).scheme.version == 2


def test_an_official_scheme_is_preferred_to_an_example_for_the_same_year(db, tmp_path):
    load_scheme_file(EXAMPLE_SCHEME)
    load_scheme_file(scheme_file(tmp_path, SMALL))
    assert scheme_for_year(2019).code == "thu"
    AssessmentScheme.objects.filter(code="thu").update(valid_to=date(2018, 12, 31))
    assert scheme_for_year(2019).code == "vi-du-01-2008"
    assert scheme_for_year(2008) is None


def test_a_dry_run_writes_nothing(db):
    result = load_scheme_file(EXAMPLE_SCHEME, dry_run=True)
    assert result.outcome == CREATED and result.lines()[-1].startswith("Chạy thử")
    assert not AssessmentScheme.objects.exists()


def test_the_command_prints_the_summary(db):
    out = StringIO()
    call_command("load_assessment_scheme", str(EXAMPLE_SCHEME), stdout=out)
    assert "vi-du-01-2008 phiên bản 1" in out.getvalue() and "11 tiêu chí, 3 loại" in out.getvalue()
    assert AssessmentScheme.objects.get().max_total == Decimal(100)


def test_the_command_refuses_a_malformed_file_with_every_problem(db, tmp_path):
    path = scheme_file(tmp_path, SMALL.replace("below: 15", "below: 16"))
    with pytest.raises(CommandError, match="chồng lấn"):
        call_command("load_assessment_scheme", str(path))
    assert not AssessmentScheme.objects.exists()
