"""A phase task (2021–2025) counts in every year of its phase: before the last year with that year's review
grade, in the last with its final evaluation. The year's figures, the drill-down lists behind them, the
trend and the annex say the same."""

import datetime

import pytest

from dotpha.org.tests.factories import AppointmentFactory, CadreFactory, PositionFactory
from dotpha.programmes.models import Grade, PeriodKind
from dotpha.programmes.tests.factories import PeriodFactory, ProgrammeFactory
from dotpha.reports.annexes import task_lines
from dotpha.reports.selectors import StatsFilter, dashboard
from dotpha.reports.selectors.drilldown import Drill, drill_tasks
from dotpha.tasks.models import Evaluation, Task, TaskOrigin, TaskStatus, YearReview

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("both_ways")]

TODAY = datetime.date(2026, 11, 25)
D = datetime.date


@pytest.fixture
def tasks(world):
    programme = ProgrammeFactory.create(number="30-QĐ/TU", issuing_unit=world.standing)
    phase = PeriodFactory.create(
        programme=programme,
        name="2021–2025",
        kind=PeriodKind.PHASE,
        start_date=D(2021, 1, 1),
        end_date=D(2025, 12, 31),
    )
    year_2023 = PeriodFactory.create(
        programme=programme, name="2023", start_date=D(2023, 1, 1), end_date=D(2023, 12, 31)
    )
    position = PositionFactory(name="Phó Giám đốc")
    cadres = []
    for _ in range(3):
        cadre = CadreFactory.create(managing_unit=world.standing)
        AppointmentFactory(cadre=cadre, unit=world.home_affairs, position=position)
        cadres.append(cadre)

    def task(title, period, cadre, status=TaskStatus.APPROVED):
        return Task.objects.create(
            programme=programme,
            period=period,
            title=title,
            assignee_cadre=cadre,
            authority_unit=world.standing,
            author=world.users["organizer"],
            origin=TaskOrigin.ASSIGNED,
            status=status,
            start_date=period.start_date,
            deadline=period.end_date,
            approved_on=period.start_date if status == TaskStatus.APPROVED else None,
        )

    reviewed = task("Nông thôn mới kiểu mẫu", phase, cadres[0])
    YearReview.objects.create(
        task=reviewed, year=2022, self_percent=30, self_report="x", grade=Grade.EXCELLENT
    )
    YearReview.objects.create(task=reviewed, year=2023, self_percent=60, self_report="x", grade=Grade.GOOD)
    Evaluation.objects.create(task=reviewed, self_grade=Grade.COMPLETED, grade=Grade.COMPLETED)
    unreviewed = task("Chuyển đổi số cấp xã", phase, cadres[1])
    yearly = task("Giải phóng mặt bằng khu A", year_2023, cadres[2])
    Evaluation.objects.create(task=yearly, self_grade=Grade.GOOD, grade=Grade.NOT_COMPLETED)
    waiting = task("Đề án chưa duyệt", phase, cadres[2], status=TaskStatus.SUBMITTED)
    return {"reviewed": reviewed, "unreviewed": unreviewed, "yearly": yearly, "waiting": waiting}


def board(world, year):
    return dashboard(world.users["organizer"], world.province, StatsFilter(year=year), today=TODAY)


def drilled(world, year, measure):
    qs, _umap = drill_tasks(
        world.users["organizer"],
        Drill(root=world.province, filter=StatsFilter(year=year), measure=measure),
        today=TODAY,
    )
    return sorted(t.title for t in qs)


def test_a_year_of_the_phase_counts_its_tasks_with_that_years_review(world, tasks):
    figures = board(world, 2023).total.figures
    assert (figures.total, figures.submitted, figures.approved) == (4, 1, 3)
    assert (figures.excellent, figures.good, figures.completed, figures.not_completed) == (0, 1, 0, 1)
    figures = board(world, 2022).total.figures
    assert (figures.total, figures.approved, figures.excellent, figures.good) == (3, 2, 1, 0)


def test_the_last_year_of_the_phase_counts_the_final_evaluation(world, tasks):
    figures = board(world, 2025).total.figures
    assert (figures.approved, figures.excellent, figures.good, figures.completed) == (2, 0, 0, 1)


def test_a_year_outside_the_phase_does_not_count_it(world, tasks):
    assert board(world, 2026).total.figures.total == 0


def test_every_figure_of_the_year_lists_as_many_tasks(world, tasks):
    for year in (2022, 2023, 2025):
        figures = board(world, year).total.figures
        for measure, value in figures.as_dict().items():
            if measure != "cadres":
                assert len(drilled(world, year, measure)) == value, (year, measure)
    assert drilled(world, 2023, "good") == ["Nông thôn mới kiểu mẫu"]
    assert drilled(world, 2022, "excellent") == ["Nông thôn mới kiểu mẫu"]


def test_a_task_graded_for_the_year_counts_in_no_progress_figure(world, tasks):
    figures = board(world, 2023).total.figures
    # the reviewed task is graded for 2023: not on track, at risk or overdue; the two others are
    ungraded = figures.on_track + figures.stale + figures.at_risk + figures.overdue + figures.done
    assert ungraded == 1  # the phase task not reviewed (the year task is evaluated)
    assert "Nông thôn mới kiểu mẫu" not in drilled(world, 2023, "overdue") + drilled(world, 2023, "on_track")


def test_the_trend_counts_the_phase_in_each_of_its_years_as_the_year_filter_does(world, tasks):
    trend = {row.label: row.figures for row in board(world, None).trend}
    assert sorted(trend) == ["2021", "2022", "2023", "2024", "2025"]
    for year in (2021, 2022, 2023, 2024, 2025):
        alone = board(world, year).total.figures
        for measure in ("total", "submitted", "approved", "excellent", "good", "completed", "not_completed"):
            assert getattr(trend[str(year)], measure) == getattr(alone, measure), (year, measure)


def test_the_annex_prints_the_grade_of_the_year(world, tasks):
    lines = task_lines(world.users["organizer"], world.province, StatsFilter(year=2023), today=TODAY)
    grades = {line.title: line.grade for line in lines}
    assert grades == {
        "Nông thôn mới kiểu mẫu": "Hoàn thành tốt",
        "Chuyển đổi số cấp xã": "Chưa đánh giá",
        "Giải phóng mặt bằng khu A": "Không hoàn thành",
    }
