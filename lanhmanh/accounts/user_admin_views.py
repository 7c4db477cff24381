"""User administration pages: for the administrator role only, and only for accounts inside
the administrator's own scope. Every change goes through `user_services`."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec, cast

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lanhmanh.accounts import user_services
from lanhmanh.accounts.forms_admin import (
    ActiveFilter,
    UserCreateForm,
    UserDeactivateForm,
    UserEditForm,
    UserFilterForm,
    UserPasswordForm,
    add_service_errors,
)
from lanhmanh.accounts.models import User
from lanhmanh.core.http import AuthedRequest, render_page_or_fragment

PAGE_SIZE = 50

P = ParamSpec("P")


def admin_required(
    view: Callable[Concatenate[AuthedRequest, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """The one check in front of every user administration page: anonymous visitors go to the
    log-in page, every role other than administrator gets 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not isinstance(request.user, User) or not user_services.can_manage_users(request.user):
            raise PermissionDenied
        return view(cast(AuthedRequest, request), *args, **kwargs)

    return wrapper


def _filtered_users(request: AuthedRequest, form: UserFilterForm) -> QuerySet[User]:
    users = user_services.users_visible_to(request.user).order_by("username")
    if not form.is_valid():
        # A stale link with a filter that no longer validates shows the whole list and the error.
        return users
    data = form.cleaned_data
    if data["q"]:
        q = data["q"]
        users = users.filter(
            Q(username__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q) | Q(email__icontains=q)
        )
    if data["role"]:
        users = users.filter(role=data["role"])
    if data["agency"] is not None:
        users = users.filter(agency=data["agency"])
    if data["active"] == ActiveFilter.ACTIVE:
        users = users.filter(is_active=True)
    elif data["active"] == ActiveFilter.INACTIVE:
        users = users.filter(is_active=False)
    return users


@admin_required
def user_list(request: AuthedRequest) -> HttpResponse:
    form = UserFilterForm(request.GET or None, actor=request.user)
    page = Paginator(_filtered_users(request, form), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page}
    return render_page_or_fragment(request, "accounts/users/user_list.html", "accounts/users/_user_table.html", context)


@admin_required
@require_http_methods(["GET", "POST"])
def user_create(request: AuthedRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = user_services.user_create(
                actor=request.user,
                username=data["username"],
                full_name=data["full_name"],
                email=data["email"],
                role=data["role"],
                agency=data["agency"],
                scope=data["scope"],
                password=data["password"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã tạo người dùng %(username)s.") % {"username": created.username})
            return redirect("users:user_edit", pk=created.pk)
    return render(request, "accounts/users/user_form.html", {"form": form, "creating": True})


@admin_required
@require_http_methods(["GET", "POST"])
def user_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    target = user_services.get_user_for_admin(request.user, pk)
    form = UserEditForm(request.POST or None, actor=request.user, initial=UserEditForm.initial_for(target))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            # Both or neither: a refused supervisor leaves the profile unchanged too.
            with transaction.atomic():
                user_services.user_update(
                    actor=request.user,
                    user=target,
                    role=data["role"],
                    agency=data["agency"],
                    scope=data["scope"],
                    full_name=data["full_name"],
                    email=data["email"],
                )
                user_services.user_set_support_access(
                    actor=request.user,
                    user=target,
                    permissions=data["support_permissions"],
                    supervisor=data["supervisor"],
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thông tin người dùng %(username)s.") % {"username": target.username})
            return redirect("users:user_edit", pk=target.pk)
    return render(request, "accounts/users/user_form.html", {"form": form, "target": target, "creating": False})


@admin_required
@require_http_methods(["GET", "POST"])
def user_deactivate(request: AuthedRequest, pk: int) -> HttpResponse:
    target = user_services.get_user_for_admin(request.user, pk)
    form = UserDeactivateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user_services.user_deactivate(actor=request.user, user=target, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã vô hiệu hóa tài khoản %(username)s; các phiên đăng nhập và mã API của tài khoản đã bị hủy.")
                % {"username": target.username},
            )
            return redirect("users:user_edit", pk=target.pk)
    return render(request, "accounts/users/user_deactivate.html", {"form": form, "target": target})


@admin_required
@require_POST
def user_reactivate(request: AuthedRequest, pk: int) -> HttpResponse:
    target = user_services.get_user_for_admin(request.user, pk)
    try:
        user_services.user_reactivate(actor=request.user, user=target)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã kích hoạt lại tài khoản %(username)s.") % {"username": target.username})
    return redirect("users:user_edit", pk=target.pk)


@admin_required
@require_http_methods(["GET", "POST"])
def user_password(request: AuthedRequest, pk: int) -> HttpResponse:
    target = user_services.get_user_for_admin(request.user, pk)
    form = UserPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user_services.user_set_password(actor=request.user, user=target, password=form.cleaned_data["password"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if target.pk == request.user.pk:
                # Otherwise the new password hash would end the administrator's own session.
                update_session_auth_hash(request, target)
            messages.success(request, _("Đã đặt mật khẩu mới cho %(username)s.") % {"username": target.username})
            return redirect("users:user_edit", pk=target.pk)
    return render(request, "accounts/users/user_password.html", {"form": form, "target": target})
