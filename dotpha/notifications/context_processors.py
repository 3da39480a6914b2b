"""The bell in the navigation bar: the signed-in user's unread notifications on every page."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from dotpha.notifications.selectors import unread_count


def unread_notifications(request: HttpRequest) -> dict:
    """`unread_notifications`, counted (one query) only when a page shows it: a page without the bar, or a
    JSON answer, costs nothing. Anonymous visitors get none."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
