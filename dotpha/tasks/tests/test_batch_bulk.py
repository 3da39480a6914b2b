"""A batch decision writes its tasks in bulk: the same rows a one-by-one approval writes (the task's new state
and version, its history row, its timeline event and that event's history; in a closed period, the change
reason and the edited_after_lock event), in a number of queries that does not follow the number of tasks."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dotpha.accounts.models import Role, RoleGrant
from dotpha.org.tests.factories import CadreFactory, make_user
from dotpha.programmes.models import Decision, Period
from dotpha.tasks.models import Task, TaskEvent, TaskStatus
from dotpha.tasks.services import decision_approve_batch, task_approve

pytestmark = pytest.mark.django_db

SIGNED = datetime.date(2024, 4, 10)


def submitted(stage, count: int) -> list[Task]:
    cadres = [CadreFactory.create(managing_unit=stage.world.standing) for _ in range(max(1, count // 5))]
    return [stage.make_task(cadre=cadres[i % len(cadres)], status=TaskStatus.SUBMITTED) for i in range(count)]


def written(task: Task) -> dict:
    """What an approval leaves on a task, without the ids and times that differ between two tasks."""
    task.refresh_from_db()
    history = list(task.history.order_by("history_id"))
    last = history[-1]
    events = list(TaskEvent.objects.filter(task=task).order_by("pk"))
    return {
        "task": (task.status, task.approved_on, task.approved_by_id, task.review_comment, task.version),
        "history": (
            len(history),
            last.history_type,
            last.history_user_id,
            last.history_change_reason,
            last.status,
            last.approved_on,
            last.decision_id is not None,
            last.review_comment,
        ),
        "events": [
            (
                e.kind,
                e.actor_id,
                e.comment,
                sorted(e.payload),
                e.history.count(),
                e.history.get().history_user_id,
            )
            for e in events
        ],
    }


def approve_both_ways(stage, actor, one, many) -> None:
    """`one` alone and `many` in a batch, each into an open decision of the standing committee (a closed
    period takes no new decision, but an open one still receives tasks)."""
    first, second = (
        Decision.objects.create(
            programme=stage.programme,
            period=stage.period,
            number=number,
            title="Quyết định phê duyệt",
            signed_on=SIGNED,
            issuing_unit=stage.world.standing,
            created_by=actor,
        )
        for number in ("1-QĐ/TU", "2-QĐ/TU")
    )
    task_approve(actor=actor, task=one, comment="Đồng ý.", decision=first)
    decision_approve_batch(actor=actor, tasks=many, comment="Đồng ý.", decision=second)


def test_a_batch_writes_the_rows_an_approval_one_by_one_writes(stage):
    one, *many = submitted(stage, 3)
    approve_both_ways(stage, stage.approver, one, many)
    alone = written(one)
    assert alone["task"][0] == TaskStatus.APPROVED and [e[0] for e in alone["events"]] == ["approved"]
    for task in many:
        assert written(task) == alone


def test_in_a_closed_period_the_organizers_batch_keeps_the_reason_and_the_event(stage):
    """An organizer who is also an approver approves in a closed period: each task's history row gives the
    reason, and its timeline says it was changed after the lock, as for one approval."""
    actor = make_user("tochuc-duyet", Role.ORGANIZER, stage.world.standing)
    RoleGrant.objects.create(user=actor, role=Role.APPROVER, unit=stage.world.standing)
    one, *many = submitted(stage, 3)
    Period.objects.filter(pk=stage.period.pk).update(
        closed_at=datetime.datetime(2025, 1, 5, tzinfo=datetime.UTC)
    )
    approve_both_ways(stage, actor, one, many)
    alone = written(one)
    assert alone["history"][3] == "Sửa khi kỳ đã khóa"
    assert [e[0] for e in alone["events"]] == ["approved", "edited_after_lock"]
    for task in many:
        assert written(task) == alone


def test_the_queries_do_not_follow_the_number_of_tasks(stage, django_assert_max_num_queries):
    small, large = submitted(stage, 20), submitted(stage, 200)
    with CaptureQueriesContext(connection) as twenty:
        decision_approve_batch(
            actor=stage.approver, tasks=small, number="1-QĐ/TU", signed_on=SIGNED, today=SIGNED
        )
    # ten times the tasks: a handful more statements at most, where SQLite splits a long insert (999
    # parameters a statement); one approval at a time took five per task
    with django_assert_max_num_queries(len(twenty) + 10):
        decision_approve_batch(
            actor=stage.approver, tasks=large, number="2-QĐ/TU", signed_on=SIGNED, today=SIGNED
        )
    assert Task.objects.filter(status=TaskStatus.APPROVED).count() == 220
    assert TaskEvent.objects.filter(kind="approved").count() == 220
