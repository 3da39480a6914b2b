from django import forms
from django.utils.translation import gettext_lazy as _

from dotpha.core.forms import BootstrapFormMixin, date_field


class DayOffForm(BootstrapFormMixin, forms.Form):
    day = date_field(_("Ngày nghỉ"))
    name = forms.CharField(label=_("Tên, lý do"), max_length=200, help_text=_("Ví dụ: Nghỉ bù Quốc khánh"))


class WeekendWorkForm(BootstrapFormMixin, forms.Form):
    day = date_field(_("Thứ Bảy, Chủ nhật làm việc"))
    name = forms.CharField(
        label=_("Tên, lý do"), max_length=200, help_text=_("Ví dụ: Làm bù cho ngày 02/01/2026")
    )
