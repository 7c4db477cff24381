"""JSON API of the outreach area: /api/v1/outreach-events/, media-items/, training-courses/,
officials/ and integrated-plans/.

Each handler is a few lines around the doors and services the pages use: lists start from
`visible_to(user)`, single records come through `access.py` (404 outside the user's scope, 403 for
a user who may read but not change them), writers are checked before the body is read, and every
change is one call into `services/`, whose ValidationError `lanhmanh.core.api` turns into a 400.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
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
from lanhmanh.outreach import queries, services
from lanhmanh.outreach.access import (
    get_course_for_user,
    get_event_for_user,
    get_integrated_plan_for_user,
    get_media_item_for_user,
    get_official_for_user,
    get_unit_for_user,
    may_record,
    may_record_media,
)
from lanhmanh.outreach.models import OutreachEvent, Participant, TrainingCourse
from lanhmanh.outreach.serializers import (
    IntegratedPlanFilterSerializer,
    IntegratedPlanInputSerializer,
    IntegratedPlanSerializer,
    MediaItemFilterSerializer,
    MediaItemInputSerializer,
    MediaItemSerializer,
    OfficialFilterSerializer,
    OfficialInputSerializer,
    OfficialSerializer,
    OutreachEventFilterSerializer,
    OutreachEventInputSerializer,
    OutreachEventSerializer,
    ParticipantInputSerializer,
    ParticipantSerializer,
    TrainingCourseFilterSerializer,
    TrainingCourseInputSerializer,
    TrainingCourseSerializer,
)

FILE_PARSERS = [JSONParser, MultiPartParser, FormParser]


# Communication events -------------------------------------------------------------------------------


def _event_for_output(pk: int) -> OutreachEvent:
    return (
        OutreachEvent.objects.select_related("primary_unit", "organiser", "created_by")
        .prefetch_related("units", "audience", "materials", "attachments")
        .get(pk=pk)
    )


@extend_schema(tags=["outreach"])
class OutreachEventViewSet(viewsets.GenericViewSet[Any]):
    """Communication events (tuyên truyền): seen by every user whose scope holds one of their communes."""

    lookup_value_converter = "int"

    @extend_schema(
        summary="Danh sách hoạt động tuyên truyền",
        parameters=[OutreachEventFilterSerializer],
        responses={200: OutreachEventSerializer(many=True), 400: BAD_REQUEST, **READ},
    )
    def list(self, request: Request) -> Response:
        user = request_user(request)
        query = OutreachEventFilterSerializer.parse(request.query_params)
        events = OutreachEvent.objects.visible_to(user)
        if "period" in query:
            events = events.between(query["period"].start, query["period"].end)
        if "unit" in query:
            events = events.in_subtree(get_unit_for_user(user, query["unit"]))
        if "form" in query:
            events = events.filter(form=query["form"])
        if "organiser" in query:
            events = events.filter(organiser_id=query["organiser"])
        events = events.select_related("primary_unit", "organiser", "created_by").prefetch_related(
            "units", "audience", "materials", "attachments"
        )
        return self.get_paginated_response(OutreachEventSerializer(one_page(self, events), many=True).data)

    @extend_schema(summary="Một hoạt động tuyên truyền", responses={200: OutreachEventSerializer, **READ})
    def retrieve(self, request: Request, pk: int) -> Response:
        event = get_event_for_user(request_user(request), pk)
        return Response(OutreachEventSerializer(_event_for_output(event.pk)).data)

    @extend_schema(
        summary="Ghi nhận một hoạt động tuyên truyền",
        description="Cán bộ cấp xã, cấp huyện, cán bộ đầu mối sở, ngành và điều phối; các xã trong phạm vi.",
        request=OutreachEventInputSerializer,
        responses={201: OutreachEventSerializer, **WRITE},
    )
    def create(self, request: Request) -> Response:
        user = request_user(request)
        refuse_unless(may_record(user))
        data = OutreachEventInputSerializer.parse(request.data, user=user)
        event = services.event_create(actor=user, data=services.EventInput(**data))
        return Response(OutreachEventSerializer(_event_for_output(event.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Sửa một hoạt động tuyên truyền",
        description="Gửi toàn bộ hoạt động; địa bàn, số người dự và tài liệu được thay bằng những gì gửi lên.",
        request=OutreachEventInputSerializer,
        responses={200: OutreachEventSerializer, **WRITE},
    )
    def update(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        event = get_event_for_user(user, pk, write=True)
        data = OutreachEventInputSerializer.parse(request.data, user=user)
        services.event_update(event=event, actor=user, data=services.EventInput(**data))
        return Response(OutreachEventSerializer(_event_for_output(event.pk)).data)


# Media items ----------------------------------------------------------------------------------------


@extend_schema(tags=["outreach"])
class MediaItemViewSet(viewsets.GenericViewSet[Any]):
    """Press and broadcast items of the province, read by everybody in it."""

    lookup_value_converter = "int"
    parser_classes = FILE_PARSERS

    @extend_schema(
        summary="Danh sách tin, bài",
        parameters=[MediaItemFilterSerializer],
        responses={200: MediaItemSerializer(many=True), 400: BAD_REQUEST, **READ},
    )
    def list(self, request: Request) -> Response:
        query = MediaItemFilterSerializer.parse(request.query_params)
        items = queries.visible_media(request_user(request)).select_related("unit")
        if "year" in query:
            items = items.filter(date__year=query["year"])
        if "outlet" in query:
            items = items.filter(outlet=query["outlet"])
        if "kind" in query:
            items = items.filter(kind=query["kind"])
        return self.get_paginated_response(MediaItemSerializer(one_page(self, items), many=True).data)

    @extend_schema(summary="Một tin, bài", responses={200: MediaItemSerializer, **READ})
    def retrieve(self, request: Request, pk: int) -> Response:
        return Response(MediaItemSerializer(get_media_item_for_user(request_user(request), pk)).data)

    @extend_schema(
        summary="Ghi nhận một tin, bài của tỉnh",
        description=(
            "Người dùng có phạm vi cả tỉnh (điều phối, cán bộ đầu mối sở, ngành). JSON, hoặc multipart kèm `file`."
        ),
        request=MediaItemInputSerializer,
        responses={201: MediaItemSerializer, **WRITE},
    )
    def create(self, request: Request) -> Response:
        user = request_user(request)
        province = queries.province_of(user)
        refuse_unless(may_record_media(user) and province is not None)
        assert province is not None
        data = MediaItemInputSerializer.parse(request.data)
        file = data.pop("file", None)
        item = services.media_item_create(actor=user, data=services.MediaInput(unit=province, **data), file=file)
        return Response(MediaItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Sửa một tin, bài",
        description="Không gửi `file`: giữ tệp cũ.",
        request=MediaItemInputSerializer,
        responses={200: MediaItemSerializer, **WRITE},
    )
    def update(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        item = get_media_item_for_user(user, pk, write=True)
        data = MediaItemInputSerializer.parse(request.data)
        file = data.pop("file", None)
        services.media_item_update(item=item, actor=user, data=services.MediaInput(unit=item.unit, **data), file=file)
        return Response(MediaItemSerializer(item).data)


# Training -------------------------------------------------------------------------------------------


def _courses() -> QuerySet[TrainingCourse]:
    return TrainingCourse.objects.select_related("organiser", "unit").annotate(
        enrolled=Count("participants", distinct=True),
        done=Count("participants", filter=Q(participants__completed=True), distinct=True),
    )


@extend_schema(tags=["outreach"])
class TrainingCourseViewSet(viewsets.GenericViewSet[Any]):
    """Training courses: a commune officer reads their district's and the province's courses too."""

    lookup_value_converter = "int"

    @extend_schema(
        summary="Danh sách lớp tập huấn",
        parameters=[TrainingCourseFilterSerializer],
        responses={200: TrainingCourseSerializer(many=True), 400: BAD_REQUEST, **READ},
    )
    def list(self, request: Request) -> Response:
        query = TrainingCourseFilterSerializer.parse(request.query_params)
        courses = _courses().filter(pk__in=TrainingCourse.objects.visible_to(request_user(request)).values("pk"))
        if "year" in query:
            courses = courses.filter(end_date__year=query["year"])
        if "topic" in query:
            courses = courses.filter(topic=query["topic"])
        courses = courses.order_by("-start_date", "-pk")
        return self.get_paginated_response(TrainingCourseSerializer(one_page(self, courses), many=True).data)

    @extend_schema(summary="Một lớp tập huấn", responses={200: TrainingCourseSerializer, **READ})
    def retrieve(self, request: Request, pk: int) -> Response:
        course = get_course_for_user(request_user(request), pk)
        return Response(TrainingCourseSerializer(_courses().get(pk=course.pk)).data)

    @extend_schema(
        summary="Thêm một lớp tập huấn",
        request=TrainingCourseInputSerializer,
        responses={201: TrainingCourseSerializer, **WRITE},
    )
    def create(self, request: Request) -> Response:
        user = request_user(request)
        refuse_unless(may_record(user))
        data = TrainingCourseInputSerializer.parse(request.data)
        course = services.course_create(actor=user, data=services.CourseInput(**data))
        return Response(TrainingCourseSerializer(_courses().get(pk=course.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Sửa một lớp tập huấn",
        request=TrainingCourseInputSerializer,
        responses={200: TrainingCourseSerializer, **WRITE},
    )
    def update(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        course = get_course_for_user(user, pk, write=True)
        data = TrainingCourseInputSerializer.parse(request.data)
        services.course_update(course=course, actor=user, data=services.CourseInput(**data))
        return Response(TrainingCourseSerializer(_courses().get(pk=course.pk)).data)

    @extend_schema(
        summary="Học viên của một lớp (những người thuộc phạm vi của người dùng)",
        responses={200: ParticipantSerializer(many=True), **READ},
    )
    @action(detail=True, methods=["get"])
    def participants(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        course = get_course_for_user(user, pk)
        rows = Participant.objects.visible_to(user).filter(course=course).select_related("official")
        return self.get_paginated_response(ParticipantSerializer(one_page(self, rows), many=True).data)

    @extend_schema(
        summary="Thêm học viên, hoặc sửa việc tham dự và hoàn thành của học viên đã có",
        request=ParticipantInputSerializer,
        responses={200: ParticipantSerializer, **WRITE},
    )
    @participants.mapping.post
    def set_participant(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        course = get_course_for_user(user, pk, write=True)
        data = ParticipantInputSerializer.parse(request.data)
        # The official must be on a roster the user reads: 404 otherwise, as for any record outside it.
        official = get_official_for_user(user, data["official"])
        participant = services.participant_set(
            course=course, official=official, actor=user, attended=data["attended"], completed=data["completed"]
        )
        return Response(ParticipantSerializer(participant).data)


# The roster -----------------------------------------------------------------------------------------


@extend_schema(tags=["outreach"])
class OfficialViewSet(viewsets.GenericViewSet[Any]):
    """Officials working directly on social-evils prevention, read in the subtree they work in."""

    lookup_value_converter = "int"

    @extend_schema(
        summary="Danh sách cán bộ làm công tác phòng, chống tệ nạn xã hội",
        parameters=[OfficialFilterSerializer],
        responses={200: OfficialSerializer(many=True), 400: BAD_REQUEST, **READ},
    )
    def list(self, request: Request) -> Response:
        user = request_user(request)
        query = OfficialFilterSerializer.parse(request.query_params)
        officials = queries.officials_for(user)
        if "unit" in query:
            officials = officials.filter(unit__path__prefix=get_unit_for_user(user, query["unit"]).path)
        if "agency" in query:
            officials = officials.filter(agency_id=query["agency"])
        if "active_on" in query:
            officials = officials.active_between(query["active_on"], query["active_on"])
        return self.get_paginated_response(OfficialSerializer(one_page(self, officials), many=True).data)

    @extend_schema(summary="Một cán bộ trong danh sách", responses={200: OfficialSerializer, **READ})
    def retrieve(self, request: Request, pk: int) -> Response:
        return Response(OfficialSerializer(get_official_for_user(request_user(request), pk)).data)

    @extend_schema(
        summary="Thêm một cán bộ vào danh sách",
        request=OfficialInputSerializer,
        responses={201: OfficialSerializer, **WRITE},
    )
    def create(self, request: Request) -> Response:
        user = request_user(request)
        refuse_unless(may_record(user))
        data = OfficialInputSerializer.parse(request.data)
        official = services.official_create(actor=user, data=services.OfficialInput(**data))
        return Response(OfficialSerializer(official).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Sửa thông tin một cán bộ (ghi ngày kết thúc khi thôi làm công tác)",
        request=OfficialInputSerializer,
        responses={200: OfficialSerializer, **WRITE},
    )
    def update(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        official = get_official_for_user(user, pk, write=True)
        data = OfficialInputSerializer.parse(request.data)
        services.official_update(official=official, actor=user, data=services.OfficialInput(**data))
        return Response(OfficialSerializer(official).data)


# Integrated plans -----------------------------------------------------------------------------------


@extend_schema(tags=["outreach"])
class IntegratedPlanViewSet(viewsets.GenericViewSet[Any]):
    """Integrated plans of districts and communes."""

    lookup_value_converter = "int"
    parser_classes = FILE_PARSERS

    @extend_schema(
        summary="Danh sách kế hoạch lồng ghép",
        parameters=[IntegratedPlanFilterSerializer],
        responses={200: IntegratedPlanSerializer(many=True), 400: BAD_REQUEST, **READ},
    )
    def list(self, request: Request) -> Response:
        user = request_user(request)
        query = IntegratedPlanFilterSerializer.parse(request.query_params)
        plans = queries.visible_integrated_plans(user)
        if "unit" in query:
            plans = plans.filter(unit__path__prefix=get_unit_for_user(user, query["unit"]).path)
        return self.get_paginated_response(IntegratedPlanSerializer(one_page(self, plans), many=True).data)

    @extend_schema(summary="Một kế hoạch lồng ghép", responses={200: IntegratedPlanSerializer, **READ})
    def retrieve(self, request: Request, pk: int) -> Response:
        return Response(IntegratedPlanSerializer(get_integrated_plan_for_user(request_user(request), pk)).data)

    @extend_schema(
        summary="Ghi nhận một kế hoạch lồng ghép",
        description="JSON, hoặc multipart/form-data kèm tệp `file`.",
        request=IntegratedPlanInputSerializer,
        responses={201: IntegratedPlanSerializer, **WRITE},
    )
    def create(self, request: Request) -> Response:
        user = request_user(request)
        refuse_unless(may_record(user))
        data = IntegratedPlanInputSerializer.parse(request.data)
        file = data.pop("file", None)
        plan = services.integrated_plan_create(actor=user, data=services.IntegratedPlanInput(**data), file=file)
        return Response(IntegratedPlanSerializer(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Sửa một kế hoạch lồng ghép",
        description="Không gửi `file`: giữ tệp cũ.",
        request=IntegratedPlanInputSerializer,
        responses={200: IntegratedPlanSerializer, **WRITE},
    )
    def update(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        plan = get_integrated_plan_for_user(user, pk, write=True)
        data = IntegratedPlanInputSerializer.parse(request.data)
        file = data.pop("file", None)
        services.integrated_plan_update(plan=plan, actor=user, data=services.IntegratedPlanInput(**data), file=file)
        return Response(IntegratedPlanSerializer(plan).data)
