"""JSON API for administrative units: /api/v1/units/ (read-only reference data)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from lanhmanh.places.models import AdministrativeUnit, Level, UnitQuerySet

BAD_DATE = "Ngày không hợp lệ: dùng dạng YYYY-MM-DD, ví dụ 2019-06-01."


class ValidOnQuerySerializer(serializers.Serializer[dict[str, Any]]):
    """The `on` query parameter shared by the reference-data lists (units, agencies)."""

    on = serializers.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": BAD_DATE, "datetime": BAD_DATE},
        help_text="Chỉ lấy bản ghi còn hiệu lực vào ngày này (YYYY-MM-DD); bỏ trống: không lọc theo ngày.",
    )

    @classmethod
    def parse(cls, query_params: Any) -> dict[str, Any]:
        """The validated parameters; a 400 naming the parameter when one is malformed."""
        query = cls(data=query_params)
        query.is_valid(raise_exception=True)
        return dict(query.validated_data)


class UnitQuerySerializer(ValidOnQuerySerializer):
    level = serializers.ChoiceField(
        choices=Level.choices,
        required=False,
        error_messages={"invalid_choice": f"Cấp không hợp lệ: dùng một trong {', '.join(Level.values)}."},
        help_text="Cấp đơn vị: province, district hoặc commune.",
    )

    def get_fields(self) -> dict[str, serializers.Field]:
        # Declared here rather than as a class attribute: every DRF field already has a `parent`
        # attribute (the serializer holding it), which a declared field of that name would shadow.
        fields = super().get_fields()
        fields["parent"] = serializers.CharField(
            required=False,
            max_length=10,
            help_text="Mã GSO của đơn vị cấp trên: chỉ lấy các đơn vị trực thuộc (mọi bộ dữ liệu có mã này).",
        )
        return fields


class UnitSerializer(serializers.ModelSerializer[AdministrativeUnit]):
    # The parent is shown by its GSO code, which is what callers filter and load files by.
    serializer_related_field = serializers.SlugRelatedField

    class Meta:
        model = AdministrativeUnit
        fields = ["id", "code", "name", "kind", "level", "parent", "valid_from", "valid_to"]
        read_only_fields = fields
        extra_kwargs = {"parent": {"slug_field": "code", "help_text": "Mã GSO của đơn vị cấp trên."}}


@extend_schema_view(
    list=extend_schema(summary="Danh sách đơn vị hành chính", parameters=[UnitQuerySerializer]),
    retrieve=extend_schema(summary="Một đơn vị hành chính"),
)
class UnitViewSet(viewsets.ReadOnlyModelViewSet[AdministrativeUnit]):
    """Administrative units, all datasets (the 2019 snapshot and the 2025 national structure).

    Reference data: every authenticated user may read every unit, whatever their scope. Units hold
    no programme data, and a commune officer needs the tree beyond their own subtree (the province
    above, the 2025 unit that succeeds theirs) to file and read records. Scoped data stays behind
    each app's `visible_to(user)`; nothing here widens it.
    """

    serializer_class = UnitSerializer

    def get_queryset(self) -> UnitQuerySet:
        # The parent's code is in every item: one JOIN, so a page costs the same whatever its size.
        units = AdministrativeUnit.objects.select_related("parent")
        if self.action != "list":
            return units
        query = UnitQuerySerializer.parse(self.request.query_params)
        if "parent" in query:
            units = units.filter(parent__code=query["parent"])
        if "level" in query:
            units = units.filter(level=query["level"])
        if "on" in query:
            units = units.valid_on(query["on"])
        return units
