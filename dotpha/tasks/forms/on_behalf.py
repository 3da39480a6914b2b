"""nhập thay: the organizer's grant form (the drafts reuse the leader's own forms)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dotpha.accounts.models import User
from dotpha.core.forms import BootstrapFormMixin, date_field


class AccountField(forms.CharField):
    """An account named by its login name, as the organizer reads it on the accounts page."""

    def clean(self, value):
        username = super().clean(value).strip()
        account = User.objects.filter(username__iexact=username).select_related("cadre").first()
        if account is None:
            raise forms.ValidationError(
                _("Không có tài khoản “%(name)s”."), code="unknown", params={"name": username}
            )
        return account


class GrantForm(BootstrapFormMixin, forms.Form):
    leader = AccountField(label=_("Tài khoản của lãnh đạo"), max_length=150)
    assistant = AccountField(label=_("Tài khoản của trợ lý nhập thay"), max_length=150)
    valid_from = date_field(_("Hiệu lực từ ngày"))
    valid_to = date_field(_("Hiệu lực đến hết ngày"))
