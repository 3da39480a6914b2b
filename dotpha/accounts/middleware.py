"""A person signed in with a temporary password (set by the organisation board) changes it before anything
else: every page but the change-password page and signing out sends them there. And the idle timeout."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
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


# Seconds between two writes of an active person's session row (see IdleTimeoutMiddleware).
REFRESH_SECONDS = 60


class IdleTimeoutMiddleware:
    """The idle timeout: a session row expires SESSION_COOKIE_AGE after it was last written, so a signed-in
    person's activity writes it again, but only when it was written more than REFRESH_SECONDS ago, rather
    than on every request (SESSION_SAVE_EVERY_REQUEST made each page an UPDATE of the session table). The
    granularity that costs: the session ends between SESSION_COOKIE_AGE − REFRESH_SECONDS and
    SESSION_COOKIE_AGE after the person's last request (14 to 15 minutes by default), never later."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if SESSION_KEY in session:  # read from its row: `stored_expiry` is known (dotpha.accounts.sessions)
            written_for = session.stored_expiry - timezone.now()  # the idle time the last write allowed
            if written_for <= datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - REFRESH_SECONDS):
                session.modified = True  # SessionMiddleware saves the row with a new expiry
        return self.get_response(request)
