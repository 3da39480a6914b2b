"""The organisation's forms. They only gather input; every rule is checked by the services."""

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dotpha.core.forms import BootstrapFormMixin, date_field
from dotpha.org.models import Unit, UnitKind


class UnitForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Tên đơn vị"), max_length=255)
    code = forms.CharField(label=_("Mã đơn vị"), max_length=50)
    kind = forms.ModelChoiceField(
        label=_("Loại đơn vị"), queryset=UnitKind.objects.all(), empty_label=_("— Chọn loại —")
    )


class UnitCloseForm(BootstrapFormMixin, forms.Form):
    end_date = date_field(_("Hết hiệu lực sau ngày"))
    reason = forms.CharField(
        label=_("Lý do"), max_length=255, help_text=_("Ví dụ: giải thể theo Quyết định số ...")
    )


class UnitMergeForm(BootstrapFormMixin, forms.Form):
    successor: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Sáp nhập vào đơn vị"), queryset=Unit.objects.none(), empty_label=_("— Chọn đơn vị —")
    )
    effective_date = date_field(_("Ngày có hiệu lực"))
    decision_number = forms.CharField(label=_("Số văn bản"), max_length=100, required=False)

    def __init__(self, *args, units: QuerySet[Unit], merged: Unit, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["successor"].queryset = (  # type: ignore[attr-defined]
            units.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
            .exclude(pk=merged.pk)
            .order_by("path")
        )
