"""Forms of the inspection pages: they turn what a person typed into the services' inputs.

Only normalisation happens here; every rule (three members present, the catalogue row in force, the
fine range, scope) lives in `services.py`, whose ValidationErrors the views copy back with
`add_service_errors`. Choices are limited to what the user may pick, so a form never offers what the
service would refuse. The inspection form is one column, for a phone in the field.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lanhmanh.accounts.models import Agency, User
from lanhmanh.establishments.models import Establishment
from lanhmanh.inspections import queries
from lanhmanh.inspections.checklist import ChecklistItem
from lanhmanh.inspections.models import (
    CheckResult,
    Inspection,
    InspectionKind,
    InspectionSchedule,
    InspectionTeam,
    SubjectType,
    TeamLevel,
    TeamMember,
    TeamRole,
    Violation,
    ViolationType,
)
from lanhmanh.inspections.services import (
    InspectionInput,
    MemberInput,
    ScheduleInput,
    TeamInput,
    ViolationInput,
    VisitInput,
)
from lanhmanh.outreach.forms import PeriodFilterForm
from lanhmanh.places.models import AdministrativeUnit
from lanhmanh.plans.forms import (
    EVIDENCE_ACCEPT,
    NamedErrorsForm,
    NumberField,
    UnitChoiceField,
    date_field,
    version_field,
)

MEMBER_ROWS = 8
VISIT_ROWS = 10


def _with_blank(choices: Any) -> list[tuple[str, Any]]:
    return [("", _("Tất cả")), *choices]


def _set_queryset(form: forms.Form, name: str, queryset: QuerySet[Any]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


def _money(label: Any, *, required: bool = False) -> NumberField:
    return NumberField(label=label, required=required, max_digits=13, decimal_places=0, help_text=_("Đồng."))


def _int(value: Decimal | None) -> int | None:
    return None if value is None else int(value)


class EstablishmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, Establishment)
        return f"{obj.name} — {obj.address}, {obj.commune}"


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, TeamMember)
        return f"{obj.name} ({obj.get_role_display()}, {obj.agency})"


class ViolationTypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, ViolationType)
        return f"{obj.reference}: {obj.description} ({obj.fine_min:,}–{obj.fine_max:,} đ)".replace(",", ".")


# Filters ------------------------------------------------------------------------------------------------


class InspectionFilterForm(PeriodFilterForm):
    unit = UnitChoiceField(
        label=_("Địa bàn"), queryset=AdministrativeUnit.objects.none(), required=False, empty_label=_("Tất cả")
    )
    team = forms.ModelChoiceField(
        label=_("Đội kiểm tra"), queryset=InspectionTeam.objects.none(), required=False, empty_label=_("Tất cả")
    )
    kind = forms.ChoiceField(label=_("Hình thức"), required=False, choices=_with_blank(InspectionKind.choices))
    establishment = forms.ModelChoiceField(
        label=_("Cơ sở"), queryset=Establishment.objects.none(), required=False, widget=forms.HiddenInput
    )
    with_violations = forms.BooleanField(label=_("Chỉ cuộc kiểm tra có vi phạm"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "unit", queries.units_in_scope(user))
        _set_queryset(self, "team", queries.visible_teams(user))
        _set_queryset(self, "establishment", queries.establishments_in_scope(user))


# Teams and schedules --------------------------------------------------------------------------------------


class TeamForm(NamedErrorsForm):
    name = forms.CharField(label=_("Tên đội"), max_length=200)
    level = forms.ChoiceField(label=_("Cấp"), choices=TeamLevel.choices)
    unit = UnitChoiceField(label=_("Địa bàn"), queryset=AdministrativeUnit.objects.none())
    decision_number = forms.CharField(label=_("Số quyết định thành lập"), max_length=60)
    decision_date = date_field(_("Ngày quyết định"))
    valid_from = date_field(_("Hiệu lực từ"))
    valid_to = date_field(_("Hiệu lực đến"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "unit", queries.units_in_scope(user))
        agencies = queries.agencies_for(user)
        for index in range(MEMBER_ROWS):
            self.fields[f"member_{index}_name"] = forms.CharField(label=_("Họ và tên"), max_length=120, required=False)
            self.fields[f"member_{index}_agency"] = forms.ModelChoiceField(
                label=_("Cơ quan"), queryset=agencies, required=False
            )
            self.fields[f"member_{index}_role"] = forms.ChoiceField(
                label=_("Vai trò"), choices=TeamRole.choices, initial=TeamRole.MEMBER, required=False
            )

    def member_rows(self) -> list[list[forms.BoundField]]:
        return [[self[f"member_{i}_{part}"] for part in ("name", "agency", "role")] for i in range(MEMBER_ROWS)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for index in range(MEMBER_ROWS):
            name, agency = data.get(f"member_{index}_name"), data.get(f"member_{index}_agency")
            if name and agency is None:
                self.add_error(
                    f"member_{index}_agency", gettext("Cần chọn cơ quan của thành viên %(name)s.") % {"name": name}
                )
        return data

    def to_input(self) -> TeamInput:
        data = self.cleaned_data
        members = [
            MemberInput(
                name=data[f"member_{i}_name"],
                agency=data[f"member_{i}_agency"],
                role=data[f"member_{i}_role"] or TeamRole.MEMBER,
            )
            for i in range(MEMBER_ROWS)
            if data.get(f"member_{i}_name") and data.get(f"member_{i}_agency") is not None
        ]
        return TeamInput(
            name=data["name"],
            level=data["level"],
            unit=data["unit"],
            decision_number=data["decision_number"],
            decision_date=data["decision_date"],
            valid_from=data["valid_from"],
            valid_to=data["valid_to"],
            members=members,
        )


class MemberForm(NamedErrorsForm):
    name = forms.CharField(label=_("Họ và tên"), max_length=120)
    agency = forms.ModelChoiceField(label=_("Cơ quan"), queryset=Agency.objects.none())
    role = forms.ChoiceField(label=_("Vai trò trong đội"), choices=TeamRole.choices, initial=TeamRole.MEMBER)
    user = forms.ModelChoiceField(
        label=_("Tài khoản"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Không bắt buộc: tài khoản của thành viên, thuộc cơ quan đã chọn."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "agency", queries.agencies_for(user))
        _set_queryset(self, "user", queries.accounts_for(user))

    def to_input(self) -> MemberInput:
        data = self.cleaned_data
        return MemberInput(name=data["name"], agency=data["agency"], role=data["role"], user=data["user"])


class ScheduleForm(NamedErrorsForm):
    team = forms.ModelChoiceField(label=_("Đội kiểm tra"), queryset=InspectionTeam.objects.none())
    title = forms.CharField(label=_("Tên kế hoạch"), max_length=200)
    period_start = date_field(_("Từ ngày"))
    period_end = date_field(_("Đến ngày"))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "team", queries.visible_teams(user))
        places = queries.establishments_in_scope(user)
        for index in range(VISIT_ROWS):
            self.fields[f"visit_{index}_establishment"] = EstablishmentChoiceField(
                label=_("Cơ sở"), queryset=places, required=False
            )
            self.fields[f"visit_{index}_date"] = date_field(_("Ngày dự kiến"), required=False)

    def visit_rows(self) -> list[list[forms.BoundField]]:
        return [[self[f"visit_{i}_establishment"], self[f"visit_{i}_date"]] for i in range(VISIT_ROWS)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for index in range(VISIT_ROWS):
            if data.get(f"visit_{index}_establishment") is not None and data.get(f"visit_{index}_date") is None:
                self.add_error(f"visit_{index}_date", gettext("Cần nhập ngày dự kiến kiểm tra cơ sở này."))
        return data

    def to_input(self) -> ScheduleInput:
        data = self.cleaned_data
        visits = [
            VisitInput(establishment=data[f"visit_{i}_establishment"], planned_on=data[f"visit_{i}_date"])
            for i in range(VISIT_ROWS)
            if data.get(f"visit_{i}_establishment") is not None and data.get(f"visit_{i}_date") is not None
        ]
        return ScheduleInput(
            team=data["team"],
            title=data["title"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            visits=visits,
        )


# Inspections ----------------------------------------------------------------------------------------------


class StartInspectionForm(NamedErrorsForm):
    """Step one (GET): which establishment, by which team; the checklist and members follow from them."""

    establishment = EstablishmentChoiceField(label=_("Cơ sở được kiểm tra"), queryset=Establishment.objects.none())
    team = forms.ModelChoiceField(label=_("Đội kiểm tra"), queryset=InspectionTeam.objects.none())

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "establishment", queries.establishments_in_scope(user))
        _set_queryset(self, "team", queries.visible_teams(user))


class InspectionForm(NamedErrorsForm):
    """Step two: the inspection of one establishment by one team."""

    date = date_field(_("Ngày kiểm tra"))
    kind = forms.ChoiceField(label=_("Hình thức kiểm tra"), choices=InspectionKind.choices)
    schedule = forms.ModelChoiceField(
        label=_("Kế hoạch kiểm tra"), queryset=InspectionSchedule.objects.none(), required=False
    )
    members_present = MemberChoiceField(
        label=_("Thành viên có mặt (ít nhất 3)"),
        queryset=TeamMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    minutes_number = forms.CharField(label=_("Số biên bản"), max_length=60, required=False)
    findings = forms.CharField(label=_("Kết quả kiểm tra"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    signs = forms.CharField(
        label=_("Dấu hiệu hoạt động mại dâm phát hiện được"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Không bắt buộc. Nếu ghi, cơ sở được gắn một dấu hiệu (nguồn: qua kiểm tra)."),
    )
    attachment = forms.FileField(
        label=_("Biên bản, ảnh chụp"),
        required=False,
        widget=forms.FileInput(attrs={"accept": EVIDENCE_ACCEPT}),
        help_text=_("Không bắt buộc: PDF, DOCX, XLSX, JPG hoặc PNG, tối đa 10 MB."),
    )

    def __init__(
        self,
        *args: Any,
        user: User,
        team: InspectionTeam,
        establishment: Establishment,
        items: list[ChecklistItem],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.team, self.establishment, self.items = team, establishment, items
        _set_queryset(self, "members_present", team.members.select_related("agency").order_by("role", "name"))
        _set_queryset(self, "schedule", queries.approved_schedules(user).filter(team=team))
        for item in items:
            self.fields[f"check_{item.code}"] = forms.ChoiceField(
                label=item.label, choices=CheckResult.choices, widget=forms.RadioSelect, help_text=item.guidance
            )
            self.fields[f"note_{item.code}"] = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)
        # Named after every field is in place (NamedErrorsForm names the fields it finds).
        for item in items:
            self.fields[f"check_{item.code}"].error_messages["required"] = gettext(
                "Chưa ghi kết quả cho “%(item)s”."
            ) % {"item": item.label}

    def checklist_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"check_{item.code}"], self[f"note_{item.code}"]) for item in self.items]

    @staticmethod
    def initial_for(inspection: Inspection) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "date": inspection.date,
            "kind": inspection.kind,
            "schedule": inspection.schedule_id,
            "members_present": [m.pk for m in inspection.members_present.all()],
            "minutes_number": inspection.minutes_number,
            "findings": inspection.findings,
        }
        for row in inspection.checklist.all():
            initial[f"check_{row.item_code}"] = row.result
            initial[f"note_{row.item_code}"] = row.note
        return initial

    def to_input(self) -> InspectionInput:
        data = self.cleaned_data
        return InspectionInput(
            team=self.team,
            establishment=self.establishment,
            date=data["date"],
            kind=data["kind"],
            schedule=data["schedule"],
            members_present=list(data["members_present"]),
            checklist={
                item.code: (data[f"check_{item.code}"], data.get(f"note_{item.code}") or "") for item in self.items
            },
            findings=data["findings"],
            minutes_number=data["minutes_number"],
            signs=data["signs"],
        )

    def add_service_errors(self, error: Any) -> None:
        # The service names the members rule "members_present" and checklist problems "checklist".
        if hasattr(error, "error_dict") and "checklist" in error.message_dict:
            self.add_error(None, error.message_dict["checklist"])
            error = type(error)({k: v for k, v in error.message_dict.items() if k != "checklist"})
            if not error.message_dict:
                return
        super().add_service_errors(error)


# Violations -----------------------------------------------------------------------------------------------


class ViolationForm(NamedErrorsForm):
    """Recording a violation (and, with `follow_up`, its sanction's follow-up).

    Only catalogue rows in force on the day of the act and for the subject type are offered; the
    page reloads the list (htmx) when either changes.
    """

    committed_on = date_field(_("Ngày thực hiện hành vi"))
    subject_type = forms.ChoiceField(label=_("Đối tượng vi phạm"), choices=SubjectType.choices)
    violation_type = ViolationTypeChoiceField(label=_("Hành vi vi phạm"), queryset=ViolationType.objects.none())
    offender = forms.CharField(label=_("Cá nhân, tổ chức vi phạm"), max_length=200)
    warning = forms.BooleanField(label=_("Phạt cảnh cáo"), required=False)
    fine_amount = _money(_("Số tiền phạt"))
    decision_number = forms.CharField(label=_("Số quyết định xử phạt"), max_length=60, required=False)
    decision_date = date_field(_("Ngày quyết định xử phạt"), required=False)
    license_suspension_months = forms.IntegerField(
        label=_("Tước giấy phép, đình chỉ hoạt động (tháng)"), required=False, min_value=1, max_value=24
    )
    remedy = forms.CharField(
        label=_("Biện pháp khắc phục hậu quả"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    fine_due_on = date_field(_("Hạn nộp phạt"), required=False)
    remedy_due_on = date_field(_("Hạn khắc phục"), required=False)
    reinspection_due_on = date_field(_("Hạn kiểm tra lại"), required=False)
    notes = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, day: date, subject_type: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offered = ViolationType.objects.in_force_on(day)
        if subject_type in SubjectType.values:
            offered = offered.filter(subject_type=subject_type)
        _set_queryset(self, "violation_type", offered.order_by("legal_basis", "article", "clause", "code"))

    @staticmethod
    def chosen_day_and_subject(data: Any, default_day: date) -> tuple[date, str]:
        """The day and subject type the offered rows follow: what was typed, else the defaults."""
        day = default_day
        raw = str(data.get("committed_on") or "").strip()
        for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                day = datetime.strptime(raw, fmt).date()
                break
            except ValueError:
                continue
        subject = str(data.get("subject_type") or SubjectType.ORGANISATION)
        return day, subject

    @staticmethod
    def initial_for(violation: Violation) -> dict[str, Any]:
        names = [
            "committed_on",
            "subject_type",
            "offender",
            "warning",
            "fine_amount",
            "decision_number",
            "decision_date",
            "license_suspension_months",
            "remedy",
            "fine_due_on",
            "remedy_due_on",
            "reinspection_due_on",
            "notes",
            "fine_paid_on",
            "fine_collected",
            "complied_on",
            "version",
        ]
        initial = {name: getattr(violation, name) for name in names}
        initial["violation_type"] = violation.violation_type_id
        return initial

    def to_input(self) -> ViolationInput:
        data = self.cleaned_data
        return ViolationInput(
            violation_type=data["violation_type"],
            committed_on=data["committed_on"],
            subject_type=data["subject_type"],
            offender=data["offender"],
            notes=data["notes"],
            warning=data["warning"],
            fine_amount=_int(data["fine_amount"]),
            decision_number=data["decision_number"],
            decision_date=data["decision_date"],
            license_suspension_months=data["license_suspension_months"],
            remedy=data["remedy"],
            fine_due_on=data["fine_due_on"],
            remedy_due_on=data["remedy_due_on"],
            reinspection_due_on=data["reinspection_due_on"],
            fine_paid_on=data.get("fine_paid_on"),
            fine_collected=_int(data.get("fine_collected")),
            complied_on=data.get("complied_on"),
        )


class ViolationFollowUpForm(ViolationForm):
    """The sanction and its follow-up: paid (date, amount collected), complied, re-inspection due."""

    fine_paid_on = date_field(_("Ngày nộp phạt"), required=False)
    fine_collected = _money(_("Số tiền đã thu"))
    complied_on = date_field(_("Ngày đã khắc phục"), required=False)
    version = version_field()
