"""The filters of the approval queue, read from the URL (GET) so that a filtered page can be bookmarked,
shared and sent back with the batch approval that approves "every task the filter finds"."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dotpha.accounts.models import User
from dotpha.core.forms import BootstrapFormMixin
from dotpha.org.models import Unit
from dotpha.org.unit_fields import UnitTreeChoiceField
from dotpha.programmes.models import Period, Programme
from dotpha.programmes.selectors import active_fields, programmes_visible_to
from dotpha.tasks.forms._fields import date_field
from dotpha.tasks.forms.filters import ALL, PeriodLabelField
from dotpha.tasks.selectors.queue_table import QueueFilters, QueueSort, queue_units


class QueueFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Tìm theo tên, nội dung việc, người, đơn vị, số quyết định"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Gõ có dấu hoặc không dấu")}),
    )
    programme = forms.ModelChoiceField(
        label=_("Chương trình"), queryset=Programme.objects.none(), required=False, empty_label=ALL
    )
    period = PeriodLabelField(label=_("Kỳ"), queryset=Period.objects.none(), required=False, empty_label=ALL)
    unit: forms.ModelChoiceField = UnitTreeChoiceField(
        label=_("Đơn vị (cả đơn vị trực thuộc)"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=ALL,
    )
    field = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=active_fields(), required=False, empty_label=ALL
    )
    submitted_from = date_field(_("Gửi từ ngày"))
    submitted_to = date_field(_("Gửi đến ngày"))
    sort = forms.ChoiceField(choices=QueueSort.choices, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        programmes = programmes_visible_to(user)
        self.fields["programme"].queryset = programmes.order_by("number")  # type: ignore[attr-defined]
        self.fields["period"].queryset = (  # type: ignore[attr-defined]
            Period.objects.filter(programme__in=programmes.values("pk"))
            .select_related("programme")
            .order_by("programme__number", "-start_date")
        )
        self.fields["unit"].queryset = queue_units(user)  # type: ignore[attr-defined]

    def clean(self):
        data = super().clean() or self.cleaned_data
        start, end = data.get("submitted_from"), data.get("submitted_to")
        if start and end and end < start:
            self.add_error("submitted_to", _("Ngày cuối phải sau ngày đầu."))
        return data

    def filters(self) -> QueueFilters:
        """The valid filters (an invalid one is left out, and shown with its error)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        programme, period, field = data.get("programme"), data.get("period"), data.get("field")
        return QueueFilters(
            programme_id=programme.pk if programme else None,
            period_id=period.pk if period else None,
            unit=data.get("unit"),
            field_id=field.pk if field else None,
            submitted_from=data.get("submitted_from"),
            submitted_to=data.get("submitted_to"),
            search=data.get("q", ""),
            sort=data.get("sort") or QueueSort.SUBMITTED,
        )

    @property
    def is_filtered(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) for name in self.fields if name != "sort")
