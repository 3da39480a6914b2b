"""Milestones and targets.

While a task is a draft (or returned) its author shapes the plan: add, change, remove. Once approved the
plan is fixed (a new deadline or target value goes through an adjustment request) and the assignee keeps
it current: marks milestones done and records the value each target has reached. A milestone marked done
by mistake is undone the same day, by whoever marked it or the task's authority (`milestone_undo`); after
that day the completion stands.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dotpha.accounts.models import User
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.tasks.errors import TaskRefusal
from dotpha.tasks.models import Milestone, Target, Task, TaskEventKind, TaskStatus
from dotpha.tasks.permissions import acts_for_assignee, can_decide, can_edit_draft
from dotpha.tasks.services._common import (
    MilestoneInput,
    TargetInput,
    Write,
    decimal_text,
    fmt,
    fresh_task,
    new_milestone,
    new_target,
    to_decimal,
    today_or,
)


def _draft_write(actor: User, task: Task) -> Write:
    if task.author_id != actor.pk:
        raise PermissionDeniedError(_("Chỉ người lập việc mới sửa được kế hoạch thực hiện."))
    write = Write(actor, task)
    if not can_edit_draft(actor, task):
        raise ApplicationError(
            _("Việc đã gửi hoặc đã được phê duyệt: muốn đổi kế hoạch, hãy gửi đề nghị điều chỉnh."),
            code=TaskRefusal.NOT_EDITABLE,
        )
    return write


def _execution_write(actor: User, task: Task) -> Write:
    if not acts_for_assignee(actor, task):
        raise PermissionDeniedError(_("Chỉ người được giao việc mới cập nhật tiến độ."))
    write = Write(actor, task)
    if task.status != TaskStatus.APPROVED:
        raise ApplicationError(_("Việc chưa được phê duyệt."), code=TaskRefusal.INVALID_STATE)
    return write


def _milestone(milestone: Milestone | int) -> Milestone:
    pk = milestone.pk if isinstance(milestone, Milestone) else milestone
    return Milestone.objects.select_for_update().get(pk=pk)


def _target(target: Target | int) -> Target:
    pk = target.pk if isinstance(target, Target) else target
    return Target.objects.select_for_update().get(pk=pk)


@transaction.atomic
def milestone_add(*, actor: User, task: Task, title: str, due_date: datetime.date) -> Milestone:
    task = fresh_task(task)
    write = _draft_write(actor, task)
    milestone = new_milestone(task, MilestoneInput(title=title, due_date=due_date))
    write.save(milestone)
    return milestone


@transaction.atomic
def milestone_update(
    *, actor: User, milestone: Milestone, title: str | None = None, due_date: datetime.date | None = None
) -> Milestone:
    milestone = _milestone(milestone)
    task = fresh_task(milestone.task_id)
    write = _draft_write(actor, task)
    if title is not None:
        if not title.strip():
            raise ApplicationError(_("Nhập nội dung mốc."), code=TaskRefusal.REQUIRED)
        milestone.title = title.strip()
    if due_date is not None:
        milestone.due_date = due_date
    write.save(milestone)
    return milestone


@transaction.atomic
def milestone_remove(*, actor: User, milestone: Milestone) -> None:
    milestone = _milestone(milestone)
    task = fresh_task(milestone.task_id)
    write = _draft_write(actor, task)
    write.delete(milestone)


@transaction.atomic
def milestone_complete(
    *,
    actor: User,
    milestone: Milestone,
    done_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> Milestone:
    today = today_or(today)
    done_on = done_on or today
    milestone = _milestone(milestone)
    task = fresh_task(milestone.task_id)
    write = _execution_write(actor, task)
    if milestone.done_on is not None:
        raise ApplicationError(
            _("Mốc đã hoàn thành ngày %(day)s.") % {"day": fmt(milestone.done_on)},
            code=TaskRefusal.ALREADY_DONE,
        )
    if done_on > today:
        raise ApplicationError(_("Ngày hoàn thành mốc không được sau hôm nay."), code=TaskRefusal.FUTURE_DATE)
    milestone.done_on = done_on
    milestone.completed_by = actor
    milestone.completed_at = timezone.now()
    write.save(milestone)
    write.event(
        TaskEventKind.MILESTONE_COMPLETED,
        comment=milestone.title,
        payload={"milestone_id": milestone.pk, "done_on": done_on.isoformat()},
    )
    return milestone


def milestone_undo_refusal(actor: User, milestone: Milestone, task: Task) -> ApplicationError | None:
    """Why `actor` may not undo the milestone's completion now, or None when they may. The page asks it
    to offer the button; the service raises what it returns. The day is checked before the person: it is
    the cheap test, and past that day nobody may."""
    if milestone.done_on is None:
        return ApplicationError(_("Mốc chưa hoàn thành."), code=TaskRefusal.NOT_DONE)
    recorded = timezone.localdate(milestone.completed_at) if milestone.completed_at else None
    if recorded is None:
        return ApplicationError(
            _("Mốc đã được ghi nhận hoàn thành: chỉ hủy được trong ngày ghi nhận."),
            code=TaskRefusal.UNDO_EXPIRED,
        )
    if recorded != timezone.localdate():
        return ApplicationError(
            _("Mốc đã được ghi nhận hoàn thành ngày %(day)s: chỉ hủy được trong ngày ghi nhận.")
            % {"day": fmt(recorded)},
            code=TaskRefusal.UNDO_EXPIRED,
        )
    if actor.pk != milestone.completed_by_id and not can_decide(actor, task):
        return PermissionDeniedError(
            _("Chỉ người đã ghi nhận hoàn thành mốc hoặc cấp có thẩm quyền mới hủy được việc ghi nhận.")
        )
    if task.status != TaskStatus.APPROVED:
        return ApplicationError(_("Việc chưa được phê duyệt."), code=TaskRefusal.INVALID_STATE)
    return None


@transaction.atomic
def milestone_undo(*, actor: User, milestone: Milestone, comment: str = "") -> Milestone:
    """Undoes a completion recorded today (see `milestone_undo_refusal`), audited as its own event."""
    milestone = _milestone(milestone)
    task = fresh_task(milestone.task_id)
    refusal = milestone_undo_refusal(actor, milestone, task)
    if refusal is not None:
        raise refusal
    write = Write(actor, task)
    undone_on = milestone.done_on
    assert undone_on is not None
    milestone.done_on = None
    milestone.completed_by = None
    milestone.completed_at = None
    write.save(milestone)
    write.event(
        TaskEventKind.MILESTONE_REOPENED,
        comment=comment.strip() or milestone.title,
        payload={"milestone_id": milestone.pk, "undone_done_on": undone_on.isoformat()},
    )
    return milestone


@transaction.atomic
def target_add(
    *, actor: User, task: Task, name: str, unit_of_measure: str, target_value: Decimal | int | str
) -> Target:
    task = fresh_task(task)
    write = _draft_write(actor, task)
    target = new_target(
        task, TargetInput(name=name, unit_of_measure=unit_of_measure, target_value=target_value)
    )
    write.save(target)
    return target


@transaction.atomic
def target_update(
    *,
    actor: User,
    target: Target,
    name: str | None = None,
    unit_of_measure: str | None = None,
    target_value: Decimal | int | str | None = None,
) -> Target:
    target = _target(target)
    task = fresh_task(target.task_id)
    write = _draft_write(actor, task)
    if name is not None:
        target.name = name.strip()
    if unit_of_measure is not None:
        target.unit_of_measure = unit_of_measure.strip()
    if target_value is not None:
        target.target_value = to_decimal(target_value)
    if not target.name or not target.unit_of_measure:
        raise ApplicationError(_("Nhập tên chỉ tiêu và đơn vị tính."), code=TaskRefusal.REQUIRED)
    write.save(target)
    return target


@transaction.atomic
def target_remove(*, actor: User, target: Target) -> None:
    target = _target(target)
    task = fresh_task(target.task_id)
    write = _draft_write(actor, task)
    write.delete(target)


@transaction.atomic
def target_record_value(*, actor: User, target: Target, value: Decimal | int | str) -> Target:
    """The value reached so far (e.g. 9 of 13 houses), outside a progress report."""
    target = _target(target)
    task = fresh_task(target.task_id)
    write = _execution_write(actor, task)
    target.achieved_value = to_decimal(value)
    write.save(target)
    write.event(
        TaskEventKind.TARGET_UPDATED,
        comment=target.name,
        payload={"target_id": target.pk, "value": decimal_text(target.achieved_value)},
    )
    return target
