"""Forms of the case pages: normalisation only; the rules live in services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lanhmanh.accounts.models import Agency, User
from lanhmanh.places.models import AdministrativeUnit
from lanhmanh.plans.forms import NamedErrorsForm, UnitChoiceField, date_field, version_field
from lanhmanh.support.models import (
    AgeGroup,
    CaseKind,
    CaseStatus,
    ConsentMethod,
    ConsentPurpose,
    ContactChannel,
    Identity,
    NeedArea,
    NeedStatus,
    ProviderKind,
    ServiceKind,
    ServiceProvider,
    Sex,
)
from lanhmanh.support.services import CaseInput, ProviderInput

NO_IDENTITY_HELP = _("Không ghi họ tên, địa chỉ hay chi tiết giúp nhận ra người được hỗ trợ.")


class CaseForm(NamedErrorsForm):
    kind = forms.ChoiceField(label=_("Đối tượng"), choices=CaseKind.choices)
    sex = forms.ChoiceField(label=_("Giới tính"), choices=Sex.choices)
    age_group = forms.ChoiceField(label=_("Nhóm tuổi"), choices=AgeGroup.choices)
    commune = UnitChoiceField(label=_("Xã nơi cư trú"), queryset=AdministrativeUnit.objects.none(), empty_label=None)
    contact_channel = forms.ChoiceField(label=_("Hình thức tiếp cận"), choices=ContactChannel.choices)
    opened_on = date_field(_("Ngày tiếp nhận"))
    full_name = forms.CharField(label=_("Họ và tên"), required=False, max_length=150)
    birth_date = date_field(_("Ngày sinh"), required=False)
    id_number = forms.CharField(label=_("Số giấy tờ tùy thân"), required=False, max_length=20)
    phone = forms.CharField(label=_("Điện thoại"), required=False, max_length=20)
    address = forms.CharField(label=_("Địa chỉ"), required=False, max_length=300)
    notes = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    photo = forms.FileField(
        label=_("Ảnh"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png"}),
        help_text=_("Không bắt buộc: JPEG hoặc PNG, tối đa 2 MB; được mã hóa, không lưu thành tệp."),
    )

    def __init__(self, *args: Any, communes: QuerySet[AdministrativeUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        commune = self.fields["commune"]
        assert isinstance(commune, forms.ModelChoiceField)
        commune.queryset = communes

    def case_input(self) -> CaseInput:
        d = self.cleaned_data
        return CaseInput(
            kind=d["kind"],
            sex=d["sex"],
            age_group=d["age_group"],
            commune=d["commune"],
            contact_channel=d["contact_channel"],
            opened_on=d["opened_on"],
        )

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

    def photo_bytes(self) -> bytes | None:
        upload = self.cleaned_data.get("photo")
        return upload.read() if upload else None


class RegisterForm(CaseForm):
    confirm_duplicate = forms.BooleanField(
        label=_("Tôi đã kiểm tra, vẫn tạo hồ sơ mới"), required=False, widget=forms.HiddenInput
    )


class CaseEditForm(CaseForm):
    version = version_field()
    remove_photo = forms.BooleanField(label=_("Xóa ảnh hiện có"), required=False)


class SearchForm(NamedErrorsForm):
    """Sent by POST only: names and ID numbers never travel in a URL."""

    full_name = forms.CharField(label=_("Họ và tên"), required=False, max_length=150)
    birth_year = forms.IntegerField(label=_("Năm sinh"), required=False, min_value=1900, max_value=2100)
    id_number = forms.CharField(label=_("Số giấy tờ tùy thân"), required=False, max_length=20)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("id_number") and not (data.get("full_name") and data.get("birth_year")):
            raise forms.ValidationError(_("Nhập “Số giấy tờ tùy thân”, hoặc “Họ và tên” cùng “Năm sinh”."))
        return data


class ListFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Tình trạng"), choices=[("", _("Tất cả")), *CaseStatus.choices], required=False)
    kind = forms.ChoiceField(label=_("Đối tượng"), choices=[("", _("Tất cả")), *CaseKind.choices], required=False)


class AssignForm(NamedErrorsForm):
    worker = forms.ModelChoiceField(
        label=_("Cán bộ phụ trách"), queryset=User.objects.none(), required=False, empty_label=_("(chưa phân công)")
    )

    def __init__(self, *args: Any, workers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        worker = self.fields["worker"]
        assert isinstance(worker, forms.ModelChoiceField)
        worker.queryset = workers


class StatusForm(NamedErrorsForm):
    status = forms.ChoiceField(label=_("Tình trạng mới"), choices=CaseStatus.choices)
    reason = forms.CharField(label=_("Lý do"), max_length=300, help_text=NO_IDENTITY_HELP)


class ConsentForm(NamedErrorsForm):
    purpose = forms.ChoiceField(label=_("Mục đích"), choices=ConsentPurpose.choices)
    agency = forms.ModelChoiceField(label=_("Cơ quan được chia sẻ"), queryset=Agency.objects.none(), required=False)
    granted = forms.TypedChoiceField(
        label=_("Trả lời"),
        choices=[("1", _("Đồng ý")), ("0", _("Không đồng ý"))],
        coerce=lambda v: v == "1",
    )
    given_on = date_field(_("Ngày ghi nhận"))
    method = forms.ChoiceField(label=_("Cách thức"), choices=ConsentMethod.choices)

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ModelChoiceField)
        agency.queryset = agencies


class WithdrawForm(NamedErrorsForm):
    withdrawn_on = date_field(_("Ngày rút lại"))
    withdrawal_note = forms.CharField(label=_("Ghi chú"), required=False, max_length=300, help_text=NO_IDENTITY_HELP)


class OverrideForm(ConsentForm):
    reason = forms.CharField(
        label=_("Lý do bỏ qua sự đồng ý"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("granted", "given_on", "method"):
            del self.fields[name]
        purpose = self.fields["purpose"]
        assert isinstance(purpose, forms.ChoiceField)
        purpose.choices = [(p.value, p.label) for p in (ConsentPurpose.SHARE_AGENCY,)]


class NeedForm(NamedErrorsForm):
    area = forms.ChoiceField(label=_("Lĩnh vực"), choices=NeedArea.choices)
    goal = forms.CharField(label=_("Mục tiêu"), max_length=300, help_text=NO_IDENTITY_HELP)
    target_date = date_field(_("Thời hạn"), required=False)


class NeedStatusForm(NamedErrorsForm):
    status = forms.ChoiceField(label=_("Tình trạng"), choices=NeedStatus.choices)


class ServiceForm(NamedErrorsForm):
    kind = forms.ChoiceField(label=_("Loại dịch vụ"), choices=ServiceKind.choices)
    date = date_field(_("Ngày"))
    provider = forms.ModelChoiceField(
        label=_("Cơ sở cung cấp"), queryset=ServiceProvider.objects.none(), required=False
    )
    outcome = forms.CharField(
        label=_("Kết quả"), required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text=_("Được mã hóa.")
    )

    def __init__(self, *args: Any, providers: QuerySet[ServiceProvider], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        provider = self.fields["provider"]
        assert isinstance(provider, forms.ModelChoiceField)
        provider.queryset = providers


class ReferralForm(NamedErrorsForm):
    provider = forms.ModelChoiceField(label=_("Chuyển đến"), queryset=ServiceProvider.objects.none())
    need_area = forms.ChoiceField(label=_("Nhu cầu"), choices=NeedArea.choices)
    referred_on = date_field(_("Ngày chuyển gửi"))
    reason = forms.CharField(
        label=_("Nội dung chuyển gửi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Được mã hóa; bên nhận chỉ đọc được khi người được hỗ trợ đồng ý chia sẻ với cơ quan đó."),
    )
    override_reason = forms.CharField(
        label=_("Lý do bỏ qua sự đồng ý"),
        required=False,
        max_length=500,
        help_text=_("Chỉ khi chưa có sự đồng ý chuyển gửi và bạn có quyền bỏ qua; được ghi nhật ký."),
    )

    def __init__(self, *args: Any, providers: QuerySet[ServiceProvider], may_override: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        provider = self.fields["provider"]
        assert isinstance(provider, forms.ModelChoiceField)
        provider.queryset = providers
        if not may_override:
            del self.fields["override_reason"]


class ReferralActionForm(NamedErrorsForm):
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=300, help_text=NO_IDENTITY_HELP)


class FollowUpForm(NamedErrorsForm):
    date = date_field(_("Ngày theo dõi"))
    notes = forms.CharField(
        label=_("Nội dung theo dõi"), widget=forms.Textarea(attrs={"rows": 4}), help_text=_("Được mã hóa.")
    )


class ExportForm(NamedErrorsForm):
    reason = forms.CharField(
        label=_("Lý do xuất dữ liệu"),
        max_length=300,
        help_text=_("Bắt buộc; được ghi vào nhật ký truy cập cùng với từng hồ sơ được xuất."),
    )


class ProviderForm(NamedErrorsForm):
    name = forms.CharField(label=_("Tên cơ sở"), max_length=200)
    kind = forms.ChoiceField(label=_("Loại cơ sở"), choices=ProviderKind.choices)
    unit = UnitChoiceField(label=_("Địa bàn"), queryset=AdministrativeUnit.objects.none())
    agency = forms.ModelChoiceField(
        label=_("Cơ quan quản lý tài khoản"),
        queryset=Agency.objects.none(),
        required=False,
        help_text=_("Không bắt buộc: người dùng của cơ quan này là bên nhận các chuyển gửi đến cơ sở."),
    )

    def __init__(
        self, *args: Any, units: QuerySet[AdministrativeUnit], agencies: QuerySet[Agency], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = units
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ModelChoiceField)
        agency.queryset = agencies

    def provider_input(self) -> ProviderInput:
        d = self.cleaned_data
        return ProviderInput(name=d["name"], kind=d["kind"], unit=d["unit"], agency=d["agency"])


class ProviderEditForm(ProviderForm):
    active = forms.BooleanField(label=_("Đang hoạt động"), required=False)
