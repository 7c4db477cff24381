"""JSON API of the inspections area: /api/v1/inspection-teams/ (with their members as the
sub-resource .../<id>/members/), /api/v1/inspection-schedules/ (with .../<id>/approve/),
/api/v1/inspections/ (with the violations found at each as the sub-resource
/api/v1/inspections/<id>/violations/[<violation_id>/]) and /api/v1/violations/, the catalogue of
violations, read-only.

Each handler is a few lines around the doors and services the pages use: lists start from
`visible_to(user)`, single records come through `access.py` (404 outside the user's scope, 403 for a
user who may read but not change them), writers are checked before the body is read, and every change
is one call into `services.py`, whose ValidationError `lanhmanh.core.api` turns into a 400.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from lanhmanh.accounts.models import User
from lanhmanh.core.api import (
    BAD_REQUEST,
    CONFLICT,
    READ,
    UNAUTHENTICATED,
    WRITE,
    one_page,
    refuse_unless,
    request_user,
)
from lanhmanh.establishments.models import Establishment
from lanhmanh.inspections import queries, services
from lanhmanh.inspections.access import (
    get_inspection_for_user,
    get_schedule_for_user,
    get_team_for_user,
    get_violation_for_user,
    may_manage_teams,
    may_record_inspections,
)
from lanhmanh.inspections.models import (
    Inspection,
    InspectionSchedule,
    InspectionTeam,
    ScheduledVisit,
    Violation,
    ViolationType,
)
from lanhmanh.inspections.serializers import (
    InspectionFilterSerializer,
    InspectionInputSerializer,
    InspectionScheduleInputSerializer,
    InspectionScheduleSerializer,
    InspectionSerializer,
    InspectionTeamInputSerializer,
    InspectionTeamSerializer,
    ScheduleFilterSerializer,
    TeamFilterSerializer,
    TeamMemberAddSerializer,
    TeamMemberSerializer,
    ViolationInputSerializer,
    ViolationPatchSerializer,
    ViolationSerializer,
    ViolationTypeFilterSerializer,
    ViolationTypeSerializer,
    ViolationUpdateSerializer,
)
from lanhmanh.outreach.access import get_unit_for_user


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
        return self.get_paginated_response(ViolationTypeSerializer(one_page(self, rows), many=True).data)

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
        teams = queries.visible_teams(request_user(request)).prefetch_related("members__agency")
        if "level" in query:
            teams = teams.filter(level=query["level"])
        if "valid_on" in query:
            teams = teams.valid_on(query["valid_on"])
        return self.get_paginated_response(InspectionTeamSerializer(one_page(self, teams), many=True).data)

    @extend_schema(summary="Một đội kiểm tra", responses={200: InspectionTeamSerializer, **READ})
    def retrieve(self, request: Request, pk: int) -> Response:
        team = get_team_for_user(request_user(request), pk)
        return Response(InspectionTeamSerializer(_team_for_output(team.pk)).data)

    @extend_schema(
        summary="Thành lập một đội kiểm tra",
        description="Điều phối, cán bộ cấp huyện, cấp xã; địa bàn trong phạm vi. Đội cấp huyện chỉ trước 01/7/2025.",
        request=InspectionTeamInputSerializer,
        responses={201: InspectionTeamSerializer, **WRITE},
    )
    def create(self, request: Request) -> Response:
        user = request_user(request)
        refuse_unless(may_manage_teams(user))
        data = InspectionTeamInputSerializer.parse(request.data)
        members = [services.MemberInput(**member) for member in data.pop("members")]
        team = services.team_create(actor=user, data=services.TeamInput(**data, members=members))
        return Response(InspectionTeamSerializer(_team_for_output(team.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Thêm một thành viên vào đội",
        description=(
            "Người giữ đội (điều phối, cán bộ cấp huyện, cấp xã) có địa bàn của đội trong phạm vi. Cơ quan thuộc "
            "địa bàn của đội; một đội chỉ có một trưởng đoàn; tài khoản (nếu có) thuộc cơ quan đó, trong phạm vi."
        ),
        request=TeamMemberAddSerializer,
        responses={201: TeamMemberSerializer, **WRITE},
    )
    @action(detail=True, methods=["post"])
    def members(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        team = get_team_for_user(user, pk, write=True)
        data = TeamMemberAddSerializer.parse(request.data)
        member = services.team_member_add(actor=user, team=team, data=services.MemberInput(**data))
        return Response(TeamMemberSerializer(member).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Xóa một thành viên khỏi đội",
        description="Người giữ đội. Thành viên đã tham gia một cuộc kiểm tra không xóa được (400 `member`).",
        request=None,
        responses={204: None, **WRITE},
    )
    @action(detail=True, methods=["delete"], url_path="members/<int:member_id>", url_name="member")
    def member(self, request: Request, pk: int, member_id: int) -> Response:
        user = request_user(request)
        team = get_team_for_user(user, pk, write=True)
        member = team.members.select_related("agency").filter(pk=member_id).first()
        if member is None:
            raise Http404
        services.team_member_remove(actor=user, member=member)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _schedules_for_output(user: User, schedules: QuerySet[InspectionSchedule]) -> QuerySet[InspectionSchedule]:
    # As on the page: a provincial plan lists only the establishments of the reader's own scope.
    visits = (
        ScheduledVisit.objects.filter(establishment__in=Establishment.objects.visible_to(user).values("pk"))
        .select_related("establishment", "establishment__commune")
        .order_by("planned_on", "pk")
    )
    return schedules.select_related("team", "approved_by").prefetch_related(Prefetch("visits", queryset=visits))


@extend_schema(tags=["inspections"])
class InspectionScheduleViewSet(viewsets.GenericViewSet[Any]):
    """Inspection schedules: read where their team is read; drawn up by team keepers, approved by the coordinator."""

    lookup_value_converter = "int"

    def _output(self, user: User, pk: int) -> dict[str, Any]:
        schedule = _schedules_for_output(user, InspectionSchedule.objects.filter(pk=pk)).get()
        return dict(InspectionScheduleSerializer(schedule).data)

    @extend_schema(
        summary="Danh sách kế hoạch kiểm tra",
        parameters=[ScheduleFilterSerializer],
        responses={200: InspectionScheduleSerializer(many=True), 400: BAD_REQUEST, 401: UNAUTHENTICATED},
    )
    def list(self, request: Request) -> Response:
        user = request_user(request)
        query = ScheduleFilterSerializer.parse(request.query_params)
        schedules = InspectionSchedule.objects.visible_to(user)
        if "status" in query:
            schedules = schedules.filter(status=query["status"])
        if "team" in query:
            schedules = schedules.filter(team=query["team"])
        listed = _schedules_for_output(user, schedules).order_by("-period_start", "-pk")
        return self.get_paginated_response(InspectionScheduleSerializer(one_page(self, listed), many=True).data)

    @extend_schema(summary="Một kế hoạch kiểm tra", responses={200: InspectionScheduleSerializer, **READ})
    def retrieve(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        schedule = get_schedule_for_user(user, pk)
        return Response(self._output(user, schedule.pk))

    @extend_schema(
        summary="Lập một kế hoạch kiểm tra (dự thảo)",
        description=(
            "Người giữ đội (điều phối, cán bộ cấp huyện, cấp xã). Các cơ sở thuộc địa bàn của đội và phạm vi của "
            "người lập, ngày dự kiến trong thời gian của kế hoạch; đội có hiệu lực suốt thời gian đó."
        ),
        request=InspectionScheduleInputSerializer,
        responses={201: InspectionScheduleSerializer, **WRITE},
    )
    def create(self, request: Request) -> Response:
        user = request_user(request)
        refuse_unless(may_manage_teams(user))
        data = InspectionScheduleInputSerializer.parse(request.data, user=user)
        visits = [services.VisitInput(**visit) for visit in data.pop("visits")]
        schedule = services.schedule_create(actor=user, data=services.ScheduleInput(**data, visits=visits))
        return Response(self._output(user, schedule.pk), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Phê duyệt một kế hoạch kiểm tra",
        description="Chỉ điều phối, với đội có địa bàn trong phạm vi. Kế hoạch đã phê duyệt: 400 `status`.",
        request=None,
        responses={200: InspectionScheduleSerializer, **WRITE},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        schedule = get_schedule_for_user(user, pk, approve=True)
        services.schedule_approve(actor=user, schedule=schedule)
        return Response(self._output(user, schedule.pk))


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
        user = request_user(request)
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
        return self.get_paginated_response(InspectionSerializer(one_page(self, inspections), many=True).data)

    @extend_schema(summary="Một cuộc kiểm tra", responses={200: InspectionSerializer, **READ})
    def retrieve(self, request: Request, pk: int) -> Response:
        inspection = get_inspection_for_user(request_user(request), pk)
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
        user = request_user(request)
        refuse_unless(may_record_inspections(user))
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
        user = request_user(request)
        if request.method == "GET":
            inspection = get_inspection_for_user(user, pk)
            rows = inspection.violations.select_related("violation_type").order_by("committed_on", "pk")
            return self.get_paginated_response(ViolationSerializer(one_page(self, rows), many=True).data)
        inspection = get_inspection_for_user(user, pk, write=True)
        data = ViolationInputSerializer.parse(request.data)
        violation = services.violation_record(actor=user, inspection=inspection, data=services.ViolationInput(**data))
        return Response(ViolationSerializer(violation).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"], summary="Một vi phạm ghi nhận tại cuộc kiểm tra", responses={200: ViolationSerializer, **READ}
    )
    @extend_schema(
        methods=["PUT"],
        summary="Sửa xử phạt và theo dõi chấp hành của một vi phạm",
        description=(
            "Gửi cả bản ghi như biểu mẫu trên trang (nộp phạt: ngày và số tiền đã thu; ngày đã khắc phục; hạn "
            "kiểm tra lại) cùng `version` đã đọc; nếu đã có người sửa sau đó: 409, không có gì được lưu."
        ),
        request=ViolationUpdateSerializer,
        responses={200: ViolationSerializer, 409: CONFLICT, **WRITE},
    )
    @extend_schema(
        methods=["PATCH"],
        summary="Sửa một phần xử phạt, theo dõi chấp hành của một vi phạm",
        description="Chỉ các trường gửi đi thay đổi; vẫn cần `version` đã đọc (409 nếu đã cũ).",
        request=ViolationPatchSerializer,
        responses={200: ViolationSerializer, 409: CONFLICT, **WRITE},
    )
    @action(
        detail=True,
        methods=["get", "put", "patch"],
        url_path="violations/<int:violation_id>",
        url_name="violation",
    )
    def violation(self, request: Request, pk: int, violation_id: int) -> Response:
        user = request_user(request)
        write = request.method != "GET"
        # The inspection's door first (404 outside the scope), then the violation's, which must be of it.
        get_inspection_for_user(user, pk, write=write)
        violation = get_violation_for_user(user, violation_id, write=write)
        if violation.inspection_id != pk:
            raise Http404
        if not write:
            return Response(ViolationSerializer(violation).data)
        if request.method == "PATCH":
            sent = ViolationPatchSerializer.parse(request.data)
            data = {**_violation_values(violation), **sent}
        else:
            data = ViolationUpdateSerializer.parse(request.data)
        version = data.pop("version")
        services.violation_update(
            actor=user, violation=violation, data=services.ViolationInput(**data), expected_version=version
        )
        return Response(
            ViolationSerializer(Violation.objects.select_related("violation_type").get(pk=violation.pk)).data
        )


def _violation_values(violation: Violation) -> dict[str, Any]:
    return {name: getattr(violation, name) for name in services.VIOLATION_FIELDS}
