"""Sign-ins and failed sign-ins in the change log as their own kind.

Django's login view is the one door for signing in and tells only through its signals, so the receivers
here are where a sign-in is recorded (through `services.record_sign_in`). Django's own `update_last_login`
saved the account to stamp `last_login`, and simple-history wrote that save as a change of the account
("Sửa · Tài khoản") with no field changed; it is replaced by a receiver stamping `last_login` the same way
without a history row, since the sign-in row already says it.
"""

import ipaddress

from django.contrib.auth import get_user_model
from django.contrib.auth.models import update_last_login
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.http import HttpRequest
from django.utils import timezone

from dotpha.audit.models import SignInKind
from dotpha.audit.services import record_sign_in


def _address(request: HttpRequest | None) -> str | None:
    # axes has resolved the client behind the trusted proxies (dotpha.accounts.lockout.client_address)
    if request is None:
        return None
    address = getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR")
    try:
        return str(ipaddress.ip_address(address)) if address else None
    except ValueError:
        return None


def on_logged_in(sender, request: HttpRequest | None, user, **kwargs) -> None:
    user.last_login = timezone.now()
    user.skip_history_when_saving = True  # simple-history's switch for one save
    try:
        user.save(update_fields=["last_login"])
    finally:
        del user.skip_history_when_saving
    record_sign_in(
        kind=SignInKind.LOGIN, username=user.get_username(), user=user, ip_address=_address(request)
    )


def on_login_failed(sender, credentials: dict, request: HttpRequest | None = None, **kwargs) -> None:
    username = str(credentials.get("username") or "")
    user = get_user_model().objects.filter(username__iexact=username).first() if username else None
    record_sign_in(kind=SignInKind.FAILED, username=username, user=user, ip_address=_address(request))


def connect() -> None:
    user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
    user_logged_in.connect(on_logged_in, dispatch_uid="dotpha_audit_sign_in")
    user_login_failed.connect(on_login_failed, dispatch_uid="dotpha_audit_sign_in_failed")
