from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from functools import wraps
from typing import Any, Concatenate, ParamSpec, cast

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from lanhmanh.accounts.models import Role, User
from lanhmanh.core.access import scope_q
from lanhmanh.core.http import AuthedRequest, render_page_or_fragment
from lanhmanh.core.models import AuditEntry
from lanhmanh.core.templatetags.audit import VERB_LABELS, target_type_label


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database status for monitoring; no authentication, no data."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception as exc:  # the point is to report any failure, not to raise it
        database = f"error: {type(exc).__name__}"
    status = 200 if database == "ok" else 503
    return JsonResponse(
        {"status": "ok" if status == 200 else "degraded", "database": database, "vendor": connection.vendor},
        status=status,
    )


AUDIT_PAGE_SIZE = 50
AUDIT_READER_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR})

P = ParamSpec("P")


def audit_reader_required(
    view: Callable[Concatenate[AuthedRequest, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """Anonymous visitors go to the log-in page; roles other than administrator and coordinator get 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not isinstance(request.user, User) or request.user.role not in AUDIT_READER_ROLES:
            raise PermissionDenied
        return view(cast(AuthedRequest, request), *args, **kwargs)

    return wrapper


def audit_entries_visible_to(user: User) -> QuerySet[AuditEntry]:
    """Entries whose actor lies inside the reader's scope, plus entries without an actor.

    Scoping by the actor, not the target, because an entry's target is stored as a label and an
    id and has no unit to filter on; who acted is what an administrator or coordinator answers
    for. Entries without an actor are the system's own loads (units, agencies, plan files) run by
    the operator; they name no person and concern everybody, so every reader sees them. A deleted
    user's entries also lose their actor and land there, which is rare: accounts are deactivated,
    not deleted, and authored records protect them from deletion.
    """
    if not user.is_active or user.scope_id is None:
        return AuditEntry.objects.none()
    return AuditEntry.objects.filter(scope_q(user, "actor__scope") | Q(actor__isnull=True)).select_related("actor")


class AuditFilterForm(forms.Form):
    verb = forms.CharField(
        label=_("Hành động (mã, tiền tố)"),
        required=False,
        max_length=80,
        widget=forms.TextInput(attrs={"list": "audit-verbs", "placeholder": "accounts.user"}),
    )
    actor = forms.CharField(label=_("Người thực hiện (tên đăng nhập)"), required=False, max_length=150)
    target_type = forms.ChoiceField(label=_("Loại đối tượng"), required=False)
    date_from = forms.DateField(
        label=_("Từ ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = forms.DateField(
        label=_("Đến ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        target_types = AuditEntry.objects.order_by("target_type").values_list("target_type", flat=True).distinct()
        field = self.fields["target_type"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Tất cả")), *((t, f"{capfirst(target_type_label(t))} ({t})") for t in target_types)]

    def clean_verb(self) -> str:
        return str(self.cleaned_data["verb"]).strip()

    def clean_actor(self) -> str:
        return str(self.cleaned_data["actor"]).strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("“Đến ngày” phải sau hoặc bằng “Từ ngày”."))
        return data


def _local_midnight(day: date) -> datetime:
    # Days are Vietnamese days: 07/05 runs from 00:00 to 24:00 Asia/Ho_Chi_Minh, not UTC.
    return timezone.make_aware(datetime.combine(day, time.min))


def _filtered_entries(user: User, form: AuditFilterForm) -> QuerySet[AuditEntry]:
    entries = audit_entries_visible_to(user)
    if not form.is_valid():
        return entries
    data = form.cleaned_data
    if data["verb"]:
        entries = entries.filter(verb__startswith=data["verb"])
    if data["actor"]:
        # The username kept on the entry, so entries of a since-renamed or deleted account still match.
        entries = entries.filter(actor_username__iexact=data["actor"])
    if data["target_type"]:
        entries = entries.filter(target_type=data["target_type"])
    if data["date_from"]:
        entries = entries.filter(created_at__gte=_local_midnight(data["date_from"]))
    if data["date_to"]:
        entries = entries.filter(created_at__lt=_local_midnight(data["date_to"] + timedelta(days=1)))
    return entries


@audit_reader_required
@require_GET
def audit_list(request: AuthedRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    page = Paginator(_filtered_entries(request.user, form), AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "verb_labels": sorted(VERB_LABELS.items())}
    return render_page_or_fragment(request, "core/audit_list.html", "core/_audit_table.html", context)
