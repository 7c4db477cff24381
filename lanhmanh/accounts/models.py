"""Users, roles, scopes and agencies.

Every user has one role, one agency and one scope (an administrative unit: the user sees
that subtree). Agencies are effective-dated data: which one leads a plan is a property of
the plan (`Plan.lead_agency`), never of the code.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AgencyLevel(models.TextChoices):
    CENTRAL = "central", _("Trung ương")
    PROVINCE = "province", _("Tỉnh")
    DISTRICT = "district", _("Huyện")
    COMMUNE = "commune", _("Xã")


class AgencyQuerySet(models.QuerySet["Agency"]):
    def valid_on(self, day: date) -> AgencyQuerySet:
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class Agency(models.Model):
    """A body that carries duties: a department, the police, a newspaper, a People's Committee."""

    code = models.CharField(_("mã"), max_length=30)
    name = models.CharField(_("tên"), max_length=200)
    short_name = models.CharField(_("tên viết tắt"), max_length=60, blank=True)
    level = models.CharField(_("cấp"), max_length=10, choices=AgencyLevel.choices)
    # The administrative unit the agency belongs to (the province for a provincial department).
    unit = models.ForeignKey(
        "places.AdministrativeUnit", on_delete=models.PROTECT, related_name="agencies", verbose_name=_("địa bàn")
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        verbose_name=_("cơ quan kế thừa"),
    )

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["unit", "code"], name="agency_code_unique_per_unit")]

    def __str__(self) -> str:
        return self.short_name or self.name


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    COORDINATOR = "coordinator", _("Điều phối (cơ quan thường trực)")
    AGENCY_OFFICER = "agency_officer", _("Cán bộ đầu mối sở, ngành")
    DISTRICT_OFFICER = "district_officer", _("Cán bộ cấp huyện")
    COMMUNE_OFFICER = "commune_officer", _("Cán bộ cấp xã")
    INSPECTOR = "inspector", _("Thành viên đội kiểm tra")
    CASE_WORKER = "case_worker", _("Cán bộ hỗ trợ")
    PEER_EDUCATOR = "peer_educator", _("Tuyên truyền viên đồng đẳng")
    VIEWER = "viewer", _("Chỉ xem")


# Roles that never write programme data (they get 403 on write pages and endpoints).
READ_ONLY_ROLES = frozenset({Role.VIEWER, Role.INSPECTOR, Role.CASE_WORKER, Role.PEER_EDUCATOR, Role.ADMIN})


class User(AbstractUser):
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="users", verbose_name=_("cơ quan")
    )
    scope = models.ForeignKey(
        "places.AdministrativeUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("phạm vi"),
        help_text=_("Người dùng thấy dữ liệu của đơn vị này và các đơn vị trực thuộc."),
    )
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    # A peer educator works under a case worker: the cases they register are assigned to that
    # case worker, who is responsible for them (support/access.py, docs/support.md).
    supervisor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervised",
        verbose_name=_("cán bộ hỗ trợ phụ trách"),
        limit_choices_to={"role": "case_worker"},
    )

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_read_only(self) -> bool:
        return self.role in READ_ONLY_ROLES
