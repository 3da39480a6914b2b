from typing import TYPE_CHECKING

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:  # django-stubs is a development dependency
    from django_stubs_ext import StrOrPromise


class BootstrapFormMixin:
    """Gives every widget Bootstrap's classes so templates can render fields in a loop."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class FilteredByName:
    """A picker of many names (a province's cadres, its units): the page's script puts a box above the list
    that keeps the options holding every word typed, with or without diacritics, once the list is long
    (`static/js/dotpha.js`). Scrolling a thousand names on a phone is not choosing one."""

    widget: forms.Widget

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("data-filter", _("Gõ vài chữ của tên để lọc danh sách"))


class LabelOptions(ModelChoiceIterator):
    """A model picker's options, read with only the columns their labels show (`columns`), in the field's
    queryset's order and filters: a picker of thousands (every unit of every province, a province's cadres)
    built as many whole rows, with their related rows, for a name each. The value the form cleans is still
    read whole, by its id."""

    columns: tuple[str, ...] = ("pk",)

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.select_related(None).only(*self.columns).iterator(chunk_size=2000):
            yield self.choice(obj)


DATE_FORMAT = "%d/%m/%Y"
# Day first whatever the separator, as people type on a computer or a phone's number pad: 01/12/2026,
# 1/12/2026, 01-12-2026, 01.12.2026, 01122026 (eight digits). A year first (2026-03-01) is refused with
# the expected form rather than read in an order people do not write.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d%m%Y"]


class OfficeDateField(forms.DateField):
    """Every form's date field: typed as officials write dates (05/03/2026 is 5 March), never a browser
    date picker's order; a phone shows the number keyboard (`inputmode="numeric"`)."""

    input_formats = DATE_INPUT_FORMATS

    def __init__(self, **kwargs):
        attrs = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
        kwargs.setdefault("widget", forms.DateInput(format=DATE_FORMAT, attrs=attrs))
        error_messages = {
            "invalid": _("Nhập ngày theo dạng dd/mm/yyyy, ví dụ 05/03/2026."),
            "required": _("Nhập ngày."),
        }
        kwargs["error_messages"] = {**error_messages, **kwargs.get("error_messages", {})}
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
            # digits only must be all eight: "1122026" could be 1/12 or 11/2, so it is refused, not guessed
            if value.isdigit() and len(value) != 8:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


def date_field(
    label: "StrOrPromise", *, required: bool = True, help_text: "StrOrPromise" = ""
) -> forms.DateField:
    return OfficeDateField(label=label, required=required, help_text=help_text)
