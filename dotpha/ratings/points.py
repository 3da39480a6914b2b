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
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from dotpha.programmes.models import Grade
from dotpha.ratings.clauses import TaskFacts
from dotpha.ratings.inputs import RatingInput
from dotpha.ratings.models import RatingScheme

TASK_GROUP = "task-results"
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
    tasks = [i for i in inputs if i.source == "task"]
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
        on_time=sum(1 for s in scores if s.done and s.input.delays == 0),
        with_quality=sum(1 for s in scores if s.quality == 1),
        exceeding=sum(
            1 for s in scores if s.done and (s.input.grade == Grade.EXCELLENT or s.input.ahead_of_plan)
        ),
    )
    return TaskPoints(maximum=maximum, scores=scores, points=points, facts=facts)
