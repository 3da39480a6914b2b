"""A batch decision's notifications are written in bulk: the same people hear the same thing (kind, text,
link, e-mail) as if each step had been notified on its own, in a number of queries after the commit that
does not follow the number of tasks."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dotpha.accounts.models import Role
from dotpha.notifications.models import Notification
from dotpha.notifications.task_events import notify_task_event
from dotpha.org.tests.factories import CadreFactory, make_user
from dotpha.programmes.models import Decision
from dotpha.programmes.tests.factories import PeriodFactory, ProgrammeFactory
from dotpha.tasks.events import record_many
from dotpha.tasks.models import Task, TaskEvent, TaskStatus
from dotpha.tasks.services import decision_approve_batch
from dotpha.tasks.tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


class Scene:
    """Tasks of every kind of assignee under the standing committee: the cadre Hạnh (who has an account
    and an address), cadres without an account, Sở Nội vụ (its director manages it) and the old commune
    merged into Xã Tân Lập (whose manager inherits it); one of them written by the approver himself."""

    def __init__(self, world):
        self.world = world
        self.programme = ProgrammeFactory.create(issuing_unit=world.standing)
        self.period = PeriodFactory.create(programme=self.programme, name="2024")
        self.approver = world.users["approver"]
        self.cadre = world.users["cadre"]
        self.cadre.email = "hanh@example.vn"
        self.cadre.save()
        self.director = world.users["unit_manager"]
        self.commune_manager = make_user("quanly-xa", Role.UNIT_MANAGER, world.commune)
        self.commune_manager.email = "xa@example.vn"
        self.commune_manager.save()
        self.commune_approver = make_user("duyet-xa", Role.APPROVER, world.commune)
        self.decisions = 0

    def tasks(self, count: int, status: str = TaskStatus.SUBMITTED) -> list[Task]:
        no_account = [CadreFactory.create(managing_unit=self.world.standing) for _ in range(3)]
        kinds = [
            {"assignee_cadre": self.cadre.cadre, "author": self.cadre},
            {"assignee_cadre": no_account[0], "author": self.cadre},
            {"assignee_cadre": no_account[1], "author": self.approver},
            {"assignee_unit": self.world.home_affairs, "author": self.director},
            {"assignee_unit": self.world.old_commune, "author": self.cadre},
        ]
        return [
            TaskFactory.create(
                programme=self.programme,
                period=self.period,
                authority_unit=self.world.standing,
                status=status,
                **kinds[i % len(kinds)],
            )
            for i in range(count)
        ]

    def approve(self, tasks: list[Task]) -> None:
        self.decisions += 1
        decision = Decision.objects.create(
            programme=self.programme,
            period=self.period,
            number=f"{self.decisions}-QĐ/TU",
            title="Quyết định phê duyệt",
            signed_on=datetime.date(2024, 4, 10),
            issuing_unit=self.world.standing,
            created_by=self.approver,
        )
        decision_approve_batch(actor=self.approver, tasks=tasks, comment="Đồng ý.", decision=decision)


@pytest.fixture
def scene(world) -> Scene:
    return Scene(world)


def sent() -> tuple[list[tuple], list[tuple]]:
    """The notifications and the e-mails, in an order that does not depend on which was written first."""
    rows = sorted(Notification.objects.values_list("recipient__username", "kind", "title", "url", "emailed"))
    mails = sorted((m.subject, m.body, tuple(m.to)) for m in mail.outbox)
    return rows, mails


def one_by_one(
    events: list[TaskEvent], django_capture_on_commit_callbacks
) -> tuple[list[tuple], list[tuple]]:
    """What the single path sends for the same events, once the bulk path's output has been cleared."""
    Notification.objects.all().delete()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for event in events:
            notify_task_event(event)
    return sent()


def test_a_batch_approval_tells_whom_one_by_one_approvals_tell(scene, django_capture_on_commit_callbacks):
    tasks = scene.tasks(20)
    with django_capture_on_commit_callbacks(execute=True):
        scene.approve(tasks)
    bulk = sent()
    rows, mails = bulk
    # Hạnh (author or assignee), the director (author and manager of Sở Nội vụ), the manager of the commune
    # that inherited the old one; never the approver who decided, though he wrote a task
    assert {(r[0], r[1]) for r in rows} == {
        ("canbo", "approved"),
        ("giamdoc", "approved"),
        ("quanly-xa", "approved"),
    }
    assert mails and {m[2] for m in mails} == {("hanh@example.vn",), ("xa@example.vn",)}
    assert all(r[4] == (r[0] in {"canbo", "quanly-xa"}) for r in rows)
    events = list(TaskEvent.objects.filter(task__in=tasks).select_related("task").order_by("pk"))
    assert len(events) == 20
    assert one_by_one(events, django_capture_on_commit_callbacks) == bulk


def test_every_kind_of_step_reaches_the_same_people_in_bulk(scene, django_capture_on_commit_callbacks):
    """Steps told to the authority (including an authority merged into another) and to the assignee,
    and a step nobody is told about, recorded together."""
    tasks = scene.tasks(20)
    merged = scene.tasks(5)
    Task.objects.filter(pk__in=[t.pk for t in merged]).update(authority_unit=scene.world.old_commune)
    for task in merged:
        task.refresh_from_db()
    kinds = ["submitted", "returned", "obstacle_raised", "adjustment_refused", "edited_after_lock"]
    events = [
        # five tasks of each kind of assignee a step, the tasks of the merged authority first
        TaskEvent(task=task, kind=kinds[i // 5], actor=scene.cadre, comment="Bổ sung." if i % 2 else "")
        for i, task in enumerate(merged + tasks)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        record_many(events, actor=scene.cadre)
    bulk = sent()
    recipients = {(r[0], r[1]) for r in bulk[0]}
    assert ("duyet-xa", "submitted") in recipients and ("thuongtruc", "obstacle_raised") in recipients
    assert ("giamdoc", "returned") in recipients and ("quanly-xa", "adjustment_decided") in recipients
    assert not any(r[0] == "canbo" for r in bulk[0])  # she recorded the steps
    assert one_by_one(events, django_capture_on_commit_callbacks) == bulk


def after_commit_queries(scene, tasks, django_capture_on_commit_callbacks) -> int:
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        scene.approve(tasks)
        before_commit = len(queries)
    return len(queries) - before_commit


def test_the_queries_after_the_commit_do_not_follow_the_number_of_tasks(
    scene, django_capture_on_commit_callbacks
):
    small, large = scene.tasks(20), scene.tasks(200)
    twenty = after_commit_queries(scene, small, django_capture_on_commit_callbacks)
    two_hundred = after_commit_queries(scene, large, django_capture_on_commit_callbacks)
    # ten times the tasks: a few more inserts at most, where SQLite splits a long one (999 parameters a
    # statement); one notification at a time took four queries per task
    assert two_hundred <= twenty + 5
    # of five tasks, one is written by the approver who decides and one tells two people; four have an address
    assert Notification.objects.filter(kind="approved").count() == 220
    assert len(mail.outbox) == Notification.objects.filter(emailed=True).count() == 176
