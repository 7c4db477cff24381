"""Healthy communes (xã, phường, thị trấn lành mạnh không có tệ nạn ma túy, mại dâm): the yearly
self-assessment of a commune-level unit, its review by the level above and the province's
recognition decision.

What is scored and how comes from a scheme file (data/assessment-schemes/*.yaml, loaded by
`manage.py load_assessment_scheme`): nothing about criteria, points or classes lives in code.
An assessment keeps the scheme version it was made under, so a new version changes nothing
already scored. docs/healthy-communes.md describes the format and the workflow.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lanhmanh.core.access import scope_q
from lanhmanh.core.models import Versioned

if TYPE_CHECKING:
    from lanhmanh.accounts.models import User
    from lanhmanh.places.models import AdministrativeUnit

# Points: at most 9999,99 per criterion or in total (schemes count to 100 or so).
POINTS_DIGITS = 6
# Raw values of "number" criteria (a percentage, a count of people): larger, same precision.
VALUE_DIGITS = 12
DECIMALS = 2


def exists_in_year(unit: AdministrativeUnit, year: int) -> bool:
    """Whether the administrative unit existed at some time during `year`."""
    return (unit.valid_from is None or unit.valid_from <= date(year, 12, 31)) and (
        unit.valid_to is None or unit.valid_to >= date(year, 1, 1)
    )


# --- The scheme ---------------------------------------------------------------------------------


class SchemeQuerySet(models.QuerySet["AssessmentScheme"]):
    def covering_year(self, year: int) -> SchemeQuerySet:
        """Schemes in force at some time during `year`, the preferred one first: an official
        scheme before an example, then the one in force most recently, then the newest version."""
        return (
            self.filter(valid_from__lte=date(year, 12, 31))
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=date(year, 1, 1)))
            .order_by("is_example", "-valid_from", "-version", "-pk")
        )


class AssessmentScheme(models.Model):
    """One version of a scoring scheme (bộ tiêu chí phân loại, chấm điểm), as loaded from its file.

    A version in use by an assessment is never changed: a changed file must carry a new version.
    """

    code = models.SlugField(_("mã"), max_length=60)
    version = models.PositiveIntegerField(_("phiên bản"))
    title = models.CharField(_("tên bộ tiêu chí"), max_length=300)
    legal_basis = models.JSONField(_("căn cứ pháp lý"), default=list, blank=True)  # list of paragraphs
    description = models.TextField(_("ghi chú"), blank=True)
    # An illustration shipped with the software, to be replaced by the province's official scheme.
    is_example = models.BooleanField(_("bộ tiêu chí ví dụ"), default=False)
    valid_from = models.DateField(_("áp dụng từ"))
    valid_to = models.DateField(_("áp dụng đến"), null=True, blank=True)
    max_total = models.DecimalField(_("tổng điểm tối đa"), max_digits=POINTS_DIGITS, decimal_places=DECIMALS)
    source_file = models.CharField(max_length=200, blank=True)
    # SHA-256 of the parsed file's content: reloading an unchanged version writes nothing.
    content_hash = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now=True)

    objects = SchemeQuerySet.as_manager()

    class Meta:
        verbose_name = _("bộ tiêu chí đánh giá xã lành mạnh")
        verbose_name_plural = _("bộ tiêu chí đánh giá xã lành mạnh")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="scheme_code_version_unique"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="scheme_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class CriterionGroup(models.Model):
    """A group of criteria (nhóm tiêu chí), as the paper scoring table groups them."""

    scheme = models.ForeignKey(AssessmentScheme, on_delete=models.CASCADE, related_name="groups")
    code = models.CharField(_("mã"), max_length=20)
    title = models.CharField(_("tên nhóm"), max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("nhóm tiêu chí")
        verbose_name_plural = _("nhóm tiêu chí")
        ordering = ["scheme", "order"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="criterion_group_code_unique")]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class AssessmentClass(models.Model):
    """A class of the classification (loại): points from `min_points` up to, not including,
    `below_points`; the top class has no `below_points` and reaches the scheme's maximum."""

    scheme = models.ForeignKey(AssessmentScheme, on_delete=models.CASCADE, related_name="classes")
    code = models.CharField(_("mã"), max_length=30)
    label = models.CharField(_("tên loại"), max_length=200)
    min_points = models.DecimalField(_("từ (điểm)"), max_digits=POINTS_DIGITS, decimal_places=DECIMALS)
    below_points = models.DecimalField(
        _("đến dưới (điểm)"), max_digits=POINTS_DIGITS, decimal_places=DECIMALS, null=True, blank=True
    )
    # Counted by the `healthy_communes` indicator when recognised.
    healthy = models.BooleanField(_("được tính là lành mạnh"), default=False)
    # 1 for the lowest class, counting up: a knock-out caps the class at a rank.
    rank = models.PositiveSmallIntegerField(_("thứ bậc"))

    class Meta:
        verbose_name = _("loại xếp hạng")
        verbose_name_plural = _("loại xếp hạng")
        ordering = ["scheme", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="assessment_class_code_unique"),
            models.UniqueConstraint(fields=["scheme", "rank"], name="assessment_class_rank_unique"),
        ]

    def __str__(self) -> str:
        return self.label


class ScoringKind(models.TextChoices):
    YES_NO = "yes_no", _("Đạt / không đạt")
    SCALE = "scale", _("Chấm điểm theo thang")
    NUMBER = "number", _("Số liệu quy ra điểm")


@dataclass(frozen=True)
class Band:
    """Values from `low` up to, not including, `below` (no upper end when None) score `points`."""

    low: Decimal
    below: Decimal | None
    points: Decimal

    def holds(self, value: Decimal) -> bool:
        return value >= self.low and (self.below is None or value < self.below)


class Criterion(models.Model):
    """A criterion (tiêu chí) with its standard points (điểm chuẩn) and how it is scored."""

    scheme = models.ForeignKey(AssessmentScheme, on_delete=models.CASCADE, related_name="criteria")
    group = models.ForeignKey(CriterionGroup, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("mã"), max_length=20)
    text = models.TextField(_("nội dung tiêu chí"))
    guidance = models.TextField(_("hướng dẫn chấm"), blank=True)
    max_points = models.DecimalField(_("điểm chuẩn"), max_digits=POINTS_DIGITS, decimal_places=DECIMALS)
    kind = models.CharField(_("cách chấm"), max_length=10, choices=ScoringKind.choices)
    # scale: the points must be a multiple of the step (1, 0.5...).
    step = models.DecimalField(max_digits=POINTS_DIGITS, decimal_places=DECIMALS, null=True, blank=True)
    # number: what is counted ("%", "người") and the bands mapping it to points.
    unit = models.CharField(_("đơn vị"), max_length=40, blank=True)
    bands = models.JSONField(default=list, blank=True)  # [{"from": "0", "below": "50", "points": "0"}, ...]
    evidence_required = models.BooleanField(_("bắt buộc có minh chứng"), default=False)
    # yes_no: "not met" caps the class at this one (e.g. a prostitution hotspot found this year).
    knock_out_cap = models.ForeignKey(
        AssessmentClass,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("không đạt thì xếp loại tối đa"),
    )
    # Codes of fact sources (lanhmanh/communes/facts.py) shown next to the criterion.
    facts = models.JSONField(default=list, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["scheme", "order"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="criterion_code_unique")]

    def __str__(self) -> str:
        return f"{self.code}. {self.text[:80]}"

    def band_list(self) -> list[Band]:
        return [
            Band(
                low=Decimal(band["from"]),
                below=None if band.get("below") is None else Decimal(band["below"]),
                points=Decimal(band["points"]),
            )
            for band in self.bands
        ]


# --- Assessments ---------------------------------------------------------------------------------


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Đang tự đánh giá")
    SUBMITTED = "submitted", _("Chờ thẩm định")
    RETURNED = "returned", _("Bị trả lại để sửa")
    APPROVED = "approved", _("Đã thẩm định, chờ công nhận")
    RECOGNISED = "recognised", _("Đã công nhận")


# The commune may change its scores only in these; anything later needs the reviewer to return it.
EDITABLE_STATUSES = (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED)
# The review fixed the scores and the class.
DECIDED_STATUSES = (AssessmentStatus.APPROVED, AssessmentStatus.RECOGNISED)


class AssessmentQuerySet(models.QuerySet["HealthyCommuneAssessment"]):
    def visible_to(self, user: User) -> AssessmentQuerySet:
        # The commune's own officers and everybody whose scope holds the commune; never a sibling.
        return self.filter(scope_q(user, "commune"))


class HealthyCommuneAssessment(Versioned):
    """One commune-level unit's assessment for one year (đánh giá, phân loại xã lành mạnh)."""

    commune = models.ForeignKey(
        "places.AdministrativeUnit",
        on_delete=models.PROTECT,
        related_name="healthy_commune_assessments",
        verbose_name=_("xã, phường, thị trấn"),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    scheme = models.ForeignKey(
        AssessmentScheme, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("bộ tiêu chí")
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    note = models.TextField(_("tự nhận xét"), blank=True)
    self_total = models.DecimalField(
        _("tổng điểm tự chấm"), max_digits=POINTS_DIGITS, decimal_places=DECIMALS, default=Decimal(0)
    )
    self_class = models.ForeignKey(
        AssessmentClass,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("tự xếp loại"),
    )
    reviewed_total = models.DecimalField(
        _("tổng điểm thẩm định"), max_digits=POINTS_DIGITS, decimal_places=DECIMALS, null=True, blank=True
    )
    reviewed_class = models.ForeignKey(
        AssessmentClass,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("xếp loại sau thẩm định"),
    )
    review_note = models.TextField(_("nhận xét thẩm định"), blank=True)
    recognition = models.ForeignKey(
        "RecognitionDecision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("quyết định công nhận"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    submitted_at = models.DateTimeField(_("gửi thẩm định lúc"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người thẩm định"),
    )
    approved_at = models.DateTimeField(_("thẩm định xong lúc"), null=True, blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("đánh giá xã lành mạnh")
        verbose_name_plural = _("đánh giá xã lành mạnh")
        ordering = ["-year", "commune__path"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "year"], name="assessment_one_per_commune_year"),
        ]
        indexes = [
            # The lists and the overview: WHERE year IN (...) AND status = ? over a subtree.
            models.Index(fields=["year", "status"], name="assessment_year_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.commune} — {self.year}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def result_class(self) -> AssessmentClass | None:
        """The class the review fixed; None until the assessment is approved."""
        return self.reviewed_class if self.status in DECIDED_STATUSES else None


class CriterionScore(models.Model):
    """One row of the scoring table: the commune's own score and the reviewer's.

    `*_value` is what was entered (1/0 for yes/no, the points for a scale, the counted number
    for a number criterion); `*_points` the points it is worth under the scheme. A reviewed
    value of None means the reviewer agrees with the commune's.
    """

    assessment = models.ForeignKey(HealthyCommuneAssessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    self_value = models.DecimalField(
        _("tự chấm"), max_digits=VALUE_DIGITS, decimal_places=DECIMALS, null=True, blank=True
    )
    self_points = models.DecimalField(
        _("điểm tự chấm"), max_digits=POINTS_DIGITS, decimal_places=DECIMALS, null=True, blank=True
    )
    note = models.TextField(_("ghi chú"), blank=True)
    reviewed_value = models.DecimalField(
        _("thẩm định"), max_digits=VALUE_DIGITS, decimal_places=DECIMALS, null=True, blank=True
    )
    reviewed_points = models.DecimalField(
        _("điểm thẩm định"), max_digits=POINTS_DIGITS, decimal_places=DECIMALS, null=True, blank=True
    )
    review_reason = models.TextField(_("lý do chấm khác"), blank=True)

    class Meta:
        verbose_name = _("điểm tiêu chí")
        verbose_name_plural = _("điểm tiêu chí")
        ordering = ["assessment", "criterion__order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="score_one_per_criterion"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment}: {self.criterion.code}"

    @property
    def effective_value(self) -> Decimal | None:
        """The value the review stands by: the reviewer's where they entered one, else the commune's."""
        return self.self_value if self.reviewed_value is None else self.reviewed_value


def evidence_path(instance: ScoreEvidence, filename: str) -> str:
    # The original name is kept in `name`; the stored name reveals nothing.
    return f"communes/evidence/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class ScoreEvidenceQuerySet(models.QuerySet["ScoreEvidence"]):
    def visible_to(self, user: User) -> ScoreEvidenceQuerySet:
        return self.filter(scope_q(user, "score__assessment__commune"))


class ScoreEvidence(models.Model):
    """An evidence file (tài liệu minh chứng) for one criterion; streamed only after an access check."""

    score = models.ForeignKey(CriterionScore, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("tệp minh chứng"), upload_to=evidence_path)
    name = models.CharField(_("tên tệp"), max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ScoreEvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("tệp minh chứng")
        verbose_name_plural = _("tệp minh chứng")
        ordering = ["score", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


class AssessmentTransition(models.Model):
    """One step of the workflow: who moved the assessment from which status to which, when, why."""

    assessment = models.ForeignKey(HealthyCommuneAssessment, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(_("từ trạng thái"), max_length=12, choices=AssessmentStatus.choices, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=12, choices=AssessmentStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người thực hiện")
    )
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    reason = models.TextField(_("lý do"), blank=True)
    # What the step fixed: totals and classes, reviewed scores that differ, the decision number.
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("bước xử lý")
        verbose_name_plural = _("bước xử lý")
        ordering = ["assessment", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.assessment}: {self.from_status or '—'} → {self.to_status}"


class RecognitionQuerySet(models.QuerySet["RecognitionDecision"]):
    def visible_to(self, user: User) -> RecognitionQuerySet:
        # Decided by the province: every unit below reads the decision (and, through
        # HealthyCommuneAssessment.visible_to, only its own rows in it).
        return self.filter(scope_q(user, "unit", include_ancestors=True))


class RecognitionDecision(models.Model):
    """The decision recognising a batch of communes' classes for a year (quyết định công nhận)."""

    unit = models.ForeignKey(
        "places.AdministrativeUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("cấp công nhận")
    )
    year = models.PositiveSmallIntegerField(_("năm đánh giá"))
    number = models.CharField(_("số quyết định"), max_length=40)
    signed_on = models.DateField(_("ngày ký"))
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200)
    note = models.TextField(_("ghi chú"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = RecognitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("quyết định công nhận")
        verbose_name_plural = _("quyết định công nhận")
        ordering = ["-signed_on", "-pk"]
        indexes = [
            # The healthy_communes indicator: decisions signed within a period.
            models.Index(fields=["signed_on"], name="recognition_signed_on_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.signed_on:%d/%m/%Y})"
