"""The organisation's forms. They only gather input; every rule is checked by the services."""

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dotpha.core.forms import BootstrapFormMixin, date_field
from dotpha.org.models import Unit, UnitKind
from dotpha.org.unit_fields import UnitChoiceField, UnitMultipleChoiceField


class UnitForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Tên đơn vị"), max_length=255)
    code = forms.CharField(label=_("Mã đơn vị"), max_length=50)
    kind = forms.ModelChoiceField(
        label=_("Loại đơn vị"), queryset=UnitKind.objects.all(), empty_label=_("— Chọn loại —")
    )


class UnitEditForm(UnitForm):
    """The unit's centre, for a commune: photos of a monitoring visit taken far from it are flagged."""

    latitude = forms.DecimalField(
        label=_("Vĩ độ"),
        max_digits=9,
        decimal_places=6,
        required=False,
        localize=True,
        help_text=_("Vị trí trụ sở (ví dụ 20,8125); để so với nơi chụp ảnh đi cơ sở."),
    )
    longitude = forms.DecimalField(
        label=_("Kinh độ"),
        max_digits=9,
        decimal_places=6,
        required=False,
        localize=True,
        help_text=_("Ví dụ 105,3372."),
    )


class UnitCloseForm(BootstrapFormMixin, forms.Form):
    end_date = date_field(_("Hết hiệu lực sau ngày"))
    reason = forms.CharField(
        label=_("Lý do"), max_length=255, help_text=_("Ví dụ: giải thể theo Quyết định số ...")
    )


class UnitMergeForm(BootstrapFormMixin, forms.Form):
    successor: forms.ModelChoiceField = UnitChoiceField(
        label=_("Sáp nhập vào đơn vị"), queryset=Unit.objects.none(), empty_label=_("— Chọn đơn vị —")
    )
    effective_date = date_field(_("Ngày có hiệu lực"))
    decision_number = forms.CharField(label=_("Số văn bản"), max_length=100, required=False)

    def __init__(self, *args, units: QuerySet[Unit], merged: Unit, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = _successor_choices(units, merged)  # type: ignore[attr-defined]


class UnitSplitForm(BootstrapFormMixin, forms.Form):
    """The main successor apart from the others: the statistics count the split unit's history under it."""

    main_successor: forms.ModelChoiceField = UnitChoiceField(
        label=_("Đơn vị kế thừa chính"),
        queryset=Unit.objects.none(),
        empty_label=_("— Chọn đơn vị —"),
        help_text=_("Số liệu thống kê của đơn vị cũ được tính một lần, vào đơn vị này."),
    )
    other_successors: forms.ModelMultipleChoiceField = UnitMultipleChoiceField(
        label=_("Các đơn vị kế thừa khác"),
        queryset=Unit.objects.none(),
        help_text=_("Chọn một hoặc nhiều đơn vị (trên máy tính: giữ phím Ctrl khi chọn)."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    effective_date = date_field(_("Ngày có hiệu lực"))
    decision_number = forms.CharField(label=_("Số văn bản"), max_length=100, required=False)

    def __init__(self, *args, units: QuerySet[Unit], split: Unit, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = _successor_choices(units, split)
        self.fields["main_successor"].queryset = choices  # type: ignore[attr-defined]
        self.fields["other_successors"].queryset = choices  # type: ignore[attr-defined]

    def successors(self) -> list[Unit]:
        """The main successor first (the service refuses one chosen twice)."""
        return [self.cleaned_data["main_successor"], *self.cleaned_data["other_successors"]]


def _successor_choices(units: QuerySet[Unit], away: Unit) -> QuerySet[Unit]:
    """The units in force today the viewer sees, but the one merged or split away."""
    today = timezone.localdate()
    return (
        units.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today)).exclude(pk=away.pk).order_by("path")
    )
