from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_POST

from dotpha.accounts.access import can_manage_account, is_organizer, unit_roots_visible_to
from dotpha.accounts.forms import LoginForm, PreferencesForm, StyledPasswordChangeForm
from dotpha.accounts.http import AuthedHttpRequest
from dotpha.accounts.models import RoleGrant, User
from dotpha.accounts.selectors import locked_accounts_visible_to, recent_unlocks_visible_to
from dotpha.accounts.services.preferences import remember_language, update_preferences
from dotpha.accounts.services.unlock import unlock_account
from dotpha.core.errors import ApplicationError
from dotpha.core.inbox import inbox


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            failure_limit=settings.AXES_FAILURE_LIMIT,
            lockout_minutes=round(settings.AXES_COOLOFF_TIME * 60),
            **kwargs,
        )


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = StyledPasswordChangeForm


@login_required
def home(request: AuthedHttpRequest) -> HttpResponse:
    """Việc cần làm: what waits for the user, in the groups the apps register (dotpha.core.inbox), above
    their roles and units."""
    grants = RoleGrant.objects.filter(user=request.user).select_related("unit").order_by("role")
    return render(
        request,
        "accounts/home.html",
        {
            "inbox": inbox(request.user, timezone.localdate()),
            "grants": grants,
            "roots": unit_roots_visible_to(request.user),
            "cadre": request.user.cadre,
        },
    )


@login_required
def my_account(request: AuthedHttpRequest) -> HttpResponse:
    """Tài khoản của tôi: the person's own settings, the daily digest and the language of their mail."""
    account = request.user
    initial = {"digest_enabled": account.digest_enabled, "language": account.language}
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            update_preferences(
                actor=request.user,
                account=account,
                digest_enabled=form.cleaned_data["digest_enabled"],
                language=form.cleaned_data["language"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lưu cài đặt tài khoản."))
            return redirect("my_account")
    return render(request, "accounts/my_account.html", {"form": form})


def set_language(request) -> HttpResponse:
    """The language switch of every page (Django's view, which sets the cookie); a signed-in person's
    choice is also remembered on their account, for the mail the worker writes to them."""
    response = i18n.set_language(request)
    language = request.POST.get("language", "") if request.method == "POST" else ""
    if request.user.is_authenticated and language in {code for code, _name in settings.LANGUAGES}:
        remember_language(actor=request.user, language=language)
    return response


@login_required
def locked_accounts(request: AuthedHttpRequest) -> HttpResponse:
    if not is_organizer(request.user):
        raise PermissionDenied
    return render(
        request,
        "accounts/locked_accounts.html",
        {
            "locked": locked_accounts_visible_to(request.user),
            "unlocks": recent_unlocks_visible_to(request.user),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
        },
    )


@login_required
@require_POST
def unlock(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    if not is_organizer(request.user):
        raise PermissionDenied
    account = get_object_or_404(User, pk=pk)
    if not can_manage_account(request.user, account):
        raise Http404  # an account outside the organizer's scope is not named to them
    address = request.POST.get("address")
    if address is None:
        messages.error(request, _("Chọn địa chỉ máy cần mở khóa cho tài khoản này."))
        return redirect("accounts:locked")
    try:
        record = unlock_account(actor=request.user, account=account, address=address)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _(
                "Đã mở khóa tài khoản “%(username)s” cho địa chỉ %(address)s; "
                "từ máy đó đăng nhập lại được ngay."
            )
            % {"username": account.username, "address": record.addresses},
        )
    return redirect("accounts:locked")
