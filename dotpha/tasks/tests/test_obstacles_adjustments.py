import datetime
from decimal import Decimal

import pytest

from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.tasks.models import (
    AdjustmentRequest,
    AdjustmentStatus,
    Obstacle,
    ObstacleStatus,
    TaskEvent,
    TaskEventKind,
    TaskStatus,
)
from dotpha.tasks.services import (
    adjustment_approve,
    adjustment_refuse,
    adjustment_request,
    obstacle_answer,
    obstacle_raise,
    obstacle_resolve,
)
from dotpha.tasks.tests.factories import MilestoneFactory, TargetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(stage):
    return stage.make_task(status=TaskStatus.APPROVED)


def test_obstacle_goes_open_answered_resolved(stage, task):
    # given the assignee raises an obstacle
    obstacle = obstacle_raise(
        actor=stage.cadre,
        task=task,
        content="Thiếu kinh phí đối ứng của hộ dân.",
        proposal="Tạm ứng trước 50% kinh phí hỗ trợ.",
    )
    assert obstacle.status == ObstacleStatus.OPEN
    # when the authority answers, then the assignee confirms it is resolved
    obstacle_answer(actor=stage.approver, obstacle=obstacle, answer="Đồng ý tạm ứng 50%.")
    obstacle_resolve(actor=stage.cadre, obstacle=obstacle, comment="Đã nhận tạm ứng.")
    # then
    obstacle.refresh_from_db()
    assert obstacle.status == ObstacleStatus.RESOLVED
    assert (obstacle.answered_by, obstacle.resolved_by) == (stage.approver, stage.cadre)
    assert obstacle.answered_at and obstacle.resolved_at
    assert list(task.events.values_list("kind", "actor")) == [
        (TaskEventKind.OBSTACLE_RAISED, stage.cadre.pk),
        (TaskEventKind.OBSTACLE_ANSWERED, stage.approver.pk),
        (TaskEventKind.OBSTACLE_RESOLVED, stage.cadre.pk),
    ]
    assert [h.history_user for h in obstacle.history.order_by("history_date")] == [
        stage.cadre,
        stage.approver,
        stage.cadre,
    ]


def test_the_authority_may_also_mark_it_resolved(stage, task):
    obstacle = obstacle_raise(actor=stage.cadre, task=task, content="Vướng mặt bằng.")
    obstacle_answer(actor=stage.approver, obstacle=obstacle, answer="Giao Sở Tài nguyên hỗ trợ.")
    obstacle_resolve(actor=stage.approver, obstacle=obstacle)
    assert Obstacle.objects.get().status == ObstacleStatus.RESOLVED


def test_obstacle_refusals(stage, task, approver_with_cadre):
    with pytest.raises(PermissionDeniedError):
        obstacle_raise(actor=stage.approver, task=task, content="x")
    with pytest.raises(ApplicationError, match="Nêu khó khăn"):
        obstacle_raise(actor=stage.cadre, task=task, content=" ")
    with pytest.raises(ApplicationError, match="chưa được phê duyệt"):
        obstacle_raise(actor=stage.cadre, task=stage.make_task(status=TaskStatus.SUBMITTED), content="x")
    obstacle = obstacle_raise(actor=stage.cadre, task=task, content="Vướng mặt bằng.")
    # must be answered before it is resolved
    with pytest.raises(ApplicationError, match="chưa trả lời"):
        obstacle_resolve(actor=stage.cadre, obstacle=obstacle)
    # only the authority answers, with text
    with pytest.raises(PermissionDeniedError, match="thẩm quyền"):
        obstacle_answer(actor=stage.unit_manager, obstacle=obstacle, answer="x")
    with pytest.raises(ApplicationError, match="Nhập nội dung trả lời"):
        obstacle_answer(actor=stage.approver, obstacle=obstacle, answer="")
    # outsiders cannot resolve
    obstacle_answer(actor=stage.approver, obstacle=obstacle, answer="Đã chỉ đạo.")
    with pytest.raises(PermissionDeniedError):
        obstacle_resolve(actor=stage.commune, obstacle=obstacle)
    with pytest.raises(ApplicationError, match="đã được trả lời"):
        obstacle_answer(actor=stage.approver, obstacle=obstacle, answer="Lần hai")
    # and an approver does not answer an obstacle on his own task
    own = stage.make_task(
        cadre=approver_with_cadre.cadre, author=approver_with_cadre, status=TaskStatus.APPROVED
    )
    own_obstacle = obstacle_raise(actor=approver_with_cadre, task=own, content="x")
    with pytest.raises(PermissionDeniedError, match="chính mình"):
        obstacle_answer(actor=approver_with_cadre, obstacle=own_obstacle, answer="Tự gỡ")
    obstacle.refresh_from_db()
    assert obstacle.answer == "Đã chỉ đạo."


def test_adjustment_approved_applies_the_change_and_keeps_the_original(stage, task):
    # given a target of 13 houses and a deadline of 31/12
    target = TargetFactory.create(task=task, target_value=13)
    # when the assignee asks for a new deadline and 15 houses, and the authority approves
    adjustment = adjustment_request(
        actor=stage.cadre,
        task=task,
        reason="Bổ sung 2 hộ phát sinh.",
        new_deadline=datetime.date(2024, 11, 30),
        target=target,
        new_target_value=15,
    )
    adjustment_approve(actor=stage.approver, adjustment=adjustment, comment="Đồng ý.")
    # then
    task.refresh_from_db()
    target.refresh_from_db()
    adjustment.refresh_from_db()
    assert task.deadline == datetime.date(2024, 11, 30)
    assert target.target_value == Decimal(15)
    assert adjustment.status == AdjustmentStatus.APPROVED
    assert (adjustment.original_deadline, adjustment.original_target_value) == (
        datetime.date(2024, 12, 31),
        Decimal(13),
    )
    assert adjustment.original_description == task.description
    assert task.history.latest().history_user == stage.approver
    assert target.history.latest().history_user == stage.approver
    approved = task.events.get(kind=TaskEventKind.ADJUSTMENT_APPROVED)
    assert approved.payload["applied"] == {"deadline": "2024-11-30", "target_value": "15"}
    assert list(task.events.values_list("kind", flat=True)) == [
        TaskEventKind.ADJUSTMENT_REQUESTED,
        TaskEventKind.ADJUSTMENT_APPROVED,
    ]


def test_adjustment_of_content_and_deliverable(stage, task):
    adjustment = adjustment_request(
        actor=stage.cadre,
        task=task,
        reason="Đổi giải pháp.",
        new_description="Giải pháp mới.",
        new_deliverable="Sản phẩm mới.",
    )
    adjustment_approve(actor=stage.approver, adjustment=adjustment)
    task.refresh_from_db()
    assert (task.description, task.deliverable) == ("Giải pháp mới.", "Sản phẩm mới.")


def test_adjustment_refused_keeps_the_task(stage, task):
    adjustment = adjustment_request(
        actor=stage.cadre, task=task, reason="Xin lùi hạn.", new_deadline=datetime.date(2024, 12, 30)
    )
    with pytest.raises(ApplicationError, match="lý do không chấp thuận"):
        adjustment_refuse(actor=stage.approver, adjustment=adjustment, comment="")
    adjustment_refuse(actor=stage.approver, adjustment=adjustment, comment="Phải hoàn thành đúng hạn.")
    task.refresh_from_db()
    adjustment.refresh_from_db()
    assert task.deadline == datetime.date(2024, 12, 31)
    assert (adjustment.status, adjustment.decided_by) == (AdjustmentStatus.REFUSED, stage.approver)
    assert task.events.latest("pk").kind == TaskEventKind.ADJUSTMENT_REFUSED
    # a decided request is not decided again
    with pytest.raises(ApplicationError, match="đã được xem xét"):
        adjustment_approve(actor=stage.approver, adjustment=adjustment)


def test_adjustment_request_refusals(stage, task, approver_with_cadre):
    target = TargetFactory.create(task=task)
    with pytest.raises(PermissionDeniedError):
        adjustment_request(
            actor=stage.approver, task=task, reason="x", new_deadline=datetime.date(2024, 11, 1)
        )
    with pytest.raises(ApplicationError, match="Nêu lý do"):
        adjustment_request(actor=stage.cadre, task=task, reason="", new_deadline=datetime.date(2024, 11, 1))
    with pytest.raises(ApplicationError, match="chưa thay đổi"):
        adjustment_request(actor=stage.cadre, task=task, reason="x", new_deadline=task.deadline)
    with pytest.raises(ApplicationError, match="giá trị mới"):
        adjustment_request(actor=stage.cadre, task=task, reason="x", target=target)
    with pytest.raises(ApplicationError, match="trong kỳ 2024"):
        adjustment_request(actor=stage.cadre, task=task, reason="x", new_deadline=datetime.date(2025, 2, 1))
    with pytest.raises(ApplicationError, match="đã phê duyệt"):
        adjustment_request(
            actor=stage.cadre,
            task=stage.make_task(status=TaskStatus.SUBMITTED),
            reason="x",
            new_deadline=datetime.date(2024, 11, 1),
        )
    adjustment_request(actor=stage.cadre, task=task, reason="x", new_deadline=datetime.date(2024, 11, 1))
    with pytest.raises(ApplicationError, match="đang có một đề nghị"):
        adjustment_request(actor=stage.cadre, task=task, reason="y", new_deadline=datetime.date(2024, 10, 1))
    assert AdjustmentRequest.objects.count() == 1
    own = stage.make_task(
        cadre=approver_with_cadre.cadre, author=approver_with_cadre, status=TaskStatus.APPROVED
    )
    own_request = adjustment_request(
        actor=approver_with_cadre, task=own, reason="x", new_deadline=datetime.date(2024, 11, 1)
    )
    with pytest.raises(PermissionDeniedError, match="chính mình"):
        adjustment_approve(actor=approver_with_cadre, adjustment=own_request)
    with pytest.raises(PermissionDeniedError, match="thẩm quyền"):
        adjustment_approve(actor=stage.unit_manager, adjustment=own_request)


def test_shortened_deadline_cannot_leave_a_milestone_behind(stage, task):
    MilestoneFactory.create(task=task, title="Sơ kết", due_date=datetime.date(2024, 10, 15))
    adjustment = adjustment_request(
        actor=stage.cadre, task=task, reason="Rút ngắn.", new_deadline=datetime.date(2024, 9, 30)
    )
    with pytest.raises(ApplicationError, match="Mốc “Sơ kết” nằm ngoài"):
        adjustment_approve(actor=stage.approver, adjustment=adjustment)
    adjustment.refresh_from_db()
    task.refresh_from_db()
    assert adjustment.status == AdjustmentStatus.PENDING and task.deadline == datetime.date(2024, 12, 31)
    assert not TaskEvent.objects.filter(kind=TaskEventKind.ADJUSTMENT_APPROVED).exists()
