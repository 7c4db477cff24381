"""JSON API of the support area, under /api/v1/support/: cases/ (with consents, needs, services,
referrals, follow-ups and status), referrals/ (both sides, with accept/reject/done/revoke) and providers/.

The same doors as the pages (`support.access`) and the same services; identifying values are added to
an answer only here, after `may_see_identity` (or `may_see_referral_identity`), and every answer that
concerns a case writes its access-log row. Answers carry `Cache-Control: no-store`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.utils.cache import add_never_cache_headers, patch_cache_control
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from lanhmanh.accounts.models import Agency, User
from lanhmanh.core.api import (
    CONFLICT,
    FORBIDDEN,
    WRITE,
    one_page,
    refuse_unless,
    request_user,
)
from lanhmanh.core.api import READ as CORE_READ
from lanhmanh.places.models import AdministrativeUnit
from lanhmanh.support import access, services
from lanhmanh.support.access_log import log_access, log_many
from lanhmanh.support.models import IDENTITY_FIELDS, AccessAction, Case, Identity, Referral, ServiceProvider
from lanhmanh.support.serializers import (
    CaseInputSerializer,
    CasePatchSerializer,
    CaseSerializer,
    ConsentInputSerializer,
    ConsentSerializer,
    FollowUpInputSerializer,
    FollowUpSerializer,
    IdentitySerializer,
    NeedInputSerializer,
    NeedSerializer,
    ProviderInputSerializer,
    ProviderPatchSerializer,
    ProviderSerializer,
    ReferralActionSerializer,
    ReferralInputSerializer,
    ReferralSerializer,
    ServiceInputSerializer,
    ServiceSerializer,
    StatusChangeSerializer,
    StatusInputSerializer,
)

# Reading a case may also answer 403 (a case the user may list but not open).
READ = {**CORE_READ, 403: FORBIDDEN}


class NoStoreViewSet(viewsets.GenericViewSet[Any]):
    """Answers that may hold identifying data are never kept by a browser or a proxy."""

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        add_never_cache_headers(response)
        patch_cache_control(response, no_store=True, private=True)
        return response


def _unit(field: str, pk: int) -> AdministrativeUnit:
    unit = AdministrativeUnit.objects.filter(pk=pk).first()
    if unit is None:
        raise ValidationError({field: [f"Không có địa bàn mã số {pk}."]})
    return unit


def _agency(pk: int | None) -> Agency | None:
    if pk is None:
        return None
    agency = Agency.objects.filter(pk=pk).first()
    if agency is None:
        raise ValidationError({"agency": [f"Không có cơ quan mã số {pk}."]})
    return agency


def _revealed(identity: Identity) -> list[str]:
    return [name for name in IDENTITY_FIELDS if getattr(identity, name)]


def case_out(user: User, case: Case) -> tuple[dict[str, Any], list[str] | None]:
    """The case's JSON and the identity fields revealed (None when the identity was left out)."""
    data = dict(CaseSerializer(case).data)
    if not access.may_see_identity(user, case):
        return data, None
    identity = case.identity()
    data["identity"] = IdentitySerializer(identity).data
    return data, _revealed(identity)


def referral_out(user: User, referral: Referral) -> tuple[dict[str, Any], list[str]]:
    data = dict(ReferralSerializer(referral).data)
    if not access.may_see_referral_identity(user, referral):
        return data, []
    identity = referral.case.identity()
    data["identity"] = IdentitySerializer(identity).data
    data["reason"] = referral.reason_text()
    return data, [*_revealed(identity), "referral_reason"]


@extend_schema(tags=["support"])
class CaseViewSet(NoStoreViewSet):
    """Cases: pseudonymous for everyone who may open them; `identity` only for those who may see it."""

    lookup_value_converter = "int"

    def _case(self, request: Request, pk: int, *, write: bool = False) -> Case:
        try:
            return access.get_case_for_user(request_user(request), pk, write=write)
        except DjangoPermissionDenied:
            raise PermissionDenied from None

    @extend_schema(summary="Danh sách hồ sơ hỗ trợ", responses={200: CaseSerializer(many=True), **READ})
    def list(self, request: Request) -> Response:
        user = request_user(request)
        refuse_unless(access.may_open_cases(user))
        cases = Case.objects.visible_to(user).select_related("commune", "assigned_worker")
        page = self.paginate_queryset(cases)
        assert page is not None
        rows, revealed = [], []
        for case in page:
            data, fields = case_out(user, case)
            rows.append(data)
            if fields is not None:
                revealed.append(case)
        log_many(user, revealed, AccessAction.VIEW, list(IDENTITY_FIELDS), note="API: danh sách")
        return self.get_paginated_response(rows)

    @extend_schema(summary="Một hồ sơ hỗ trợ", responses={200: CaseSerializer, **READ})
    def retrieve(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        case = self._case(request, pk)
        data, fields = case_out(user, case)
        log_access(user, case, AccessAction.VIEW, fields or [], note="API")
        return Response(data)

    @extend_schema(
        summary="Tiếp nhận một người",
        description="Cán bộ hỗ trợ, tuyên truyền viên đồng đẳng. Khi có thể trùng hồ sơ: 400 với `duplicate` "
        "(không nêu hồ sơ kia); gửi lại với `confirm_duplicate: true` để vẫn tạo.",
        request=CaseInputSerializer,
        responses={201: CaseSerializer, **WRITE},
    )
    def create(self, request: Request) -> Response:
        user = request_user(request)
        refuse_unless(access.may_register(user))
        data = CaseInputSerializer.parse(request.data)
        commune = _unit("commune", data["commune"])
        case = services.case_register(
            actor=user,
            data=services.CaseInput(
                kind=data["kind"],
                sex=data["sex"],
                age_group=data["age_group"],
                commune=commune,
                contact_channel=data["contact_channel"],
                opened_on=data["opened_on"],
            ),
            identity=Identity(**{name: data[name] for name in IDENTITY_FIELDS}),
            confirmed_duplicate=data["confirm_duplicate"],
        )
        out, _ = case_out(user, case)
        return Response(out, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Sửa hồ sơ, kể cả thông tin nhận dạng",
        description="Người làm việc trên hồ sơ (xem được thông tin nhận dạng). Gửi `version` đã đọc và chỉ "
        "những trường cần sửa; nếu `version` đã cũ: 409, không có gì được lưu. Nhật ký truy cập ghi tên các "
        "trường đã đổi, không ghi giá trị.",
        request=CasePatchSerializer,
        responses={200: CaseSerializer, **WRITE, 409: CONFLICT},
    )
    def partial_update(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        case = self._case(request, pk, write=True)
        data = CasePatchSerializer.parse(request.data)
        version = data.pop("version")
        commune = _unit("commune", data.pop("commune")) if "commune" in data else None
        for name in ("full_name", "id_number", "phone", "address", "notes"):
            if name in data and data[name] is None:
                data[name] = ""
        try:
            services.case_patch(case=case, actor=user, expected_version=version, changes=data, commune=commune)
        except DjangoPermissionDenied:
            raise PermissionDenied from None
        # The answer shows the identity to its editor; the change's access-log row (update) covers it.
        return Response(case_out(user, case)[0])

    @extend_schema(summary="Sự đồng ý của một hồ sơ", responses={200: ConsentSerializer(many=True), **READ})
    @action(detail=True, methods=["get"], url_path="consents")
    def consents(self, request: Request, pk: int) -> Response:
        case = self._case(request, pk)
        log_access(request_user(request), case, AccessAction.VIEW, note="API: sự đồng ý")
        return self.get_paginated_response(ConsentSerializer(one_page(self, case.consents.all()), many=True).data)

    @extend_schema(
        summary="Ghi nhận sự đồng ý", request=ConsentInputSerializer, responses={201: ConsentSerializer, **WRITE}
    )
    @consents.mapping.post
    def add_consent(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        case = self._case(request, pk, write=True)
        d = ConsentInputSerializer.parse(request.data)
        consent = services.consent_record(case=case, actor=user, **d)
        return Response(ConsentSerializer(consent).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Nhu cầu, mục tiêu hỗ trợ", responses={200: NeedSerializer(many=True), **READ})
    @action(detail=True, methods=["get"], url_path="needs")
    def needs(self, request: Request, pk: int) -> Response:
        case = self._case(request, pk)
        log_access(request_user(request), case, AccessAction.VIEW, note="API: nhu cầu")
        return self.get_paginated_response(NeedSerializer(one_page(self, case.needs.all()), many=True).data)

    @extend_schema(summary="Thêm nhu cầu", request=NeedInputSerializer, responses={201: NeedSerializer, **WRITE})
    @needs.mapping.post
    def add_need(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        case = self._case(request, pk, write=True)
        need = services.need_add(case=case, actor=user, **NeedInputSerializer.parse(request.data))
        return Response(NeedSerializer(need).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Dịch vụ đã cung cấp", responses={200: ServiceSerializer(many=True), **READ})
    @action(detail=True, methods=["get"], url_path="services")
    def services(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        case = self._case(request, pk)
        shown = access.may_see_identity(user, case)
        rows = []
        for item in one_page(self, case.services.all()):
            data = dict(ServiceSerializer(item).data)
            if shown:
                data["outcome"] = item.outcome_text()
            rows.append(data)
        log_access(user, case, AccessAction.VIEW, ["outcome"] if shown else [], note="API: dịch vụ")
        return self.get_paginated_response(rows)

    @extend_schema(
        summary="Ghi nhận dịch vụ", request=ServiceInputSerializer, responses={201: ServiceSerializer, **WRITE}
    )
    @services.mapping.post
    def add_service(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        case = self._case(request, pk, write=True)
        item = services.service_record(case=case, actor=user, **ServiceInputSerializer.parse(request.data))
        return Response(ServiceSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Theo dõi, thăm hỏi", responses={200: FollowUpSerializer(many=True), **READ})
    @action(detail=True, methods=["get"], url_path="follow-ups")
    def follow_ups(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        case = self._case(request, pk)
        shown = access.may_see_identity(user, case)
        rows = []
        for item in one_page(self, case.follow_ups.select_related("by")):
            data = dict(FollowUpSerializer(item).data)
            if shown:
                data["notes"] = item.notes_text()
            rows.append(data)
        log_access(user, case, AccessAction.VIEW, ["follow_up_notes"] if shown else [], note="API: theo dõi")
        return self.get_paginated_response(rows)

    @extend_schema(
        summary="Ghi nhận theo dõi", request=FollowUpInputSerializer, responses={201: FollowUpSerializer, **WRITE}
    )
    @follow_ups.mapping.post
    def add_follow_up(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        case = self._case(request, pk, write=True)
        item = services.follow_up_add(case=case, actor=user, **FollowUpInputSerializer.parse(request.data))
        return Response(FollowUpSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Chuyển gửi của một hồ sơ", responses={200: ReferralSerializer(many=True), **READ})
    @action(detail=True, methods=["get"], url_path="referrals")
    def referrals(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        case = self._case(request, pk)
        rows, revealed = [], set()
        referrals = case.referrals.select_related("provider", "case", "case__commune").prefetch_related("events__by")
        for referral in one_page(self, referrals):
            data, fields = referral_out(user, referral)
            rows.append(data)
            revealed.update(fields)
        log_access(user, case, AccessAction.VIEW, sorted(revealed), note="API: chuyển gửi")
        return self.get_paginated_response(rows)

    @extend_schema(
        summary="Chuyển gửi",
        description="Cần sự đồng ý chuyển gửi; người có quyền bỏ qua sự đồng ý ghi `override_reason`.",
        request=ReferralInputSerializer,
        responses={201: ReferralSerializer, **WRITE},
    )
    @referrals.mapping.post
    def add_referral(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        case = self._case(request, pk, write=True)
        referral = services.referral_create(case=case, actor=user, **ReferralInputSerializer.parse(request.data))
        return Response(referral_out(user, referral)[0], status=status.HTTP_201_CREATED)

    @extend_schema(summary="Lịch sử tình trạng", responses={200: StatusChangeSerializer(many=True), **READ})
    @action(detail=True, methods=["get"], url_path="status")
    def status_history(self, request: Request, pk: int) -> Response:
        case = self._case(request, pk)
        log_access(request_user(request), case, AccessAction.VIEW, note="API: tình trạng")
        changes = one_page(self, case.status_changes.select_related("changed_by"))
        return self.get_paginated_response(StatusChangeSerializer(changes, many=True).data)

    @extend_schema(
        summary="Đổi tình trạng, đóng hoặc mở lại",
        request=StatusInputSerializer,
        responses={201: StatusChangeSerializer, **WRITE},
    )
    @status_history.mapping.post
    def change_status(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        case = self._case(request, pk, write=True)
        change = services.case_change_status(case=case, actor=user, **StatusInputSerializer.parse(request.data))
        return Response(StatusChangeSerializer(change).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["support"])
class ReferralViewSet(NoStoreViewSet):
    """Referrals of the cases the user opens, and those sent to their agency."""

    lookup_value_converter = "int"

    def _referral(self, request: Request, pk: int) -> Referral:
        return access.get_referral_for_user(request_user(request), pk)

    @extend_schema(
        summary="Chuyển gửi (gửi đi và được gửi đến)", responses={200: ReferralSerializer(many=True), **READ}
    )
    def list(self, request: Request) -> Response:
        user = request_user(request)
        referrals = (
            access.referrals_visible_to(user)
            .select_related("case", "case__commune", "provider", "provider__agency")
            .prefetch_related("events__by")
        )
        page = self.paginate_queryset(referrals)
        assert page is not None
        # Lists stay pseudonymous: identities are read one referral at a time (retrieve), each logged.
        return self.get_paginated_response([ReferralSerializer(r).data for r in page])

    @extend_schema(summary="Một chuyển gửi", responses={200: ReferralSerializer, **READ})
    def retrieve(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        referral = self._referral(request, pk)
        data, fields = referral_out(user, referral)
        log_access(user, referral.case, AccessAction.VIEW, fields, note=f"API: chuyển gửi {referral.pk}")
        return Response(data)

    def _act(self, request: Request, pk: int, name: str) -> Response:
        user = request_user(request)
        referral = self._referral(request, pk)
        if not (access.is_receiving_side(user, referral) or access.is_referring_side(user, referral)):
            raise PermissionDenied
        note = ReferralActionSerializer.parse(request.data)["note"]
        try:
            services.referral_transition(referral=referral, actor=user, action=name, note=note)
        except DjangoPermissionDenied:
            raise PermissionDenied from None
        return Response(referral_out(user, self._referral(request, pk))[0])

    @extend_schema(
        summary="Bên nhận: tiếp nhận", request=ReferralActionSerializer, responses={200: ReferralSerializer, **WRITE}
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: int) -> Response:
        return self._act(request, pk, "accept")

    @extend_schema(
        summary="Bên nhận: từ chối (cần ghi chú)",
        request=ReferralActionSerializer,
        responses={200: ReferralSerializer, **WRITE},
    )
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: int) -> Response:
        return self._act(request, pk, "reject")

    @extend_schema(
        summary="Bên nhận: đã hoàn thành",
        request=ReferralActionSerializer,
        responses={200: ReferralSerializer, **WRITE},
    )
    @action(detail=True, methods=["post"])
    def done(self, request: Request, pk: int) -> Response:
        return self._act(request, pk, "done")

    @extend_schema(
        summary="Bên gửi: thu hồi khi còn chờ",
        request=ReferralActionSerializer,
        responses={200: ReferralSerializer, **WRITE},
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: int) -> Response:
        return self._act(request, pk, "revoke")


@extend_schema(tags=["support"])
class ProviderViewSet(viewsets.ReadOnlyModelViewSet[ServiceProvider]):
    """Service providers (reference data, nothing personal): everybody reads them; coordinators create
    and change those of their scope."""

    serializer_class = ProviderSerializer
    queryset = ServiceProvider.objects.select_related("unit").order_by("name")
    lookup_value_converter = "int"

    @extend_schema(
        summary="Thêm cơ sở cung cấp dịch vụ",
        description="Cán bộ điều phối, với địa bàn trong phạm vi của mình.",
        request=ProviderInputSerializer,
        responses={201: ProviderSerializer, **WRITE},
    )
    def create(self, request: Request) -> Response:
        user = request_user(request)
        refuse_unless(access.may_manage_providers(user))
        data = ProviderInputSerializer.parse(request.data)
        provider = services.provider_create(
            actor=user,
            data=services.ProviderInput(
                name=data["name"], kind=data["kind"], unit=_unit("unit", data["unit"]), agency=_agency(data["agency"])
            ),
        )
        return Response(ProviderSerializer(provider).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Sửa, ngừng hoặc mở lại một cơ sở cung cấp dịch vụ",
        description="Cán bộ điều phối, cơ sở có địa bàn trong phạm vi. Chỉ gửi các trường cần sửa; "
        "`active: false` để ngừng hoạt động (không chọn được cho dịch vụ, chuyển gửi mới).",
        request=ProviderPatchSerializer,
        responses={200: ProviderSerializer, **WRITE},
    )
    def partial_update(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        try:
            provider = access.get_provider_for_user(user, pk)
        except DjangoPermissionDenied:
            raise PermissionDenied from None
        data = ProviderPatchSerializer.parse(request.data)
        services.provider_update(
            provider=provider,
            actor=user,
            data=services.ProviderInput(
                name=data.get("name", provider.name),
                kind=data.get("kind", provider.kind),
                unit=_unit("unit", data["unit"]) if "unit" in data else provider.unit,
                agency=_agency(data["agency"]) if "agency" in data else provider.agency,
            ),
            active=data.get("active"),
        )
        return Response(ProviderSerializer(provider).data)
