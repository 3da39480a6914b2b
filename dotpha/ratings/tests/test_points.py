"""Task-result points (Decree 335/2025): quantity, quality and progress per task, 25% of a task's progress
points per delay."""

from decimal import Decimal

import pytest

from dotpha.programmes.models import Grade
from dotpha.ratings.inputs import RatingInput
from dotpha.ratings.models import RatingScheme
from dotpha.ratings.points import task_points

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheme() -> RatingScheme:
    return RatingScheme.objects.get(code="qd366-2025/nd335-2025")


def task(grade: str, delays: int = 0, **extra) -> RatingInput:
    return RatingInput(source="task", label="Việc", grade=grade, delays=delays, **extra)


@pytest.mark.parametrize(
    ("delays", "progress", "points"),
    [(0, "1", "70.00"), (1, "0.75", "64.17"), (2, "0.50", "58.33"), (4, "0", "46.67"), (5, "0", "46.67")],
)
def test_each_delay_costs_a_quarter_of_the_tasks_progress_points(scheme, delays, progress, points):
    scored = task_points(scheme, [task(Grade.GOOD, delays)])
    assert scored.scores[0].progress == Decimal(progress)
    assert scored.points == Decimal(points)


def test_a_task_not_completed_or_not_evaluated_scores_nothing(scheme):
    scored = task_points(scheme, [task(Grade.GOOD), task(Grade.NOT_COMPLETED), task("")])
    assert [s.points for s in scored.scores] == [Decimal("23.33"), Decimal(0), Decimal(0)]
    assert scored.points == Decimal("23.33")
    assert (scored.facts.assigned, scored.facts.completed, scored.facts.with_quality) == (3, 1, 1)


def test_exceeding_is_excellent_or_ahead_of_plan_and_a_monitoring_assignment_is_a_product_too(scheme):
    items = [
        task(Grade.EXCELLENT),
        task(Grade.GOOD, ahead_of_plan=True),
        task(Grade.GOOD),
        RatingInput(source="monitoring", label="Theo dõi xã", grade=Grade.NOT_COMPLETED),
    ]
    scored = task_points(scheme, items)
    assert scored.facts.exceeding == 2 and scored.facts.assigned == 4
    # three products done in full, the monitoring judged "not completed": (3 + 3 + 3 + 0) / 3 × 70 / 4
    assert scored.points == Decimal("52.50")


def test_behind_schedule_is_the_tasks_late_mark_not_its_delays(scheme):
    # a milestone late (one delay) on a task done on time, and a task completed late (its deadline a delay)
    scored = task_points(scheme, [task(Grade.GOOD, 1), task(Grade.GOOD, 1, late=True)])
    assert [s.progress for s in scored.scores] == [Decimal("0.75"), Decimal("0.75")]
    assert (scored.facts.completed, scored.facts.on_time, scored.facts.behind) == (2, 1, 1)
