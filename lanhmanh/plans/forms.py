"""Forms of the plan pages: they turn what a person typed into values and back.

Only normalisation happens here (numbers written the Vietnamese way, dates dd/mm/yyyy, blank
choices meaning "none"); business rules stay in `services.py`, whose ValidationErrors the
views copy onto these forms with `add_service_errors`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lanhmanh.accounts.models import Agency
from lanhmanh.indicators.periods import REPORTING_PREFIX, Basis, Period, make_period, parse_period
from lanhmanh.places.models import AdministrativeUnit
from lanhmanh.plans.models import Plan, TaskStatus

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
EVIDENCE_ACCEPT = ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"
# Quantities and indicator values: the model fields are DecimalField(max_digits=14, decimal_places=2).
MAX_DIGITS = 14
DECIMAL_PLACES = 2


# Numbers ---------------------------------------------------------------------------------------


def _separators() -> tuple[str, str]:
    """The active language's decimal and thousands separators ("," and "." in Vietnamese)."""
    return str(get_format("DECIMAL_SEPARATOR")), str(get_format("THOUSAND_SEPARATOR"))


def format_number(value: Decimal | int | None, places: int = DECIMAL_PLACES) -> str:
    """1234.5 -> "1.234,5" in Vietnamese ("1,234.5" in English); trailing zeros dropped.

    Django's own number formatting cannot do this for Vietnamese: its `vi` locale defines no
    digit grouping, so `intcomma` and `floatformat:"g"` print 1234,5.
    """
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-places)
    text = f"{Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    decimal_sep, thousand_sep = _separators()
    return numberformat.format(
        Decimal(text), decimal_sep, grouping=3, thousand_sep=thousand_sep, force_grouping=True, use_l10n=True
    )


def parse_number(text: str) -> Decimal:
    """Read a number written as the active language writes it: "1.234,5" or "1234,5" in Vietnamese.

    A lone dot not followed by groups of three digits ("12.5", typed on a keypad that offers only
    a dot) is read as a decimal point. Raises ValueError for anything else.
    """
    decimal_sep, thousand_sep = _separators()
    raw = re.sub(r"[\s\u00a0]", "", text)
    grouped = rf"-?\d{{1,3}}(?:{re.escape(thousand_sep)}\d{{3}})+(?:{re.escape(decimal_sep)}\d+)?"
    if thousand_sep in raw and re.fullmatch(grouped, raw):
        raw = raw.replace(thousand_sep, "")
    if decimal_sep != "." and decimal_sep in raw:
        if "." in raw:
            raise ValueError(text)
        raw = raw.replace(decimal_sep, ".")
    if not re.fullmatch(r"-?\d+(?:\.\d+)?", raw):
        raise ValueError(text)
    try:
        return Decimal(raw)
    except InvalidOperation:
        raise ValueError(text) from None


class NumberField(forms.Field):
    """A decimal number read and shown with the active language's separators.

    Not a DecimalField: that one reads "1.234,5" only when the locale groups digits, which `vi` does not.
    """

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def __init__(self, *, max_digits: int = MAX_DIGITS, decimal_places: int = DECIMAL_PLACES, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # Its messages are replaced by the field's own (same codes) in Field.run_validators.
        self.validators.append(validators.DecimalValidator(max_digits, decimal_places))

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return parse_number(str(value))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
            return format_number(value)
        return value


def date_field(label: StrOrPromise, *, required: bool = True, initial: date | None = None) -> forms.DateField:
    # type="date" gives phones their date picker and submits ISO dates; the other formats accept
    # dd/mm/yyyy typed into browsers without a picker.
    return forms.DateField(
        label=label,
        required=required,
        initial=initial,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


# Error messages that name the field --------------------------------------------------------------


class NamedErrorsForm(forms.Form):
    """Replaces Django's generic messages ("This field is required.") with ones naming the field.

    Done per instance, not at import, so that the messages come out in the request's language.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            name = {"field": field.label}
            messages = field.error_messages
            messages["required"] = gettext("Cần nhập “%(field)s”.") % name
            messages["invalid_choice"] = gettext("“%(field)s”: lựa chọn không hợp lệ.") % name
            if isinstance(field, forms.DateField):
                messages["invalid"] = gettext("“%(field)s” phải là một ngày dạng dd/mm/yyyy.") % name
            elif isinstance(field, NumberField):
                messages["invalid"] = gettext("“%(field)s” phải là một số, ví dụ 1.234,5.") % name
                messages["max_digits"] = gettext("“%(field)s” quá lớn.") % name
                messages["max_whole_digits"] = gettext("“%(field)s” quá lớn.") % name
                messages["max_decimal_places"] = gettext("“%(field)s” chỉ được có tối đa 2 chữ số thập phân.") % name
            elif isinstance(field, forms.FileField):
                messages["invalid"] = gettext("“%(field)s”: không đọc được tệp tải lên.") % name
                messages["empty"] = gettext("“%(field)s”: tệp tải lên rỗng.") % name
                messages["missing"] = gettext("“%(field)s”: không nhận được tệp.") % name
            elif isinstance(field, forms.ModelMultipleChoiceField):
                messages["invalid_pk_value"] = gettext("“%(field)s”: lựa chọn không hợp lệ.") % name
                messages["invalid_list"] = gettext("“%(field)s”: lựa chọn không hợp lệ.") % name
            if isinstance(field, forms.CharField) and field.max_length is not None:
                messages["max_length"] = gettext("“%(field)s” dài quá %(max)d ký tự.") % {
                    "field": field.label,
                    "max": field.max_length,
                }

    def add_service_errors(self, error: ValidationError) -> None:
        """Put a service's ValidationError on the form: under the field it names, or on top."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for field, messages in error.message_dict.items():
            self.add_error(field if field in self.fields else None, messages)


def version_field() -> forms.IntegerField:
    # The version the form was built from; the service refuses the save if the record moved on.
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1)


# Write forms -------------------------------------------------------------------------------------


class TaskUpdateForm(NamedErrorsForm):
    date = date_field(_("Ngày cập nhật"))
    text = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 4}))
    quantity = NumberField(
        label=_("Số lượng"),
        required=False,
        max_digits=MAX_DIGITS,
        decimal_places=DECIMAL_PLACES,
        help_text=_("Không bắt buộc: số cuộc, số người, số cơ sở... đã thực hiện."),
    )
    evidence = forms.FileField(
        label=_("Tệp minh chứng"),
        required=False,
        widget=forms.FileInput(attrs={"accept": EVIDENCE_ACCEPT}),
        help_text=_("Không bắt buộc: PDF, DOCX, XLSX, JPG hoặc PNG, tối đa 10 MB."),
    )
    new_status = forms.ChoiceField(label=_("Trạng thái mới"), required=False)
    version = version_field()

    def __init__(self, *args: Any, current_status: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = TaskStatus(current_status).label
        keep = gettext("Giữ nguyên (%(status)s)") % {"status": current}
        new_status = self.fields["new_status"]
        assert isinstance(new_status, forms.ChoiceField)
        new_status.choices = [("", keep), *TaskStatus.choices]

    def clean_new_status(self) -> str | None:
        return self.cleaned_data["new_status"] or None


def agencies_for_plan(plan: Plan) -> QuerySet[Agency]:
    """Agencies of the plan's area that existed at some time during the plan."""
    return (
        Agency.objects.filter(unit__path__prefix=plan.unit.path)
        .exclude(valid_from__gt=plan.period_end)
        .exclude(valid_to__lt=plan.period_start)
        .order_by("level", "name")
    )


class TaskAssignForm(NamedErrorsForm):
    lead_agency = forms.ModelChoiceField(
        label=_("Cơ quan chủ trì"), queryset=Agency.objects.none(), required=False, empty_label=_("— Chưa giao —")
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Cơ quan phối hợp"),
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    deadline = date_field(_("Thời hạn"), required=False)
    version = version_field()

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = agencies_for_plan(plan)
        lead = self.fields["lead_agency"]
        partners = self.fields["partners"]
        assert isinstance(lead, forms.ModelChoiceField) and isinstance(partners, forms.ModelMultipleChoiceField)
        lead.queryset = agencies
        partners.queryset = agencies


class MeasureForm(NamedErrorsForm):
    baseline = NumberField(
        label=_("Giá trị ban đầu"), required=False, max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES
    )
    target_value = NumberField(
        label=_("Giá trị mục tiêu"), required=False, max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES
    )
    version = version_field()


def units_for_entry(scope: AdministrativeUnit, plan: Plan) -> QuerySet[AdministrativeUnit]:
    """Units a value may be recorded for: inside both the user's scope and the plan's area,
    and in existence during the plan."""
    return (
        AdministrativeUnit.objects.subtree(scope)
        .subtree(plan.unit)
        .exclude(valid_from__gt=plan.period_end)
        .exclude(valid_to__lt=plan.period_start)
        .order_by("path")
    )


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        # Indent by depth so that communes read as part of their district in a plain <select>.
        assert isinstance(obj, AdministrativeUnit)
        return "\u00a0\u00a0" * max(obj.depth - 1, 0) + str(obj)


class ManualValueForm(NamedErrorsForm):
    value = NumberField(label=_("Giá trị"), max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES)
    period_start = date_field(_("Từ ngày"))
    period_end = date_field(_("Đến ngày"))
    unit = UnitChoiceField(label=_("Địa bàn"), queryset=AdministrativeUnit.objects.none(), empty_label=None)
    unit_of_measure = forms.CharField(label=_("Đơn vị tính"), max_length=40)
    source_note = forms.CharField(
        label=_("Nguồn số liệu"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Văn bản, báo cáo hoặc cơ quan cung cấp số liệu."),
    )

    def __init__(self, *args: Any, units: QuerySet[AdministrativeUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = units


# Filter forms (GET) ------------------------------------------------------------------------------


def _with_blank(choices: Iterable[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", _("Tất cả")), *choices]


class TaskFilterForm(NamedErrorsForm):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=200)
    agency = forms.ModelChoiceField(
        label=_("Cơ quan chủ trì"), queryset=Agency.objects.none(), required=False, empty_label=_("Tất cả")
    )
    status = forms.ChoiceField(label=_("Trạng thái"), required=False, choices=_with_blank(TaskStatus.choices))
    unit = UnitChoiceField(
        label=_("Địa bàn"), queryset=AdministrativeUnit.objects.none(), required=False, empty_label=_("Tất cả")
    )
    above = forms.BooleanField(label=_("Gồm cả nhiệm vụ của cấp trên"), required=False)
    overdue = forms.BooleanField(label=_("Chỉ nhiệm vụ quá hạn"), required=False)

    def __init__(self, *args: Any, plan: Plan, units: QuerySet[AdministrativeUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency = self.fields["agency"]
        unit = self.fields["unit"]
        assert isinstance(agency, forms.ModelChoiceField) and isinstance(unit, forms.ModelChoiceField)
        agency.queryset = agencies_for_plan(plan)
        unit.queryset = units

    def clean_q(self) -> str:
        # Collapse runs of spaces so that a pasted phrase still matches the stored text.
        return " ".join(self.cleaned_data["q"].split())


# The dashboard's period choice: a period key ("2019-Q2") and a basis (calendar / decree 09/2019).


def period_choices(plan: Plan) -> list[tuple[str, str]]:
    """Year, halves, nine months and quarters of every year the plan covers, as calendar keys."""
    choices: list[tuple[str, str]] = []
    for year in range(plan.period_start.year, plan.period_end.year + 1):
        periods = [make_period("year", year, basis=Basis.CALENDAR)]
        periods += [make_period("half", year, n, basis=Basis.CALENDAR) for n in (1, 2)]
        periods.append(make_period("nine_months", year, basis=Basis.CALENDAR))
        periods += [make_period("quarter", year, n, basis=Basis.CALENDAR) for n in (1, 2, 3, 4)]
        choices += [(p.key, p.label) for p in periods]
    return choices


def default_period(plan: Plan, today: date) -> Period:
    """The plan's year on the calendar basis (this year while a several-year plan runs)."""
    year = min(max(today.year, plan.period_start.year), plan.period_end.year)
    return make_period("year", year, basis=Basis.CALENDAR)


def _key_body(key: str) -> str:
    return key.removeprefix(REPORTING_PREFIX)


class DashboardFilterForm(forms.Form):
    """What the dashboard shows: plan, period and basis (the unit travels as a hidden field)."""

    plan = forms.IntegerField(widget=forms.HiddenInput, required=False)
    unit = forms.IntegerField(widget=forms.HiddenInput, required=False)
    period = forms.CharField(label=_("Kỳ"), required=False, widget=forms.Select)
    basis = forms.ChoiceField(label=_("Cách tính kỳ"), choices=Basis.choices, required=False)

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = period_choices(plan)
        period_key = str(self.initial.get("period") or "")
        if period_key and period_key not in dict(choices):
            # A period reached by link (a month, another year) stays selectable.
            choices.append((period_key, parse_period(period_key).label))
        period = self.fields["period"]
        assert isinstance(period.widget, forms.Select)
        period.widget.choices = choices

    @classmethod
    def chosen_period(cls, data: dict[str, str], plan: Plan, today: date) -> tuple[Period, str | None]:
        """The period asked for in the query string, or the default with the reason it was refused.

        `?period=r:2019-Q1` and `?period=2019-Q1&basis=reporting` mean the same; an explicit basis wins.
        """
        key = (data.get("period") or "").strip()
        basis = data.get("basis") or ""
        if not key:
            if not basis:
                return default_period(plan, today), None
            key = default_period(plan, today).key
        if basis in Basis.values:
            key = (REPORTING_PREFIX if basis == Basis.REPORTING else "") + _key_body(key)
        try:
            return parse_period(key), None
        except ValueError as error:
            return default_period(plan, today), str(error)

    @classmethod
    def for_display(cls, *, plan: Plan, unit: AdministrativeUnit, period: Period) -> DashboardFilterForm:
        return cls(
            initial={"plan": plan.pk, "unit": unit.pk, "period": _key_body(period.key), "basis": period.basis.value},
            plan=plan,
        )
