"""The demo's programmes and tasks: every state a page can show is there, the demo accounts have work, and
the history written directly obeys the rules the services enforce."""

import datetime
from collections import Counter, defaultdict

import pytest
from django.db.models import Count, F, Q
from django.utils import timezone

from dotpha.accounts.models import User
from dotpha.programmes.models import Decision, Grade, Period, PeriodKind, Programme
from dotpha.reports.selectors import StatsFilter
from dotpha.reports.selectors.drilldown import Drill, drill_tasks
from dotpha.reports.snapshots import reporting_root
from dotpha.tasks.models import (
    COUNTED_STATUSES,
    AdjustmentRequest,
    AdjustmentStatus,
    Evaluation,
    Evidence,
    Obstacle,
    ObstacleStatus,
    ProgressReport,
    Task,
    TaskEvent,
    TaskEventKind,
    TaskOrigin,
    TaskStatus,
    YearReview,
)
from dotpha.tasks.permissions import acts_for_assignee, can_decide
from dotpha.tasks.selectors import (
    ProgressState,
    adjustments_awaiting_decision,
    approval_queue,
    my_tasks,
    obstacles_awaiting_answer,
    with_progress,
)

pytestmark = pytest.mark.django_db


def user(username: str) -> User:
    return User.objects.get(username=username)


def provincial() -> Programme:
    return Programme.objects.get(issuing_unit__code="HS-TU")


def test_programmes_run_by_the_province_the_council_office_and_a_commune(demo):
    issuers = set(Programme.objects.values_list("issuing_unit__code", flat=True))
    assert {"HS-TU", "HS-VPHDND"} <= issuers
    assert Programme.objects.filter(issuing_unit__kind__code__in=["commune", "ward"]).exists()
    province = provincial()
    assert province.number.endswith("-QĐ/TU") and province.max_tasks_per_assignee == 5
    today = timezone.localdate()
    periods = {p.name: p for p in province.periods.all()}
    assert "2021–2025" in periods and periods["2021–2025"].kind == PeriodKind.PHASE
    for year in range(2021, today.year - 1):
        assert periods[str(year)].is_closed, year
    assert not periods[str(today.year - 1)].is_closed
    current = periods[str(today.year)]
    opens, closes = current.registration_window()
    assert not current.is_closed and opens <= today <= closes


def test_every_status_and_every_progress_state(demo):
    today = timezone.localdate()
    statuses = Counter(Task.objects.values_list("status", flat=True))
    assert set(statuses) == set(TaskStatus.values), statuses
    annotated = with_progress(Task.objects.all(), today)
    for state in ProgressState.values:
        assert annotated.filter(Q(progress=state)).exists(), state
    assert Task.objects.count() > 1000
    assert Task.objects.filter(assignee_unit__isnull=False).exists()  # collectives too


def test_closed_years_have_every_grade_about_a_third_excellent_in_2021(demo):
    closed = Period.objects.filter(closed_at__isnull=False)
    grades = Counter(Evaluation.objects.filter(task__period__in=closed).values_list("grade", flat=True))
    assert set(grades) == set(Grade.values), grades
    first = Evaluation.objects.filter(task__period__programme=provincial(), task__period__name="2021")
    excellent = first.filter(grade=Grade.EXCELLENT).count() / first.count()
    assert 0.25 <= excellent <= 0.45
    assert Evaluation.objects.filter(ahead_of_plan=True).count() >= 10
    # every approved task of a closed year is graded
    assert not Task.objects.filter(
        period__in=closed, status=TaskStatus.APPROVED, evaluation__grade__isnull=True
    ).exists()
    # last year is being evaluated: some self-assessments wait for a grade (once they start, in January)
    today = timezone.localdate()
    waiting = Evaluation.objects.filter(task__period__name=str(today.year - 1), grade="").exclude(
        self_grade=""
    )
    assert waiting.exists() or today < datetime.date(today.year, 1, 25)


def test_obstacles_and_adjustments_in_every_state(demo):
    assert set(Obstacle.objects.values_list("status", flat=True)) == set(ObstacleStatus.values)
    assert set(AdjustmentRequest.objects.values_list("status", flat=True)) == set(AdjustmentStatus.values)
    for obstacle in Obstacle.objects.exclude(status=ObstacleStatus.OPEN).select_related("task"):
        assert obstacle.answer and obstacle.answered_at and obstacle.answered_by
        assert can_decide(obstacle.answered_by, obstacle.task)
    for obstacle in Obstacle.objects.filter(status=ObstacleStatus.RESOLVED):
        assert obstacle.resolved_at and obstacle.answered_at and obstacle.resolved_at >= obstacle.answered_at
    for adjustment in AdjustmentRequest.objects.exclude(status=AdjustmentStatus.PENDING).select_related(
        "task"
    ):
        assert adjustment.decided_at and adjustment.decided_by
        assert can_decide(adjustment.decided_by, adjustment.task)
        if adjustment.status == AdjustmentStatus.APPROVED and adjustment.new_deadline:
            assert adjustment.task.deadline == adjustment.new_deadline


def test_decisions_approve_tasks_in_numbered_batches(demo):
    approved = Task.objects.filter(status=TaskStatus.APPROVED)
    assert not approved.filter(decision__isnull=True).exists()
    assert not approved.exclude(decision__period=F("period")).exists()
    decisions = Decision.objects.annotate(n=Count("tasks"))
    assert decisions.count() >= 20
    for decision in decisions:
        assert decision.n > 0
        assert f"(đợt {decision.batch_number})" in decision.title
        assert f"{decision.n} việc" in decision.title
    numbers = Counter(Decision.objects.values_list("issuing_unit", "number", "signed_on__year"))
    assert max(numbers.values()) == 1
    first = Decision.objects.filter(programme=provincial(), period__name="2021", batch_number=1).get()
    assert first.number.endswith("-QĐ/TU") and first.issuing_unit.code == "HS-BTV"


def test_demo_accounts_have_work_waiting(demo):
    approver = user("thuongtruc")
    assert approval_queue(approver).count() >= 10
    assert obstacles_awaiting_answer(approver).exists()
    assert adjustments_awaiting_decision(approver).exists()
    # the approver's own task waits for the provincial secretary, not in their own queue
    own = Task.objects.filter(assignee_cadre=approver.cadre, status=TaskStatus.SUBMITTED)
    assert not approval_queue(approver).filter(pk__in=own).exists()
    for username in ("xa", "vanphonghdnd"):
        assert approval_queue(user(username)).exists(), username

    today = timezone.localdate()
    cadre = user("canbo")
    mine = with_progress(my_tasks(cadre), today)
    current = mine.filter(period__name=str(today.year))
    assert {TaskStatus.DRAFT, TaskStatus.SUBMITTED, TaskStatus.RETURNED} <= set(
        current.values_list("status", flat=True)
    )
    returned = current.get(status=TaskStatus.RETURNED)
    assert returned.review_comment
    assert approval_queue(approver).filter(assignee_cadre=cadre.cadre).exists()
    # the year's first batch decision is signed in April: by the summer the cadre's tasks are under way
    if today >= datetime.date(today.year, 6, 1):
        for state in (ProgressState.ON_TRACK, ProgressState.AT_RISK, ProgressState.AHEAD_OF_PLAN):
            assert current.filter(Q(progress=state)).exists(), state
        assert Obstacle.objects.filter(task__assignee_cadre=cadre.cadre, status=ObstacleStatus.OPEN).exists()
    manager = user("giamdoc")
    assert my_tasks(manager).filter(assignee_unit__isnull=False).exists()


def test_history_obeys_the_rules(demo):
    tasks = list(
        Task.objects.select_related(
            "programme",
            "period",
            "assignee_cadre",
            "assignee_unit",
            "authority_unit",
            "approved_by",
            "author",
        ).prefetch_related("milestones", "targets")
    )
    counted: Counter = Counter()
    for task in tasks:
        period = task.period
        assert task.period.programme_id == task.programme_id
        assert task.kind in task.programme.task_kinds
        if task.assignee_cadre is not None:
            assert task.authority_unit_id == task.assignee_cadre.managing_unit_id
        else:
            assert task.authority_unit_id == task.programme.issuing_unit_id and task.accountable_cadre_id
        # the "5 rõ", the schedule inside the period, milestones inside the schedule
        assert task.title and task.description and task.start_date and task.deadline
        assert task.deliverable or task.targets.all()
        assert task.start_date <= task.deadline <= period.end_date
        for milestone in task.milestones.all():
            assert task.start_date <= milestone.due_date <= task.deadline
        if task.status in COUNTED_STATUSES:
            counted[(task.period_id, task.assignee_cadre_id, task.assignee_unit_id)] += 1
        if task.status == TaskStatus.APPROVED:
            assert task.approved_on and task.approved_by and task.decision_id
            assert can_decide(task.approved_by, task), task
            if task.origin == TaskOrigin.REGISTERED:
                assert task.submitted_at and task.submitted_at.date() <= task.approved_on
        elif task.status != TaskStatus.DRAFT:
            assert task.submitted_at
        if task.status in (TaskStatus.RETURNED, TaskStatus.REJECTED):
            assert task.review_comment
    assert max(counted.values()) <= 5

    today = timezone.localdate()
    by_task = defaultdict(list)
    for report in ProgressReport.objects.select_related("author", "task").order_by("reported_on", "pk"):
        by_task[report.task_id].append(report)
    for reports in by_task.values():
        task = reports[0].task
        assert task.status == TaskStatus.APPROVED
        percents = [r.percent_done for r in reports]
        assert percents == sorted(percents) and percents[-1] <= 100
        assert task.approved_on and task.approved_on <= reports[0].reported_on
        assert reports[-1].reported_on < today
        assert all(acts_for_assignee(r.author, task) for r in reports)

    for evaluation in Evaluation.objects.select_related("task", "evaluated_by", "self_assessed_by"):
        task = evaluation.task
        assert task.status == TaskStatus.APPROVED and evaluation.self_grade
        assert evaluation.self_assessed_by and evaluation.self_assessed_at
        assert acts_for_assignee(evaluation.self_assessed_by, task)
        if evaluation.grade:
            assert evaluation.evaluated_by and evaluation.evaluated_at
            assert can_decide(evaluation.evaluated_by, task)
            assert evaluation.self_assessed_at <= evaluation.evaluated_at
            assert not (evaluation.ahead_of_plan and evaluation.grade == Grade.NOT_COMPLETED)


def test_timelines_tell_the_same_story(demo):
    now = timezone.now()
    events = defaultdict(list)
    for event in TaskEvent.objects.order_by("at", "pk").values("task_id", "kind", "at"):
        events[event["task_id"]].append(event)
    reports = Counter(ProgressReport.objects.values_list("task_id", flat=True))
    obstacles = Counter(Obstacle.objects.values_list("task_id", flat=True))
    graded = set(Evaluation.objects.exclude(grade="").values_list("task_id", flat=True))
    for task in Task.objects.all():
        story = events[task.pk]
        kinds = [e["kind"] for e in story]
        assert story and all(e["at"] <= now for e in story)
        first = TaskEventKind.ASSIGNED if task.origin == TaskOrigin.ASSIGNED else TaskEventKind.CREATED
        assert kinds[0] == first, (task, kinds)
        assert (TaskEventKind.APPROVED in kinds or TaskEventKind.ASSIGNED in kinds) == (
            task.status == TaskStatus.APPROVED
        )
        if task.status == TaskStatus.APPROVED and task.origin == TaskOrigin.REGISTERED:
            assert kinds.index(TaskEventKind.SUBMITTED) < kinds.index(TaskEventKind.APPROVED)
        assert kinds.count(TaskEventKind.PROGRESS_REPORTED) == reports[task.pk]
        assert kinds.count(TaskEventKind.OBSTACLE_RAISED) == obstacles[task.pk]
        assert (TaskEventKind.EVALUATED in kinds) == (task.pk in graded)
    # the timeline keeps pace with the dates the rows carry
    for report in ProgressReport.objects.all()[:300]:
        reported = TaskEvent.objects.get(kind=TaskEventKind.PROGRESS_REPORTED, payload__report_id=report.pk)
        assert timezone.localtime(reported.at).date() == report.reported_on
    assert TaskEvent.objects.filter(kind=TaskEventKind.EDITED_AFTER_LOCK).exists()


def test_recent_reports_carry_evidence_files(demo):
    evidence = Evidence.objects.select_related("report").order_by("pk")
    assert evidence.count() >= 5
    item = evidence.first()
    assert item is not None and item.original_name.endswith(".pdf")
    with item.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    event = TaskEvent.objects.get(kind=TaskEventKind.PROGRESS_REPORTED, payload__report_id=item.report_id)
    assert event.payload["files"] == 1


def test_the_departments_director_runs_its_own_plan_for_its_staff(demo):
    """`giamdoc` is only the unit manager of Sở Nội vụ: the role itself lets him open the department's
    plan, approve its staff's tasks under the department's decisions and evaluate them."""
    manager = user("giamdoc")
    assert set(manager.grants.values_list("role", flat=True)) == {"unit_manager"}
    plan = Programme.objects.get(number="15/KH-SNV")
    assert plan.issuing_unit.name == "Sở Nội vụ"
    staff_tasks = Task.objects.filter(programme=plan)
    assert staff_tasks.exists()
    assert set(staff_tasks.values_list("authority_unit", flat=True)) == {plan.issuing_unit_id}
    waiting = approval_queue(manager)
    assert waiting.filter(programme=plan).count() >= 3
    assert all(can_decide(manager, task) for task in waiting)
    decisions = Decision.objects.filter(programme=plan)
    assert decisions.exists()
    assert set(decisions.values_list("issuing_unit", flat=True)) == {plan.issuing_unit_id}
    assert all(d.number.endswith("/QĐ-SNV") for d in decisions)
    # nothing of the province's programme falls to him
    assert not waiting.exclude(programme=plan).exists()


def test_a_phase_task_is_reviewed_each_year_then_evaluated_at_the_end(demo):
    reviews = YearReview.objects.filter(task__period__name="2021–2025", task__period__kind=PeriodKind.PHASE)
    task_id = reviews.values_list("task_id", flat=True).first()
    assert task_id is not None
    rows = list(reviews.filter(task_id=task_id).values_list("year", "grade", "graded_by"))
    assert [(year, bool(grade), grader is not None) for year, grade, grader in rows] == [
        (year, True, True) for year in (2021, 2022, 2023, 2024)
    ]
    assert Evaluation.objects.filter(task_id=task_id).exclude(grade="").exists()
    kinds = list(
        TaskEvent.objects.filter(task_id=task_id).order_by("at", "pk").values_list("kind", flat=True)
    )
    reviewed = [i for i, kind in enumerate(kinds) if kind == TaskEventKind.YEAR_REVIEWED]
    assert len(reviewed) == 4 and reviewed[-1] < kinds.index(TaskEventKind.EVALUATED)
    # the board's figure of 2023 for that grade lists the task
    task = Task.objects.get(pk=task_id)
    grade = task.year_reviews.get(year=2023).grade
    drill = Drill(
        root=reporting_root(task.programme.issuing_unit), filter=StatsFilter(year=2023), measure=grade
    )
    listed, _umap = drill_tasks(User.objects.get(username="tochuc"), drill, today=timezone.localdate())
    assert listed.filter(pk=task_id).exists()
