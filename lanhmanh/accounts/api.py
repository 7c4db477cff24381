"""JSON API for agencies: /api/v1/agencies/ (read-only reference data)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from lanhmanh.accounts.models import Agency, AgencyQuerySet
from lanhmanh.places.api import ValidOnQuerySerializer


class AgencySerializer(serializers.ModelSerializer[Agency]):
    # The unit is shown by its GSO code, as in the agency files and the units API.
    serializer_related_field = serializers.SlugRelatedField

    class Meta:
        model = Agency
        fields = ["id", "code", "name", "short_name", "level", "unit", "valid_from", "valid_to"]
        read_only_fields = fields
        extra_kwargs = {"unit": {"slug_field": "code", "help_text": "Mã GSO của đơn vị hành chính nơi cơ quan đặt."}}


@extend_schema_view(
    list=extend_schema(summary="Danh sách cơ quan, đơn vị", parameters=[ValidOnQuerySerializer]),
    retrieve=extend_schema(summary="Một cơ quan, đơn vị"),
)
class AgencyViewSet(viewsets.ReadOnlyModelViewSet[Agency]):
    """Agencies (departments, police, press, People's Committees), effective-dated.

    Reference data: every authenticated user may read every agency. Plans assign tasks across
    agencies, and a commune officer reads which provincial body leads a task they report on.
    """

    serializer_class = AgencySerializer

    def get_queryset(self) -> AgencyQuerySet:
        # The unit's code is in every item: one JOIN, so a page costs the same whatever its size.
        # Codes repeat across provinces, so the id breaks ties and keeps pages stable.
        agencies = Agency.objects.select_related("unit").order_by("code", "id")
        if self.action != "list":
            return agencies
        query = ValidOnQuerySerializer.parse(self.request.query_params)
        if "on" in query:
            agencies = agencies.valid_on(query["on"])
        return agencies
