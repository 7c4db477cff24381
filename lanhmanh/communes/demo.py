"""Demo healthy-commune assessments for Tây Ninh 2019's communes, 2018 and 2019 (`manage.py demo`).

Loads the EXAMPLE scheme and scores every commune-level unit for both years through the
services, so the records are validated and audited like records entered in the app:

- 2018: every commune recognised by one decision; about 74 of the 95 healthy (the plan's baseline);
- 2019: about 77 recognised healthy (progress toward the target of 80), a few recognised in a
  lower class (some knocked out by a hotspot found that year), and some still on their way: the
  demo commune's assessment returned for correction, one awaiting the demo district's review,
  drafts, and approved ones waiting for the province's decision.

The demo has one commune officer (Thị trấn Tân Biên) and one district officer (Huyện Tân Biên);
the other communes' scores are entered on their behalf by the demo district officer (in its
district) or the demo coordinator, which their audit entries show. Deterministic for a seed;
a second run changes nothing.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from lanhmanh.accounts.models import User
from lanhmanh.communes import services
from lanhmanh.communes.access import district_reviews
from lanhmanh.communes.models import AssessmentStatus, HealthyCommuneAssessment
from lanhmanh.communes.scheme_loader import load_scheme_file
from lanhmanh.communes.services import ReviewInput, ScoreInput
from lanhmanh.core.demo import DISTRICT_CODE, PROVINCE_CODE, UNIT_SOURCE, seeded_faker
from lanhmanh.places.models import AdministrativeUnit, Level

EXAMPLE_SCHEME = "data/assessment-schemes/vi-du-01-2008.yaml"
YEARS = (2018, 2019)
# Tây Ninh's 95 communes: 74 healthy before the 2019 plan, 77 in 2019 (target 80).
HEALTHY_SHARE = {2018: (74, 95), 2019: (77, 95)}
DECISIONS = {
    2018: ("2845/QĐ-UBND", date(2018, 12, 7)),
    2019: ("3120/QĐ-UBND", date(2019, 12, 6)),
}
ISSUER = "Ủy ban nhân dân tỉnh Tây Ninh"
# The minimal PDF that passes the upload check; the demo's evidence files carry no content.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EVIDENCE_NAMES = {
    "I.1": "Quyết định kiện toàn Ban Chỉ đạo.pdf",
    "I.2": "Kế hoạch lồng ghép.pdf",
    "IV.1": "Sổ theo dõi Đội công tác xã hội.pdf",
}
RETURN_REASON = "Thiếu biên bản họp Ban Chỉ đạo; tiêu chí II.1 cần danh sách khu dân cư đã tuyên truyền."
REVIEW_REASON = "Sổ theo dõi của Đội chưa ghi đủ các tháng cuối năm."

HEALTHY, FAIR, FAIR_KNOCKED, LOW = "healthy", "fair", "fair_knocked", "low"


@dataclass(frozen=True)
class Actors:
    commune_officer: User
    district_officer: User
    coordinator: User
    district: AdministrativeUnit

    def assessor(self, commune: AdministrativeUnit) -> User:
        if commune.pk == self.commune_officer.scope_id:
            return self.commune_officer
        return self.district_officer if commune.parent_id == self.district.pk else self.coordinator

    def reviewer(self, commune: AdministrativeUnit, year: int) -> User:
        in_district = commune.parent_id == self.district.pk
        return self.district_officer if in_district and district_reviews(commune, year) else self.coordinator


def _values(kind: str, rng: random.Random) -> dict[str, Decimal]:
    """Scores under the example scheme that land in the class `kind` names."""

    def pick(*choices: int) -> Decimal:
        return Decimal(rng.choice(choices))

    if kind in (HEALTHY, FAIR_KNOCKED):
        values = {
            "I.1": pick(8, 9, 10),
            "I.2": Decimal(1),
            "I.3": pick(4, 5),
            "II.1": pick(85, 90, 100),
            "II.2": pick(4, 5, 6, 8),
            "III.1": Decimal(1),
            "III.2": Decimal(1),
            "III.3": pick(90, 95, 100),
            "III.4": Decimal(0),
            "IV.1": pick(8, 9, 10),
            "IV.2": pick(80, 90, 100),
        }
        if kind == FAIR_KNOCKED:
            # A hotspot found this year: high points, yet the class is capped.
            values["III.1"] = Decimal(0)
        return values
    if kind == FAIR:
        return {
            "I.1": pick(6, 7, 8),
            "I.2": Decimal(1),
            "I.3": Decimal(3),
            "II.1": pick(55, 65, 75),
            "II.2": pick(2, 3),
            "III.1": Decimal(1),
            "III.2": Decimal(1),
            "III.3": pick(70, 80, 85),
            "III.4": pick(1, 2),
            "IV.1": pick(5, 6, 7),
            "IV.2": pick(55, 65, 75),
        }
    return {
        "I.1": pick(3, 4, 5),
        "I.2": Decimal(0),
        "I.3": Decimal(2),
        "II.1": pick(20, 30, 40),
        "II.2": pick(0, 1),
        "III.1": Decimal(1),
        "III.2": Decimal(0),
        "III.3": pick(40, 50, 60),
        "III.4": pick(3, 4, 5),
        "IV.1": pick(3, 4, 5),
        "IV.2": pick(20, 30, 40),
    }


def _evidence() -> dict[str, list[SimpleUploadedFile]]:
    return {
        code: [SimpleUploadedFile(name, PDF, content_type="application/pdf")] for code, name in EVIDENCE_NAMES.items()
    }


def _assess(
    commune: AdministrativeUnit, year: int, kind: str, status: str, actors: Actors, rng: random.Random
) -> HealthyCommuneAssessment:
    """One commune's year, taken through the workflow up to `status` (approved at most)."""
    officer = actors.assessor(commune)
    assessment = services.assessment_start(commune=commune, year=year, actor=officer)
    services.assessment_save(
        assessment=assessment,
        actor=officer,
        scores={code: ScoreInput(value=value) for code, value in _values(kind, rng).items()},
        note="Xã đã tự đánh giá theo bộ tiêu chí." if status != AssessmentStatus.DRAFT else "",
        evidence=_evidence(),
        expected_version=assessment.version,
    )
    if status == AssessmentStatus.DRAFT:
        return assessment
    services.assessment_submit(assessment=assessment, actor=officer, expected_version=assessment.version)
    reviewer = actors.reviewer(commune, year)
    if status == AssessmentStatus.RETURNED:
        services.assessment_return(
            assessment=assessment, reviewer=reviewer, reason=RETURN_REASON, expected_version=assessment.version
        )
        return assessment
    if status == AssessmentStatus.SUBMITTED:
        return assessment
    if rng.random() < 0.2:
        row = assessment.scores.get(criterion__code="IV.1")
        lower = max(Decimal(0), (row.self_value or Decimal(0)) - 1)
        services.assessment_review(
            assessment=assessment,
            reviewer=reviewer,
            reviews={"IV.1": ReviewInput(value=lower, reason=REVIEW_REASON)},
            expected_version=assessment.version,
        )
    services.assessment_approve(assessment=assessment, reviewer=reviewer, expected_version=assessment.version)
    return assessment


def _kinds(communes: list[AdministrativeUnit], healthy: int, rng: random.Random) -> dict[int, str]:
    """Which communes land in which class: `healthy` of them healthy, most others fair, a few low."""
    order = communes[:]
    rng.shuffle(order)
    kinds = {}
    for index, commune in enumerate(order):
        if index < healthy:
            kinds[commune.pk] = HEALTHY
        else:
            kinds[commune.pk] = rng.choice((FAIR, FAIR, FAIR_KNOCKED, LOW))
    return kinds


def _scaled(year: int, count: int) -> int:
    healthy, total = HEALTHY_SHARE[year]
    return round(count * healthy / total)


def _plan_2019(
    communes: list[AdministrativeUnit],
    *,
    own: int | None,
    district: AdministrativeUnit,
    before: dict[int, str],
    rng: random.Random,
) -> tuple[dict[int, str], dict[int, str]]:
    """2019's class and, for the few still in progress, status per commune.

    Most of 2018's healthy communes stay healthy, two are knocked out (a hotspot found in 2019),
    and others are promoted until the year's healthy count is reached.
    """
    pending: dict[int, str] = {}
    in_district = [c for c in communes if c.parent_id == district.pk and c.pk != own]
    elsewhere = [c for c in communes if c.parent_id != district.pk]
    if own is not None and any(c.pk == own for c in communes):
        pending[own] = AssessmentStatus.RETURNED
    for commune, status in zip(in_district, (AssessmentStatus.SUBMITTED, AssessmentStatus.DRAFT), strict=False):
        pending[commune.pk] = status
    later = (AssessmentStatus.APPROVED,) * 4 + (AssessmentStatus.SUBMITTED, AssessmentStatus.DRAFT)
    for commune, status in zip(rng.sample(elsewhere, min(len(elsewhere), len(later))), later, strict=False):
        pending[commune.pk] = status

    recognised = [c for c in communes if c.pk not in pending]
    target = min(_scaled(2019, len(communes)), len(recognised))
    was_healthy = [c for c in recognised if before.get(c.pk) == HEALTHY]
    others = [c for c in recognised if before.get(c.pk) != HEALTHY]
    rng.shuffle(was_healthy)
    rng.shuffle(others)
    knocked = was_healthy[:2] if len(recognised) > 10 else []
    kept = was_healthy[len(knocked) :]
    kinds: dict[int, str] = {c.pk: FAIR_KNOCKED for c in knocked}
    promoted = max(0, target - len(kept))
    for commune in kept[:target]:
        kinds[commune.pk] = HEALTHY
    for commune in kept[target:]:
        kinds[commune.pk] = FAIR
    for index, commune in enumerate(others):
        kinds[commune.pk] = HEALTHY if index < promoted else rng.choice((FAIR, FAIR, LOW))
    for pk in pending:
        kinds[pk] = HEALTHY if before.get(pk) == HEALTHY else FAIR
    return kinds, pending


def _find_actors(province: AdministrativeUnit) -> Actors | None:
    users = {
        u.username: u for u in User.objects.filter(username__in=("demo-commune", "demo-district", "demo-coordinator"))
    }
    district = AdministrativeUnit.objects.subtree(province).filter(code=DISTRICT_CODE, level=Level.DISTRICT).first()
    if len(users) < 3 or district is None:
        return None
    return Actors(
        commune_officer=users["demo-commune"],
        district_officer=users["demo-district"],
        coordinator=users["demo-coordinator"],
        district=district,
    )


@transaction.atomic
def populate(*, seed: int) -> str:
    """Load the example scheme and the 2018-2019 assessments; idempotent and deterministic."""
    province = (
        AdministrativeUnit.objects.filter(code=PROVINCE_CODE, level=Level.PROVINCE, source=UNIT_SOURCE)
        .valid_on(date(2019, 1, 1))
        .first()
    )
    if province is None:
        return "Xã lành mạnh: bỏ qua (chưa có đơn vị hành chính Tây Ninh 2019)."
    actors = _find_actors(province)
    if actors is None:
        return "Xã lành mạnh: bỏ qua (chưa có các tài khoản demo-commune, demo-district, demo-coordinator)."
    communes = list(
        AdministrativeUnit.objects.subtree(province).communes().valid_on(date(2019, 12, 31)).order_by("path")
    )
    if HealthyCommuneAssessment.objects.filter(commune__in=communes, year__in=YEARS).exists():
        return "Xã lành mạnh: đã có bản đánh giá 2018-2019, bỏ qua (không thêm dữ liệu mẫu)."
    load_scheme_file(settings.BASE_DIR / EXAMPLE_SCHEME)
    # The generator of a seeded Faker, as the foundation's demo: the same seed, the same records.
    rng = seeded_faker(seed).random
    lines = [f"Xã lành mạnh (bộ tiêu chí VÍ DỤ {EXAMPLE_SCHEME}, {len(communes)} đơn vị cấp xã):"]

    kinds_2018 = _kinds(communes, _scaled(2018, len(communes)), rng)
    done = [_assess(c, 2018, kinds_2018[c.pk], AssessmentStatus.APPROVED, actors, rng) for c in communes]
    lines.append(_recognise(2018, done, actors))

    kinds_2019, pending = _plan_2019(
        communes, own=actors.commune_officer.scope_id, district=actors.district, before=kinds_2018, rng=rng
    )
    assessed = [
        _assess(c, 2019, kinds_2019[c.pk], pending.get(c.pk, AssessmentStatus.APPROVED), actors, rng) for c in communes
    ]
    waiting = [a for a in assessed if a.commune_id not in pending]
    lines.append(_recognise(2019, waiting, actors))
    counts = Counter(str(AssessmentStatus(s).label).lower() for s in pending.values())
    shown = ", ".join(f"{label} {count}" for label, count in sorted(counts.items()))
    lines.append(f"  năm 2019 còn {len(pending)} bản đánh giá đang xử lý ({shown}).")
    return "\n".join(lines)


def _recognise(year: int, assessments: list[HealthyCommuneAssessment], actors: Actors) -> str:
    number, signed_on = DECISIONS[year]
    if not assessments:
        return f"  năm {year}: không có bản đánh giá nào để công nhận."
    services.recognition_record(
        actor=actors.coordinator, number=number, signed_on=signed_on, issuer=ISSUER, assessments=assessments
    )
    healthy = HealthyCommuneAssessment.objects.filter(
        pk__in=[a.pk for a in assessments], reviewed_class__healthy=True
    ).count()
    return (
        f"  năm {year}: quyết định {number} ngày {signed_on:%d/%m/%Y} công nhận {len(assessments)} xã, "
        f"{healthy} xã lành mạnh."
    )
