"""Forms of the peer-group pages: they turn what a person typed into the services' inputs.

Only normalisation happens here; every rule (scope, dates, no names for peers) lives in
`services.py`, whose ValidationErrors the views copy back with `add_service_errors`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lanhmanh.accounts.models import Agency, User
from lanhmanh.outreach.forms import PeriodFilterForm, TaskChoiceField
from lanhmanh.peergroups import queries
from lanhmanh.peergroups.models import ActivityKind, GroupKind, GroupStatus, MemberRole
from lanhmanh.peergroups.services import ActivityInput, GroupInput, MemberInput
from lanhmanh.places.models import AdministrativeUnit
from lanhmanh.plans.forms import NamedErrorsForm, UnitChoiceField, date_field
from lanhmanh.plans.models import Task

FIRST_YEAR = 2016  # the national programme 2016-2020


def _with_blank(choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", _("Tất cả")), *choices]


def _set_queryset(form: forms.Form, name: str, queryset: QuerySet[Any]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


def _years() -> tuple[int, int]:
    return FIRST_YEAR, timezone.localdate().year


class GroupFilterForm(PeriodFilterForm):
    unit = UnitChoiceField(
        label=_("Địa bàn"), queryset=AdministrativeUnit.objects.none(), required=False, empty_label=_("Tất cả")
    )
    kind = forms.ChoiceField(label=_("Loại"), required=False, choices=_with_blank(GroupKind.choices))
    status = forms.ChoiceField(label=_("Tình trạng"), required=False, choices=_with_blank(GroupStatus.choices))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, years=_years(), **kwargs)
        _set_queryset(self, "unit", queries.units_in_scope(user))


class ActivityFilterForm(PeriodFilterForm):
    unit = UnitChoiceField(
        label=_("Địa bàn"), queryset=AdministrativeUnit.objects.none(), required=False, empty_label=_("Tất cả")
    )
    kind = forms.ChoiceField(label=_("Hình thức"), required=False, choices=_with_blank(ActivityKind.choices))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, years=_years(), **kwargs)
        _set_queryset(self, "unit", queries.units_in_scope(user))


class CommuneField(forms.ModelChoiceField):
    """One commune, labelled with its district (two communes of a province may share a name)."""

    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, AdministrativeUnit)
        return f"{obj.name} ({obj.parent.name})" if obj.parent is not None else obj.name


class GroupForm(NamedErrorsForm):
    kind = forms.ChoiceField(label=_("Loại"), choices=GroupKind.choices)
    name = forms.CharField(label=_("Tên nhóm, đội"), max_length=200)
    commune = CommuneField(
        label=_("Xã, phường, thị trấn"), queryset=AdministrativeUnit.objects.none(), empty_label=None
    )
    founded_on = date_field(_("Ngày thành lập"), required=False)
    sponsor = forms.ModelChoiceField(
        label=_("Cơ quan bảo trợ"), queryset=Agency.objects.none(), required=False, empty_label=_("Không có")
    )
    status = forms.ChoiceField(label=_("Tình trạng"), choices=GroupStatus.choices, initial=GroupStatus.ACTIVE)
    notes = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "commune", queries.communes_in_scope(user))
        _set_queryset(self, "sponsor", queries.agencies_for(user))

    def to_input(self) -> GroupInput:
        data = self.cleaned_data
        return GroupInput(
            kind=data["kind"],
            name=data["name"],
            commune=data["commune"],
            founded_on=data["founded_on"],
            sponsor=data["sponsor"],
            status=data["status"],
            notes=data["notes"],
        )


class MemberForm(NamedErrorsForm):
    role = forms.ChoiceField(label=_("Vai trò"), choices=MemberRole.choices, initial=MemberRole.MEMBER)
    full_name = forms.CharField(
        label=_("Họ tên"),
        max_length=120,
        required=False,
        help_text=_("Chỉ ghi với tình nguyện viên của đội công tác xã hội; thành viên nhóm đồng đẳng chỉ có mã."),
    )
    joined_on = date_field(_("Ngày tham gia"), required=False)
    left_on = date_field(_("Ngày rời nhóm"), required=False)

    def __init__(self, *args: Any, peer_group: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if peer_group:
            # Never offered for a peer: the service would refuse it anyway.
            del self.fields["full_name"]

    def to_input(self) -> MemberInput:
        data = self.cleaned_data
        return MemberInput(
            role=data["role"],
            full_name=data.get("full_name") or "",
            joined_on=data["joined_on"],
            left_on=data["left_on"],
        )


class ActivityForm(NamedErrorsForm):
    date = date_field(_("Ngày"))
    kind = forms.ChoiceField(label=_("Hình thức"), choices=ActivityKind.choices)
    description = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 3}))
    people_reached = forms.IntegerField(label=_("Số người được tiếp cận"), min_value=0)
    condoms_distributed = forms.IntegerField(label=_("Số bao cao su phát"), min_value=0, required=False)
    leaflets_distributed = forms.IntegerField(label=_("Số tờ rơi phát"), min_value=0, required=False)
    task = TaskChoiceField(
        label=_("Nhiệm vụ của kế hoạch"),
        queryset=Task.objects.none(),
        required=False,
        empty_label=_("Không gắn với nhiệm vụ nào"),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "task", queries.tasks_for(user))
        for name in ("people_reached", "condoms_distributed", "leaflets_distributed"):
            field = self.fields[name]
            field.widget.attrs["inputmode"] = "numeric"
            field.error_messages["min_value"] = gettext("“%(field)s” không được âm.") % {"field": field.label}
            field.error_messages["invalid"] = gettext("“%(field)s” phải là một số nguyên.") % {"field": field.label}

    def to_input(self) -> ActivityInput:
        data = self.cleaned_data
        return ActivityInput(
            date=data["date"],
            kind=data["kind"],
            description=data["description"],
            people_reached=data["people_reached"],
            condoms_distributed=data["condoms_distributed"],
            leaflets_distributed=data["leaflets_distributed"],
            task=data["task"],
        )
