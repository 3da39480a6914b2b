"""The navigation bar. Each app registers the pages it offers in its AppConfig.ready(), with who may open
them; the bar lists, by `order`, those whose `shown_to` holds for the signed-in user:

    from dotpha.core.navigation import NavEntry, register_nav_entry
    register_nav_entry(NavEntry("programmes:list", _("Chương trình"), order=100, shown_to=runs_programmes))

Core sits below every app, so it asks them through this registry instead of importing their permissions.
Orders go in tens (10 "Trang chủ" … 180 "Quản trị") so that a new page fits between two others.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise


def everyone(user: Any) -> bool:
    """Every signed-in user (the bar is empty before sign-in)."""
    return True


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: Promise  # gettext_lazy: translated in the language of each request
    order: int
    # the organisation board's tools fold into one "Quản lý" menu so the bar fits on one line on a
    # mid-size screen; daily pages stay in the bar
    more: bool = False
    # core cannot name the account model (accounts sits above it): each app's predicate takes its User
    shown_to: Callable[[Any], bool] = everyone


_ENTRIES: dict[str, NavEntry] = {}


def register_nav_entry(entry: NavEntry) -> None:
    """Adds (or replaces, by URL name) an entry. Two pages at one order would leave their place in the
    bar to chance, so that is refused at start-up."""
    for other in _ENTRIES.values():
        if other.order == entry.order and other.url_name != entry.url_name:
            raise ImproperlyConfigured(
                f"Navigation entries {other.url_name} and {entry.url_name} share the order {entry.order}."
            )
    _ENTRIES[entry.url_name] = entry


def entries() -> list[NavEntry]:
    return sorted(_ENTRIES.values(), key=lambda entry: entry.order)


def navigation(request: HttpRequest) -> dict:
    """The context processor: the bar's items, the "Quản lý" menu's, and whether the page open is in it."""
    user = request.user
    if not user.is_authenticated:
        return {"nav_items": [], "nav_more": []}
    items = [
        (reverse(entry.url_name), str(entry.label), entry.more) for entry in entries() if entry.shown_to(user)
    ]
    path = request.path
    # the longest matching address wins: /tasks/mine/ is "Việc của tôi", not "Danh sách việc" (/tasks/)
    matches = [url for url, _label, _more in items if path == url or (url != "/" and path.startswith(url))]
    active = max(matches, key=len, default=None)
    nav = [{"url": url, "label": label, "active": url == active, "more": more} for url, label, more in items]
    more = [i for i in nav if i["more"]]
    return {"nav_items": nav, "nav_more": more, "nav_more_active": any(i["active"] for i in more)}
