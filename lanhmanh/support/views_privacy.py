"""Statistics, the auditor's access-log pages and data-subject requests (docs/privacy.md).

- Statistics: everybody with a scope reads the table of their subtree; readers without case access
  get it suppressed (`stats.for_reader`), on the page and in the .xlsx alike.
- Access log: auditors only (`access.may_audit`). "One user in a time window" takes the user and the
  dates in the query string (nothing identifying); "one case" takes the case code in a POST body only.
- Data-subject requests: users who work on the case (`access.can_work_on`).

Every page answers `Cache-Control: no-store`.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time, timedelta
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from openpyxl import Workbook
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from lanhmanh.accounts.models import User
from lanhmanh.core.api import (
    BAD_REQUEST,
    CONFLICT,
    FORBIDDEN,
    NOT_FOUND,
    UNAUTHENTICATED,
    WRITE,
    Pagination,
)
from lanhmanh.core.http import AuthedRequest
from lanhmanh.core.versioning import ConflictError
from lanhmanh.indicators.periods import Period, calendar_year
from lanhmanh.outreach.forms import PeriodFilterForm
from lanhmanh.outreach.serializers import PeriodFilterMixin
from lanhmanh.places.models import AdministrativeUnit
from lanhmanh.plans.forms import NamedErrorsForm, UnitChoiceField, date_field, version_field
from lanhmanh.plans.serializers import InputSerializer, ViCharField, ViChoiceField, ViDateField, ViIntegerField
from lanhmanh.support import access, stats, subject_requests
from lanhmanh.support.access_log import log_access
from lanhmanh.support.models import (
    AccessLog,
    Case,
    Identity,
    SubjectRequest,
    SubjectRequestKind,
)

View = Callable[..., HttpResponse]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_LOG_ROWS = 5000


def private(view: View) -> View:
    """Log in first; every answer is no-store (the pages show who looked at whom)."""

    @wraps(view)
    def wrapped(request: AuthedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        patch_cache_control(response, no_store=True, private=True)
        return response

    return login_required(wrapped)


def xlsx_response(filename: str, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Statistics ------------------------------------------------------------------------------------------


class StatisticsForm(PeriodFilterForm):
    unit = UnitChoiceField(
        label=_("Địa bàn"), queryset=AdministrativeUnit.objects.none(), required=False, empty_label=_("Phạm vi của tôi")
    )
    rows = forms.ChoiceField(
        label=_("Theo hàng"),
        required=False,
        choices=[(stats.Rows.COMMUNE, _("Xã, phường")), (stats.Rows.DISTRICT, _("Huyện"))],
    )
    columns = forms.ChoiceField(
        label=_("Theo cột"),
        required=False,
        choices=[(stats.Columns.KIND, _("Đối tượng")), (stats.Columns.SERVICE, _("Loại dịch vụ"))],
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        today = timezone.localdate()
        super().__init__(*args, years=(2016, today.year), **kwargs)
        # The table always covers one period (the current year unless another is asked for), so the
        # select shows that period rather than offering "all time".
        default = calendar_year(today.year).key
        period = self.fields["period"]
        assert isinstance(period.widget, forms.Select)
        period.widget.choices = [choice for choice in period.widget.choices if choice[0] != ""]
        period.initial = default
        if self.is_bound and not str(self.data.get("period") or "").strip():
            self.data = {**self.data, "period": default}
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            AdministrativeUnit.objects.subtree(user.scope).order_by("path")
            if user.scope is not None
            else AdministrativeUnit.objects.none()
        )


def _statistics_table(request: AuthedRequest) -> tuple[StatisticsForm, stats.Table | None]:
    user = request.user
    form = StatisticsForm(request.GET or None, user=user)
    if user.scope is None:
        return form, None
    data: dict[str, Any] = {}
    period: Period | None = None
    if form.is_bound:
        form.full_clean()
        data = form.cleaned_data
        period = form.chosen_period()
    period = period or calendar_year(timezone.localdate().year)
    unit = data.get("unit") or user.scope
    table = stats.people_supported(
        period=period,
        unit=unit,
        rows_by=data.get("rows") or stats.Rows.COMMUNE,
        columns_by=data.get("columns") or stats.Columns.KIND,
    )
    return form, stats.for_reader(table, user)


@private
@require_GET
def statistics(request: AuthedRequest) -> HttpResponse:
    form, table = _statistics_table(request)
    query = request.GET.urlencode()
    context = {"section": "statistics", "form": form, "table": table, "query": query}
    return render(request, "support/privacy/statistics.html", context)


@private
@require_GET
def statistics_export(request: AuthedRequest) -> HttpResponse:
    _form, table = _statistics_table(request)
    if table is None:
        raise Http404
    header = [gettext("Địa bàn"), *(label for _key, label in table.column_labels), gettext("Tổng")]
    rows: list[list[Any]] = [
        [name, *(cell.display for cell in table.cells[i]), table.row_totals[i].display]
        for i, (_pk, name) in enumerate(table.row_labels)
    ]
    rows.append([gettext("Tổng"), *(cell.display for cell in table.column_totals), table.total.display])
    rows += [[], [table.period.label], *([note] for note in table.notes)]
    filename = f"thong-ke-ho-tro-{table.period.key.replace(':', '-')}.xlsx"
    return xlsx_response(filename, gettext("Thống kê"), header, rows)


# The access log (auditors) -----------------------------------------------------------------------------


def auditor_required(view: View) -> View:
    @wraps(view)
    def wrapped(request: AuthedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not access.may_audit(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return private(wrapped)


def audited_users(auditor: User) -> QuerySet[User]:
    """Accounts whose scope lies in the auditor's (as for the audit trail: the people they answer for)."""
    if auditor.scope is None:
        return User.objects.none()
    return User.objects.filter(scope__path__prefix=auditor.scope.path).order_by("username")


class UserWindowForm(NamedErrorsForm):
    user = forms.ModelChoiceField(label=_("Người dùng"), queryset=User.objects.none())
    start = date_field(_("Từ ngày"))
    end = date_field(_("Đến ngày"))

    def __init__(self, *args: Any, auditor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = audited_users(auditor)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", gettext("“Đến ngày” phải từ “Từ ngày” trở đi."))
        return data


class CaseCodeForm(NamedErrorsForm):
    case_code = forms.CharField(label=_("Mã hồ sơ"), max_length=20)

    def clean_case_code(self) -> str:
        return "".join(self.cleaned_data["case_code"].split()).upper()


def _window(start: date, end: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
    )


LOG_HEADER = (_("Thời điểm"), _("Người dùng"), _("Địa chỉ IP"), _("Mã hồ sơ"), _("Thao tác"), _("Trường"), _("Ghi chú"))


def _log_rows(rows: Iterable[AccessLog]) -> list[list[Any]]:
    return [
        [
            timezone.localtime(row.at).strftime("%d/%m/%Y %H:%M:%S"),
            row.username,
            row.ip or "",
            row.case_code,
            row.get_action_display(),
            ", ".join(row.fields),
            row.note,
        ]
        for row in rows
    ]


def user_window_rows(auditor: User, data: dict[str, Any]) -> QuerySet[AccessLog]:
    start, end = _window(data["start"], data["end"])
    return AccessLog.objects.filter(user=data["user"], at__gte=start, at__lt=end).order_by("at", "pk")


@auditor_required
@require_GET
def access_log_user(request: AuthedRequest) -> HttpResponse:
    auditor = request.user
    form = UserWindowForm(request.GET or None, auditor=auditor)
    rows: list[AccessLog] = []
    if form.is_bound and form.is_valid():
        found = user_window_rows(auditor, form.cleaned_data)
        if request.GET.get("format") == "xlsx":
            data = form.cleaned_data
            filename = f"nhat-ky-truy-cap-{data['user'].username}-{data['start']:%Y%m%d}-{data['end']:%Y%m%d}.xlsx"
            return xlsx_response(
                filename, gettext("Nhật ký truy cập"), [str(h) for h in LOG_HEADER], _log_rows(found[:MAX_LOG_ROWS])
            )
        rows = list(found[:MAX_LOG_ROWS])
    context = {"section": "audit", "form": form, "rows": rows, "query": request.GET.urlencode(), "limit": MAX_LOG_ROWS}
    return render(request, "support/privacy/access_log_user.html", context)


def case_log_rows(auditor: User, case_code: str) -> QuerySet[AccessLog] | None:
    """Everything done to one case, or None when the auditor may not look at it.

    A case that still exists must lie in the auditor's scope; one that was deleted (erasure) is
    answered with the rows written by accounts of the auditor's scope."""
    scope = auditor.scope
    if scope is None:
        return None
    case = Case.objects.filter(case_code=case_code).select_related("commune").first()
    rows = AccessLog.objects.filter(case_code=case_code)
    if case is not None:
        if not case.commune.is_within(scope):
            return None
        log_access(auditor, case, "search", note="kiểm tra nhật ký truy cập hồ sơ")
        return rows.filter(case_id=case.pk).order_by("at", "pk")
    return rows.filter(user__scope__path__prefix=scope.path).order_by("at", "pk")


@auditor_required
@require_http_methods(["GET", "POST"])
def access_log_case(request: AuthedRequest) -> HttpResponse:
    """The case code comes in a POST body only: it never lands in an address, a history or a log."""
    form = CaseCodeForm(request.POST or None)
    rows: list[AccessLog] | None = None
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["case_code"]
        found = case_log_rows(request.user, code)
        if found is None:
            form.add_error("case_code", gettext("Không có hồ sơ mã này trong phạm vi của bạn."))
        elif request.POST.get("format") == "xlsx":
            header = [str(h) for h in LOG_HEADER]
            return xlsx_response(f"nhat-ky-ho-so-{code}.xlsx", code, header, _log_rows(found[:MAX_LOG_ROWS]))
        else:
            rows = list(found[:MAX_LOG_ROWS])
    context = {"section": "audit", "form": form, "rows": rows, "limit": MAX_LOG_ROWS}
    return render(request, "support/privacy/access_log_case.html", context)


# Data-subject requests ---------------------------------------------------------------------------------


class SubjectRequestForm(NamedErrorsForm):
    kind = forms.ChoiceField(label=_("Loại yêu cầu"), choices=SubjectRequestKind.choices)
    received_on = date_field(_("Ngày nhận"))


class ReasonForm(NamedErrorsForm):
    reason = forms.CharField(
        label=_("Lý do"), max_length=300, help_text=_("Bắt buộc; được ghi vào nhật ký truy cập. Không ghi họ tên.")
    )
    format = forms.ChoiceField(
        label=_("Định dạng"), required=False, choices=[("json", "JSON"), ("xlsx", "Excel (.xlsx)")]
    )


class RectifyForm(NamedErrorsForm):
    full_name = forms.CharField(label=_("Họ và tên"), required=False, max_length=150)
    birth_date = date_field(_("Ngày sinh"), required=False)
    id_number = forms.CharField(label=_("Số giấy tờ tùy thân"), required=False, max_length=20)
    phone = forms.CharField(label=_("Điện thoại"), required=False, max_length=20)
    address = forms.CharField(label=_("Địa chỉ"), required=False, max_length=300)
    notes = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = version_field()

    def identity(self) -> Identity:
        d = self.cleaned_data
        return Identity(
            full_name=d["full_name"],
            birth_date=d["birth_date"],
            id_number=d["id_number"],
            phone=d["phone"],
            address=d["address"],
            notes=d["notes"],
        )


def get_request_for_user(user: User, pk: object) -> tuple[SubjectRequest, Case | None]:
    """A request the user may handle, with its case (None once erased). 404 for any other."""
    request = subject_requests.requests_visible_to(user).filter(pk=pk).first() if str(pk).isdigit() else None
    if request is None:
        raise Http404
    case = Case.objects.filter(case_code=request.case_code).select_related("commune", "assigned_worker").first()
    if case is not None and not access.can_work_on(user, case):
        raise Http404
    return request, case


@private
@require_GET
def subject_request_list(request: AuthedRequest) -> HttpResponse:
    if not access.sees_identities(request.user):
        raise PermissionDenied
    requests = subject_requests.requests_visible_to(request.user).order_by("-received_on", "-pk")[:200]
    return render(request, "support/privacy/subject_request_list.html", {"section": "subject", "requests": requests})


@private
@require_http_methods(["GET", "POST"])
def subject_request_create(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    case = access.get_case_for_user(user, pk, write=True)
    form = SubjectRequestForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            created = subject_requests.request_open(
                actor=user, case=case, kind=form.cleaned_data["kind"], received_on=form.cleaned_data["received_on"]
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, gettext("Đã ghi nhận yêu cầu."))
            return redirect("support:subject_request_detail", pk=created.pk)
    context = {"section": "subject", "form": form, "case": case}
    return render(request, "support/privacy/subject_request_form.html", context)


def _export_answer(case: Case, data: dict[str, Any], fmt: str) -> HttpResponse:
    if fmt == "xlsx":
        rows: list[list[Any]] = []
        for part, value in data.items():
            items = value if isinstance(value, list) else [value]
            for item in items:
                for key, shown in item.items():
                    rows.append(
                        [part, key, json.dumps(shown, ensure_ascii=False) if isinstance(shown, list) else shown]
                    )
        return xlsx_response(f"du-lieu-{case.case_code}.xlsx", case.case_code, ["Phần", "Trường", "Giá trị"], rows)
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="du-lieu-{case.case_code}.json"'
    return response


@private
@require_http_methods(["GET", "POST"])
def subject_request_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    subject, case = get_request_for_user(user, pk)
    reason_form = ReasonForm(request.POST or None)
    rectify_form: RectifyForm | None = None
    hold = subject_requests.retention_hold(case) if case is not None else ""
    action = request.POST.get("action", "")
    if case is not None and subject.kind == SubjectRequestKind.RECTIFY:
        if action == "rectify":
            rectify_form = RectifyForm(request.POST)
        else:
            identity = case.identity()
            log_access(user, case, "view", ["full_name", "birth_date", "id_number", "phone", "address", "notes"])
            rectify_form = RectifyForm(initial={**identity.as_dict(), "version": case.version})
    if request.method == "POST" and case is not None:
        try:
            if action == "export" and reason_form.is_valid():
                data = subject_requests.subject_export(
                    actor=user, case=case, reason=reason_form.cleaned_data["reason"], request=subject
                )
                return _export_answer(case, data, reason_form.cleaned_data.get("format") or "json")
            if action == "erase" and reason_form.is_valid():
                held = subject_requests.subject_erase(
                    actor=user, case=case, reason=reason_form.cleaned_data["reason"], request=subject
                )
                if held:
                    messages.error(request, gettext("Chưa xóa được: %(hold)s") % {"hold": held})
                    return redirect("support:subject_request_detail", pk=subject.pk)
                messages.success(request, gettext("Đã xóa hồ sơ và toàn bộ dữ liệu liên quan."))
                return redirect("support:subject_request_list")
            if action == "rectify" and rectify_form is not None and rectify_form.is_valid():
                subject_requests.subject_rectify(
                    actor=user,
                    case=case,
                    identity=rectify_form.identity(),
                    expected_version=rectify_form.cleaned_data["version"],
                    request=subject,
                )
                messages.success(request, gettext("Đã sửa dữ liệu theo yêu cầu."))
                return redirect("support:subject_request_detail", pk=subject.pk)
        except ValidationError as error:
            target = rectify_form if action == "rectify" and rectify_form is not None else reason_form
            target.add_service_errors(error)
            subject.refresh_from_db()
        except ConflictError as error:
            messages.error(request, str(error))
    context = {
        "section": "subject",
        "subject": subject,
        "case": case,
        "reason_form": reason_form,
        "rectify_form": rectify_form,
        "hold": hold,
        "open": subject.status not in ("done", "refused"),
    }
    return render(request, "support/privacy/subject_request_detail.html", context)


# The API (under /api/v1/support/) ----------------------------------------------------------------------
# The same doors and services as the pages. Access-log queries are POSTs: who is being investigated,
# like a case code, never lands in an address or a server log.


class StatisticsQuery(PeriodFilterMixin, InputSerializer):
    unit = ViIntegerField(required=False, min_value=1, help_text="Địa bàn (id) trong phạm vi; mặc định: phạm vi.")
    rows = ViChoiceField(choices=stats.Rows.CHOICES, required=False, default=stats.Rows.COMMUNE)
    columns = ViChoiceField(choices=stats.Columns.CHOICES, required=False, default=stats.Columns.KIND)


class CellSerializer(serializers.Serializer[dict[str, Any]]):
    value = serializers.IntegerField(allow_null=True, help_text="null khi ô bị ẩn.")
    display = serializers.CharField(help_text="Cách hiển thị: số, “<5”, hoặc “x” (ẩn bổ sung).")
    suppressed = serializers.CharField(help_text="“”, “small” hoặc “complementary”.")


class RefSerializer(serializers.Serializer[dict[str, Any]]):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ColumnSerializer(serializers.Serializer[dict[str, Any]]):
    key = serializers.CharField()

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # `label` is declared here, not as a class attribute: every DRF field has a `label` attribute.
        return {**super().get_fields(), "label": serializers.CharField()}


class RowSerializer(serializers.Serializer[dict[str, Any]]):
    unit = RefSerializer()
    cells = CellSerializer(many=True)
    total = CellSerializer()


class TableSerializer(serializers.Serializer[dict[str, Any]]):
    period = serializers.CharField()
    unit = RefSerializer()
    rows_by = serializers.CharField()
    columns_by = serializers.CharField()
    suppressed = serializers.BooleanField(help_text="true: người đọc không có quyền xem hồ sơ, số nhỏ bị ẩn.")
    columns = ColumnSerializer(many=True)
    rows = RowSerializer(many=True)
    column_totals = CellSerializer(many=True)
    total = CellSerializer()


def _api_user(request: Request) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@extend_schema(
    tags=["support"],
    summary="Thống kê người được hỗ trợ (chỉ người đồng ý được tính; số nhỏ bị ẩn với người không xem hồ sơ)",
    parameters=[StatisticsQuery],
    responses={200: TableSerializer, 400: BAD_REQUEST, 401: UNAUTHENTICATED, 404: NOT_FOUND},
)
@api_view(["GET"])
def statistics_api(request: Request) -> Response:
    user = _api_user(request)
    query = StatisticsQuery.parse(request.query_params)
    unit = stats.scope_unit(user, query.get("unit"))
    if unit is None:
        raise Http404
    period = query.get("period") or calendar_year(timezone.localdate().year)
    table = stats.people_supported(period=period, unit=unit, rows_by=query["rows"], columns_by=query["columns"])
    return Response(stats.for_reader(table, user).as_dict())


class AccessLogQuery(InputSerializer):
    user = ViIntegerField(required=False, min_value=1, help_text="Người dùng (id); cùng với start và end.")
    start = ViDateField(required=False)
    end = ViDateField(required=False)
    case_code = ViCharField(required=False, max_length=20, help_text="Hoặc: mã hồ sơ.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("case_code"):
            return attrs
        missing = [name for name in ("user", "start", "end") if attrs.get(name) is None]
        if missing:
            raise serializers.ValidationError({name: ["Cần nhập trường này (hoặc case_code)."] for name in missing})
        if attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": ["“end” phải từ “start” trở đi."]})
        return attrs


class AccessLogRowSerializer(serializers.ModelSerializer[AccessLog]):
    class Meta:
        model = AccessLog
        fields = ["id", "at", "username", "ip", "case_code", "action", "fields", "note"]
        read_only_fields = fields


@extend_schema(
    tags=["support"],
    summary="Nhật ký truy cập: một người dùng trong một khoảng thời gian, hoặc mọi thao tác trên một hồ sơ",
    description="Chỉ người có quyền support.audit_access. Gửi bằng POST để điều kiện tra cứu không nằm trong địa chỉ.",
    request=AccessLogQuery,
    responses={200: AccessLogRowSerializer(many=True), **WRITE},
)
@api_view(["POST"])
def access_log_api(request: Request) -> Response:
    auditor = _api_user(request)
    if not access.may_audit(auditor):
        raise PermissionDenied
    query = AccessLogQuery.parse(request.data)
    if query.get("case_code"):
        rows = case_log_rows(auditor, "".join(query["case_code"].split()).upper())
        if rows is None:
            raise Http404
    else:
        user = audited_users(auditor).filter(pk=query["user"]).first()
        if user is None:
            raise Http404
        rows = user_window_rows(auditor, {**query, "user": user})
    return Response(AccessLogRowSerializer(rows[:MAX_LOG_ROWS], many=True).data)


class SubjectRequestSerializer(serializers.ModelSerializer[SubjectRequest]):
    class Meta:
        model = SubjectRequest
        fields = ["id", "case_code", "kind", "received_on", "status", "completed_at", "outcome_note"]
        read_only_fields = fields


class SubjectRequestPageSerializer(serializers.Serializer[dict[str, Any]]):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = SubjectRequestSerializer(many=True)


class SubjectRequestInput(InputSerializer):
    case = ViIntegerField(min_value=1, help_text="Hồ sơ (id).")
    kind = ViChoiceField(choices=SubjectRequestKind.choices)
    received_on = ViDateField()


class ReasonInput(InputSerializer):
    reason = ViCharField(allow_blank=True, max_length=300)


class RectifyInput(InputSerializer):
    full_name = ViCharField(required=False, allow_blank=True, max_length=150, default="")
    birth_date = ViDateField(required=False, allow_null=True, default=None)
    id_number = ViCharField(required=False, allow_blank=True, max_length=20, default="")
    phone = ViCharField(required=False, allow_blank=True, max_length=20, default="")
    address = ViCharField(required=False, allow_blank=True, max_length=300, default="")
    notes = ViCharField(required=False, allow_blank=True, default="")
    version = ViIntegerField(min_value=1)


class EraseResultSerializer(serializers.Serializer[dict[str, Any]]):
    erased = serializers.BooleanField()
    hold = serializers.CharField(help_text="Lý do chưa xóa được (thời hạn lưu giữ), rỗng khi đã xóa.")
    request = SubjectRequestSerializer()


@extend_schema(
    tags=["support"],
    methods=["GET"],
    summary="Yêu cầu của chủ thể dữ liệu",
    responses={200: SubjectRequestPageSerializer, 401: UNAUTHENTICATED, 403: FORBIDDEN},
)
@extend_schema(
    tags=["support"],
    methods=["POST"],
    summary="Ghi nhận một yêu cầu của chủ thể dữ liệu (xem, sửa, xóa)",
    request=SubjectRequestInput,
    responses={201: SubjectRequestSerializer, **WRITE},
)
@api_view(["GET", "POST"])
def subject_requests_api(request: Request) -> Response:
    user = _api_user(request)
    if not access.sees_identities(user):
        raise PermissionDenied
    if request.method == "GET":
        found = subject_requests.requests_visible_to(user).order_by("-received_on", "-pk")
        paginator = Pagination()
        page = paginator.paginate_queryset(found, request)
        assert page is not None
        return paginator.get_paginated_response(SubjectRequestSerializer(page, many=True).data)
    data = SubjectRequestInput.parse(request.data)
    case = access.get_case_for_user(user, data["case"], write=True)
    created = subject_requests.request_open(actor=user, case=case, kind=data["kind"], received_on=data["received_on"])
    return Response(SubjectRequestSerializer(created).data, status=201)


def _open_request(request: Request, pk: int) -> tuple[User, SubjectRequest, Case]:
    user = _api_user(request)
    subject, case = get_request_for_user(user, pk)
    if case is None:
        raise Http404
    return user, subject, case


@extend_schema(
    tags=["support"],
    summary="Xuất mọi dữ liệu về người được hỗ trợ (cho chính người đó); cần lý do, được ghi nhật ký",
    request=ReasonInput,
    responses={200: OpenApiTypes.OBJECT, **WRITE},
)
@api_view(["POST"])
def subject_request_export_api(request: Request, pk: int) -> Response:
    user, subject, case = _open_request(request, pk)
    data = ReasonInput.parse(request.data)
    return Response(subject_requests.subject_export(actor=user, case=case, reason=data["reason"], request=subject))


@extend_schema(
    tags=["support"],
    summary="Sửa thông tin nhận dạng theo yêu cầu (qua dịch vụ sửa hồ sơ, có kiểm tra phiên bản)",
    request=RectifyInput,
    responses={200: SubjectRequestSerializer, 409: CONFLICT, **WRITE},
)
@api_view(["POST"])
def subject_request_rectify_api(request: Request, pk: int) -> Response:
    user, subject, case = _open_request(request, pk)
    data = RectifyInput.parse(request.data)
    version = data.pop("version")
    subject_requests.subject_rectify(
        actor=user, case=case, identity=Identity(**data), expected_version=version, request=subject
    )
    subject.refresh_from_db()
    return Response(SubjectRequestSerializer(subject).data)


@extend_schema(
    tags=["support"],
    summary="Xóa hồ sơ theo yêu cầu, trừ khi còn trong thời hạn lưu giữ",
    request=ReasonInput,
    responses={200: EraseResultSerializer, **WRITE},
)
@api_view(["POST"])
def subject_request_erase_api(request: Request, pk: int) -> Response:
    user, subject, case = _open_request(request, pk)
    data = ReasonInput.parse(request.data)
    hold = subject_requests.subject_erase(actor=user, case=case, reason=data["reason"], request=subject)
    subject.refresh_from_db()
    return Response({"erased": not hold, "hold": hold, "request": SubjectRequestSerializer(subject).data})
