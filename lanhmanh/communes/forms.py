"""Forms of the healthy-commune pages: they turn what a person typed into values and back.

The scoring forms have one row of fields per criterion of the assessment's scheme, named by the
criterion's id (`v_12` value, `n_12` note, `f_12` evidence file; `r_12` reviewed value, `why_12`
its reason). Rules about the values (within the points, in a band, a reason where the reviewer
differs) are the services'; their errors, keyed `scores.<code>`, land on the row's field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.forms import BoundField
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lanhmanh.communes.models import AssessmentStatus, Criterion, CriterionScore, HealthyCommuneAssessment, ScoringKind
from lanhmanh.communes.queries import ScoringTable
from lanhmanh.communes.scoring import MET, NOT_MET, SchemeData
from lanhmanh.communes.services import FIRST_YEAR, ReviewInput, ScoreInput
from lanhmanh.plans.forms import EVIDENCE_ACCEPT, NamedErrorsForm, NumberField, date_field, version_field


def _value_field(criterion: Criterion, *, label: str) -> forms.Field:
    if criterion.kind == ScoringKind.YES_NO:
        field: forms.Field = forms.TypedChoiceField(
            label=label,
            required=False,
            choices=[("", _("— chưa chấm —")), ("1", _("Đạt")), ("0", _("Không đạt"))],
            coerce=Decimal,
            empty_value=None,
            widget=forms.Select(attrs={"class": "score"}),
        )
        field.error_messages["invalid_choice"] = gettext("“%(field)s”: lựa chọn không hợp lệ.") % {"field": label}
        return field
    attrs = {"class": "score", "inputmode": "decimal", "autocomplete": "off", "size": "7"}
    field = NumberField(label=label, required=False, widget=forms.TextInput(attrs=attrs))
    name = {"field": label}
    field.error_messages["invalid"] = gettext("“%(field)s” phải là một số, ví dụ 1.234,5.") % name
    field.error_messages["max_digits"] = gettext("“%(field)s” quá lớn.") % name
    field.error_messages["max_whole_digits"] = gettext("“%(field)s” quá lớn.") % name
    field.error_messages["max_decimal_places"] = gettext("“%(field)s” chỉ được có tối đa 2 chữ số thập phân.") % name
    return field


def _initial(criterion: Criterion, value: Decimal | None) -> Any:
    if value is None:
        return None
    if criterion.kind == ScoringKind.YES_NO:
        return "1" if value == MET else "0" if value == NOT_MET else None
    return value


@dataclass(frozen=True)
class RowFields:
    """One criterion's fields, for the row of the scoring table that shows them."""

    value: BoundField
    note: BoundField | None = None
    file: BoundField | None = None
    reason: BoundField | None = None


class _ScoringForm(NamedErrorsForm):
    """Fields per criterion, and the service's `scores.<code>` errors put on the right field."""

    value_prefix = "v"
    renamed: dict[str, str] = {}

    def __init__(self, *args: Any, scheme: SchemeData, **kwargs: Any) -> None:
        self.scheme = scheme
        super().__init__(*args, **kwargs)

    def value_name(self, criterion: Criterion) -> str:
        return f"{self.value_prefix}_{criterion.pk}"

    def _error_field(self, key: str) -> str | None:
        for prefix, name in (("scores.", self.value_prefix), ("evidence.", "f")):
            if key.startswith(prefix):
                criterion = self.scheme.by_code.get(key.removeprefix(prefix))
                field = f"{name}_{criterion.pk}" if criterion is not None else None
                return field if field in self.fields else None
        key = self.renamed.get(key, key)
        return key if key in self.fields else None

    def add_service_errors(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for key, messages in error.message_dict.items():
            self.add_error(self._error_field(key), messages)

    def _bound(self, name: str) -> BoundField | None:
        return self[name] if name in self.fields else None

    def attach(self, table: ScoringTable) -> None:
        """Give each row of the scoring table its fields."""
        for row in table.rows_by_code.values():
            pk = row.criterion.pk
            row.fields = RowFields(
                value=self[self.value_name(row.criterion)],
                note=self._bound(f"n_{pk}"),
                file=self._bound(f"f_{pk}"),
                reason=self._bound(f"why_{pk}"),
            )

    def typed_values(self) -> dict[str, Decimal | None]:
        """The values as typed, by criterion code; a value that does not read as a number is None.

        For the live total, which runs on every change, before the form is sent.
        """
        values: dict[str, Decimal | None] = {}
        for criterion in self.scheme.criteria:
            name = self.value_name(criterion)
            try:
                values[criterion.code] = self.fields[name].clean(self.data.get(self.add_prefix(name)))
            except ValidationError:
                values[criterion.code] = None
        return values


class ScoresForm(_ScoringForm):
    """The commune's self-assessment: value, note and a new evidence file per criterion."""

    note = forms.CharField(label=_("Tự nhận xét chung"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = version_field()

    def __init__(self, *args: Any, scheme: SchemeData, scores: dict[str, CriterionScore], **kwargs: Any) -> None:
        super().__init__(*args, scheme=scheme, **kwargs)
        for criterion in scheme.criteria:
            score = scores.get(criterion.code)
            code = {"code": criterion.code}
            value = _value_field(criterion, label=gettext("Tự chấm tiêu chí %(code)s") % code)
            value.initial = _initial(criterion, score.self_value if score else None)
            self.fields[self.value_name(criterion)] = value
            self.fields[f"n_{criterion.pk}"] = forms.CharField(
                label=gettext("Ghi chú tiêu chí %(code)s") % code,
                required=False,
                initial=score.note if score else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"f_{criterion.pk}"] = forms.FileField(
                label=gettext("Thêm tệp minh chứng cho tiêu chí %(code)s") % code,
                required=False,
                widget=forms.FileInput(attrs={"accept": EVIDENCE_ACCEPT}),
            )

    def score_inputs(self) -> dict[str, ScoreInput]:
        cleaned = self.cleaned_data
        return {
            c.code: ScoreInput(value=cleaned.get(self.value_name(c)), note=cleaned.get(f"n_{c.pk}") or "")
            for c in self.scheme.criteria
        }

    def evidence_files(self) -> dict[str, list[UploadedFile]]:
        cleaned = self.cleaned_data
        return {c.code: [cleaned[f"f_{c.pk}"]] for c in self.scheme.criteria if cleaned.get(f"f_{c.pk}")}


REVIEW_ACTIONS = ("save", "approve", "return")


class ReviewForm(_ScoringForm):
    """The reviewer's scores where they differ, with reasons; then save, approve or return."""

    value_prefix = "r"
    # The services' "reason" (of returning) is this form's return_reason.
    renamed = {"reason": "return_reason"}

    review_note = forms.CharField(
        label=_("Nhận xét thẩm định"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    return_reason = forms.CharField(
        label=_("Lý do trả lại"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bắt buộc khi trả lại: xã cần sửa gì."),
    )
    action = forms.ChoiceField(
        label=_("Thao tác"),
        choices=[("save", _("Lưu")), ("approve", _("Phê duyệt")), ("return", _("Trả lại"))],
        widget=forms.HiddenInput,
        initial="save",
    )
    version = version_field()

    def __init__(self, *args: Any, scheme: SchemeData, scores: dict[str, CriterionScore], **kwargs: Any) -> None:
        super().__init__(*args, scheme=scheme, **kwargs)
        for criterion in scheme.criteria:
            score = scores.get(criterion.code)
            code = {"code": criterion.code}
            value = _value_field(criterion, label=gettext("Điểm thẩm định tiêu chí %(code)s") % code)
            value.initial = _initial(criterion, score.reviewed_value if score else None)
            self.fields[self.value_name(criterion)] = value
            self.fields[f"why_{criterion.pk}"] = forms.CharField(
                label=gettext("Lý do chấm khác, tiêu chí %(code)s") % code,
                required=False,
                initial=score.review_reason if score else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def review_inputs(self) -> dict[str, ReviewInput]:
        cleaned = self.cleaned_data
        return {
            c.code: ReviewInput(value=cleaned.get(self.value_name(c)), reason=cleaned.get(f"why_{c.pk}") or "")
            for c in self.scheme.criteria
        }


class StartForm(NamedErrorsForm):
    year = forms.TypedChoiceField(label=_("Năm đánh giá"), coerce=int)

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year = self.fields["year"]
        assert isinstance(year, forms.TypedChoiceField)
        year.choices = [(y, str(y)) for y in range(today.year, max(FIRST_YEAR, today.year - 10) - 1, -1)]


class AssessmentFilterForm(NamedErrorsForm):
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=FIRST_YEAR, max_value=9999)
    status = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[("", _("Tất cả")), *AssessmentStatus.choices]
    )


class AssessmentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, HealthyCommuneAssessment)
        klass = obj.reviewed_class.label if obj.reviewed_class else "—"
        return f"{obj.commune} — {klass}"


class RecognitionForm(NamedErrorsForm):
    number = forms.CharField(label=_("Số quyết định"), max_length=40, help_text=_("Ví dụ 123/QĐ-UBND."))
    signed_on = date_field(_("Ngày ký"))
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=200)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    assessments = AssessmentChoiceField(
        label=_("Các xã được công nhận kết quả"),
        queryset=HealthyCommuneAssessment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, waiting: QuerySet[HealthyCommuneAssessment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assessments"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = waiting
