"""Shapes of the support API. Identifying values appear only under keys that the view adds for a user
who may see them (`identity`, `outcome`, `notes`, `reason`): the serializers below never read an
encrypted column themselves, so a forgotten check cannot leak one."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from lanhmanh.accounts.models import Agency, User
from lanhmanh.plans.serializers import (
    InputSerializer,
    UnitRefSerializer,
    ViBooleanField,
    ViCharField,
    ViChoiceField,
    ViDateField,
    ViIntegerField,
)
from lanhmanh.support.models import (
    AgeGroup,
    Case,
    CaseKind,
    CaseStatus,
    CaseStatusChange,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    ContactChannel,
    FollowUp,
    Need,
    NeedArea,
    ProviderKind,
    Referral,
    ReferralEvent,
    ReferralStatus,
    ServiceDelivery,
    ServiceKind,
    ServiceProvider,
    Sex,
)


class ViewFilled(serializers.ModelSerializer[Any]):
    """Fields named in `view_filled` are declared for the schema but never read from the instance:
    the view adds them, decrypted, for a user allowed to see them, and leaves them out otherwise.
    They are declared `required=False` and not read-only (these serializers only ever write
    answers), so the schema shows them as optional: read-only fields are always "required" there."""

    view_filled: tuple[str, ...] = ()

    @property
    def _readable_fields(self) -> Any:
        for field in super()._readable_fields:
            if field.field_name not in self.view_filled:
                yield field


class IdentitySerializer(serializers.Serializer[Any]):
    full_name = serializers.CharField()
    birth_date = serializers.DateField(allow_null=True)
    id_number = serializers.CharField()
    phone = serializers.CharField()
    address = serializers.CharField()
    notes = serializers.CharField()


class CaseSerializer(ViewFilled):
    """A case; `identity` is present only for a user who may see who the person is."""

    commune = UnitRefSerializer(read_only=True)
    assigned_worker: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    identity = IdentitySerializer(required=False, help_text="Chỉ có khi người gọi được xem thông tin nhận dạng.")

    view_filled = ("identity",)

    class Meta:
        model = Case
        fields = [
            "id",
            "case_code",
            "kind",
            "sex",
            "age_group",
            "commune",
            "contact_channel",
            "status",
            "opened_on",
            "closed_on",
            "assigned_worker",
            "version",
            "identity",
        ]
        read_only_fields = fields


class CaseInputSerializer(InputSerializer):
    kind = ViChoiceField(choices=CaseKind.choices)
    sex = ViChoiceField(choices=Sex.choices)
    age_group = ViChoiceField(choices=AgeGroup.choices)
    commune = serializers.IntegerField(help_text="Mã số (id) của xã nơi cư trú.")
    contact_channel = ViChoiceField(choices=ContactChannel.choices)
    opened_on = ViDateField()
    full_name = ViCharField(required=False, allow_blank=True, default="")
    birth_date = ViDateField(required=False, allow_null=True, default=None)
    id_number = ViCharField(required=False, allow_blank=True, default="")
    phone = ViCharField(required=False, allow_blank=True, default="")
    address = ViCharField(required=False, allow_blank=True, default="")
    notes = ViCharField(required=False, allow_blank=True, default="")
    confirm_duplicate = ViBooleanField(required=False, default=False)


class CasePatchSerializer(InputSerializer):
    """PATCH of a case: send `version` as read and only the keys to change (the others keep their value).
    Identifying keys: full_name, birth_date, id_number, phone, address, notes ("" or null clears one)."""

    version = ViIntegerField(min_value=1, help_text="Phiên bản (`version`) của hồ sơ khi đọc.")
    kind = ViChoiceField(choices=CaseKind.choices, required=False)
    sex = ViChoiceField(choices=Sex.choices, required=False)
    age_group = ViChoiceField(choices=AgeGroup.choices, required=False)
    commune = serializers.IntegerField(required=False, help_text="Mã số (id) của xã nơi cư trú.")
    contact_channel = ViChoiceField(choices=ContactChannel.choices, required=False)
    opened_on = ViDateField(required=False)
    full_name = ViCharField(required=False, allow_blank=True, allow_null=True)
    birth_date = ViDateField(required=False, allow_null=True)
    id_number = ViCharField(required=False, allow_blank=True, allow_null=True)
    phone = ViCharField(required=False, allow_blank=True, allow_null=True)
    address = ViCharField(required=False, allow_blank=True, allow_null=True)
    notes = ViCharField(required=False, allow_blank=True, allow_null=True)


class StatusChangeSerializer(serializers.ModelSerializer[CaseStatusChange]):
    changed_by: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(slug_field="username", read_only=True)

    # Blank for the first event (the record's creation).
    from_status = serializers.ChoiceField(choices=[("", ""), *CaseStatus.choices], read_only=True)

    class Meta:
        model = CaseStatusChange
        fields = ["id", "from_status", "to_status", "reason", "changed_by", "changed_at"]
        read_only_fields = fields


class StatusInputSerializer(InputSerializer):
    status = ViChoiceField(choices=CaseStatus.choices)
    reason = ViCharField()


class ConsentSerializer(serializers.ModelSerializer[Consent]):
    agency: serializers.PrimaryKeyRelatedField[Agency] = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True
    )
    in_force = serializers.BooleanField(read_only=True)

    class Meta:
        model = Consent
        fields = [
            "id",
            "purpose",
            "agency",
            "granted",
            "given_on",
            "method",
            "withdrawn_on",
            "withdrawal_note",
            "in_force",
        ]
        read_only_fields = fields


class ConsentInputSerializer(InputSerializer):
    purpose = ViChoiceField(choices=ConsentPurpose.choices)
    agency = serializers.IntegerField(required=False, allow_null=True, default=None)
    granted = ViBooleanField()
    given_on = ViDateField()
    method = ViChoiceField(choices=ConsentMethod.choices)

    def validate_agency(self, value: int | None) -> Agency | None:
        if value is None:
            return None
        agency = Agency.objects.filter(pk=value).first()
        if agency is None:
            raise serializers.ValidationError(f"Không có cơ quan mã số {value}.")
        return agency


class NeedSerializer(serializers.ModelSerializer[Need]):
    class Meta:
        model = Need
        fields = ["id", "area", "goal", "target_date", "status"]
        read_only_fields = fields


class NeedInputSerializer(InputSerializer):
    area = ViChoiceField(choices=NeedArea.choices)
    goal = ViCharField()
    target_date = ViDateField(required=False, allow_null=True, default=None)


class ProviderSerializer(serializers.ModelSerializer[ServiceProvider]):
    unit = UnitRefSerializer(read_only=True)
    agency: serializers.PrimaryKeyRelatedField[Agency] = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True
    )

    class Meta:
        model = ServiceProvider
        fields = ["id", "name", "kind", "unit", "agency", "active"]
        read_only_fields = fields


class ProviderInputSerializer(InputSerializer):
    name = ViCharField(max_length=200)
    kind = ViChoiceField(choices=ProviderKind.choices)
    unit = serializers.IntegerField(help_text="Mã số (id) của địa bàn, trong phạm vi của người gọi.")
    agency = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="Cơ quan có tài khoản là bên nhận chuyển gửi."
    )


class ProviderPatchSerializer(InputSerializer):
    """PATCH of a provider: only the keys to change; `active: false` deactivates, `true` reactivates."""

    name = ViCharField(max_length=200, required=False)
    kind = ViChoiceField(choices=ProviderKind.choices, required=False)
    unit = serializers.IntegerField(required=False)
    agency = serializers.IntegerField(required=False, allow_null=True)
    active = ViBooleanField(required=False)


def provider_by_id(pk: int | None) -> ServiceProvider | None:
    if pk is None:
        return None
    provider = ServiceProvider.objects.filter(pk=pk).first()
    if provider is None:
        raise serializers.ValidationError(f"Không có cơ sở cung cấp dịch vụ mã số {pk}.")
    return provider


class ServiceSerializer(ViewFilled):
    """`outcome` (encrypted) is present only for a user who may see the identity."""

    outcome = serializers.CharField(required=False)

    provider: serializers.PrimaryKeyRelatedField[ServiceProvider] = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True
    )
    view_filled = ("outcome",)

    class Meta:
        model = ServiceDelivery
        fields = ["id", "kind", "date", "provider", "outcome"]
        read_only_fields = fields


class ServiceInputSerializer(InputSerializer):
    kind = ViChoiceField(choices=ServiceKind.choices)
    date = ViDateField()
    provider = serializers.IntegerField(required=False, allow_null=True, default=None)
    outcome = ViCharField(required=False, allow_blank=True, default="")

    def validate_provider(self, value: int | None) -> ServiceProvider | None:
        return provider_by_id(value)


class FollowUpSerializer(ViewFilled):
    """`notes` (encrypted) is present only for a user who may see the identity."""

    by: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(slug_field="username", read_only=True)
    notes = serializers.CharField(required=False)

    view_filled = ("notes",)

    class Meta:
        model = FollowUp
        fields = ["id", "date", "by", "notes"]
        read_only_fields = fields


class FollowUpInputSerializer(InputSerializer):
    date = ViDateField()
    notes = ViCharField()


class ReferralEventSerializer(serializers.ModelSerializer[ReferralEvent]):
    by: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(slug_field="username", read_only=True)

    # Blank for the first event (the record's creation).
    from_status = serializers.ChoiceField(choices=[("", ""), *ReferralStatus.choices], read_only=True)

    class Meta:
        model = ReferralEvent
        fields = ["from_status", "to_status", "note", "by", "at"]
        read_only_fields = fields


class ReferralSerializer(ViewFilled):
    """`reason` and `identity` are present only for a user allowed to see them (the receiving side:
    with the person's consent to share with that agency)."""

    case_code = serializers.CharField(source="case.case_code", read_only=True)
    events = ReferralEventSerializer(many=True, read_only=True)
    reason = serializers.CharField(required=False)
    identity = IdentitySerializer(required=False)

    view_filled = ("reason", "identity")

    class Meta:
        model = Referral
        fields = ["id", "case_code", "provider", "need_area", "status", "referred_on", "events", "reason", "identity"]
        read_only_fields = fields


class ReferralInputSerializer(InputSerializer):
    provider = serializers.IntegerField()
    need_area = ViChoiceField(choices=NeedArea.choices)
    referred_on = ViDateField()
    reason = ViCharField(required=False, allow_blank=True, default="")
    override_reason = ViCharField(required=False, allow_blank=True, default="")

    def validate_provider(self, value: int) -> ServiceProvider | None:
        return provider_by_id(value)


class ReferralActionSerializer(InputSerializer):
    note = ViCharField(required=False, allow_blank=True, default="")
