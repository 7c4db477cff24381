"""JSON API of peer groups and volunteer teams: /api/v1/peer-groups/ (with /members/),
/api/v1/peer-group-members/ and /api/v1/peer-group-activities/.

Each handler is a few lines around the doors and services the pages use: lists start from
`visible_to(user)`, single records come through `access.py` (404 outside the user's scope, 403 for
a user who may read but not change them), writers are checked before the body is read, and every
change is one call into `services.py`.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from lanhmanh.core.api import (
    BAD_REQUEST,
    READ,
    WRITE,
    one_page,
    refuse_unless,
    request_user,
)
from lanhmanh.peergroups import queries, services
from lanhmanh.peergroups.access import (
    get_activity_for_user,
    get_group_for_activity,
    get_group_for_user,
    get_member_for_user,
    get_unit_for_user,
    may_manage_groups,
    may_record_activities,
)
from lanhmanh.peergroups.models import Member, PeerGroup
from lanhmanh.peergroups.serializers import (
    ActivityFilterSerializer,
    ActivityInputSerializer,
    ActivitySerializer,
    MemberInputSerializer,
    MemberSerializer,
    NewActivityInputSerializer,
    PeerGroupDetailSerializer,
    PeerGroupFilterSerializer,
    PeerGroupInputSerializer,
    PeerGroupSerializer,
)


def _group_for_output(pk: int) -> PeerGroup:
    return PeerGroup.objects.select_related("commune", "sponsor").prefetch_related("members").get(pk=pk)


@extend_schema(tags=["peer-groups"])
class PeerGroupViewSet(viewsets.GenericViewSet[Any]):
    """Peer groups and volunteer social-work teams, read by every user whose scope holds their commune."""

    lookup_value_converter = "int"

    @extend_schema(
        summary="Danh sách nhóm đồng đẳng, đội công tác xã hội tình nguyện",
        parameters=[PeerGroupFilterSerializer],
        responses={200: PeerGroupSerializer(many=True), 400: BAD_REQUEST, **READ},
    )
    def list(self, request: Request) -> Response:
        user = request_user(request)
        query = PeerGroupFilterSerializer.parse(request.query_params)
        groups = queries.visible_groups(user)
        if "unit" in query:
            groups = groups.in_subtree(get_unit_for_user(user, query["unit"]))
        if "kind" in query:
            groups = groups.filter(kind=query["kind"])
        if "status" in query:
            groups = groups.filter(status=query["status"])
        return self.get_paginated_response(PeerGroupSerializer(one_page(self, groups.order_by("pk")), many=True).data)

    @extend_schema(summary="Một nhóm, đội với các thành viên", responses={200: PeerGroupDetailSerializer, **READ})
    def retrieve(self, request: Request, pk: int) -> Response:
        group = get_group_for_user(request_user(request), pk)
        return Response(PeerGroupDetailSerializer(_group_for_output(group.pk)).data)

    @extend_schema(
        summary="Đăng ký một nhóm, đội",
        description="Điều phối, cán bộ cấp xã và cán bộ hỗ trợ; xã trong phạm vi.",
        request=PeerGroupInputSerializer,
        responses={201: PeerGroupDetailSerializer, **WRITE},
    )
    def create(self, request: Request) -> Response:
        user = request_user(request)
        refuse_unless(may_manage_groups(user))
        data = PeerGroupInputSerializer.parse(request.data)
        group = services.group_create(actor=user, data=services.GroupInput(**data))
        return Response(PeerGroupDetailSerializer(_group_for_output(group.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Sửa một nhóm, đội",
        request=PeerGroupInputSerializer,
        responses={200: PeerGroupDetailSerializer, **WRITE},
    )
    def update(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        group = get_group_for_user(user, pk, write=True)
        data = PeerGroupInputSerializer.parse(request.data)
        services.group_update(group=group, actor=user, data=services.GroupInput(**data))
        return Response(PeerGroupDetailSerializer(_group_for_output(group.pk)).data)

    @extend_schema(
        methods=["GET"],
        summary="Các thành viên của một nhóm, đội",
        responses={200: MemberSerializer(many=True), **READ},
    )
    @extend_schema(
        methods=["POST"],
        summary="Thêm một thành viên (hệ thống cấp mã)",
        description="Thành viên nhóm đồng đẳng không được có họ tên.",
        request=MemberInputSerializer,
        responses={201: MemberSerializer, **WRITE},
    )
    @action(detail=True, methods=["get", "post"])
    def members(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        if request.method == "GET":
            group = get_group_for_user(user, pk)
            members = Member.objects.filter(group=group).order_by("code")
            return self.get_paginated_response(MemberSerializer(one_page(self, members), many=True).data)
        group = get_group_for_user(user, pk, write=True)
        data = MemberInputSerializer.parse(request.data)
        member = services.member_add(group=group, actor=user, data=services.MemberInput(**data))
        return Response(MemberSerializer(member).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["peer-groups"])
class MemberViewSet(viewsets.GenericViewSet[Any]):
    """One member of a group (added through /peer-groups/{id}/members/)."""

    lookup_value_converter = "int"

    @extend_schema(summary="Một thành viên", responses={200: MemberSerializer, **READ})
    def retrieve(self, request: Request, pk: int) -> Response:
        return Response(MemberSerializer(get_member_for_user(request_user(request), pk)).data)

    @extend_schema(
        summary="Sửa một thành viên (vai trò, ngày tham gia, ngày rời nhóm)",
        request=MemberInputSerializer,
        responses={200: MemberSerializer, **WRITE},
    )
    def update(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        member = get_member_for_user(user, pk, write=True)
        data = MemberInputSerializer.parse(request.data)
        services.member_update(member=member, actor=user, data=services.MemberInput(**data))
        return Response(MemberSerializer(member).data)


@extend_schema(tags=["peer-groups"])
class ActivityViewSet(viewsets.GenericViewSet[Any]):
    """Activities of peer groups and volunteer teams, with the people they reached."""

    lookup_value_converter = "int"

    @extend_schema(
        summary="Danh sách hoạt động của nhóm, đội",
        parameters=[ActivityFilterSerializer],
        responses={200: ActivitySerializer(many=True), 400: BAD_REQUEST, **READ},
    )
    def list(self, request: Request) -> Response:
        user = request_user(request)
        query = ActivityFilterSerializer.parse(request.query_params)
        activities = queries.visible_activities(user)
        if "period" in query:
            activities = activities.between(query["period"].start, query["period"].end)
        if "unit" in query:
            activities = activities.in_subtree(get_unit_for_user(user, query["unit"]))
        if "group" in query:
            activities = activities.filter(group=get_group_for_user(user, query["group"]))
        if "kind" in query:
            activities = activities.filter(kind=query["kind"])
        return self.get_paginated_response(ActivitySerializer(one_page(self, activities), many=True).data)

    @extend_schema(summary="Một hoạt động", responses={200: ActivitySerializer, **READ})
    def retrieve(self, request: Request, pk: int) -> Response:
        return Response(ActivitySerializer(get_activity_for_user(request_user(request), pk)).data)

    @extend_schema(
        summary="Ghi nhận một hoạt động",
        description="Điều phối, cán bộ cấp xã, cán bộ hỗ trợ và tuyên truyền viên đồng đẳng; nhóm, đội trong phạm vi.",
        request=NewActivityInputSerializer,
        responses={201: ActivitySerializer, **WRITE},
    )
    def create(self, request: Request) -> Response:
        user = request_user(request)
        refuse_unless(may_record_activities(user))
        data = NewActivityInputSerializer.parse(request.data)
        group = get_group_for_activity(user, data.pop("group"))
        activity = services.activity_create(group=group, actor=user, data=services.ActivityInput(**data))
        return Response(ActivitySerializer(activity).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Sửa một hoạt động", request=ActivityInputSerializer, responses={200: ActivitySerializer, **WRITE}
    )
    def update(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        activity = get_activity_for_user(user, pk, write=True)
        data = ActivityInputSerializer.parse(request.data)
        services.activity_update(activity=activity, actor=user, data=services.ActivityInput(**data))
        return Response(ActivitySerializer(activity).data)

    @extend_schema(summary="Xóa một hoạt động", responses={204: None, **WRITE})
    def destroy(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        activity = get_activity_for_user(user, pk, write=True)
        services.activity_delete(activity=activity, actor=user)
        return Response(status=status.HTTP_204_NO_CONTENT)
