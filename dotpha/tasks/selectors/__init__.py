"""Reads of tasks, always scoped to the viewer. Progress states live in `selectors.progress`."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet

from dotpha.accounts.access import holds_every_tree, role_paths, scope_of
from dotpha.accounts.models import Role, User
from dotpha.core.any_of import AnyOf
from dotpha.org.models import Appointment, Cadre, Unit
from dotpha.programmes.models import Period
from dotpha.tasks.models import (
    COUNTED_STATUSES,
    DEADLINE_KEY,
    AdjustmentRequest,
    AdjustmentStatus,
    CoResponsibleCadre,
    Obstacle,
    ObstacleStatus,
    ProgressReport,
    Task,
    TaskEvent,
    TaskFacts,
    TaskOrigin,
    TaskStatus,
)
from dotpha.tasks.selectors.progress import (
    COMPLETED_STATES,
    ProgressState,
    derive_progress,
    progress_q,
    task_progress,
    with_progress,
)
from dotpha.tasks.selectors.search import search_tasks, title_rank
from dotpha.tasks.selectors.seek import (
    COUNT_BOUND,
    BoundedCount,
    SeekPage,
    bounded_count,
    rows_by_id,
    seek_page,
)

__all__ = [
    "COMPLETED_STATES",
    "Listed",
    "ProgressState",
    "adjustments_awaiting_decision",
    "approval_queue",
    "assignee_task_count",
    "can_view_task",
    "derive_progress",
    "in_unit_subtree",
    "my_tasks",
    "obstacles_awaiting_answer",
    "progress_q",
    "search_list",
    "task_detail",
    "task_list",
    "task_progress",
    "task_timeline",
    "tasks_to_evaluate",
    "tasks_visible_to",
    "with_progress",
]

# The list's order (`seek_deadline`: DEADLINE_KEY, the index's expression), a seek order (selectors.seek).
LIST_ORDER = ("seek_deadline", "pk")

LIST_RELATED = (
    "programme",
    "period",
    "field",
    "assignee_cadre",
    "assignee_unit",
    "authority_unit",
    "decision",
    "evaluation",
)


def _under(paths: tuple[str, ...], prefix: str) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{prefix}path__startswith": path})
    return q


def tasks_visible_to(user: User) -> QuerySet[Task]:
    """Organizers, approvers, unit managers, inspectors and commune committees see the tasks whose
    assignee unit, assignee cadre's current unit or managing unit, authority unit, or home unit (the unit the
    statistics count the task under, `TaskFacts.home_unit`) lies in their subtrees (merged units included).
    Everyone sees the tasks they are named in or wrote.

    The home unit makes a unit's figures the same for every viewer of the unit and its list as long as its
    figure: a task counted under a unit is seen by whoever sees that unit (say, its cadre held a post there
    at the end of the period, and has since moved out of the tree that approved the task)."""
    if not user.is_authenticated or not user.is_active:
        return Task.objects.none()
    scope = scope_of(user)
    if holds_every_tree(user):
        # every task has an authority unit, and every unit is in scope: no filter to evaluate per task
        # (the province's organisation board counting a million tasks through four joins and a subquery)
        return Task.objects.all()
    q = Q(author=user)
    if scope.paths:
        # each tie a task's own column among ids read once (`AnyOf`): PostgreSQL finds a commune's tasks
        # through the columns' indexes, where joins and per-task subqueries read every task (0.73 s at 1M)
        units = Unit.objects.filter(_under(scope.paths, "")).values("pk")
        managed_here = Cadre.objects.filter(managing_unit__in=units).values("pk")
        working_here = Appointment.objects.filter(end_date__isnull=True, unit__in=units).values("cadre_id")
        held_post_here = Appointment.objects.filter(unit__in=units).values("cadre_id")
        q |= (
            Q(AnyOf(F("assignee_unit_id"), units))
            | Q(AnyOf(F("assignee_cadre_id"), managed_here))
            | Q(AnyOf(F("authority_unit_id"), units))
            | Q(AnyOf(F("assignee_cadre_id"), working_here))
            # a home unit no other tie shows is the unit of a post its cadre held: of the tasks of cadres
            # who held one in scope, the few whose stored home unit is in scope. Asked last and correlated:
            # joining every task's facts made a province's list 2.3 times slower
            | (
                ~Q(status=TaskStatus.DRAFT)  # a draft counts nowhere: it stays its writers'
                & Q(AnyOf(F("assignee_cadre_id"), held_post_here))
                & Q(Exists(TaskFacts.objects.filter(task=OuterRef("pk"), home_unit__in=units)))
            )
        )
    if user.cadre_id:
        partner = CoResponsibleCadre.objects.filter(task=OuterRef("pk"), cadre_id=user.cadre_id)
        q |= Q(assignee_cadre_id=user.cadre_id) | Q(accountable_cadre_id=user.cadre_id) | Q(Exists(partner))
    return Task.objects.filter(q)


def can_view_task(user: User, task: Task) -> bool:
    """Whether the user may open the task (and download its evidence). One query."""
    return tasks_visible_to(user).filter(pk=task.pk).exists()


def _not_own(qs: QuerySet, user: User, prefix: str = "") -> QuerySet:
    if user.cadre_id:
        qs = qs.exclude(**{f"{prefix}assignee_cadre_id": user.cadre_id}).exclude(
            **{f"{prefix}accountable_cadre_id": user.cadre_id}
        )
    return qs.exclude(
        **{
            f"{prefix}author": user,
            f"{prefix}origin": TaskOrigin.REGISTERED,
            f"{prefix}assignee_unit__isnull": False,
        }
    )


def _authority_q(user: User, prefix: str = "") -> Q:
    """The tasks the user decides on, as `permissions.is_task_authority` says: under their approver grants,
    or, in a programme of their own unit, under their unit-manager grants."""
    if user.is_superuser:
        return Q()
    led = role_paths(user, Role.UNIT_MANAGER)
    return _under(role_paths(user, Role.APPROVER), f"{prefix}authority_unit__") | (
        _under(led, f"{prefix}authority_unit__") & _under(led, f"{prefix}programme__issuing_unit__")
    )


def approval_queue(user: User) -> QuerySet[Task]:
    """Submitted tasks the user must decide on: under their approver grants, never their own."""
    qs = Task.objects.filter(status=TaskStatus.SUBMITTED).filter(_authority_q(user))
    return _not_own(qs, user).select_related(*LIST_RELATED).order_by("submitted_at", "pk")


def tasks_to_evaluate(user: User) -> QuerySet[Task]:
    """Approved tasks the user grades at year end: under their approver grants, never their own."""
    qs = Task.objects.filter(status=TaskStatus.APPROVED).filter(_authority_q(user))
    return _not_own(qs, user)


def obstacles_awaiting_answer(user: User) -> QuerySet[Obstacle]:
    qs = Obstacle.objects.filter(status=ObstacleStatus.OPEN).filter(_authority_q(user, "task__"))
    return _not_own(qs, user, "task__").select_related("task", "raised_by").order_by("created_at")


def adjustments_awaiting_decision(user: User) -> QuerySet[AdjustmentRequest]:
    qs = AdjustmentRequest.objects.filter(status=AdjustmentStatus.PENDING).filter(
        _authority_q(user, "task__")
    )
    return (
        _not_own(qs, user, "task__").select_related("task", "requested_by", "target").order_by("created_at")
    )


def my_tasks(user: User) -> QuerySet[Task]:
    """The tasks the user carries out or registered."""
    if not user.is_authenticated:
        return Task.objects.none()
    q = Q(author=user, origin=TaskOrigin.REGISTERED)
    if user.cadre_id:
        q |= Q(assignee_cadre_id=user.cadre_id) | Q(accountable_cadre_id=user.cadre_id)
    return Task.objects.filter(q).select_related(*LIST_RELATED)


def task_list(
    user: User,
    *,
    today: datetime.date,
    period: Period | None = None,
    status: str = "",
    progress: str = "",
) -> QuerySet[Task]:
    """The list page: visible tasks with their progress state, filterable in SQL, in the order of the
    index `task_deadline_seek` (deadline, no deadline last, then id): narrow it further, search it last
    (`search_list`), page it with `seek.seek_page` (one query, whatever the number of tasks)."""
    qs = (
        with_progress(tasks_visible_to(user), today)
        .select_related(*LIST_RELATED)
        .annotate(seek_deadline=DEADLINE_KEY)
    )
    if period is not None:
        qs = qs.filter(period=period)
    if status:
        qs = qs.filter(status=status)
    if progress:
        # on stored columns: the planner estimates the state's rows, the CASE runs only for the page shown
        qs = qs.filter(progress_q(progress, today))
    return qs.order_by(*LIST_ORDER)


@dataclass(frozen=True)
class Listed:
    tasks: QuerySet[Task]  # in a seek order
    found: BoundedCount | None  # what the search counted as it found the tasks; None: not searched
    keys: QuerySet[Task] | None = None  # the same tasks and order without joins, to seek a page on

    def total(self) -> BoundedCount:
        """The tasks counted up to `COUNT_BOUND`: by the search, else one query."""
        return self.found if self.found is not None else bounded_count(self.tasks)

    def count(self) -> int:
        """The exact number of tasks: the search's, within its bound; else one query."""
        if self.found is not None and not self.found.more:
            return self.found.value
        return self.tasks.count()

    def page(self, *, after: str, before: str = "", size: int) -> SeekPage:
        """One page of the tasks (`seek_page`): sought on `keys` and read by id, when there are keys."""
        if self.keys is None:
            return seek_page(self.tasks, after=after, before=before, size=size)
        return seek_page(self.keys, after=after, before=before, size=size, rows=self.tasks)

    def slice(self, start: int, stop: int) -> list[Task]:
        """The tasks at these places in the order (a page by number): by id from `keys` when there are."""
        if self.keys is None:
            return list(self.tasks[start:stop])
        return rows_by_id(self.tasks, list(self.keys.values_list("pk", flat=True)[start:stop]))


def search_list(tasks: QuerySet[Task], search: str) -> Listed:
    """`task_list`'s tasks, narrowed by every other filter, searched: the ones with more of the words in
    their title first (negated: a seek order is ascending), then in the list's order. Their ids are read
    first, up to `COUNT_BOUND`, unordered, through the search's indexes, and counted so: asked for a page
    ordered by the rank, PostgreSQL sorted every visible task by it before applying the search (4.2 s at a
    million tasks, for a search that found nothing), and counting a phrase that 83,000 tasks hold again
    took as long as finding them. Beyond the bound the tasks come in the list's order, the words but the
    longest tested on each task as its index is walked (`search_tasks`' `walked`), and the page says there
    are more than the bound. Searched last, the bound counts the tasks the page lists."""
    if not search.strip():
        return Listed(tasks=tasks, found=None)
    found = search_tasks(tasks, search)
    ids = list(found.order_by().values_list("pk", flat=True)[: COUNT_BOUND + 1])
    if len(ids) > COUNT_BOUND:
        walked = search_tasks(tasks, search, walked=True).order_by(*LIST_ORDER)
        return Listed(tasks=walked, found=BoundedCount(value=COUNT_BOUND, more=True))
    # the tasks found by their ids alone: asked with the words again, PostgreSQL expected one task and
    # joined each of 2,463 to its cadre by reading every cadre (0.36 s at a million tasks)
    ranked = (
        tasks.filter(pk__in=ids).annotate(seek_rank=-title_rank(search)).order_by("seek_rank", *LIST_ORDER)
    )
    # a page is sought on the tasks' own columns, then its rows read with their joins: sorting by the rank
    # PostgreSQL joined every task found to its evaluation before keeping 50 (0.3 s for 2,463 tasks)
    keys = (
        Task.objects.filter(pk__in=ids)
        .annotate(seek_rank=-title_rank(search), seek_deadline=DEADLINE_KEY)
        .only("pk")
        .order_by("seek_rank", *LIST_ORDER)
    )
    return Listed(tasks=ranked, found=BoundedCount(len(ids), more=False), keys=keys)


def task_detail(user: User, task_id: int) -> Task:
    """One visible task with everything its page shows; raises Task.DoesNotExist otherwise."""
    # a person's name may be their cadre's (User.__str__): the cadre comes with every person shown
    reports = ProgressReport.objects.select_related("author__cadre").prefetch_related(
        "evidence", "target_values"
    )
    return (
        tasks_visible_to(user)
        .select_related(*LIST_RELATED, "accountable_cadre", "author__cadre", "approved_by__cadre")
        .prefetch_related(
            "co_cadres",
            "co_units",
            "milestones",
            "targets",
            Prefetch("progress_reports", queryset=reports),
            "obstacles",
            "adjustments",
        )
        .get(pk=task_id)
    )


def task_timeline(task: Task) -> QuerySet[TaskEvent]:
    return task.events.select_related("actor__cadre").order_by("at", "pk")


def assignee_task_count(period: Period, *, cadre_id: int | None = None, unit_id: int | None = None) -> int:
    """Tasks counted against the programme's maximum (submitted or approved) for one assignee."""
    qs = Task.objects.filter(period=period, status__in=COUNTED_STATUSES)
    if cadre_id is not None:
        return qs.filter(assignee_cadre_id=cadre_id).count()
    return qs.filter(assignee_unit_id=unit_id).count()


def in_unit_subtree(unit: Unit) -> Q:
    """Tasks of a collective in the subtree, or of a cadre now working in it. The subtree is found once
    through the units' materialised path (a range of the path's index), and the tasks by their own columns
    among those few ids (`AnyOf`), through the columns' indexes: `IN (subquery)` inside the OR was tested on
    every visible task (0.36 s for a unit's list at a million tasks, 0.13 s so)."""
    subtree = Unit.objects.filter(path__startswith=unit.path).values("pk")
    working_there = Appointment.objects.filter(end_date__isnull=True, unit__in=subtree).values("cadre_id")
    return Q(AnyOf(F("assignee_unit_id"), subtree)) | Q(AnyOf(F("assignee_cadre_id"), working_there))
