"""The statistics' rollups: the board's grouped counts kept as sums, so that the board of a province with a
million tasks adds up a few thousand rows instead of counting the tasks.

- `counted_rows(tasks, as_of)` is the one definition of what a task adds, year by year, written with the
  annotations the live figures use (`selectors.base`: home unit, the year's grade; progress as of `as_of`).
  A year period counts in its year; a phase in each of its years, graded by that year's review before its
  last and by its evaluation in the last (`base.year_result`); "no year chosen" reads each period's last
  year (`last`). What each task added is stored (`CountedTask`), so that a change takes exactly that back out.
- `refresh(tasks)` runs in the writer's transaction, as a receiver of `facts_refreshed` (sent by every refresh
  of the task facts, that is by every write of what the figures read): the tasks' stored rows leave the sums,
  their recomputed rows enter them, by increments (`INSERT … ON CONFLICT DO UPDATE SET n = n + EXCLUDED.n`).
- Progress states move with the date, so the sums hold them as of one day (`RollupState.as_of`). `rebuild()`
  recomputes everything for today: the worker's nightly job, also queued by the first board of a day that
  finds the sums old. Until it has run, the board counts the tasks as before. A change of the working-day
  calendar (which moves "past its date" for every task) marks the sums old.
- Each change, once committed, gives the rollups a new version (`RollupVersion`): the board's sums are kept
  in each server's memory under it (`selectors.rolled.cached_facts`).
- The board reads them (`selectors.rolled`) only for a viewer who sees every task they count under the unit
  asked (`rolled.answers`): the sums do not know who may see what; anyone else counts their own tasks.
"""

import datetime
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import batched

from django.db import connection, transaction
from django.db.models import QuerySet
from django.tasks import task
from django.utils import timezone

from dotpha.org.models import Unit
from dotpha.programmes.models import PeriodKind
from dotpha.reports.models import (
    CADRE_ROLLUP_KEYS,
    CADRE_STATE_ROLLUP_KEYS,
    FIELD_ROLLUP_KEYS,
    HOME_ROLLUP_KEYS,
    ROLLUP_KEYS,
    CadreRollup,
    CadreStateRollup,
    CountedTask,
    FieldRollup,
    HomeRollup,
    RollupState,
    RollupVersion,
    TaskRollup,
)
from dotpha.reports.selectors.base import COUNTED, home_unit, with_states, year_result
from dotpha.tasks.models import Task, TaskStatus, YearReview

BATCH = 5000
NIGHTLY_AT = datetime.time(0, 5)
UPSERT_ROWS = 500


# what a task's rows are made of; the annotations (home unit, progress, the year's grade) are named here
LINE_VALUES = [
    "pk",
    "programme_id",
    "period_id",
    "period__kind",
    "period__start_date__year",
    "period__end_date__year",
    "home_unit",
    "facts__home_unit__path",
    "field_id",
    "kind",
    "status",
    "progress",
    "year_grade",
    "year_ahead",
    "assignee_cadre_id",
]


def counted_rows(tasks: QuerySet[Task], as_of: datetime.date) -> Iterator[CountedTask]:
    """What each counted task among `tasks` adds to the figures, one row per year it counts in."""
    counted = tasks.filter(status__in=COUNTED)
    reviews = {
        (task_id, year): grade
        for task_id, year, grade in YearReview.objects.filter(
            task__in=counted.filter(period__kind=PeriodKind.PHASE).values("pk"), grade__gt=""
        ).values_list("task_id", "year", "grade")
    }
    lines = (
        with_states(counted.annotate(home_unit=home_unit(), **year_result(None)), as_of)
        .order_by()
        .values_list(*LINE_VALUES)
    )
    for (
        pk,
        programme,
        period,
        kind,
        start,
        end,
        home,
        home_path,
        field,
        task_kind,
        status,
        progress,
        grade,
        ahead,
        cadre,
    ) in lines.iterator(chunk_size=BATCH):
        common = {
            "task_id": pk,
            "programme_id": programme,
            "period_id": period,
            "home_unit_id": home or 0,
            "tree_path": (home_path or "")[: Unit.steplen],
            "field_id": field or 0,
            "kind": task_kind,
            "status": status,
            "progress": progress or "",
            "cadre_id": cadre or 0,
        }
        if kind != PeriodKind.PHASE:
            yield CountedTask(year=start, last=True, grade=grade or "", ahead=bool(ahead), **common)
            continue
        for year in range(start, end + 1):
            last = year == end
            yield CountedTask(
                year=year,
                last=last,
                grade=(grade or "") if last else reviews.get((pk, year), ""),
                ahead=bool(ahead) if last else False,
                **common,
            )


def _approved_of_a_cadre(row: CountedTask) -> bool:
    """The board's distinct cadres count a cadre's approved tasks."""
    return row.status == TaskStatus.APPROVED and row.cadre_id != 0


def _of_a_cadre(row: CountedTask) -> bool:
    return row.cadre_id != 0


@dataclass(frozen=True, eq=False)  # one of each: hashed as itself
class Cube:
    """One rollup: the sums of the counted rows over some of their values (`keys`), of the rows `only`
    accepts (every row when None)."""

    model: type[TaskRollup | HomeRollup | FieldRollup | CadreRollup | CadreStateRollup]
    keys: list[str]
    only: Callable[[CountedTask], bool] | None = None

    def counts(self, row: CountedTask) -> bool:
        return self.only is None or self.only(row)

    def key(self, row: CountedTask) -> tuple:
        return tuple(getattr(row, k) for k in self.keys)


CUBES = [
    Cube(TaskRollup, ROLLUP_KEYS),
    Cube(HomeRollup, HOME_ROLLUP_KEYS),
    Cube(FieldRollup, FIELD_ROLLUP_KEYS),
    Cube(CadreRollup, CADRE_ROLLUP_KEYS, only=_approved_of_a_cadre),
    Cube(CadreStateRollup, CADRE_STATE_ROLLUP_KEYS, only=_of_a_cadre),
]
ROW_FIELDS = [f.name for f in CountedTask._meta.concrete_fields if f.name not in ("id", "task")]


class _Sums:
    """The increments of one change, per rollup."""

    def __init__(self) -> None:
        self.by: dict[Cube, Counter[tuple]] = {cube: Counter() for cube in CUBES}

    def add(self, row: CountedTask, sign: int = 1) -> None:
        for cube, counter in self.by.items():
            if cube.counts(row):
                counter[cube.key(row)] += sign


def _state_for_writers() -> datetime.date | None:
    """The day the sums are derived for, read so that a rebuild (which holds the row for update) and a
    writer's increments never interleave: the writer waits for the rebuild and then works on its sums."""
    table = connection.ops.quote_name(RollupState._meta.db_table)
    lock = " FOR SHARE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT as_of FROM {table} WHERE id = 1{lock}")
        found = cursor.fetchone()
    if not found or found[0] is None:
        return None
    value = found[0]
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def refresh(tasks: QuerySet[Task]) -> None:
    """Takes these tasks' rows out of the sums and puts their recomputed rows in (nothing while the sums are
    old: the next rebuild recomputes everything)."""
    with transaction.atomic():
        as_of = _state_for_writers()
        if as_of is not None:
            _replace(tasks.values("pk"), as_of)
            transaction.on_commit(new_version, robust=True)


def new_version() -> None:
    """Gives the rollups a new version: run once their change has committed, so that a board reading the
    new version reads the changed sums. A random token, not a count: a database restored from a backup
    would count again through versions whose sums some server may still keep."""
    RollupVersion.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})


def _replace(ids: QuerySet, as_of: datetime.date) -> None:
    # one writer at a time per task: a second one waits, then reads the rows the first one stored
    list(Task.objects.filter(pk__in=ids).select_for_update().order_by("pk").values_list("pk"))
    mine = CountedTask.objects.filter(task__in=ids)
    sums = _Sums()
    for values in mine.values_list(*ROW_FIELDS).iterator(chunk_size=BATCH):
        sums.add(CountedTask(**dict(zip(ROW_FIELDS, values, strict=True))), -1)
    mine.delete()
    _store(counted_rows(Task.objects.filter(pk__in=ids), as_of), sums)
    for cube, delta in sums.by.items():
        _increment(cube, delta)


def _store(rows: Iterable[CountedTask], sums: _Sums) -> int:
    stored = 0
    for chunk in batched(rows, BATCH, strict=False):
        CountedTask.objects.bulk_create(chunk)
        for row in chunk:
            sums.add(row)
        stored += len(chunk)
    return stored


def _increment(cube: Cube, delta: Counter[tuple]) -> None:
    """Adds `delta` to the sums in as few statements as rows allow, in key order (two writers lock the rows
    they share in the same order). The values are bound parameters; table and columns are the model's."""
    items = sorted((key, n) for key, n in delta.items() if n)
    if not items:
        return
    qn = connection.ops.quote_name
    keys = cube.keys
    table = qn(cube.model._meta.db_table)
    cols = ", ".join(qn(k) for k in keys)  # each key field's column is named as the field
    n = qn("n")
    for chunk in batched(items, UPSERT_ROWS, strict=False):
        values = ", ".join(["(" + ", ".join(["%s"] * (len(keys) + 1)) + ")"] * len(chunk))
        sql = (
            f"INSERT INTO {table} ({cols}, {n}) VALUES {values} "
            f"ON CONFLICT ({cols}) DO UPDATE SET {n} = {table}.{n} + EXCLUDED.{n}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [v for key, count in chunk for v in (*key, count)])


def rebuild(today: datetime.date | None = None) -> int:
    """Recomputes every row and sum for `today` (default: the local date), in one transaction: readers keep
    the old sums until it commits, writers wait for it. Returns the number of rows stored."""
    today = today or timezone.localdate()
    with transaction.atomic():
        RollupState.objects.get_or_create(pk=1)
        RollupState.objects.select_for_update().get(pk=1)
        CountedTask.objects.all().delete()
        for cube in CUBES:
            cube.model.objects.all().delete()
        sums = _Sums()
        stored = _store(counted_rows(Task.objects.all(), today), sums)
        for cube, counter in sums.by.items():
            _increment(cube, counter)  # into empty tables: the same statements insert every sum
        RollupState.objects.filter(pk=1).update(as_of=today)
        transaction.on_commit(new_version)  # at once, or when the caller's transaction commits
    if connection.vendor == "postgresql":
        # the table was rewritten whole: fresh statistics before the planner reads it. The drill-down's state
        # lists join it, and with the statistics of the day before (2 rows for 268,000) a list took 4 s.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(CountedTask._meta.db_table)}")
    return stored


def mark_old() -> None:
    """The sums no longer hold for their day (the calendar changed): the board counts the tasks until the
    next rebuild."""
    RollupState.objects.filter(pk=1).update(as_of=None)


def queue_rebuild(today: datetime.date) -> None:
    """Queues a rebuild for the worker, once a day (the first board that finds the sums old)."""
    if RollupState.objects.filter(pk=1).exclude(queued_on=today).update(queued_on=today):
        rebuild_rollups.enqueue()


def next_night(now: datetime.datetime) -> datetime.datetime:
    """Just after the next local midnight, when the progress states move."""
    tomorrow = timezone.localtime(now).date() + datetime.timedelta(days=1)
    return datetime.datetime.combine(tomorrow, NIGHTLY_AT, tzinfo=timezone.get_current_timezone())


@task()
def rebuild_rollups(nightly: bool = False) -> int:
    """The worker's rebuild; the nightly one schedules its next run (`manage.py schedule_reminders` starts
    it), so one enqueue keeps it going."""
    stored = rebuild()
    if nightly:
        rebuild_rollups.using(run_after=next_night(timezone.now())).enqueue(nightly=True)
    return stored
