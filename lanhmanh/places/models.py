"""Administrative units: a tree with GSO codes, levels and validity dates.

A unit's subtree is selected by its materialized `path` (one indexed prefix query on
both databases, see `lookups.py`). Paths are built from primary keys, not GSO codes,
because codes are reused across reorganisations (a 2025 ward may carry the code of a
2019 commune).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

PATH_SEGMENT_WIDTH = 8


class Level(models.TextChoices):
    PROVINCE = "province", _("Tỉnh")
    DISTRICT = "district", _("Huyện")
    COMMUNE = "commune", _("Xã")


class UnitQuerySet(models.QuerySet["AdministrativeUnit"]):
    def subtree(self, unit: AdministrativeUnit) -> UnitQuerySet:
        """The unit and everything below it."""
        return self.filter(path__prefix=unit.path)

    def valid_on(self, day: date) -> UnitQuerySet:
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def communes(self) -> UnitQuerySet:
        return self.filter(level=Level.COMMUNE)


class AdministrativeUnit(models.Model):
    code = models.CharField(_("mã GSO"), max_length=10)
    name = models.CharField(_("tên"), max_length=120)
    # The official type as written: "Tỉnh", "Huyện", "Thị xã", "Phường", "Thị trấn", "Xã"...
    kind = models.CharField(_("loại"), max_length=40, blank=True)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("đơn vị cấp trên"),
    )
    # Materialized path of zero-padded primary keys: "00000001/00000007/". Read-only outside services.
    path = models.CharField(max_length=255, unique=True, editable=False)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="predecessors", verbose_name=_("đơn vị kế thừa")
    )
    # Which dataset the unit came from ("tay-ninh-2019", "vietnam-provinces 2025.10.1").
    source = models.CharField(max_length=60, blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["path"]
        # A dataset's unit is keyed by (code, level, start date), not by code alone: GSO reuses a code
        # for the unit that absorbs it, so one dataset may hold both (tay-ninh-2019: Xã Bình Thạnh 25729
        # until 2020-01-31 and Xã Phước Bình 25729 from 2020-02-01). NULLs are distinct in a unique index
        # on both databases, hence the second, partial constraint for units whose start is unknown.
        constraints = [
            models.UniqueConstraint(
                fields=["code", "level", "source", "valid_from"], name="unit_code_unique_per_source_start"
            ),
            models.UniqueConstraint(
                fields=["code", "level", "source"],
                condition=Q(valid_from__isnull=True),
                name="unit_code_unique_per_source_open_start",
            ),
        ]
        indexes = [
            # /api/v1/units/?parent=<code> and plan files look units up by GSO code.
            models.Index(fields=["code"], name="unit_code_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The path needs the primary key, so a new unit is saved twice inside the caller's transaction.
        if not self.path:
            self.path = f"tmp-{id(self)}"
            super().save(*args, **kwargs)
            kwargs.pop("force_insert", None)
            self.path = unit_path(self.parent.path if self.parent else "", self.pk)
            super().save(update_fields=["path"])
            return
        super().save(*args, **kwargs)

    @property
    def depth(self) -> int:
        return self.path.count("/")

    def is_within(self, other: AdministrativeUnit) -> bool:
        """True if this unit is `other` or lies below it."""
        return self.path.startswith(other.path)

    def ancestor_paths(self) -> list[str]:
        parts = self.path.rstrip("/").split("/")
        return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def unit_path(parent_path: str, pk: int) -> str:
    return f"{parent_path}{pk:0{PATH_SEGMENT_WIDTH}d}/"
