from django.contrib.auth.forms import PasswordChangeForm

from dotpha.core.forms import BootstrapFormMixin


class StyledPasswordChangeForm(BootstrapFormMixin, PasswordChangeForm):
    pass
