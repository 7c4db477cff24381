"""Case pages: list, search (POST only), register with duplicate warning, detail, edits, referrals, export.

Every page answers `Cache-Control: no-store` (`case_page`), reads through `support.access`, and writes
one access-log row per case it shows or changes. Identifying data travels in POST bodies only.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import BooleanField, Q, QuerySet, Value, When
from django.db.models import Case as When_
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lanhmanh.accounts.models import Agency, Role, User
from lanhmanh.core.http import AuthedRequest, render_page_or_fragment
from lanhmanh.core.versioning import ConflictError
from lanhmanh.places.models import AdministrativeUnit, Level
from lanhmanh.plans.forms import NamedErrorsForm
from lanhmanh.support import access, crypto, services
from lanhmanh.support.access_log import log_access, log_many
from lanhmanh.support.consent import consents_in_force
from lanhmanh.support.forms import (
    AssignForm,
    CaseEditForm,
    ConsentForm,
    ExportForm,
    FollowUpForm,
    ListFilterForm,
    NeedForm,
    NeedStatusForm,
    OverrideForm,
    ProviderEditForm,
    ProviderForm,
    ReferralActionForm,
    ReferralForm,
    RegisterForm,
    SearchForm,
    ServiceForm,
    StatusForm,
    WithdrawForm,
)
from lanhmanh.support.models import (
    ID_NUMBER_PURPOSE,
    IDENTITY_FIELDS,
    NAME_YEAR_PURPOSE,
    AccessAction,
    Case,
    Consent,
    Need,
    ServiceProvider,
    id_number_key,
    name_year_key,
)

PAGE_SIZE = 25
View = Callable[..., HttpResponse]


def no_store(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    patch_cache_control(response, no_store=True, private=True)
    return response


def case_page(check: Callable[[User], bool] = access.may_open_cases) -> Callable[[View], View]:
    """Log in, 403 unless `check(user)`, and never let a browser or proxy keep the answer."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: AuthedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not check(request.user):
                raise PermissionDenied
            return no_store(view(request, *args, **kwargs))

        return login_required(wrapped)

    return decorate


def _any_user(user: User) -> bool:
    return True


def _with_identity_flag(cases: QuerySet[Case], user: User) -> QuerySet[Case]:
    return cases.annotate(
        show_identity=When_(
            When(access.identity_visible_q(user), then=Value(True)), default=Value(False), output_field=BooleanField()
        )
    )


def _names(cases: list[Case]) -> dict[int, str]:
    return {
        case.pk: crypto.decrypt(case.full_name_enc, context=Case.token_context("full_name"))
        for case in cases
        if getattr(case, "show_identity", False)
    }


# List, search, register ---------------------------------------------------------------------------


@case_page()
@require_GET
def case_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    form = ListFilterForm(request.GET or None)
    cases = Case.objects.visible_to(user).select_related("commune", "assigned_worker")
    if form.is_bound and form.is_valid():
        if form.cleaned_data["status"]:
            cases = cases.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["kind"]:
            cases = cases.filter(kind=form.cleaned_data["kind"])
    page = Paginator(_with_identity_flag(cases, user), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    names = _names(rows)
    # Names shown on the list are a view of each of those cases.
    log_many(user, [case for case in rows if case.pk in names], AccessAction.VIEW, ["full_name"], note="danh sách")
    context = {
        "section": "cases",
        "form": form,
        "page": page,
        "rows": [(case, names.get(case.pk)) for case in rows],
        "show_names": access.sees_identities(user),
        "can_register": access.may_register(user),
        "can_export": access.may_export_identity(user),
    }
    return render_page_or_fragment(request, "support/case_list.html", "support/_case_rows.html", context)


@case_page(lambda u: access.may_open_cases(u) and u.role in (Role.CASE_WORKER, Role.COORDINATOR))
@require_http_methods(["GET", "POST"])
def case_search(request: AuthedRequest) -> HttpResponse:
    """Find a person by ID number or name + birth year among the cases whose identity the user sees."""
    user = request.user
    form = SearchForm(request.POST or None)
    results: list[Case] | None = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        q = Q(pk__in=[])
        if d["id_number"]:
            q |= Q(
                id_number_bidx__in=crypto.blind_index_candidates(
                    id_number_key(d["id_number"]), purpose=ID_NUMBER_PURPOSE
                )
            )
        if d["full_name"] and d["birth_year"] and user.scope is not None:
            key = name_year_key(d["full_name"], d["birth_year"], services.province_of(user.scope))
            q |= Q(name_year_bidx__in=crypto.blind_index_candidates(key, purpose=NAME_YEAR_PURPOSE))
        found = Case.objects.filter(q).filter(access.identity_visible_q(user)).select_related("commune")
        results = list(_with_identity_flag(found, user))
        how = "tìm theo số giấy tờ" if d["id_number"] else "tìm theo họ tên, năm sinh"
        if results:
            log_many(user, results, AccessAction.SEARCH, ["full_name"], note=how)
        else:
            log_access(user, None, AccessAction.SEARCH, note=f"{how}: không thấy")
    names = _names(results or [])
    context = {
        "section": "search",
        "form": form,
        "results": [(c, names.get(c.pk)) for c in results or []],
        "searched": results is not None,
    }
    return render(request, "support/case_search.html", context)


def _read_form(form: NamedErrorsForm, request: AuthedRequest) -> bool:
    return request.method == "POST" and form.is_valid()


@case_page(access.may_register)
@require_http_methods(["GET", "POST"])
def case_register(request: AuthedRequest) -> HttpResponse:
    user = request.user
    communes = access.registrable_communes(user)
    form = RegisterForm(
        request.POST or None, request.FILES or None, communes=communes, initial={"opened_on": timezone.localdate()}
    )
    duplicate: services.DuplicateCheck | None = None
    if _read_form(form, request):
        try:
            case = services.case_register(
                actor=user,
                data=form.case_input(),
                identity=form.identity(),
                photo=form.photo_bytes(),
                confirmed_duplicate=form.cleaned_data["confirm_duplicate"],
            )
        except ValidationError as error:
            if "duplicate" in getattr(error, "error_dict", {}):
                duplicate = services.duplicates_check(
                    actor=user, identity=form.identity(), commune=form.cleaned_data["commune"]
                )
                data = request.POST.copy()
                data["confirm_duplicate"] = "on"
                form = RegisterForm(data, communes=communes)
                form.is_valid()
            else:
                form.add_service_errors(error)
        else:
            messages.success(request, f"Đã tạo hồ sơ {case.case_code}.")
            if access.may_see_identity(user, case) or user.role != Role.PEER_EDUCATOR:
                return redirect("support:case_detail", pk=case.pk)
            return redirect("support:case_list")
    context = {
        "section": "register",
        "form": form,
        "duplicate": duplicate,
        "duplicate_message": services.duplicate_message(duplicate) if duplicate else "",
    }
    return render(request, "support/case_register.html", context)


# One case -----------------------------------------------------------------------------------------


@case_page()
@require_GET
def case_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    case = access.get_case_for_user(user, pk)
    identity = access.may_see_identity(user, case)
    revealed: list[str] = []
    context: dict[str, Any] = {"section": "cases", "case": case, "show_identity": identity}
    services_qs = case.services.select_related("provider")
    referrals = case.referrals.select_related("provider").prefetch_related("events", "events__by")
    follow_ups = case.follow_ups.select_related("by")
    if identity:
        person = case.identity()
        revealed = [name for name in IDENTITY_FIELDS if getattr(person, name)]
        if case.photo_enc:
            revealed.append("photo")
        context["person"] = person
        context["services"] = [(s, s.outcome_text()) for s in services_qs]
        context["referrals"] = [(r, r.reason_text()) for r in referrals]
        context["follow_ups"] = [(f, f.notes_text()) for f in follow_ups]
        if follow_ups:
            revealed.append("follow_up_notes")
    else:
        context["services"] = [(s, None) for s in services_qs]
        context["referrals"] = [(r, None) for r in referrals]
        context["follow_ups"] = [(f, None) for f in follow_ups]
    log_access(user, case, AccessAction.VIEW, revealed)
    context.update(
        consents=consents_in_force(case).values(),
        consent_history=case.consents.select_related("agency", "recorded_by"),
        overrides=case.consent_overrides.select_related("agency", "user"),
        needs=case.needs.all(),
        status_changes=case.status_changes.select_related("changed_by"),
        can_work=access.can_work_on(user, case),
        can_assign=access.can_assign(user, case),
        can_override=access.may_override_consent(user, case),
    )
    return render(request, "support/case_detail.html", context)


@case_page()
@require_GET
def case_photo(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    case = access.get_case_for_user(user, pk)
    if not access.may_see_identity(user, case) or not case.photo_enc:
        raise Http404
    log_access(user, case, AccessAction.VIEW, ["photo"], note="ảnh")
    return HttpResponse(case.photo(), content_type=case.photo_type)


def _workers_for(case: Case) -> QuerySet[User]:
    ancestors = case.commune.ancestor_paths()
    return User.objects.filter(role=Role.CASE_WORKER, is_active=True, scope__path__in=ancestors).order_by("username")


@case_page()
@require_http_methods(["GET", "POST"])
def case_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    case = access.get_case_for_user(user, pk, write=True)
    communes = access.registrable_communes(user) if user.role == Role.CASE_WORKER else None
    if communes is None or not communes.filter(pk=case.commune_id).exists():
        communes = (
            AdministrativeUnit.objects.subtree(user.scope).filter(level=Level.COMMUNE)
            if user.scope
            else AdministrativeUnit.objects.none()
        )
    if request.method == "POST":
        form = CaseEditForm(request.POST, request.FILES, communes=communes)
    else:
        person = case.identity()
        log_access(
            user, case, AccessAction.VIEW, [n for n in IDENTITY_FIELDS if getattr(person, n)], note="mở trang sửa"
        )
        form = CaseEditForm(
            communes=communes,
            initial={
                "kind": case.kind,
                "sex": case.sex,
                "age_group": case.age_group,
                "commune": case.commune_id,
                "contact_channel": case.contact_channel,
                "opened_on": case.opened_on,
                "version": case.version,
                **person.as_dict(),
            },
        )
    if _read_form(form, request):
        try:
            services.case_edit(
                case=case,
                actor=user,
                data=form.case_input(),
                identity=form.identity(),
                expected_version=form.cleaned_data["version"],
                photo=form.photo_bytes(),
                remove_photo=form.cleaned_data["remove_photo"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        except ConflictError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Đã lưu hồ sơ.")
            return redirect("support:case_detail", pk=case.pk)
    return render(request, "support/case_edit.html", {"section": "cases", "case": case, "form": form})


def _simple_form(
    request: AuthedRequest,
    case: Case,
    form: NamedErrorsForm,
    title: str,
    save: Callable[[dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """GET shows the form; a valid POST calls `save(cleaned_data)` (a service) and goes back to the case."""
    if _read_form(form, request):
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, done)
            return redirect("support:case_detail", pk=case.pk)
    return render(request, "support/case_form.html", {"section": "cases", "case": case, "form": form, "title": title})


@case_page()
@require_http_methods(["GET", "POST"])
def case_assign(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    case = access.get_case_for_user(user, pk)
    if not access.can_assign(user, case):
        raise PermissionDenied
    form = AssignForm(request.POST or None, workers=_workers_for(case), initial={"worker": case.assigned_worker_id})
    return _simple_form(
        request,
        case,
        form,
        "Phân công cán bộ phụ trách",
        lambda d: services.case_assign(case=case, actor=user, worker=d["worker"]),
        "Đã phân công.",
    )


@case_page()
@require_http_methods(["GET", "POST"])
def case_status(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    case = access.get_case_for_user(user, pk, write=True)
    form = StatusForm(request.POST or None)
    return _simple_form(
        request,
        case,
        form,
        "Đổi tình trạng, đóng hoặc mở lại hồ sơ",
        lambda d: services.case_change_status(case=case, actor=user, status=d["status"], reason=d["reason"]),
        "Đã đổi tình trạng hồ sơ.",
    )


def _agencies_for(user: User) -> QuerySet[Agency]:
    return Agency.objects.valid_on(timezone.localdate()).select_related("unit")


@case_page()
@require_http_methods(["GET", "POST"])
def consent_add(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    case = access.get_case_for_user(user, pk, write=True)
    form = ConsentForm(request.POST or None, agencies=_agencies_for(user), initial={"given_on": timezone.localdate()})
    return _simple_form(
        request,
        case,
        form,
        "Ghi nhận sự đồng ý",
        lambda d: services.consent_record(
            case=case,
            actor=user,
            purpose=d["purpose"],
            granted=d["granted"],
            given_on=d["given_on"],
            method=d["method"],
            agency=d["agency"],
        ),
        "Đã ghi nhận sự đồng ý.",
    )


@case_page()
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: AuthedRequest, pk: int, consent_pk: int) -> HttpResponse:
    user = request.user
    case = access.get_case_for_user(user, pk, write=True)
    consent: Consent = get_object_or_404(Consent, pk=consent_pk, case=case)
    form = WithdrawForm(request.POST or None, initial={"withdrawn_on": timezone.localdate()})
    return _simple_form(
        request,
        case,
        form,
        f"Rút lại sự đồng ý: {consent.get_purpose_display()}",
        lambda d: services.consent_withdraw(
            consent=consent, actor=user, withdrawn_on=d["withdrawn_on"], note=d["withdrawal_note"]
        ),
        "Đã ghi nhận việc rút lại sự đồng ý.",
    )


@case_page()
@require_http_methods(["GET", "POST"])
def consent_override(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    case = access.get_case_for_user(user, pk, write=True)
    if not access.may_override_consent(user, case):
        raise PermissionDenied
    form = OverrideForm(request.POST or None, agencies=_agencies_for(user))
    return _simple_form(
        request,
        case,
        form,
        "Chia sẻ khi chưa có sự đồng ý (ghi rõ lý do)",
        lambda d: services.consent_override(
            case=case, actor=user, purpose=d["purpose"], reason=d["reason"], agency=d["agency"]
        ),
        "Đã ghi nhận việc bỏ qua sự đồng ý.",
    )


@case_page()
@require_http_methods(["GET", "POST"])
def need_add(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    case = access.get_case_for_user(user, pk, write=True)
    form = NeedForm(request.POST or None)
    return _simple_form(
        request,
        case,
        form,
        "Thêm nhu cầu, mục tiêu hỗ trợ",
        lambda d: services.need_add(
            case=case, actor=user, area=d["area"], goal=d["goal"], target_date=d["target_date"]
        ),
        "Đã thêm nhu cầu.",
    )


@case_page()
@require_http_methods(["GET", "POST"])
def need_status(request: AuthedRequest, pk: int, need_pk: int) -> HttpResponse:
    user = request.user
    case = access.get_case_for_user(user, pk, write=True)
    need: Need = get_object_or_404(Need, pk=need_pk, case=case)
    form = NeedStatusForm(request.POST or None, initial={"status": need.status})
    return _simple_form(
        request,
        case,
        form,
        f"Tình trạng mục tiêu: {need.goal}",
        lambda d: services.need_set_status(need=need, actor=user, status=d["status"]),
        "Đã cập nhật mục tiêu.",
    )


def _providers() -> QuerySet[ServiceProvider]:
    return ServiceProvider.objects.filter(active=True).select_related("unit")


@case_page()
@require_http_methods(["GET", "POST"])
def service_add(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    case = access.get_case_for_user(user, pk, write=True)
    form = ServiceForm(request.POST or None, providers=_providers(), initial={"date": timezone.localdate()})
    return _simple_form(
        request,
        case,
        form,
        "Ghi nhận dịch vụ đã cung cấp",
        lambda d: services.service_record(
            case=case, actor=user, kind=d["kind"], date=d["date"], provider=d["provider"], outcome=d["outcome"]
        ),
        "Đã ghi nhận dịch vụ.",
    )


@case_page()
@require_http_methods(["GET", "POST"])
def referral_add(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    case = access.get_case_for_user(user, pk, write=True)
    form = ReferralForm(
        request.POST or None,
        providers=_providers(),
        may_override=access.may_override_consent(user, case),
        initial={"referred_on": timezone.localdate()},
    )
    return _simple_form(
        request,
        case,
        form,
        "Chuyển gửi",
        lambda d: services.referral_create(
            case=case,
            actor=user,
            provider=d["provider"],
            need_area=d["need_area"],
            reason=d["reason"],
            referred_on=d["referred_on"],
            override_reason=d.get("override_reason", ""),
        ),
        "Đã chuyển gửi.",
    )


@case_page()
@require_http_methods(["GET", "POST"])
def follow_up_add(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    case = access.get_case_for_user(user, pk, write=True)
    form = FollowUpForm(request.POST or None, initial={"date": timezone.localdate()})
    return _simple_form(
        request,
        case,
        form,
        "Ghi nhận theo dõi, thăm hỏi",
        lambda d: services.follow_up_add(case=case, actor=user, date=d["date"], notes=d["notes"]),
        "Đã ghi nhận theo dõi.",
    )


# Referrals: both sides ----------------------------------------------------------------------------


@case_page(_any_user)
@require_GET
def referral_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    visible = access.referrals_visible_to(user).select_related("case", "provider")
    inbox = visible.filter(provider__agency_id=user.agency_id) if user.agency_id else visible.none()
    outbox = visible.filter(case__in=Case.objects.visible_to(user).values("pk"))
    context = {"section": "referrals", "inbox": inbox[:200], "outbox": outbox[:200]}
    return render(request, "support/referral_list.html", context)


@case_page(_any_user)
@require_GET
def referral_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    referral = access.get_referral_for_user(user, pk)
    shown = access.may_see_referral_identity(user, referral)
    context: dict[str, Any] = {
        "section": "referrals",
        "referral": referral,
        "events": referral.events.select_related("by"),
        "show_identity": shown,
        "actions": services.allowed_actions(user, referral),
        "form": ReferralActionForm(),
    }
    revealed: list[str] = []
    if shown:
        person = referral.case.identity()
        context["person"] = person
        context["reason"] = referral.reason_text()
        revealed = [n for n in ("full_name", "phone") if getattr(person, n)] + (
            ["referral_reason"] if context["reason"] else []
        )
    log_access(user, referral.case, AccessAction.VIEW, revealed, note=f"chuyển gửi {referral.pk}")
    return render(request, "support/referral_detail.html", context)


@case_page(_any_user)
@require_POST
def referral_act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    user = request.user
    if action not in services.ACTIONS:
        raise Http404
    referral = access.get_referral_for_user(user, pk)
    if action not in services.allowed_actions(user, referral):
        raise PermissionDenied
    form = ReferralActionForm(request.POST)
    if form.is_valid():
        try:
            services.referral_transition(referral=referral, actor=user, action=action, note=form.cleaned_data["note"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Đã cập nhật chuyển gửi.")
            return redirect("support:referral_detail", pk=referral.pk)
    context = {
        "section": "referrals",
        "referral": referral,
        "events": referral.events.select_related("by"),
        "show_identity": False,
        "actions": services.allowed_actions(user, referral),
        "form": form,
    }
    return render(request, "support/referral_detail.html", context, status=200)


# Export -------------------------------------------------------------------------------------------

EXPORT_COLUMNS = ("case_code", "kind", "sex", "age_group", "commune", "status", "opened_on", *IDENTITY_FIELDS[:-1])


@case_page(access.may_export_identity)
@require_http_methods(["GET", "POST"])
def case_export(request: AuthedRequest) -> HttpResponse:
    """Identifying data of the cases whose identity the user sees, as CSV, with a reason: one access-log
    row per case exported."""
    user = request.user
    form = ExportForm(request.POST or None)
    if _read_form(form, request):
        cases = list(
            Case.objects.visible_to(user)
            .filter(access.identity_visible_q(user))
            .select_related("commune")
            .order_by("pk")
        )
        log_many(user, cases, AccessAction.EXPORT, list(IDENTITY_FIELDS[:-1]), note=form.cleaned_data["reason"])
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="ho-so-ho-tro-{timezone.localdate():%Y%m%d}.csv"'
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow(EXPORT_COLUMNS)
        for case in cases:
            person = case.identity()
            writer.writerow(
                [
                    case.case_code,
                    case.get_kind_display(),
                    case.get_sex_display(),
                    case.get_age_group_display(),
                    case.commune.name,
                    case.get_status_display(),
                    f"{case.opened_on:%d/%m/%Y}",
                    person.full_name,
                    f"{person.birth_date:%d/%m/%Y}" if person.birth_date else "",
                    person.id_number,
                    person.phone,
                    person.address,
                ]
            )
        return response
    return render(request, "support/case_export.html", {"section": "export", "form": form})


# Service providers (coordinators manage those of their scope) -------------------------------------


def _provider_choices(user: User, provider: ServiceProvider | None = None) -> dict[str, Any]:
    units = AdministrativeUnit.objects.subtree(user.scope) if user.scope else AdministrativeUnit.objects.none()
    agencies = Agency.objects.valid_on(timezone.localdate())
    if provider is not None and provider.agency_id is not None:
        # An agency no longer in force stays selectable on the provider that already names it.
        agencies = agencies | Agency.objects.filter(pk=provider.agency_id)
    return {"units": units.order_by("path"), "agencies": agencies.select_related("unit").distinct()}


@case_page(_any_user)
@require_GET
def provider_list(request: AuthedRequest) -> HttpResponse:
    """Every provider (reference data); a coordinator gets the edit links of those in their scope."""
    user = request.user
    providers = list(ServiceProvider.objects.select_related("unit", "agency").order_by("-active", "name"))
    manages = access.may_manage_providers(user) and user.scope is not None
    scope_path = user.scope.path if user.scope is not None else None
    rows = [
        (p, manages and scope_path is not None and (p.unit.path + "/").startswith(scope_path + "/")) for p in providers
    ]
    context = {"section": "providers", "rows": rows, "can_create": access.may_manage_providers(user)}
    return render(request, "support/provider_list.html", context)


@case_page(access.may_manage_providers)
@require_http_methods(["GET", "POST"])
def provider_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    form = ProviderForm(request.POST or None, **_provider_choices(user))
    if _read_form(form, request):
        try:
            provider = services.provider_create(actor=user, data=form.provider_input())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Đã thêm cơ sở {provider.name}.")
            return redirect("support:provider_list")
    context = {"section": "providers", "form": form, "title": "Thêm cơ sở cung cấp dịch vụ"}
    return render(request, "support/provider_form.html", context)


@case_page(access.may_manage_providers)
@require_http_methods(["GET", "POST"])
def provider_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    provider = access.get_provider_for_user(user, pk)
    initial = {
        "name": provider.name,
        "kind": provider.kind,
        "unit": provider.unit_id,
        "agency": provider.agency_id,
        "active": provider.active,
    }
    form = ProviderEditForm(request.POST or None, initial=initial, **_provider_choices(user, provider))
    if _read_form(form, request):
        try:
            services.provider_update(
                provider=provider, actor=user, data=form.provider_input(), active=form.cleaned_data["active"]
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Đã lưu cơ sở cung cấp dịch vụ.")
            return redirect("support:provider_list")
    context = {"section": "providers", "form": form, "provider": provider, "title": f"Sửa: {provider.name}"}
    return render(request, "support/provider_form.html", context)


@case_page(access.may_manage_providers)
@require_http_methods(["GET", "POST"])
def provider_deactivate(request: AuthedRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deactivates (past services and referrals keep naming it)."""
    user = request.user
    provider = access.get_provider_for_user(user, pk)
    error = ""
    if request.method == "POST":
        try:
            services.provider_deactivate(provider=provider, actor=user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, f"Cơ sở {provider.name} đã ngừng hoạt động.")
            return redirect("support:provider_list")
    context = {"section": "providers", "provider": provider, "error": error}
    return render(request, "support/provider_deactivate.html", context)
