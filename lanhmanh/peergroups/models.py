"""Peer groups and volunteer social-work teams of the communes, their members and activities.

Glossary: nhóm đồng đẳng -> `PeerGroup` of kind `peer_group`; Đội công tác xã hội tình nguyện ->
`PeerGroup` of kind `volunteer_team` (one model: both are a commune's team with members who reach
people, and every page, rule and indicator treats them alike); thành viên -> `Member` (a peer is
known by a code, never by a real name); hoạt động -> `Activity`.

Every model holds data scoped by the group's commune and has a `visible_to(user)` queryset method
built on `core.access.scope_q`. Nothing here writes: `services.py` does, with an audit entry.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lanhmanh.core.access import scope_q

if TYPE_CHECKING:
    from lanhmanh.accounts.models import User
    from lanhmanh.places.models import AdministrativeUnit


class GroupKind(models.TextChoices):
    PEER_GROUP = "peer_group", _("Nhóm đồng đẳng")
    VOLUNTEER_TEAM = "volunteer_team", _("Đội công tác xã hội tình nguyện")


class GroupStatus(models.TextChoices):
    ACTIVE = "active", _("Đang hoạt động")
    PAUSED = "paused", _("Tạm ngừng")
    DISSOLVED = "dissolved", _("Đã giải thể")


class MemberRole(models.TextChoices):
    LEADER = "leader", _("Trưởng nhóm, đội trưởng")
    DEPUTY = "deputy", _("Phó nhóm, đội phó")
    PEER_EDUCATOR = "peer_educator", _("Tuyên truyền viên đồng đẳng")
    VOLUNTEER = "volunteer", _("Tình nguyện viên")
    MEMBER = "member", _("Thành viên")


class ActivityKind(models.TextChoices):
    SMALL_GROUP = "small_group", _("Truyền thông nhóm nhỏ")
    COUNSELLING = "counselling", _("Tư vấn trực tiếp, thăm hỏi")
    DISTRIBUTION = "distribution", _("Phát bao cao su, tờ rơi")
    ACCOMPANY = "accompany", _("Hỗ trợ tiếp cận dịch vụ y tế, xã hội")
    ESTABLISHMENT = "establishment", _("Tiếp cận tại cơ sở kinh doanh dịch vụ")
    MEETING = "meeting", _("Sinh hoạt nhóm, đội")
    OTHER = "other", _("Hoạt động khác")


# Member codes start with the group kind's prefix: DD for a peer group, TN for a volunteer team.
CODE_PREFIX = {GroupKind.PEER_GROUP: "DD", GroupKind.VOLUNTEER_TEAM: "TN"}


class PeerGroupQuerySet(models.QuerySet["PeerGroup"]):
    def visible_to(self, user: User) -> PeerGroupQuerySet:
        return self.filter(scope_q(user, "commune"))

    def in_subtree(self, unit: AdministrativeUnit) -> PeerGroupQuerySet:
        return self.filter(commune__path__prefix=unit.path)


class PeerGroup(models.Model):
    """A peer group or a volunteer social-work team of one commune."""

    kind = models.CharField(_("loại"), max_length=20, choices=GroupKind.choices)
    name = models.CharField(_("tên nhóm, đội"), max_length=200)
    commune = models.ForeignKey(
        "places.AdministrativeUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("xã, phường")
    )
    founded_on = models.DateField(_("ngày thành lập"), null=True, blank=True)
    sponsor = models.ForeignKey(
        "accounts.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan bảo trợ"),
    )
    status = models.CharField(_("tình trạng"), max_length=20, choices=GroupStatus.choices, default=GroupStatus.ACTIVE)
    notes = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PeerGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhóm đồng đẳng, đội tình nguyện")
        verbose_name_plural = _("nhóm đồng đẳng, đội tình nguyện")
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["commune", "name"], name="peergroup_name_unique_per_commune")]

    def __str__(self) -> str:
        return self.name


class MemberQuerySet(models.QuerySet["Member"]):
    def visible_to(self, user: User) -> MemberQuerySet:
        return self.filter(scope_q(user, "group__commune"))

    def current_on(self, day: date) -> MemberQuerySet:
        return self.filter(Q(joined_on__isnull=True) | Q(joined_on__lte=day)).filter(
            Q(left_on__isnull=True) | Q(left_on__gte=day)
        )


class Member(models.Model):
    """A member of a group. Peers are pseudonymous: a code made by the system and a role; only
    members of a volunteer team may carry a name (services refuse a name on a peer group member)."""

    group = models.ForeignKey(PeerGroup, on_delete=models.CASCADE, related_name="members")
    code = models.CharField(_("mã thành viên"), max_length=20)
    role = models.CharField(_("vai trò"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)
    full_name = models.CharField(_("họ tên (chỉ với tình nguyện viên)"), max_length=120, blank=True)
    joined_on = models.DateField(_("ngày tham gia"), null=True, blank=True)
    left_on = models.DateField(_("ngày rời nhóm"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("thành viên nhóm, đội")
        verbose_name_plural = _("thành viên nhóm, đội")
        ordering = ["group", "code"]
        constraints = [models.UniqueConstraint(fields=["group", "code"], name="peergroup_member_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} ({self.get_role_display()})"


class ActivityQuerySet(models.QuerySet["Activity"]):
    def visible_to(self, user: User) -> ActivityQuerySet:
        return self.filter(scope_q(user, "group__commune"))

    def in_subtree(self, unit: AdministrativeUnit) -> ActivityQuerySet:
        return self.filter(group__commune__path__prefix=unit.path)

    def between(self, start: date, end: date) -> ActivityQuerySet:
        return self.filter(date__gte=start, date__lte=end)


class Activity(models.Model):
    """One activity of a group: what was done, on which day, and how many people it reached."""

    group = models.ForeignKey(PeerGroup, on_delete=models.CASCADE, related_name="activities", db_index=False)
    date = models.DateField(_("ngày"))
    kind = models.CharField(_("hình thức"), max_length=20, choices=ActivityKind.choices)
    description = models.TextField(_("nội dung"))
    people_reached = models.IntegerField(_("số người được tiếp cận"))
    condoms_distributed = models.IntegerField(_("số bao cao su phát"), null=True, blank=True)
    leaflets_distributed = models.IntegerField(_("số tờ rơi phát"), null=True, blank=True)
    task = models.ForeignKey(
        "plans.Task",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="peer_group_activities",
        verbose_name=_("nhiệm vụ của kế hoạch"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("hoạt động của nhóm, đội")
        verbose_name_plural = _("hoạt động của nhóm, đội")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(people_reached__gte=0), name="peergroup_activity_reached_not_negative"),
            models.CheckConstraint(
                condition=Q(condoms_distributed__isnull=True) | Q(condoms_distributed__gte=0),
                name="peergroup_activity_condoms_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(leaflets_distributed__isnull=True) | Q(leaflets_distributed__gte=0),
                name="peergroup_activity_leaflets_not_negative",
            ),
        ]
        indexes = [
            # A group's activities (detail page) and people reached per group in a period (list page):
            # WHERE group_id = ? AND date BETWEEN ? AND ?.
            models.Index(fields=["group", "date"], name="peergroup_activity_group_idx"),
            # The activity list and the indicator: WHERE date BETWEEN ? AND ? (then the group's commune).
            models.Index(fields=["date"], name="peergroup_activity_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}"
