"""The look-alikes of a page of tasks: for each, the closest tasks among the same assignee's (earlier
periods included), those of the assignee's unit (its other cadres', the collective's own) and those waiting
in the same approver's queue, and the routine duties the task's programme lists for the task's units (a task
restating one is no breakthrough) — scored by `dotpha.tasks.lookalikes`, the top ones above the threshold.
Drafts are nobody's task yet and never a look-alike.

Six queries whatever the page's length (the colleagues in the page's units, the approver's queue, the
candidates, the routine duties, the pairs already marked "đã xem, không trùng", the look-alikes shown; the
user's grants besides); the candidates are at most `CANDIDATES`, the most recent first, read as a few
columns and scored in Python (rapidfuzz's C code), so that SQLite and PostgreSQL show the same.
"""

import heapq
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import connection, models
from django.db.models import F, Q, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz, process

from dotpha.accounts.models import User
from dotpha.org.models import Appointment
from dotpha.programmes.models import RoutineDuty
from dotpha.tasks.lookalikes import (
    THRESHOLD,
    TOP,
    Word,
    lookalike_text,
    marked_words,
    normalized_lookalike_text,
    similarity,
)
from dotpha.tasks.models import LookalikeDismissal, Task, TaskStatus
from dotpha.tasks.selectors import approval_queue, tasks_visible_to

# the most candidates read for one page: a unit's tasks of several years and a province's queue fit in it
CANDIDATES = 5000
# the most of one assignee's tasks compared: ten years at the practice's most (five a year)
PER_ASSIGNEE = 50


class Relation(models.TextChoices):
    """Why a candidate was compared (the first that holds, in this order)."""

    SAME_ASSIGNEE = "same_assignee", _("cùng người được giao")
    SAME_UNIT = "same_unit", _("cùng đơn vị")
    SAME_QUEUE = "same_queue", _("cùng chờ phê duyệt")
    ROUTINE = "routine", _("nhiệm vụ thường xuyên của đơn vị")


# on equal scores: a recycled task of the assignee's, then a restated routine duty, then the neighbours'
RELATION_ORDER = (Relation.SAME_ASSIGNEE, Relation.ROUTINE, Relation.SAME_UNIT, Relation.SAME_QUEUE)


class Candidate(NamedTuple):
    """A task compared, as few columns as the comparison needs: thousands are read for one page, and only
    the look-alikes shown are read again whole (`_tasks`)."""

    pk: int
    search_text: str
    assignee_cadre_id: int | None
    assignee_unit_id: int | None
    author_id: int
    in_queue: bool = False


CANDIDATE_FIELDS = ("pk", "search_text", "assignee_cadre_id", "assignee_unit_id", "author_id")


@dataclass(frozen=True)
class Lookalike:
    task: Task | None  # None for a routine duty, which is no task (no link, never dismissed)
    score: int
    relation: Relation
    # the look-alike's title (or duty), each word marked when the task's title lacks it
    words: list[Word]
    duty: RoutineDuty | None = None


@dataclass
class TaskLookalikes:
    shown: list[Lookalike] = field(default_factory=list)
    # above the threshold but marked "đã xem, không trùng" with this task
    dismissed: int = 0


def dismissed_pair(a: int, b: int) -> tuple[int, int]:
    """The way `LookalikeDismissal` stores a pair: the lower id first."""
    return (a, b) if a < b else (b, a)


def page_lookalikes(user: User, tasks: Sequence[Task]) -> dict[int, TaskLookalikes]:
    """The look-alikes of each task of the page (by task id), the closest first, at most `TOP`."""
    if not tasks:
        return {}
    cadres = {t.assignee_cadre_id for t in tasks if t.assignee_cadre_id is not None}
    collectives = {t.assignee_unit_id for t in tasks if t.assignee_unit_id is not None}
    # the units where the page's cadres work now, with every cadre working in them (the page's included)
    their_units = Appointment.objects.filter(cadre_id__in=cadres, end_date__isnull=True).values("unit_id")
    units_of: dict[int, set[int]] = defaultdict(set)
    for cadre_id, unit_id in Appointment.objects.filter(
        Q(unit_id__in=their_units) | Q(unit_id__in=collectives), end_date__isnull=True
    ).values_list("cadre_id", "unit_id"):
        units_of[cadre_id].add(unit_id)
    units = {u for us in units_of.values() for u in us} | collectives
    pool = _Pool(_candidates(user, set(units_of) | cadres, units))
    duties = list(
        RoutineDuty.objects.filter(programme_id__in={t.programme_id for t in tasks}, unit_id__in=units)
    )
    dismissed = set(
        LookalikeDismissal.objects.filter(
            Q(task_id__in=[t.pk for t in tasks]) | Q(other_id__in=[t.pk for t in tasks])
        ).values_list("task_id", "other_id")
    )
    ranked = {task.pk: _ranked(task, pool, units_of, dismissed) for task in tasks}
    whole = _tasks({c.pk for shown, _dismissed in ranked.values() for _score, c, _relation in shown})
    return {
        task.pk: TaskLookalikes(
            shown=_with_duties(
                [
                    Lookalike(whole[c.pk], score, relation, marked_words(whole[c.pk].title, task.title))
                    for score, c, relation in shown
                ],
                task.title,
                [
                    d
                    for d in duties
                    if d.programme_id == task.programme_id and d.unit_id in _task_units(task, units_of)
                ],
            ),
            dismissed=dismissed_count,
        )
        for task in tasks
        for shown, dismissed_count in [ranked[task.pk]]
    }


def _task_units(task: Task, units_of: dict[int, set[int]]) -> set[int]:
    """The collective's unit, or the units where the cadre works now."""
    if task.assignee_unit_id is not None:
        return {task.assignee_unit_id}
    return units_of.get(task.assignee_cadre_id, set()) if task.assignee_cadre_id is not None else set()


def _with_duties(found: list[Lookalike], title: str, duties: list[RoutineDuty]) -> list[Lookalike]:
    """The task look-alikes and the routine duties at or above the threshold, the closest `TOP`. A
    programme lists a few duties per unit: each is scored directly."""
    text = lookalike_text(title)
    for duty in duties:
        score = similarity(text, lookalike_text(duty.text))
        if score >= THRESHOLD:
            found.append(Lookalike(None, score, Relation.ROUTINE, marked_words(duty.text, title), duty=duty))
    # stable: tasks of equal score and relation keep their order (the newest first)
    found.sort(key=lambda item: (-item.score, RELATION_ORDER.index(item.relation)))
    return found[:TOP]


def _tasks(pks: set[int]) -> dict[int, Task]:
    """The look-alikes shown, whole, with what the page says of them. One query."""
    related = Task.objects.filter(pk__in=pks).select_related("period", "assignee_cadre", "assignee_unit")
    return {task.pk: task for task in related}


def _candidates(user: User, cadres: set[int], units: set[int]) -> list[Candidate]:
    """The `CANDIDATES` most recent of the assignees' tasks (the newest `PER_ASSIGNEE` of each), their units'
    and the approver's queue. Two bounded reads merged: a province's queue may hold tens of thousands of
    tasks, and their ids bound into one query cost more than the query itself (454 ms of a 1 s page at a
    million tasks)."""
    newest = ("-created_at", "-pk")
    columns = (*CANDIDATE_FIELDS, "created_at")
    # only tasks the user may open: a look-alike shows its title, person and unit. The user's queue is theirs
    # to open (its tasks' authority lies under their approver or unit-manager grants, which their scope
    # holds: `test_every_task_of_a_queue_is_one_its_approver_may_open`), so it is read without the
    # visibility filter, which cost 104 of a 296 ms page at a million tasks on an instance of two provinces
    visible = tasks_visible_to(user)
    queued = list(approval_queue(user).order_by(*newest).values_list(*columns)[:CANDIDATES])
    related = (
        visible.filter(_newest_of_assignees(cadres, units))
        .order_by(*newest)
        .values_list(*columns)[:CANDIDATES]
    )
    in_queue = {row[0] for row in queued}
    seen: set[int] = set()
    found: list[Candidate] = []
    # both newest first: merged, a task in both read once
    for row in heapq.merge(related, queued, key=lambda row: (row[-1], row[0]), reverse=True):
        if row[0] in seen:
            continue
        seen.add(row[0])
        found.append(Candidate._make((*row[:-1], row[0] in in_queue)))
        if len(found) == CANDIDATES:
            break
    return found


def _newest_of_assignees(cadres: set[int], units: set[int]) -> Q:
    """The newest `PER_ASSIGNEE` tasks (drafts aside) of each cadre and each collective, and of those the
    newest `CANDIDATES`. A cadre registers a few tasks a year, so this is every task of theirs in practice;
    the bound keeps one prolific assignee (a collective that cascades, a benchmark's cadre with a thousand)
    from pushing the others' out, and the read from sorting them all. The `CANDIDATES` bound is taken on the
    ids, before the caller reads the rows: at a million tasks a page's 366 assignees and colleagues have
    18,300 such tasks, and reading every row whole to keep 5,000 took half the query (63 → 33 ms). The
    caller then keeps those the user may open. On PostgreSQL one index range per assignee
    (`task_cadre_newest`, `task_collective_newest`) through LATERAL, in one subquery (an OR of two made it a
    scan of the table); elsewhere a row number over the assignees' tasks."""
    parts = [
        (column, sorted(ids))
        for column, ids in (("assignee_cadre_id", cadres), ("assignee_unit_id", units))
        if ids
    ]
    if not parts:
        return Q(pk__in=[])
    if connection.vendor == "postgresql":
        table = Task._meta.db_table
        # a task has one assignee (`task_one_assignee`): the parts never hold the same task
        each = " UNION ALL ".join(
            f"""SELECT t.id, t.created_at FROM unnest(%s::bigint[]) AS a(id) CROSS JOIN LATERAL (
                SELECT id, created_at FROM {table} WHERE {column} = a.id AND status <> %s
                ORDER BY created_at DESC, id DESC LIMIT %s) t"""
            for column, _ids in parts
        )
        newest = f"SELECT id FROM ({each}) n ORDER BY created_at DESC, id DESC LIMIT %s"
        params = [value for _column, ids in parts for value in (ids, TaskStatus.DRAFT, PER_ASSIGNEE)]
        return Q(pk__in=RawSQL(newest, [*params, CANDIDATES]))
    q = Q(pk__in=[])
    for column, ids in parts:
        ranked = (
            Task.objects.filter(**{f"{column}__in": ids})
            .exclude(status=TaskStatus.DRAFT)
            .annotate(
                rank=Window(
                    RowNumber(), partition_by=[F(column)], order_by=[F("created_at").desc(), F("pk").desc()]
                )
            )
            .filter(rank__lte=PER_ASSIGNEE)
            .values("pk")
        )
        q |= Q(pk__in=ranked)
    return Q(pk__in=Task.objects.filter(q).order_by("-created_at", "-pk").values("pk")[:CANDIDATES])


def _relations(task: Task, units_of: dict[int, set[int]]) -> Callable[[Candidate], Relation | None]:
    """How a candidate relates to the task: the task's side worked out once, since a page compares each
    task with thousands of candidates."""
    cadre, unit = task.assignee_cadre_id, task.assignee_unit_id
    task_units = _task_units(task, units_of)

    def relation(candidate: Candidate) -> Relation | None:
        if (cadre is not None and candidate.assignee_cadre_id == cadre) or (
            unit is not None and candidate.assignee_unit_id == unit
        ):
            return Relation.SAME_ASSIGNEE
        if candidate.assignee_unit_id is not None:
            if candidate.assignee_unit_id in task_units:
                return Relation.SAME_UNIT
        elif not task_units.isdisjoint(units_of.get(candidate.assignee_cadre_id, ())):  # type: ignore[arg-type]
            return Relation.SAME_UNIT
        if candidate.in_queue:
            return Relation.SAME_QUEUE
        return None

    return relation


class _Pool:
    """The candidates with their texts as compared, grouped by their words sorted: rapidfuzz's token-sort
    ratio is the plain ratio of the sorted words, and the token-set ratio depends on the words only, so
    one score holds for every candidate of a group. A unit's tasks repeat a few kinds of title ("Số hoá
    100% hồ sơ …" each year, for each place): 5,000 candidates of the benchmark are 937 texts to compare."""

    def __init__(self, candidates: list[Candidate]) -> None:
        self.candidates = candidates
        self.index = {c.pk: i for i, c in enumerate(candidates)}
        groups: dict[str, list[int]] = {}
        for i, candidate in enumerate(candidates):
            words = normalized_lookalike_text(candidate.search_text).split()
            groups.setdefault(" ".join(sorted(words)), []).append(i)
        self.texts = list(groups)
        self.members = list(groups.values())
        self.text_of = {i: text for text, members in groups.items() for i in members}

    def score(self, text: str, index: int) -> int:
        return similarity(text, self.text_of[index])


def _ranked(
    task: Task, pool: _Pool, units_of: dict[int, set[int]], dismissed: set[tuple[int, int]]
) -> tuple[list[tuple[int, Candidate, Relation]], int]:
    """The task's look-alikes shown, and how many marked pairs are still alike (counted, never shown)."""
    text = lookalike_text(task.title)
    still_alike = 0
    for first, second in dismissed:
        if task.pk in (first, second):
            index = pool.index.get(second if first == task.pk else first)
            if index is not None and pool.score(text, index) >= THRESHOLD:
                still_alike += 1

    relation = _relations(task, units_of)

    def relation_of(candidate: Candidate) -> Relation | None:
        if dismissed_pair(task.pk, candidate.pk) in dismissed:
            return None
        return relation(candidate)

    return _scored(text, pool, relation_of, skip=task.pk), still_alike


def _scored(
    text: str, pool: _Pool, relation_of: Callable[[Candidate], Relation | None], *, skip: int | None = None
) -> list[tuple[int, Candidate, Relation]]:
    """The `TOP` candidates at or above the threshold that bear a relation to the task, the closest first.

    The score is the mean of the token-sort and token-set ratios, each at most 100. rapidfuzz finds, in C,
    the pool's texts whose token-sort ratio allows the threshold (2·THRESHOLD − 100), best first; the
    token-set ratio is computed in that order, once per text, until no later text can reach the `TOP`-th
    score kept."""
    near = process.extract(
        " ".join(sorted(text.split())),
        pool.texts,
        scorer=fuzz.ratio,
        score_cutoff=2 * THRESHOLD - 100,
        limit=None,
    )
    scored: list[tuple[int, Candidate, Relation]] = []
    kept: list[int] = []  # the TOP best scores so far, a min-heap
    for group_text, sort_ratio, group in near:
        if len(kept) == TOP and (sort_ratio + 100) / 2 + 0.5 < kept[0]:
            break
        score = round((sort_ratio + fuzz.token_set_ratio(text, group_text)) / 2)
        if score < THRESHOLD:
            continue
        for index in pool.members[group]:
            candidate = pool.candidates[index]
            relation = relation_of(candidate) if candidate.pk != skip else None
            if relation is None:
                continue
            scored.append((score, candidate, relation))
            if len(kept) < TOP:
                heapq.heappush(kept, score)
            else:
                heapq.heappushpop(kept, score)
    # equal scores: the assignee's own tasks first (a recycled task), then the unit's, the newest first
    scored.sort(key=lambda s: (-s[0], RELATION_ORDER.index(s[2]), -s[1].pk))
    return scored[:TOP]


def title_lookalikes(
    user: User, title: str, *, exclude: int | None = None, programme: int | None = None
) -> list[Lookalike]:
    """While a cadre writes a task: the tasks they may open that look like `title` — their own (or those
    they registered for a collective) and their units' — and the routine duties `programme` lists for their
    units, the closest first, at most `TOP`. Four queries, five with a programme."""
    if not lookalike_text(title):
        return []
    posts = Appointment.objects.filter(end_date__isnull=True)
    units = (posts.filter(cadre_id=user.cadre_id) if user.cadre_id else posts.none()).values("unit_id")
    colleagues = posts.filter(unit_id__in=units).values("cadre_id")
    mine = Q(author=user) | Q(assignee_unit_id__in=units) | Q(assignee_cadre_id__in=colleagues)
    if user.cadre_id is not None:
        mine |= Q(assignee_cadre_id=user.cadre_id)
    rows = (
        tasks_visible_to(user)
        .filter(mine)
        .exclude(status=TaskStatus.DRAFT)
        .order_by("-created_at", "-pk")
        .values_list(*CANDIDATE_FIELDS)[:CANDIDATES]
    )
    pool = _Pool([Candidate(*row) for row in rows])

    def relation_of(candidate: Candidate) -> Relation:
        own = candidate.author_id == user.pk or (
            user.cadre_id is not None and candidate.assignee_cadre_id == user.cadre_id
        )
        return Relation.SAME_ASSIGNEE if own else Relation.SAME_UNIT

    shown = _scored(lookalike_text(title), pool, relation_of, skip=exclude)
    whole = _tasks({c.pk for _score, c, _relation in shown})
    duties = list(RoutineDuty.objects.filter(programme_id=programme, unit_id__in=units)) if programme else []
    return _with_duties(
        [
            Lookalike(whole[c.pk], score, relation, marked_words(whole[c.pk].title, title))
            for score, c, relation in shown
        ],
        title,
        duties,
    )
