"""Shared API plumbing: domain errors raised by services become JSON answers, and the small
helpers and documented error answers every app's viewsets use.

Services raise Django's ValidationError (a dict of field -> messages) and ConflictError;
pages turn them into form errors, and this handler turns them into 400 and 409 for the API,
so no rule is written twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from lanhmanh.accounts.models import User
from lanhmanh.core.versioning import ConflictError

if TYPE_CHECKING:
    # Not at run time: importing rest_framework.viewsets reads DEFAULT_PAGINATION_CLASS, which is
    # `Pagination` below, from a module not yet fully imported.
    from rest_framework import viewsets

T = TypeVar("T")


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        detail: Any = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, ConflictError):
        # The stored version lets a script re-read, merge and retry without guessing.
        current = type(exc.obj)._default_manager.filter(pk=exc.obj.pk).values_list("version", flat=True).first()
        return Response(
            {"detail": str(exc), "code": "conflict", "current_version": current}, status=status.HTTP_409_CONFLICT
        )
    return drf_exception_handler(exc, context)


class Pagination(LimitOffsetPagination):
    default_limit = 100
    max_limit = 1000


# Error bodies and the answers shared by the endpoints, for the schema ------------------------------


class ApiErrorSerializer(serializers.Serializer[dict[str, Any]]):
    """401, 403, 404 and 429 answers."""

    detail = serializers.CharField()


class ConflictErrorSerializer(serializers.Serializer[dict[str, Any]]):
    """409: somebody saved the record after the client read it; nothing was written."""

    detail = serializers.CharField()
    code = serializers.CharField(help_text="Luôn là “conflict”.")


# 400 answers: {"field": ["message", ...]}, "non_field_errors" for errors not tied to one field.
FIELD_ERRORS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Lỗi theo từng trường: tên trường -> danh sách thông báo.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}

BAD_REQUEST = OpenApiResponse(FIELD_ERRORS_SCHEMA, description="Dữ liệu hoặc tham số không hợp lệ, theo từng trường.")
UNAUTHENTICATED = OpenApiResponse(ApiErrorSerializer, description="Thiếu token, token sai hoặc đã hết hạn.")
FORBIDDEN = OpenApiResponse(ApiErrorSerializer, description="Vai trò chỉ được xem, hoặc không được làm việc này.")
NOT_FOUND = OpenApiResponse(ApiErrorSerializer, description="Không có, hoặc nằm ngoài phạm vi của người dùng.")
CONFLICT = OpenApiResponse(
    ConflictErrorSerializer,
    description="Bản ghi đã được người khác sửa sau khi đọc (`version` cũ); không có gì được lưu. Đọc lại rồi gửi lại.",
)
# What a read and a write may answer besides success.
READ = {401: UNAUTHENTICATED, 404: NOT_FOUND}
WRITE = {400: BAD_REQUEST, 401: UNAUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND}


# Helpers of the viewsets ---------------------------------------------------------------------------


def request_user(request: Request) -> User:
    """The signed-in user: IsAuthenticated (the default permission class) has refused anonymous requests."""
    user = request.user
    assert isinstance(user, User)
    return user


def one_page(view: viewsets.GenericViewSet[Any], items: QuerySet[Any, T]) -> list[T]:
    """The requested page of `items` (DEFAULT_PAGINATION_CLASS is set: every list answers one page)."""
    page = view.paginate_queryset(items)
    assert page is not None
    return list(page)


def refuse_unless(allowed: bool) -> None:
    """403 before the body is read: someone who may not write learns nothing of its expected shape."""
    if not allowed:
        raise PermissionDenied
