"""“Đã xem, không trùng”: the approver deciding on a task reads one of its look-alikes and finds it another
task; the pair is no longer flagged, on either task. Audited (the pair's history names the approver)."""

from django.db import transaction
from django.utils.translation import gettext as _

from dotpha.accounts.models import User
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.core.history import as_actor
from dotpha.tasks.errors import TaskRefusal
from dotpha.tasks.lookalikes import lookalike_text, similarity
from dotpha.tasks.models import LookalikeDismissal, Task, TaskStatus
from dotpha.tasks.selectors import can_view_task
from dotpha.tasks.selectors.lookalikes import dismissed_pair
from dotpha.tasks.services._common import check_decider, fresh_task


@transaction.atomic
def lookalike_dismiss(*, actor: User, task: Task | int, other: Task | int) -> LookalikeDismissal:
    """Marks `other` as not a repeat of `task`, a task waiting for `actor`'s decision: only the approver who
    may approve `task` (never their own), about a task they may open. Marking a pair twice keeps the first
    mark."""
    task = fresh_task(task)
    check_decider(actor, task)
    if task.status != TaskStatus.SUBMITTED:
        raise ApplicationError(_("Việc không còn chờ phê duyệt."), code=TaskRefusal.INVALID_STATE)
    other_pk = other.pk if isinstance(other, Task) else other
    found = Task.objects.filter(pk=other_pk).first()
    if found is None or not can_view_task(actor, found):
        raise PermissionDeniedError(_("Bạn không xem được việc này."))
    if found.pk == task.pk:
        raise ApplicationError(_("Một việc không so với chính nó."), code=TaskRefusal.INVALID_STATE)
    first, second = dismissed_pair(task.pk, found.pk)
    existing = LookalikeDismissal.objects.filter(task_id=first, other_id=second).first()
    if existing is not None:
        return existing
    dismissal = LookalikeDismissal(
        task_id=first,
        other_id=second,
        score=similarity(lookalike_text(task.title), lookalike_text(found.title)),
        dismissed_by=actor,
    )
    as_actor(dismissal, actor)
    dismissal.save()
    return dismissal
