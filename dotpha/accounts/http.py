from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from dotpha.accounts.models import User


class AuthedHttpRequest(HttpRequest):
    """The request a @login_required view receives: its user is a real account, htmx is attached."""

    user: User  # type: ignore[assignment]
    htmx: HtmxDetails
