"""Cross-cutting models: the audit trail and optimistic versioning."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One row per state change: a namespaced verb, the actor, the target and a JSON diff.

    Rows are written by `lanhmanh.core.audit.record` from service functions and never updated.
    """

    verb = models.CharField(_("hành động"), max_length=80)  # e.g. "plans.task.updated"
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    actor_username = models.CharField(max_length=150, blank=True)  # kept if the user is later deleted
    agency = models.ForeignKey("accounts.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    target_type = models.CharField(_("loại đối tượng"), max_length=80)  # "plans.task"
    target_id = models.CharField(max_length=40)
    target_repr = models.CharField(_("đối tượng"), max_length=255)
    changes = models.JSONField(_("thay đổi"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-created_at", "-id"]
        indexes = [
            # An object's history page: WHERE target_type=? AND target_id=? ORDER BY created_at.
            models.Index(fields=["target_type", "target_id", "created_at"], name="audit_target_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.verb} {self.target_repr}"


class Versioned(models.Model):
    """Optimistic concurrency: every save through `lanhmanh.core.versioning.save_versioned`
    bumps `version`; a save carrying a stale version is refused instead of overwriting."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True
