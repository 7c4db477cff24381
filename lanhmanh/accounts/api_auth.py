"""API tokens for scripts: POST a username and password to /api/v1/auth/token/, then send
`Authorization: Token <key>` with every request.

Tokens are django-rest-knox's: the database keeps a hash, never the key, and each token expires
after REST_KNOX["TOKEN_TTL"]. The password check goes through `django.contrib.auth.authenticate`
with the request, so django-axes counts failures and locks out a username+address pair exactly as
for the log-in page; the "token" throttle scope caps attempts per address on top of that.
"""

from __future__ import annotations

import math
from typing import Any, NoReturn

from django.contrib.auth import authenticate, user_logged_in, user_logged_out
from drf_spectacular.utils import OpenApiResponse, extend_schema
from knox.auth import TokenAuthentication
from knox.models import AuthToken
from rest_framework import exceptions, serializers, status
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle, ScopedRateThrottle
from rest_framework.views import APIView

from lanhmanh.accounts.models import User

WRONG_CREDENTIALS = "Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đã bị khóa."
LOCKED_OUT = "Đăng nhập sai quá nhiều lần; tài khoản tạm khóa với địa chỉ này. Hãy thử lại sau."
THROTTLED = "Quá nhiều yêu cầu lấy token; hãy thử lại sau {wait} giây."
_PRESENCE = {"required": "Cần nhập trường này.", "null": "Trường này không được để trống."}

_ERROR_SCHEMA: dict[str, Any] = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}
_FIELD_ERRORS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Lỗi theo từng trường: tên trường -> danh sách thông báo.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}


class TokenCredentialsSerializer(serializers.Serializer[dict[str, Any]]):
    username = serializers.CharField(
        max_length=150, error_messages={**_PRESENCE, "blank": "Cần nhập tên đăng nhập.", "max_length": "Quá dài."}
    )
    password = serializers.CharField(
        max_length=128,
        trim_whitespace=False,
        style={"input_type": "password"},
        error_messages={**_PRESENCE, "blank": "Cần nhập mật khẩu.", "max_length": "Quá dài."},
    )


class TokenResponseSerializer(serializers.Serializer[dict[str, Any]]):
    token = serializers.CharField(help_text="Gửi kèm mỗi yêu cầu: `Authorization: Token <token>`. Chỉ hiện một lần.")
    expiry = serializers.DateTimeField(help_text="Thời điểm token hết hạn.")


class TokenThrottled(exceptions.Throttled):
    def __init__(self, wait: int | None) -> None:
        # DRF's Throttled appends an English "Expected available in ..." when given `wait`: the
        # Vietnamese message says it instead, and `wait` is set afterwards for the Retry-After header.
        super().__init__(detail=THROTTLED.format(wait=wait or 60))
        self.wait = wait


@extend_schema(tags=["auth"])
class TokenObtainView(APIView):
    # The credentials in the body are the only proof: no session (so no CSRF check) and no token.
    authentication_classes: list[type[BaseAuthentication]] = []
    permission_classes: list[type[BasePermission]] = [AllowAny]
    throttle_classes: list[type[BaseThrottle]] = [ScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(
        summary="Lấy token API bằng tên đăng nhập và mật khẩu",
        auth=[],
        request=TokenCredentialsSerializer,
        responses={
            201: TokenResponseSerializer,
            400: OpenApiResponse(_FIELD_ERRORS_SCHEMA, description="Thiếu trường, hoặc sai tên đăng nhập/mật khẩu."),
            429: OpenApiResponse(_ERROR_SCHEMA, description="Quá nhiều lần thử, hoặc bị khóa vì sai nhiều lần."),
        },
    )
    def post(self, request: Request) -> Response:
        serializer = TokenCredentialsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # The DRF request itself goes to axes: it reads the client address and username from it
        # and marks a locked-out attempt on it (`axes_locked_out`), which is answered below as JSON
        # rather than by AxesMiddleware's HTML page.
        user = authenticate(
            request=request,
            username=serializer.validated_data["username"],
            password=serializer.validated_data["password"],
        )
        if getattr(request, "axes_locked_out", False):
            return Response({"detail": LOCKED_OUT}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        # ModelBackend already answers None for an inactive user; the second check keeps that true
        # whatever backends are configured later.
        if not isinstance(user, User) or not user.is_active:
            raise exceptions.ValidationError({"non_field_errors": [WRONG_CREDENTIALS]})
        instance, key = AuthToken.objects.create(user=user)
        # Records the log-in for axes (resets the failure count) and Django (last_login).
        user_logged_in.send(sender=User, request=request, user=user)
        data = TokenResponseSerializer({"token": key, "expiry": instance.expiry}).data
        return Response(data, status=status.HTTP_201_CREATED)

    def throttled(self, request: Request, wait: float | None) -> NoReturn:
        raise TokenThrottled(math.ceil(wait) if wait is not None else None)


@extend_schema(tags=["auth"])
class TokenLogoutView(APIView):
    # Only the token can be ended here; a browser session logs out on the page.
    authentication_classes: list[type[BaseAuthentication]] = [TokenAuthentication]
    permission_classes: list[type[BasePermission]] = [IsAuthenticated]

    @extend_schema(
        summary="Hủy token đang dùng",
        request=None,
        responses={
            204: OpenApiResponse(description="Token đã bị hủy."),
            401: OpenApiResponse(_ERROR_SCHEMA, description="Thiếu token, token sai hoặc đã hết hạn."),
        },
    )
    def post(self, request: Request) -> Response:
        request.auth.delete()
        user_logged_out.send(sender=User, request=request, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
