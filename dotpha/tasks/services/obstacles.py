"""khó khăn, vướng mắc: the assignee raises an obstacle with a proposal to the authority, which must answer
it; either side then marks it resolved (đã tháo gỡ). open → answered → resolved."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dotpha.accounts.models import User
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.tasks.errors import TaskRefusal
from dotpha.tasks.models import Obstacle, ObstacleStatus, Task, TaskEventKind, TaskStatus
from dotpha.tasks.permissions import acts_for_assignee, can_decide
from dotpha.tasks.services._common import Write, check_decider, fresh_task


def _obstacle(obstacle: Obstacle | int) -> Obstacle:
    pk = obstacle.pk if isinstance(obstacle, Obstacle) else obstacle
    return Obstacle.objects.select_for_update().get(pk=pk)


@transaction.atomic
def obstacle_raise(*, actor: User, task: Task, content: str, proposal: str = "") -> Obstacle:
    task = fresh_task(task)
    if not acts_for_assignee(actor, task):
        raise PermissionDeniedError(_("Chỉ người được giao việc mới nêu khó khăn, vướng mắc của việc."))
    write = Write(actor, task)
    if task.status != TaskStatus.APPROVED:
        raise ApplicationError(_("Việc chưa được phê duyệt."), code=TaskRefusal.INVALID_STATE)
    if not content.strip():
        raise ApplicationError(_("Nêu khó khăn, vướng mắc."), code=TaskRefusal.CONTENT_REQUIRED)
    obstacle = Obstacle(task=task, content=content.strip(), proposal=proposal.strip(), raised_by=actor)
    write.save(obstacle)
    write.event(TaskEventKind.OBSTACLE_RAISED, comment=obstacle.content, payload={"obstacle_id": obstacle.pk})
    return obstacle


@transaction.atomic
def obstacle_answer(*, actor: User, obstacle: Obstacle, answer: str) -> Obstacle:
    obstacle = _obstacle(obstacle)
    task = fresh_task(obstacle.task_id)
    check_decider(
        actor,
        task,
        own_task_refusal=PermissionDeniedError(_("Không thể tự trả lời khó khăn của việc của chính mình.")),
    )
    write = Write(actor, task)
    if obstacle.status != ObstacleStatus.OPEN:
        raise ApplicationError(_("Khó khăn này đã được trả lời."), code=TaskRefusal.INVALID_STATE)
    if not answer.strip():
        raise ApplicationError(_("Nhập nội dung trả lời, chỉ đạo."), code=TaskRefusal.ANSWER_REQUIRED)
    obstacle.answer = answer.strip()
    obstacle.answered_by = actor
    obstacle.answered_at = timezone.now()
    obstacle.status = ObstacleStatus.ANSWERED
    write.save(obstacle)
    write.event(
        TaskEventKind.OBSTACLE_ANSWERED, comment=obstacle.answer, payload={"obstacle_id": obstacle.pk}
    )
    return obstacle


@transaction.atomic
def obstacle_resolve(*, actor: User, obstacle: Obstacle, comment: str = "") -> Obstacle:
    obstacle = _obstacle(obstacle)
    task = fresh_task(obstacle.task_id)
    if not (acts_for_assignee(actor, task) or can_decide(actor, task)):
        raise PermissionDeniedError(_("Bạn không có quyền xác nhận khó khăn này đã được tháo gỡ."))
    write = Write(actor, task)
    if obstacle.status == ObstacleStatus.OPEN:
        raise ApplicationError(
            _("Cấp có thẩm quyền chưa trả lời khó khăn này."), code=TaskRefusal.NOT_ANSWERED
        )
    if obstacle.status == ObstacleStatus.RESOLVED:
        raise ApplicationError(_("Khó khăn này đã được tháo gỡ."), code=TaskRefusal.INVALID_STATE)
    obstacle.status = ObstacleStatus.RESOLVED
    obstacle.resolved_by = actor
    obstacle.resolved_at = timezone.now()
    write.save(obstacle)
    write.event(
        TaskEventKind.OBSTACLE_RESOLVED, comment=comment.strip(), payload={"obstacle_id": obstacle.pk}
    )
    return obstacle
