"""Shapes of the healthy-commune API: an output serializer per resource, an input one per write.

Input serializers only turn JSON into Python values (types, formats, presence). What the values
may be (within the points, in a band, a reason where the reviewer differs, the state that allows
the step, who may take it) is decided in `services.py` and `access.py`, whose errors reach the
client as 400/403/409 through `lanhmanh.core.api`, with the messages the pages show.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lanhmanh.accounts.models import User
from lanhmanh.communes.models import (
    AssessmentClass,
    AssessmentScheme,
    AssessmentStatus,
    AssessmentTransition,
    Criterion,
    CriterionGroup,
    CriterionScore,
    HealthyCommuneAssessment,
    RecognitionDecision,
    ScoreEvidence,
)
from lanhmanh.communes.services import ReviewInput, ScoreInput
from lanhmanh.plans.serializers import (
    InputSerializer,
    UnitRefSerializer,
    ViCharField,
    ViChoiceField,
    ViDateField,
    ViDecimalField,
    ViFileField,
    ViIntegerField,
    ViListField,
)

STATUS_VALUES = ", ".join(AssessmentStatus.values)


# Schemes -----------------------------------------------------------------------------------------


class ClassSerializer(serializers.ModelSerializer[AssessmentClass]):
    class Meta:
        model = AssessmentClass
        fields = ["code", "label", "min_points", "below_points", "healthy", "rank"]
        read_only_fields = fields


class ClassRefSerializer(serializers.ModelSerializer[AssessmentClass]):
    class Meta:
        model = AssessmentClass
        fields = ["code", "label", "healthy"]
        read_only_fields = fields


class BandSerializer(serializers.Serializer[dict[str, Any]]):
    # Written out ("from" is a Python keyword): the band as the scheme file gives it.
    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {
            "from": serializers.DecimalField(max_digits=12, decimal_places=2, help_text="Từ (gồm cả giá trị này)."),
            "below": serializers.DecimalField(
                max_digits=12, decimal_places=2, allow_null=True, help_text="Đến dưới; null: không giới hạn trên."
            ),
            "points": serializers.DecimalField(max_digits=6, decimal_places=2),
        }


class CriterionSerializer(serializers.ModelSerializer[Criterion]):
    group = serializers.CharField(source="group.code", read_only=True)
    bands = BandSerializer(many=True, read_only=True, help_text="Bảng quy đổi số liệu ra điểm (scoring: number).")
    knock_out_cap = serializers.CharField(
        source="knock_out_cap.code",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="Mã loại cao nhất được xếp khi tiêu chí không đạt; null: không hạ loại.",
    )
    facts = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Criterion
        fields = [
            "code",
            "group",
            "text",
            "guidance",
            "max_points",
            "kind",
            "step",
            "unit",
            "bands",
            "evidence_required",
            "knock_out_cap",
            "facts",
        ]
        read_only_fields = fields


class GroupSerializer(serializers.ModelSerializer[CriterionGroup]):
    class Meta:
        model = CriterionGroup
        fields = ["code", "title"]
        read_only_fields = fields


class SchemeRefSerializer(serializers.ModelSerializer[AssessmentScheme]):
    is_example = serializers.BooleanField(read_only=True, help_text="true: bộ tiêu chí VÍ DỤ, không chính thức.")

    class Meta:
        model = AssessmentScheme
        fields = ["id", "code", "version", "title", "is_example"]
        read_only_fields = fields


class SchemeSerializer(SchemeRefSerializer):
    legal_basis = serializers.ListField(child=serializers.CharField(), read_only=True)
    groups = GroupSerializer(many=True, read_only=True)
    criteria = CriterionSerializer(many=True, read_only=True)
    classes = ClassSerializer(many=True, read_only=True)

    class Meta(SchemeRefSerializer.Meta):
        fields = [
            *SchemeRefSerializer.Meta.fields,
            "legal_basis",
            "description",
            "valid_from",
            "valid_to",
            "max_total",
            "groups",
            "criteria",
            "classes",
        ]
        read_only_fields = fields


# Assessments -------------------------------------------------------------------------------------


class RecognitionRefSerializer(serializers.ModelSerializer[RecognitionDecision]):
    class Meta:
        model = RecognitionDecision
        fields = ["id", "number", "signed_on"]
        read_only_fields = fields


class AssessmentSerializer(serializers.ModelSerializer[HealthyCommuneAssessment]):
    commune = UnitRefSerializer(read_only=True)
    scheme = SchemeRefSerializer(read_only=True)
    status = serializers.CharField(read_only=True, help_text=f"Trạng thái: {STATUS_VALUES}.")
    self_class = ClassRefSerializer(read_only=True, allow_null=True)
    reviewed_class = ClassRefSerializer(read_only=True, allow_null=True)
    result_class = ClassRefSerializer(
        read_only=True, allow_null=True, help_text="Xếp loại đã thẩm định (approved, recognised); null: chưa có."
    )
    recognition = RecognitionRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = HealthyCommuneAssessment
        fields = [
            "id",
            "commune",
            "year",
            "scheme",
            "status",
            "version",
            "self_total",
            "self_class",
            "reviewed_total",
            "reviewed_class",
            "result_class",
            "recognition",
            "submitted_at",
            "approved_at",
            "updated_at",
        ]
        read_only_fields = fields


class EvidenceSerializer(serializers.ModelSerializer[ScoreEvidence]):
    uploaded_by: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )

    class Meta:
        model = ScoreEvidence
        fields = ["id", "name", "uploaded_by", "uploaded_at"]
        read_only_fields = fields


class ScoreSerializer(serializers.ModelSerializer[CriterionScore]):
    criterion = serializers.CharField(source="criterion.code", read_only=True, help_text="Mã tiêu chí.")
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = CriterionScore
        fields = [
            "criterion",
            "self_value",
            "self_points",
            "note",
            "reviewed_value",
            "reviewed_points",
            "review_reason",
            "evidence",
        ]
        read_only_fields = fields


class TransitionSerializer(serializers.ModelSerializer[AssessmentTransition]):
    actor: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(slug_field="username", read_only=True)
    from_status = serializers.CharField(read_only=True, help_text="Rỗng: lúc mở bản đánh giá.")
    to_status = serializers.CharField(read_only=True)
    changes = serializers.DictField(read_only=True)

    class Meta:
        model = AssessmentTransition
        fields = ["from_status", "to_status", "actor", "at", "reason", "changes"]
        read_only_fields = fields


class AssessmentDetailSerializer(AssessmentSerializer):
    scores = ScoreSerializer(many=True, read_only=True)
    transitions = TransitionSerializer(many=True, read_only=True)

    class Meta(AssessmentSerializer.Meta):
        fields = [*AssessmentSerializer.Meta.fields, "note", "review_note", "scores", "transitions"]
        read_only_fields = fields


class AssessmentFilterSerializer(InputSerializer):
    year = ViIntegerField(required=False, min_value=1)
    status = ViChoiceField(choices=AssessmentStatus.choices, required=False)
    commune = ViIntegerField(required=False, min_value=1, help_text="Mã số (id) của đơn vị cấp xã.")


_VALUE_HELP = (
    "Đạt/không đạt: 1 hoặc 0; thang điểm: số điểm; số liệu: con số đếm được (hệ thống quy ra điểm). null: chưa chấm."
)


class ScoreInputSerializer(InputSerializer):
    criterion = ViCharField(max_length=20, help_text="Mã tiêu chí trong bộ tiêu chí của bản đánh giá.")
    value = ViDecimalField(allow_null=True, help_text=_VALUE_HELP)
    note = ViCharField(required=False, allow_blank=True, default="")


class ReviewScoreInputSerializer(InputSerializer):
    criterion = ViCharField(max_length=20, help_text="Mã tiêu chí.")
    value = ViDecimalField(allow_null=True, help_text="Điểm thẩm định (như `value` khi tự chấm); null: đồng ý.")
    reason = ViCharField(required=False, allow_blank=True, default="", help_text="Bắt buộc khi chấm khác.")


def _by_code(items: list[dict[str, Any]], make: type[ScoreInput] | type[ReviewInput], key: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for item in items:
        code = item["criterion"]
        if code in found:
            raise serializers.ValidationError(f"Tiêu chí {code} xuất hiện hai lần.")
        found[code] = make(item["value"], item[key])
    return found


class AssessmentCreateSerializer(InputSerializer):
    year = ViIntegerField(min_value=1, help_text="Năm đánh giá; xã là phạm vi của cán bộ cấp xã gửi yêu cầu.")


class AssessmentUpdateSerializer(InputSerializer):
    version = ViIntegerField(min_value=1, help_text="Phiên bản (`version`) của bản đánh giá khi đọc.")
    note = ViCharField(required=False, allow_blank=True, help_text="Tự nhận xét chung; bỏ qua: giữ nguyên.")
    scores = ViListField(
        child=ScoreInputSerializer(),
        required=False,
        default=list,
        help_text="Điểm tự chấm của các tiêu chí cần thay đổi; tiêu chí không nêu giữ nguyên.",
    )

    def validate_scores(self, items: list[dict[str, Any]]) -> dict[str, ScoreInput]:
        return _by_code(items, ScoreInput, "note")


class VersionSerializer(InputSerializer):
    version = ViIntegerField(min_value=1, help_text="Phiên bản (`version`) của bản đánh giá khi đọc.")


class ReviewSerializer(VersionSerializer):
    review_note = ViCharField(required=False, allow_blank=True, help_text="Nhận xét thẩm định; bỏ qua: giữ nguyên.")
    scores = ViListField(child=ReviewScoreInputSerializer(), required=False, default=list)

    def validate_scores(self, items: list[dict[str, Any]]) -> dict[str, ReviewInput]:
        return _by_code(items, ReviewInput, "reason")


class ReturnSerializer(VersionSerializer):
    reason = ViCharField(allow_blank=True, help_text="Lý do trả lại (bắt buộc): xã cần sửa gì.")


class EvidenceInputSerializer(InputSerializer):
    criterion = ViCharField(max_length=20, help_text="Mã tiêu chí.")
    file = ViFileField(allow_empty_file=True, help_text="Tệp minh chứng (PDF, DOCX, XLSX, JPG, PNG; tối đa 10 MB).")


# Recognition -------------------------------------------------------------------------------------


class RecognitionSerializer(serializers.ModelSerializer[RecognitionDecision]):
    unit = UnitRefSerializer(read_only=True)
    assessments = serializers.SerializerMethodField(help_text="Bản đánh giá trong phạm vi của người đọc.")

    class Meta:
        model = RecognitionDecision
        fields = ["id", "unit", "year", "number", "signed_on", "issuer", "note", "assessments"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_assessments(self, decision: RecognitionDecision) -> list[int]:
        visible: dict[int, list[int]] = self.context["visible"]
        return visible.get(decision.pk, [])


class RecognitionInputSerializer(InputSerializer):
    number = ViCharField(allow_blank=True, max_length=40, help_text="Số quyết định, ví dụ 123/QĐ-UBND.")
    signed_on = ViDateField(help_text="Ngày ký (YYYY-MM-DD).")
    issuer = ViCharField(allow_blank=True, max_length=200, help_text="Cơ quan ban hành.")
    note = ViCharField(required=False, allow_blank=True, default="")
    assessments = ViListField(
        child=ViIntegerField(min_value=1), help_text="Mã số (id) các bản đánh giá đã thẩm định, cùng một năm."
    )
