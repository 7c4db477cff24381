"""Communication events, media items, training and integrated plans: the records behind targets
T1, T3, T4a and T6 of the plan (DOMAIN.md §1).

Glossary: tuyên truyền -> `OutreachEvent`; tin, bài trên báo, đài -> `MediaItem`; lớp tập huấn ->
`TrainingCourse` and its `Participant`s; danh sách cán bộ làm công tác phòng, chống TNXH ->
`Official`; kế hoạch lồng ghép -> `IntegratedPlan`.

Every model holds scoped data and has a `visible_to(user)` queryset method built on
`core.access.scope_q`. Nothing here writes: `services/` does, with an audit entry per change.
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

if TYPE_CHECKING:
    from lanhmanh.accounts.models import User
    from lanhmanh.places.models import AdministrativeUnit


def _stored_name(folder: str, filename: str) -> str:
    # The original name is kept beside the file; the stored name reveals nothing.
    return f"outreach/{folder}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


def attachment_path(instance: EventAttachment, filename: str) -> str:
    return _stored_name("events", filename)


def media_file_path(instance: MediaItem, filename: str) -> str:
    return _stored_name("media", filename)


def integrated_plan_path(instance: IntegratedPlan, filename: str) -> str:
    return _stored_name("integrated-plans", filename)


# Communication events (tuyên truyền) --------------------------------------------------------------


class EventForm(models.TextChoices):
    TALK = "talk", _("Nói chuyện, hội nghị, họp dân")
    LOUDSPEAKER = "loudspeaker", _("Phát thanh trên hệ thống loa truyền thanh")
    PRINT = "print", _("Tờ rơi, áp phích, pa-nô")
    PERFORMANCE = "performance", _("Tiểu phẩm, hội thi")
    SOCIAL_MEDIA = "social_media", _("Mạng xã hội")
    ESTABLISHMENT = "establishment", _("Tuyên truyền tại cơ sở kinh doanh")
    SCHOOL = "school", _("Tuyên truyền trong trường học")
    OTHER = "other", _("Hình thức khác")


class AudienceGroup(models.TextChoices):
    RESIDENTS = "residents", _("Người dân")
    ESTABLISHMENT_WORKERS = "establishment_workers", _("Người lao động tại cơ sở kinh doanh")
    OWNERS = "owners", _("Chủ cơ sở kinh doanh")
    INDUSTRIAL_WORKERS = "industrial_workers", _("Công nhân khu công nghiệp")
    STUDENTS = "students", _("Học sinh, sinh viên")
    OFFICIALS = "officials", _("Cán bộ, công chức")
    BORDER_RESIDENTS = "border_residents", _("Người dân khu vực biên giới")


class MaterialKind(models.TextChoices):
    LEAFLET = "leaflet", _("Tờ rơi, tờ gấp")
    POSTER = "poster", _("Áp phích, pa-nô, băng rôn")
    BOOKLET = "booklet", _("Sổ tay, tài liệu")
    RECORDING = "recording", _("Đĩa, tệp âm thanh, video")
    OTHER = "other", _("Khác")


class OutreachEventQuerySet(models.QuerySet["OutreachEvent"]):
    def visible_to(self, user: User) -> OutreachEventQuerySet:
        # An event is seen wherever it reached: by the people of any of its communes (and the
        # district and province above them), never by a sibling commune it did not reach.
        return self.filter(pk__in=OutreachEventUnit.objects.filter(scope_q(user, "unit")).values("event_id"))

    def in_subtree(self, unit: AdministrativeUnit) -> OutreachEventQuerySet:
        return self.filter(pk__in=OutreachEventUnit.objects.filter(unit__path__prefix=unit.path).values("event_id"))

    def between(self, start: date, end: date) -> OutreachEventQuerySet:
        return self.filter(date__gte=start, date__lte=end)


class OutreachEvent(models.Model):
    """A communication event held in one or more communes."""

    date = models.DateField(_("ngày tổ chức"))
    title = models.CharField(_("nội dung tuyên truyền"), max_length=300)
    form = models.CharField(_("hình thức"), max_length=20, choices=EventForm.choices)
    # Where the event was organised; always one of `units`. The communes it reached are `units`.
    primary_unit = models.ForeignKey(
        "places.AdministrativeUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("địa bàn chính")
    )
    units: models.ManyToManyField[AdministrativeUnit, OutreachEventUnit] = models.ManyToManyField(
        "places.AdministrativeUnit",
        through="OutreachEventUnit",
        related_name="outreach_events",
        verbose_name=_("địa bàn"),
    )
    organiser = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan tổ chức")
    )
    location = models.CharField(_("địa điểm"), max_length=200, blank=True)
    task = models.ForeignKey(
        "plans.Task",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outreach_events",
        verbose_name=_("nhiệm vụ của kế hoạch"),
    )
    notes = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OutreachEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("hoạt động tuyên truyền")
        verbose_name_plural = _("hoạt động tuyên truyền")
        ordering = ["-date", "-pk"]
        indexes = [
            # The event list: WHERE date BETWEEN ? AND ? ORDER BY date DESC.
            models.Index(fields=["date"], name="outreach_event_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.title[:80]}"


class OutreachEventUnit(models.Model):
    """A commune an event reached. `date` repeats the event's date (the event services keep the two
    equal) so that T1 answers "did this commune have an event in the period" from one index."""

    # Both foreign keys are served by the two indexes below, so neither gets one of its own.
    event = models.ForeignKey(OutreachEvent, on_delete=models.CASCADE, related_name="unit_links", db_index=False)
    unit = models.ForeignKey("places.AdministrativeUnit", on_delete=models.PROTECT, related_name="+", db_index=False)
    date = models.DateField()

    class Meta:
        verbose_name = _("địa bàn của hoạt động tuyên truyền")
        verbose_name_plural = _("địa bàn của hoạt động tuyên truyền")
        constraints = [models.UniqueConstraint(fields=["event", "unit"], name="outreach_event_unit_unique")]
        indexes = [
            # T1 (outreach_commune_share): EXISTS (... WHERE unit_id = ? AND date BETWEEN ? AND ?) per commune,
            # and the events of a subtree and period (event_id included, so the index alone answers).
            models.Index(fields=["unit", "date", "event"], name="outreach_event_unit_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} @ {self.unit_id}"


class AudienceCount(models.Model):
    """How many people of one audience group an event reached."""

    # Served by the indexes below.
    event = models.ForeignKey(OutreachEvent, on_delete=models.CASCADE, related_name="audience", db_index=False)
    group = models.CharField(_("đối tượng"), max_length=30, choices=AudienceGroup.choices)
    count = models.IntegerField(_("số người"))

    class Meta:
        verbose_name = _("số người dự")
        verbose_name_plural = _("số người dự")
        ordering = ["event", "group"]
        constraints = [
            models.UniqueConstraint(fields=["event", "group"], name="outreach_audience_group_unique"),
            models.CheckConstraint(condition=Q(count__gte=0), name="outreach_audience_count_not_negative"),
        ]
        indexes = [
            # People reached (T1's detail): SUM(count) GROUP BY group WHERE event_id IN (...), from the index alone.
            models.Index(fields=["event", "group", "count"], name="outreach_audience_cover_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_group_display()}: {self.count}"


class MaterialDistributed(models.Model):
    event = models.ForeignKey(OutreachEvent, on_delete=models.CASCADE, related_name="materials")
    kind = models.CharField(_("loại tài liệu"), max_length=20, choices=MaterialKind.choices)
    quantity = models.IntegerField(_("số lượng"))

    class Meta:
        verbose_name = _("tài liệu phát hành")
        verbose_name_plural = _("tài liệu phát hành")
        ordering = ["event", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["event", "kind"], name="outreach_material_kind_unique"),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="outreach_material_quantity_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.quantity}"


class EventAttachment(models.Model):
    """A file kept with an event (minutes, photos, the leaflet). Streamed after an access check only."""

    event = models.ForeignKey(OutreachEvent, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("tệp đính kèm"), upload_to=attachment_path)
    name = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


# Media items (tin, bài trên báo, đài) --------------------------------------------------------------


class Outlet(models.TextChoices):
    # The two outlets target T4 names; other outlets are recorded with their name.
    BAO_TN = "bao_tn", _("Báo Tây Ninh")
    PTTH = "ptth", _("Đài Phát thanh và Truyền hình tỉnh")
    OTHER = "other", _("Cơ quan báo chí khác")


# The outlets T4a requires at least once a month.
REQUIRED_OUTLETS = (Outlet.BAO_TN, Outlet.PTTH)


class MediaKind(models.TextChoices):
    ARTICLE = "article", _("Bài viết")
    NEWS = "news", _("Tin")
    REPORTAGE = "reportage", _("Phóng sự")
    COLUMN = "column", _("Chuyên mục")
    PROGRAMME = "programme", _("Chương trình phát thanh, truyền hình")


class MediaItemQuerySet(models.QuerySet["MediaItem"]):
    def visible_to(self, user: User) -> MediaItemQuerySet:
        # Media items belong to the province; everybody in it reads them.
        return self.filter(scope_q(user, "unit", include_ancestors=True))


class MediaItem(models.Model):
    """A news item, article or programme on prevention published by an outlet."""

    unit = models.ForeignKey(
        "places.AdministrativeUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("tỉnh")
    )
    outlet = models.CharField(_("cơ quan báo chí"), max_length=10, choices=Outlet.choices)
    outlet_name = models.CharField(_("tên cơ quan báo chí khác"), max_length=120, blank=True)
    kind = models.CharField(_("thể loại"), max_length=12, choices=MediaKind.choices)
    date = models.DateField(_("ngày đăng, phát"))
    title = models.CharField(_("tiêu đề"), max_length=300)
    link = models.URLField(_("đường dẫn"), max_length=500, blank=True)
    file = models.FileField(_("tệp"), upload_to=media_file_path, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MediaItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("tin, bài")
        verbose_name_plural = _("tin, bài")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(outlet="other") | ~Q(outlet_name=""), name="outreach_media_other_outlet_named"
            ),
        ]
        indexes = [
            # T4a and the month grid: WHERE unit_id = ? AND date BETWEEN ? AND ? GROUP BY outlet, month.
            models.Index(fields=["unit", "date"], name="outreach_media_unit_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.title[:80]}"

    @property
    def outlet_label(self) -> str:
        return self.outlet_name if self.outlet == Outlet.OTHER else str(self.get_outlet_display())


# Training (tập huấn) and the roster of officials ----------------------------------------------------


class CourseLevel(models.TextChoices):
    CENTRAL = "central", _("Trung ương")
    PROVINCE = "province", _("Tỉnh")
    DISTRICT = "district", _("Huyện")
    COMMUNE = "commune", _("Xã")


class CourseTopic(models.TextChoices):
    LEGAL = "legal", _("Kiến thức pháp luật")
    INSPECTION = "inspection", _("Kỹ năng kiểm tra, thanh tra")
    HARM_REDUCTION = "harm_reduction", _("Giảm hại")
    CASE_SUPPORT = "case_support", _("Hỗ trợ người bán dâm")
    OTHER = "other", _("Chủ đề khác")


class OfficialQuerySet(models.QuerySet["Official"]):
    def visible_to(self, user: User) -> OfficialQuerySet:
        # Names of people: only the subtree they work in, not the units above.
        return self.filter(scope_q(user, "unit"))

    def active_between(self, start: date, end: date) -> OfficialQuerySet:
        """On the roster at some time between `start` and `end`."""
        return self.filter(start_date__lte=end).filter(Q(end_date__isnull=True) | Q(end_date__gte=start))


class Official(models.Model):
    """An official who works directly on social-evils prevention (the roster behind T3)."""

    full_name = models.CharField(_("họ và tên"), max_length=120)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan"))
    unit = models.ForeignKey(
        "places.AdministrativeUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("địa bàn")
    )
    position = models.CharField(_("chức vụ"), max_length=120)
    start_date = models.DateField(_("ngày bắt đầu"))
    end_date = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OfficialQuerySet.as_manager()

    class Meta:
        verbose_name = _("cán bộ làm công tác phòng, chống tệ nạn xã hội")
        verbose_name_plural = _("cán bộ làm công tác phòng, chống tệ nạn xã hội")
        ordering = ["full_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="outreach_official_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


class TrainingCourseQuerySet(models.QuerySet["TrainingCourse"]):
    def visible_to(self, user: User) -> TrainingCourseQuerySet:
        # A commune officer reads the province's and their district's courses, which they attend.
        return self.filter(scope_q(user, "unit", include_ancestors=True))


class TrainingCourse(models.Model):
    title = models.CharField(_("tên lớp tập huấn"), max_length=300)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    organiser = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan tổ chức")
    )
    level = models.CharField(_("cấp tổ chức"), max_length=10, choices=CourseLevel.choices)
    topic = models.CharField(_("chủ đề"), max_length=20, choices=CourseTopic.choices)
    unit = models.ForeignKey(
        "places.AdministrativeUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("địa bàn")
    )
    location = models.CharField(_("địa điểm"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TrainingCourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("lớp tập huấn")
        verbose_name_plural = _("lớp tập huấn")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="outreach_course_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title[:80]} ({self.start_date:%d/%m/%Y})"


class ParticipantQuerySet(models.QuerySet["Participant"]):
    def visible_to(self, user: User) -> ParticipantQuerySet:
        # The course must be readable and so must the person.
        return self.filter(scope_q(user, "course__unit", include_ancestors=True)).filter(
            scope_q(user, "official__unit")
        )


class Participant(models.Model):
    course = models.ForeignKey(TrainingCourse, on_delete=models.CASCADE, related_name="participants")
    official = models.ForeignKey(
        Official, on_delete=models.PROTECT, related_name="participations", verbose_name=_("cán bộ")
    )
    attended = models.BooleanField(_("có tham dự"), default=True)
    completed = models.BooleanField(_("hoàn thành"), default=False)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("học viên")
        verbose_name_plural = _("học viên")
        ordering = ["course", "official__full_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["course", "official"], name="outreach_participant_unique"),
            models.CheckConstraint(
                condition=Q(completed=False) | Q(attended=True), name="outreach_completed_implies_attended"
            ),
        ]
        indexes = [
            # T3: EXISTS (... WHERE official_id = ? AND completed AND course end date in the period).
            models.Index(fields=["official", "completed"], name="outreach_participant_done_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.official_id} @ {self.course_id}"


# Integrated plans (kế hoạch lồng ghép) --------------------------------------------------------------


class Programme(models.TextChoices):
    POVERTY_REDUCTION = "poverty_reduction", _("Giảm nghèo")
    VOCATIONAL_TRAINING = "vocational_training", _("Dạy nghề cho lao động nông thôn")
    EMPLOYMENT = "employment", _("Việc làm")
    HIV_AIDS = "hiv_aids", _("Phòng, chống HIV/AIDS")
    DRUGS = "drugs", _("Phòng, chống ma túy")
    TRAFFICKING = "trafficking", _("Phòng, chống mua bán người")


class IntegratedPlanQuerySet(models.QuerySet["IntegratedPlan"]):
    def visible_to(self, user: User) -> IntegratedPlanQuerySet:
        return self.filter(scope_q(user, "unit", include_ancestors=True))


class IntegratedPlan(models.Model):
    """A district's or commune's plan integrating prevention into its socio-economic programmes (T6)."""

    unit = models.ForeignKey(
        "places.AdministrativeUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("địa bàn")
    )
    document_number = models.CharField(_("số ký hiệu"), max_length=60)
    issued_on = models.DateField(_("ngày ban hành"))
    title = models.CharField(_("trích yếu"), max_length=300, blank=True)
    # Programme values (Programme), at least one; a list, since nothing filters on them.
    programmes = models.JSONField(_("chương trình lồng ghép"), default=list)
    file = models.FileField(_("tệp văn bản"), upload_to=integrated_plan_path, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = IntegratedPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("kế hoạch lồng ghép")
        verbose_name_plural = _("kế hoạch lồng ghép")
        ordering = ["-issued_on", "-pk"]
        indexes = [
            # T6: EXISTS (... WHERE unit_id = ? AND issued_on <= ?).
            models.Index(fields=["unit", "issued_on"], name="outreach_integrated_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.document_number} ({self.issued_on:%d/%m/%Y})"

    def programme_labels(self) -> list[str]:
        labels = dict(Programme.choices)
        return [str(labels.get(value, value)) for value in self.programmes]
