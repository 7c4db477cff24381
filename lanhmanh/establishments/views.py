"""Pages of the registry: the list (search, filters, export), one establishment and its history, the
forms that change it, and the Excel import. Each view is a few lines around a door of `access.py`
and a service call; the rules live in the services."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lanhmanh.core.http import AuthedRequest, render_page_or_fragment
from lanhmanh.core.versioning import ConflictError
from lanhmanh.establishments import queries, services, spreadsheet
from lanhmanh.establishments.access import can_change, get_establishment_for_user, get_flag_for_user, may_write
from lanhmanh.establishments.forms import (
    CommitmentForm,
    EstablishmentEditForm,
    EstablishmentForm,
    FilterForm,
    FlagClearForm,
    FlagForm,
    ImportForm,
    LabourRegistrationForm,
    StatusForm,
)
from lanhmanh.establishments.models import Establishment
from lanhmanh.plans.forms import NamedErrorsForm

PAGE_SIZE = 25
View = Callable[..., HttpResponse]
# Where an uploaded file waits between its preview and its confirmation (never served by URL).
PENDING_IMPORTS = "establishment-imports"
SESSION_KEY = "establishment_imports"


def writers_only(view: View) -> View:
    """Log in first, then 403 unless the user keeps the register: a refused user never sees the form."""

    @wraps(view)
    def wrapped(request: AuthedRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not may_write(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


# The list and its export ----------------------------------------------------------------------------


def _filtered(request: AuthedRequest) -> tuple[FilterForm, Any]:
    form = FilterForm(request.GET or None, user=request.user)
    found = queries.establishments_for(request.user, form.filters(), day=timezone.localdate())
    return form, found


@login_required
@require_GET
def establishment_list(request: AuthedRequest) -> HttpResponse:
    form, found = _filtered(request)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "section": "list",
        "form": form,
        "page": page,
        "can_write": may_write(request.user),
        "query": query.urlencode(),
    }
    return render_page_or_fragment(
        request, "establishments/establishment_list.html", "establishments/_results.html", context
    )


@login_required
@require_GET
def establishment_export(request: AuthedRequest) -> HttpResponse:
    """The list as filtered on the page, every row of it, as .xlsx."""
    _, found = _filtered(request)
    response = HttpResponse(
        spreadsheet.export_xlsx(found.iterator(chunk_size=2000)), content_type=spreadsheet.XLSX_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="co-so-kinh-doanh-{timezone.localdate():%Y%m%d}.xlsx"'
    response["Cache-Control"] = "no-store"
    return response


@writers_only
@require_GET
def establishment_template(request: AuthedRequest) -> HttpResponse:
    response = HttpResponse(spreadsheet.template_xlsx(request.user), content_type=spreadsheet.XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="mau-danh-sach-co-so.xlsx"'
    return response


# One establishment ----------------------------------------------------------------------------------


@login_required
@require_GET
def establishment_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    establishment = get_establishment_for_user(request.user, pk)
    day = timezone.localdate()
    # The same EXISTS flags as the list's, for today: `compliance.has_commitment`...
    compliance = queries.with_compliance(Establishment.objects.filter(pk=establishment.pk), day).get()
    context = {
        "establishment": establishment,
        "compliance": compliance,
        "commitments": establishment.commitments.select_related("created_by"),
        "registrations": establishment.labour_registrations.select_related("created_by"),
        "flags": establishment.flags.select_related("created_by"),
        "status_changes": establishment.status_changes.select_related("created_by"),
        "can_write": can_change(request.user, establishment),
        "today": day,
    }
    return render(request, "establishments/establishment_detail.html", context)


def _initial(establishment: Establishment) -> dict[str, object]:
    values: dict[str, object] = {name: getattr(establishment, name) for name in services.FIELDS if name != "commune"}
    values["commune"] = establishment.commune_id
    values["version"] = establishment.version
    return values


def _saved(form: NamedErrorsForm, action: Callable[[], object]) -> bool:
    """Run a service; its refusal goes onto the form. True when it succeeded."""
    try:
        action()
    except ValidationError as error:
        form.add_service_errors(error)
        return False
    except ConflictError as error:
        form.add_error(None, str(error))
        return False
    return True


@writers_only
@require_http_methods(["GET", "POST"])
def establishment_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    form = EstablishmentForm(request.POST or None, user=user)
    created: list[Establishment] = []
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(form, lambda: created.append(services.establishment_create(actor=user, data=form.to_input())))
    ):
        messages.success(request, gettext("Đã thêm cơ sở vào danh sách."))
        return redirect("establishments:establishment_detail", pk=created[0].pk)
    return render(request, "establishments/establishment_form.html", {"form": form, "establishment": None})


@login_required
@require_http_methods(["GET", "POST"])
def establishment_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    establishment = get_establishment_for_user(user, pk, write=True)
    if request.method != "POST":
        form = EstablishmentEditForm(initial=_initial(establishment), user=user)
    else:
        form = EstablishmentEditForm(request.POST, user=user)
        if form.is_valid() and _saved(
            form,
            lambda: services.establishment_update(
                establishment=establishment,
                actor=user,
                data=form.to_input(),
                expected_version=form.cleaned_data["version"],
            ),
        ):
            messages.success(request, gettext("Đã lưu thay đổi."))
            return redirect("establishments:establishment_detail", pk=establishment.pk)
    return render(request, "establishments/establishment_form.html", {"form": form, "establishment": establishment})


def _record_page(
    request: AuthedRequest,
    establishment: Establishment,
    form: NamedErrorsForm,
    action: Callable[[], object],
    *,
    title: str,
    done: str,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid() and _saved(form, action):
        messages.success(request, done)
        return redirect("establishments:establishment_detail", pk=establishment.pk)
    context = {"form": form, "establishment": establishment, "title": title}
    return render(request, "establishments/record_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def establishment_status(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    establishment = get_establishment_for_user(user, pk, write=True)
    form = StatusForm(request.POST or None, initial={"version": establishment.version, "since": timezone.localdate()})
    return _record_page(
        request,
        establishment,
        form,
        lambda: services.establishment_set_status(
            establishment=establishment,
            actor=user,
            status=form.cleaned_data["status"],
            since=form.cleaned_data["since"],
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
        ),
        title=gettext("Thay đổi tình trạng hoạt động"),
        done=gettext("Đã ghi tình trạng mới."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def commitment_create(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    establishment = get_establishment_for_user(user, pk, write=True)
    form = CommitmentForm(request.POST or None)
    return _record_page(
        request,
        establishment,
        form,
        lambda: services.commitment_record(establishment=establishment, actor=user, data=form.to_input()),
        title=gettext("Ghi nhận bản cam kết"),
        done=gettext("Đã ghi nhận bản cam kết."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def labour_registration_create(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    establishment = get_establishment_for_user(user, pk, write=True)
    form = LabourRegistrationForm(request.POST or None)
    return _record_page(
        request,
        establishment,
        form,
        lambda: services.labour_registration_record(establishment=establishment, actor=user, data=form.to_input()),
        title=gettext("Ghi nhận đăng ký lao động"),
        done=gettext("Đã ghi nhận đăng ký lao động."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def flag_create(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    establishment = get_establishment_for_user(user, pk, write=True)
    form = FlagForm(request.POST or None)
    return _record_page(
        request,
        establishment,
        form,
        lambda: services.flag_record(
            establishment=establishment,
            actor=user,
            noted_on=form.cleaned_data["noted_on"],
            source=form.cleaned_data["source"],
            description=form.cleaned_data["description"],
        ),
        title=gettext("Ghi nhận dấu hiệu hoạt động mại dâm"),
        done=gettext("Đã ghi nhận dấu hiệu."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def flag_clear(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    flag = get_flag_for_user(user, pk, write=True)
    form = FlagClearForm(request.POST or None)
    return _record_page(
        request,
        flag.establishment,
        form,
        lambda: services.flag_clear(
            flag=flag,
            actor=user,
            cleared_on=form.cleaned_data["cleared_on"],
            reason=form.cleaned_data["cleared_reason"],
        ),
        title=gettext("Kết thúc dấu hiệu ghi nhận ngày %(day)s") % {"day": f"{flag.noted_on:%d/%m/%Y}"},
        done=gettext("Đã ghi nhận kết thúc dấu hiệu."),
    )


# The import -----------------------------------------------------------------------------------------


def _pending_dir() -> Path:
    folder = Path(settings.MEDIA_ROOT) / PENDING_IMPORTS
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _keep_for_confirmation(request: AuthedRequest, upload: Any) -> str:
    token = uuid.uuid4().hex
    suffix = Path(upload.name or "").suffix.lower()
    upload.seek(0)
    (_pending_dir() / f"{token}{suffix}").write_bytes(upload.read())
    pending = dict(request.session.get(SESSION_KEY, {}))
    pending[token] = {"name": upload.name or "", "suffix": suffix}
    request.session[SESSION_KEY] = pending
    return token


def _take_pending(request: AuthedRequest, token: str) -> SimpleUploadedFile | None:
    pending = dict(request.session.get(SESSION_KEY, {}))
    entry = pending.pop(token, None) if token.isalnum() else None
    request.session[SESSION_KEY] = pending
    if entry is None:
        return None
    path = _pending_dir() / f"{token}{entry['suffix']}"
    if not path.is_file():
        return None
    content = path.read_bytes()
    path.unlink()
    return SimpleUploadedFile(entry["name"], content)


def _run_import(request: AuthedRequest, upload: Any, *, preview: bool) -> tuple[HttpResponse | None, dict[str, Any]]:
    """Check the file; import it (or keep it for confirmation). A response when done, else context."""
    user = request.user
    report = spreadsheet.read_upload(upload, actor=user)
    if not report.ok:
        return None, {"problems": report.problems}
    if preview:
        token = _keep_for_confirmation(request, upload)
        return None, {"report": report, "token": token, "file_name": upload.name, "sample": report.rows[:20]}
    result = services.establishments_import(actor=user, rows=report.rows, file_name=upload.name or "")
    messages.success(
        request,
        gettext("Đã nhập tệp: %(created)d cơ sở mới, %(updated)d cơ sở được cập nhật, %(unchanged)d không đổi.")
        % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
    )
    return redirect("establishments:establishment_list"), {}


@writers_only
@require_http_methods(["GET", "POST"])
def establishment_import(request: AuthedRequest) -> HttpResponse:
    """Upload a file; preview what it would do, or import it at once. Every row or none."""
    form = ImportForm(request.POST or None, request.FILES or None, initial={"preview": True})
    context: dict[str, Any] = {"form": form, "columns": spreadsheet.COLUMNS, "section": "import"}
    if request.method == "POST" and form.is_valid():
        try:
            response, found = _run_import(request, form.cleaned_data["file"], preview=form.cleaned_data["preview"])
        except ValidationError as error:
            form.add_service_errors(error)
        except ConflictError as error:
            form.add_error(None, str(error))
        else:
            if response is not None:
                return response
            context.update(found)
    return render(request, "establishments/import.html", context)


@writers_only
@require_POST
def establishment_import_confirm(request: AuthedRequest) -> HttpResponse:
    """Import a previewed file: checked again, since the registry may have changed meanwhile."""
    form = ImportForm(initial={"preview": True})
    context: dict[str, Any] = {"form": form, "columns": spreadsheet.COLUMNS, "section": "import"}
    upload = _take_pending(request, str(request.POST.get("token", "")))
    if upload is None:
        context["refusal"] = [gettext("Không tìm thấy tệp đã xem trước (có thể đã được nhập); hãy tải tệp lên lại.")]
        return render(request, "establishments/import.html", context)
    try:
        response, found = _run_import(request, upload, preview=False)
    except (ValidationError, ConflictError) as error:
        context["refusal"] = error.messages if isinstance(error, ValidationError) else [str(error)]
        return render(request, "establishments/import.html", context)
    if response is not None:
        return response
    context.update(found)
    return render(request, "establishments/import.html", context)
