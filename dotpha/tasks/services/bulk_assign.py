"""giao việc in bulk: thousands of tasks assigned under one open decision (an imported list) written in a
fixed number of statements, whatever their number: the same rows `task_assign` writes for each (the task
and its history row, its co-responsible cadres and targets with theirs, its "assigned" event and the
event's history row; in a closed period the change reason and an edited_after_lock event), checked by the
same rules (`assigned_task`), all or none."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from dotpha.accounts.models import User
from dotpha.core.errors import ApplicationError
from dotpha.core.history import as_actor
from dotpha.org.models import Cadre
from dotpha.programmes.models import Field, TaskKind
from dotpha.tasks import events
from dotpha.tasks.errors import TaskRefusal
from dotpha.tasks.facts import refresh_facts
from dotpha.tasks.models import CoResponsibleCadre, Target, Task, TaskEvent, TaskEventKind
from dotpha.tasks.services._common import (
    LOCKED_EDIT_REASON,
    TargetInput,
    cadres_in_post,
    check_five_clears,
    check_partner_cadres,
    gate_period,
    new_target,
    today_or,
)
from dotpha.tasks.services.approval import Assignment, assigned_task


@dataclass(frozen=True)
class AssignItem:
    """One task of a batch: what `task_assign` takes for a cadre's task (no milestones: an imported list
    has none)."""

    title: str
    description: str
    start_date: datetime.date
    deadline: datetime.date
    assignee_cadre: Cadre
    kind: str = TaskKind.BREAKTHROUGH
    field: Field | None = None
    deliverable: str = ""
    deadline_wording: str = ""
    targets: Sequence[TargetInput] = ()
    co_cadres: Sequence[Cadre] = ()


class AssignmentsRefused(ApplicationError):
    """Some items were refused: `refusals` maps each refused item's index to its messages. Nothing was
    written."""

    def __init__(self, refusals: dict[int, list[str]]) -> None:
        super().__init__(
            _("%(count)s việc không giao được; chưa giao việc nào.") % {"count": len(refusals)},
            code=TaskRefusal.BATCH_REFUSED,
        )
        self.refusals = refusals


@dataclass
class _Built:
    task: Task
    targets: list[Target]
    co_cadre_ids: list[int]
    locked: bool


@transaction.atomic
def task_assign_many(
    *,
    actor: User,
    assignment: Assignment,
    items: Sequence[AssignItem],
    today: datetime.date | None = None,
    comment: str = "",
) -> list[Task]:
    """`task_assign` of every item under `assignment` (from `open_assignment`, in this transaction): every
    item is checked, every refusal collected (`AssignmentsRefused`, nothing written), else all are written
    together, and the people told once per person for the batch (`task_events_recorded`)."""
    batch, refusals = _check_all(actor, assignment, items, today=today_or(today), comment=comment)
    if refusals:
        raise AssignmentsRefused(refusals)
    _write(actor, assignment, batch, comment=comment)
    tasks = [built.task for built in batch]
    # bulk_create sends no save signal: the new tasks' facts (statistics, progress) are written here
    refresh_facts([task.pk for task in tasks])
    return tasks


def task_assign_many_refusals(
    *,
    actor: User,
    assignment: Assignment,
    items: Sequence[AssignItem],
    today: datetime.date | None = None,
    comment: str = "",
) -> dict[int, list[str]]:
    """What `task_assign_many` would refuse, by item index, without writing anything: a preview's
    question, answered by the same checks."""
    return _check_all(actor, assignment, items, today=today_or(today), comment=comment)[1]


def _check_all(
    actor: User, assignment: Assignment, items: Sequence[AssignItem], *, today: datetime.date, comment: str
) -> tuple[list[_Built], dict[int, list[str]]]:
    held = cadres_in_post({item.assignee_cadre.pk for item in items}, today)
    refusals: dict[int, list[str]] = {}
    batch: list[_Built] = []
    for index, item in enumerate(items):
        try:
            batch.append(_checked(actor, assignment, item, today=today, held=held, comment=comment))
        except ApplicationError as error:
            refusals[index] = [error.message]
        except ValidationError as error:
            refusals[index] = list(error.messages)
    return batch, refusals


def _checked(
    actor: User,
    assignment: Assignment,
    item: AssignItem,
    *,
    today: datetime.date,
    held: set[int],
    comment: str,
) -> _Built:
    """The checks `task_assign` makes, in its order, without writing."""
    task = assigned_task(
        actor=actor,
        programme=assignment.programme,
        period=assignment.period,
        today=today,
        held=held,
        title=item.title,
        description=item.description,
        start_date=item.start_date,
        deadline=item.deadline,
        assignee_cadre=item.assignee_cadre,
        assignee_unit=None,
        kind=item.kind,
        field=item.field,
        deliverable=item.deliverable,
        deadline_wording=item.deadline_wording,
        accountable_cadre=None,
        comment=comment,
    )
    locked = gate_period(assignment.period, actor, task)
    task.decision = assignment.decision
    task.approved_on = assignment.decision.signed_on
    co_cadre_ids = sorted({cadre.pk for cadre in item.co_cadres})
    check_partner_cadres(task, set(co_cadre_ids))
    targets = [new_target(task, target) for target in item.targets]
    check_five_clears(task, milestones=[], has_targets=bool(targets))
    return _Built(task=task, targets=targets, co_cadre_ids=co_cadre_ids, locked=locked)


def _write(actor: User, assignment: Assignment, batch: list[_Built], *, comment: str) -> None:
    """The rows `Write.save` and `Write.event` would write for each task, one bulk insert per table.
    A closed period's reason goes on each history row as `Write` puts it."""
    for built in batch:
        built.task.set_search_text()  # Task.save's part that bulk_create skips
        _as_written(built.task, actor, built.locked)
    bulk_create_with_history([b.task for b in batch], Task, default_user=actor)
    partners = [
        _as_written(CoResponsibleCadre(task=b.task, cadre_id=cadre_id), actor, b.locked)
        for b in batch
        for cadre_id in b.co_cadre_ids
    ]
    targets = [_as_written(target, actor, b.locked) for b in batch for target in b.targets]
    if partners:
        bulk_create_with_history(partners, CoResponsibleCadre, default_user=actor)
    if targets:
        bulk_create_with_history(targets, Target, default_user=actor)
    decision = assignment.decision
    payload = {"decision_id": decision.pk, "decision_number": decision.number}
    timeline = []
    for built in batch:
        task = built.task
        timeline.append(
            TaskEvent(
                task=task, kind=TaskEventKind.ASSIGNED, actor=actor, comment=comment.strip(), payload=payload
            )
        )
        if built.locked:
            timeline.append(
                TaskEvent(
                    task=task,
                    kind=TaskEventKind.EDITED_AFTER_LOCK,
                    actor=actor,
                    comment=LOCKED_EDIT_REASON,
                    payload={"action": TaskEventKind.ASSIGNED},
                )
            )
    events.record_many(timeline, actor=actor)


def _as_written[M: (Task, CoResponsibleCadre, Target)](instance: M, actor: User, locked: bool) -> M:
    as_actor(instance, actor)
    if locked:
        instance._change_reason = LOCKED_EDIT_REASON  # type: ignore[attr-defined]
    return instance
