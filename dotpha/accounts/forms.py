from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from dotpha.accounts.access import cadres_visible_to
from dotpha.accounts.login_names import normalise_username
from dotpha.accounts.models import Role, User
from dotpha.accounts.selectors import managed_units
from dotpha.core.collation import name_order
from dotpha.core.forms import BootstrapFormMixin, OfficeDateField
from dotpha.org.models import Cadre, Unit


class LoginForm(AuthenticationForm):
    """Signs in under the folded name, the same one failed attempts are counted under."""

    def clean_username(self) -> str:
        return normalise_username(self.cleaned_data.get("username"))


class StyledPasswordChangeForm(BootstrapFormMixin, PasswordChangeForm):
    def save(self, commit: bool = True):
        # the temporary password an organizer set is gone once the person chose their own
        self.user.must_change_password = False
        return super().save(commit)


class AccountSearchForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("Tìm"), required=False)
    unit: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Đơn vị"), queryset=Unit.objects.none(), required=False, empty_label=_("— Mọi đơn vị —")
    )
    role = forms.ChoiceField(
        label=_("Vai trò"), choices=[("", _("— Mọi vai trò —")), *Role.choices], required=False
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = managed_units(user)  # type: ignore[attr-defined]


class AccountCreateForm(BootstrapFormMixin, forms.Form):
    cadre = forms.ModelChoiceField(
        label=_("Cán bộ"), queryset=Cadre.objects.none(), empty_label=_("— Chọn cán bộ chưa có tài khoản —")
    )
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = (  # type: ignore[attr-defined]
            cadres_visible_to(user).filter(user__isnull=True).order_by(*name_order(), "pk")
        )


class GrantForm(BootstrapFormMixin, forms.Form):
    role = forms.ChoiceField(label=_("Vai trò"), choices=[("", _("— Chọn vai trò —")), *Role.choices])
    unit: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Trên đơn vị"), queryset=Unit.objects.none(), empty_label=_("— Chọn đơn vị —")
    )
    start_date = OfficeDateField(
        label=_("Hiệu lực từ ngày"), required=False, help_text=_("dd/mm/yyyy; trống là hôm nay")
    )
    end_date = OfficeDateField(
        label=_("Hết hiệu lực từ ngày"), required=False, help_text=_("dd/mm/yyyy; trống là không thời hạn")
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = managed_units(user)  # type: ignore[attr-defined]


class BulkAccountsForm(BootstrapFormMixin, forms.Form):
    unit: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Đơn vị"), queryset=Unit.objects.none(), empty_label=_("— Chọn đơn vị —")
    )
    role = forms.ChoiceField(
        label=_("Vai trò cấp cho mỗi tài khoản"), choices=Role.choices, initial=Role.CADRE
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = managed_units(user)  # type: ignore[attr-defined]


class PreferencesForm(BootstrapFormMixin, forms.Form):
    """Tài khoản của tôi: the person's own settings (services.preferences.update_preferences)."""

    digest_enabled = forms.BooleanField(
        label=_("Nhận thư tổng hợp việc cần làm mỗi sáng"),
        required=False,
        help_text=_("Chỉ gửi khi có việc đang chờ bạn."),
    )
    language = forms.ChoiceField(
        label=_("Ngôn ngữ của thư"),
        required=False,
        choices=[("", _("Mặc định (Tiếng Việt)")), *settings.LANGUAGES],
    )
