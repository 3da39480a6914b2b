"""After 1 July 2025 a commune registered under before the merger lives on in its successor: the new
commune's standing committee approves, answers and evaluates what the old one left open, hears about it,
and nobody else gains that power. A unit that no longer exists takes no new task."""

import datetime

import pytest

from dotpha.accounts.access import has_role_over
from dotpha.accounts.models import Role
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.notifications.models import Notification
from dotpha.org.models import EndReason
from dotpha.org.tests.factories import AppointmentFactory, CadreFactory, PositionFactory, make_user
from dotpha.programmes.models import Grade
from dotpha.programmes.tests.factories import open_decision_for
from dotpha.tasks.models import Task, TaskEventKind, TaskStatus
from dotpha.tasks.selectors import approval_queue
from dotpha.tasks.services import (
    task_approve,
    task_create_draft,
    task_evaluate,
    task_self_assess,
    task_submit,
)

pytestmark = pytest.mark.django_db

SUBMIT_DAY = datetime.date(2024, 2, 20)
APPROVAL_DAY = datetime.date(2025, 8, 4)


@pytest.fixture
def vice_chair(stage):
    """The old commune's vice-chair, managed by its committee until the merger."""
    world = stage.world
    cadre = CadreFactory.create(full_name="Đỗ Thị Mai", managing_unit=world.old_commune)
    AppointmentFactory.create(
        cadre=cadre,
        unit=world.old_commune,
        position=PositionFactory.create(name="Phó Chủ tịch UBND"),
        start_date=datetime.date(2021, 1, 1),
        end_date=datetime.date(2025, 6, 30),
        end_reason=EndReason.MERGED,
    )
    return make_user("phochutich-cu", Role.CADRE, world.old_commune, cadre)


@pytest.fixture
def old_commune_task(stage, vice_chair):
    """Her task, submitted in 2024 to the old commune's committee and still waiting."""
    return stage.make_task(cadre=vice_chair.cadre, status=TaskStatus.SUBMITTED, author=vice_chair)


@pytest.fixture
def successor_approver(stage):
    return make_user("btv-tanlap", Role.APPROVER, stage.world.commune)


@pytest.fixture
def neighbour_approver(stage):
    return make_user("btv-hoabinh", Role.APPROVER, stage.world.other_commune)


def test_a_role_on_the_successor_covers_the_merged_unit_only(stage, successor_approver, neighbour_approver):
    world = stage.world
    assert has_role_over(successor_approver, Role.APPROVER, world.old_commune)
    assert has_role_over(successor_approver, Role.APPROVER, world.commune)
    assert not has_role_over(successor_approver, Role.APPROVER, world.other_commune)
    assert not has_role_over(successor_approver, Role.APPROVER, world.district)
    assert not has_role_over(neighbour_approver, Role.APPROVER, world.old_commune)


def test_the_successor_committee_finds_and_approves_the_old_commune_task(
    old_commune_task, successor_approver, neighbour_approver
):
    assert list(approval_queue(successor_approver)) == [old_commune_task]
    assert list(approval_queue(neighbour_approver)) == []

    task_approve(
        actor=successor_approver,
        task=old_commune_task,
        comment="Kế thừa.",
        decision=open_decision_for(old_commune_task, by=successor_approver),
    )

    old_commune_task.refresh_from_db()
    assert old_commune_task.status == TaskStatus.APPROVED
    assert old_commune_task.approved_by == successor_approver
    assert old_commune_task.authority_unit.name == "Xã Đông Cũ"  # history keeps the unit it was under
    event = old_commune_task.events.get()
    assert (event.kind, event.actor) == (TaskEventKind.APPROVED, successor_approver)


def test_another_commune_cannot_decide_it(old_commune_task, neighbour_approver):
    with pytest.raises(PermissionDeniedError):
        task_approve(actor=neighbour_approver, task=old_commune_task, today=APPROVAL_DAY)
    assert Task.objects.get(pk=old_commune_task.pk).status == TaskStatus.SUBMITTED
    assert not old_commune_task.events.exists()


def test_the_successor_committee_evaluates_it_at_year_end(
    stage, vice_chair, old_commune_task, successor_approver
):
    Task.objects.filter(pk=old_commune_task.pk).update(status=TaskStatus.APPROVED)
    task_self_assess(
        actor=vice_chair, task=old_commune_task, self_grade=Grade.GOOD, self_assessment="Đã số hóa 100%."
    )

    task_evaluate(actor=successor_approver, task=old_commune_task, grade=Grade.GOOD, comment="Đạt chỉ tiêu.")

    assert old_commune_task.evaluation.grade == Grade.GOOD
    assert old_commune_task.evaluation.evaluated_by == successor_approver


def test_a_submission_under_the_old_commune_reaches_the_successor_committee(
    stage, vice_chair, successor_approver, neighbour_approver, django_capture_on_commit_callbacks
):
    task = stage.make_task(cadre=vice_chair.cadre, author=vice_chair)
    assert task.authority_unit == stage.world.old_commune

    with django_capture_on_commit_callbacks(execute=True):
        task_submit(actor=vice_chair, task=task, today=SUBMIT_DAY)

    recipients = set(
        Notification.objects.filter(kind="submitted").values_list("recipient__username", flat=True)
    )
    assert "btv-tanlap" in recipients
    assert "btv-hoabinh" not in recipients


def test_a_merged_unit_takes_no_new_collective_task(stage):
    world = stage.world
    manager = make_user("lanhdao-tanlap", Role.UNIT_MANAGER, world.commune)
    with pytest.raises(ApplicationError, match=r"Xã Đông Cũ đã thôi hoạt động từ 30/06/2025") as refused:
        task_create_draft(
            actor=manager,
            programme=stage.programme,
            period=stage.period,
            title="Hoàn thiện hồ sơ địa chính",
            assignee_unit=world.old_commune,
            today=datetime.date(2025, 9, 1),
        )
    assert refused.value.code == "unit_ended"
    assert not Task.objects.exists()


def test_a_collective_task_returned_before_the_merger_cannot_be_sent_back_after_it(stage):
    world = stage.world
    manager = make_user("lanhdao-xacu", Role.UNIT_MANAGER, world.old_commune)
    returned = stage.make_task(
        assignee_unit=world.old_commune,
        author=manager,
        authority_unit=world.old_commune,
        status=TaskStatus.RETURNED,
    )
    with pytest.raises(ApplicationError, match="đã thôi hoạt động từ 30/06/2025") as refused:
        task_submit(actor=manager, task=returned, today=datetime.date(2025, 8, 1))
    assert refused.value.code == "unit_ended"
    assert Task.objects.get(pk=returned.pk).status == TaskStatus.RETURNED
