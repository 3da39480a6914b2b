"""The yearly review of a phase task: the assignee reports each year of the phase but the last, the task's
authority grades it; the last year is the final evaluation. Every refusal changes nothing."""

import datetime

import pytest

from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.programmes.models import Grade, PeriodKind
from dotpha.programmes.tests.factories import PeriodFactory
from dotpha.tasks.errors import TaskRefusal
from dotpha.tasks.models import TaskEventKind, TaskStatus, YearReview
from dotpha.tasks.services import year_review_grade, year_review_self_report

D = datetime.date
AFTER_2023 = D(2024, 1, 15)

pytestmark = pytest.mark.django_db


@pytest.fixture
def phase(stage):
    return PeriodFactory.create(
        programme=stage.programme,
        name="2021–2025",
        kind=PeriodKind.PHASE,
        start_date=D(2021, 1, 1),
        end_date=D(2025, 12, 31),
    )


@pytest.fixture
def task(stage, phase):
    return stage.make_task(
        status=TaskStatus.APPROVED, period=phase, start_date=D(2021, 3, 1), deadline=D(2025, 12, 31)
    )


def report(stage, task, year=2023, **kwargs):
    values = {"percent": 40, "report": "Giải phóng xong 2 trong 5 khu.", "today": AFTER_2023, **kwargs}
    return year_review_self_report(actor=stage.cadre, task=task, year=year, **values)


def test_the_assignee_reports_the_year_then_the_authority_grades_it(stage, task):
    # when
    report(stage, task)
    year_review_grade(
        actor=stage.approver,
        task=task,
        year=2023,
        grade=Grade.GOOD,
        comment="Đạt kế hoạch năm.",
        today=AFTER_2023,
    )
    # then
    review = YearReview.objects.get(task=task, year=2023)
    assert (review.self_percent, review.self_report, review.self_reported_by) == (
        40,
        "Giải phóng xong 2 trong 5 khu.",
        stage.cadre,
    )
    assert (review.grade, review.comment, review.graded_by) == (
        Grade.GOOD,
        "Đạt kế hoạch năm.",
        stage.approver,
    )
    assert list(task.events.values_list("kind", "actor", "payload")) == [
        (TaskEventKind.YEAR_SELF_REPORTED, stage.cadre.pk, {"year": 2023, "percent": 40}),
        (TaskEventKind.YEAR_REVIEWED, stage.approver.pk, {"year": 2023, "grade": Grade.GOOD}),
    ]
    assert [h.history_user for h in review.history.order_by("history_date")] == [stage.cadre, stage.approver]
    task.refresh_from_db()
    assert task.version == 3


def test_each_year_has_its_own_review(stage, task):
    for year in (2021, 2022, 2023):
        report(stage, task, year=year, percent=20 * (year - 2020))
    assert list(YearReview.objects.filter(task=task).values_list("year", "self_percent")) == [
        (2021, 20),
        (2022, 40),
        (2023, 60),
    ]


def test_the_report_may_be_sent_again_until_graded(stage, task):
    report(stage, task, percent=30)
    report(stage, task, percent=45)
    assert YearReview.objects.get(task=task, year=2023).self_percent == 45
    year_review_grade(actor=stage.approver, task=task, year=2023, grade=Grade.COMPLETED, today=AFTER_2023)
    with pytest.raises(ApplicationError) as refusal:
        report(stage, task, percent=90)
    assert refusal.value.code == TaskRefusal.ALREADY_EVALUATED
    assert YearReview.objects.get(task=task, year=2023).self_percent == 45


def refused_report(stage, task, code, **kwargs):
    before = YearReview.objects.count()
    with pytest.raises(ApplicationError) as refusal:
        report(stage, task, **kwargs)
    assert refusal.value.code == code
    assert YearReview.objects.count() == before
    assert not task.events.exists()
    return refusal.value


def test_a_year_task_has_no_yearly_review(stage):
    task = stage.make_task(status=TaskStatus.APPROVED)
    message = refused_report(
        stage, task, TaskRefusal.NOT_PHASE_TASK, year=2024, today=D(2024, 12, 20)
    ).message
    assert "cuối kỳ" in message


def test_a_year_outside_the_phase_is_refused(stage, task):
    refused_report(stage, task, TaskRefusal.YEAR_OUTSIDE_PHASE, year=2020)
    refused_report(stage, task, TaskRefusal.YEAR_OUTSIDE_PHASE, year=2026, today=D(2027, 1, 5))


def test_the_last_year_of_the_phase_is_the_final_evaluation(stage, task):
    message = refused_report(stage, task, TaskRefusal.FINAL_YEAR, year=2025, today=D(2025, 12, 20)).message
    assert "năm cuối giai đoạn 2021–2025" in message


def test_a_year_is_reviewed_from_its_grading_window(stage, task):
    message = refused_report(stage, task, TaskRefusal.YEAR_NOT_DUE, year=2023, today=D(2023, 11, 30)).message
    assert "01/12/2023" in message
    report(stage, task, year=2023, today=D(2023, 12, 1))
    assert YearReview.objects.filter(task=task, year=2023).exists()


def test_the_report_needs_a_text_and_a_percent_within_0_and_100(stage, task):
    refused_report(stage, task, TaskRefusal.TEXT_REQUIRED, report="  ")
    refused_report(stage, task, TaskRefusal.INVALID_PERCENT, percent=101)


def test_only_the_assignee_reports_the_year(stage, task):
    for user in (stage.approver, stage.unit_manager, stage.organizer, stage.nobody):
        with pytest.raises(PermissionDeniedError):
            year_review_self_report(
                actor=user, task=task, year=2023, percent=10, report="x", today=AFTER_2023
            )
    assert not YearReview.objects.exists()


def test_a_task_not_approved_is_not_reviewed(stage, phase):
    task = stage.make_task(status=TaskStatus.SUBMITTED, period=phase, deadline=D(2025, 12, 31))
    refused_report(stage, task, TaskRefusal.INVALID_STATE)


def test_the_grade_waits_for_the_report(stage, task):
    with pytest.raises(ApplicationError) as refusal:
        year_review_grade(actor=stage.approver, task=task, year=2023, grade=Grade.GOOD, today=AFTER_2023)
    assert refusal.value.code == TaskRefusal.NOT_SELF_ASSESSED
    assert not YearReview.objects.exists()


def test_a_grade_outside_the_programme_scale_is_refused(stage, task):
    stage.programme.grades = [Grade.GOOD, Grade.COMPLETED, Grade.NOT_COMPLETED]
    stage.programme.save()
    report(stage, task)
    with pytest.raises(ApplicationError) as refusal:
        year_review_grade(actor=stage.approver, task=task, year=2023, grade=Grade.EXCELLENT, today=AFTER_2023)
    assert refusal.value.code == TaskRefusal.INVALID_GRADE
    assert YearReview.objects.get(task=task, year=2023).grade == ""


def test_only_the_task_authority_grades_never_the_assignee(stage, task):
    report(stage, task)
    for user in (stage.cadre, stage.organizer, stage.inspector, stage.commune, stage.nobody):
        with pytest.raises(PermissionDeniedError):
            year_review_grade(actor=user, task=task, year=2023, grade=Grade.GOOD, today=AFTER_2023)
    assert YearReview.objects.get(task=task, year=2023).grade == ""


def test_a_closed_phase_refuses_the_review(stage, phase, task):
    report(stage, task)
    phase.closed_at = datetime.datetime(2026, 1, 10, tzinfo=datetime.UTC)
    phase.save()
    for act in (
        lambda: report(stage, task, year=2022),
        lambda: year_review_grade(
            actor=stage.approver, task=task, year=2023, grade=Grade.GOOD, today=AFTER_2023
        ),
    ):
        with pytest.raises(ApplicationError) as refusal:
            act()
        assert refusal.value.code == TaskRefusal.PERIOD_CLOSED
    assert list(YearReview.objects.values_list("year", "grade")) == [(2023, "")]


def test_a_stale_version_is_refused(stage, task):
    report(stage, task, version=1)
    with pytest.raises(ApplicationError) as refusal:
        year_review_grade(
            actor=stage.approver, task=task, year=2023, grade=Grade.GOOD, version=1, today=AFTER_2023
        )
    assert refusal.value.code == TaskRefusal.STALE_VERSION
