"""The registry of establishments in business lines exposed to prostitution (DOMAIN.md §4).

Glossary: cơ sở kinh doanh dịch vụ nhạy cảm -> `Establishment`; bản cam kết -> `Commitment`;
đăng ký lao động -> `LabourRegistration`; dấu hiệu hoạt động mại dâm -> `RiskFlag`.

Every model holds scoped data: an establishment belongs to one commune, and `visible_to(user)` is
built on `core.access.scope_q`. Nothing here writes: `services.py` does, with an audit entry per
change.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lanhmanh.core.access import scope_q

if TYPE_CHECKING:
    from lanhmanh.accounts.models import User
    from lanhmanh.places.models import AdministrativeUnit


def fold(text: str) -> str:
    """Lower case without diacritics ("Khách sạn Hòa Bình" -> "khach san hoa binh"), spaces squeezed.

    Stored beside the name so a search without diacritics is one indexed `LIKE` on both databases,
    with no database extension (PostgreSQL's unaccent is not available everywhere).
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(stripped.lower().split())


class EstablishmentType(models.TextChoices):
    HOTEL = "hotel", _("Khách sạn")
    GUEST_HOUSE = "guest_house", _("Nhà nghỉ")
    MOTEL = "motel", _("Nhà trọ, phòng trọ có kinh doanh lưu trú")
    RENTED_ROOMS = "rented_rooms", _("Phòng, căn hộ cho thuê")
    RESTAURANT = "restaurant", _("Nhà hàng ăn uống")
    KARAOKE = "karaoke", _("Karaoke")
    DANCE_HALL = "dance_hall", _("Vũ trường")
    BAR = "bar", _("Quán bar")
    MASSAGE = "massage", _("Xoa bóp (massage)")
    SAUNA = "sauna", _("Xông hơi (sauna)")
    HAIR_WASH = "hair_wash", _("Cắt tóc, gội đầu thư giãn")
    DIM_CAFE = "dim_cafe", _("Cà phê đèn mờ")
    OTHER = "other", _("Loại hình khác")


class EstablishmentStatus(models.TextChoices):
    OPERATING = "operating", _("Đang hoạt động")
    SUSPENDED = "suspended", _("Tạm ngừng hoạt động")
    CLOSED = "closed", _("Đã chấm dứt hoạt động")


class EstablishmentQuerySet(models.QuerySet["Establishment"]):
    def visible_to(self, user: User) -> EstablishmentQuerySet:
        return self.filter(scope_q(user, "commune"))

    def in_subtree(self, unit: AdministrativeUnit) -> EstablishmentQuerySet:
        return self.filter(commune__path__prefix=unit.path)


class Establishment(models.Model):
    """A business in a sensitive line, registered in one commune."""

    name = models.CharField(_("tên cơ sở"), max_length=200)
    # `fold(name)`, kept by `save()`: the diacritic-insensitive search runs on it.
    name_folded = models.CharField(max_length=200, editable=False, db_index=True)
    kind = models.CharField(_("loại hình"), max_length=20, choices=EstablishmentType.choices)
    address = models.CharField(_("địa chỉ"), max_length=300)
    commune = models.ForeignKey(
        "places.AdministrativeUnit",
        on_delete=models.PROTECT,
        related_name="establishments",
        verbose_name=_("xã, phường"),
    )
    owner_name = models.CharField(_("chủ cơ sở"), max_length=200, blank=True)
    owner_phone = models.CharField(_("điện thoại chủ cơ sở"), max_length=20, blank=True)
    # Unique within a province (enforced by the services: the province is the commune's root).
    registration_number = models.CharField(_("số đăng ký kinh doanh"), max_length=50, blank=True)
    security_certificate_number = models.CharField(
        _("số giấy chứng nhận đủ điều kiện về ANTT"), max_length=50, blank=True
    )
    security_certificate_date = models.DateField(_("ngày cấp giấy chứng nhận ANTT"), null=True, blank=True)
    security_certificate_issuer = models.CharField(_("cơ quan cấp giấy chứng nhận ANTT"), max_length=200, blank=True)
    rooms = models.PositiveIntegerField(_("số phòng"), null=True, blank=True)
    workers = models.PositiveIntegerField(_("số lao động"), null=True, blank=True)
    opened_on = models.DateField(_("ngày bắt đầu hoạt động"), null=True, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=20, choices=EstablishmentStatus.choices, default=EstablishmentStatus.OPERATING
    )
    status_since = models.DateField(_("tình trạng từ ngày"), null=True, blank=True)
    # Null while operating; the date it closed otherwise (indicators count operating establishments on a date).
    closed_on = models.DateField(_("ngày chấm dứt hoạt động"), null=True, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EstablishmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ sở kinh doanh")
        verbose_name_plural = _("cơ sở kinh doanh")
        ordering = ["name_folded", "pk"]
        indexes = [
            models.Index(fields=["registration_number"], name="establishment_regno_idx"),
            models.Index(fields=["commune", "status"], name="establishment_commune_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name_folded = fold(self.name)
        if "update_fields" in kwargs and kwargs["update_fields"] is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_folded"}
        super().save(*args, **kwargs)


class FlagSource(models.TextChoices):
    INSPECTION = "inspection", _("Qua kiểm tra")
    POLICE = "police", _("Báo cáo của công an")
    COMPLAINT = "complaint", _("Đơn thư, phản ánh")


class RiskFlagQuerySet(models.QuerySet["RiskFlag"]):
    def visible_to(self, user: User) -> RiskFlagQuerySet:
        return self.filter(scope_q(user, "establishment__commune"))

    def current(self) -> RiskFlagQuerySet:
        return self.filter(cleared_on__isnull=True)


class RiskFlag(models.Model):
    """A sign of prostitution at an establishment, current until it is cleared."""

    establishment = models.ForeignKey(
        Establishment, on_delete=models.CASCADE, related_name="flags", verbose_name=_("cơ sở")
    )
    noted_on = models.DateField(_("ngày ghi nhận"))
    source = models.CharField(_("nguồn"), max_length=20, choices=FlagSource.choices)
    description = models.TextField(_("nội dung dấu hiệu"))
    cleared_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    cleared_reason = models.CharField(_("lý do kết thúc"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RiskFlagQuerySet.as_manager()

    class Meta:
        verbose_name = _("dấu hiệu hoạt động mại dâm")
        verbose_name_plural = _("dấu hiệu hoạt động mại dâm")
        ordering = ["-noted_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.establishment} {self.noted_on:%d/%m/%Y}"
