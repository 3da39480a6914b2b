"""The inbox registry: groups in their order, only the lines with something waiting, one order per group."""

import datetime
from typing import cast

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise

from dotpha.core import inbox as registry
from dotpha.core.inbox import InboxGroup, InboxLine, inbox, register_inbox_group

TODAY = datetime.date(2026, 12, 3)


def label(text: str) -> Promise:
    """A plain string in place of an app's gettext_lazy label (the registry only turns it into str), so
    these test names stay out of the translation catalogue."""
    return cast(Promise, text)


@pytest.fixture
def groups(monkeypatch):
    """An empty registry for the test, the apps' groups put back after it."""
    monkeypatch.setattr(registry, "_GROUPS", {})


def test_groups_come_in_order_with_only_the_lines_waiting(groups):
    register_inbox_group(
        InboxGroup("late", label("Sau"), order=20, lines=lambda user, today: [InboxLine("b", 2, "/b/")])
    )
    register_inbox_group(
        InboxGroup(
            "early",
            label("Trước"),
            order=10,
            lines=lambda user, today: [InboxLine("a", 0, "/a/"), InboxLine("c", 1, "/c/")],
        )
    )
    register_inbox_group(
        InboxGroup("hidden", label("Ẩn"), order=30, lines=lambda user, today: [], shown_to=bool)
    )
    sections = inbox(None, TODAY)  # `bool(None)` is false: the last group is not this user's
    assert [(s.key, [line.label for line in s.lines]) for s in sections] == [
        ("early", ["c"]),
        ("late", ["b"]),
    ]


def test_two_groups_at_one_order_are_refused_at_start_up(groups):
    register_inbox_group(InboxGroup("one", label("Một"), order=10, lines=lambda user, today: []))
    with pytest.raises(ImproperlyConfigured):
        register_inbox_group(InboxGroup("two", label("Hai"), order=10, lines=lambda user, today: []))
