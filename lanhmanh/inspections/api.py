"""JSON API of the inspections area: /api/v1/inspection-teams/, /api/v1/inspections/ (with the
violations found at each as the sub-resource /api/v1/inspections/<id>/violations/) and
/api/v1/violations/, the catalogue of violations, read-only.

Each handler is a few lines around the doors and services the pages use: lists start from
`visible_to(user)`, single records come through `access.py` (404 outside the user's scope, 403 for a
user who may read but not change them), writers are checked before the body is read, and every change
is one call into `services.py`, whose ValidationError `lanhmanh.core.api` turns into a 400.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from lanhmanh.accounts.models import User
from lanhmanh.establishments.models import Establishment
from lanhmanh.inspections import queries, services
from lanhmanh.inspections.access import (
    get_inspection_for_user,
    get_team_for_user,
    may_manage_teams,
    may_record_inspections,
)
from lanhmanh.inspections.models import Inspection, InspectionTeam, ViolationType
from lanhmanh.inspections.serializers import (
    InspectionFilterSerializer,
    InspectionInputSerializer,
    InspectionSerializer,
    InspectionTeamInputSerializer,
    InspectionTeamSerializer,
    TeamFilterSerializer,
    ViolationInputSerializer,
    ViolationSerializer,
    ViolationTypeFilterSerializer,
    ViolationTypeSerializer,
)
from lanhmanh.outreach.access import get_unit_for_user
from lanhmanh.plans.api import BAD_REQUEST, FORBIDDEN, NOT_FOUND, UNAUTHENTICATED

T = TypeVar("T")

READ = {401: UNAUTHENTICATED, 404: NOT_FOUND}
WRITE = {400: BAD_REQUEST, 401: UNAUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND}


def _user(request: Request) -> User:
    user = request.user
    # IsAuthenticated (the default permission class) has refused anonymous requests before any handler.
    assert isinstance(user, User)
    return user


def _page(view: viewsets.GenericViewSet[Any], items: QuerySet[Any, T]) -> list[T]:
    page = view.paginate_queryset(items)
    assert page is not None
    return list(page)


def _refuse_unless(allowed: bool) -> None:
    # Before the body is read: someone who may not write learns nothing of its expected shape.
    if not allowed:
        raise PermissionDenied


@extend_schema(tags=["inspections"])
class ViolationTypeViewSet(viewsets.GenericViewSet[Any]):
    """The catalogue of administrative violations (legal basis, fine range, validity): reference data."""

    lookup_value_converter = "int"

    @extend_schema(
        summary="Danh mục hành vi vi phạm",
        parameters=[ViolationTypeFilterSerializer],
        responses={200: ViolationTypeSerializer(many=True), 400: BAD_REQUEST, 401: UNAUTHENTICATED},
    )
    def list(self, request: Request) -> Response:
        query = ViolationTypeFilterSerializer.parse(request.query_params)
        rows = ViolationType.objects.all()
        if "on" in query:
            rows = rows.in_force_on(query["on"])
        if "subject_type" in query:
            rows = rows.filter(subject_type=query["subject_type"])
        return self.get_paginated_response(ViolationTypeSerializer(_page(self, rows), many=True).data)

    @extend_schema(summary="Một dòng của danh mục hành vi vi phạm", responses={200: ViolationTypeSerializer, **READ})
    def retrieve(self, request: Request, pk: int) -> Response:
        row = ViolationType.objects.filter(pk=pk).first()
        if row is None:
            raise Http404
        return Response(ViolationTypeSerializer(row).data)


def _team_for_output(pk: int) -> InspectionTeam:
    return InspectionTeam.objects.select_related("unit").prefetch_related("members__agency").get(pk=pk)


@extend_schema(tags=["inspections"])
class InspectionTeamViewSet(viewsets.GenericViewSet[Any]):
    """Interagency inspection teams: read where their unit lies in the scope or above it."""

    lookup_value_converter = "int"

    @extend_schema(
        summary="Danh sách đội kiểm tra liên ngành",
        parameters=[TeamFilterSerializer],
        responses={200: InspectionTeamSerializer(many=True), 400: BAD_REQUEST, 401: UNAUTHENTICATED},
    )
    def list(self, request: Request) -> Response:
        query = TeamFilterSerializer.parse(request.query_params)
        teams = queries.visible_teams(_user(request)).prefetch_related("members__agency")
        if "level" in query:
            teams = teams.filter(level=query["level"])
        if "valid_on" in query:
            teams = teams.valid_on(query["valid_on"])
        return self.get_paginated_response(InspectionTeamSerializer(_page(self, teams), many=True).data)

    @extend_schema(summary="Một đội kiểm tra", responses={200: InspectionTeamSerializer, **READ})
    def retrieve(self, request: Request, pk: int) -> Response:
        team = get_team_for_user(_user(request), pk)
        return Response(InspectionTeamSerializer(_team_for_output(team.pk)).data)

    @extend_schema(
        summary="Thành lập một đội kiểm tra",
        description="Điều phối, cán bộ cấp huyện, cấp xã; địa bàn trong phạm vi. Đội cấp huyện chỉ trước 01/7/2025.",
        request=InspectionTeamInputSerializer,
        responses={201: InspectionTeamSerializer, **WRITE},
    )
    def create(self, request: Request) -> Response:
        user = _user(request)
        _refuse_unless(may_manage_teams(user))
        data = InspectionTeamInputSerializer.parse(request.data)
        members = [services.MemberInput(**member) for member in data.pop("members")]
        team = services.team_create(actor=user, data=services.TeamInput(**data, members=members))
        return Response(InspectionTeamSerializer(_team_for_output(team.pk)).data, status=status.HTTP_201_CREATED)


def _inspection_for_output(pk: int) -> Inspection:
    return (
        Inspection.objects.select_related("team", "establishment", "establishment__commune")
        .prefetch_related("members_present__agency", "checklist", "attachments")
        .get(pk=pk)
    )


@extend_schema(tags=["inspections"])
class InspectionViewSet(viewsets.GenericViewSet[Any]):
    """Inspections: read where the establishment's commune lies in the user's scope."""

    lookup_value_converter = "int"

    @extend_schema(
        summary="Danh sách cuộc kiểm tra",
        parameters=[InspectionFilterSerializer],
        responses={200: InspectionSerializer(many=True), 400: BAD_REQUEST, **READ},
    )
    def list(self, request: Request) -> Response:
        user = _user(request)
        query = InspectionFilterSerializer.parse(request.query_params)
        if "unit" in query:
            query["unit"] = get_unit_for_user(user, query["unit"])
        if (
            "establishment" in query
            and not Establishment.objects.visible_to(user).filter(pk=query["establishment"]).exists()
        ):
            raise Http404
        filters = {**query, "establishment": query.get("establishment"), "team": query.get("team")}
        inspections = queries.filter_inspections(Inspection.objects.visible_to(user), filters)
        inspections = (
            inspections.select_related("team", "establishment", "establishment__commune")
            .prefetch_related("members_present__agency", "checklist", "attachments")
            .order_by("-date", "-pk")
        )
        return self.get_paginated_response(InspectionSerializer(_page(self, inspections), many=True).data)

    @extend_schema(summary="Một cuộc kiểm tra", responses={200: InspectionSerializer, **READ})
    def retrieve(self, request: Request, pk: int) -> Response:
        inspection = get_inspection_for_user(_user(request), pk)
        return Response(InspectionSerializer(_inspection_for_output(inspection.pk)).data)

    @extend_schema(
        summary="Ghi nhận một cuộc kiểm tra",
        description=(
            "Thành viên đội kiểm tra, cán bộ cấp xã, cấp huyện, cán bộ đầu mối sở, ngành và điều phối; cơ sở "
            "trong phạm vi. Ít nhất 3 thành viên của đội có mặt; ghi kết quả mọi nội dung kiểm tra của loại hình."
        ),
        request=InspectionInputSerializer,
        responses={201: InspectionSerializer, **WRITE},
    )
    def create(self, request: Request) -> Response:
        user = _user(request)
        _refuse_unless(may_record_inspections(user))
        data = InspectionInputSerializer.parse(request.data, user=user)
        inspection = services.inspection_create(actor=user, data=services.InspectionInput(**data))
        return Response(
            InspectionSerializer(_inspection_for_output(inspection.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        methods=["GET"],
        summary="Các vi phạm ghi nhận tại một cuộc kiểm tra",
        responses={200: ViolationSerializer(many=True), **READ},
    )
    @extend_schema(
        methods=["POST"],
        summary="Ghi nhận một vi phạm tại cuộc kiểm tra",
        description=(
            "Dòng danh mục phải có hiệu lực vào ngày thực hiện hành vi và đúng đối tượng; số tiền phạt trong khung."
        ),
        request=ViolationInputSerializer,
        responses={201: ViolationSerializer, **WRITE},
    )
    @action(detail=True, methods=["get", "post"])
    def violations(self, request: Request, pk: int) -> Response:
        user = _user(request)
        if request.method == "GET":
            inspection = get_inspection_for_user(user, pk)
            rows = inspection.violations.select_related("violation_type").order_by("committed_on", "pk")
            return self.get_paginated_response(ViolationSerializer(_page(self, rows), many=True).data)
        inspection = get_inspection_for_user(user, pk, write=True)
        data = ViolationInputSerializer.parse(request.data)
        violation = services.violation_record(actor=user, inspection=inspection, data=services.ViolationInput(**data))
        return Response(ViolationSerializer(violation).data, status=status.HTTP_201_CREATED)
