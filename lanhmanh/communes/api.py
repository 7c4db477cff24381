"""JSON API of healthy communes: /api/v1/commune-assessments/, commune-recognitions/ and
assessment-schemes/.

Each handler is a few lines around the doors and services the pages use: lists start from
`visible_to(user)`, single records come through `access.py` (404 outside the user's scope, 403
for a user who may read but not do this), and every change is one call into `services.py`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from lanhmanh.accounts.models import User
from lanhmanh.communes import services
from lanhmanh.communes.access import (
    assessments_for,
    get_assessment_for_user,
    get_assessment_to_edit,
    get_assessment_to_review,
    get_recognition_for_user,
    get_scheme,
    may_recognise,
    may_start_assessment,
)
from lanhmanh.communes.models import (
    AssessmentScheme,
    AssessmentTransition,
    CriterionScore,
    HealthyCommuneAssessment,
    RecognitionDecision,
)
from lanhmanh.communes.serializers import (
    AssessmentCreateSerializer,
    AssessmentDetailSerializer,
    AssessmentFilterSerializer,
    AssessmentSerializer,
    AssessmentUpdateSerializer,
    EvidenceInputSerializer,
    EvidenceSerializer,
    RecognitionInputSerializer,
    RecognitionSerializer,
    ReturnSerializer,
    ReviewSerializer,
    SchemeRefSerializer,
    SchemeSerializer,
    VersionSerializer,
)
from lanhmanh.core.api import (
    BAD_REQUEST,
    NOT_FOUND,
    UNAUTHENTICATED,
    ApiErrorSerializer,
    ConflictErrorSerializer,
    one_page,
    request_user,
)

# Assessments are refused by level and step as well as by role, and conflict on the whole assessment.
FORBIDDEN = OpenApiResponse(ApiErrorSerializer, description="Không được làm việc này (vai trò, cấp, phạm vi).")
CONFLICT = OpenApiResponse(
    ConflictErrorSerializer,
    description="Bản đánh giá đã được người khác lưu sau khi đọc (`version` cũ); không có gì được lưu.",
)
WRITE_ANSWERS = {400: BAD_REQUEST, 401: UNAUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT}


def _detail(assessment: HealthyCommuneAssessment) -> dict[str, Any]:
    """The assessment re-read with its scores, evidence and steps (a fixed number of queries)."""
    fresh = (
        HealthyCommuneAssessment.objects.filter(pk=assessment.pk)
        .select_related("commune", "scheme", "self_class", "reviewed_class", "recognition")
        .prefetch_related(
            Prefetch(
                "scores",
                CriterionScore.objects.select_related("criterion")
                .prefetch_related("evidence__uploaded_by")
                .order_by("criterion__order"),
            ),
            Prefetch("transitions", AssessmentTransition.objects.select_related("actor").order_by("at", "pk")),
        )
        .get()
    )
    return dict(AssessmentDetailSerializer(fresh).data)


@extend_schema(tags=["commune-assessments"])
class AssessmentViewSet(viewsets.GenericViewSet[Any]):
    """Yearly healthy-commune assessments: self-assessment, review, recognition."""

    lookup_value_converter = "int"

    @extend_schema(
        summary="Danh sách bản đánh giá xã lành mạnh",
        parameters=[AssessmentFilterSerializer],
        responses={200: AssessmentSerializer(many=True), 400: BAD_REQUEST, 401: UNAUTHENTICATED},
    )
    def list(self, request: Request) -> Response:
        query = AssessmentFilterSerializer.parse(request.query_params)
        assessments = assessments_for(request_user(request)).order_by("-year", "commune__path")
        for name in ("year", "status", "commune"):
            if name in query:
                assessments = assessments.filter(**{name: query[name]})
        return self.get_paginated_response(AssessmentSerializer(one_page(self, assessments), many=True).data)

    @extend_schema(
        summary="Một bản đánh giá, với điểm từng tiêu chí và các bước xử lý",
        responses={200: AssessmentDetailSerializer, 401: UNAUTHENTICATED, 404: NOT_FOUND},
    )
    def retrieve(self, request: Request, pk: int) -> Response:
        return Response(_detail(get_assessment_for_user(request_user(request), pk)))

    @extend_schema(
        summary="Mở bản tự đánh giá của xã cho một năm",
        description="Chỉ cán bộ cấp xã; xã là phạm vi của người gửi. Mọi tiêu chí chưa chấm.",
        request=AssessmentCreateSerializer,
        responses={201: AssessmentDetailSerializer, 400: BAD_REQUEST, 401: UNAUTHENTICATED, 403: FORBIDDEN},
    )
    def create(self, request: Request) -> Response:
        user = request_user(request)
        if not may_start_assessment(user):
            raise PermissionDenied
        data = AssessmentCreateSerializer.parse(request.data)
        assert user.scope is not None
        assessment = services.assessment_start(commune=user.scope, year=data["year"], actor=user)
        return Response(_detail(assessment), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Chấm điểm, sửa bản tự đánh giá đang soạn hoặc bị trả lại",
        description="Chỉ cán bộ cấp xã của xã đó. Gửi `version` đã đọc; nếu đã cũ: 409.",
        request=AssessmentUpdateSerializer,
        responses={200: AssessmentDetailSerializer, **WRITE_ANSWERS},
    )
    def partial_update(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        assessment = get_assessment_to_edit(user, pk)
        data = AssessmentUpdateSerializer.parse(request.data)
        services.assessment_save(
            assessment=assessment,
            actor=user,
            scores=data["scores"],
            note=data.get("note"),
            expected_version=data["version"],
        )
        return Response(_detail(assessment))

    @extend_schema(
        summary="Thêm tệp minh chứng cho một tiêu chí",
        description="multipart/form-data; chỉ cán bộ cấp xã, khi bản đánh giá đang soạn hoặc bị trả lại.",
        request={"multipart/form-data": EvidenceInputSerializer},
        responses={201: EvidenceSerializer, 400: BAD_REQUEST, 401: UNAUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser])
    def evidence(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        assessment = get_assessment_to_edit(user, pk)
        data = EvidenceInputSerializer.parse(request.data)
        item = services.evidence_add(
            assessment=assessment, criterion_code=data["criterion"], actor=user, upload=data["file"]
        )
        return Response(EvidenceSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Gửi bản tự đánh giá để thẩm định",
        request=VersionSerializer,
        responses={200: AssessmentDetailSerializer, **WRITE_ANSWERS},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        assessment = get_assessment_to_edit(user, pk)
        data = VersionSerializer.parse(request.data)
        services.assessment_submit(assessment=assessment, actor=user, expected_version=data["version"])
        return Response(_detail(assessment))

    @extend_schema(
        summary="Lưu điểm thẩm định (chỉ những tiêu chí chấm khác, kèm lý do)",
        description="Cấp thẩm định: cán bộ cấp huyện trước 01/7/2025, sau đó cơ quan thường trực cấp tỉnh.",
        request=ReviewSerializer,
        responses={200: AssessmentDetailSerializer, **WRITE_ANSWERS},
    )
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        assessment = get_assessment_to_review(user, pk)
        data = ReviewSerializer.parse(request.data)
        services.assessment_review(
            assessment=assessment,
            reviewer=user,
            reviews=data["scores"],
            review_note=data.get("review_note"),
            expected_version=data["version"],
        )
        return Response(_detail(assessment))

    @extend_schema(
        summary="Trả lại bản đánh giá cho xã sửa (kèm lý do)",
        request=ReturnSerializer,
        responses={200: AssessmentDetailSerializer, **WRITE_ANSWERS},
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def send_back(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        assessment = get_assessment_to_review(user, pk)
        data = ReturnSerializer.parse(request.data)
        services.assessment_return(
            assessment=assessment, reviewer=user, reason=data["reason"], expected_version=data["version"]
        )
        return Response(_detail(assessment))

    @extend_schema(
        summary="Phê duyệt kết quả thẩm định",
        request=VersionSerializer,
        responses={200: AssessmentDetailSerializer, **WRITE_ANSWERS},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        assessment = get_assessment_to_review(user, pk)
        data = VersionSerializer.parse(request.data)
        services.assessment_approve(assessment=assessment, reviewer=user, expected_version=data["version"])
        return Response(_detail(assessment))


@extend_schema(tags=["commune-assessments"])
class RecognitionViewSet(viewsets.GenericViewSet[Any]):
    """The province's recognition decisions."""

    lookup_value_converter = "int"

    def _data(self, user: User, decisions: list[RecognitionDecision]) -> list[dict[str, Any]]:
        visible: dict[int, list[int]] = {}
        rows = assessments_for(user).filter(recognition__in=decisions).order_by("commune__path")
        for pk, decision_id in rows.values_list("pk", "recognition_id"):
            visible.setdefault(decision_id, []).append(pk)
        return list(RecognitionSerializer(decisions, many=True, context={"visible": visible}).data)

    @extend_schema(
        summary="Danh sách quyết định công nhận",
        responses={200: RecognitionSerializer(many=True), 401: UNAUTHENTICATED},
    )
    def list(self, request: Request) -> Response:
        user = request_user(request)
        decisions = one_page(self, RecognitionDecision.objects.visible_to(user).select_related("unit"))
        return self.get_paginated_response(self._data(user, decisions))

    @extend_schema(
        summary="Một quyết định công nhận",
        responses={200: RecognitionSerializer, 401: UNAUTHENTICATED, 404: NOT_FOUND},
    )
    def retrieve(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        return Response(self._data(user, [get_recognition_for_user(user, pk)])[0])

    @extend_schema(
        summary="Ghi nhận quyết định công nhận cho các bản đánh giá đã thẩm định của một năm",
        description="Chỉ cán bộ điều phối của cơ quan thường trực.",
        request=RecognitionInputSerializer,
        responses={201: RecognitionSerializer, **WRITE_ANSWERS},
    )
    def create(self, request: Request) -> Response:
        user = request_user(request)
        if not may_recognise(user):
            raise PermissionDenied
        data = RecognitionInputSerializer.parse(request.data)
        with transaction.atomic():
            chosen = list(assessments_for(user).filter(pk__in=data["assessments"]))
            missing = sorted(set(data["assessments"]) - {a.pk for a in chosen})
            if missing:
                # Outside the scope or not there: indistinguishable, as for a single record.
                return Response(
                    {"assessments": [f"Không tìm thấy bản đánh giá {', '.join(map(str, missing))}."]},
                    status=status.HTTP_400_BAD_REQUEST,
                )
            decision = services.recognition_record(
                actor=user,
                number=data["number"],
                signed_on=data["signed_on"],
                issuer=data["issuer"],
                note=data["note"],
                assessments=chosen,
            )
        return Response(self._data(user, [decision])[0], status=status.HTTP_201_CREATED)


@extend_schema(tags=["commune-assessments"])
class SchemeViewSet(viewsets.GenericViewSet[Any]):
    """Scoring schemes (reference data, read by every user)."""

    lookup_value_converter = "int"

    @extend_schema(
        summary="Các bộ tiêu chí đã nạp",
        responses={200: SchemeRefSerializer(many=True), 401: UNAUTHENTICATED},
    )
    def list(self, request: Request) -> Response:
        schemes = AssessmentScheme.objects.order_by("is_example", "-valid_from", "code", "-version")
        return self.get_paginated_response(SchemeRefSerializer(one_page(self, schemes), many=True).data)

    @extend_schema(
        summary="Một bộ tiêu chí: nhóm, tiêu chí, cách chấm và xếp loại",
        responses={200: SchemeSerializer, 401: UNAUTHENTICATED, 404: NOT_FOUND},
    )
    def retrieve(self, request: Request, pk: int) -> Response:
        scheme = get_scheme(request_user(request), pk)
        return Response(SchemeSerializer(scheme).data)
