"""Shapes of the inspections API: an output serializer per resource, an input serializer per write or filter.

Input serializers only turn JSON and query strings into Python values and look up the records
named by id (within what the user sees: an id outside the scope reads as "no such record"). Every
rule about the values (three members present, the checklist, the catalogue row in force, the fine
range, scope) lives in `services.py`, whose ValidationError reaches the client as a 400 naming the
field, with the messages the pages show.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from lanhmanh.accounts.models import Agency, User
from lanhmanh.establishments.models import Establishment
from lanhmanh.inspections.models import (
    ChecklistResult,
    CheckResult,
    Inspection,
    InspectionKind,
    InspectionSchedule,
    InspectionTeam,
    ScheduledVisit,
    ScheduleStatus,
    SubjectType,
    TeamLevel,
    TeamMember,
    TeamRole,
    Violation,
    ViolationType,
)
from lanhmanh.outreach.serializers import AgencyRefSerializer, PeriodFilterMixin, agency_by_id, unit_by_id
from lanhmanh.places.models import AdministrativeUnit
from lanhmanh.plans.serializers import (
    InputSerializer,
    UnitRefSerializer,
    ViBooleanField,
    ViCharField,
    ViChoiceField,
    ViDateField,
    ViIntegerField,
    ViListField,
)

MAX_VND = 10**12


def _values(choices: type[Any]) -> str:
    return ", ".join(choices.values)


# The catalogue ----------------------------------------------------------------------------------------


class ViolationTypeSerializer(serializers.ModelSerializer[ViolationType]):
    reference = serializers.CharField(read_only=True, help_text="Điểm, khoản, điều và văn bản, như quyết định ghi.")

    class Meta:
        model = ViolationType
        fields = [
            "id",
            "code",
            "legal_basis",
            "article",
            "clause",
            "point",
            "reference",
            "description",
            "subject_type",
            "warning_allowed",
            "fine_min",
            "fine_max",
            "additional_sanctions",
            "remedies",
            "valid_from",
            "valid_to",
            "source_note",
        ]
        read_only_fields = fields


class ViolationTypeFilterSerializer(InputSerializer):
    on = ViDateField(required=False, help_text="Chỉ các dòng có hiệu lực vào ngày này (YYYY-MM-DD).")
    subject_type = ViChoiceField(choices=SubjectType.choices, required=False)


# Teams ------------------------------------------------------------------------------------------------


class TeamMemberSerializer(serializers.ModelSerializer[TeamMember]):
    agency = AgencyRefSerializer(read_only=True)

    class Meta:
        model = TeamMember
        fields = ["id", "name", "role", "agency", "user"]
        read_only_fields = fields


class InspectionTeamSerializer(serializers.ModelSerializer[InspectionTeam]):
    unit = UnitRefSerializer(read_only=True)
    members = TeamMemberSerializer(many=True, read_only=True)

    class Meta:
        model = InspectionTeam
        fields = [
            "id",
            "name",
            "level",
            "unit",
            "decision_number",
            "decision_date",
            "valid_from",
            "valid_to",
            "members",
        ]
        read_only_fields = fields


class TeamMemberInputSerializer(InputSerializer):
    name = ViCharField(allow_blank=True, max_length=120)
    agency = ViIntegerField(min_value=1, help_text="Cơ quan (id).")
    role = ViChoiceField(choices=TeamRole.choices, required=False, default=TeamRole.MEMBER)

    def validate_agency(self, pk: int) -> Agency:
        return agency_by_id(pk)


class InspectionTeamInputSerializer(InputSerializer):
    name = ViCharField(allow_blank=True, max_length=200)
    level = ViChoiceField(choices=TeamLevel.choices, help_text=f"Cấp: {_values(TeamLevel)}.")
    unit = ViIntegerField(min_value=1, help_text="Địa bàn của đội (id), trong phạm vi của người dùng.")
    decision_number = ViCharField(allow_blank=True, max_length=60)
    decision_date = ViDateField()
    valid_from = ViDateField()
    valid_to = ViDateField(required=False, allow_null=True, default=None)
    members = ViListField(child=TeamMemberInputSerializer(), required=False, default=list)

    def validate_unit(self, pk: int) -> AdministrativeUnit:
        return unit_by_id(pk)


def user_by_id(pk: int | None) -> User | None:
    # Whether the account belongs to the member's agency and lies in the scope is the service's rule.
    if pk is None:
        return None
    account = User.objects.select_related("agency", "scope").filter(pk=pk, is_active=True).first()
    if account is None:
        raise serializers.ValidationError(f"Không có tài khoản mã số {pk}.")
    return account


class TeamMemberAddSerializer(TeamMemberInputSerializer):
    user = ViIntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        help_text="Tài khoản của thành viên (id), thuộc cơ quan của thành viên và trong phạm vi; không bắt buộc.",
    )

    def validate_user(self, pk: int | None) -> User | None:
        return user_by_id(pk)


class TeamFilterSerializer(InputSerializer):
    level = ViChoiceField(choices=TeamLevel.choices, required=False)
    valid_on = ViDateField(required=False, help_text="Chỉ các đội có hiệu lực vào ngày này.")


# Inspections ------------------------------------------------------------------------------------------


class EstablishmentRefSerializer(serializers.ModelSerializer[Establishment]):
    commune = UnitRefSerializer(read_only=True)

    class Meta:
        model = Establishment
        fields = ["id", "name", "kind", "address", "commune"]
        read_only_fields = fields


class TeamRefSerializer(serializers.ModelSerializer[InspectionTeam]):
    class Meta:
        model = InspectionTeam
        fields = ["id", "name", "level"]
        read_only_fields = fields


# Schedules ------------------------------------------------------------------------------------------


class ScheduledVisitSerializer(serializers.ModelSerializer[ScheduledVisit]):
    establishment = EstablishmentRefSerializer(read_only=True)

    class Meta:
        model = ScheduledVisit
        fields = ["establishment", "planned_on"]
        read_only_fields = fields


class InspectionScheduleSerializer(serializers.ModelSerializer[InspectionSchedule]):
    team = TeamRefSerializer(read_only=True)
    approved_by = serializers.SerializerMethodField(help_text="Người phê duyệt (họ tên), khi đã phê duyệt.")
    visits = ScheduledVisitSerializer(
        many=True, read_only=True, help_text="Chỉ các cơ sở trong phạm vi của người đọc (như trên trang)."
    )

    class Meta:
        model = InspectionSchedule
        fields = [
            "id",
            "team",
            "title",
            "period_start",
            "period_end",
            "status",
            "approved_by",
            "approved_at",
            "visits",
        ]
        read_only_fields = fields

    def get_approved_by(self, obj: InspectionSchedule) -> str | None:
        user = obj.approved_by
        return None if user is None else (user.get_full_name() or user.get_username())


class VisitInputSerializer(InputSerializer):
    establishment = ViIntegerField(min_value=1, help_text="Cơ sở (id), trong phạm vi và địa bàn của đội.")
    planned_on = ViDateField(help_text="Ngày dự kiến kiểm tra, trong thời gian của kế hoạch.")


class _ScopedInput(InputSerializer):
    """context["user"]: records named by id are looked up among those the user sees."""

    def _user(self) -> User:
        user = self.context["user"]
        assert isinstance(user, User)
        return user


class InspectionScheduleInputSerializer(_ScopedInput):
    team = ViIntegerField(min_value=1, help_text="Đội kiểm tra (id).")
    title = ViCharField(allow_blank=True, max_length=200)
    period_start = ViDateField()
    period_end = ViDateField()
    visits = ViListField(child=VisitInputSerializer(), help_text="Các cơ sở và ngày dự kiến, ít nhất một.")

    def validate_team(self, pk: int) -> InspectionTeam:
        team = InspectionTeam.objects.visible_to(self._user()).select_related("unit").filter(pk=pk).first()
        if team is None:
            raise serializers.ValidationError("Không có đội kiểm tra này trong phạm vi của bạn.")
        return team

    def validate_visits(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        ids = [row["establishment"] for row in rows]
        found = {
            p.pk: p for p in Establishment.objects.visible_to(self._user()).select_related("commune").filter(pk__in=ids)
        }
        unknown = [str(pk) for pk in ids if pk not in found]
        if unknown:
            raise serializers.ValidationError(f"Không có cơ sở mã số {', '.join(unknown)} trong phạm vi của bạn.")
        return [{"establishment": found[row["establishment"]], "planned_on": row["planned_on"]} for row in rows]


class ScheduleFilterSerializer(InputSerializer):
    status = ViChoiceField(choices=ScheduleStatus.choices, required=False)
    team = ViIntegerField(required=False, min_value=1, help_text="Đội kiểm tra (id).")


# Inspections: results --------------------------------------------------------------------------------


class ChecklistResultSerializer(serializers.ModelSerializer[ChecklistResult]):
    item = serializers.CharField(source="item_code", read_only=True)

    class Meta:
        model = ChecklistResult
        fields = ["item", "label", "result", "note"]
        read_only_fields = fields


class InspectionSerializer(serializers.ModelSerializer[Inspection]):
    team = TeamRefSerializer(read_only=True)
    establishment = EstablishmentRefSerializer(read_only=True)
    members_present = TeamMemberSerializer(many=True, read_only=True)
    checklist = ChecklistResultSerializer(many=True, read_only=True)
    attachments = serializers.SerializerMethodField(help_text="Tên các tệp đính kèm (tải về trên trang web).")

    class Meta:
        model = Inspection
        fields = [
            "id",
            "date",
            "kind",
            "team",
            "establishment",
            "schedule",
            "members_present",
            "checklist",
            "minutes_number",
            "findings",
            "attachments",
        ]
        read_only_fields = fields

    def get_attachments(self, obj: Inspection) -> list[str]:
        return [attachment.name for attachment in obj.attachments.all()]


class ChecklistInputSerializer(InputSerializer):
    item = ViCharField(max_length=40, help_text="Mã nội dung kiểm tra (data/inspections/checklist.yaml).")
    result = ViChoiceField(choices=CheckResult.choices)
    note = ViCharField(required=False, allow_blank=True, max_length=300, default="")


class InspectionInputSerializer(InputSerializer):
    """context["user"]: teams, establishments and schedules are looked up among those the user sees."""

    team = ViIntegerField(min_value=1, help_text="Đội kiểm tra (id).")
    establishment = ViIntegerField(min_value=1, help_text="Cơ sở được kiểm tra (id), trong phạm vi.")
    date = ViDateField(help_text="Ngày kiểm tra (YYYY-MM-DD), không ở tương lai.")
    kind = ViCharField(help_text=f"Hình thức: {_values(InspectionKind)}.")
    schedule = ViIntegerField(
        required=False, allow_null=True, default=None, help_text="Kế hoạch (id), khi theo kế hoạch."
    )
    members_present = ViListField(child=ViIntegerField(min_value=1), help_text="Thành viên có mặt (id), ít nhất 3.")
    checklist = ViListField(child=ChecklistInputSerializer(), help_text="Kết quả từng nội dung kiểm tra của loại hình.")
    findings = ViCharField(required=False, allow_blank=True, default="", trim_whitespace=False)
    minutes_number = ViCharField(required=False, allow_blank=True, max_length=60, default="")
    signs = ViCharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Dấu hiệu mại dâm phát hiện được: ghi thì cơ sở được gắn dấu hiệu.",
    )

    def _user(self) -> User:
        user = self.context["user"]
        assert isinstance(user, User)
        return user

    def validate_team(self, pk: int) -> InspectionTeam:
        team = InspectionTeam.objects.visible_to(self._user()).select_related("unit").filter(pk=pk).first()
        if team is None:
            raise serializers.ValidationError("Không có đội kiểm tra này trong phạm vi của bạn.")
        return team

    def validate_establishment(self, pk: int) -> Establishment:
        place = Establishment.objects.visible_to(self._user()).select_related("commune").filter(pk=pk).first()
        if place is None:
            raise serializers.ValidationError("Không có cơ sở này trong phạm vi của bạn.")
        return place

    def validate_schedule(self, pk: int | None) -> InspectionSchedule | None:
        if pk is None:
            return None
        schedule = InspectionSchedule.objects.visible_to(self._user()).filter(pk=pk).first()
        if schedule is None:
            raise serializers.ValidationError("Không có kế hoạch kiểm tra này trong phạm vi của bạn.")
        return schedule

    def validate_members_present(self, ids: list[int]) -> list[TeamMember]:
        found = {m.pk: m for m in TeamMember.objects.filter(pk__in=ids)}
        unknown = [str(pk) for pk in ids if pk not in found]
        if unknown:
            raise serializers.ValidationError(f"Không có thành viên mã số {', '.join(unknown)}.")
        return [found[pk] for pk in dict.fromkeys(ids)]

    def validate_checklist(self, rows: list[dict[str, Any]]) -> dict[str, tuple[str, str]]:
        answers: dict[str, tuple[str, str]] = {}
        for row in rows:
            if row["item"] in answers:
                raise serializers.ValidationError(f"Nội dung “{row['item']}” ghi hai lần.")
            answers[row["item"]] = (row["result"], row["note"])
        return answers


class InspectionFilterSerializer(PeriodFilterMixin, InputSerializer):
    unit = ViIntegerField(required=False, min_value=1, help_text="Địa bàn (id) trong phạm vi, kể cả cấp dưới.")
    establishment = ViIntegerField(required=False, min_value=1, help_text="Cơ sở (id).")
    team = ViIntegerField(required=False, min_value=1, help_text="Đội kiểm tra (id).")
    kind = ViChoiceField(choices=InspectionKind.choices, required=False)


# Violations -------------------------------------------------------------------------------------------


class ViolationSerializer(serializers.ModelSerializer[Violation]):
    violation_type = ViolationTypeSerializer(read_only=True)

    class Meta:
        model = Violation
        fields = [
            "id",
            "inspection",
            "violation_type",
            "committed_on",
            "subject_type",
            "offender",
            "warning",
            "fine_amount",
            "decision_number",
            "decision_date",
            "license_suspension_months",
            "remedy",
            "fine_due_on",
            "fine_paid_on",
            "fine_collected",
            "remedy_due_on",
            "complied_on",
            "reinspection_due_on",
            "notes",
            "version",
        ]
        read_only_fields = fields


class ViolationInputSerializer(InputSerializer):
    violation_type = ViIntegerField(min_value=1, help_text="Dòng của danh mục (id, /api/v1/violations/).")
    committed_on = ViDateField(help_text="Ngày thực hiện hành vi: chọn dòng có hiệu lực vào ngày này.")
    subject_type = ViChoiceField(choices=SubjectType.choices)
    offender = ViCharField(allow_blank=True, max_length=200)
    notes = ViCharField(required=False, allow_blank=True, default="")
    warning = ViBooleanField(required=False, default=False)
    fine_amount = ViIntegerField(required=False, allow_null=True, default=None, min_value=0, max_value=MAX_VND)
    decision_number = ViCharField(required=False, allow_blank=True, max_length=60, default="")
    decision_date = ViDateField(required=False, allow_null=True, default=None)
    license_suspension_months = ViIntegerField(required=False, allow_null=True, default=None)
    remedy = ViCharField(required=False, allow_blank=True, default="")
    fine_due_on = ViDateField(required=False, allow_null=True, default=None)
    remedy_due_on = ViDateField(required=False, allow_null=True, default=None)
    reinspection_due_on = ViDateField(required=False, allow_null=True, default=None)

    def validate_violation_type(self, pk: int) -> ViolationType:
        row = ViolationType.objects.filter(pk=pk).first()
        if row is None:
            raise serializers.ValidationError(f"Không có dòng danh mục mã số {pk}.")
        return row


class ViolationUpdateSerializer(ViolationInputSerializer):
    """The whole sanction and follow-up, as the page's form sends it, with the version it was read at."""

    fine_paid_on = ViDateField(required=False, allow_null=True, default=None, help_text="Ngày nộp phạt.")
    fine_collected = ViIntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=MAX_VND, help_text="Số tiền đã thu."
    )
    complied_on = ViDateField(required=False, allow_null=True, default=None, help_text="Ngày đã khắc phục.")
    version = ViIntegerField(min_value=1, help_text="Phiên bản đã đọc; nếu đã có người sửa sau đó: 409.")


class ViolationPatchSerializer(ViolationUpdateSerializer):
    """Only the fields sent change (e.g. the payment); `version` is still required."""

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        for name, field in fields.items():
            if name != "version":
                # Absent means "unchanged": no default stands in for a field not sent.
                field.required = False
                field.default = serializers.empty
        return fields
