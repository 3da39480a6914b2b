"""The look-alikes of a page of tasks: for each, the closest tasks among the same assignee's (earlier
periods included), those of the assignee's unit (its other cadres', the collective's own) and those waiting
in the same approver's queue — scored by `dotpha.tasks.lookalikes`, the top ones above the threshold. Drafts
are nobody's task yet and never a look-alike.

Four queries whatever the page's length (the colleagues in the page's units, the candidates, the pairs
already marked "đã xem, không trùng", the look-alikes shown); the candidates are at most `CANDIDATES`, the
most recent first, read as a few columns and scored in Python (rapidfuzz's C code), so that SQLite and
PostgreSQL show the same.
"""

import heapq
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz, process

from dotpha.accounts.models import User
from dotpha.org.models import Appointment
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


class Relation(models.TextChoices):
    """Why a candidate was compared (the first that holds, in this order)."""

    SAME_ASSIGNEE = "same_assignee", _("cùng người được giao")
    SAME_UNIT = "same_unit", _("cùng đơn vị")
    SAME_QUEUE = "same_queue", _("cùng chờ phê duyệt")


RELATION_ORDER = (Relation.SAME_ASSIGNEE, Relation.SAME_UNIT, Relation.SAME_QUEUE)


class Candidate(NamedTuple):
    """A task compared, as few columns as the comparison needs: thousands are read for one page, and only
    the look-alikes shown are read again whole (`_tasks`)."""

    pk: int
    title: str
    search_text: str
    assignee_cadre_id: int | None
    assignee_unit_id: int | None
    author_id: int
    in_queue: bool = False


CANDIDATE_FIELDS = ("pk", "title", "search_text", "assignee_cadre_id", "assignee_unit_id", "author_id")


@dataclass(frozen=True)
class Lookalike:
    task: Task
    score: int
    relation: Relation
    # the look-alike's title, each word marked when the task's title lacks it
    words: list[Word]


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
    dismissed = set(
        LookalikeDismissal.objects.filter(
            Q(task_id__in=[t.pk for t in tasks]) | Q(other_id__in=[t.pk for t in tasks])
        ).values_list("task_id", "other_id")
    )
    ranked = {task.pk: _ranked(task, pool, units_of, dismissed) for task in tasks}
    whole = _tasks({c.pk for shown, _dismissed in ranked.values() for _score, c, _relation in shown})
    return {
        task.pk: TaskLookalikes(
            shown=[
                Lookalike(whole[c.pk], score, relation, marked_words(c.title, task.title))
                for score, c, relation in shown
            ],
            dismissed=dismissed_count,
        )
        for task in tasks
        for shown, dismissed_count in [ranked[task.pk]]
    }


def _tasks(pks: set[int]) -> dict[int, Task]:
    """The look-alikes shown, whole, with what the page says of them. One query."""
    related = Task.objects.filter(pk__in=pks).select_related("period", "assignee_cadre", "assignee_unit")
    return {task.pk: task for task in related}


def _candidates(user: User, cadres: set[int], units: set[int]) -> list[Candidate]:
    queue = approval_queue(user).order_by().values("pk")
    rows = (
        # only tasks the user may open: a look-alike shows its title, person and unit
        tasks_visible_to(user)
        .filter(Q(assignee_cadre_id__in=cadres) | Q(assignee_unit_id__in=units) | Q(pk__in=queue))
        .exclude(status=TaskStatus.DRAFT)
        .annotate(in_queue=ExpressionWrapper(Q(pk__in=queue), output_field=BooleanField()))
        .order_by("-created_at", "-pk")
        .values_list(*CANDIDATE_FIELDS, "in_queue")[:CANDIDATES]
    )
    return [Candidate._make((*row[:-1], bool(row[-1]))) for row in rows]


def _relation(task: Task, candidate: Candidate, units_of: dict[int, set[int]]) -> Relation | None:
    if (task.assignee_cadre_id is not None and candidate.assignee_cadre_id == task.assignee_cadre_id) or (
        task.assignee_unit_id is not None and candidate.assignee_unit_id == task.assignee_unit_id
    ):
        return Relation.SAME_ASSIGNEE
    task_units = units_of.get(task.assignee_cadre_id, set()) if task.assignee_cadre_id else set()
    if task.assignee_unit_id is not None:
        task_units = {task.assignee_unit_id}
    candidate_units = (
        {candidate.assignee_unit_id}
        if candidate.assignee_unit_id is not None
        else units_of.get(candidate.assignee_cadre_id, set())  # type: ignore[arg-type]
    )
    if task_units & candidate_units:
        return Relation.SAME_UNIT
    if candidate.in_queue:
        return Relation.SAME_QUEUE
    return None


class _Pool:
    """The candidates with their texts as compared, and those texts' words sorted (rapidfuzz's token-sort
    ratio is the plain ratio of the sorted words: sorted once here, not at every comparison)."""

    def __init__(self, candidates: list[Candidate]) -> None:
        self.candidates = candidates
        self.texts = [normalized_lookalike_text(c.search_text) for c in candidates]
        self.sorted_texts = [" ".join(sorted(text.split())) for text in self.texts]
        self.index = {c.pk: i for i, c in enumerate(candidates)}

    def score(self, text: str, index: int) -> int:
        return similarity(text, self.texts[index])


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

    def relation_of(candidate: Candidate) -> Relation | None:
        if dismissed_pair(task.pk, candidate.pk) in dismissed:
            return None
        return _relation(task, candidate, units_of)

    return _scored(text, pool, relation_of, skip=task.pk), still_alike


def _scored(
    text: str, pool: _Pool, relation_of: Callable[[Candidate], Relation | None], *, skip: int | None = None
) -> list[tuple[int, Candidate, Relation]]:
    """The `TOP` candidates at or above the threshold that bear a relation to the task, the closest first.

    The score is the mean of the token-sort and token-set ratios, each at most 100. rapidfuzz finds, in C,
    the candidates whose token-sort ratio allows the threshold (2·THRESHOLD − 100), best first; the
    token-set ratio is computed in that order until no later candidate can reach the `TOP`-th score kept."""
    near = process.extract(
        " ".join(sorted(text.split())),
        pool.sorted_texts,
        scorer=fuzz.ratio,
        score_cutoff=2 * THRESHOLD - 100,
        limit=None,
    )
    scored: list[tuple[int, Candidate, Relation]] = []
    kept: list[int] = []  # the TOP best scores so far, a min-heap
    for _text, sort_ratio, index in near:
        if len(kept) == TOP and (sort_ratio + 100) / 2 + 0.5 < kept[0]:
            break
        candidate = pool.candidates[index]
        if candidate.pk == skip:
            continue
        score = round((sort_ratio + fuzz.token_set_ratio(text, pool.texts[index])) / 2)
        relation = relation_of(candidate) if score >= THRESHOLD else None
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


def title_lookalikes(user: User, title: str, *, exclude: int | None = None) -> list[Lookalike]:
    """While a cadre writes a task: the tasks they may open that look like `title` — their own (or those
    they registered for a collective) and their units' — the closest first, at most `TOP`. Four queries."""
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
    return [
        Lookalike(whole[c.pk], score, relation, marked_words(c.title, title)) for score, c, relation in shown
    ]
