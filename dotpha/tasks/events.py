"""The one hook every task service calls after a workflow step.

It writes the step to the task's timeline (`TaskEvent`) and, once the transaction commits, tells the
people who must act or want to know (the `task_event_recorded` signal, or `task_events_recorded` for a
batch, which notifications receives), so a refused or rolled-back action notifies nobody.
"""

from typing import Any

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from dotpha.accounts.models import User
from dotpha.core.history import as_actor
from dotpha.tasks.models import Task, TaskEvent
from dotpha.tasks.signals import task_event_recorded, task_events_recorded


def record(
    *,
    task: Task,
    kind: str,
    actor: User | None,
    comment: str = "",
    payload: dict[str, Any] | None = None,
) -> TaskEvent:
    event = TaskEvent(task=task, kind=kind, actor=actor, comment=comment, payload=payload or {})
    as_actor(event, actor).save()
    transaction.on_commit(lambda: task_event_recorded.send(sender=TaskEvent, event=event))
    return event


def record_many(events: list[TaskEvent], *, actor: User) -> list[TaskEvent]:
    """`record` for many steps of one action (a batch decision): the same timeline and history rows in a
    few inserts and, once the transaction commits, one `task_events_recorded` signal for them all."""
    written = bulk_create_with_history(events, TaskEvent, default_user=actor)

    transaction.on_commit(lambda: task_events_recorded.send(sender=TaskEvent, events=written))
    return written
