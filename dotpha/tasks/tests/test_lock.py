"""A closed period refuses every change except an organizer's, and each of those is audited."""

import datetime

import pytest
from django.utils import timezone

from dotpha.accounts.models import Role, RoleGrant, User
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.programmes.models import Grade
from dotpha.programmes.services import period_close
from dotpha.programmes.tests.factories import open_decision_for
from dotpha.tasks.models import Evaluation, Obstacle, ProgressReport, Task, TaskEventKind, TaskStatus
from dotpha.tasks.services import (
    LOCKED_EDIT_REASON,
    evaluation_correct,
    obstacle_raise,
    progress_report_submit,
    task_approve,
    task_correct,
    task_create_draft,
    task_evaluate,
    task_self_assess,
    task_submit,
    task_update_draft,
)
from dotpha.tasks.tests.conftest import IN_WINDOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(stage):
    """Tasks in several states, then the organizer closes period 2024."""
    tasks = {
        "draft": stage.make_task(status=TaskStatus.DRAFT),
        "submitted": stage.make_task(status=TaskStatus.SUBMITTED),
        "approved": stage.make_task(status=TaskStatus.APPROVED),
    }
    period_close(actor=stage.organizer, period=stage.period)
    return tasks


def test_closing_records_who_and_when(stage, closed):
    stage.period.refresh_from_db()
    assert stage.period.is_closed and stage.period.closed_by == stage.organizer
    assert stage.period.history.latest().history_user == stage.organizer


@pytest.mark.parametrize(
    ("call", "who"),
    [
        (lambda s, t: task_update_draft(actor=s.cadre, task=t["draft"], title="Sửa"), "cadre"),
        (lambda s, t: task_submit(actor=s.cadre, task=t["draft"], today=IN_WINDOW), "cadre"),
        (lambda s, t: task_approve(actor=s.approver, task=t["submitted"]), "approver"),
        (
            lambda s, t: progress_report_submit(
                actor=s.cadre,
                task=t["approved"],
                percent_done=90,
                narrative="x",
                today=datetime.date(2025, 1, 5),
            ),
            "cadre",
        ),
        (lambda s, t: obstacle_raise(actor=s.cadre, task=t["approved"], content="x"), "cadre"),
        (
            lambda s, t: task_self_assess(
                actor=s.cadre, task=t["approved"], self_grade=Grade.GOOD, self_assessment="x"
            ),
            "cadre",
        ),
        (
            lambda s, t: task_create_draft(
                actor=s.cadre,
                programme=s.programme,
                period=s.period,
                title="Mới",
                assignee_cadre=s.cadre.cadre,
                today=IN_WINDOW,
            ),
            "cadre",
        ),
    ],
)
def test_closed_period_refuses_changes(stage, closed, call, who):
    before = {t.pk: (t.title, t.status) for t in Task.objects.all()}
    with pytest.raises(ApplicationError) as exc:
        call(stage, closed)
    assert exc.value.message == "Kỳ 2024 đã khóa."
    assert {t.pk: (t.title, t.status) for t in Task.objects.all()} == before
    assert not ProgressReport.objects.exists() and not Obstacle.objects.exists()
    assert not Evaluation.objects.exists()


def test_organizer_corrects_a_task_in_a_closed_period_audited(stage, closed):
    # given an approved task of the closed period
    task = closed["approved"]
    # when the organizer corrects its title
    task_correct(
        actor=stage.organizer, task=task, title="Tên đã sửa theo quyết định", reason="Theo Quyết định 125"
    )
    # then the change is saved, its history row names the organizer and the reason
    task.refresh_from_db()
    assert task.title == "Tên đã sửa theo quyết định"
    row = task.history.latest()
    assert row.history_user == stage.organizer
    assert row.history_change_reason == f"{LOCKED_EDIT_REASON}: Theo Quyết định 125"
    event = task.events.get()
    assert (event.kind, event.actor) == (TaskEventKind.EDITED_AFTER_LOCK, stage.organizer)
    assert event.payload == {"fields": {"title": "Tên đã sửa theo quyết định"}}


def test_organizer_corrects_a_grade_in_a_closed_period(stage):
    task = stage.make_task(status=TaskStatus.APPROVED)
    task_self_assess(actor=stage.cadre, task=task, self_grade=Grade.GOOD, self_assessment="x")
    task_evaluate(actor=stage.approver, task=task, grade=Grade.GOOD, comment="Đạt yêu cầu đề ra.")
    period_close(actor=stage.organizer, period=stage.period)
    with pytest.raises(ApplicationError, match=r"Kỳ 2024 đã khóa\."):
        task_evaluate(actor=stage.approver, task=task, grade=Grade.EXCELLENT)

    evaluation_correct(actor=stage.organizer, task=task, grade=Grade.EXCELLENT)

    evaluation = Evaluation.objects.get(task=task)
    assert evaluation.grade == Grade.EXCELLENT
    row = evaluation.history.latest()
    assert (row.history_user, row.history_change_reason) == (stage.organizer, LOCKED_EDIT_REASON)
    assert task.events.latest("pk").kind == TaskEventKind.EDITED_AFTER_LOCK


def test_an_organizer_who_also_approves_acts_in_a_closed_period_audited(stage, closed):
    RoleGrant.objects.create(user=stage.organizer, role=Role.APPROVER, unit=stage.world.standing)
    organizer = User.objects.get(pk=stage.organizer.pk)  # grants are read once per user object
    task = closed["submitted"]
    task_approve(actor=organizer, task=task, decision=open_decision_for(task, by=stage.approver))
    task.refresh_from_db()
    assert task.status == TaskStatus.APPROVED
    assert task.history.latest().history_change_reason == LOCKED_EDIT_REASON
    assert list(task.events.values_list("kind", flat=True)) == [
        TaskEventKind.APPROVED,
        TaskEventKind.EDITED_AFTER_LOCK,
    ]


def test_correction_is_for_organizers_and_needs_a_reason_while_open(stage):
    task = stage.make_task(status=TaskStatus.APPROVED)
    for role in ["approver", "unit_manager", "cadre", "inspector"]:
        with pytest.raises(PermissionDeniedError):
            task_correct(actor=stage.world.users[role], task=task, title="X", reason="y")
    with pytest.raises(ApplicationError, match="Nêu lý do"):
        task_correct(actor=stage.organizer, task=task, title="X")
    with pytest.raises(ApplicationError, match="Không sửa được trường"):
        task_correct(actor=stage.organizer, task=task, status=TaskStatus.DRAFT, reason="y")
    task_correct(actor=stage.organizer, task=task, deadline=datetime.date(2024, 11, 30), reason="Sai ngày")
    task.refresh_from_db()
    assert task.deadline == datetime.date(2024, 11, 30)
    assert task.history.latest().history_change_reason == "Sai ngày"
    assert task.events.get().kind == TaskEventKind.CORRECTED


def test_the_signer_corrects_the_tasks_of_an_open_decision_until_it_is_signed(stage):
    """An import correcting the list its approver is still filling: the signer may, until the signed copy
    locks the decision; after that only the organizers (a change to the list needs an amending decision)."""
    task = stage.make_task(status=TaskStatus.APPROVED)
    decision = open_decision_for(task, by=stage.approver)
    Task.objects.filter(pk=task.pk).update(decision=decision)
    task_correct(actor=stage.approver, task=task, deadline=datetime.date(2024, 11, 30), reason="Theo tệp")
    task.refresh_from_db()
    assert task.deadline == datetime.date(2024, 11, 30)
    assert task.events.get().actor == stage.approver
    for role in ["unit_manager", "cadre", "inspector"]:
        with pytest.raises(PermissionDeniedError):
            task_correct(actor=stage.world.users[role], task=task, title="X", reason="y")

    type(decision).objects.filter(pk=decision.pk).update(scan_uploaded_at=timezone.now())
    with pytest.raises(PermissionDeniedError, match="Chỉ Ban Tổ chức"):
        task_correct(actor=stage.approver, task=task, deadline=datetime.date(2024, 12, 31), reason="Muộn")
    task.refresh_from_db()
    assert task.deadline == datetime.date(2024, 11, 30)
    task_correct(actor=stage.organizer, task=task, deadline=datetime.date(2024, 12, 31), reason="Sai ngày")


def test_closing_is_for_organizers_and_only_once(stage):
    with pytest.raises(PermissionDeniedError):
        period_close(actor=stage.approver, period=stage.period)
    period_close(actor=stage.organizer, period=stage.period)
    with pytest.raises(ApplicationError, match=r"Kỳ 2024 đã khóa\."):
        period_close(actor=stage.organizer, period=stage.period)
