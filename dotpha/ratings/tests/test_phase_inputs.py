"""A phase task (2021–2025) gives the rating of each year of the phase one input: that year's review grade
before the last year, the final evaluation in the last."""

import datetime

import pytest

from dotpha.programmes.models import Grade, PeriodKind
from dotpha.programmes.tests.factories import PeriodFactory
from dotpha.ratings.inputs import task_cadres, task_inputs
from dotpha.tasks.models import Evaluation, TaskStatus, YearReview

pytestmark = pytest.mark.django_db


@pytest.fixture
def phase_task(stage):
    phase = PeriodFactory.create(
        programme=stage.programme,
        name="2021–2025",
        kind=PeriodKind.PHASE,
        start_date=datetime.date(2021, 1, 1),
        end_date=datetime.date(2025, 12, 31),
    )
    task = stage.make_task(
        status=TaskStatus.APPROVED,
        period=phase,
        title="Xây dựng nông thôn mới kiểu mẫu",
        start_date=datetime.date(2021, 3, 1),
        deadline=datetime.date(2025, 12, 31),
    )
    YearReview.objects.create(task=task, year=2022, self_percent=30, self_report="x", grade=Grade.COMPLETED)
    YearReview.objects.create(task=task, year=2023, self_percent=60, self_report="x", grade=Grade.GOOD)
    YearReview.objects.create(task=task, year=2024, self_percent=80, self_report="x")  # not graded yet
    Evaluation.objects.create(
        task=task, self_grade=Grade.EXCELLENT, grade=Grade.EXCELLENT, ahead_of_plan=True
    )
    return task


def inputs_of(stage, year):
    cadre_id = stage.cadre.cadre_id
    return [
        (i.label, i.grade, i.ahead_of_plan, i.ref)
        for i in task_inputs(year=year, cadre_ids=[cadre_id])[cadre_id]
    ]


def test_each_year_of_the_phase_rates_the_years_review(stage, phase_task):
    assert inputs_of(stage, 2022) == [
        ("Xây dựng nông thôn mới kiểu mẫu (năm 2022)", Grade.COMPLETED, False, phase_task.pk)
    ]
    assert inputs_of(stage, 2023) == [
        ("Xây dựng nông thôn mới kiểu mẫu (năm 2023)", Grade.GOOD, False, phase_task.pk)
    ]


def test_a_year_not_graded_or_not_reviewed_gives_an_input_without_grade(stage, phase_task):
    assert inputs_of(stage, 2024)[0][:2] == ("Xây dựng nông thôn mới kiểu mẫu (năm 2024)", "")
    assert inputs_of(stage, 2021)[0][:2] == ("Xây dựng nông thôn mới kiểu mẫu (năm 2021)", "")


def test_the_last_year_keeps_the_final_evaluation(stage, phase_task):
    assert inputs_of(stage, 2025) == [
        ("Xây dựng nông thôn mới kiểu mẫu", Grade.EXCELLENT, True, phase_task.pk)
    ]


def test_the_cadre_is_rated_in_every_year_of_the_phase_and_no_other(stage, phase_task):
    paths = [stage.world.standing.path[:4]]
    for year in range(2021, 2026):
        assert stage.cadre.cadre_id in task_cadres(year=year, managing_paths=paths), year
    assert stage.cadre.cadre_id not in task_cadres(year=2026, managing_paths=paths)
    assert stage.cadre.cadre_id not in task_cadres(year=2020, managing_paths=paths)
