from django import forms
from django.utils.translation import gettext_lazy as _

from dotpha.core.forms import BootstrapFormMixin
from dotpha.tasks.forms._fields import date_field


class TokenForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Tên gợi nhớ"),
        max_length=100,
        help_text=_("Hệ thống sẽ dùng mã, ví dụ: Hệ thống quản lý văn bản của Văn phòng Tỉnh ủy."),
    )
    expires_on = date_field(_("Hết hạn ngày"), help_text=_("Để trống nếu không đặt hạn."))
