from django import forms
from django.utils.translation import gettext_lazy as _

from dotpha.core.forms import BootstrapFormMixin
from dotpha.ratings.models import RatingLevel


class DecideForm(BootstrapFormMixin, forms.Form):
    level = forms.ChoiceField(label=_("Mức xếp loại"), choices=[("", "—"), *RatingLevel.choices])
    comment = forms.CharField(label=_("Nhận xét"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class ProposeForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100)
