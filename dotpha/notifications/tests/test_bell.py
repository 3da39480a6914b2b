"""The bell: every page shows the signed-in user's unread notifications and links to them; the count follows
the tasks' workflow, opening a notification and "mark all read"."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dotpha.notifications.models import Notification
from dotpha.notifications.services import notification_mark_read, notifications_mark_all_read, notify
from dotpha.programmes.tests.factories import PeriodFactory, ProgrammeFactory
from dotpha.tasks.models import TaskStatus
from dotpha.tasks.services import task_return_for_revision
from dotpha.tasks.tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


def bell(client, url: str = "/") -> int:
    """The bell's figure on a page (0 when it shows none); it always links to the notifications."""
    text = client.get(url).text
    found = re.search(r'<a [^>]*href="([^"]+)" id="bell"[^>]*>(.*?)</a>', text, re.S)
    assert found is not None, f"no bell on {url}"
    assert found.group(1) == reverse("notifications:list")
    count = re.search(r"data-unread>(\d+)<", found.group(2))
    return int(count.group(1)) if count else 0


def test_the_bell_counts_when_a_task_of_the_cadre_is_returned(
    world, client, django_capture_on_commit_callbacks
):
    cadre, approver = world.users["cadre"], world.users["approver"]
    programme = ProgrammeFactory.create(issuing_unit=world.standing)
    task = TaskFactory.create(
        programme=programme,
        period=PeriodFactory.create(programme=programme),
        assignee_cadre=cadre.cadre,
        author=cadre,
        authority_unit=world.standing,
        status=TaskStatus.SUBMITTED,
    )
    client.force_login(cadre)
    assert bell(client) == 0
    with django_capture_on_commit_callbacks(execute=True):  # the workflow notifies once it has committed
        task_return_for_revision(actor=approver, task=task, comment="Bổ sung sản phẩm đầu ra.")
    # on every page, not the home page only
    assert bell(client) == bell(client, reverse("tasks:mine")) == 1
    client.force_login(approver)
    assert bell(client) == 0


def test_opening_one_and_marking_all_read_lower_the_count(world, client):
    cadre = world.users["cadre"]
    first, *_ = notify(recipients=[cadre], kind="approved", title="a", url=reverse("tasks:mine"))
    notify(recipients=[cadre], kind="returned", title="b")
    notify(recipients=[cadre], kind="returned", title="c")
    client.force_login(cadre)
    assert bell(client) == 3
    response = client.post(reverse("notifications:open", args=[first.pk]))
    assert response.url == reverse("tasks:mine")
    assert bell(client) == 2
    client.post(reverse("notifications:read_all"))
    assert bell(client) == 0


def test_the_services_mark_only_the_users_own_notifications(world):
    cadre, organizer = world.users["cadre"], world.users["organizer"]
    (mine,) = notify(recipients=[cadre], kind="approved", title="a")
    notify(recipients=[organizer], kind="approved", title="b")
    notification_mark_read(actor=cadre, notification=mine)
    assert notifications_mark_all_read(actor=cadre) == 0
    assert Notification.objects.filter(recipient=organizer, read_at__isnull=True).count() == 1
    assert notifications_mark_all_read(actor=organizer) == 1


def _bell_queries(client) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("org:unit_tree")).status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def test_the_bell_costs_one_query_and_is_not_there_before_sign_in(world, client):
    cadre = world.users["cadre"]
    client.force_login(cadre)
    notify(recipients=[cadre], kind="approved", title="a")
    _bell_queries(client)  # warm: the session, the content types
    few = _bell_queries(client)
    for n in range(20):
        notify(recipients=[cadre], kind="approved", title=f"b{n}")
    many = _bell_queries(client)
    assert len(many) == len(few)
    # the bell is one count of the unread notifications
    assert len([sql for sql in many if "notifications_notification" in sql]) == 1
    client.logout()
    assert 'id="bell"' not in client.get(reverse("login")).text
