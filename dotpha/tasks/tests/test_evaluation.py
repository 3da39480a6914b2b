import datetime
from decimal import Decimal

import pytest

from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.programmes.models import Grade
from dotpha.tasks.models import Evaluation, TaskEventKind, TaskStatus
from dotpha.tasks.services import evaluation_correct, task_evaluate, task_self_assess
from dotpha.tasks.tests.factories import MilestoneFactory, ProgressReportFactory, TargetFactory

D = datetime.date

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(stage):
    return stage.make_task(status=TaskStatus.APPROVED)


def test_self_assessment_then_evaluation(stage, task):
    # given a task reported done two months before its deadline (31/12/2024)
    ProgressReportFactory.create(task=task, reported_on=D(2024, 10, 30), percent_done=100, author=task.author)
    task_self_assess(
        actor=stage.cadre,
        task=task,
        self_grade=Grade.EXCELLENT,
        self_assessment="Hoàn thành vượt chỉ tiêu, trước thời hạn 2 tháng.",
    )
    # when
    task_evaluate(
        actor=stage.approver, task=task, grade=Grade.GOOD, ahead_of_plan=True, comment="Hoàn thành tốt."
    )
    # then
    evaluation = Evaluation.objects.get(task=task)
    assert (evaluation.self_grade, evaluation.self_assessed_by) == (Grade.EXCELLENT, stage.cadre)
    assert (evaluation.grade, evaluation.ahead_of_plan, evaluation.evaluated_by) == (
        Grade.GOOD,
        True,
        stage.approver,
    )
    assert evaluation.comment == "Hoàn thành tốt."
    assert list(task.events.values_list("kind", "actor")) == [
        (TaskEventKind.SELF_ASSESSED, stage.cadre.pk),
        (TaskEventKind.EVALUATED, stage.approver.pk),
    ]
    assert [h.history_user for h in evaluation.history.order_by("history_date")] == [
        stage.cadre,
        stage.approver,
    ]


def test_evaluation_waits_for_the_self_assessment(stage, task):
    with pytest.raises(ApplicationError, match="chưa tự đánh giá"):
        task_evaluate(actor=stage.approver, task=task, grade=Grade.GOOD)
    assert not Evaluation.objects.exists()


def test_grades_outside_the_programme_scale_are_refused(stage, task):
    stage.programme.grades = [Grade.EXCELLENT, Grade.COMPLETED, Grade.NOT_COMPLETED]
    stage.programme.save()
    with pytest.raises(ApplicationError, match="thang đánh giá"):
        task_self_assess(actor=stage.cadre, task=task, self_grade=Grade.GOOD, self_assessment="x")
    with pytest.raises(ApplicationError, match="thang đánh giá"):
        task_self_assess(actor=stage.cadre, task=task, self_grade="perfect", self_assessment="x")
    task_self_assess(actor=stage.cadre, task=task, self_grade=Grade.COMPLETED, self_assessment="x")
    with pytest.raises(ApplicationError, match="thang đánh giá"):
        task_evaluate(actor=stage.approver, task=task, grade=Grade.GOOD)


def test_not_completed_cannot_be_ahead_of_plan(stage, task):
    task_self_assess(actor=stage.cadre, task=task, self_grade=Grade.COMPLETED, self_assessment="x")
    with pytest.raises(ApplicationError, match="trước kế hoạch"):
        task_evaluate(actor=stage.approver, task=task, grade=Grade.NOT_COMPLETED, ahead_of_plan=True)
    assert Evaluation.objects.get().grade == ""


def test_self_assessment_needs_text_the_assignee_and_an_approved_task(stage, task):
    with pytest.raises(ApplicationError, match="tự nhận xét"):
        task_self_assess(actor=stage.cadre, task=task, self_grade=Grade.GOOD, self_assessment="")
    with pytest.raises(PermissionDeniedError):
        task_self_assess(actor=stage.approver, task=task, self_grade=Grade.GOOD, self_assessment="x")
    with pytest.raises(ApplicationError, match="đã được phê duyệt"):
        task_self_assess(
            actor=stage.cadre,
            task=stage.make_task(status=TaskStatus.SUBMITTED),
            self_grade=Grade.GOOD,
            self_assessment="x",
        )
    assert not Evaluation.objects.exists()


def test_no_self_assessment_after_the_grade(stage, task):
    task_self_assess(actor=stage.cadre, task=task, self_grade=Grade.GOOD, self_assessment="x")
    task_evaluate(actor=stage.approver, task=task, grade=Grade.COMPLETED)
    with pytest.raises(ApplicationError, match="đã được cấp có thẩm quyền đánh giá"):
        task_self_assess(actor=stage.cadre, task=task, self_grade=Grade.EXCELLENT, self_assessment="y")


def test_evaluation_refused_to_self_and_outside_authority(stage, approver_with_cadre):
    own = stage.make_task(
        cadre=approver_with_cadre.cadre, author=approver_with_cadre, status=TaskStatus.APPROVED
    )
    task_self_assess(actor=approver_with_cadre, task=own, self_grade=Grade.EXCELLENT, self_assessment="x")
    with pytest.raises(PermissionDeniedError, match="Không thể tự đánh giá"):
        task_evaluate(actor=approver_with_cadre, task=own, grade=Grade.EXCELLENT)
    for role in ["unit_manager", "organizer", "inspector", "commune_committee"]:
        with pytest.raises(PermissionDeniedError):
            task_evaluate(actor=stage.world.users[role], task=own, grade=Grade.EXCELLENT)
    assert Evaluation.objects.get().grade == ""


def test_re_evaluation_while_open_is_kept_in_history(stage, task):
    task_self_assess(actor=stage.cadre, task=task, self_grade=Grade.GOOD, self_assessment="x")
    task_evaluate(actor=stage.approver, task=task, grade=Grade.COMPLETED)
    task_evaluate(actor=stage.approver, task=task, grade=Grade.GOOD, comment="Đạt yêu cầu đề ra.")
    evaluation = Evaluation.objects.get()
    assert evaluation.grade == Grade.GOOD
    assert [h.grade for h in evaluation.history.order_by("history_date")] == ["", Grade.COMPLETED, Grade.GOOD]


AHEAD_REFUSED = "Chỉ đánh giá «Hoàn thành trước kế hoạch» khi việc đã hoàn thành"


def graded_state(task):
    """What a refusal must leave untouched: the evaluation, the task's version and its timeline."""
    task.refresh_from_db()
    evaluation = Evaluation.objects.get(task=task)
    return (
        evaluation.grade,
        evaluation.ahead_of_plan,
        evaluation.comment,
        evaluation.evaluated_by_id,
        evaluation.history.count(),
        task.version,
        task.events.count(),
    )


@pytest.fixture
def self_assessed(stage, task):
    task_self_assess(actor=stage.cadre, task=task, self_grade=Grade.EXCELLENT, self_assessment="Đã xong.")
    return task


def report(task, day, percent):
    return ProgressReportFactory.create(task=task, reported_on=day, percent_done=percent, author=task.author)


@pytest.mark.parametrize(
    "reports",
    [
        [],  # never reported
        [(D(2024, 6, 1), 80)],  # last report below 100%
        [(D(2024, 12, 31), 100)],  # finished on the deadline day, not before it
        [(D(2025, 1, 20), 100)],  # finished after the deadline
        [(D(2024, 9, 1), 100), (D(2024, 10, 1), 90)],  # 100% once, then reported lower
    ],
)
def test_ahead_of_plan_is_refused_unless_finished_before_the_deadline(stage, self_assessed, reports):
    for day, percent in reports:
        report(self_assessed, day, percent)
    before = graded_state(self_assessed)
    with pytest.raises(ApplicationError, match=AHEAD_REFUSED) as refusal:
        task_evaluate(
            actor=stage.approver,
            task=self_assessed,
            grade=Grade.EXCELLENT,
            ahead_of_plan=True,
            comment="Tốt.",
        )
    assert refusal.value.code == "not_ahead_of_plan"
    assert graded_state(self_assessed) == before


def test_ahead_of_plan_when_reported_done_before_the_deadline(stage, self_assessed):
    report(self_assessed, D(2024, 10, 1), 100)
    task_evaluate(actor=stage.approver, task=self_assessed, grade=Grade.EXCELLENT, ahead_of_plan=True)
    assert Evaluation.objects.get(task=self_assessed).ahead_of_plan is True


def test_ahead_of_plan_when_every_target_and_milestone_was_met_before_the_deadline(stage, self_assessed):
    target = TargetFactory.create(task=self_assessed, target_value=Decimal(10), achieved_value=Decimal(9))
    milestone = MilestoneFactory.create(task=self_assessed, due_date=D(2024, 9, 30), done_on=D(2024, 9, 1))
    report(self_assessed, D(2024, 9, 2), 90)
    # a target short of its value: not finished
    with pytest.raises(ApplicationError, match=AHEAD_REFUSED):
        task_evaluate(
            actor=stage.approver, task=self_assessed, grade=Grade.GOOD, ahead_of_plan=True, comment="Đạt."
        )
    target.achieved_value = Decimal(10)
    target.save()
    # a milestone done only after the deadline: not before it
    milestone.done_on = D(2025, 1, 5)
    milestone.save()
    with pytest.raises(ApplicationError, match=AHEAD_REFUSED):
        task_evaluate(
            actor=stage.approver, task=self_assessed, grade=Grade.GOOD, ahead_of_plan=True, comment="Đạt."
        )
    milestone.done_on = D(2024, 9, 1)
    milestone.save()
    task_evaluate(
        actor=stage.approver, task=self_assessed, grade=Grade.GOOD, ahead_of_plan=True, comment="Đạt."
    )
    assert Evaluation.objects.get(task=self_assessed).ahead_of_plan is True


@pytest.mark.parametrize("grade", [Grade.EXCELLENT, Grade.GOOD])
def test_good_or_excellent_below_100_percent_needs_a_written_reason(stage, self_assessed, grade):
    before = graded_state(self_assessed)
    with pytest.raises(ApplicationError) as refusal:
        task_evaluate(actor=stage.approver, task=self_assessed, grade=grade, comment="  ")
    assert str(refusal.value.message) == (
        f"Việc chưa có báo cáo tiến độ: nêu lý do đánh giá mức «{grade.label}» trong phần nhận xét."
    )
    assert refusal.value.code == "reason_required"
    report(self_assessed, D(2024, 11, 1), 85)
    with pytest.raises(ApplicationError, match="mới đạt 85%: nêu lý do đánh giá mức"):
        task_evaluate(actor=stage.approver, task=self_assessed, grade=grade)
    assert graded_state(self_assessed) == before
    # with the reason it is recorded, and the task page shows it beside the grade
    task_evaluate(actor=stage.approver, task=self_assessed, grade=grade, comment="Vượt khó, kết quả rõ.")
    assert Evaluation.objects.get(task=self_assessed).comment == "Vượt khó, kết quả rõ."


def test_no_reason_is_asked_for_a_task_done_or_a_lower_grade(stage, self_assessed):
    task_evaluate(actor=stage.approver, task=self_assessed, grade=Grade.COMPLETED)
    report(self_assessed, D(2024, 11, 1), 100)
    task_evaluate(actor=stage.approver, task=self_assessed, grade=Grade.EXCELLENT)
    assert Evaluation.objects.get(task=self_assessed).grade == Grade.EXCELLENT


def test_the_organizers_correction_follows_the_same_rule(stage, self_assessed):
    task_evaluate(actor=stage.approver, task=self_assessed, grade=Grade.COMPLETED)
    before = graded_state(self_assessed)
    with pytest.raises(ApplicationError, match=AHEAD_REFUSED):
        evaluation_correct(
            actor=stage.organizer, task=self_assessed, ahead_of_plan=True, reason="Theo quyết định."
        )
    with pytest.raises(ApplicationError, match="nêu lý do đánh giá mức «Hoàn thành xuất sắc»"):
        evaluation_correct(
            actor=stage.organizer, task=self_assessed, grade=Grade.EXCELLENT, reason="Theo quyết định."
        )
    assert graded_state(self_assessed) == before
