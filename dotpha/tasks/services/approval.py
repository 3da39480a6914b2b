"""phê duyệt: the approvers of the unit that manages the assignee approve, return for revision or reject
submitted tasks, one by one or in a numbered batch decision, or assign a task directly (giao việc).

Every approval belongs to a numbered decision, and the decision's signing date is the task's approval date:
a single approval or an assignment names an open decision or gives the number and signing date of a new
one; a batch does the same for all its tasks."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from dotpha.accounts.models import User
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.org.models import Cadre, Unit
from dotpha.programmes.models import Decision, Field, Period, Programme, TaskKind
from dotpha.programmes.services import decision_create, open_decision
from dotpha.tasks import events
from dotpha.tasks.errors import TaskRefusal
from dotpha.tasks.facts import refresh_facts
from dotpha.tasks.models import Task, TaskEvent, TaskEventKind, TaskOrigin, TaskStatus
from dotpha.tasks.permissions import is_own_task, is_task_authority
from dotpha.tasks.services._common import (
    LOCKED_EDIT_REASON,
    MilestoneInput,
    TargetInput,
    Write,
    add_plan,
    check_assignee,
    check_dates,
    check_decider,
    check_five_clears,
    check_in_post,
    check_kind,
    check_period_of,
    check_version,
    fresh_task,
    gate_period,
    locked_tasks,
    new_task,
    set_partners,
    today_or,
    with_task_title,
)


def _require_submitted(task: Task) -> None:
    if task.status != TaskStatus.SUBMITTED:
        raise ApplicationError(
            _("Việc đang ở trạng thái “%(status)s”, không chờ phê duyệt.")
            % {"status": task.get_status_display()},
            code=TaskRefusal.INVALID_STATE,
        )


def _check_decision(task: Task, decision: Decision) -> None:
    if decision.programme_id != task.programme_id or decision.period_id != task.period_id:
        raise ApplicationError(
            _("Quyết định không thuộc chương trình và kỳ của việc."), code=TaskRefusal.DECISION_MISMATCH
        )


def _decision_for(
    actor: User,
    task: Task,
    *,
    decision: Decision | None,
    number: str,
    signed_on: datetime.date | None,
    title: str,
    today: datetime.date | None,
) -> Decision:
    """The decision one approval or assignment belongs to: the open decision named (open_decision: the
    actor's issuing body, not locked), or a new one with the typed number and signing date, issued for the
    task's authority."""
    if decision is not None and number.strip():
        raise ApplicationError(
            _("Chọn một quyết định đang mở hoặc nhập số quyết định mới, không nhập cả hai."),
            code=TaskRefusal.DECISION_CONFLICT,
        )
    if decision is None:
        if not number.strip():
            raise ApplicationError(
                _(
                    "Việc được phê duyệt theo một quyết định: chọn quyết định đang mở hoặc nhập số "
                    "và ngày ký quyết định."
                ),
                code=TaskRefusal.DECISION_REQUIRED,
            )
        return decision_create(
            actor=actor,
            programme=task.programme,
            period=task.period,
            number=number,
            title=title.strip() or _batch_title(None),
            signed_on=signed_on,
            issuing_unit=task.authority_unit,
            today=today,
        )
    decision = open_decision(actor, decision)
    _check_decision(task, decision)
    return decision


def _approve(write: Write, task: Task, *, decision: Decision, comment: str) -> None:
    task.status = TaskStatus.APPROVED
    task.approved_on = decision.signed_on
    task.approved_by = write.actor
    task.decision = decision
    task.review_comment = comment.strip()
    write.save(task)
    payload = {"decision_id": decision.pk, "decision_number": decision.number}
    write.event(TaskEventKind.APPROVED, comment=comment.strip(), payload=payload)


@transaction.atomic
def task_approve(
    *,
    actor: User,
    task: Task,
    comment: str = "",
    decision: Decision | None = None,
    decision_number: str = "",
    signed_on: datetime.date | None = None,
    decision_title: str = "",
    today: datetime.date | None = None,
    version: int | None = None,
) -> Task:
    """Approves under `decision` (an open one) or under a new decision numbered `decision_number`, signed
    on `signed_on`; the task's approval date is the decision's signing date. `version`: the task's version
    the approver read (check_version): a task returned, edited and sent again meanwhile is not approved
    unseen."""
    task = fresh_task(task)
    check_decider(actor, task)
    check_version(task, version)
    write = Write(actor, task)
    _require_submitted(task)
    decision = _decision_for(
        actor,
        task,
        decision=decision,
        number=decision_number,
        signed_on=signed_on,
        title=decision_title,
        today=today,
    )
    _approve(write, task, decision=decision, comment=comment)
    return task


@transaction.atomic
def task_return_for_revision(*, actor: User, task: Task, comment: str, version: int | None = None) -> Task:
    """trả lại để hoàn thiện: the author edits and submits again."""
    task = fresh_task(task)
    check_decider(actor, task)
    check_version(task, version)
    write = Write(actor, task)
    _require_submitted(task)
    if not comment.strip():
        raise ApplicationError(
            _("Nêu nội dung cần hoàn thiện khi trả lại việc."), code=TaskRefusal.COMMENT_REQUIRED
        )
    task.status = TaskStatus.RETURNED
    task.review_comment = comment.strip()
    write.save(task)
    write.event(TaskEventKind.RETURNED, comment=comment.strip())
    return task


@transaction.atomic
def task_reject(*, actor: User, task: Task, reason: str, version: int | None = None) -> Task:
    task = fresh_task(task)
    check_decider(actor, task)
    check_version(task, version)
    write = Write(actor, task)
    _require_submitted(task)
    if not reason.strip():
        raise ApplicationError(_("Nêu lý do không phê duyệt."), code=TaskRefusal.REASON_REQUIRED)
    task.status = TaskStatus.REJECTED
    task.review_comment = reason.strip()
    write.save(task)
    write.event(TaskEventKind.REJECTED, comment=reason.strip())
    return task


@transaction.atomic
def decision_approve_batch(
    *,
    actor: User,
    tasks: Iterable[Task | int],
    number: str = "",
    signed_on: datetime.date | None = None,
    title: str = "",
    issuing_unit: Unit | None = None,
    batch_number: int | None = None,
    comment: str = "",
    decision: Decision | None = None,
    signer_name: str = "",
    signer_post: str = "",
    recipients: str = "",
    today: datetime.date | None = None,
) -> Decision:
    """Quyết định phê duyệt đợt N: one numbered decision approves many submitted tasks of one programme
    and period, on its signing date. A new decision (`number`, `signed_on`), or `decision`: an open one the
    tasks are added to. All or nothing: one task that cannot be approved refuses the whole batch, naming
    it. Without a title the decision is called "Quyết định phê duyệt đợt N" (a record, so always
    Vietnamese)."""
    ids = list(dict.fromkeys(t.pk if isinstance(t, Task) else t for t in tasks))
    if not ids:
        raise ApplicationError(_("Chọn ít nhất một việc để phê duyệt."), code=TaskRefusal.EMPTY_BATCH)
    batch = list(locked_tasks().filter(pk__in=ids).order_by("pk"))
    if len(batch) != len(ids):
        raise ApplicationError(_("Có việc đã chọn không còn tồn tại."), code=TaskRefusal.MISSING_TASK)
    if len({(t.programme_id, t.period_id) for t in batch}) > 1:
        raise ApplicationError(
            _("Các việc trong một quyết định phải cùng chương trình và cùng kỳ."),
            code=TaskRefusal.MIXED_BATCH,
        )
    if decision is not None:
        if number.strip():
            raise ApplicationError(
                _("Chọn một quyết định đang mở hoặc nhập số quyết định mới, không nhập cả hai."),
                code=TaskRefusal.DECISION_CONFLICT,
            )
        decision = open_decision(actor, decision)
    else:
        first = batch[0]
        decision = decision_create(
            actor=actor,
            programme=first.programme,
            period=first.period,
            number=number,
            title=title.strip() or _batch_title(batch_number),
            signed_on=signed_on,
            issuing_unit=issuing_unit,
            batch_number=batch_number,
            signer_name=signer_name,
            signer_post=signer_post,
            recipients=recipients,
            today=today,
        )
    for task in batch:
        try:
            check_decider(actor, task)
            # as Write: a closed period refuses, except an organizer's edit (on every task alike: one period)
            locked = gate_period(task.period, actor, task)
            _require_submitted(task)
            _check_decision(task, decision)
        except ApplicationError as exc:
            raise with_task_title(exc, task) from exc
    _approve_all(actor, batch, decision=decision, comment=comment, locked=locked)
    return decision


def _approve_all(actor: User, tasks: list[Task], *, decision: Decision, comment: str, locked: bool) -> None:
    """`_approve` through `Write` for many tasks, in a fixed number of queries whatever their number: the
    same rows (each task's new version and history row, its "approved" event and the event's history row;
    in a closed period, the change reason and an edited_after_lock event), and the same notifications."""
    now = timezone.now()
    payload = {"decision_id": decision.pk, "decision_number": decision.number}
    timeline = []
    for task in tasks:
        task.status = TaskStatus.APPROVED
        task.approved_on = decision.signed_on
        task.approved_by = actor
        task.decision = decision
        task.review_comment = comment.strip()
        task.version += 1  # the rows are locked (locked_tasks): this is the database's version plus one
        task.updated_at = now  # auto_now is not applied by bulk_update
        timeline.append(
            TaskEvent(
                task=task, kind=TaskEventKind.APPROVED, actor=actor, comment=comment.strip(), payload=payload
            )
        )
        if locked:
            timeline.append(
                TaskEvent(
                    task=task,
                    kind=TaskEventKind.EDITED_AFTER_LOCK,
                    actor=actor,
                    comment=LOCKED_EDIT_REASON,
                    payload={"action": TaskEventKind.APPROVED},
                )
            )
    bulk_update_with_history(
        tasks,
        Task,
        ["status", "approved_on", "approved_by", "decision", "review_comment", "version", "updated_at"],
        default_user=actor,
        default_change_reason=LOCKED_EDIT_REASON if locked else None,
        default_date=now,
    )
    # bulk_update sends no save signal: what is counted from the tasks (status, approval date) follows here
    refresh_facts([task.pk for task in tasks])
    events.record_many(timeline, actor=actor)


@dataclass(frozen=True)
class Assignment:
    """What many tasks assigned under one open decision share, read and checked once (an import of
    thousands of rows): the programme, the period as it is now and the decision row-locked by
    `open_decision`, so neither changes until the transaction that opened them ends. Use it only inside
    that transaction."""

    programme: Programme
    period: Period
    decision: Decision


def open_assignment(actor: User, *, programme: Programme, period: Period, decision: Decision) -> Assignment:
    """The checks `task_assign` makes on its programme, period and open decision, made once for every task
    to be assigned under them."""
    check_period_of(programme, period)
    period = Period.objects.select_related("programme").get(pk=period.pk)
    decision = open_decision(actor, decision)
    if decision.programme_id != programme.pk or decision.period_id != period.pk:
        raise ApplicationError(
            _("Quyết định không thuộc chương trình và kỳ của việc."), code=TaskRefusal.DECISION_MISMATCH
        )
    return Assignment(programme=programme, period=period, decision=decision)


@transaction.atomic
def task_assign(
    *,
    actor: User,
    programme: Programme | None = None,
    period: Period | None = None,
    title: str,
    description: str,
    start_date: datetime.date,
    deadline: datetime.date,
    assignee_cadre: Cadre | None = None,
    assignee_unit: Unit | None = None,
    kind: str = TaskKind.BREAKTHROUGH,
    field: Field | None = None,
    deliverable: str = "",
    deadline_wording: str = "",
    accountable_cadre: Cadre | None = None,
    co_cadres: Iterable[Cadre] = (),
    co_units: Iterable[Unit] = (),
    milestones: Sequence[MilestoneInput] = (),
    targets: Sequence[TargetInput] = (),
    decision: Decision | None = None,
    decision_number: str = "",
    signed_on: datetime.date | None = None,
    decision_title: str = "",
    comment: str = "",
    today: datetime.date | None = None,
    assignment: Assignment | None = None,
) -> Task:
    """giao việc: the authority assigns a task top-down, without registration; it starts approved under a
    decision (an open one, or a new one numbered `decision_number` signed on `signed_on`), on its signing
    date. The registration window and the maximum per assignee do not apply: they bind registration.
    `assignment` (from `open_assignment`) stands for programme, period and decision already checked."""
    today = today_or(today)
    if assignment is not None:
        if programme or period or decision or decision_number:
            raise TypeError("assignment already names the programme, period and decision")
        programme, period = assignment.programme, assignment.period
    else:
        if programme is None or period is None:
            raise TypeError("task_assign needs a programme and a period, or an assignment")
        check_period_of(programme, period)
        period = Period.objects.select_related("programme").get(pk=period.pk)
    task = assigned_task(
        actor=actor,
        programme=programme,
        period=period,
        today=today,
        title=title,
        description=description,
        start_date=start_date,
        deadline=deadline,
        assignee_cadre=assignee_cadre,
        assignee_unit=assignee_unit,
        kind=kind,
        field=field,
        deliverable=deliverable,
        deadline_wording=deadline_wording,
        accountable_cadre=accountable_cadre,
        comment=comment,
    )
    write = Write(actor, task)
    if assignment is not None:
        task.decision = assignment.decision
    else:
        task.decision = _decision_for(
            actor,
            task,
            decision=decision,
            number=decision_number,
            signed_on=signed_on,
            title=decision_title,
            today=today,
        )
    task.approved_on = task.decision.signed_on
    write.save(task)
    # a new task has no partners yet: None ("leave as they are") saves reading them back
    set_partners(write, co_cadres=list(co_cadres) or None, co_units=list(co_units) or None)
    added = add_plan(write, task, milestones=milestones, targets=targets)
    check_five_clears(task, milestones=added)
    payload = {"decision_id": task.decision.pk, "decision_number": task.decision.number}
    write.event(TaskEventKind.ASSIGNED, comment=comment.strip(), payload=payload)
    return task


def assigned_task(
    *,
    actor: User,
    programme: Programme,
    period: Period,
    today: datetime.date,
    held: set[int] | None = None,
    title: str,
    description: str,
    start_date: datetime.date,
    deadline: datetime.date,
    assignee_cadre: Cadre | None,
    assignee_unit: Unit | None,
    kind: str,
    field: Field | None,
    deliverable: str,
    deadline_wording: str,
    accountable_cadre: Cadre | None,
    comment: str,
) -> Task:
    """The task `task_assign` creates, built and checked but not saved: every rule on the task itself and
    on who may assign it, the one rule set for one task (`task_assign`) and for a batch
    (`task_assign_many`). `held`: the cadres in post on `today`, when the caller read them for a batch."""
    check_assignee(assignee_cadre=assignee_cadre, assignee_unit=assignee_unit, today=today)
    task = new_task(
        programme=programme,
        period=period,
        title=title,
        description=description,
        deliverable=deliverable,
        assignee_cadre=assignee_cadre,
        assignee_unit=assignee_unit,
        kind=kind,
        field=field,
        accountable_cadre=accountable_cadre,
        start_date=start_date,
        deadline=deadline,
        deadline_wording=deadline_wording.strip()[:200],
        author=actor,
        origin=TaskOrigin.ASSIGNED,
        status=TaskStatus.APPROVED,
        approved_by=actor,
        review_comment=comment.strip(),
    )
    if is_own_task(actor, task):
        raise PermissionDeniedError(_("Không thể tự giao việc cho chính mình."))
    if not is_task_authority(actor, task):
        raise PermissionDeniedError(_("Người được giao không thuộc thẩm quyền giao việc của bạn."))
    check_in_post(assignee_cadre, today, what=_("người được giao việc"), held=held)
    check_in_post(accountable_cadre, today, what=_("người chịu trách nhiệm"), held=held)
    check_kind(programme, kind)
    check_dates(start_date, deadline)
    if not task.title:
        raise ApplicationError(_("Nhập tên việc."), code=TaskRefusal.REQUIRED)
    return task


def _batch_title(batch_number: int | None) -> str:
    return f"Quyết định phê duyệt đợt {batch_number}" if batch_number else "Quyết định phê duyệt"
