"""Shapes of the outreach API: an output serializer per resource, an input serializer per write or filter.

Input serializers only turn JSON, multipart bodies and query strings into Python values (types,
formats, presence) and look up the records named by id. Every rule about the values (scope, dates,
non-negative counts, the plan period of a linked task, files) lives in `services/`, whose
ValidationError reaches the client as a 400 naming the field, with the messages the pages show.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lanhmanh.accounts.models import Agency, User
from lanhmanh.indicators.periods import Period, parse_period
from lanhmanh.outreach.models import (
    AudienceCount,
    AudienceGroup,
    CourseLevel,
    CourseTopic,
    EventAttachment,
    EventForm,
    IntegratedPlan,
    MaterialDistributed,
    MaterialKind,
    MediaItem,
    MediaKind,
    Official,
    Outlet,
    OutreachEvent,
    Participant,
    Programme,
    TrainingCourse,
)
from lanhmanh.places.models import AdministrativeUnit
from lanhmanh.plans.models import Task
from lanhmanh.plans.serializers import (
    InputSerializer,
    UnitRefSerializer,
    ViBooleanField,
    ViCharField,
    ViChoiceField,
    ViDateField,
    ViFileField,
    ViIntegerField,
    ViListField,
)


def _values(choices: type[Any]) -> str:
    return ", ".join(choices.values)


class AgencyRefSerializer(serializers.ModelSerializer[Agency]):
    """An agency as records mention it (codes repeat between units, ids do not)."""

    class Meta:
        model = Agency
        fields = ["id", "code", "name"]
        read_only_fields = fields


def agency_by_id(pk: int) -> Agency:
    agency = Agency.objects.select_related("unit").filter(pk=pk).first()
    if agency is None:
        raise serializers.ValidationError(f"Không có cơ quan mã số {pk}.")
    return agency


def unit_by_id(pk: int) -> AdministrativeUnit:
    # Units are reference data every user reads (/api/v1/units/); whether one lies in the user's
    # scope is the service's rule, answered as a 400 on the field.
    unit = AdministrativeUnit.objects.filter(pk=pk).first()
    if unit is None:
        raise serializers.ValidationError(f"Không có địa bàn mã số {pk}.")
    return unit


class PeriodFilterMixin(serializers.Serializer[dict[str, Any]]):
    period = ViCharField(
        required=False,
        help_text=(
            "Kỳ: 2019, 2019-9M, 2019-H1, 2019-Q2, 2019-05; thêm “r:” cho kỳ báo cáo theo Nghị định 09/2019 "
            "(r:2019-Q1, từ ngày 15 tháng trước đến ngày 14)."
        ),
    )

    def validate_period(self, key: str) -> Period:
        try:
            return parse_period(key.strip())
        except ValueError as error:
            raise serializers.ValidationError(str(error)) from None


# Communication events -------------------------------------------------------------------------------


class AudienceCountSerializer(serializers.ModelSerializer[AudienceCount]):
    class Meta:
        model = AudienceCount
        fields = ["group", "count"]
        read_only_fields = fields


class MaterialSerializer(serializers.ModelSerializer[MaterialDistributed]):
    class Meta:
        model = MaterialDistributed
        fields = ["kind", "quantity"]
        read_only_fields = fields


class AttachmentSerializer(serializers.ModelSerializer[EventAttachment]):
    class Meta:
        model = EventAttachment
        fields = ["id", "name", "uploaded_at"]
        read_only_fields = fields


class OutreachEventSerializer(serializers.ModelSerializer[OutreachEvent]):
    units = UnitRefSerializer(many=True, read_only=True, help_text="Các xã, phường, thị trấn nơi tổ chức.")
    primary_unit = UnitRefSerializer(read_only=True)
    organiser = AgencyRefSerializer(read_only=True)
    audience = AudienceCountSerializer(many=True, read_only=True, help_text="Số người dự theo nhóm đối tượng.")
    materials = MaterialSerializer(many=True, read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    created_by: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = OutreachEvent
        fields = [
            "id",
            "date",
            "title",
            "form",
            "units",
            "primary_unit",
            "organiser",
            "location",
            "task",
            "notes",
            "audience",
            "materials",
            "attachments",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class AudienceInputSerializer(InputSerializer):
    group = ViCharField(help_text=f"Nhóm đối tượng: {_values(AudienceGroup)}.")
    count = ViIntegerField(help_text="Số người (không âm).")


class MaterialInputSerializer(InputSerializer):
    kind = ViCharField(help_text=f"Loại tài liệu: {_values(MaterialKind)}.")
    quantity = ViIntegerField(help_text="Số lượng (không âm).")


class OutreachEventInputSerializer(InputSerializer):
    """context["user"]: the task is looked up among the tasks the user sees."""

    # Blank titles, unknown forms, negative counts, units outside the scope and dates outside a
    # linked task's plan pass through here on purpose: the service refuses them, naming the field.
    date = ViDateField(help_text="Ngày tổ chức (YYYY-MM-DD), không ở tương lai.")
    title = ViCharField(allow_blank=True, max_length=300, help_text="Nội dung tuyên truyền.")
    form = ViCharField(help_text=f"Hình thức: {_values(EventForm)}.")
    units = ViListField(
        child=ViIntegerField(min_value=1), help_text="Mã số (id) các đơn vị cấp xã, trong phạm vi của người dùng."
    )
    primary_unit = ViIntegerField(
        required=False, allow_null=True, min_value=1, help_text="Địa bàn chính, một trong `units`; mặc định: đầu tiên."
    )
    organiser = ViIntegerField(min_value=1, help_text="Mã số (id) của cơ quan tổ chức.")
    location = ViCharField(required=False, allow_blank=True, max_length=200, default="")
    task = ViIntegerField(required=False, allow_null=True, min_value=1, help_text="Nhiệm vụ của kế hoạch (id).")
    notes = ViCharField(required=False, allow_blank=True, default="", trim_whitespace=False)
    audience = ViListField(child=AudienceInputSerializer(), required=False, default=list)
    materials = ViListField(child=MaterialInputSerializer(), required=False, default=list)

    def validate_units(self, ids: list[int]) -> list[AdministrativeUnit]:
        found = {unit.pk: unit for unit in AdministrativeUnit.objects.filter(pk__in=ids)}
        unknown = [str(pk) for pk in ids if pk not in found]
        if unknown:
            raise serializers.ValidationError(f"Không có địa bàn mã số {', '.join(unknown)}.")
        return [found[pk] for pk in dict.fromkeys(ids)]

    def validate_primary_unit(self, pk: int | None) -> AdministrativeUnit | None:
        return None if pk is None else unit_by_id(pk)

    def validate_organiser(self, pk: int) -> Agency:
        return agency_by_id(pk)

    def validate_task(self, pk: int | None) -> Task | None:
        if pk is None:
            return None
        user: User = self.context["user"]
        task = Task.objects.visible_to(user).select_related("plan").filter(pk=pk).first()
        if task is None:
            raise serializers.ValidationError("Không có nhiệm vụ này trong phạm vi của bạn.")
        return task

    @staticmethod
    def _by_key(rows: list[dict[str, Any]], key: str, value: str, label: str) -> dict[str, int]:
        counts: dict[str, int] = {}
        for row in rows:
            if row[key] in counts:
                raise serializers.ValidationError(f"{label} “{row[key]}” ghi hai lần.")
            counts[row[key]] = row[value]
        return counts

    def validate_audience(self, rows: list[dict[str, Any]]) -> dict[str, int]:
        return self._by_key(rows, "group", "count", "Nhóm đối tượng")

    def validate_materials(self, rows: list[dict[str, Any]]) -> dict[str, int]:
        return self._by_key(rows, "kind", "quantity", "Loại tài liệu")


class OutreachEventFilterSerializer(PeriodFilterMixin, InputSerializer):
    unit = ViIntegerField(
        required=False, min_value=1, help_text="Địa bàn (id) trong phạm vi: hoạt động tại địa bàn đó và cấp dưới."
    )
    form = ViChoiceField(choices=EventForm.choices, required=False)
    organiser = ViIntegerField(required=False, min_value=1, help_text="Cơ quan tổ chức (id).")


# Media items ----------------------------------------------------------------------------------------


class MediaItemSerializer(serializers.ModelSerializer[MediaItem]):
    unit = UnitRefSerializer(read_only=True, help_text="Tỉnh có cơ quan báo chí đăng, phát.")
    has_file = serializers.SerializerMethodField(help_text="Có tệp đính kèm (tải về trên trang web).")

    class Meta:
        model = MediaItem
        fields = [
            "id",
            "unit",
            "outlet",
            "outlet_name",
            "kind",
            "date",
            "title",
            "link",
            "file_name",
            "has_file",
            "created_at",
        ]
        read_only_fields = fields

    def get_has_file(self, item: MediaItem) -> bool:
        return bool(item.file)


class MediaItemInputSerializer(InputSerializer):
    outlet = ViCharField(help_text=f"Cơ quan báo chí: {_values(Outlet)}.")
    outlet_name = ViCharField(required=False, allow_blank=True, max_length=120, default="")
    kind = ViCharField(help_text=f"Thể loại: {_values(MediaKind)}.")
    date = ViDateField(help_text="Ngày đăng, phát (YYYY-MM-DD).")
    title = ViCharField(allow_blank=True, max_length=300)
    link = ViCharField(required=False, allow_blank=True, max_length=500, default="", help_text="http(s)://...")
    file = ViFileField(required=False, allow_empty_file=True, help_text="Tệp (multipart/form-data), không bắt buộc.")


class MediaItemFilterSerializer(InputSerializer):
    year = ViIntegerField(required=False, min_value=1990, max_value=2100)
    outlet = ViChoiceField(choices=Outlet.choices, required=False)
    kind = ViChoiceField(choices=MediaKind.choices, required=False)


# Training -------------------------------------------------------------------------------------------


@extend_schema_field({"type": "string", "enum": CourseLevel.values, "description": "Cấp tổ chức lớp."})
class CourseLevelField(serializers.CharField):
    """The course level as a plain string enum: units and agencies already name their own `level` enums,
    and a third one would make the schema's enum names collide."""


class TrainingCourseSerializer(serializers.ModelSerializer[TrainingCourse]):
    organiser = AgencyRefSerializer(read_only=True)
    level = CourseLevelField(read_only=True)
    unit = UnitRefSerializer(read_only=True)
    participants = serializers.IntegerField(source="enrolled", read_only=True, help_text="Số học viên (mọi địa bàn).")
    completed = serializers.IntegerField(source="done", read_only=True, help_text="Số học viên hoàn thành.")

    class Meta:
        model = TrainingCourse
        fields = [
            "id",
            "title",
            "start_date",
            "end_date",
            "organiser",
            "level",
            "topic",
            "unit",
            "location",
            "participants",
            "completed",
        ]
        read_only_fields = fields


class TrainingCourseInputSerializer(InputSerializer):
    title = ViCharField(allow_blank=True, max_length=300)
    start_date = ViDateField()
    end_date = ViDateField()
    organiser = ViIntegerField(min_value=1, help_text="Mã số (id) của cơ quan tổ chức.")
    level = ViCharField(help_text=f"Cấp tổ chức: {_values(CourseLevel)}.")
    topic = ViCharField(help_text=f"Chủ đề: {_values(CourseTopic)}.")
    unit = ViIntegerField(min_value=1, help_text="Địa bàn (id) trong phạm vi của người dùng.")
    location = ViCharField(required=False, allow_blank=True, max_length=200, default="")

    def validate_organiser(self, pk: int) -> Agency:
        return agency_by_id(pk)

    def validate_unit(self, pk: int) -> AdministrativeUnit:
        return unit_by_id(pk)


class TrainingCourseFilterSerializer(InputSerializer):
    year = ViIntegerField(required=False, min_value=1990, max_value=2100, help_text="Năm kết thúc lớp.")
    topic = ViChoiceField(choices=CourseTopic.choices, required=False)


class OfficialRefSerializer(serializers.ModelSerializer[Official]):
    class Meta:
        model = Official
        fields = ["id", "full_name"]
        read_only_fields = fields


class ParticipantSerializer(serializers.ModelSerializer[Participant]):
    official = OfficialRefSerializer(read_only=True)

    class Meta:
        model = Participant
        fields = ["id", "official", "attended", "completed"]
        read_only_fields = fields


class ParticipantInputSerializer(InputSerializer):
    official = ViIntegerField(min_value=1, help_text="Cán bộ (id) trong danh sách, thuộc phạm vi của người dùng.")
    attended = ViBooleanField(required=False, default=True)
    completed = ViBooleanField(required=False, default=False)


# The roster -----------------------------------------------------------------------------------------


class OfficialSerializer(serializers.ModelSerializer[Official]):
    agency = AgencyRefSerializer(read_only=True)
    unit = UnitRefSerializer(read_only=True)

    class Meta:
        model = Official
        fields = ["id", "full_name", "agency", "unit", "position", "start_date", "end_date"]
        read_only_fields = fields


class OfficialInputSerializer(InputSerializer):
    full_name = ViCharField(allow_blank=True, max_length=120)
    agency = ViIntegerField(min_value=1, help_text="Mã số (id) của cơ quan.")
    unit = ViIntegerField(min_value=1, help_text="Địa bàn (id) trong phạm vi của người dùng.")
    position = ViCharField(allow_blank=True, max_length=120, help_text="Chức vụ.")
    start_date = ViDateField()
    end_date = ViDateField(required=False, allow_null=True, default=None, help_text="null: còn làm công tác này.")

    def validate_agency(self, pk: int) -> Agency:
        return agency_by_id(pk)

    def validate_unit(self, pk: int) -> AdministrativeUnit:
        return unit_by_id(pk)


class OfficialFilterSerializer(InputSerializer):
    unit = ViIntegerField(required=False, min_value=1, help_text="Địa bàn (id) trong phạm vi, gồm cả cấp dưới.")
    agency = ViIntegerField(required=False, min_value=1, help_text="Cơ quan (id).")
    active_on = ViDateField(required=False, help_text="Chỉ cán bộ còn làm công tác vào ngày này.")


# Integrated plans -----------------------------------------------------------------------------------


class IntegratedPlanSerializer(serializers.ModelSerializer[IntegratedPlan]):
    unit = UnitRefSerializer(read_only=True)
    programmes = serializers.ListField(
        child=serializers.ChoiceField(choices=Programme.choices), read_only=True, help_text="Chương trình lồng ghép."
    )
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = IntegratedPlan
        fields = ["id", "unit", "document_number", "issued_on", "title", "programmes", "file_name", "has_file"]
        read_only_fields = fields

    def get_has_file(self, plan: IntegratedPlan) -> bool:
        return bool(plan.file)


class IntegratedPlanInputSerializer(InputSerializer):
    unit = ViIntegerField(min_value=1, help_text="Đơn vị cấp huyện hoặc cấp xã (id) trong phạm vi.")
    document_number = ViCharField(allow_blank=True, max_length=60, help_text="Số ký hiệu, vd. 12/KH-UBND.")
    issued_on = ViDateField(help_text="Ngày ban hành (YYYY-MM-DD).")
    title = ViCharField(required=False, allow_blank=True, max_length=300, default="")
    programmes = ViListField(child=ViCharField(), help_text=f"Chương trình lồng ghép: {_values(Programme)}.")
    file = ViFileField(required=False, allow_empty_file=True, help_text="Tệp văn bản (multipart/form-data).")

    def validate_unit(self, pk: int) -> AdministrativeUnit:
        return unit_by_id(pk)


class IntegratedPlanFilterSerializer(InputSerializer):
    unit = ViIntegerField(required=False, min_value=1, help_text="Địa bàn (id) trong phạm vi, gồm cả cấp dưới.")
