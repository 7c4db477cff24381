"""Interagency inspections of establishments, the violation catalogue, violations and sanctions.

Glossary (DOMAIN.md §2, §4): Đội kiểm tra liên ngành -> `InspectionTeam` and its `TeamMember`s;
kế hoạch kiểm tra -> `InspectionSchedule` with its `ScheduledVisit`s; cuộc kiểm tra -> `Inspection`
(with `ChecklistResult`s and `InspectionAttachment`s); hành vi vi phạm hành chính (danh mục) ->
`ViolationType`; vi phạm được phát hiện, quyết định xử phạt và việc chấp hành -> `Violation`.

Scope: an inspection (and its violations) is read where its establishment's commune lies in the
user's subtree; a team (and its schedules) where its unit lies in the subtree or above it. The
catalogue is reference data every signed-in user reads. Nothing here writes: `services.py` does,
with an audit entry per change.
"""

from __future__ import annotations

import uuid
from datetime import date
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

# District-level teams exist only while districts do (two-tier local government from 1 Jul 2025).
DISTRICTS_ABOLISHED_ON = date(2025, 7, 1)
# An inspection needs at least this many team members present (DOMAIN.md §4).
MIN_MEMBERS_PRESENT = 3


# The violation catalogue (danh mục hành vi vi phạm) ---------------------------------------------------


class SubjectType(models.TextChoices):
    INDIVIDUAL = "individual", _("Cá nhân")
    ORGANISATION = "organisation", _("Tổ chức")


class ViolationTypeQuerySet(models.QuerySet["ViolationType"]):
    def in_force_on(self, day: date) -> ViolationTypeQuerySet:
        return self.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class ViolationType(models.Model):
    """One row of a sanctions decree: an act, who commits it, the fine range, for a validity window.

    Loaded from data files (`manage.py load_violations`); a recorded violation keeps the row in
    force on the day of the act, so a later decree never rewrites an old case.
    """

    code = models.CharField(_("mã"), max_length=60, unique=True)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=200)
    article = models.CharField(_("điều"), max_length=20, blank=True)
    clause = models.CharField(_("khoản"), max_length=20, blank=True)
    point = models.CharField(_("điểm"), max_length=20, blank=True)
    description = models.TextField(_("hành vi vi phạm"))
    subject_type = models.CharField(_("đối tượng"), max_length=20, choices=SubjectType.choices)
    warning_allowed = models.BooleanField(_("có thể phạt cảnh cáo"), default=False)
    # Whole đồng (VND has no subunit in use).
    fine_min = models.BigIntegerField(_("mức phạt tối thiểu (đồng)"))
    fine_max = models.BigIntegerField(_("mức phạt tối đa (đồng)"))
    additional_sanctions = models.TextField(_("hình thức xử phạt bổ sung"), blank=True)
    remedies = models.TextField(_("biện pháp khắc phục hậu quả"), blank=True)
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    source_note = models.TextField(_("nguồn, ghi chú"), blank=True)
    source_file = models.CharField(max_length=200, blank=True)

    objects = ViolationTypeQuerySet.as_manager()

    class Meta:
        verbose_name = _("hành vi vi phạm (danh mục)")
        verbose_name_plural = _("danh mục hành vi vi phạm")
        ordering = ["-valid_from", "legal_basis", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(fine_min__gte=0), name="violation_type_fine_min_not_negative"),
            models.CheckConstraint(condition=Q(fine_max__gte=models.F("fine_min")), name="violation_type_fine_range"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.description[:80]}"

    @property
    def reference(self) -> str:
        """ "điểm a khoản 1 Điều 24 Nghị định 144/2021/NĐ-CP", as far as the row says."""
        parts = []
        if self.point:
            parts.append(f"điểm {self.point}")
        if self.clause:
            parts.append(f"khoản {self.clause}")
        if self.article:
            parts.append(f"Điều {self.article}")
        parts.append(self.legal_basis)
        return " ".join(parts)

    def in_force_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


# Teams (đội kiểm tra liên ngành) --------------------------------------------------------------------


class TeamLevel(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện")
    COMMUNE = "commune", _("Cấp xã")


class InspectionTeamQuerySet(models.QuerySet["InspectionTeam"]):
    def visible_to(self, user: User) -> InspectionTeamQuerySet:
        # A commune officer sees the province's and their district's teams, which inspect their commune.
        return self.filter(scope_q(user, "unit", include_ancestors=True))

    def valid_on(self, day: date) -> InspectionTeamQuerySet:
        return self.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class InspectionTeam(models.Model):
    """An interagency inspection team set up by a decision of a People's Committee."""

    name = models.CharField(_("tên đội"), max_length=200)
    level = models.CharField(_("cấp"), max_length=10, choices=TeamLevel.choices)
    unit = models.ForeignKey(
        "places.AdministrativeUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("địa bàn")
    )
    decision_number = models.CharField(_("số quyết định thành lập"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định"))
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InspectionTeamQuerySet.as_manager()

    class Meta:
        verbose_name = _("đội kiểm tra liên ngành")
        verbose_name_plural = _("đội kiểm tra liên ngành")
        ordering = ["unit__path", "-valid_from", "pk"]

    def __str__(self) -> str:
        return self.name

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class TeamRole(models.TextChoices):
    LEADER = "leader", _("Trưởng đoàn")
    DEPUTY = "deputy", _("Phó trưởng đoàn")
    MEMBER = "member", _("Thành viên")


class TeamMember(models.Model):
    team = models.ForeignKey(InspectionTeam, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("họ và tên"), max_length=120)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan"))
    role = models.CharField(_("vai trò trong đội"), max_length=10, choices=TeamRole.choices, default=TeamRole.MEMBER)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("tài khoản"),
    )

    class Meta:
        verbose_name = _("thành viên đội kiểm tra")
        verbose_name_plural = _("thành viên đội kiểm tra")
        ordering = ["team", "role", "name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()}, {self.agency})"


# Planned inspections (kế hoạch kiểm tra) -------------------------------------------------------------


class ScheduleStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    APPROVED = "approved", _("Đã phê duyệt")


class InspectionScheduleQuerySet(models.QuerySet["InspectionSchedule"]):
    def visible_to(self, user: User) -> InspectionScheduleQuerySet:
        return self.filter(scope_q(user, "team__unit", include_ancestors=True))


class InspectionSchedule(models.Model):
    """A team's plan of visits: which establishments, on which dates; approved by a coordinator."""

    team = models.ForeignKey(InspectionTeam, on_delete=models.PROTECT, related_name="schedules", verbose_name=_("đội"))
    title = models.CharField(_("tên kế hoạch"), max_length=200)
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=ScheduleStatus.choices, default="draft")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người phê duyệt"),
    )
    approved_at = models.DateTimeField(_("thời điểm phê duyệt"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InspectionScheduleQuerySet.as_manager()

    class Meta:
        verbose_name = _("kế hoạch kiểm tra")
        verbose_name_plural = _("kế hoạch kiểm tra")
        ordering = ["-period_start", "-pk"]

    def __str__(self) -> str:
        return self.title


class ScheduledVisit(models.Model):
    schedule = models.ForeignKey(InspectionSchedule, on_delete=models.CASCADE, related_name="visits")
    establishment = models.ForeignKey(
        "establishments.Establishment", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ sở")
    )
    planned_on = models.DateField(_("ngày dự kiến"))

    class Meta:
        verbose_name = _("cơ sở trong kế hoạch kiểm tra")
        verbose_name_plural = _("cơ sở trong kế hoạch kiểm tra")
        ordering = ["planned_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "establishment"], name="inspection_visit_once_per_schedule")
        ]

    def __str__(self) -> str:
        return f"{self.planned_on:%d/%m/%Y} {self.establishment_id}"


# Inspections (cuộc kiểm tra) --------------------------------------------------------------------------


class InspectionKind(models.TextChoices):
    PLANNED = "planned", _("Theo kế hoạch")
    COMPLAINT = "complaint", _("Đột xuất: đơn thư, phản ánh")
    SIGNS = "signs", _("Đột xuất: có dấu hiệu vi phạm")
    REQUEST = "request", _("Đột xuất: theo yêu cầu")


class InspectionQuerySet(models.QuerySet["Inspection"]):
    def visible_to(self, user: User) -> InspectionQuerySet:
        return self.filter(scope_q(user, "establishment__commune"))

    def in_subtree(self, unit: AdministrativeUnit) -> InspectionQuerySet:
        return self.filter(establishment__commune__path__prefix=unit.path)


def attachment_path(instance: InspectionAttachment, filename: str) -> str:
    # The original name is kept beside the file; the stored name reveals nothing.
    return f"inspections/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Inspection(models.Model):
    team = models.ForeignKey(
        InspectionTeam, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("đội kiểm tra")
    )
    establishment = models.ForeignKey(
        "establishments.Establishment",
        on_delete=models.PROTECT,
        related_name="inspections",
        verbose_name=_("cơ sở được kiểm tra"),
        db_index=False,  # served by inspection_place_date_idx
    )
    date = models.DateField(_("ngày kiểm tra"))
    kind = models.CharField(_("hình thức kiểm tra"), max_length=10, choices=InspectionKind.choices)
    schedule = models.ForeignKey(
        InspectionSchedule,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
        verbose_name=_("kế hoạch kiểm tra"),
    )
    members_present: models.ManyToManyField[TeamMember, models.Model] = models.ManyToManyField(
        TeamMember, related_name="inspections", verbose_name=_("thành viên tham gia")
    )
    minutes_number = models.CharField(_("số biên bản"), max_length=60, blank=True)
    findings = models.TextField(_("kết quả kiểm tra"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("cuộc kiểm tra")
        verbose_name_plural = _("cuộc kiểm tra")
        ordering = ["-date", "-pk"]
        indexes = [
            # inspection_coverage and the worklist: EXISTS / MAX(date) WHERE establishment_id = ? AND date BETWEEN ...
            models.Index(fields=["establishment", "date"], name="inspection_place_date_idx"),
            # The list page: ORDER BY date DESC, period filters.
            models.Index(fields=["date"], name="inspection_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.establishment}"


class CheckResult(models.TextChoices):
    PASS = "pass", _("Đạt")
    FAIL = "fail", _("Không đạt")
    NOT_APPLICABLE = "na", _("Không áp dụng")


class ChecklistResult(models.Model):
    """One checklist item's result. The item's label is copied: the checklist file may change later."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="checklist")
    item_code = models.CharField(_("mã nội dung"), max_length=40)
    label = models.CharField(_("nội dung kiểm tra"), max_length=300)
    result = models.CharField(_("kết quả"), max_length=4, choices=CheckResult.choices)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("kết quả theo nội dung kiểm tra")
        verbose_name_plural = _("kết quả theo nội dung kiểm tra")
        ordering = ["inspection", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "item_code"], name="inspection_checklist_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.get_result_display()}"


class InspectionAttachment(models.Model):
    """Minutes, photos: streamed after an access check only, never published under MEDIA_URL."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("tệp đính kèm"), upload_to=attachment_path)
    name = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đính kèm biên bản kiểm tra")
        verbose_name_plural = _("tệp đính kèm biên bản kiểm tra")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


# Violations and sanctions (vi phạm, xử phạt) ----------------------------------------------------------


class ViolationQuerySet(models.QuerySet["Violation"]):
    def visible_to(self, user: User) -> ViolationQuerySet:
        return self.filter(scope_q(user, "inspection__establishment__commune"))


class Violation(Versioned):
    """An administrative violation found at an inspection, its sanction and the follow-up."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="violations")
    violation_type = models.ForeignKey(
        ViolationType, on_delete=models.PROTECT, related_name="violations", verbose_name=_("hành vi vi phạm")
    )
    committed_on = models.DateField(_("ngày thực hiện hành vi"))
    subject_type = models.CharField(_("đối tượng vi phạm"), max_length=20, choices=SubjectType.choices)
    offender = models.CharField(_("cá nhân, tổ chức vi phạm"), max_length=200)
    notes = models.TextField(_("ghi chú"), blank=True)
    # The sanction (quyết định xử phạt).
    warning = models.BooleanField(_("phạt cảnh cáo"), default=False)
    fine_amount = models.BigIntegerField(_("số tiền phạt (đồng)"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định xử phạt"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định xử phạt"), null=True, blank=True)
    license_suspension_months = models.PositiveSmallIntegerField(
        _("tước giấy phép, đình chỉ hoạt động (tháng)"), null=True, blank=True
    )
    remedy = models.TextField(_("biện pháp khắc phục hậu quả"), blank=True)
    # The follow-up (theo dõi chấp hành).
    fine_due_on = models.DateField(_("hạn nộp phạt"), null=True, blank=True)
    fine_paid_on = models.DateField(_("ngày nộp phạt"), null=True, blank=True)
    fine_collected = models.BigIntegerField(_("số tiền đã thu (đồng)"), null=True, blank=True)
    remedy_due_on = models.DateField(_("hạn khắc phục"), null=True, blank=True)
    complied_on = models.DateField(_("ngày đã khắc phục"), null=True, blank=True)
    reinspection_due_on = models.DateField(_("hạn kiểm tra lại"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ViolationQuerySet.as_manager()

    class Meta:
        verbose_name = _("vi phạm hành chính")
        verbose_name_plural = _("vi phạm hành chính")
        ordering = ["-committed_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(fine_amount__gte=0), name="violation_fine_not_negative"),
            models.CheckConstraint(condition=Q(fine_collected__gte=0), name="violation_collected_not_negative"),
        ]
        indexes = [
            # fines_imposed / fines_collected: SUM(...) WHERE decision_date (fine_paid_on) BETWEEN ? AND ?
            models.Index(fields=["decision_date"], name="violation_decision_date_idx"),
            models.Index(fields=["fine_paid_on"], name="violation_paid_on_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.offender}: {self.violation_type.reference}"
