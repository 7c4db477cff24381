"""Building blocks of the communes tests: scheme files to break, and assessments at each step.

Everything goes through the services, as a user would; the example scheme
(data/assessment-schemes/vi-du-01-2008.yaml) is the one scored.
"""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from lanhmanh.accounts.models import User
from lanhmanh.communes import services
from lanhmanh.communes.models import HealthyCommuneAssessment
from lanhmanh.communes.services import ScoreInput
from lanhmanh.places.models import AdministrativeUnit
from lanhmanh.plans.tests.files import pdf_upload

EXAMPLE_SCHEME = Path(settings.BASE_DIR) / "data" / "assessment-schemes" / "vi-du-01-2008.yaml"

# A full score under the example scheme: 100 points, class loai-1 (healthy).
FULL = {
    "I.1": Decimal(10),
    "I.2": Decimal(1),
    "I.3": Decimal(5),
    "II.1": Decimal(100),
    "II.2": Decimal(6),
    "III.1": Decimal(1),
    "III.2": Decimal(1),
    "III.3": Decimal(95),
    "III.4": Decimal(0),
    "IV.1": Decimal(10),
    "IV.2": Decimal(90),
}
# Criteria of the example scheme that need an evidence file before submission.
EVIDENCE_REQUIRED = ("I.1", "I.2", "IV.1")


def scores(values: dict[str, Decimal | None] | None = None, **overrides: Decimal | None) -> dict[str, ScoreInput]:
    chosen = {**(values if values is not None else FULL), **{k.replace("_", "."): v for k, v in overrides.items()}}
    return {code: ScoreInput(value=value) for code, value in chosen.items()}


def fill(
    assessment: HealthyCommuneAssessment, officer: User, values: dict[str, Decimal | None] | None = None
) -> HealthyCommuneAssessment:
    """Score every criterion and attach the required evidence."""
    services.assessment_save(
        assessment=assessment,
        actor=officer,
        scores=scores(values),
        evidence={code: [pdf_upload(f"{code}.pdf")] for code in EVIDENCE_REQUIRED},
        expected_version=assessment.version,
    )
    return assessment


def draft_for(commune: AdministrativeUnit, officer: User, year: int) -> HealthyCommuneAssessment:
    return services.assessment_start(commune=commune, year=year, actor=officer)


def submitted(
    commune: AdministrativeUnit, officer: User, year: int, values: dict[str, Decimal | None] | None = None
) -> HealthyCommuneAssessment:
    assessment = fill(draft_for(commune, officer, year), officer, values)
    services.assessment_submit(assessment=assessment, actor=officer, expected_version=assessment.version)
    return assessment


def approved(
    commune: AdministrativeUnit,
    officer: User,
    reviewer: User,
    year: int,
    values: dict[str, Decimal | None] | None = None,
) -> HealthyCommuneAssessment:
    assessment = submitted(commune, officer, year, values)
    services.assessment_approve(assessment=assessment, reviewer=reviewer, expected_version=assessment.version)
    return assessment


def scheme_file(tmp_path: Path, text: str, name: str = "scheme.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# A small valid scheme: 20 points, two classes, one knock-out. Tests break one part of it.
SMALL = """\
code: thu
version: 1
title: Bộ tiêu chí thử
legal_basis: Nghị quyết liên tịch thử.
valid:
  from: 2009-01-01
max_total: 20
groups:
  - code: A
    title: Nhóm A
criteria:
  - code: A.1
    group: A
    text: Không có tụ điểm.
    max_points: 10
    scoring: yes_no
    knock_out_cap: thap
  - code: A.2
    group: A
    text: Tỷ lệ cam kết.
    max_points: 10
    scoring: number
    unit: "%"
    bands:
      - {from: 0, below: 50, points: 0}
      - {from: 50, points: 10}
classes:
  - code: thap
    label: Thấp
    from: 0
    below: 15
  - code: cao
    label: Cao
    from: 15
    healthy: true
"""
