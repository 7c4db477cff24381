"""Forms of the registry's pages: what a person typed, turned into the services' inputs.

Only normalisation happens here; every rule (scope, duplicates, dates) lives in `services.py`,
whose ValidationErrors the views copy back with `add_service_errors`. Choices are limited to the
user's area.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lanhmanh.accounts.models import User
from lanhmanh.establishments import queries
from lanhmanh.establishments.models import EstablishmentStatus, EstablishmentType, FlagSource
from lanhmanh.establishments.services import CommitmentInput, EstablishmentInput, LabourRegistrationInput
from lanhmanh.places.models import AdministrativeUnit
from lanhmanh.plans.forms import NamedErrorsForm, UnitChoiceField, date_field, version_field


def _blank(choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", _("Tất cả")), *choices]


class CommuneChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, AdministrativeUnit)
        return f"{obj.name} ({obj.parent.name})" if obj.parent is not None else obj.name


class FilterForm(NamedErrorsForm):
    q = forms.CharField(
        label=_("Tên cơ sở"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Gõ có dấu hoặc không dấu")}),
    )
    kind = forms.ChoiceField(label=_("Loại hình"), required=False, choices=_blank(EstablishmentType.choices))
    unit = UnitChoiceField(
        label=_("Địa bàn"), queryset=AdministrativeUnit.objects.none(), required=False, empty_label=_("Tất cả")
    )
    status = forms.ChoiceField(label=_("Tình trạng"), required=False, choices=_blank(EstablishmentStatus.choices))
    no_commitment = forms.BooleanField(label=_("Chưa có cam kết còn hiệu lực"), required=False)
    no_registration = forms.BooleanField(label=_("Chưa đăng ký lao động"), required=False)
    signs = forms.BooleanField(label=_("Đang có dấu hiệu mại dâm"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = queries.units_in_scope(user)

    def filters(self) -> queries.Filters:
        """The filters asked for; the invalid ones are dropped (their errors are shown)."""
        if not self.is_bound:
            return queries.Filters()
        self.is_valid()
        data = self.cleaned_data
        return queries.Filters(
            q=data.get("q") or "",
            kind=data.get("kind") or "",
            unit=data.get("unit"),
            status=data.get("status") or "",
            no_commitment=bool(data.get("no_commitment")),
            no_registration=bool(data.get("no_registration")),
            signs=bool(data.get("signs")),
        )


class EstablishmentForm(NamedErrorsForm):
    name = forms.CharField(label=_("Tên cơ sở"), max_length=200)
    kind = forms.ChoiceField(label=_("Loại hình"), choices=EstablishmentType.choices)
    address = forms.CharField(label=_("Địa chỉ"), max_length=300)
    commune = CommuneChoiceField(label=_("Xã, phường"), queryset=AdministrativeUnit.objects.none(), empty_label=None)
    owner_name = forms.CharField(label=_("Chủ cơ sở"), max_length=200, required=False)
    owner_phone = forms.CharField(
        label=_("Điện thoại chủ cơ sở"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    registration_number = forms.CharField(label=_("Số đăng ký kinh doanh"), max_length=50, required=False)
    security_certificate_number = forms.CharField(
        label=_("Số giấy chứng nhận đủ điều kiện về ANTT"), max_length=50, required=False
    )
    security_certificate_date = date_field(_("Ngày cấp giấy chứng nhận ANTT"), required=False)
    security_certificate_issuer = forms.CharField(
        label=_("Cơ quan cấp giấy chứng nhận ANTT"), max_length=200, required=False
    )
    rooms = forms.IntegerField(label=_("Số phòng"), required=False, min_value=0)
    workers = forms.IntegerField(label=_("Số lao động"), required=False, min_value=0)
    opened_on = date_field(_("Ngày bắt đầu hoạt động"), required=False)
    notes = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        commune = self.fields["commune"]
        assert isinstance(commune, forms.ModelChoiceField)
        commune.queryset = queries.communes_in_scope(user)

    def to_input(self) -> EstablishmentInput:
        data = self.cleaned_data
        return EstablishmentInput(
            name=data["name"],
            kind=data["kind"],
            address=data["address"],
            commune=data["commune"],
            owner_name=data["owner_name"],
            owner_phone=data["owner_phone"],
            registration_number=data["registration_number"],
            security_certificate_number=data["security_certificate_number"],
            security_certificate_date=data["security_certificate_date"],
            security_certificate_issuer=data["security_certificate_issuer"],
            rooms=data["rooms"],
            workers=data["workers"],
            opened_on=data["opened_on"],
            notes=data["notes"],
        )


class EstablishmentEditForm(EstablishmentForm):
    version = version_field()


class StatusForm(NamedErrorsForm):
    status = forms.ChoiceField(label=_("Tình trạng mới"), choices=EstablishmentStatus.choices)
    since = date_field(_("Từ ngày"))
    note = forms.CharField(label=_("Ghi chú (số quyết định, lý do)"), max_length=300, required=False)
    version = version_field()


class CommitmentForm(NamedErrorsForm):
    signed_on = date_field(_("Ngày ký"))
    signer_name = forms.CharField(label=_("Người ký (đại diện cơ sở)"), max_length=200)
    signer_title = forms.CharField(label=_("Chức danh người ký"), max_length=200, required=False)
    committee = forms.CharField(
        label=_("Ký với UBND"),
        max_length=200,
        required=False,
        help_text=_("Để trống: UBND xã, phường nơi cơ sở hoạt động."),
    )
    valid_from = date_field(_("Hiệu lực từ ngày"))
    valid_until = date_field(_("Hiệu lực đến ngày"), required=False)

    def to_input(self) -> CommitmentInput:
        data = self.cleaned_data
        return CommitmentInput(
            signed_on=data["signed_on"],
            signer_name=data["signer_name"],
            signer_title=data["signer_title"],
            committee=data["committee"],
            valid_from=data["valid_from"],
            valid_until=data["valid_until"],
        )


class LabourRegistrationForm(NamedErrorsForm):
    registered_on = date_field(_("Ngày đăng ký"))
    number = forms.CharField(label=_("Số đăng ký"), max_length=50, required=False)
    workers_registered = forms.IntegerField(label=_("Số lao động đăng ký"), min_value=0)
    authority = forms.CharField(label=_("Cơ quan tiếp nhận"), max_length=200, required=False)

    def to_input(self) -> LabourRegistrationInput:
        data = self.cleaned_data
        return LabourRegistrationInput(
            registered_on=data["registered_on"],
            number=data["number"],
            workers_registered=data["workers_registered"],
            authority=data["authority"],
        )


class FlagForm(NamedErrorsForm):
    noted_on = date_field(_("Ngày ghi nhận"))
    source = forms.ChoiceField(label=_("Nguồn"), choices=FlagSource.choices)
    description = forms.CharField(label=_("Nội dung dấu hiệu"), widget=forms.Textarea(attrs={"rows": 3}))


class FlagClearForm(NamedErrorsForm):
    cleared_on = date_field(_("Ngày kết thúc"))
    cleared_reason = forms.CharField(label=_("Lý do kết thúc"), max_length=300)


class ImportForm(NamedErrorsForm):
    file = forms.FileField(
        label=_("Tệp danh sách (.xlsx hoặc .csv)"),
        widget=forms.FileInput(attrs={"accept": ".xlsx,.csv"}),
        help_text=_("Tệp Excel .xlsx hoặc .csv (UTF-8), tối đa 10 MB, không chứa macro."),
    )
    preview = forms.BooleanField(
        label=_("Xem trước, chưa lưu"),
        required=False,
        initial=True,
        help_text=_("Bỏ chọn để nhập ngay nếu tệp hợp lệ."),
    )
