"""Shared API plumbing: domain errors raised by services become JSON answers.

Services raise Django's ValidationError (a dict of field -> messages) and ConflictError;
pages turn them into form errors, and this handler turns them into 400 and 409 for the API,
so no rule is written twice.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from lanhmanh.core.versioning import ConflictError


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
