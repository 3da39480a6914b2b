"""Keeps `TaskFacts` current on every save and delete of an input, in the writer's transaction.

Signals rather than calls in each service: the services are the door for users, but the demo, the fixtures
and the tests write through model saves too, and a missed refresh is a wrong figure nobody sees; a signal
cannot be forgotten by a new write path. What signals do not see (`QuerySet.update`, `bulk_create`,
`bulk_update`) calls `dotpha.tasks.facts.refresh_facts` where it happens.

A save refreshes only when an input of the facts changed (compared with the values the instance was loaded
with), so that the many saves that touch other columns (a task's version, a period's closing) cost nothing.
"""

from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Model, QuerySet
from django.db.models.signals import post_delete, post_init, post_save

from dotpha.org.models import Appointment, Cadre
from dotpha.programmes.models import Period, Programme
from dotpha.tasks.facts import fill_missing_facts, refresh_deadlines_between, refresh_where
from dotpha.tasks.models import Evaluation, Milestone, ProgressReport, Task, YearReview
from dotpha.workdays.models import NonWorkingDay
from dotpha.workdays.signals import calendar_rebuilt

_UNKNOWN = object()

# model -> (the columns the facts read, the Task lookup that finds the tasks affected, the attribute holding
# its value on the instance)
WATCHED: dict[type[Model], tuple[tuple[str, ...], str, str]] = {
    Task: (
        (
            "assignee_unit_id",
            "assignee_cadre_id",
            "authority_unit_id",
            "period_id",
            "programme_id",
            "deadline",
            # not read by the facts, but by what is counted from them and by the progress rule
            # (`facts_refreshed`'s receivers)
            "status",
            "field_id",
            "kind",
            "start_date",
            "approved_on",
        ),
        "pk",
        "id",
    ),
    Cadre: (("managing_unit_id", "sort_key"), "assignee_cadre_id", "id"),
    Period: (("end_date", "start_date", "kind"), "period_id", "id"),
    Programme: (("report_cadence",), "programme_id", "id"),
    Appointment: (
        ("cadre_id", "unit_id", "position_id", "start_date", "end_date"),
        "assignee_cadre_id",
        "cadre_id",
    ),
    NonWorkingDay: (("day", "next_working_day"), "deadline", "day"),
}
# rows of a task: any save or delete changes its facts (a year review only what is counted from them)
CHILDREN = (ProgressReport, Milestone, Evaluation, YearReview)


def _snapshot(instance: Model, columns: tuple[str, ...]) -> tuple:
    # read from __dict__: a deferred column must not cost a query at every load
    return tuple(instance.__dict__.get(c, _UNKNOWN) for c in columns)


def _loaded(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    instance._facts_loaded = _snapshot(instance, WATCHED[sender][0])  # type: ignore[attr-defined]


def _saved(sender: type[Model], instance: Model, created: bool, raw: bool = False, **kwargs: Any) -> None:
    columns, lookup, key = WATCHED[sender]
    before = getattr(instance, "_facts_loaded", None)
    now = _snapshot(instance, columns)
    instance._facts_loaded = now  # type: ignore[attr-defined]
    if not created and before == now and _UNKNOWN not in now:
        return
    if created and sender in (Cadre, Period, Programme):
        return  # nothing counts under it yet
    values = {instance.__dict__.get(key)}
    if before is not None and key in columns:
        values.add(before[columns.index(key)])  # moved: the tasks of the old value too
    refresh_where(lookup, values - {_UNKNOWN})


def _deleted(sender: type[Model], instance: Model, origin: Any = None, **kwargs: Any) -> None:
    if _deleting_tasks(origin):
        return
    if sender is NonWorkingDay and isinstance(origin, QuerySet):
        return  # a year's rebuild (`workdays.build`): `calendar_rebuilt` follows, one refresh for the year
    _columns, lookup, key = WATCHED[sender]
    refresh_where(lookup, [instance.__dict__.get(key)])


def _deleting_tasks(origin: Any) -> bool:
    """A task's deletion cascades to its rows and facts: refreshing it then would recreate its facts."""
    return isinstance(origin, Task) or (isinstance(origin, QuerySet) and origin.model is Task)


def _child_changed(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if _deleting_tasks(kwargs.get("origin")):
        return
    refresh_where("pk", [instance.task_id])  # type: ignore[attr-defined]


def _calendar_rebuilt(sender: Any, first: Any, last: Any, **kwargs: Any) -> None:
    refresh_deadlines_between(first, last)


def fill_after_migrate(sender: Any, plan: Any = None, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """After a `migrate` that applied migrations and left the schema at the last one, the tasks without facts
    (those of a database from before migration 0012) get them, computed by the live code on the live schema.
    A `migrate` to an earlier migration leaves them to the one that gets to the end; `flush` (no plan) and a
    `migrate` with nothing to apply look for nothing."""
    if not plan or using != DEFAULT_DB_ALIAS:
        return
    executor = MigrationExecutor(connections[using])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return
    fill_missing_facts()


def connect() -> None:
    for model in WATCHED:
        uid = f"task_facts_{model._meta.label_lower}"
        post_init.connect(_loaded, sender=model, dispatch_uid=f"{uid}_init")
        post_save.connect(_saved, sender=model, dispatch_uid=f"{uid}_save")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"{uid}_delete")
    for model in CHILDREN:
        uid = f"task_facts_{model._meta.label_lower}"
        post_save.connect(_child_changed, sender=model, dispatch_uid=f"{uid}_save")
        post_delete.connect(_child_changed, sender=model, dispatch_uid=f"{uid}_delete")
    calendar_rebuilt.connect(_calendar_rebuilt, dispatch_uid="task_facts_calendar")
