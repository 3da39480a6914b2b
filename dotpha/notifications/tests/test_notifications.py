import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from dotpha.accounts.models import Role, RoleGrant
from dotpha.core.errors import PermissionDeniedError
from dotpha.notifications.models import Notification, NotificationKind
from dotpha.notifications.recipients import approvers_of, people_of_assignee, role_holders_over_units
from dotpha.notifications.reminders import send_task_reminders
from dotpha.notifications.services import notification_mark_read, notify
from dotpha.notifications.task_events import notify_task_event
from dotpha.programmes.tests.factories import PeriodFactory, ProgrammeFactory
from dotpha.tasks.events import record
from dotpha.tasks.tests.factories import ProgressReportFactory, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def task_factory(world):
    programme = ProgrammeFactory.create(issuing_unit=world.standing)
    period = PeriodFactory.create(
        programme=programme,
        name="2026",
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 12, 31),
    )
    cadre = world.users["cadre"]

    def make(**kwargs):
        return TaskFactory.create(
            programme=programme,
            period=period,
            assignee_cadre=cadre.cadre,
            author=cadre,
            authority_unit=world.standing,
            **kwargs,
        )

    return make


def test_notify_creates_a_row_per_recipient_and_mails_on_commit(world, django_capture_on_commit_callbacks):
    organizer, cadre = world.users["organizer"], world.users["cadre"]
    cadre.email = "hanh@example.vn"
    cadre.save()
    with django_capture_on_commit_callbacks(execute=True):
        rows = notify(
            recipients=[organizer, cadre, cadre], kind=NotificationKind.APPROVED, title="Việc A đã duyệt"
        )
    assert len(rows) == 2
    assert Notification.objects.filter(kind="approved").count() == 2
    assert [m.to for m in mail.outbox] == [["hanh@example.vn"]]
    assert "Việc A đã duyệt" in mail.outbox[0].body
    assert Notification.objects.get(recipient=cadre).emailed is True


def test_nothing_is_mailed_when_the_transaction_rolls_back(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(recipients=[world.users["cadre"]], kind=NotificationKind.APPROVED, title="x")
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_dedupe_key_sends_once(world):
    for _ in range(2):
        notify(
            recipients=[world.users["cadre"]], kind=NotificationKind.REPORT_DUE, title="x", dedupe_key="k:1"
        )
    assert Notification.objects.count() == 1


def test_only_the_recipient_marks_read(world):
    (row,) = notify(recipients=[world.users["cadre"]], kind=NotificationKind.APPROVED, title="x")
    with pytest.raises(PermissionDeniedError):
        notification_mark_read(actor=world.users["organizer"], notification=row)
    notification_mark_read(actor=world.users["cadre"], notification=row)
    row.refresh_from_db()
    assert row.read_at is not None


def test_approvers_of_a_unit_include_grants_above_it(world):
    assert list(approvers_of(world.standing)) == [world.users["approver"]]
    assert list(approvers_of(world.home_affairs)) == []


def test_a_grant_that_has_ended_or_not_begun_notifies_nobody(world, task_factory):
    task = task_factory()
    grant = RoleGrant.all_objects.get(user=world.users["approver"], role=Role.APPROVER)
    today = timezone.localdate()
    for start, end in [(None, today), (today + datetime.timedelta(days=1), None)]:
        RoleGrant.all_objects.filter(pk=grant.pk).update(start_date=start, end_date=end)
        assert list(approvers_of(world.standing)) == []
        assert role_holders_over_units([world.standing], Role.APPROVER) == {world.standing.pk: []}
        notify_task_event(record(task=task, kind="submitted", actor=world.users["cadre"]))
        assert not Notification.objects.filter(recipient=world.users["approver"]).exists()
    tomorrow = today + datetime.timedelta(days=1)
    RoleGrant.all_objects.filter(pk=grant.pk).update(start_date=None, end_date=tomorrow)
    assert list(approvers_of(world.standing)) == [world.users["approver"]]


def test_task_events_reach_the_authority_and_the_assignee(world, task_factory):
    task = task_factory()
    event = record(task=task, kind="submitted", actor=world.users["cadre"])
    notify_task_event(event)
    assert list(Notification.objects.values_list("recipient__username", "kind")) == [
        ("thuongtruc", "submitted")
    ]
    event = record(task=task, kind="returned", actor=world.users["approver"], comment="Bổ sung chỉ tiêu")
    notify_task_event(event)
    returned = Notification.objects.get(kind="returned")
    assert returned.recipient == world.users["cadre"]
    assert "Bổ sung chỉ tiêu" in returned.title
    assert returned.url == reverse("tasks:detail", args=[task.pk])
    assert world.users["cadre"] in people_of_assignee(task)


def test_reminders_for_stale_and_overdue_tasks_are_sent_once_a_day(world, task_factory):
    # on schedule at its last report (80% in September), but no report since: stale, not at risk
    stale = task_factory(
        status="approved",
        start_date=datetime.date(2026, 1, 1),
        deadline=datetime.date(2026, 12, 31),
        approved_on=datetime.date(2026, 1, 1),
    )
    ProgressReportFactory.create(
        task=stale, reported_on=datetime.date(2026, 9, 1), percent_done=80, author=world.users["cadre"]
    )
    overdue = task_factory(
        status="approved",
        start_date=datetime.date(2026, 1, 1),
        deadline=datetime.date(2026, 3, 31),
        approved_on=datetime.date(2026, 1, 1),
    )
    today = datetime.date(2026, 11, 25)
    first = send_task_reminders(today=today)
    again = send_task_reminders(today=today)
    assert (again.report_due, again.overdue) == (0, 0)
    assert first.report_due >= 1 and first.overdue >= 2  # assignee, and the approver for overdue
    due = Notification.objects.filter(kind="report_due")
    assert {n.url for n in due} == {reverse("tasks:detail", args=[stale.pk])}
    over = Notification.objects.filter(kind="overdue")
    assert {n.recipient.username for n in over} == {"canbo", "thuongtruc"}
    assert all("31/03/2026" in n.title for n in over)
    assert {n.url for n in over} == {reverse("tasks:detail", args=[overdue.pk])}


def test_daily_job_sends_reminders_and_schedules_the_next_morning(world, task_factory):
    from django.tasks import task_backends
    from django.tasks.backends.dummy import DummyBackend

    from dotpha.notifications.tasks import daily_reminders

    backend = task_backends["default"]
    assert isinstance(backend, DummyBackend)  # the test settings store jobs without running them

    task_factory(
        status="approved",
        start_date=datetime.date(2026, 1, 1),
        deadline=datetime.date(2026, 3, 31),
        approved_on=datetime.date(2026, 1, 1),
    )
    backend.clear()
    result = daily_reminders.call()
    assert result["overdue"] >= 1
    assert Notification.objects.filter(kind="overdue").exists()
    (queued,) = backend.results
    assert queued.task.name == "daily_reminders"
    assert queued.task.run_after is not None and queued.task.run_after.hour == 7


def test_send_reminders_command(world, task_factory):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "Việc:" in out.getvalue() and "Theo dõi xã:" in out.getvalue()
