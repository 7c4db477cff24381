"""The plan as data: header, narrative sections, targets and their measures, tasks,
progress updates, spending categories and manually reported values.

Nothing here is specific to Tây Ninh or 2019: `manage.py load_plan FILE` fills these
tables from a plan file (data/plans/*.yaml).
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lanhmanh.core.access import scope_q
from lanhmanh.core.models import Versioned

if TYPE_CHECKING:
    from lanhmanh.accounts.models import User


class PlanQuerySet(models.QuerySet["Plan"]):
    def visible_to(self, user: User) -> PlanQuerySet:
        # A plan covers its province: everybody inside it reads the plan.
        return self.filter(scope_q(user, "unit", include_ancestors=True))


class MeasureQuerySet(models.QuerySet["Measure"]):
    def visible_to(self, user: User) -> MeasureQuerySet:
        return self.filter(scope_q(user, "target__plan__unit", include_ancestors=True))


class ManualValueQuerySet(models.QuerySet["ManualValue"]):
    def visible_to(self, user: User) -> ManualValueQuerySet:
        return self.filter(scope_q(user, "unit", include_ancestors=True))


class TaskQuerySet(models.QuerySet["Task"]):
    def visible_to(self, user: User) -> TaskQuerySet:
        # Tasks of units above the user (the province's, their district's) and below them;
        # never a sibling district's or commune's.
        return self.filter(scope_q(user, "unit", include_ancestors=True))

    def open(self) -> TaskQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: date) -> TaskQuerySet:
        return self.open().filter(deadline__lt=today)


class TaskUpdateQuerySet(models.QuerySet["TaskUpdate"]):
    def visible_to(self, user: User) -> TaskUpdateQuerySet:
        return self.filter(scope_q(user, "task__unit", include_ancestors=True))


class Plan(models.Model):
    code = models.SlugField(_("mã"), max_length=60, unique=True)  # "tay-ninh-2019"
    number = models.CharField(_("số ký hiệu"), max_length=40)  # "905/KH-UBND"
    title = models.CharField(_("trích yếu"), max_length=400)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200)
    issued_on = models.DateField(_("ngày ban hành"))
    place = models.CharField(_("địa danh"), max_length=60, blank=True)
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    unit = models.ForeignKey(
        "places.AdministrativeUnit", on_delete=models.PROTECT, related_name="plans", verbose_name=_("địa bàn")
    )
    lead_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="led_plans", verbose_name=_("cơ quan thường trực")
    )
    # Narrative sections kept as structured text: legal_basis, purposes, requirements,
    # principles, general_objective, target_groups, funding (lists of paragraphs).
    content = models.JSONField(_("nội dung"), default=dict, blank=True)
    source_file = models.CharField(max_length=200, blank=True)
    loaded_at = models.DateTimeField(auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-issued_on"]

    def __str__(self) -> str:
        return f"{self.number} ({self.issued_on:%d/%m/%Y})"


class Target(models.Model):
    """A specific target of section II.2.b (T1..T6); measured by one or more measures."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    code = models.CharField(_("mã"), max_length=20)
    text = models.TextField(_("nội dung"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("mục tiêu cụ thể")
        verbose_name_plural = _("mục tiêu cụ thể")
        ordering = ["plan", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="target_code_unique_per_plan")]

    def __str__(self) -> str:
        return f"{self.code}. {self.text[:80]}"


class Direction(models.TextChoices):
    INCREASE = "increase", _("Tăng lên (đạt ít nhất)")
    DECREASE = "decrease", _("Giảm xuống (không quá)")
    MAINTAIN = "maintain", _("Duy trì")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Hằng tháng")
    QUARTERLY = "quarterly", _("Hằng quý")
    HALF_YEARLY = "half_yearly", _("6 tháng")
    YEARLY = "yearly", _("Hằng năm")


MANUAL_INDICATOR = "manual"


class Measure(Versioned):
    """A measurable part of a target (T4a, T4b...): baseline, target value, unit, direction.

    `indicator_code` names a function in the indicator registry, or "manual" when the value
    is reported by hand (`ManualValue`).
    """

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="measures")
    code = models.CharField(_("mã"), max_length=20)
    label = models.CharField(_("chỉ tiêu"), max_length=300)
    indicator_code = models.CharField(_("mã chỉ số"), max_length=60, default=MANUAL_INDICATOR)
    baseline = models.DecimalField(_("giá trị ban đầu"), max_digits=14, decimal_places=2, null=True, blank=True)
    target_value = models.DecimalField(_("giá trị mục tiêu"), max_digits=14, decimal_places=2, null=True, blank=True)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=40)
    direction = models.CharField(_("chiều"), max_length=10, choices=Direction.choices, default=Direction.INCREASE)
    frequency = models.CharField(_("tần suất"), max_length=12, choices=Frequency.choices, default=Frequency.YEARLY)
    order = models.PositiveSmallIntegerField(default=0)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("chỉ tiêu đo lường")
        verbose_name_plural = _("chỉ tiêu đo lường")
        ordering = ["target__order", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["target", "code"], name="measure_code_unique_per_target")]

    def __str__(self) -> str:
        return f"{self.code}: {self.label}"

    @property
    def is_manual(self) -> bool:
        return self.indicator_code == MANUAL_INDICATOR


class ManualValue(models.Model):
    """A value reported by hand for a measure not computed from records."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="manual_values")
    unit = models.ForeignKey(
        "places.AdministrativeUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("địa bàn")
    )
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    value = models.DecimalField(_("giá trị"), max_digits=14, decimal_places=2)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=40)
    source_note = models.TextField(_("nguồn số liệu"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)

    objects = ManualValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("số liệu báo cáo")
        verbose_name_plural = _("số liệu báo cáo")
        ordering = ["-period_end", "-entered_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="manual_value_period_ordered"
            )
        ]
        indexes = [
            # Indicator lookup: latest value of a measure for a unit, by period end.
            models.Index(fields=["measure", "unit", "period_end"], name="manual_value_lookup_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.measure.code} {self.value} ({self.period_start:%d/%m/%Y}-{self.period_end:%d/%m/%Y})"


class TaskKind(models.TextChoices):
    MAIN_TASK = "main_task", _("Nhiệm vụ chủ yếu")
    SOLUTION = "solution", _("Giải pháp")
    DUTY = "duty", _("Nhiệm vụ của cơ quan")


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Hoàn thành")
    BLOCKED = "blocked", _("Vướng mắc")
    CANCELLED = "cancelled", _("Hủy bỏ")


OPEN_STATUSES = (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.BLOCKED)


class Task(Versioned):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    code = models.CharField(_("mã"), max_length=40)  # "IV.2.1", "IV.13.3-709"
    section = models.CharField(_("mục"), max_length=20, blank=True)  # "IV.2"
    kind = models.CharField(_("loại"), max_length=12, choices=TaskKind.choices, default=TaskKind.DUTY)
    text = models.TextField(_("nội dung"))
    lead_agency = models.ForeignKey(
        "accounts.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_tasks",
        verbose_name=_("cơ quan chủ trì"),
    )
    partners = models.ManyToManyField(
        "accounts.Agency", blank=True, related_name="partner_tasks", verbose_name=_("cơ quan phối hợp")
    )
    # Where the task is carried out: the plan's province, or one district or commune.
    unit = models.ForeignKey(
        "places.AdministrativeUnit", on_delete=models.PROTECT, related_name="tasks", verbose_name=_("địa bàn")
    )
    deadline = models.DateField(_("thời hạn"), null=True, blank=True)
    # The deadline as the plan file gives it. `deadline` starts equal to it and may then be moved in
    # the app; reloading the file moves `deadline` along only while the two still agree, so a
    # deadline changed in the app survives a reload (see docs/plan-file.md).
    planned_deadline = models.DateField(_("thời hạn theo kế hoạch"), null=True, blank=True, editable=False)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    order = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["plan", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="task_code_unique_per_plan")]
        indexes = [
            # "My tasks" and the dashboard's counts: WHERE plan=? GROUP BY lead_agency, status.
            models.Index(fields=["plan", "lead_agency", "status"], name="task_agency_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.text[:80]}"


def evidence_path(instance: TaskUpdate, filename: str) -> str:
    # The original name is kept in `evidence_name`; the stored name reveals nothing.
    return f"evidence/{instance.task.plan_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class TaskUpdate(models.Model):
    """A dated progress report on a task; never edited, so the history is the rows."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("ngày"))
    text = models.TextField(_("nội dung"))
    quantity = models.DecimalField(_("số lượng"), max_digits=14, decimal_places=2, null=True, blank=True)
    evidence = models.FileField(_("tệp minh chứng"), upload_to=evidence_path, blank=True)
    evidence_name = models.CharField(max_length=200, blank=True)
    status_before = models.CharField(max_length=12, choices=TaskStatus.choices)
    status_after = models.CharField(_("trạng thái"), max_length=12, choices=TaskStatus.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người cập nhật")
    )
    author_agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TaskUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("cập nhật tiến độ")
        verbose_name_plural = _("cập nhật tiến độ")
        ordering = ["-date", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__isnull=True) | models.Q(quantity__gte=Decimal("0")),
                name="task_update_quantity_not_negative",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task.code} {self.date:%d/%m/%Y}"


class SpendingCategory(models.Model):
    """A spending line of section III.2 ("Chi hỗ trợ cho các hoạt động thông tin, tuyên truyền...")."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="spending_categories")
    code = models.CharField(_("mã"), max_length=20)
    text = models.TextField(_("nội dung chi"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("mục chi")
        verbose_name_plural = _("mục chi")
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="spending_code_unique_per_plan")]

    def __str__(self) -> str:
        return self.text[:80]
