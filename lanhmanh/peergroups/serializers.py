"""Shapes of the peer-group API: an output serializer per resource, an input serializer per write or filter.

Input serializers only turn JSON and query strings into Python values and look up the records named
by id; every rule about the values lives in `services.py`, whose ValidationError reaches the client
as a 400 naming the field, with the messages the pages show.
"""

from __future__ import annotations

from rest_framework import serializers

from lanhmanh.accounts.models import Agency
from lanhmanh.outreach.serializers import AgencyRefSerializer, PeriodFilterMixin, agency_by_id, unit_by_id
from lanhmanh.peergroups.models import Activity, ActivityKind, GroupKind, GroupStatus, Member, MemberRole, PeerGroup
from lanhmanh.places.models import AdministrativeUnit
from lanhmanh.plans.models import Task
from lanhmanh.plans.serializers import (
    InputSerializer,
    UnitRefSerializer,
    ViCharField,
    ViChoiceField,
    ViDateField,
    ViIntegerField,
)


class MemberSerializer(serializers.ModelSerializer[Member]):
    class Meta:
        model = Member
        fields = ["id", "group", "code", "role", "full_name", "joined_on", "left_on"]
        read_only_fields = fields
        extra_kwargs = {
            "full_name": {"help_text": "Chỉ với tình nguyện viên; luôn rỗng với thành viên nhóm đồng đẳng."}
        }


class PeerGroupSerializer(serializers.ModelSerializer[PeerGroup]):
    commune = UnitRefSerializer(read_only=True)
    sponsor = AgencyRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = PeerGroup
        fields = ["id", "kind", "name", "commune", "founded_on", "sponsor", "status", "notes"]
        read_only_fields = fields


class PeerGroupDetailSerializer(PeerGroupSerializer):
    members = MemberSerializer(many=True, read_only=True)

    class Meta(PeerGroupSerializer.Meta):
        fields = [*PeerGroupSerializer.Meta.fields, "members"]
        read_only_fields = fields


class ActivitySerializer(serializers.ModelSerializer[Activity]):
    task: serializers.SlugRelatedField[Task] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True, help_text="Mã nhiệm vụ của kế hoạch, nếu có."
    )

    class Meta:
        model = Activity
        fields = [
            "id",
            "group",
            "date",
            "kind",
            "description",
            "people_reached",
            "condoms_distributed",
            "leaflets_distributed",
            "task",
        ]
        read_only_fields = fields


# Inputs -------------------------------------------------------------------------------------------


class PeerGroupInputSerializer(InputSerializer):
    kind = ViChoiceField(choices=GroupKind.choices)
    name = ViCharField(allow_blank=True, max_length=200)
    commune = ViIntegerField(min_value=1, help_text="Xã, phường, thị trấn (id) trong phạm vi.")
    founded_on = ViDateField(required=False, allow_null=True, default=None)
    sponsor = ViIntegerField(required=False, allow_null=True, default=None, min_value=1, help_text="Cơ quan (id).")
    status = ViChoiceField(choices=GroupStatus.choices, required=False, default=GroupStatus.ACTIVE)
    notes = ViCharField(required=False, allow_blank=True, default="")

    def validate_commune(self, pk: int) -> AdministrativeUnit:
        return unit_by_id(pk)

    def validate_sponsor(self, pk: int | None) -> Agency | None:
        return None if pk is None else agency_by_id(pk)


class MemberInputSerializer(InputSerializer):
    role = ViChoiceField(choices=MemberRole.choices)
    full_name = ViCharField(required=False, allow_blank=True, max_length=120, default="")
    joined_on = ViDateField(required=False, allow_null=True, default=None)
    left_on = ViDateField(required=False, allow_null=True, default=None)


class ActivityInputSerializer(InputSerializer):
    date = ViDateField()
    kind = ViChoiceField(choices=ActivityKind.choices)
    description = ViCharField(allow_blank=True)
    people_reached = ViIntegerField()
    condoms_distributed = ViIntegerField(required=False, allow_null=True, default=None)
    leaflets_distributed = ViIntegerField(required=False, allow_null=True, default=None)
    task = ViIntegerField(required=False, allow_null=True, default=None, min_value=1, help_text="Nhiệm vụ (id).")

    def validate_task(self, pk: int | None) -> Task | None:
        if pk is None:
            return None
        task = Task.objects.select_related("plan").filter(pk=pk).first()
        if task is None:
            raise serializers.ValidationError(f"Không có nhiệm vụ mã số {pk}.")
        return task


class NewActivityInputSerializer(ActivityInputSerializer):
    group = ViIntegerField(min_value=1, help_text="Nhóm, đội (id).")


class PeerGroupFilterSerializer(PeriodFilterMixin, InputSerializer):
    unit = ViIntegerField(required=False, min_value=1, help_text="Địa bàn (id) trong phạm vi, gồm cả cấp dưới.")
    kind = ViChoiceField(choices=GroupKind.choices, required=False)
    status = ViChoiceField(choices=GroupStatus.choices, required=False)


class ActivityFilterSerializer(PeriodFilterMixin, InputSerializer):
    unit = ViIntegerField(required=False, min_value=1, help_text="Địa bàn (id) trong phạm vi, gồm cả cấp dưới.")
    group = ViIntegerField(required=False, min_value=1, help_text="Nhóm, đội (id).")
    kind = ViChoiceField(choices=ActivityKind.choices, required=False)
