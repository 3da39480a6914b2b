import datetime

import pytest

from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.programmes.models import Grade
from dotpha.tasks.models import Evaluation, TaskEventKind, TaskStatus
from dotpha.tasks.services import task_evaluate, task_self_assess
from dotpha.tasks.tests.factories import ProgressReportFactory

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
