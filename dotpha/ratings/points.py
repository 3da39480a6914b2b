"""Task-result points (70 of 100 under Decree 335/2025) from a cadre's tasks, each point traceable to the
task behind it.

Per task (every task weighs the same: the decree's conversion of products into comparable units is left to
each agency and is not modelled here):
- quantity: 1 when completed (evaluated, and not "không hoàn thành"), else 0;
- quality: 1 when completed meeting the quality requirement (same test, as the record holds no separate
  quality verdict), less `error_penalty_percent` per failed quality check (none recorded yet);
- progress: 1 when completed, less `delay_penalty_percent` (25%) per delay (a milestone or the deadline
  missed), never below 0.
The three percentages a, b, c (shares over the tasks assigned) give the points as (a + b + c) / 3 scaled
to the group's maximum (70).

The conditions of Regulation 366 count a completed task on time unless it is behind schedule itself
(`RatingInput.late`: for a task, completed after its effective deadline, "Hoàn thành chậm" on the task page).
A late milestone is a delay, so it costs progress points, but it does not put the task behind schedule.
"""

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from dotpha.programmes.models import Grade
from dotpha.ratings.clauses import Classification, TaskFacts, classify
from dotpha.ratings.inputs import RatingInput
from dotpha.ratings.models import AnnualRating, RatingScheme, YearMethod
from dotpha.ratings.quarters import by_quarter

TASK_GROUP = "task-results"
# The products scored in the task-results group: breakthrough and key tasks, and each commune-monitoring
# assignment (dotpha/monitoring/rating_inputs.py), all weighing the same.
SCORED_SOURCES = ("task", "monitoring")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class TaskScore:
    input: RatingInput
    quantity: Decimal  # shares of one task, 0..1
    quality: Decimal
    progress: Decimal
    points: Decimal  # this task's part of the group's points

    @property
    def done(self) -> bool:
        return self.quantity == 1


@dataclass(frozen=True)
class TaskPoints:
    maximum: Decimal
    scores: list[TaskScore]
    points: Decimal
    facts: TaskFacts


def _is_done(item: RatingInput) -> bool:
    return bool(item.grade) and item.grade != Grade.NOT_COMPLETED


def task_points(scheme: RatingScheme, inputs: list[RatingInput]) -> TaskPoints:
    maximum = next(Decimal(g.points) for g in scheme.groups.all() if g.code == TASK_GROUP)
    tasks = [i for i in inputs if i.source in SCORED_SOURCES]
    penalty = Decimal(scheme.delay_penalty_percent) / 100
    scores = []
    for item in tasks:
        done = Decimal(1 if _is_done(item) else 0)
        progress = max(Decimal(0), done - penalty * item.delays) if done else Decimal(0)
        share = (done + done + progress) / 3 * maximum / len(tasks)
        scores.append(TaskScore(item, done, done, progress, share.quantize(CENT, ROUND_HALF_UP)))
    total = sum((s.quantity + s.quality + s.progress for s in scores), Decimal(0))
    points = (total / 3 * maximum / len(tasks)).quantize(CENT, ROUND_HALF_UP) if tasks else Decimal(0)
    facts = TaskFacts(
        assigned=len(tasks),
        completed=sum(1 for s in scores if s.done),
        on_time=sum(1 for s in scores if s.done and not s.input.late),
        with_quality=sum(1 for s in scores if s.quality == 1),
        exceeding=sum(
            1 for s in scores if s.done and (s.input.grade == Grade.EXCELLENT or s.input.ahead_of_plan)
        ),
    )
    return TaskPoints(maximum=maximum, scores=scores, points=points, facts=facts)


@dataclass(frozen=True)
class QuarterPoints:
    quarter: int
    tasks: int
    task_points: Decimal | None  # None: no result falls in the quarter, which then does not count
    total: Decimal | None  # with the general points, once the authority has scored them


@dataclass(frozen=True)
class Breakdown:
    """Every number of a scored rating, from the rating row alone (its snapshot of inputs, the led units'
    results and the authority's general points): what the page, the proposal and the exports show."""

    scheme: RatingScheme
    tasks: TaskPoints  # the whole year's tasks
    quarters: list[QuarterPoints]
    general: Decimal | None
    task_year_points: Decimal  # what the year's task results count for (average of quarters, or whole year)
    points: Decimal | None  # general + task_year_points, when the general points are in
    own_facts: TaskFacts
    led_facts: TaskFacts | None  # the units a leader heads (Regulation 366), when read
    led_scores: list[TaskScore]
    classification: Classification | None

    @property
    def facts(self) -> TaskFacts:
        return self.own_facts + self.led_facts if self.led_facts is not None else self.own_facts


def rating_breakdown(rating: AnnualRating) -> Breakdown | None:
    """The points of a rating under a scored scheme (None under the earlier, unscored rule).

    The year's task points are the average over the quarters that hold results (Decree 335, Art. 21), or the
    whole year's when the scheme says so; the conditions of each level read the cadre's tasks, and for a head
    of a unit also the results of the units they head (Regulation 366, Art. 11)."""
    scheme = rating.scheme
    if scheme is None or not scheme.scored:
        return None
    inputs = [RatingInput.from_json(item) for item in rating.inputs]
    year = task_points(scheme, inputs)
    quarters = []
    for quarter, items in by_quarter(rating.year, (i for i in inputs if i.source in SCORED_SOURCES)).items():
        scored = task_points(scheme, items) if items else None
        points = scored.points if scored else None
        total = (
            rating.general_points + points
            if points is not None and rating.general_points is not None
            else None
        )
        quarters.append(QuarterPoints(quarter, len(items), points, total))
    counted = [q.task_points for q in quarters if q.task_points is not None]
    if scheme.year_method == YearMethod.QUARTER_AVERAGE and counted:
        task_year = (sum(counted, Decimal(0)) / len(counted)).quantize(CENT, ROUND_HALF_UP)
    else:
        task_year = year.points
    led = [RatingInput.from_json(item) for item in rating.led_inputs] if scheme.leader_reads_led_units else []
    led_points = task_points(scheme, led) if led else None
    general = rating.general_points
    total = general + task_year if general is not None else None
    breakdown = Breakdown(
        scheme=scheme,
        tasks=year,
        quarters=quarters,
        general=general,
        task_year_points=task_year,
        points=total,
        own_facts=year.facts,
        led_facts=led_points.facts if led_points else None,
        led_scores=led_points.scores if led_points else [],
        classification=None,
    )
    if total is None or not year.facts.assigned:
        return breakdown
    result = classify(
        scheme, points=total, facts=breakdown.own_facts, grounds=rating.grounds, led=breakdown.led_facts
    )
    return replace(breakdown, classification=result)
