"""The page where a user makes and revokes their own API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dotpha.accounts.http import AuthedHttpRequest
from dotpha.api.forms import TokenForm
from dotpha.api.models import ApiToken
from dotpha.api.services import token_create, token_revoke
from dotpha.core.errors import ApplicationError


@login_required
def token_list(request: AuthedHttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    created = ""
    if request.method == "POST" and form.is_valid():
        try:
            _token, created = token_create(
                actor=request.user, name=form.cleaned_data["name"], expires_on=form.cleaned_data["expires_on"]
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            form = TokenForm()
    tokens = ApiToken.objects.filter(user=request.user)
    # The new token is shown in this response only; it is not stored and cannot be shown again.
    return render(request, "api/tokens.html", {"form": form, "tokens": tokens, "created": created})


@login_required
@require_POST
def token_revoke_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    # Someone else's token is answered as not found.
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    try:
        token_revoke(actor=request.user, token=token)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Đã thu hồi mã “%(name)s”; hệ thống dùng mã này không gọi được API nữa.")
            % {"name": token.name},
        )
    return redirect("tokens:list")
