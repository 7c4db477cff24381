"""Forms of the outreach pages: they turn what a person typed into the services' inputs.

Only normalisation happens here; every rule (scope, dates, non-negative counts) lives in the
services, whose ValidationErrors the views copy back with `add_service_errors`. Choices are
limited to the user's area by `queries.py`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lanhmanh.accounts.models import Agency, User
from lanhmanh.indicators.periods import REPORTING_PREFIX, Basis, Period, PeriodKind, make_period, parse_period
from lanhmanh.outreach import queries
from lanhmanh.outreach.models import (
    AudienceGroup,
    CourseLevel,
    CourseTopic,
    EventForm,
    MaterialKind,
    MediaKind,
    Official,
    Outlet,
    Programme,
)
from lanhmanh.outreach.services import CourseInput, EventInput, IntegratedPlanInput, MediaInput, OfficialInput
from lanhmanh.places.models import AdministrativeUnit, Level
from lanhmanh.plans.forms import EVIDENCE_ACCEPT, NamedErrorsForm, UnitChoiceField, date_field
from lanhmanh.plans.models import Task

FILE_HELP = _("Không bắt buộc: PDF, DOCX, XLSX, JPG hoặc PNG, tối đa 10 MB.")


def _file_field(label: Any) -> forms.FileField:
    return forms.FileField(
        label=label, required=False, widget=forms.FileInput(attrs={"accept": EVIDENCE_ACCEPT}), help_text=FILE_HELP
    )


def _with_blank(choices: Iterable[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", _("Tất cả")), *choices]


class CommuneChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, AdministrativeUnit)
        return f"{obj.name} ({obj.parent.name})" if obj.parent is not None else obj.name


class TaskChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, Task)
        return f"{obj.code}: {obj.text[:70]}"


class OfficialChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, Official)
        return f"{obj.full_name} — {obj.position}, {obj.agency}, {obj.unit}"


def _set_queryset(form: forms.Form, name: str, queryset: QuerySet[Any]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


# Periods in filters -------------------------------------------------------------------------------


def period_options(first: int, last: int) -> list[tuple[str, str]]:
    """Years, halves, nine months, quarters and months, newest year first, as calendar keys."""
    options: list[tuple[str, str]] = []
    for year in range(last, first - 1, -1):
        periods = [make_period(PeriodKind.YEAR, year, basis=Basis.CALENDAR)]
        periods += [make_period(PeriodKind.HALF, year, n, basis=Basis.CALENDAR) for n in (1, 2)]
        periods.append(make_period(PeriodKind.NINE_MONTHS, year, basis=Basis.CALENDAR))
        periods += [make_period(PeriodKind.QUARTER, year, n, basis=Basis.CALENDAR) for n in (1, 2, 3, 4)]
        periods += [make_period(PeriodKind.MONTH, year, n, basis=Basis.CALENDAR) for n in range(1, 13)]
        options += [(p.key, p.label) for p in periods]
    return options


class PeriodFilterForm(NamedErrorsForm):
    """A period key ("2019-Q2") and a basis; `?period=r:2019-Q1` means the same as `?period=2019-Q1&basis=reporting`."""

    period = forms.CharField(label=_("Kỳ"), required=False, widget=forms.Select)
    basis = forms.ChoiceField(label=_("Cách tính kỳ"), required=False, choices=Basis.choices)

    def __init__(self, *args: Any, years: tuple[int, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = [("", str(_("Mọi thời gian"))), *period_options(*years)]
        asked = str(self.data.get("period") or "").strip()
        if asked and asked not in dict(options):
            # A period reached by link (another year, a reporting key) stays selectable.
            options.append((asked, asked))
        widget = self.fields["period"].widget
        assert isinstance(widget, forms.Select)
        widget.choices = options

    def clean_period(self) -> Period | None:
        key = self.cleaned_data["period"].strip()
        if not key:
            return None
        try:
            return parse_period(key)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def chosen_period(self) -> Period | None:
        """The period asked for, on the basis asked for; None when the filter is empty or invalid."""
        period: Period | None = self.cleaned_data.get("period")
        basis = self.cleaned_data.get("basis")
        if period is None or basis not in Basis.values or basis == period.basis:
            return period
        body = period.key.removeprefix(REPORTING_PREFIX)
        return parse_period((REPORTING_PREFIX if basis == Basis.REPORTING else "") + body)


class EventFilterForm(PeriodFilterForm):
    unit = UnitChoiceField(
        label=_("Địa bàn"), queryset=AdministrativeUnit.objects.none(), required=False, empty_label=_("Tất cả")
    )
    form = forms.ChoiceField(label=_("Hình thức"), required=False, choices=_with_blank(EventForm.choices))
    agency = forms.ModelChoiceField(
        label=_("Cơ quan tổ chức"), queryset=Agency.objects.none(), required=False, empty_label=_("Tất cả")
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "unit", queries.units_in_scope(user))
        _set_queryset(self, "agency", queries.agencies_for(user))


class TodoFilterForm(PeriodFilterForm):
    unit = UnitChoiceField(
        label=_("Địa bàn"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        empty_label=_("Toàn bộ phạm vi của tôi"),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "unit", queries.units_in_scope(user).exclude(level=Level.COMMUNE))


class YearField(forms.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(label=_("Năm"), min_value=1990, max_value=2100, **kwargs)


class MediaFilterForm(NamedErrorsForm):
    year = YearField(required=False)
    outlet = forms.ChoiceField(label=_("Cơ quan báo chí"), required=False, choices=_with_blank(Outlet.choices))
    kind = forms.ChoiceField(label=_("Thể loại"), required=False, choices=_with_blank(MediaKind.choices))


class MediaGridForm(NamedErrorsForm):
    year = YearField(required=False)
    basis = forms.ChoiceField(label=_("Cách tính tháng"), required=False, choices=Basis.choices)


class CourseFilterForm(NamedErrorsForm):
    year = YearField(required=False)
    topic = forms.ChoiceField(label=_("Chủ đề"), required=False, choices=_with_blank(CourseTopic.choices))


class OfficialFilterForm(NamedErrorsForm):
    unit = UnitChoiceField(
        label=_("Địa bàn"), queryset=AdministrativeUnit.objects.none(), required=False, empty_label=_("Tất cả")
    )
    agency = forms.ModelChoiceField(
        label=_("Cơ quan"), queryset=Agency.objects.none(), required=False, empty_label=_("Tất cả")
    )
    active_on = date_field(_("Còn làm công tác vào ngày"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "unit", queries.units_in_scope(user))
        _set_queryset(self, "agency", queries.agencies_for(user))


# Write forms ----------------------------------------------------------------------------------------


class OutreachEventForm(NamedErrorsForm):
    date = date_field(_("Ngày tổ chức"))
    title = forms.CharField(label=_("Nội dung tuyên truyền"), max_length=300)
    form = forms.ChoiceField(label=_("Hình thức"), choices=EventForm.choices)
    units = CommuneChoiceField(
        label=_("Xã, phường, thị trấn"),
        queryset=AdministrativeUnit.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Chọn một hoặc nhiều đơn vị cấp xã nơi tổ chức tuyên truyền."),
    )
    primary_unit = UnitChoiceField(
        label=_("Địa bàn chính"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        empty_label=_("— Đơn vị đầu tiên đã chọn —"),
    )
    organiser = forms.ModelChoiceField(label=_("Cơ quan tổ chức"), queryset=Agency.objects.none())
    location = forms.CharField(label=_("Địa điểm"), max_length=200, required=False)
    task = TaskChoiceField(
        label=_("Nhiệm vụ của kế hoạch"),
        queryset=Task.objects.none(),
        required=False,
        empty_label=_("— Không gắn với nhiệm vụ —"),
    )
    notes = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    attachment = _file_field(_("Tệp đính kèm (biên bản, hình ảnh...)"))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        communes = queries.communes_in_scope(user)
        _set_queryset(self, "units", communes)
        _set_queryset(self, "primary_unit", communes)
        _set_queryset(self, "organiser", queries.agencies_for(user))
        _set_queryset(self, "task", queries.tasks_for(user))
        # One number per audience group and per kind of material; blank means none. Negative
        # numbers are let through: the service refuses them with a message naming the group.
        for group, label in AudienceGroup.choices:
            self.fields[f"audience_{group}"] = forms.IntegerField(label=label, required=False)
        for kind, label in MaterialKind.choices:
            self.fields[f"material_{kind}"] = forms.IntegerField(label=label, required=False)
        self.localise_new_fields()

    def localise_new_fields(self) -> None:
        for name in self.audience_names() + self.material_names():
            field = self.fields[name]
            field.error_messages["invalid"] = gettext("“%(field)s” phải là một số nguyên.") % {"field": field.label}
            field.widget.attrs.update({"inputmode": "numeric"})

    @staticmethod
    def audience_names() -> list[str]:
        return [f"audience_{group}" for group in AudienceGroup.values]

    @staticmethod
    def material_names() -> list[str]:
        return [f"material_{kind}" for kind in MaterialKind.values]

    def audience_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.audience_names()]

    def material_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.material_names()]

    @staticmethod
    def initial_for(event: Any) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "date": event.date,
            "title": event.title,
            "form": event.form,
            "units": [unit.pk for unit in event.units.all()],
            "primary_unit": event.primary_unit_id,
            "organiser": event.organiser_id,
            "location": event.location,
            "task": event.task_id,
            "notes": event.notes,
        }
        initial.update({f"audience_{row.group}": row.count for row in event.audience.all()})
        initial.update({f"material_{row.kind}": row.quantity for row in event.materials.all()})
        return initial

    def to_input(self) -> EventInput:
        data = self.cleaned_data
        return EventInput(
            date=data["date"],
            title=data["title"],
            form=data["form"],
            units=list(data["units"]),
            organiser=data["organiser"],
            primary_unit=data["primary_unit"],
            location=data["location"],
            task=data["task"],
            notes=data["notes"],
            audience={g: data[f"audience_{g}"] for g in AudienceGroup.values if data[f"audience_{g}"] is not None},
            materials={k: data[f"material_{k}"] for k in MaterialKind.values if data[f"material_{k}"] is not None},
        )


class MediaItemForm(NamedErrorsForm):
    outlet = forms.ChoiceField(label=_("Cơ quan báo chí"), choices=Outlet.choices)
    outlet_name = forms.CharField(
        label=_("Tên cơ quan báo chí khác"),
        max_length=120,
        required=False,
        help_text=_("Chỉ khi chọn “Cơ quan báo chí khác”."),
    )
    kind = forms.ChoiceField(label=_("Thể loại"), choices=MediaKind.choices)
    date = date_field(_("Ngày đăng, phát"))
    title = forms.CharField(label=_("Tiêu đề"), max_length=300)
    link = forms.CharField(
        label=_("Đường dẫn"),
        max_length=500,
        required=False,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text=_("Địa chỉ của tin, bài trên mạng; hoặc tải lên tệp bên dưới."),
    )
    file = _file_field(_("Tệp (bản chụp, bản ghi)"))

    def to_input(self, unit: AdministrativeUnit) -> MediaInput:
        data = self.cleaned_data
        return MediaInput(
            unit=unit,
            outlet=data["outlet"],
            outlet_name=data["outlet_name"],
            kind=data["kind"],
            date=data["date"],
            title=data["title"],
            link=data["link"],
        )


class CourseForm(NamedErrorsForm):
    title = forms.CharField(label=_("Tên lớp tập huấn"), max_length=300)
    start_date = date_field(_("Từ ngày"))
    end_date = date_field(_("Đến ngày"))
    organiser = forms.ModelChoiceField(label=_("Cơ quan tổ chức"), queryset=Agency.objects.none())
    level = forms.ChoiceField(label=_("Cấp tổ chức"), choices=CourseLevel.choices)
    topic = forms.ChoiceField(label=_("Chủ đề"), choices=CourseTopic.choices)
    unit = UnitChoiceField(label=_("Địa bàn"), queryset=AdministrativeUnit.objects.none(), empty_label=None)
    location = forms.CharField(label=_("Địa điểm"), max_length=200, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "organiser", queries.agencies_for(user))
        _set_queryset(self, "unit", queries.units_in_scope(user))

    def to_input(self) -> CourseInput:
        data = self.cleaned_data
        return CourseInput(
            title=data["title"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            organiser=data["organiser"],
            level=data["level"],
            topic=data["topic"],
            unit=data["unit"],
            location=data["location"],
        )


class ParticipantForm(NamedErrorsForm):
    official = OfficialChoiceField(label=_("Cán bộ"), queryset=Official.objects.none())
    attended = forms.BooleanField(label=_("Có tham dự"), required=False, initial=True)
    completed = forms.BooleanField(label=_("Hoàn thành"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "official", queries.officials_for(user))


class ParticipantUpdateForm(NamedErrorsForm):
    attended = forms.BooleanField(label=_("Có tham dự"), required=False)
    completed = forms.BooleanField(label=_("Hoàn thành"), required=False)
    remove = forms.BooleanField(label=_("Xóa khỏi lớp"), required=False)


class OfficialForm(NamedErrorsForm):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    agency = forms.ModelChoiceField(label=_("Cơ quan"), queryset=Agency.objects.none())
    unit = UnitChoiceField(label=_("Địa bàn"), queryset=AdministrativeUnit.objects.none(), empty_label=None)
    position = forms.CharField(label=_("Chức vụ"), max_length=120)
    start_date = date_field(_("Ngày bắt đầu"))
    end_date = date_field(_("Ngày kết thúc"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "agency", queries.agencies_for(user))
        _set_queryset(self, "unit", queries.units_in_scope(user))

    def to_input(self) -> OfficialInput:
        data = self.cleaned_data
        return OfficialInput(
            full_name=data["full_name"],
            agency=data["agency"],
            unit=data["unit"],
            position=data["position"],
            start_date=data["start_date"],
            end_date=data["end_date"],
        )


class RosterImportForm(NamedErrorsForm):
    file = forms.FileField(
        label=_("Tệp danh sách (.xlsx)"),
        widget=forms.FileInput(attrs={"accept": ".xlsx"}),
        help_text=_("Tệp Excel .xlsx, tối đa 10 MB, không chứa macro."),
    )


class IntegratedPlanForm(NamedErrorsForm):
    unit = UnitChoiceField(label=_("Địa bàn"), queryset=AdministrativeUnit.objects.none(), empty_label=None)
    document_number = forms.CharField(label=_("Số ký hiệu"), max_length=60)
    issued_on = date_field(_("Ngày ban hành"))
    title = forms.CharField(label=_("Trích yếu"), max_length=300, required=False)
    programmes = forms.MultipleChoiceField(
        label=_("Chương trình lồng ghép"), choices=Programme.choices, widget=forms.CheckboxSelectMultiple
    )
    file = _file_field(_("Tệp văn bản"))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = queries.units_in_scope(user).filter(level__in=[Level.DISTRICT, Level.COMMUNE])
        _set_queryset(self, "unit", units)

    def to_input(self) -> IntegratedPlanInput:
        data = self.cleaned_data
        return IntegratedPlanInput(
            unit=data["unit"],
            document_number=data["document_number"],
            issued_on=data["issued_on"],
            title=data["title"],
            programmes=list(data["programmes"]),
        )
