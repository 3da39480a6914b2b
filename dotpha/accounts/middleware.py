"""A person signed in with a temporary password (set by the organisation board) changes it before anything
else: every page but the change-password page and signing out sends them there."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


class ForcedPasswordChangeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = (reverse("password_change"), reverse("logout"))
            if request.path not in allowed and not request.path.startswith(("/static/", "/i18n/")):
                messages.info(request, _("Bạn đang dùng mật khẩu tạm: hãy đặt mật khẩu mới để tiếp tục."))
                return redirect("password_change")
        return self.get_response(request)
