"""The approval queue as a working table: the approver's submitted tasks filtered, sorted and annotated with
what a decision needs at a glance (the assignee's post, how many tasks they already carry against the
programme's limits, a start or deadline already past). The page and the API read the same queryset; the
batch approval re-runs it to approve "all the tasks the filter finds"."""

import datetime
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import overload

from django.db import models
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from dotpha.accounts.access import units_visible_to
from dotpha.accounts.models import User
from dotpha.org.models import Appointment, Unit
from dotpha.tasks.models import COUNTED_STATUSES, Task
from dotpha.tasks.selectors import approval_queue, in_unit_subtree
from dotpha.tasks.selectors.search import search_tasks
from dotpha.tasks.selectors.seek import rows_by_id


class QueueSort(models.TextChoices):
    """The columns the queue sorts by; the minus sign sorts descending."""

    CADRE = "cadre", _("cán bộ, tập thể")
    CADRE_DESC = "-cadre", _("cán bộ, tập thể (ngược)")
    UNIT = "unit", _("đơn vị")
    UNIT_DESC = "-unit", _("đơn vị (ngược)")
    SUBMITTED = "submitted", _("ngày gửi")
    SUBMITTED_DESC = "-submitted", _("ngày gửi (mới nhất trước)")
    DEADLINE = "deadline", _("thời hạn")
    DEADLINE_DESC = "-deadline", _("thời hạn (xa nhất trước)")


# Names sort on their folded form ("Đặng" among the D's, not after "Z" as the databases' binary order
# would put it). Ties fall back to the submission order, then the id, so that pages never overlap.
_ORDERING: dict[str, str] = {
    "cadre": "assignee_sort",
    "unit": "workplace_sort",
    "submitted": "submitted_at",
    "deadline": "deadline",
}


@dataclass(frozen=True)
class QueueFilters:
    """What the approver narrows the queue to. `unit`: tasks of a collective in its subtree or of a cadre
    now working in it (`in_unit_subtree`)."""

    programme_id: int | None = None
    period_id: int | None = None
    unit: Unit | None = None
    field_id: int | None = None
    submitted_from: datetime.date | None = None
    submitted_to: datetime.date | None = None
    search: str = ""
    sort: str = QueueSort.SUBMITTED


def approval_queue_table(user: User, filters: QueueFilters, *, today: datetime.date) -> QuerySet[Task]:
    """The user's approval queue narrowed by `filters`, sorted, each task annotated with `assignee_name`,
    `assignee_post` and `assignee_workplace` (the cadre's current post and unit; a collective's own unit),
    `assignee_task_count` (tasks submitted or approved for the same assignee in the same period, this one
    included), `start_passed` and `deadline_passed`. Paginate it:
    a count and a page query, whatever the number of tasks."""
    qs = approval_queue(user)
    if filters.programme_id is not None:
        qs = qs.filter(programme_id=filters.programme_id)
    if filters.period_id is not None:
        qs = qs.filter(period_id=filters.period_id)
    if filters.field_id is not None:
        qs = qs.filter(field_id=filters.field_id)
    if filters.unit is not None:
        qs = qs.filter(in_unit_subtree(filters.unit))
    if filters.submitted_from is not None:
        qs = qs.filter(submitted_at__date__gte=filters.submitted_from)
    if filters.submitted_to is not None:
        qs = qs.filter(submitted_at__date__lte=filters.submitted_to)
    if filters.search.strip():
        # every word, anywhere in the task (the order stays the one chosen for the queue)
        qs = search_tasks(qs, filters.search)
    return _annotated(qs, today).order_by(*_ordering(filters.sort))


class PagedByIds(Sequence[Task]):
    """A sorted queue for the paginator that reads a page's ids first, then those tasks whole. Sorted by a
    name (a join to the cadres and the units), PostgreSQL sorted every waiting task with all its columns and
    annotations to keep fifty (50,000 at a million tasks: 160 ms, the sort spilling to disk); the ids alone
    sort in memory from the queue's covering index (31 ms), and the fifty are read by key."""

    ordered = True  # the table's order, which the page keeps

    def __init__(self, table: QuerySet[Task]) -> None:
        self.table = table

    def __len__(self) -> int:  # the paginator's count, read once
        return self.table.count()

    @overload
    def __getitem__(self, index: int) -> Task: ...
    @overload
    def __getitem__(self, index: slice) -> list[Task]: ...
    def __getitem__(self, index: int | slice) -> Task | list[Task]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        # a task decided by another approver between the two reads has left the queue: not shown
        return rows_by_id(self.table, list(self.table.values_list("pk", flat=True)[index]))


def _ordering(sort: str) -> list[str]:
    if sort not in QueueSort.values:
        sort = QueueSort.SUBMITTED
    sign = "-" if sort.startswith("-") else ""
    return [f"{sign}{_ORDERING[sort.removeprefix('-')]}", "submitted_at", "pk"]


def _annotated(qs: QuerySet[Task], today: datetime.date) -> QuerySet[Task]:
    current = Appointment.objects.filter(cadre=OuterRef("assignee_cadre"), end_date__isnull=True).order_by(
        "-start_date", "-pk"
    )
    same_assignee = (
        Task.objects.filter(period=OuterRef("period"), status__in=COUNTED_STATUSES)
        # NULL never equals NULL: a cadre's task matches on the cadre, a collective's on the unit
        .filter(Q(assignee_cadre=OuterRef("assignee_cadre")) | Q(assignee_unit=OuterRef("assignee_unit")))
        .order_by()
        .values("period")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(
        assignee_name=Coalesce(F("assignee_cadre__full_name"), F("assignee_unit__name")),
        assignee_post=Subquery(current.values("position__name")[:1]),
        assignee_workplace=Coalesce(F("assignee_unit__name"), Subquery(current.values("unit__name")[:1])),
        assignee_sort=Coalesce(F("assignee_cadre__search_text"), F("assignee_unit__search_text")),
        workplace_sort=Coalesce(
            F("assignee_unit__search_text"), Subquery(current.values("unit__search_text")[:1])
        ),
        assignee_task_count=Coalesce(Subquery(same_assignee, output_field=IntegerField()), Value(0)),
        start_passed=ExpressionWrapper(Q(start_date__lt=today), output_field=BooleanField()),
        deadline_passed=ExpressionWrapper(Q(deadline__lt=today), output_field=BooleanField()),
    )


def queue_units(user: User) -> QuerySet[Unit]:
    """The units the queue's unit filter offers: those the user sees, and those where the people of their
    queue work, with every unit above them (an approver granted on the standing committee approves cadres
    of the whole province). Current units only, in tree order."""
    queue = approval_queue(user).order_by()
    # distinct paths: a province's queue holds tens of thousands of tasks, in a few hundred units
    working = (
        Appointment.objects.filter(
            cadre__in=queue.exclude(assignee_cadre=None).values("assignee_cadre"), end_date__isnull=True
        )
        .values_list("unit__path", flat=True)
        .distinct()
    )
    # the distinct unit ids first (a hash of integers), then their paths: not a path joined per waiting task
    collectives = Unit.objects.filter(
        pk__in=queue.exclude(assignee_unit=None).values("assignee_unit_id")
    ).values_list("path", flat=True)
    paths = {*working, *collectives}
    above = {path[:end] for path in paths for end in range(Unit.steplen, len(path) + 1, Unit.steplen)}
    return Unit.objects.filter(
        Q(path__in=above) | Q(pk__in=units_visible_to(user).values("pk")), valid_to__isnull=True
    ).order_by("path")


def selection_digest(task_ids: Iterable[int]) -> str:
    """A short fingerprint of a set of tasks: the confirmation carries the one it showed, and the approval
    refuses when the tasks found at that moment are no longer those (someone approved or sent one)."""
    joined = ",".join(str(pk) for pk in sorted(set(task_ids)))
    return hashlib.sha256(joined.encode()).hexdigest()[:16]
