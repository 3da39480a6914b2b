from django import forms
from django.utils.translation import gettext_lazy as _

from dotpha.core.forms import BootstrapFormMixin
from dotpha.ratings.models import RatingLevel, RatingScheme


class DecideForm(BootstrapFormMixin, forms.Form):
    level = forms.ChoiceField(label=_("Mức xếp loại"), choices=[("", "—"), *RatingLevel.choices])
    comment = forms.CharField(label=_("Nhận xét"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    # Scored schemes only (the range is checked by the service, which knows the scheme's maximum).
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

    def __init__(self, *args, scheme: RatingScheme | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if scheme is None or not scheme.scored:
            for name in ("general_points", "grounds", "quota_exception"):
                del self.fields[name]
        else:
            self.fields["grounds"].choices = [(g["code"], g["label"]) for g in scheme.disqualifying_grounds]  # type: ignore[attr-defined]


class ProposeForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100)
