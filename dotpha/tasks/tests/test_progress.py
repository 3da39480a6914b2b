"""The derived progress state: each state, and the per-task function and the SQL annotation agree."""

import datetime

import pytest
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from dotpha.accounts.models import User
from dotpha.org.tests.factories import CadreFactory
from dotpha.programmes.models import ReportCadence
from dotpha.tasks.models import Evaluation, Task, TaskStatus
from dotpha.tasks.selectors import ProgressState, progress_q, task_list, task_progress, with_progress
from dotpha.tasks.tests.factories import MilestoneFactory, ProgressReportFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def both(task: Task, today: datetime.date) -> str | None:
    """The state by the per-task function and by the annotation; they must agree, and the filter of each
    state (`progress_q`, which lists use) must hold the task for its state and for no other."""
    loaded = (
        Task.objects.select_related("programme")
        .prefetch_related("progress_reports", "milestones")
        .get(pk=task.pk)
    )
    by_python = task_progress(loaded, today)
    by_sql = with_progress(Task.objects.filter(pk=task.pk), today).values_list("progress", flat=True).get()  # type: ignore[misc]
    assert by_python == by_sql, (by_python, by_sql)
    one = with_progress(Task.objects.filter(pk=task.pk), today)
    held = {state for state in ProgressState if one.filter(progress_q(state, today)).exists()}
    assert held == ({by_sql} if by_sql else set()), (by_sql, held)
    return by_sql


def report(task, day, percent):
    return ProgressReportFactory.create(task=task, reported_on=day, percent_done=percent, author=task.author)


@pytest.fixture
def task(stage):
    # start 01/01/2024, deadline 31/12/2024, approved 01/04/2024, monthly reports (31 days)
    return stage.make_task(status=TaskStatus.APPROVED)


def test_on_track(task):
    report(task, D(2024, 5, 20), 45)
    assert both(task, D(2024, 6, 1)) == ProgressState.ON_TRACK


def test_at_risk_when_behind_the_share_of_time_elapsed(task):
    # 152 of 366 days gone (41.5%), 20% done: more than 15 points behind
    report(task, D(2024, 5, 25), 20)
    assert both(task, D(2024, 6, 1)) == ProgressState.AT_RISK
    # 30% done is within the tolerance
    report(task, D(2024, 5, 28), 30)
    assert both(task, D(2024, 6, 1)) == ProgressState.ON_TRACK


def test_at_risk_when_a_milestone_is_past_due_and_not_done(task):
    report(task, D(2024, 5, 25), 45)
    milestone = MilestoneFactory.create(task=task, due_date=D(2024, 5, 15))
    assert both(task, D(2024, 6, 1)) == ProgressState.AT_RISK
    milestone.done_on = D(2024, 5, 20)
    milestone.save()
    assert both(task, D(2024, 6, 1)) == ProgressState.ON_TRACK


def test_overdue_when_the_deadline_passed_unfinished(task):
    report(task, D(2024, 12, 20), 90)
    assert both(task, D(2024, 12, 31)) == ProgressState.ON_TRACK
    assert both(task, D(2025, 1, 1)) == ProgressState.OVERDUE


def test_stale_without_a_report_within_the_cadence(task):
    report(task, D(2024, 4, 20), 45)
    assert both(task, D(2024, 5, 21)) == ProgressState.ON_TRACK  # 31 days: still within
    assert both(task, D(2024, 5, 22)) == ProgressState.STALE


def test_stale_counts_from_approval_or_start_before_any_report(stage):
    task = stage.make_task(status=TaskStatus.APPROVED, start_date=D(2024, 4, 10))  # approved 01/04
    assert both(task, D(2024, 5, 11)) == ProgressState.ON_TRACK
    assert both(task, D(2024, 5, 12)) == ProgressState.STALE


@pytest.mark.parametrize(("cadence", "days"), [(ReportCadence.WEEKLY, 7), (ReportCadence.QUARTERLY, 92)])
def test_stale_follows_the_programme_cadence(stage, task, cadence, days):
    stage.programme.report_cadence = cadence
    stage.programme.save()
    report(task, D(2024, 5, 1), 50)
    last_fresh = D(2024, 5, 1) + datetime.timedelta(days=days)
    assert both(task, last_fresh) == ProgressState.ON_TRACK
    assert both(task, last_fresh + datetime.timedelta(days=1)) == ProgressState.STALE


def test_completed_on_time(task):
    report(task, D(2024, 12, 15), 100)
    assert both(task, D(2025, 3, 1)) == ProgressState.COMPLETED_ON_TIME


def test_completed_late(task):
    report(task, D(2024, 12, 20), 95)
    report(task, D(2025, 1, 10), 100)
    assert both(task, D(2025, 2, 1)) == ProgressState.COMPLETED_LATE


def test_a_deadline_on_saturday_is_met_on_monday(stage):
    # deadline Saturday 07/03/2026: the effective deadline is Monday 09/03 (working-day calendar)
    task = stage.make_task(status=TaskStatus.APPROVED, start_date=D(2026, 1, 5), deadline=D(2026, 3, 7))
    report(task, D(2026, 3, 9), 100)
    assert both(task, D(2026, 3, 20)) == ProgressState.COMPLETED_ON_TIME
    late = stage.make_task(status=TaskStatus.APPROVED, start_date=D(2026, 1, 5), deadline=D(2026, 3, 7))
    report(late, D(2026, 3, 10), 100)
    assert both(late, D(2026, 3, 20)) == ProgressState.COMPLETED_LATE


def test_a_task_due_during_tet_is_not_overdue_before_the_first_working_day_after(stage):
    # due Tuesday 17/02/2026 (Tết Nguyên đán: off from 14/02 to 22/02): effective deadline Monday 23/02
    task = stage.make_task(status=TaskStatus.APPROVED, start_date=D(2026, 1, 5), deadline=D(2026, 2, 17))
    report(task, D(2026, 2, 12), 95)
    for today in (D(2026, 2, 18), D(2026, 2, 22), D(2026, 2, 23)):
        assert both(task, today) != ProgressState.OVERDUE, today
    assert both(task, D(2026, 2, 24)) == ProgressState.OVERDUE
    # reported done on the first working day after Tết: on time
    report(task, D(2026, 2, 23), 100)
    assert both(task, D(2026, 3, 1)) == ProgressState.COMPLETED_ON_TIME


def test_a_milestone_due_on_saturday_is_past_due_after_monday(task):
    report(task, D(2024, 5, 25), 45)
    MilestoneFactory.create(task=task, due_date=D(2024, 6, 1))  # Saturday: effective Monday 03/06
    assert both(task, D(2024, 6, 3)) == ProgressState.ON_TRACK
    assert both(task, D(2024, 6, 4)) == ProgressState.AT_RISK


def test_ahead_of_plan_from_thirty_days_before_the_deadline(task):
    report(task, D(2024, 12, 1), 100)  # exactly 30 days before 31/12
    assert both(task, D(2024, 12, 2)) == ProgressState.AHEAD_OF_PLAN


def test_completion_is_the_first_report_at_100_percent(task):
    report(task, D(2024, 10, 1), 100)
    report(task, D(2024, 10, 20), 90)  # a later, lower report does not undo completion
    assert both(task, D(2025, 2, 1)) == ProgressState.AHEAD_OF_PLAN


@pytest.mark.parametrize(
    "status", [TaskStatus.DRAFT, TaskStatus.SUBMITTED, TaskStatus.RETURNED, TaskStatus.REJECTED]
)
def test_no_progress_state_before_approval(stage, status):
    task = stage.make_task(status=status)
    assert both(task, D(2024, 6, 1)) is None


def test_annotation_exposes_latest_values(task):
    report(task, D(2024, 5, 1), 40)
    report(task, D(2024, 6, 1), 55)
    fields = ["latest_percent", "last_report_on", "completed_on"]
    row = with_progress(Task.objects.all(), D(2024, 6, 2)).values(*fields)
    assert row.get() == {"latest_percent": 55, "last_report_on": D(2024, 6, 1), "completed_on": None}


offsets = st.integers(min_value=-30, max_value=450)  # days from the task's start


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    start=st.integers(min_value=0, max_value=365),
    duration=st.integers(min_value=0, max_value=400),
    approved=st.one_of(st.none(), offsets),
    cadence=st.sampled_from(ReportCadence.values),
    reports=st.lists(st.tuples(offsets, st.integers(min_value=0, max_value=100) | st.just(100)), max_size=4),
    milestones=st.lists(st.tuples(offsets, st.booleans()), max_size=3),
    today=offsets,
)
def test_function_and_annotation_agree_on_any_dates(
    stage, start, duration, approved, cadence, reports, milestones, today
):
    origin = D(2024, 1, 1) + datetime.timedelta(days=start)

    def day(n):
        return origin + datetime.timedelta(days=n)

    with transaction.atomic():
        stage.programme.report_cadence = cadence
        stage.programme.save()
        task = stage.make_task(status=TaskStatus.APPROVED, start_date=origin, deadline=day(duration))
        task.approved_on = day(approved) if approved is not None else None
        task.save()
        for offset, percent in reports:
            report(task, day(offset), percent)
        for offset, done in milestones:
            MilestoneFactory.create(task=task, due_date=day(offset), done_on=day(offset) if done else None)
        event(str(both(task, day(today))))
        transaction.set_rollback(True)


def seed_tasks(stage, n: int) -> None:
    for i in range(n):
        cadre = CadreFactory.create(managing_unit=stage.world.standing)
        task = stage.make_task(cadre=cadre, status=TaskStatus.APPROVED)
        report(task, D(2024, 5, 1), 10 + i % 80)
        report(task, D(2024, 6, 1), 20 + i % 80)
        MilestoneFactory.create(task=task, due_date=D(2024, 5, 1 + i % 28))


def list_page_queries(stage, progress: str = "") -> tuple[int, int]:
    viewer = User.objects.get(pk=stage.approver.pk)  # a fresh object: its scope is not cached yet
    with CaptureQueriesContext(connection) as ctx:
        page = Paginator(task_list(viewer, today=D(2024, 6, 10), progress=progress), 25).page(1)
        rows = [(t.title, t.progress, t.assignee_cadre.full_name, t.period.name, t.field.name) for t in page]  # type: ignore[attr-defined, union-attr]
    return len(ctx.captured_queries), len(rows)


def test_list_with_progress_runs_a_fixed_number_of_queries(stage):
    seed_tasks(stage, 5)
    small, shown_small = list_page_queries(stage)
    small_filtered, _ = list_page_queries(stage, ProgressState.AT_RISK)
    seed_tasks(stage, 60)
    large, shown_large = list_page_queries(stage)
    large_filtered, _ = list_page_queries(stage, ProgressState.AT_RISK)
    assert (shown_small, shown_large) == (5, 25)
    assert small == large
    # a state that moves with the days reads the calendar's last working day once more (its milestone rule)
    assert small_filtered == large_filtered == small + 1


def test_filtering_by_state_in_sql_matches_the_function(stage):
    seed_tasks(stage, 30)
    today = D(2024, 6, 10)
    loaded = Task.objects.select_related("programme").prefetch_related("progress_reports", "milestones")
    expected = {t.pk for t in loaded if task_progress(t, today) == ProgressState.AT_RISK}
    found = set(
        task_list(stage.approver, today=today, progress=ProgressState.AT_RISK).values_list("pk", flat=True)
    )
    assert found == expected and found


def test_an_evaluated_task_follows_its_evaluation_not_its_deadline(task):
    # never reported, deadline long past: overdue until the authority grades it
    today = D(2025, 6, 1)
    assert both(task, today) == ProgressState.OVERDUE
    # a self-assessment alone is no evaluation
    evaluation = Evaluation.objects.create(task=task, self_grade="completed", self_assessment="Đã làm xong.")
    assert both(task, today) == ProgressState.OVERDUE
    evaluation.grade = "completed"
    evaluation.save()
    assert both(task, today) == ProgressState.EVALUATED
    # nor at risk: a past-due milestone no longer counts either
    MilestoneFactory.create(task=task, due_date=D(2024, 3, 1))
    assert both(task, D(2024, 6, 1)) == ProgressState.EVALUATED


def test_an_evaluated_task_reported_done_keeps_its_completion_state(task):
    report(task, D(2024, 10, 1), 100)
    Evaluation.objects.create(task=task, self_grade="excellent", grade="excellent", ahead_of_plan=True)
    assert both(task, D(2025, 6, 1)) == ProgressState.AHEAD_OF_PLAN


def test_the_filter_of_an_unknown_state_is_refused(task):
    """The filter of a state not in the rule is refused, never read as "on track" (the last of the rule)."""
    with pytest.raises(ValueError, match="unknown progress state"):
        progress_q("quá hạn", D(2024, 6, 1))
