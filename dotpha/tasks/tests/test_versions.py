"""Two people acting on the same task: a change based on what someone saw before another's change is refused
("Đã có người cập nhật việc này…", stale_version) and writes nothing. The attack run had two evaluators grade
the same task: both "succeeded" and the last write won. The race itself runs on PostgreSQL only; the same
rule is checked one call after the other everywhere."""

import pytest

from dotpha.accounts.models import User
from dotpha.core.errors import ApplicationError
from dotpha.programmes.models import Grade
from dotpha.tasks.models import Evaluation, Task, TaskEvent, TaskStatus
from dotpha.tasks.services import (
    task_approve,
    task_correct,
    task_evaluate,
    task_return_for_revision,
    task_self_assess,
    task_submit,
    task_update_draft,
)
from dotpha.tests.concurrency import concurrent, run_together

STALE = "Đã có người cập nhật việc này sau khi bạn mở trang; tải lại trang để xem thay đổi."


def fingerprint(task: Task) -> tuple:
    """What a refused change must leave as it was: the task's row and version, its evaluation, the history
    of both and the timeline."""
    row = Task.objects.filter(pk=task.pk).values_list("version", "status", "title", "review_comment").get()
    evaluation = (
        Evaluation.objects.filter(task=task)
        .values_list("self_grade", "self_assessment", "grade", "ahead_of_plan", "comment", "evaluated_by")
        .first()
    )
    return (
        row,
        evaluation,
        Task.history.filter(id=task.pk).count(),  # type: ignore[attr-defined]
        Evaluation.history.filter(task_id=task.pk).count(),  # type: ignore[attr-defined]
        TaskEvent.objects.filter(task=task).count(),
    )


def assert_stale(refusal: pytest.ExceptionInfo[ApplicationError]) -> None:
    assert (refusal.value.code, refusal.value.message) == ("stale_version", STALE)


@pytest.fixture
def self_assessed(stage) -> Task:
    task = stage.make_task(status=TaskStatus.APPROVED)
    task_self_assess(actor=stage.cadre, task=task, self_grade=Grade.GOOD, self_assessment="Hoàn thành.")
    return Task.objects.get(pk=task.pk)


def version_of(task: Task) -> int:
    return Task.objects.values_list("version", flat=True).get(pk=task.pk)


@pytest.mark.django_db
def test_every_service_call_that_writes_raises_the_version_once(stage):
    task = stage.make_task(status=TaskStatus.APPROVED)
    assert version_of(task) == 1
    task_self_assess(actor=stage.cadre, task=task, self_grade=Grade.GOOD, self_assessment="Hoàn thành.")
    assert version_of(task) == 2
    task_evaluate(actor=stage.approver, task=task, grade=Grade.GOOD, comment="Tốt.", version=2)
    assert version_of(task) == 3
    with pytest.raises(ApplicationError):  # a refusal raises nothing
        task_evaluate(actor=stage.approver, task=task, grade="no-such-grade", version=3)
    assert version_of(task) == 3


@pytest.mark.django_db
def test_a_second_evaluator_who_saw_the_same_version_is_refused_and_nothing_changes(
    stage, self_assessed, approver_with_cadre
):
    seen = self_assessed.version
    task_evaluate(actor=stage.approver, task=self_assessed, grade=Grade.GOOD, comment="Tốt.", version=seen)
    before = fingerprint(self_assessed)
    with pytest.raises(ApplicationError) as refusal:
        task_evaluate(
            actor=approver_with_cadre,
            task=self_assessed,
            grade=Grade.EXCELLENT,
            comment="Xuất sắc.",
            version=seen,
        )
    assert_stale(refusal)
    assert fingerprint(self_assessed) == before
    evaluation = Evaluation.objects.get(task=self_assessed)
    assert (evaluation.grade, evaluation.comment, evaluation.evaluated_by) == (
        Grade.GOOD,
        "Tốt.",
        stage.approver,
    )
    # having read the task again, he may change the grade: history keeps both
    task_evaluate(
        actor=approver_with_cadre,
        task=self_assessed,
        grade=Grade.EXCELLENT,
        comment="Xuất sắc.",
        version=version_of(self_assessed),
    )
    assert Evaluation.objects.get(task=self_assessed).grade == Grade.EXCELLENT


@pytest.mark.django_db
def test_without_a_version_nothing_is_checked_for_older_callers(stage, self_assessed, approver_with_cadre):
    task_evaluate(actor=stage.approver, task=self_assessed, grade=Grade.GOOD, comment="Tốt.")
    task_evaluate(actor=approver_with_cadre, task=self_assessed, grade=Grade.COMPLETED)
    assert Evaluation.objects.get(task=self_assessed).grade == Grade.COMPLETED


@pytest.mark.django_db
def test_a_self_assessment_sent_after_the_grade_is_refused_as_stale(stage, self_assessed):
    seen = self_assessed.version
    task_evaluate(actor=stage.approver, task=self_assessed, grade=Grade.GOOD, comment="Tốt.", version=seen)
    before = fingerprint(self_assessed)
    with pytest.raises(ApplicationError) as refusal:
        task_self_assess(
            actor=stage.cadre,
            task=self_assessed,
            self_grade=Grade.EXCELLENT,
            self_assessment="Sửa lại.",
            version=seen,
        )
    assert_stale(refusal)
    assert fingerprint(self_assessed) == before


@pytest.mark.django_db
def test_an_approver_does_not_approve_a_task_changed_since_he_read_it(stage, approver_with_cadre):
    task = stage.make_task(status=TaskStatus.SUBMITTED)
    seen = version_of(task)
    # meanwhile the other approver returns it, and the author rewrites it and sends it again
    task_return_for_revision(actor=approver_with_cadre, task=task, comment="Nêu rõ sản phẩm.", version=seen)
    task_update_draft(actor=stage.cadre, task=task, deliverable="Khu tái định cư 5 ha", version=seen + 1)
    task_submit(actor=stage.cadre, task=task)
    before = fingerprint(task)
    with pytest.raises(ApplicationError) as refusal:
        task_approve(actor=stage.approver, task=task, comment="Đồng ý.", version=seen)
    assert_stale(refusal)
    assert fingerprint(task) == before
    assert Task.objects.get(pk=task.pk).status == TaskStatus.SUBMITTED


@pytest.mark.django_db
def test_a_draft_edit_based_on_an_older_version_is_refused(stage):
    task = stage.make_task()
    task_update_draft(actor=stage.cadre, task=task, title="Tên sửa ở tab thứ nhất", version=1)
    before = fingerprint(task)
    with pytest.raises(ApplicationError) as refusal:
        task_update_draft(actor=stage.cadre, task=task, title="Tên sửa ở tab thứ hai", version=1)
    assert_stale(refusal)
    assert fingerprint(task) == before
    assert Task.objects.get(pk=task.pk).title == "Tên sửa ở tab thứ nhất"


@pytest.mark.django_db
def test_an_organizer_correction_based_on_an_older_version_is_refused(stage):
    task = stage.make_task(status=TaskStatus.APPROVED)
    task_self_assess(actor=stage.cadre, task=task, self_grade=Grade.GOOD, self_assessment="Hoàn thành.")
    before = fingerprint(task)
    with pytest.raises(ApplicationError) as refusal:
        task_correct(
            actor=stage.organizer, task=task, reason="Theo quyết định", title="Tên đã sửa", version=1
        )
    assert_stale(refusal)
    assert fingerprint(task) == before


@concurrent
def test_two_evaluators_grading_at_once_with_the_same_version_one_wins_the_other_is_told(
    stage, self_assessed, approver_with_cadre
):
    seen = self_assessed.version
    graders = [
        (stage.approver.pk, Grade.GOOD, "Tốt."),
        (approver_with_cadre.pk, Grade.EXCELLENT, "Xuất sắc."),
    ]

    def grade(i: int):
        user_id, value, comment = graders[i]
        return task_evaluate(
            actor=User.objects.get(pk=user_id),
            task=Task.objects.get(pk=self_assessed.pk),
            grade=value,
            comment=comment,
            version=seen,
        )

    outcomes = run_together(2, grade)
    winners = [i for i, o in enumerate(outcomes) if o.error is None]
    losers = [o.error for o in outcomes if o.error is not None]
    assert len(winners) == 1
    assert [(type(e), e.code, e.message) for e in losers] == [  # type: ignore[attr-defined]
        (ApplicationError, "stale_version", STALE)
    ]
    user_id, value, comment = graders[winners[0]]
    evaluation = Evaluation.objects.get(task=self_assessed)
    assert (evaluation.grade, evaluation.comment, evaluation.evaluated_by_id) == (value, comment, user_id)
    assert Evaluation.history.filter(task_id=self_assessed.pk).count() == 2  # type: ignore[attr-defined]
    assert TaskEvent.objects.filter(task=self_assessed, kind="evaluated").count() == 1
    assert version_of(self_assessed) == seen + 1
