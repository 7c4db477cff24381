"""Shapes of the registry's API: an output serializer per record, an input serializer per write or filter.

Input serializers only turn JSON and query strings into Python values and look up the records named
by id; every rule (scope, duplicates, dates) lives in `services.py`, whose ValidationError reaches
the client as a 400 naming the field, with the messages the pages show.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lanhmanh.establishments.models import (
    Commitment,
    Establishment,
    EstablishmentStatus,
    EstablishmentType,
    FlagSource,
    LabourRegistration,
    RiskFlag,
    StatusChange,
)
from lanhmanh.places.models import AdministrativeUnit
from lanhmanh.plans.serializers import (
    InputSerializer,
    UnitRefSerializer,
    ViBooleanField,
    ViCharField,
    ViChoiceField,
    ViDateField,
    ViIntegerField,
)

# Kinds, statuses and sources as strings whose values the description lists: other areas already
# name their own `kind`, `status` and `source` enums, and drf-spectacular names every enum component
# after its field, so more of them would make the schema's enum names collide.


def _values(choices: type[EstablishmentType] | type[EstablishmentStatus] | type[FlagSource]) -> str:
    return ", ".join(choices.values)


@extend_schema_field({"type": "string", "description": f"Loại hình cơ sở: {_values(EstablishmentType)}."})
class KindField(ViChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=EstablishmentType.choices, **kwargs)


@extend_schema_field({"type": "string", "description": f"Tình trạng hoạt động: {_values(EstablishmentStatus)}."})
class StatusField(ViChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=EstablishmentStatus.choices, **kwargs)


@extend_schema_field({"type": "string", "description": f"Nguồn ghi nhận dấu hiệu: {_values(FlagSource)}."})
class SourceField(ViChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=FlagSource.choices, **kwargs)


class CommitmentSerializer(serializers.ModelSerializer[Commitment]):
    class Meta:
        model = Commitment
        fields = ["id", "signed_on", "signer_name", "signer_title", "committee", "valid_from", "valid_until"]
        read_only_fields = fields


class LabourRegistrationSerializer(serializers.ModelSerializer[LabourRegistration]):
    class Meta:
        model = LabourRegistration
        fields = ["id", "registered_on", "number", "workers_registered", "authority"]
        read_only_fields = fields


class RiskFlagSerializer(serializers.ModelSerializer[RiskFlag]):
    class Meta:
        model = RiskFlag
        fields = ["id", "noted_on", "source", "description", "cleared_on", "cleared_reason"]
        read_only_fields = fields

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # `source` is declared here, not as a class attribute: every DRF field has a `source`
        # attribute, which a declared field of that name would shadow for type checkers.
        fields = super().get_fields()
        fields["source"] = SourceField(read_only=True)
        return fields


class StatusChangeSerializer(serializers.ModelSerializer[StatusChange]):
    status = StatusField(read_only=True)

    class Meta:
        model = StatusChange
        fields = ["id", "status", "since", "note"]
        read_only_fields = fields


class EstablishmentSerializer(serializers.ModelSerializer[Establishment]):
    commune = UnitRefSerializer(read_only=True)
    kind = KindField(read_only=True)
    status = StatusField(read_only=True)
    has_commitment = serializers.BooleanField(read_only=True, help_text="Có bản cam kết còn hiệu lực hôm nay.")
    has_registration = serializers.BooleanField(read_only=True, help_text="Đã đăng ký lao động.")
    has_signs = serializers.BooleanField(read_only=True, help_text="Đang có dấu hiệu hoạt động mại dâm.")

    class Meta:
        model = Establishment
        fields = [
            "id",
            "name",
            "kind",
            "address",
            "commune",
            "owner_name",
            "owner_phone",
            "registration_number",
            "security_certificate_number",
            "security_certificate_date",
            "security_certificate_issuer",
            "rooms",
            "workers",
            "opened_on",
            "status",
            "status_since",
            "closed_on",
            "notes",
            "version",
            "has_commitment",
            "has_registration",
            "has_signs",
        ]
        read_only_fields = fields


def unit_by_id(pk: int) -> AdministrativeUnit:
    # Units are reference data every user reads (/api/v1/units/); whether one lies in the user's
    # scope is the service's rule, answered as a 400 on the field.
    unit = AdministrativeUnit.objects.filter(pk=pk).first()
    if unit is None:
        raise serializers.ValidationError(f"Không có địa bàn mã số {pk}.")
    return unit


class EstablishmentInputSerializer(InputSerializer):
    name = ViCharField(allow_blank=True, max_length=200)
    kind = KindField()
    address = ViCharField(allow_blank=True, max_length=300)
    commune = ViIntegerField(min_value=1, help_text="Xã, phường (id) trong phạm vi của người dùng.")
    owner_name = ViCharField(required=False, allow_blank=True, max_length=200, default="")
    owner_phone = ViCharField(required=False, allow_blank=True, max_length=20, default="")
    registration_number = ViCharField(
        required=False, allow_blank=True, max_length=50, default="", help_text="Không trùng trong tỉnh."
    )
    security_certificate_number = ViCharField(required=False, allow_blank=True, max_length=50, default="")
    security_certificate_date = ViDateField(required=False, allow_null=True, default=None)
    security_certificate_issuer = ViCharField(required=False, allow_blank=True, max_length=200, default="")
    rooms = ViIntegerField(required=False, allow_null=True, min_value=0, default=None)
    workers = ViIntegerField(required=False, allow_null=True, min_value=0, default=None)
    opened_on = ViDateField(required=False, allow_null=True, default=None)
    notes = ViCharField(required=False, allow_blank=True, default="")

    def validate_commune(self, pk: int) -> AdministrativeUnit:
        return unit_by_id(pk)


class EstablishmentUpdateSerializer(EstablishmentInputSerializer):
    version = ViIntegerField(min_value=1, help_text="Phiên bản đã đọc; nếu đã có người sửa sau đó: 409.")


class EstablishmentFilterSerializer(InputSerializer):
    q = ViCharField(required=False, allow_blank=True, max_length=200, help_text="Tên cơ sở, có dấu hoặc không dấu.")
    kind = KindField(required=False)
    unit = ViIntegerField(required=False, min_value=1, help_text="Địa bàn (id) trong phạm vi, gồm cả cấp dưới.")
    status = StatusField(required=False)
    no_commitment = ViBooleanField(required=False, default=False, help_text="Chỉ cơ sở chưa có cam kết còn hiệu lực.")
    no_registration = ViBooleanField(required=False, default=False, help_text="Chỉ cơ sở chưa đăng ký lao động.")
    signs = ViBooleanField(required=False, default=False, help_text="Chỉ cơ sở đang có dấu hiệu mại dâm.")


class EstablishmentStatusInputSerializer(InputSerializer):
    status = StatusField()
    since = ViDateField()
    note = ViCharField(required=False, allow_blank=True, max_length=300, default="")
    version = ViIntegerField(min_value=1, help_text="Phiên bản đã đọc; nếu đã có người sửa sau đó: 409.")


class CommitmentInputSerializer(InputSerializer):
    signed_on = ViDateField()
    signer_name = ViCharField(allow_blank=True, max_length=200)
    signer_title = ViCharField(required=False, allow_blank=True, max_length=200, default="")
    committee = ViCharField(required=False, allow_blank=True, max_length=200, default="")
    valid_from = ViDateField()
    valid_until = ViDateField(required=False, allow_null=True, default=None)


class LabourRegistrationInputSerializer(InputSerializer):
    registered_on = ViDateField()
    number = ViCharField(required=False, allow_blank=True, max_length=50, default="")
    workers_registered = ViIntegerField(min_value=0)
    authority = ViCharField(required=False, allow_blank=True, max_length=200, default="")


class RiskFlagInputSerializer(InputSerializer):
    noted_on = ViDateField()
    description = ViCharField(allow_blank=True)

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # `source`: see RiskFlagSerializer.get_fields.
        fields = super().get_fields()
        return {"noted_on": fields["noted_on"], "source": SourceField(), "description": fields["description"]}


class RiskFlagClearInputSerializer(InputSerializer):
    flag = ViIntegerField(min_value=1, help_text="Dấu hiệu (id) của cơ sở này.")
    cleared_on = ViDateField()
    cleared_reason = ViCharField(allow_blank=True, max_length=300)
