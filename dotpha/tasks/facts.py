"""Per-task facts (`TaskFacts`): computed from the record here, and only here.

`FACT_EXPRESSIONS` is the from-scratch definition: the correlated subqueries every statistic used to run per
task (home unit, latest report, first report at 100%, the earliest undone milestone, the graded evaluation,
the deadline moved past days off, the programme's cadence), the days the progress rule moves a task to at
risk or to late reporting (`behind_from`, `stale_after`), and the assignee's name key. `refresh_facts`
evaluates them for some tasks and upserts the rows in one statement (`INSERT … SELECT … ON CONFLICT DO
UPDATE`), whatever the number of tasks, inside the caller's transaction: a reader later in the same request
reads the new row.

Kept current by `dotpha.tasks.facts_signals` (every save and delete of an input) and by explicit calls where
a write bypasses signals (`QuerySet.update`, `bulk_create`, `bulk_update`). `deferred_facts()` collects the
refreshes of a bulk write (the demo, the benchmark's data, an import) and runs them once at its end.
`rebuild_facts()` recomputes every row (the `rebuild_task_facts` command).
"""

import contextlib
import datetime
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import (
    BigIntegerField,
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Coalesce
from django.db.models.lookups import LessThan

from dotpha.org.models import Appointment
from dotpha.programmes.models import CADENCE_DAYS, ReportCadence
from dotpha.tasks.models import Evaluation, Milestone, ProgressReport, Task, TaskFacts
from dotpha.tasks.selectors.progress import AT_RISK_TOLERANCE, DayNumber
from dotpha.tasks.signals import facts_refreshed
from dotpha.workdays.calendar import effective_date

REBUILD_BATCH = 20_000


def home_unit_expression() -> Coalesce:
    """The task's home unit id (the rule in `dotpha.reports.selectors.base`'s docstring): the collective's
    unit; else the unit of the cadre's post at the end of the task's period (the post held then, else the
    latest one started before it ends; the higher position first); else the cadre's managing unit; else the
    task's authority."""
    post = (
        Appointment.objects.filter(
            cadre=OuterRef("assignee_cadre"), start_date__lte=OuterRef("period__end_date")
        )
        .order_by(F("end_date").desc(nulls_first=True), "position__rank", "-start_date", "-pk")
        .values("unit_id")[:1]
    )
    return Coalesce(
        "assignee_unit_id",
        Subquery(post),
        "assignee_cadre__managing_unit_id",
        "authority_unit_id",
        output_field=BigIntegerField(),
    )


def fact_expressions() -> dict[str, object]:
    """Each column of `TaskFacts` as an expression on Task: the definition the stored rows must equal."""
    reports = ProgressReport.objects.filter(task=OuterRef("pk"))
    latest = reports.order_by("-reported_on", "-pk")
    undone = Milestone.objects.filter(task=OuterRef("pk"), done_on__isnull=True).order_by("due_date")
    latest_percent = Subquery(latest.values("percent_done")[:1])
    last_report_on = Subquery(latest.values("reported_on")[:1])
    cadence_days = Case(
        *(When(programme__report_cadence=c.value, then=Value(d)) for c, d in CADENCE_DAYS.items()),
        default=Value(CADENCE_DAYS[ReportCadence.MONTHLY]),
        output_field=IntegerField(),
    )
    return {
        "home_unit_id": home_unit_expression(),
        "latest_percent": latest_percent,
        "last_report_on": last_report_on,
        "completed_on": Subquery(
            reports.filter(percent_done=100).order_by("reported_on", "pk").values("reported_on")[:1]
        ),
        "milestone_due": Subquery(undone.values("due_date")[:1]),
        "evaluated": Exists(Evaluation.objects.filter(task=OuterRef("pk")).exclude(grade="")),
        "effective_deadline": effective_date("deadline"),
        "cadence_days": cadence_days,
        "behind_from": behind_from_expression(latest_percent),
        "stale_after": stale_after_expression(last_report_on, cadence_days),
        "assignee_key": F("assignee_cadre__sort_key"),
    }


def behind_from_expression(latest_percent: Subquery) -> Case:
    """The first day (days since 1970) the task is at risk by time: the rule's `100 * elapsed > (percent +
    tolerance) * duration`, elapsed counted from the start (else approval) and never below 0. The least
    whole `elapsed` past `allowance` is `allowance // 100 + 1`; a negative allowance (a deadline before the
    start) is passed from day 0. No start or no deadline: never."""
    start = DayNumber(Coalesce("start_date", "approved_on"))
    allowance = (Coalesce(latest_percent, Value(0)) + Value(AT_RISK_TOLERANCE)) * (
        DayNumber("deadline") - start
    )
    return Case(
        When(
            Q(start_date__isnull=True, approved_on__isnull=True) | Q(deadline__isnull=True), then=Value(None)
        ),
        When(LessThan(allowance, Value(0)), then=Value(0)),
        default=start + allowance / Value(100) + Value(1),
        output_field=IntegerField(),
    )


def stale_after_expression(last_report_on: Subquery, cadence_days: Case | Subquery) -> CombinedExpression:
    """The last day (days since 1970) before the task's reporting is late: its last report, before any the
    later of approval and start, plus the programme's cadence. Neither known: never late."""
    baseline = Coalesce(
        last_report_on,
        Case(
            When(approved_on__isnull=True, then=F("start_date")),
            When(start_date__isnull=True, then=F("approved_on")),
            When(approved_on__gt=F("start_date"), then=F("approved_on")),
            default=F("start_date"),
        ),
    )
    return DayNumber(baseline) + cadence_days


COLUMNS = [
    "home_unit_id",
    "latest_percent",
    "last_report_on",
    "completed_on",
    "milestone_due",
    "evaluated",
    "effective_deadline",
    "cadence_days",
    "behind_from",
    "stale_after",
    "assignee_key",
]


def computed_facts(tasks: QuerySet[Task]) -> QuerySet:
    """(task id, *COLUMNS) computed from the record, for `tasks`: what the stored rows must equal."""
    names = [f"_f_{c}" for c in COLUMNS]
    exprs = fact_expressions()
    return (
        tasks.order_by()
        .annotate(**{n: exprs[c] for n, c in zip(names, COLUMNS, strict=True)})  # type: ignore[arg-type]
        .values_list("pk", *names)
    )


def _upsert(tasks: QuerySet[Task]) -> None:
    select, params = computed_facts(tasks).query.sql_with_params()
    table = connection.ops.quote_name(TaskFacts._meta.db_table)
    cols = [connection.ops.quote_name(c) for c in COLUMNS]  # the columns are named as the attributes
    key = connection.ops.quote_name("task_id")
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in cols)
    # SQLite needs the SELECT to have a WHERE (it has: the ids) to read ON CONFLICT as the upsert clause
    sql = (
        f"INSERT INTO {table} ({key}, {', '.join(cols)}) {select} ON CONFLICT ({key}) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    facts_refreshed.send(sender=TaskFacts, tasks=tasks)


@dataclass
class _Pending:
    """Tasks to refresh, as `<lookup>__in` value sets (task ids, cadres, periods, programmes, deadlines),
    so that any number of writes become one statement."""

    by: dict[str, set] = field(default_factory=dict)

    def add(self, lookup: str, values: Iterable) -> None:
        self.by.setdefault(lookup, set()).update(v for v in values if v is not None)

    def q(self) -> Q | None:
        found = [Q(**{f"{lookup}__in": sorted(values)}) for lookup, values in self.by.items() if values]
        if not found:
            return None
        q = found[0]
        for other in found[1:]:
            q |= other
        return q


_deferred: ContextVar[_Pending | None] = ContextVar("deferred_task_facts", default=None)


def refresh_where(lookup: str, values: Iterable) -> None:
    """Refreshes the tasks whose `lookup` is among `values` (`pk`, `assignee_cadre_id`, `period_id`,
    `programme_id`, `deadline`), now or at the end of `deferred_facts()`."""
    pending = _deferred.get()
    if pending is not None:
        pending.add(lookup, values)
        return
    one = _Pending()
    one.add(lookup, values)
    q = one.q()
    if q is not None:
        _upsert(Task.objects.filter(q))


def refresh_facts(task_ids: Iterable[int] | QuerySet[Task]) -> None:
    """Recomputes and stores the facts of these tasks (ids, or a Task queryset): one statement."""
    if isinstance(task_ids, QuerySet):
        if _deferred.get() is not None:
            refresh_where("pk", task_ids.values_list("pk", flat=True))
        else:
            _upsert(Task.objects.filter(pk__in=task_ids.values("pk")))  # type: ignore[misc]
        return
    refresh_where("pk", task_ids)


def refresh_deadlines_between(first: datetime.date, last: datetime.date) -> None:
    """The calendar of these days changed: the tasks due then may have another effective deadline."""
    if _deferred.get() is not None:
        # a range rarely comes inside a bulk write; its tasks' ids keep the pending set one statement
        refresh_where("pk", Task.objects.filter(deadline__range=(first, last)).values_list("pk", flat=True))
        return
    _upsert(Task.objects.filter(deadline__range=(first, last)))


@contextlib.contextmanager
def deferred_facts() -> Iterator[None]:
    """Inside: every refresh is collected; at the end, one refresh of them all (nested: the outermost)."""
    if _deferred.get() is not None:
        yield
        return
    pending = _Pending()
    token = _deferred.set(pending)
    try:
        yield
    finally:
        _deferred.reset(token)
    q = pending.q()
    if q is not None:
        _upsert(Task.objects.filter(q))


def rebuild_facts(batch: int = REBUILD_BATCH) -> int:
    """Recomputes every task's facts, by ranges of ids (constant memory), and drops the rows of no task.
    Returns the number of tasks."""
    TaskFacts.objects.exclude(task__in=Task.objects.all()).delete()
    done = 0
    last = 0
    while True:
        ids = list(Task.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch])
        if not ids:
            return done
        with transaction.atomic():
            _upsert(Task.objects.filter(pk__gt=last, pk__lte=ids[-1]))
        done += len(ids)
        last = ids[-1]


def fill_missing_facts(batch: int = REBUILD_BATCH) -> int:
    """Computes the facts of the tasks that have none (a database upgraded from before the facts), by batches
    of ids. Returns the number of tasks filled."""
    done = 0
    while True:
        ids = list(
            Task.objects.filter(facts__isnull=True).order_by("pk").values_list("pk", flat=True)[:batch]
        )
        if not ids:
            return done
        with transaction.atomic():
            _upsert(Task.objects.filter(pk__in=ids))
        done += len(ids)
