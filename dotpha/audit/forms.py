"""The change log's filters: person, unit subtree, kind of record, action and a date range (dd/mm/yyyy)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dotpha.accounts.access import units_visible_to
from dotpha.accounts.models import User
from dotpha.audit.selectors import ACTIONS, LogFilter, log_kinds
from dotpha.core.forms import BootstrapFormMixin, date_field
from dotpha.org.models import Unit
from dotpha.org.unit_fields import UnitChoiceField

ALL = _("Tất cả")


class UnitChoice(UnitChoiceField):
    def label_from_instance(self, obj: Unit) -> str:  # type: ignore[override]
        # the tree shown by indentation, the subtree is what the filter keeps
        return "\u2003" * (obj.depth - 1) + obj.name


class LogFilterForm(BootstrapFormMixin, forms.Form):
    person = forms.CharField(label=_("Người thực hiện"), required=False, max_length=150)
    unit = UnitChoice(
        label=_("Đơn vị (cả đơn vị trực thuộc)"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=ALL,
    )
    kind = forms.ChoiceField(label=_("Loại dữ liệu"), required=False)
    action = forms.ChoiceField(label=_("Thao tác"), required=False)
    date_from = date_field(_("Từ ngày"), required=False)
    date_to = date_field(_("Đến ngày"), required=False)

    def __init__(self, *args, reader: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].widget.attrs["placeholder"] = _("Tên đăng nhập")
        self.fields["unit"].queryset = units_visible_to(reader).order_by("path")  # type: ignore[attr-defined]
        self.fields["kind"].choices = [("", ALL), *((k, n[:1].upper() + n[1:]) for k, n in log_kinds())]  # type: ignore[attr-defined]
        self.fields["action"].choices = [("", ALL), *((k, str(v)) for k, v in ACTIONS.items())]  # type: ignore[attr-defined]

    def clean(self):
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Ngày kết thúc phải từ ngày bắt đầu trở đi."))
        return data

    def log_filter(self) -> LogFilter:
        """The valid filters (an invalid one is left out, and shown with its error); a person not found
        matches nobody rather than everybody."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        person = None
        username = (data.get("person") or "").strip()
        if username:
            found = User.objects.filter(username__iexact=username).values_list("pk", flat=True).first()
            person = found if found is not None else 0
        return LogFilter(
            user_id=person,
            unit=data.get("unit"),
            kind=data.get("kind") or "",
            action=data.get("action") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
