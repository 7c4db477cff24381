"""The registry of establishments in business lines exposed to prostitution (DOMAIN.md §4).

Glossary: cơ sở kinh doanh dịch vụ nhạy cảm -> `Establishment`; bản cam kết -> `Commitment`;
đăng ký lao động -> `LabourRegistration`; dấu hiệu hoạt động mại dâm -> `RiskFlag`.

Every model holds scoped data: an establishment belongs to one commune, and `visible_to(user)` is
built on `core.access.scope_q`. Nothing here writes: `services.py` does, with an audit entry per
change.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lanhmanh.core.access import scope_q
from lanhmanh.core.models import Versioned

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


class Establishment(Versioned):
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

    def save(self, *args: Any, **kwargs: Any) -> None:
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

    def current_on(self, day: date) -> RiskFlagQuerySet:
        """Flags noted by `day` and not cleared by then (T2b counts establishments with one)."""
        return self.filter(noted_on__lte=day).filter(Q(cleared_on__isnull=True) | Q(cleared_on__gt=day))


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
        indexes = [
            # T2b and the "current signs" filter: flags of an establishment noted by a day.
            models.Index(fields=["establishment", "noted_on"], name="riskflag_noted_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.establishment} {self.noted_on:%d/%m/%Y}"


class StatusChangeQuerySet(models.QuerySet["StatusChange"]):
    def visible_to(self, user: User) -> StatusChangeQuerySet:
        return self.filter(scope_q(user, "establishment__commune"))


class StatusChange(models.Model):
    """One change of an establishment's status (operating, suspended, closed), kept as its history."""

    establishment = models.ForeignKey(
        Establishment, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("cơ sở")
    )
    status = models.CharField(_("tình trạng"), max_length=20, choices=EstablishmentStatus.choices)
    since = models.DateField(_("từ ngày"))
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = StatusChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("thay đổi tình trạng")
        verbose_name_plural = _("thay đổi tình trạng")
        ordering = ["-since", "-pk"]

    def __str__(self) -> str:
        return f"{self.establishment} {self.get_status_display()} {self.since:%d/%m/%Y}"


class CommitmentQuerySet(models.QuerySet["Commitment"]):
    def visible_to(self, user: User) -> CommitmentQuerySet:
        return self.filter(scope_q(user, "establishment__commune"))

    def valid_on(self, day: date) -> CommitmentQuerySet:
        """Commitments in force on `day`: signed, started and not yet expired."""
        return self.filter(signed_on__lte=day, valid_from__lte=day).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )


class Commitment(models.Model):
    """Bản cam kết: the establishment's commitment, signed with the commune People's Committee, that no
    prostitution happens on its premises. A new one is recorded each time it is renewed (history)."""

    establishment = models.ForeignKey(
        Establishment, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("cơ sở")
    )
    signed_on = models.DateField(_("ngày ký"))
    signer_name = models.CharField(_("người ký"), max_length=200)
    signer_title = models.CharField(_("chức danh người ký"), max_length=200, blank=True)
    # The People's Committee it was signed with (as written on the document, e.g. "UBND xã An").
    committee = models.CharField(_("ký với UBND"), max_length=200, blank=True)
    valid_from = models.DateField(_("hiệu lực từ ngày"))
    valid_until = models.DateField(_("hiệu lực đến ngày"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("bản cam kết")
        verbose_name_plural = _("bản cam kết")
        ordering = ["-valid_from", "-pk"]
        indexes = [
            # T5a and the "no valid commitment" filter: EXISTS(commitment of this establishment valid on a day).
            models.Index(fields=["establishment", "valid_from"], name="commitment_valid_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="commitment_valid_until_after_from",
            )
        ]

    def __str__(self) -> str:
        return f"{self.establishment} {self.signed_on:%d/%m/%Y}"


class LabourRegistrationQuerySet(models.QuerySet["LabourRegistration"]):
    def visible_to(self, user: User) -> LabourRegistrationQuerySet:
        return self.filter(scope_q(user, "establishment__commune"))


class LabourRegistration(models.Model):
    """Đăng ký lao động: the establishment registered its workers with the local labour authority."""

    establishment = models.ForeignKey(
        Establishment, on_delete=models.CASCADE, related_name="labour_registrations", verbose_name=_("cơ sở")
    )
    registered_on = models.DateField(_("ngày đăng ký"))
    number = models.CharField(_("số đăng ký"), max_length=50, blank=True)
    workers_registered = models.PositiveIntegerField(_("số lao động đăng ký"))
    authority = models.CharField(_("cơ quan tiếp nhận"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LabourRegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("đăng ký lao động")
        verbose_name_plural = _("đăng ký lao động")
        ordering = ["-registered_on", "-pk"]
        indexes = [
            # T5b and the "no labour registration" filter: EXISTS(registration of this establishment by a day).
            models.Index(fields=["establishment", "registered_on"], name="labour_reg_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.establishment} {self.registered_on:%d/%m/%Y}"
