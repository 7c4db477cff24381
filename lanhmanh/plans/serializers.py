"""Shapes of the plans API: an output serializer per resource, an input serializer per write or filter.

Input serializers only turn JSON and query strings into Python values (types, formats, presence).
Every rule about the values themselves (no future dates, no empty text, no negative quantities,
evidence content, versions, who may do what) lives in `services.py` and `access.py`; a service's
ValidationError reaches the client as a 400 naming the field through `lanhmanh.core.api`, so the
API and the pages answer with the same messages.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lanhmanh.accounts.models import Agency, User
from lanhmanh.indicators.periods import Basis, Period, parse_period
from lanhmanh.indicators.progress import Progress, Status, TargetProgress
from lanhmanh.places.models import AdministrativeUnit
from lanhmanh.plans.forms import agencies_for_plan
from lanhmanh.plans.models import Direction, Frequency, ManualValue, Measure, Plan, Task, TaskStatus, TaskUpdate

# Same bounds as the model fields (DecimalField(max_digits=14, decimal_places=2)).
MAX_DIGITS = 14
DECIMAL_PLACES = 2
STATUS_VALUES = ", ".join(TaskStatus.values)


# Input fields that answer in Vietnamese ------------------------------------------------------------
# DRF's own Vietnamese catalogue leaves most of its messages in English ("This field is required."),
# so the fields used for input carry their own. Subclasses keep every serializer below short.

_PRESENCE = {
    "required": "Cần nhập trường này.",
    "null": "Trường này không được để trống.",
}


class ViIntegerField(serializers.IntegerField):
    default_error_messages = {
        **_PRESENCE,
        "invalid": "Cần một số nguyên.",
        "max_string_length": "Số quá dài.",
        "min_value": "Phải lớn hơn hoặc bằng {min_value}.",
        "max_value": "Phải nhỏ hơn hoặc bằng {max_value}.",
    }


class ViDecimalField(serializers.DecimalField):
    default_error_messages = {
        **_PRESENCE,
        "invalid": "Cần một số, ví dụ 1234.5 (dấu chấm thập phân).",
        "max_string_length": "Số quá dài.",
        "max_digits": "Số quá lớn: tối đa {max_digits} chữ số.",
        "max_decimal_places": "Tối đa {max_decimal_places} chữ số thập phân.",
        "max_whole_digits": "Số quá lớn: tối đa {max_whole_digits} chữ số phần nguyên.",
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES, **kwargs)


class ViDateField(serializers.DateField):
    default_error_messages = {
        **_PRESENCE,
        "invalid": "Ngày không hợp lệ: dùng dạng YYYY-MM-DD, ví dụ 2019-06-01.",
        "datetime": "Cần một ngày (YYYY-MM-DD), không kèm giờ.",
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(input_formats=["%Y-%m-%d"], **kwargs)


class ViCharField(serializers.CharField):
    default_error_messages = {
        **_PRESENCE,
        "invalid": "Cần một chuỗi ký tự.",
        "blank": "Trường này không được để trống.",
        "max_length": "Dài quá {max_length} ký tự.",
    }


class ViChoiceField(serializers.ChoiceField):
    default_error_messages = {**_PRESENCE, "invalid_choice": "“{input}” không phải là lựa chọn hợp lệ."}


class ViBooleanField(serializers.BooleanField):
    default_error_messages = {**_PRESENCE, "invalid": "Cần true hoặc false."}


class ViListField(serializers.ListField):
    default_error_messages = {**_PRESENCE, "not_a_list": "Cần một danh sách.", "empty": "Danh sách không được rỗng."}


class ViFileField(serializers.FileField):
    default_error_messages = {
        **_PRESENCE,
        "invalid": "Không nhận được tệp: gửi dạng multipart/form-data.",
        "no_name": "Tệp tải lên không có tên.",
        "empty": "Tệp tải lên rỗng.",
        "max_length": "Tên tệp dài quá {max_length} ký tự.",
    }


class InputSerializer(serializers.Serializer[dict[str, Any]]):
    default_error_messages = {"invalid": "Dữ liệu không hợp lệ: cần một đối tượng JSON, nhận được {datatype}."}

    @classmethod
    def parse(cls, data: Any, **context: Any) -> dict[str, Any]:
        """The validated values; a 400 naming the fields when some are malformed."""
        serializer = cls(data=data, context=context)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


# Shared pieces -----------------------------------------------------------------------------------


class UnitRefSerializer(serializers.ModelSerializer[AdministrativeUnit]):
    """An administrative unit as other records mention it."""

    class Meta:
        model = AdministrativeUnit
        fields = ["id", "code", "name"]
        read_only_fields = fields


class PeriodSerializer(serializers.Serializer[Period]):
    key = serializers.CharField(help_text="Khóa kỳ, dùng lại được trong tham số `period`: 2019, 2019-Q2, r:2019-H1...")
    start = serializers.DateField()
    end = serializers.DateField()
    basis = serializers.ChoiceField(choices=Basis.choices)

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # `label` is declared here, not as a class attribute: every DRF field has a `label`
        # attribute, which a declared field of that name would shadow for type checkers.
        fields = super().get_fields()
        return {"key": fields.pop("key"), "label": serializers.CharField(), **fields}


# Plans -------------------------------------------------------------------------------------------


class PlanSerializer(serializers.ModelSerializer[Plan]):
    unit = UnitRefSerializer(read_only=True)
    lead_agency: serializers.SlugRelatedField[Agency] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text="Mã cơ quan thường trực."
    )
    content = serializers.DictField(
        read_only=True, help_text="Các phần lời văn: legal_basis, purposes, general_objective... (danh sách đoạn văn)."
    )

    class Meta:
        model = Plan
        fields = [
            "id",
            "code",
            "number",
            "title",
            "issuer",
            "issued_on",
            "period_start",
            "period_end",
            "unit",
            "lead_agency",
            "content",
        ]
        read_only_fields = fields


# Targets, measures and their progress ------------------------------------------------------------


class MeasureSerializer(serializers.ModelSerializer[Measure]):
    class Meta:
        model = Measure
        fields = [
            "id",
            "code",
            "label",
            "indicator_code",
            "baseline",
            "target_value",
            "unit_of_measure",
            "direction",
            "frequency",
            "version",
        ]
        read_only_fields = fields


class CurrentSerializer(serializers.Serializer[Progress]):
    """Where a measure stands for the period and unit asked for (`indicators.progress`)."""

    value = serializers.DecimalField(
        max_digits=20,
        decimal_places=DECIMAL_PLACES,
        allow_null=True,
        help_text="Giá trị hiện tại; null: chưa có số liệu.",
    )
    percent_of_target = serializers.IntegerField(
        allow_null=True, min_value=0, max_value=100, help_text="Mức đạt so với mục tiêu, 0-100 (100 chỉ khi đã đạt)."
    )
    status = serializers.ChoiceField(choices=Status.choices)


class MeasureProgressSerializer(serializers.Serializer[Progress]):
    """A measure (read from `Progress.measure`) with its current value."""

    id = serializers.IntegerField(source="measure.pk")
    code = serializers.CharField(source="measure.code")
    indicator_code = serializers.CharField(
        source="measure.indicator_code", help_text="Mã chỉ số tính tự động, hoặc “manual” khi số liệu nhập tay."
    )
    baseline = serializers.DecimalField(max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES, allow_null=True)
    target_value = serializers.DecimalField(
        source="target", max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES, allow_null=True
    )
    unit_of_measure = serializers.CharField()
    direction = serializers.ChoiceField(source="measure.direction", choices=Direction.choices)
    frequency = serializers.ChoiceField(source="measure.frequency", choices=Frequency.choices)
    version = serializers.IntegerField(source="measure.version")
    current = CurrentSerializer(source="*")

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # `label` is declared here for the reason given in PeriodSerializer.get_fields.
        fields = super().get_fields()
        label = serializers.CharField(source="measure.label")
        return {"id": fields.pop("id"), "code": fields.pop("code"), "label": label, **fields}


class TargetProgressSerializer(serializers.Serializer[Any]):
    """A target of the plan with its measures, for the period and unit in the context."""

    id = serializers.IntegerField(source="target.pk")
    code = serializers.CharField(source="target.code")
    text = serializers.CharField(source="target.text")
    period = serializers.SerializerMethodField()
    unit = serializers.SerializerMethodField()
    measures = MeasureProgressSerializer(many=True)

    @extend_schema_field(PeriodSerializer)
    def get_period(self, row: TargetProgress) -> dict[str, Any]:
        return dict(PeriodSerializer(self.context["period"]).data)

    @extend_schema_field(UnitRefSerializer)
    def get_unit(self, row: TargetProgress) -> dict[str, Any]:
        return dict(UnitRefSerializer(self.context["unit"]).data)


class TargetQuerySerializer(InputSerializer):
    plan = ViIntegerField(min_value=1, help_text="Mã số (id) của kế hoạch.")
    period = ViCharField(
        required=False,
        help_text=(
            "Kỳ: 2019, 2019-9M, 2019-H1, 2019-Q2, 2019-05; thêm “r:” cho kỳ báo cáo theo Nghị định 09/2019 "
            "(r:2019-Q1). Bỏ trống: năm của kế hoạch."
        ),
    )
    unit = ViIntegerField(
        required=False,
        min_value=1,
        help_text="Mã số (id) của địa bàn, trong phạm vi của người dùng. Bỏ trống: phạm vi của người dùng.",
    )

    def validate_period(self, key: str) -> Period:
        try:
            return parse_period(key.strip())
        except ValueError as error:
            raise serializers.ValidationError(str(error)) from None


class MeasureUpdateSerializer(InputSerializer):
    baseline = ViDecimalField(allow_null=True, help_text="Giá trị ban đầu; null: chưa có.")
    target_value = ViDecimalField(allow_null=True, help_text="Giá trị mục tiêu; null: không có số cụ thể.")
    version = ViIntegerField(min_value=1, help_text="Phiên bản (`version`) của chỉ tiêu khi đọc.")


# Tasks -------------------------------------------------------------------------------------------


class TaskSerializer(serializers.ModelSerializer[Task]):
    lead_agency: serializers.SlugRelatedField[Agency] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True, help_text="Mã cơ quan chủ trì; null: chưa giao."
    )
    partners = serializers.ManyRelatedField(
        child_relation=serializers.SlugRelatedField(slug_field="code", read_only=True),
        read_only=True,
        help_text="Mã các cơ quan phối hợp.",
    )
    unit = UnitRefSerializer(read_only=True)
    overdue = serializers.SerializerMethodField(help_text="Chưa xong mà đã quá thời hạn.")

    class Meta:
        model = Task
        fields = [
            "id",
            "plan",
            "code",
            "section",
            "kind",
            "text",
            "lead_agency",
            "partners",
            "unit",
            "deadline",
            "status",
            "version",
            "overdue",
        ]
        read_only_fields = fields

    def get_overdue(self, task: Task) -> bool:
        # The ids come from TaskQuerySet.overdue, so the rule is the one the dashboard counts with.
        overdue_ids: set[int] = self.context["overdue_ids"]
        return task.pk in overdue_ids


class TaskFilterSerializer(InputSerializer):
    plan = ViIntegerField(required=False, min_value=1, help_text="Mã số (id) của kế hoạch.")
    agency = ViCharField(
        required=False, max_length=30, help_text="Mã cơ quan: nhiệm vụ cơ quan đó chủ trì hoặc phối hợp."
    )
    status = ViChoiceField(choices=TaskStatus.choices, required=False)
    unit = ViIntegerField(
        required=False,
        min_value=1,
        help_text="Mã số (id) của địa bàn trong phạm vi người dùng: nhiệm vụ thực hiện tại địa bàn đó và cấp dưới.",
    )
    overdue = ViBooleanField(required=False, help_text="true: chỉ nhiệm vụ quá hạn.")


class TaskAssignSerializer(InputSerializer):
    """Agency codes are looked up among the agencies of the plan's area (context["plan"])."""

    lead_agency = ViCharField(allow_null=True, max_length=30, help_text="Mã cơ quan chủ trì; null: bỏ giao.")
    partners = ViListField(
        child=ViCharField(max_length=30), required=False, default=list, help_text="Mã các cơ quan phối hợp."
    )
    deadline = ViDateField(allow_null=True, help_text="Thời hạn (YYYY-MM-DD); null: không có.")
    version = ViIntegerField(min_value=1, help_text="Phiên bản (`version`) của nhiệm vụ khi đọc.")

    def _agencies(self, codes: list[str]) -> dict[str, Agency]:
        plan: Plan = self.context["plan"]
        found: dict[str, list[Agency]] = {}
        for agency in agencies_for_plan(plan).filter(code__in=codes):
            found.setdefault(agency.code, []).append(agency)
        unknown = [code for code in codes if code not in found]
        if unknown:
            raise serializers.ValidationError(f"Không có cơ quan mã {', '.join(unknown)} trong địa bàn của kế hoạch.")
        # Codes are unique per unit, so a district's agency may share a code with a provincial one.
        ambiguous = [code for code in codes if len(found[code]) > 1]
        if ambiguous:
            raise serializers.ValidationError(f"Mã cơ quan {', '.join(ambiguous)} trùng nhau giữa nhiều địa bàn.")
        return {code: agencies[0] for code, agencies in found.items()}

    def validate_lead_agency(self, code: str | None) -> Agency | None:
        return None if code is None else self._agencies([code])[code]

    def validate_partners(self, codes: list[str]) -> list[Agency]:
        unique = list(dict.fromkeys(codes))
        agencies = self._agencies(unique) if unique else {}
        return [agencies[code] for code in unique]


class TaskUpdateSerializer(serializers.ModelSerializer[TaskUpdate]):
    status_before = serializers.CharField(read_only=True, help_text=f"Trạng thái trước: {STATUS_VALUES}.")
    status_after = serializers.CharField(read_only=True, help_text=f"Trạng thái sau: {STATUS_VALUES}.")
    author: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(slug_field="username", read_only=True)
    author_agency: serializers.SlugRelatedField[Agency] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    evidence_name = serializers.CharField(read_only=True, help_text="Tên tệp minh chứng; rỗng: không có.")

    class Meta:
        model = TaskUpdate
        fields = [
            "id",
            "task",
            "date",
            "text",
            "quantity",
            "status_before",
            "status_after",
            "evidence_name",
            "author",
            "author_agency",
            "created_at",
        ]
        read_only_fields = fields


class TaskUpdateCreatedSerializer(TaskUpdateSerializer):
    task_version = serializers.IntegerField(
        source="task.version", read_only=True, help_text="Phiên bản mới của nhiệm vụ, để gửi lần cập nhật sau."
    )

    class Meta(TaskUpdateSerializer.Meta):
        fields = [*TaskUpdateSerializer.Meta.fields, "task_version"]
        read_only_fields = fields


class TaskUpdateInputSerializer(InputSerializer):
    # Blank text, future dates, negative quantities, unknown statuses and bad files pass through
    # here on purpose: services.task_post_update refuses them, with the messages the page shows.
    date = ViDateField(help_text="Ngày của cập nhật (YYYY-MM-DD), không ở tương lai.")
    text = ViCharField(allow_blank=True, trim_whitespace=False, help_text="Nội dung đã thực hiện.")
    quantity = ViDecimalField(required=False, allow_null=True, help_text="Số lượng (không âm), không bắt buộc.")
    new_status = ViCharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text=f"Trạng thái mới ({STATUS_VALUES}); bỏ trống: giữ nguyên.",
    )
    version = ViIntegerField(min_value=1, help_text="Phiên bản (`version`) của nhiệm vụ khi đọc.")
    evidence = ViFileField(
        required=False, allow_empty_file=True, help_text="Tệp minh chứng (PDF, DOCX, XLSX, JPG, PNG; tối đa 10 MB)."
    )

    def validate_new_status(self, value: str | None) -> str | None:
        return value or None


class TaskUpdateFilterSerializer(InputSerializer):
    task = ViIntegerField(required=False, min_value=1, help_text="Mã số (id) của nhiệm vụ.")


# Manual values -----------------------------------------------------------------------------------


class ManualValueSerializer(serializers.ModelSerializer[ManualValue]):
    measure_code = serializers.CharField(source="measure.code", read_only=True)
    unit = UnitRefSerializer(read_only=True)
    entered_by: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = ManualValue
        fields = [
            "id",
            "measure",
            "measure_code",
            "unit",
            "period_start",
            "period_end",
            "value",
            "unit_of_measure",
            "source_note",
            "entered_by",
            "entered_at",
        ]
        read_only_fields = fields


class ManualValueInputSerializer(InputSerializer):
    measure = ViIntegerField(min_value=1, help_text="Mã số (id) của chỉ tiêu (chỉ tiêu nhập tay).")
    unit = ViIntegerField(min_value=1, help_text="Mã số (id) của địa bàn báo cáo.")
    period_start = ViDateField()
    period_end = ViDateField()
    value = ViDecimalField()
    unit_of_measure = ViCharField(allow_blank=True, max_length=40)
    source_note = ViCharField(allow_blank=True, help_text="Nguồn số liệu: văn bản, báo cáo, cơ quan cung cấp.")


class ManualValueFilterSerializer(InputSerializer):
    measure = ViIntegerField(required=False, min_value=1, help_text="Mã số (id) của chỉ tiêu.")
