from django import forms
from django.utils.translation import gettext_lazy as _

from dotpha.core.forms import BootstrapFormMixin
from dotpha.ratings.models import RatingLevel


class DecideForm(BootstrapFormMixin, forms.Form):
    level = forms.ChoiceField(label=_("Mức xếp loại"), choices=[("", "—"), *RatingLevel.choices])
    comment = forms.CharField(label=_("Nhận xét"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    # Scored schemes only (the range is checked by the service, which knows the scheme's maximum).
    general_points = forms.DecimalField(
        label=_("Điểm tiêu chí chung"), required=False, max_digits=5, decimal_places=2
    )
    quota_exception = forms.CharField(
        label=_("Lý do vượt tỷ lệ hoàn thành xuất sắc (nếu có)"),
        help_text=_("Chỉ khi đơn vị có thành tích xuất sắc, nổi trội theo trường hợp văn bản cho phép."),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, scored: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not scored:
            del self.fields["general_points"]
            del self.fields["quota_exception"]


class ProposeForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100)
