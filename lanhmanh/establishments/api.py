"""JSON API of the registry: /api/v1/establishments/ and the actions on one establishment.

Each handler is a few lines around the doors and services the pages use: lists start from
`visible_to(user)` (through `queries.establishments_for`, with the page's filters), single records
come through `access.py` (404 outside the user's scope, 403 for a user who may read but not change
them), writers are checked before the body is read, and every change is one call into
`services.py`, whose ValidationError `lanhmanh.core.api` turns into a 400 and ConflictError into 409.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from lanhmanh.core.api import (
    BAD_REQUEST,
    CONFLICT,
    READ,
    WRITE,
    one_page,
    request_user,
)
from lanhmanh.establishments import queries, services
from lanhmanh.establishments.access import (
    get_establishment_for_user,
    get_flag_for_user,
    get_unit_for_user,
    may_write,
)
from lanhmanh.establishments.models import Establishment
from lanhmanh.establishments.serializers import (
    CommitmentInputSerializer,
    CommitmentSerializer,
    EstablishmentFilterSerializer,
    EstablishmentInputSerializer,
    EstablishmentSerializer,
    EstablishmentStatusInputSerializer,
    EstablishmentUpdateSerializer,
    LabourRegistrationInputSerializer,
    LabourRegistrationSerializer,
    RiskFlagClearInputSerializer,
    RiskFlagInputSerializer,
    RiskFlagSerializer,
)

T = TypeVar("T")
WRITERS = (
    "Cán bộ cấp xã (xã mình), thành viên đội kiểm tra, cán bộ cấp huyện, điều phối, cán bộ đầu mối "
    "công an và văn hóa; trong phạm vi của mình."
)


def _output(pk: int) -> dict[str, Any]:
    found = queries.with_compliance(Establishment.objects.filter(pk=pk), timezone.localdate())
    return dict(EstablishmentSerializer(found.select_related("commune").get()).data)


def _input(data: dict[str, Any]) -> services.EstablishmentInput:
    data.pop("version", None)
    return services.EstablishmentInput(**data)


@extend_schema(tags=["establishments"])
class EstablishmentViewSet(viewsets.GenericViewSet[Any]):
    """Establishments in sensitive business lines, read in the subtree of the user's scope."""

    lookup_value_converter = "int"

    @extend_schema(
        summary="Danh sách cơ sở kinh doanh dịch vụ nhạy cảm",
        parameters=[EstablishmentFilterSerializer],
        responses={200: EstablishmentSerializer(many=True), 400: BAD_REQUEST, **READ},
    )
    def list(self, request: Request) -> Response:
        user = request_user(request)
        query = EstablishmentFilterSerializer.parse(request.query_params)
        unit = get_unit_for_user(user, query["unit"]) if "unit" in query else None
        filters = queries.Filters(
            q=query.get("q", ""),
            kind=query.get("kind", ""),
            unit=unit,
            status=query.get("status", ""),
            no_commitment=query["no_commitment"],
            no_registration=query["no_registration"],
            signs=query["signs"],
        )
        found = queries.establishments_for(user, filters, day=timezone.localdate())
        return self.get_paginated_response(EstablishmentSerializer(one_page(self, found), many=True).data)

    @extend_schema(summary="Một cơ sở", responses={200: EstablishmentSerializer, **READ})
    def retrieve(self, request: Request, pk: int) -> Response:
        establishment = get_establishment_for_user(request_user(request), pk)
        return Response(_output(establishment.pk))

    @extend_schema(
        summary="Thêm một cơ sở",
        description=WRITERS + " Số đăng ký kinh doanh không được trùng trong tỉnh.",
        request=EstablishmentInputSerializer,
        responses={201: EstablishmentSerializer, **WRITE},
    )
    def create(self, request: Request) -> Response:
        user = request_user(request)
        if not may_write(user):
            raise PermissionDenied
        data = EstablishmentInputSerializer.parse(request.data)
        establishment = services.establishment_create(actor=user, data=_input(data))
        return Response(_output(establishment.pk), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Sửa thông tin một cơ sở",
        description="Gửi `version` đã đọc; nếu đã có người sửa sau đó: 409, không có gì được lưu.",
        request=EstablishmentUpdateSerializer,
        responses={200: EstablishmentSerializer, 409: CONFLICT, **WRITE},
    )
    def update(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        establishment = get_establishment_for_user(user, pk, write=True)
        data = EstablishmentUpdateSerializer.parse(request.data)
        version = data["version"]
        services.establishment_update(
            establishment=establishment, actor=user, data=_input(data), expected_version=version
        )
        return Response(_output(establishment.pk))

    @extend_schema(
        summary="Đổi tình trạng hoạt động (đang hoạt động, tạm ngừng, chấm dứt)",
        request=EstablishmentStatusInputSerializer,
        responses={200: EstablishmentSerializer, 409: CONFLICT, **WRITE},
    )
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        establishment = get_establishment_for_user(user, pk, write=True)
        data = EstablishmentStatusInputSerializer.parse(request.data)
        services.establishment_set_status(
            establishment=establishment,
            actor=user,
            status=data["status"],
            since=data["since"],
            note=data["note"],
            expected_version=data["version"],
        )
        return Response(_output(establishment.pk))

    @extend_schema(
        methods=["GET"], summary="Các bản cam kết của cơ sở", responses={200: CommitmentSerializer(many=True), **READ}
    )
    @extend_schema(
        methods=["POST"],
        summary="Ghi nhận bản cam kết ký với UBND xã",
        request=CommitmentInputSerializer,
        responses={201: CommitmentSerializer, **WRITE},
    )
    @action(detail=True, methods=["get", "post"])
    def commitments(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        if request.method == "GET":
            establishment = get_establishment_for_user(user, pk)
            return self.get_paginated_response(
                CommitmentSerializer(one_page(self, establishment.commitments.all()), many=True).data
            )
        establishment = get_establishment_for_user(user, pk, write=True)
        data = CommitmentInputSerializer.parse(request.data)
        commitment = services.commitment_record(
            establishment=establishment, actor=user, data=services.CommitmentInput(**data)
        )
        return Response(CommitmentSerializer(commitment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"],
        summary="Các lần đăng ký lao động của cơ sở",
        responses={200: LabourRegistrationSerializer(many=True), **READ},
    )
    @extend_schema(
        methods=["POST"],
        summary="Ghi nhận đăng ký lao động",
        request=LabourRegistrationInputSerializer,
        responses={201: LabourRegistrationSerializer, **WRITE},
    )
    @action(detail=True, methods=["get", "post"], url_path="labour-registrations")
    def labour_registrations(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        if request.method == "GET":
            establishment = get_establishment_for_user(user, pk)
            rows = one_page(self, establishment.labour_registrations.all())
            return self.get_paginated_response(LabourRegistrationSerializer(rows, many=True).data)
        establishment = get_establishment_for_user(user, pk, write=True)
        data = LabourRegistrationInputSerializer.parse(request.data)
        registration = services.labour_registration_record(
            establishment=establishment, actor=user, data=services.LabourRegistrationInput(**data)
        )
        return Response(LabourRegistrationSerializer(registration).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"],
        summary="Các dấu hiệu hoạt động mại dâm của cơ sở",
        responses={200: RiskFlagSerializer(many=True), **READ},
    )
    @extend_schema(
        methods=["POST"],
        summary="Ghi nhận dấu hiệu hoạt động mại dâm",
        request=RiskFlagInputSerializer,
        responses={201: RiskFlagSerializer, **WRITE},
    )
    @action(detail=True, methods=["get", "post"])
    def flags(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        if request.method == "GET":
            establishment = get_establishment_for_user(user, pk)
            return self.get_paginated_response(
                RiskFlagSerializer(one_page(self, establishment.flags.all()), many=True).data
            )
        establishment = get_establishment_for_user(user, pk, write=True)
        data = RiskFlagInputSerializer.parse(request.data)
        flag = services.flag_record(establishment=establishment, actor=user, **data)
        return Response(RiskFlagSerializer(flag).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Ghi nhận kết thúc một dấu hiệu",
        request=RiskFlagClearInputSerializer,
        responses={200: RiskFlagSerializer, **WRITE},
    )
    @action(detail=True, methods=["post"], url_path="clear-flag")
    def clear_flag(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        establishment = get_establishment_for_user(user, pk, write=True)
        data = RiskFlagClearInputSerializer.parse(request.data)
        flag = get_flag_for_user(user, data["flag"], write=True)
        if flag.establishment_id != establishment.pk:
            raise services.ValidationError({"flag": f"Dấu hiệu {data['flag']} không thuộc cơ sở này."})
        flag = services.flag_clear(flag=flag, actor=user, cleared_on=data["cleared_on"], reason=data["cleared_reason"])
        return Response(RiskFlagSerializer(flag).data)
