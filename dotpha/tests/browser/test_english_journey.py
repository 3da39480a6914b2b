"""The English switch in chromium: the pages of the inbox, bell, approval and search journeys, visited in
English by the people who use them, hold no Vietnamese outside what people wrote (task titles, names,
units, comments: Vietnamese by nature). Every string the page gets from a template, from the code or from
the models (their names, their fields' names, the labels of their choices: statuses, roles, task
kinds...) must be translated; one left fails the test, named with its context.

What people wrote is every text value in the database (`_data_strings`); it is taken out of the page's
text, and what remains may hold no Vietnamese letter (one with a diacritic, or đ). The page's text is
what a person reads and what a screen reader says: the visible text, and the labels, titles and
placeholders of its elements."""

import re
import unicodedata

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from playwright.sync_api import expect

from dotpha.tasks.models import Task, TaskStatus
from dotpha.tasks.services import task_return_for_revision
from dotpha.tests.browser.conftest import login
from dotpha.tests.browser.test_task_journey import programme  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RETURNED = "Số hóa 100% hồ sơ cán bộ của Sở Nội vụ"
WAITING = "Chuyển đổi số trong quản lý văn bản"
# the language switch names each language in itself; the product's name is not translated; a decision's
# number ("E.g. 125-QĐ/TU") is written as the office writes it
OWN_NAMES = [name for _code, name in settings.LANGUAGES] + ["Đột phá", "125-QĐ/TU"]

_PAGE_TEXT = """() => {
  const parts = [document.body.innerText];
  for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], input[type=submit]')) {
    for (const name of ['aria-label', 'title', 'placeholder', 'value']) {
      if (name === 'value' && el.type !== 'submit') continue;
      const v = el.getAttribute(name);
      if (v) parts.push(v);
    }
  }
  parts.push(document.title);
  return parts.join('\\n');
}"""


def _vietnamese(ch: str) -> bool:
    return ch in "đĐ" or any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", ch))


def _data_strings() -> list[str]:
    """Every text value in the database."""
    values: set[str] = set()
    for model in apps.get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField) and not f.choices
        ]
        if not fields or model._meta.app_label in {"sessions", "admin", "contenttypes", "auth"}:
            continue
        for row in model._default_manager.values_list(*fields):
            values.update(str(v).strip() for v in row if v and any(map(_vietnamese, str(v))))
    return list(values)


def _without(text: str, values: list[str]) -> str:
    """The text with each value taken out where it stands as whole words ("Năm" out of "Năm 2026", not
    out of "Năm sinh"'s neighbour "Năm nay")."""
    pieces = set()
    for value in values:
        pieces.add(value.strip())
        # a long text the page shortens or marks word by word: its lines one by one
        pieces.update(line.strip() for line in value.splitlines() if len(line.strip()) > 3)
    for piece in sorted((p for p in pieces if p), key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(piece)}(?!\w)", "·", text)
    return text


def _vietnamese_lines(text: str) -> set[str]:
    return {line.strip() for line in text.splitlines() if any(map(_vietnamese, line))}


def untranslated(page) -> set[str]:
    """The lines of the page with Vietnamese left once what people wrote is taken out."""
    text = page.evaluate(_PAGE_TEXT)
    # all at once, the longest first: a role's label before a unit's name inside it
    return _vietnamese_lines(_without(text, [*_data_strings(), *OWN_NAMES]))


@pytest.fixture
def tasks(world, programme):  # noqa: F811
    def submitted(title: str) -> Task:
        return Task.objects.create(
            programme=programme,
            period=programme.periods.get(),
            title=title,
            description="Quét, nhập liệu hồ sơ giấy.",
            assignee_cadre=world.users["cadre"].cadre,
            authority_unit=world.standing,
            author=world.users["cadre"],
            status=TaskStatus.SUBMITTED,
        )

    returned = submitted(RETURNED)
    task_return_for_revision(actor=world.users["approver"], task=returned, comment="Bổ sung chỉ tiêu.")
    return {"returned": returned, "waiting": submitted(WAITING)}


def visit(page, live_server, username: str, paths: list[str], left: dict) -> None:
    """Each page in English: its untranslated lines into `left`."""
    page.context.clear_cookies()
    login(page, live_server, username)
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    for path in paths:
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        if lines := untranslated(page):
            left[f"{username} {path}"] = sorted(lines)


def test_the_journeys_pages_in_english_leave_no_vietnamese_in_their_chrome(
    world, tasks, live_server, page, shoot
):
    page.set_viewport_size({"width": 1280, "height": 900})
    returned, waiting = tasks["returned"], tasks["waiting"]
    left: dict[str, list[str]] = {}
    # the cadre: her inbox, the bell's notifications, the returned task, her tasks
    mine = ["/", "/notifications/", f"/tasks/{returned.pk}/", "/tasks/mine/"]
    visit(page, live_server, "canbo", mine, left)
    # the approver: the queue, searched, and a task to decide
    queue = ["/", "/tasks/approvals/?q=chuyen+doi", f"/tasks/{waiting.pk}/"]
    visit(page, live_server, "thuongtruc", queue, left)
    # the organizer: the task list searched, and the change log
    visit(page, live_server, "tochuc", ["/", "/tasks/?q=so+hoa", "/audit/"], left)
    shoot(page, "english-01-change-log")
    assert not left, "\n".join(f"{where}: {lines}" for where, lines in left.items())
