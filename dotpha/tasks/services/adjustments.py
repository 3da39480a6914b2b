"""điều chỉnh: the assignee asks to change an approved task's deadline, content or a target value; the
authority approves (the change is applied) or refuses. The request keeps the values it replaced."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dotpha.accounts.models import User
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.tasks.errors import TaskRefusal
from dotpha.tasks.models import (
    AdjustmentRequest,
    AdjustmentStatus,
    Target,
    Task,
    TaskEventKind,
    TaskStatus,
)
from dotpha.tasks.permissions import acts_for_assignee
from dotpha.tasks.services._common import (
    Write,
    check_decider,
    check_schedule,
    decimal_text,
    fmt,
    fresh_task,
    to_decimal,
)


def _adjustment(adjustment: AdjustmentRequest | int) -> AdjustmentRequest:
    pk = adjustment.pk if isinstance(adjustment, AdjustmentRequest) else adjustment
    return AdjustmentRequest.objects.select_for_update(of=("self",)).select_related("target").get(pk=pk)


@transaction.atomic
def adjustment_request(
    *,
    actor: User,
    task: Task,
    reason: str,
    new_deadline: datetime.date | None = None,
    new_description: str = "",
    new_deliverable: str = "",
    target: Target | None = None,
    new_target_value: Decimal | int | str | None = None,
) -> AdjustmentRequest:
    task = fresh_task(task)
    if not acts_for_assignee(actor, task):
        raise PermissionDeniedError(_("Chỉ người được giao việc mới đề nghị điều chỉnh."))
    write = Write(actor, task)
    if task.status != TaskStatus.APPROVED:
        raise ApplicationError(_("Chỉ điều chỉnh được việc đã phê duyệt."), code=TaskRefusal.INVALID_STATE)
    if not reason.strip():
        raise ApplicationError(_("Nêu lý do đề nghị điều chỉnh."), code=TaskRefusal.REASON_REQUIRED)
    if AdjustmentRequest.objects.filter(task=task, status=AdjustmentStatus.PENDING).exists():
        raise ApplicationError(
            _("Việc đang có một đề nghị điều chỉnh chờ xem xét."), code=TaskRefusal.PENDING_EXISTS
        )
    if (target is None) != (new_target_value is None):
        raise ApplicationError(
            _("Chọn chỉ tiêu và nhập giá trị mới của chỉ tiêu."), code=TaskRefusal.TARGET_VALUE_REQUIRED
        )
    if target is not None:
        target = Target.objects.get(pk=target.pk)
        if target.task_id != task.pk:
            raise ApplicationError(_("Chỉ tiêu không thuộc việc này."), code=TaskRefusal.TARGET_MISMATCH)
    value = to_decimal(new_target_value) if new_target_value is not None else None
    changes_deadline = new_deadline is not None and new_deadline != task.deadline
    changes_description = bool(new_description.strip()) and new_description.strip() != task.description
    changes_deliverable = bool(new_deliverable.strip()) and new_deliverable.strip() != task.deliverable
    changes_target = target is not None and value != target.target_value
    if not (changes_deadline or changes_description or changes_deliverable or changes_target):
        raise ApplicationError(
            _("Đề nghị điều chỉnh chưa thay đổi nội dung nào."), code=TaskRefusal.NO_CHANGE
        )
    if new_deadline is not None and changes_deadline:
        if task.start_date and new_deadline < task.start_date:
            raise ApplicationError(_("Thời hạn mới phải sau ngày bắt đầu."), code=TaskRefusal.INVALID_DATES)
        if new_deadline > task.period.end_date:
            raise ApplicationError(
                _("Thời hạn mới phải trong kỳ %(period)s (đến %(end)s).")
                % {"period": task.period.name, "end": fmt(task.period.end_date)},
                code=TaskRefusal.DEADLINE_OUTSIDE_PERIOD,
            )
    adjustment = AdjustmentRequest(
        task=task,
        reason=reason.strip(),
        requested_by=actor,
        new_deadline=new_deadline if changes_deadline else None,
        new_description=new_description.strip() if changes_description else "",
        new_deliverable=new_deliverable.strip() if changes_deliverable else "",
        target=target if changes_target else None,
        new_target_value=value if changes_target else None,
        original_deadline=task.deadline,
        original_description=task.description,
        original_deliverable=task.deliverable,
        original_target_value=target.target_value if target is not None and changes_target else None,
    )
    write.save(adjustment)
    write.event(
        TaskEventKind.ADJUSTMENT_REQUESTED,
        comment=adjustment.reason,
        payload={"adjustment_id": adjustment.pk},
    )
    return adjustment


def _decide(actor: User, adjustment: AdjustmentRequest) -> tuple[Task, Write]:
    task = fresh_task(adjustment.task_id)
    check_decider(
        actor,
        task,
        own_task_refusal=PermissionDeniedError(
            _("Không thể tự duyệt đề nghị điều chỉnh việc của chính mình.")
        ),
    )
    write = Write(actor, task)
    if adjustment.status != AdjustmentStatus.PENDING:
        raise ApplicationError(
            _("Đề nghị điều chỉnh đã được xem xét (%(status)s).")
            % {"status": adjustment.get_status_display().lower()},
            code=TaskRefusal.INVALID_STATE,
        )
    return task, write


@transaction.atomic
def adjustment_approve(*, actor: User, adjustment: AdjustmentRequest, comment: str = "") -> AdjustmentRequest:
    adjustment = _adjustment(adjustment)
    task, write = _decide(actor, adjustment)
    applied: dict[str, str] = {}
    if adjustment.new_deadline is not None:
        task.deadline = adjustment.new_deadline
        applied["deadline"] = adjustment.new_deadline.isoformat()
    if adjustment.new_description:
        task.description = adjustment.new_description
        applied["description"] = adjustment.new_description
    if adjustment.new_deliverable:
        task.deliverable = adjustment.new_deliverable
        applied["deliverable"] = adjustment.new_deliverable
    check_schedule(task)
    write.save(task)
    if adjustment.target_id is not None and adjustment.new_target_value is not None:
        target = Target.objects.select_for_update().get(pk=adjustment.target_id)
        target.target_value = adjustment.new_target_value
        write.save(target)
        applied["target_value"] = decimal_text(adjustment.new_target_value)
    adjustment.status = AdjustmentStatus.APPROVED
    adjustment.decided_by = actor
    adjustment.decided_at = timezone.now()
    adjustment.decision_comment = comment.strip()
    write.save(adjustment)
    write.event(
        TaskEventKind.ADJUSTMENT_APPROVED,
        comment=comment.strip(),
        payload={"adjustment_id": adjustment.pk, "applied": applied},
    )
    return adjustment


@transaction.atomic
def adjustment_refuse(*, actor: User, adjustment: AdjustmentRequest, comment: str) -> AdjustmentRequest:
    adjustment = _adjustment(adjustment)
    _task, write = _decide(actor, adjustment)
    if not comment.strip():
        raise ApplicationError(_("Nêu lý do không chấp thuận điều chỉnh."), code=TaskRefusal.COMMENT_REQUIRED)
    adjustment.status = AdjustmentStatus.REFUSED
    adjustment.decided_by = actor
    adjustment.decided_at = timezone.now()
    adjustment.decision_comment = comment.strip()
    write.save(adjustment)
    write.event(
        TaskEventKind.ADJUSTMENT_REFUSED, comment=comment.strip(), payload={"adjustment_id": adjustment.pk}
    )
    return adjustment
