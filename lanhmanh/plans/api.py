"""JSON API of plans: /api/v1/plans/, targets/, measures/, tasks/, task-updates/ and manual-values/.

Each handler is a few lines around the doors and services the pages use: lists start from
`visible_to(user)`, single records come through `access.py` (404 outside the user's scope, 403 for
a user who may read but not change them), and every change is one call into `services.py`, whose
ValidationError and ConflictError `lanhmanh.core.api` turns into 400 and 409.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, cast

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from lanhmanh.accounts.models import User
from lanhmanh.core.access import get_for_user
from lanhmanh.core.api import (
    BAD_REQUEST,
    CONFLICT,
    FORBIDDEN,
    NOT_FOUND,
    UNAUTHENTICATED,
    one_page,
    request_user,
)
from lanhmanh.indicators.progress import TargetProgress, plan_progress
from lanhmanh.places.models import AdministrativeUnit
from lanhmanh.plans import services
from lanhmanh.plans.access import (
    get_manual_value_for_user,
    get_measure_for_user,
    get_plan_for_user,
    get_task_for_user,
    get_task_to_assign,
    get_task_update_for_user,
    may_record_manual_values,
)
from lanhmanh.plans.forms import default_period
from lanhmanh.plans.models import ManualValue, Task, TaskUpdate
from lanhmanh.plans.queries import chosen_unit, filter_tasks, visible_plans
from lanhmanh.plans.serializers import (
    ManualValueFilterSerializer,
    ManualValueInputSerializer,
    ManualValueSerializer,
    MeasureSerializer,
    MeasureUpdateSerializer,
    PlanSerializer,
    TargetProgressSerializer,
    TargetQuerySerializer,
    TaskAssignSerializer,
    TaskFilterSerializer,
    TaskSerializer,
    TaskUpdateCreatedSerializer,
    TaskUpdateFilterSerializer,
    TaskUpdateInputSerializer,
    TaskUpdateSerializer,
)


def _overdue_ids(tasks: Sequence[Task], today: date) -> set[int]:
    """Which of `tasks` are overdue, by the rule of TaskQuerySet.overdue: one query for a whole page."""
    return set(Task.objects.filter(pk__in=[t.pk for t in tasks]).overdue(today).values_list("pk", flat=True))


def _unit_in_scope(user: User, unit_id: int) -> AdministrativeUnit:
    """A unit of the user's subtree; 404 for any other, as for records outside the scope."""
    if user.scope is None:
        raise Http404
    return get_for_user(AdministrativeUnit.objects.subtree(user.scope), unit_id, user=user)


# Plans -------------------------------------------------------------------------------------------


@extend_schema(tags=["plans"])
class PlanViewSet(viewsets.GenericViewSet[Any]):
    """Plans the user can read: the plans of the province their scope lies in."""

    lookup_value_converter = "int"

    @extend_schema(
        summary="Danh sách kế hoạch",
        responses={200: PlanSerializer(many=True), 401: UNAUTHENTICATED},
    )
    def list(self, request: Request) -> Response:
        plans = one_page(self, visible_plans(request_user(request)))
        return self.get_paginated_response(PlanSerializer(plans, many=True).data)

    @extend_schema(summary="Một kế hoạch", responses={200: PlanSerializer, 401: UNAUTHENTICATED, 404: NOT_FOUND})
    def retrieve(self, request: Request, pk: int) -> Response:
        plan = get_plan_for_user(request_user(request), pk)
        return Response(PlanSerializer(plan).data)


# Targets and measures ----------------------------------------------------------------------------


@extend_schema(tags=["targets"])
class TargetViewSet(viewsets.GenericViewSet[Any]):
    """A plan's targets, each measure with its current value for a period and a unit."""

    @extend_schema(
        summary="Mục tiêu của kế hoạch và tiến độ các chỉ tiêu",
        description=(
            "Giá trị hiện tại (`current`) của mỗi chỉ tiêu tính cho kỳ `period` (mặc định: năm của kế hoạch) "
            "và địa bàn `unit` (mặc định: phạm vi của người dùng, hoặc tỉnh của kế hoạch nếu phạm vi rộng hơn). "
            "Địa bàn ngoài phạm vi của người dùng hoặc ngoài địa bàn kế hoạch: 404."
        ),
        parameters=[TargetQuerySerializer],
        responses={200: TargetProgressSerializer(many=True), 400: BAD_REQUEST, 401: UNAUTHENTICATED, 404: NOT_FOUND},
    )
    def list(self, request: Request) -> Response:
        user = request_user(request)
        query = TargetQuerySerializer.parse(request.query_params)
        plan = get_plan_for_user(user, query["plan"])
        unit_id = query.get("unit")
        unit = chosen_unit(user, plan, None if unit_id is None else str(unit_id))
        today = timezone.localdate()
        period = query.get("period") or default_period(plan, today)
        # LimitOffsetPagination slices any sequence; its stubs only admit querysets.
        rows = one_page(self, cast(QuerySet[Any, TargetProgress], plan_progress(plan, period, unit, today)))
        serializer = TargetProgressSerializer(rows, many=True, context={"period": period, "unit": unit})
        return self.get_paginated_response(serializer.data)


@extend_schema(tags=["targets"])
class MeasureViewSet(viewsets.GenericViewSet[Any]):
    lookup_value_converter = "int"

    @extend_schema(
        summary="Sửa giá trị ban đầu và mục tiêu của một chỉ tiêu",
        description="Chỉ cán bộ điều phối của cơ quan thường trực. Gửi `version` đã đọc; nếu đã cũ: 409.",
        request=MeasureUpdateSerializer,
        responses={
            200: MeasureSerializer,
            400: BAD_REQUEST,
            401: UNAUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: CONFLICT,
        },
    )
    def partial_update(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        measure = get_measure_for_user(user, pk, write=True)
        data = MeasureUpdateSerializer.parse(request.data)
        services.measure_update(
            measure=measure,
            actor=user,
            baseline=data["baseline"],
            target_value=data["target_value"],
            expected_version=data["version"],
        )
        return Response(MeasureSerializer(measure).data)


# Tasks and their progress updates ----------------------------------------------------------------


@extend_schema(tags=["tasks"])
class TaskViewSet(viewsets.GenericViewSet[Any]):
    lookup_value_converter = "int"

    def _task_data(self, task: Task) -> dict[str, Any]:
        overdue = _overdue_ids([task], timezone.localdate())
        return dict(TaskSerializer(task, context={"overdue_ids": overdue}).data)

    @extend_schema(
        summary="Danh sách nhiệm vụ",
        parameters=[TaskFilterSerializer],
        responses={200: TaskSerializer(many=True), 400: BAD_REQUEST, 401: UNAUTHENTICATED, 404: NOT_FOUND},
    )
    def list(self, request: Request) -> Response:
        user = request_user(request)
        query = TaskFilterSerializer.parse(request.query_params)
        today = timezone.localdate()
        tasks = Task.objects.visible_to(user)
        if "plan" in query:
            tasks = tasks.filter(plan_id=query["plan"])
        if "agency" in query:
            partner_of = Task.partners.through.objects.filter(agency__code=query["agency"]).values("task_id")
            tasks = tasks.filter(Q(lead_agency__code=query["agency"]) | Q(pk__in=partner_of))
        unit = _unit_in_scope(user, query["unit"]) if "unit" in query else None
        chosen = filter_tasks(
            tasks, today=today, status=query.get("status", ""), unit=unit, overdue=query.get("overdue", False)
        )
        page = one_page(self, chosen.select_related("unit", "lead_agency").prefetch_related("partners"))
        serializer = TaskSerializer(page, many=True, context={"overdue_ids": _overdue_ids(page, today)})
        return self.get_paginated_response(serializer.data)

    @extend_schema(summary="Một nhiệm vụ", responses={200: TaskSerializer, 401: UNAUTHENTICATED, 404: NOT_FOUND})
    def retrieve(self, request: Request, pk: int) -> Response:
        task = get_task_for_user(request_user(request), pk)
        return Response(self._task_data(task))

    @extend_schema(
        summary="Giao nhiệm vụ: cơ quan chủ trì, phối hợp, thời hạn",
        description="Chỉ cán bộ điều phối của cơ quan thường trực. Gửi `version` đã đọc; nếu đã cũ: 409.",
        request=TaskAssignSerializer,
        responses={
            200: TaskSerializer,
            400: BAD_REQUEST,
            401: UNAUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: CONFLICT,
        },
    )
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        task = get_task_to_assign(user, pk)
        data = TaskAssignSerializer.parse(request.data, plan=task.plan)
        services.task_assign(
            task=task,
            actor=user,
            lead_agency=data["lead_agency"],
            partners=data["partners"],
            deadline=data["deadline"],
            expected_version=data["version"],
        )
        return Response(self._task_data(task))

    @extend_schema(
        summary="Các lần cập nhật tiến độ của một nhiệm vụ",
        responses={200: TaskUpdateSerializer(many=True), 401: UNAUTHENTICATED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get"], parser_classes=[JSONParser, MultiPartParser])
    def updates(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        task = get_task_for_user(user, pk)
        updates = (
            TaskUpdate.objects.visible_to(user).filter(task=task).select_related("task", "author", "author_agency")
        )
        return self.get_paginated_response(TaskUpdateSerializer(one_page(self, updates), many=True).data)

    @extend_schema(
        summary="Gửi một cập nhật tiến độ (có thể kèm tệp minh chứng, đổi trạng thái)",
        description=(
            "JSON, hoặc multipart/form-data khi kèm tệp `evidence`. Đổi trạng thái (`new_status`) trên nhiệm vụ "
            "đã được người khác sửa sau `version` đã đọc: 409, không có gì được lưu."
        ),
        request=TaskUpdateInputSerializer,
        responses={
            201: TaskUpdateCreatedSerializer,
            400: BAD_REQUEST,
            401: UNAUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: CONFLICT,
        },
    )
    @updates.mapping.post
    def post_update(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        task = get_task_for_user(user, pk, write=True)
        data = TaskUpdateInputSerializer.parse(request.data)
        update = services.task_post_update(
            task=task,
            author=user,
            date=data["date"],
            text=data["text"],
            quantity=data.get("quantity"),
            evidence=data.get("evidence"),
            new_status=data.get("new_status"),
            expected_version=data["version"],
        )
        return Response(TaskUpdateCreatedSerializer(update).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["tasks"])
class TaskUpdateViewSet(viewsets.GenericViewSet[Any]):
    """Progress updates across tasks, newest first; each update is never edited."""

    lookup_value_converter = "int"

    @extend_schema(
        summary="Danh sách cập nhật tiến độ",
        parameters=[TaskUpdateFilterSerializer],
        responses={200: TaskUpdateSerializer(many=True), 400: BAD_REQUEST, 401: UNAUTHENTICATED},
    )
    def list(self, request: Request) -> Response:
        query = TaskUpdateFilterSerializer.parse(request.query_params)
        updates = TaskUpdate.objects.visible_to(request_user(request)).select_related("task", "author", "author_agency")
        if "task" in query:
            updates = updates.filter(task_id=query["task"])
        return self.get_paginated_response(TaskUpdateSerializer(one_page(self, updates), many=True).data)

    @extend_schema(
        summary="Một cập nhật tiến độ", responses={200: TaskUpdateSerializer, 401: UNAUTHENTICATED, 404: NOT_FOUND}
    )
    def retrieve(self, request: Request, pk: int) -> Response:
        update = get_task_update_for_user(request_user(request), pk)
        return Response(TaskUpdateSerializer(update).data)


# Values reported by hand -------------------------------------------------------------------------


@extend_schema(tags=["manual-values"])
class ManualValueViewSet(viewsets.GenericViewSet[Any]):
    lookup_value_converter = "int"

    @extend_schema(
        summary="Số liệu nhập tay",
        parameters=[ManualValueFilterSerializer],
        responses={200: ManualValueSerializer(many=True), 400: BAD_REQUEST, 401: UNAUTHENTICATED},
    )
    def list(self, request: Request) -> Response:
        query = ManualValueFilterSerializer.parse(request.query_params)
        values = ManualValue.objects.visible_to(request_user(request)).select_related("measure", "unit", "entered_by")
        if "measure" in query:
            values = values.filter(measure_id=query["measure"])
        return self.get_paginated_response(ManualValueSerializer(one_page(self, values), many=True).data)

    @extend_schema(
        summary="Một số liệu nhập tay", responses={200: ManualValueSerializer, 401: UNAUTHENTICATED, 404: NOT_FOUND}
    )
    def retrieve(self, request: Request, pk: int) -> Response:
        value = get_manual_value_for_user(request_user(request), pk)
        return Response(ManualValueSerializer(value).data)

    @extend_schema(
        summary="Nhập số liệu cho một chỉ tiêu nhập tay",
        description="Chỉ cán bộ điều phối của cơ quan thường trực; địa bàn trong phạm vi của người nhập.",
        request=ManualValueInputSerializer,
        responses={
            201: ManualValueSerializer,
            400: BAD_REQUEST,
            401: UNAUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    def create(self, request: Request) -> Response:
        user = request_user(request)
        # Refuse before parsing: someone who may never record values learns nothing of the body's shape.
        if not may_record_manual_values(user):
            raise PermissionDenied
        data = ManualValueInputSerializer.parse(request.data)
        measure = get_measure_for_user(user, data["measure"], write=True)
        # Units are reference data every user may read (/api/v1/units/); whether this one lies in the
        # user's scope is the service's rule, answered as a 400 on `unit`.
        unit = AdministrativeUnit.objects.filter(pk=data["unit"]).first()
        if unit is None:
            raise ValidationError({"unit": [f"Không có địa bàn mã số {data['unit']}."]})
        value = services.manual_value_record(
            measure=measure,
            actor=user,
            unit=unit,
            period_start=data["period_start"],
            period_end=data["period_end"],
            value=data["value"],
            unit_of_measure=data["unit_of_measure"],
            source_note=data["source_note"],
        )
        return Response(ManualValueSerializer(value).data, status=status.HTTP_201_CREATED)
