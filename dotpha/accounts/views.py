from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from dotpha.accounts.forms import StyledPasswordChangeForm
from dotpha.accounts.models import RoleGrant
from dotpha.core.http import AuthedHttpRequest
from dotpha.org.selectors import unit_roots_visible_to


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(failure_limit=settings.AXES_FAILURE_LIMIT, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = StyledPasswordChangeForm


@login_required
def home(request: AuthedHttpRequest) -> HttpResponse:
    grants = RoleGrant.objects.filter(user=request.user).select_related("unit").order_by("role")
    return render(
        request,
        "accounts/home.html",
        {"grants": grants, "roots": unit_roots_visible_to(request.user), "cadre": request.user.cadre},
    )
