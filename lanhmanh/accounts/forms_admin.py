"""Forms of the user administration pages. They normalize input; the rules live in
`user_services` and come back as field errors through `add_service_errors`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lanhmanh.accounts.models import Agency, Role, User
from lanhmanh.accounts.user_services import (
    FULL_NAME_MAX_LENGTH,
    USERNAME_MAX_LENGTH,
    agencies_for,
    scopes_for,
    users_visible_to,
)
from lanhmanh.places.models import AdministrativeUnit

PASSWORD_REQUIRED = {"required": _("Mật khẩu không được để trống.")}
CONFIRM_REQUIRED = {"required": _("Cần nhập lại mật khẩu để xác nhận.")}


class ScopeChoiceField(forms.ModelChoiceField):
    """Units listed in tree order, indented by depth, so a commune reads as part of its district."""

    def label_from_instance(self, obj: AdministrativeUnit) -> str:
        return "\u2003" * (obj.depth - 1) + obj.name


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        return f"{obj.name} ({obj.unit.name})"


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Attach a service's ValidationError to the form: to the named field when the form has it,
    otherwise as a form-wide error, so no rule's message is lost."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class _ProfileForm(forms.Form):
    full_name = forms.CharField(
        label=_("Họ và tên"),
        max_length=FULL_NAME_MAX_LENGTH,
        error_messages={"required": _("Họ và tên không được để trống.")},
    )
    email = forms.EmailField(
        label=_("Email"), required=False, error_messages={"invalid": _("Địa chỉ email không hợp lệ.")}
    )
    role = forms.ChoiceField(
        label=_("Vai trò"), choices=Role.choices, error_messages={"required": _("Cần chọn vai trò.")}
    )
    agency = AgencyChoiceField(
        label=_("Cơ quan"),
        queryset=Agency.objects.none(),
        required=False,
        help_text=_("Bắt buộc với vai trò điều phối và cán bộ đầu mối sở, ngành."),
    )
    scope = ScopeChoiceField(
        label=_("Phạm vi"),
        queryset=AdministrativeUnit.objects.none(),
        help_text=_("Người dùng thấy dữ liệu của đơn vị này và các đơn vị trực thuộc."),
        error_messages={"required": _("Cần chọn phạm vi (địa bàn) cho người dùng.")},
    )

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency_field = self.fields["agency"]
        scope_field = self.fields["scope"]
        assert isinstance(agency_field, AgencyChoiceField)
        assert isinstance(scope_field, ScopeChoiceField)
        agency_field.queryset = agencies_for(actor).order_by("unit__path", "name")
        scope_field.queryset = scopes_for(actor)

    def clean_full_name(self) -> str:
        # Collapse the double spaces a pasted name often carries.
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_email(self) -> str:
        # Only the domain is case-insensitive by the standard; the mailbox part is kept as typed.
        return User.objects.normalize_email(str(self.cleaned_data["email"]).strip())


class UserCreateForm(_ProfileForm):
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=USERNAME_MAX_LENGTH,
        error_messages={"required": _("Tên đăng nhập không được để trống.")},
    )
    password = forms.CharField(
        label=_("Mật khẩu"), widget=forms.PasswordInput, strip=False, error_messages=PASSWORD_REQUIRED
    )
    password_confirm = forms.CharField(
        label=_("Nhập lại mật khẩu"), widget=forms.PasswordInput, strip=False, error_messages=CONFIRM_REQUIRED
    )

    field_order = ["username", "full_name", "email", "role", "agency", "scope", "password", "password_confirm"]

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _check_passwords_match(self, data)
        return data


class UserEditForm(_ProfileForm):
    support_permissions = forms.MultipleChoiceField(
        label=_("Quyền với hồ sơ hỗ trợ"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("view_identity", _("Xem thông tin nhận dạng của hồ sơ trong phạm vi (điều phối viên giám sát)")),
            ("override_consent", _("Chuyển gửi, chia sẻ khi chưa có sự đồng ý (ghi rõ lý do)")),
            ("export_identity", _("Xuất dữ liệu có thông tin nhận dạng")),
            ("audit_access", _("Xem nhật ký truy cập hồ sơ hỗ trợ")),
        ],
        help_text=_("Không có tác dụng với vai trò quản trị hệ thống: quản trị viên không xem thông tin nhận dạng."),
    )
    supervisor = forms.ModelChoiceField(
        label=_("Cán bộ hỗ trợ phụ trách"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Chỉ với tuyên truyền viên đồng đẳng: hồ sơ họ tiếp nhận được giao cho cán bộ này."),
    )

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        supervisor = self.fields["supervisor"]
        assert isinstance(supervisor, forms.ModelChoiceField)
        supervisor.queryset = users_visible_to(actor).filter(role=Role.CASE_WORKER, is_active=True)

    @classmethod
    def initial_for(cls, user: User) -> dict[str, Any]:
        return {
            "full_name": user.first_name,
            "email": user.email,
            "role": user.role,
            "agency": user.agency_id,
            "scope": user.scope_id,
            "support_permissions": list(
                user.user_permissions.filter(content_type__app_label="support").values_list("codename", flat=True)
            ),
            "supervisor": user.supervisor_id,
        }


class UserDeactivateForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        error_messages={"required": _("Cần ghi lý do vô hiệu hóa tài khoản.")},
        help_text=_("Ví dụ: nghỉ hưu, chuyển công tác. Lý do được ghi vào nhật ký thay đổi."),
    )


class UserPasswordForm(forms.Form):
    password = forms.CharField(
        label=_("Mật khẩu mới"), widget=forms.PasswordInput, strip=False, error_messages=PASSWORD_REQUIRED
    )
    password_confirm = forms.CharField(
        label=_("Nhập lại mật khẩu mới"), widget=forms.PasswordInput, strip=False, error_messages=CONFIRM_REQUIRED
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _check_passwords_match(self, data)
        return data


def _check_passwords_match(form: forms.Form, data: dict[str, Any]) -> None:
    if data.get("password") and data.get("password_confirm") and data["password"] != data["password_confirm"]:
        form.add_error("password_confirm", _("Hai lần nhập mật khẩu không khớp."))


class ActiveFilter:
    ALL = ""
    ACTIVE = "1"
    INACTIVE = "0"
    choices = [(ALL, _("Tất cả")), (ACTIVE, _("Đang hoạt động")), (INACTIVE, _("Đã vô hiệu hóa"))]


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo tên, tên đăng nhập"), required=False, max_length=100)
    role = forms.ChoiceField(label=_("Vai trò"), choices=[("", _("Tất cả")), *Role.choices], required=False)
    agency = AgencyChoiceField(
        label=_("Cơ quan"), queryset=Agency.objects.none(), required=False, empty_label=_("Tất cả")
    )
    active = forms.ChoiceField(label=_("Trạng thái"), choices=ActiveFilter.choices, required=False)

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency_field = self.fields["agency"]
        assert isinstance(agency_field, AgencyChoiceField)
        agency_field.queryset = agencies_for(actor).order_by("unit__path", "name")

    def clean_q(self) -> str:
        return str(self.cleaned_data["q"]).strip()
