from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from dotpha.accounts.login_names import normalise_username
from dotpha.core.forms import BootstrapFormMixin


class LoginForm(AuthenticationForm):
    """Signs in under the folded name, the same one failed attempts are counted under."""

    def clean_username(self) -> str:
        return normalise_username(self.cleaned_data.get("username"))


class StyledPasswordChangeForm(BootstrapFormMixin, PasswordChangeForm):
    def save(self, commit: bool = True):
        # the temporary password an organizer set is gone once the person chose their own
        self.user.must_change_password = False
        return super().save(commit)
