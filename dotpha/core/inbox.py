"""Việc cần làm: the home page of every role lists, in groups, what waits for the signed-in user. Each app
registers its groups in its AppConfig.ready(), the way it registers its navigation entries:

    from dotpha.core.inbox import InboxGroup, register_inbox_group
    register_inbox_group(InboxGroup("approval", _("Phê duyệt"), order=10, lines=approval_lines,
                                    shown_to=may_decide_tasks))

A group's `lines(user, today)` returns its lines: a label, a count and the address of the page that does
the job with its filter set. The count must come from the selector that page lists, so the figure and the
list never disagree; and each line costs a fixed number of queries, whatever the amount of data.
Core sits below every app, so it asks them through this registry instead of importing their selectors.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise

from dotpha.core.navigation import everyone


@dataclass(frozen=True)
class InboxLine:
    label: str
    count: int
    url: str
    # the count stopped at a bound ("hơn 10.000"): a line that may hold a province's tens of thousands
    # of tasks is counted no further than its page's list counts them
    more: bool = False


@dataclass(frozen=True)
class InboxGroup:
    key: str
    label: Promise  # gettext_lazy: translated in the language of each request
    order: int
    lines: Callable[[Any, datetime.date], list[InboxLine]]
    # core cannot name the account model: each app's predicate takes its User
    shown_to: Callable[[Any], bool] = everyone


@dataclass(frozen=True)
class InboxSection:
    """A group as the home page shows it: only the lines with something waiting."""

    key: str
    label: str
    lines: list[InboxLine]


_GROUPS: dict[str, InboxGroup] = {}


def register_inbox_group(group: InboxGroup) -> None:
    """Adds (or replaces, by key) a group. Two groups at one order would leave their place to chance, so
    that is refused at start-up."""
    for other in _GROUPS.values():
        if other.order == group.order and other.key != group.key:
            raise ImproperlyConfigured(
                f"Inbox groups {other.key} and {group.key} share the order {group.order}."
            )
    _GROUPS[group.key] = group


def inbox(user: Any, today: datetime.date) -> list[InboxSection]:
    """The groups shown to the user, in order; a line with nothing waiting is left out (an empty group
    says so on the page)."""
    groups = sorted((g for g in _GROUPS.values() if g.shown_to(user)), key=lambda g: g.order)
    return [
        InboxSection(
            key=group.key,
            label=str(group.label),
            lines=[line for line in group.lines(user, today) if line.count],
        )
        for group in groups
    ]
