from collections.abc import Iterable
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from dotpha.core.forms import BootstrapFormMixin
from dotpha.ratings.models import CriteriaItem, DutyGroup, RatingLevel, RatingScheme, YearMethod


def _add_item_fields(form: forms.Form, items: Iterable[CriteriaItem], html_form: str) -> None:
    """One points field and one comment field per checklist line, named after the line's code; the range is
    checked by the service, which knows each line's maximum. The fields sit in the checklist's table and
    belong to their column's <form> through the `form` attribute."""
    for item in items:
        form.fields[f"p_{item.code}"] = forms.DecimalField(
            label=item.name,
            required=False,
            max_digits=5,
            decimal_places=2,
            min_value=Decimal(0),
            widget=forms.NumberInput(attrs={"form": html_form, "step": "0.25", "inputmode": "decimal"}),
        )
        form.fields[f"c_{item.code}"] = forms.CharField(
            label=_("Nhận xét"),
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 1, "form": html_form}),
        )


def item_scores(form: forms.Form, items: Iterable[CriteriaItem]) -> dict[str, tuple[Decimal | None, str]]:
    data = form.cleaned_data
    return {item.code: (data.get(f"p_{item.code}"), data.get(f"c_{item.code}") or "") for item in items}


class ScoresForm(BootstrapFormMixin, forms.Form):
    """A column of the general-criteria checklist: the cadre's self-score or the unit's proposal."""

    def __init__(self, *args, items: Iterable[CriteriaItem] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _add_item_fields(self, items, f"{self.prefix}-form")


class DecideForm(BootstrapFormMixin, forms.Form):
    level = forms.ChoiceField(label=_("Mức xếp loại"), choices=[("", "—"), *RatingLevel.choices])
    comment = forms.CharField(label=_("Nhận xét"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    # Scored schemes only (the range is checked by the service, which knows the scheme's maximum). A scheme
    # with a checklist takes one field per line instead, and the general points are their sum.
    general_points = forms.DecimalField(
        label=_("Điểm tiêu chí chung"), required=False, max_digits=5, decimal_places=2
    )
    grounds = forms.MultipleChoiceField(
        label=_("Trường hợp không hoàn thành nhiệm vụ"), required=False, widget=forms.CheckboxSelectMultiple
    )
    quota_exception = forms.CharField(
        label=_("Lý do vượt tỷ lệ hoàn thành xuất sắc (nếu có)"),
        help_text=_("Chỉ khi đơn vị có thành tích xuất sắc, nổi trội theo trường hợp văn bản cho phép."),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )

    def __init__(
        self, *args, scheme: RatingScheme | None = None, items: Iterable[CriteriaItem] = (), **kwargs
    ):
        super().__init__(*args, **kwargs)
        items = list(items)
        if scheme is None or not scheme.scored:
            for name in ("general_points", "grounds", "quota_exception"):
                del self.fields[name]
            return
        self.fields["grounds"].choices = [(g["code"], g["label"]) for g in scheme.disqualifying_grounds]  # type: ignore[attr-defined]
        if items:
            del self.fields["general_points"]
            _add_item_fields(self, items, "decide-form")

    def visible_main_fields(self):
        """The fields shown in the decision card (the checklist's lines are in the table above it)."""
        return [f for f in self.visible_fields() if not f.name.startswith(("p_", "c_"))]


class DutyGroupForm(BootstrapFormMixin, forms.Form):
    duty_group = forms.ChoiceField(label=_("Nhóm chức trách tương đồng"), choices=DutyGroup.choices)


class ProposeForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100)


class SchemeSettingsForm(BootstrapFormMixin, forms.Form):
    """The choices the texts leave to the province (their values as the defaults); the service checks them."""

    excellent_min = forms.DecimalField(
        label=_("Điểm tối thiểu hoàn thành xuất sắc"),
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=100,
    )
    good_min = forms.DecimalField(
        label=_("Điểm tối thiểu hoàn thành tốt"), max_digits=5, decimal_places=2, min_value=0, max_value=100
    )
    completed_min = forms.DecimalField(
        label=_("Điểm tối thiểu hoàn thành"), max_digits=5, decimal_places=2, min_value=0, max_value=100
    )
    exceeding_min_percent = forms.IntegerField(
        label=_("Tỷ lệ nhiệm vụ vượt yêu cầu tối thiểu để xuất sắc (%)"), min_value=0, max_value=100
    )
    behind_max_percent = forms.IntegerField(
        label=_("Tỷ lệ nhiệm vụ chậm tiến độ tối đa để hoàn thành (%)"), min_value=0, max_value=100
    )
    excellent_quota_percent = forms.IntegerField(
        label=_("Tỷ lệ xuất sắc tối đa so với số hoàn thành tốt (%)"), min_value=0, max_value=100
    )
    delay_penalty_percent = forms.IntegerField(
        label=_("Mỗi lần chậm tiến độ trừ (% điểm tiến độ của việc)"), min_value=0, max_value=100
    )
    error_penalty_percent = forms.IntegerField(
        label=_("Mỗi lần đánh giá chưa đạt chất lượng trừ (% điểm chất lượng của việc)"),
        min_value=0,
        max_value=100,
    )
    year_method = forms.ChoiceField(label=_("Cách tính điểm năm"), choices=YearMethod.choices)
    leader_reads_led_units = forms.BooleanField(
        label=_("Điều kiện của người đứng đầu tính cả nhiệm vụ của đơn vị mình trực tiếp lãnh đạo"),
        required=False,
    )


class CriteriaLineForm(BootstrapFormMixin, forms.Form):
    """One line of the general-criteria checklist; an empty extra line adds nothing."""

    pk = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Tiêu chí"), max_length=400, required=False)
    points = forms.DecimalField(
        label=_("Điểm tối đa"), max_digits=5, decimal_places=2, required=False, min_value=0, max_value=100
    )
    remove = forms.BooleanField(label=_("Bỏ"), required=False)


CriteriaLinesFormSet = forms.formset_factory(CriteriaLineForm, extra=1, max_num=20, validate_max=True)


class NewVersionForm(BootstrapFormMixin, forms.Form):
    from_year = forms.IntegerField(label=_("Áp dụng từ năm"), min_value=2000, max_value=2100)
