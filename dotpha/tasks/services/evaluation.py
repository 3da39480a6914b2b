"""Year end: the assignee self-assesses, then the authority grades (one of the programme's grades, and
whether the task was done ahead of plan). Organizers correct records, also in a closed period, audited.

A grade cannot contradict the record (`_check_against_record`, for the evaluator and the organizer alike):
- "ahead of plan" only for a task finished before its deadline: its last progress report is at 100% and
  the first 100% report came before the deadline, or every target is reached and every milestone was done
  before the deadline;
- "excellent" or "good" for a task last reported below 100% (or never reported) needs a written reason.
"""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dotpha.accounts.models import User
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.org.models import Cadre, Unit
from dotpha.programmes.authority import can_issue_decisions
from dotpha.programmes.models import Grade
from dotpha.tasks import events
from dotpha.tasks.errors import TaskRefusal
from dotpha.tasks.models import Evaluation, Task, TaskEventKind, TaskStatus
from dotpha.tasks.permissions import acts_for_assignee, is_programme_organizer
from dotpha.tasks.services._common import (
    LOCKED_EDIT_REASON,
    Write,
    check_dates,
    check_decider,
    check_kind,
    check_schedule,
    check_version,
    fresh_task,
    set_partners,
)
from dotpha.tasks.services.registration import DRAFT_FIELDS


def _check_grade(task: Task, grade: str) -> None:
    if grade not in Grade.values or grade not in task.programme.grades:
        raise ApplicationError(
            _("Mức đánh giá không có trong thang đánh giá của chương trình."), code=TaskRefusal.INVALID_GRADE
        )


def _finished_on(task: Task) -> datetime.date | None:
    """When the record shows the task finished, else None."""
    reports = list(task.progress_reports.order_by("reported_on", "pk"))
    if reports and reports[-1].percent_done == 100:
        return next(r.reported_on for r in reports if r.percent_done == 100)
    targets = list(task.targets.all())
    milestones = list(task.milestones.all())
    if not (targets or milestones):
        return None
    if any(t.achieved_value is None or t.achieved_value < t.target_value for t in targets):
        return None
    if any(m.done_on is None for m in milestones):
        return None
    # targets carry no date: the last milestone's, else the last report's day stands for the finish
    days = [m.done_on for m in milestones if m.done_on] or [r.reported_on for r in reports[-1:]]
    return max(days) if days else None


def _latest_percent(task: Task) -> int | None:
    latest = task.progress_reports.order_by("-reported_on", "-pk").first()
    return latest.percent_done if latest else None


def _check_against_record(task: Task, *, grade: str, ahead_of_plan: bool, reason: str) -> None:
    if ahead_of_plan and grade == Grade.NOT_COMPLETED:
        raise ApplicationError(
            _("Việc không hoàn thành thì không thể là hoàn thành trước kế hoạch."),
            code=TaskRefusal.INVALID_GRADE,
        )
    if ahead_of_plan:
        finished = _finished_on(task)
        if finished is None or task.deadline is None or finished >= task.deadline:
            raise ApplicationError(
                _(
                    "Chỉ đánh giá «Hoàn thành trước kế hoạch» khi việc đã hoàn thành (báo cáo tiến độ "
                    "gần nhất đạt 100%, hoặc mọi chỉ tiêu và mốc đã đạt) trước ngày hết hạn."
                ),
                code=TaskRefusal.NOT_AHEAD_OF_PLAN,
            )
    if grade in (Grade.EXCELLENT, Grade.GOOD) and not reason.strip():
        percent = _latest_percent(task)
        if percent is None or percent < 100:
            if percent is None:
                raise ApplicationError(
                    _("Việc chưa có báo cáo tiến độ: nêu lý do đánh giá mức «%(grade)s» trong phần nhận xét.")
                    % {"grade": Grade(grade).label},
                    code=TaskRefusal.REASON_REQUIRED,
                )
            raise ApplicationError(
                _(
                    "Báo cáo tiến độ gần nhất của việc mới đạt %(percent)s%%: nêu lý do đánh giá mức "
                    "«%(grade)s» trong phần nhận xét."
                )
                % {"percent": percent, "grade": Grade(grade).label},
                code=TaskRefusal.REASON_REQUIRED,
            )


def _evaluation_for_update(task: Task) -> Evaluation | None:
    return Evaluation.objects.select_for_update().filter(task=task).first()


def _require_approved(task: Task) -> None:
    if task.status != TaskStatus.APPROVED:
        raise ApplicationError(_("Chỉ đánh giá việc đã được phê duyệt."), code=TaskRefusal.INVALID_STATE)


@transaction.atomic
def task_self_assess(
    *, actor: User, task: Task, self_grade: str, self_assessment: str, version: int | None = None
) -> Evaluation:
    """`version`: the task's version the assessor saw (see check_version)."""
    task = fresh_task(task)
    if not acts_for_assignee(actor, task):
        raise PermissionDeniedError(_("Chỉ người được giao việc mới tự đánh giá."))
    check_version(task, version)
    write = Write(actor, task)
    _require_approved(task)
    _check_grade(task, self_grade)
    if not self_assessment.strip():
        raise ApplicationError(_("Nhập nội dung tự nhận xét, đánh giá."), code=TaskRefusal.TEXT_REQUIRED)
    evaluation = _evaluation_for_update(task) or Evaluation(task=task)
    if evaluation.grade:
        raise ApplicationError(
            _("Việc đã được cấp có thẩm quyền đánh giá."), code=TaskRefusal.ALREADY_EVALUATED
        )
    evaluation.self_grade = self_grade
    evaluation.self_assessment = self_assessment.strip()
    evaluation.self_assessed_at = timezone.now()
    evaluation.self_assessed_by = actor
    write.save(evaluation)
    write.event(
        TaskEventKind.SELF_ASSESSED, comment=evaluation.self_assessment, payload={"grade": self_grade}
    )
    return evaluation


@transaction.atomic
def task_evaluate(
    *,
    actor: User,
    task: Task,
    grade: str,
    ahead_of_plan: bool = False,
    comment: str = "",
    version: int | None = None,
) -> Evaluation:
    """The authority's grade. It may be given again while the period is open (history keeps each), so two
    evaluators at once would overwrite each other: the one whose `version` is no longer the task's is
    refused (check_version)."""
    task = fresh_task(task)
    check_decider(
        actor, task, own_task_refusal=PermissionDeniedError(_("Không thể tự đánh giá việc của chính mình."))
    )
    check_version(task, version)
    write = Write(actor, task)
    _require_approved(task)
    evaluation = _evaluation_for_update(task)
    if evaluation is None or not evaluation.self_grade:
        raise ApplicationError(
            _("Người được giao chưa tự đánh giá việc này."), code=TaskRefusal.NOT_SELF_ASSESSED
        )
    _check_grade(task, grade)
    _check_against_record(task, grade=grade, ahead_of_plan=ahead_of_plan, reason=comment)
    evaluation.grade = grade
    evaluation.ahead_of_plan = ahead_of_plan
    evaluation.comment = comment.strip()
    evaluation.evaluated_at = timezone.now()
    evaluation.evaluated_by = actor
    write.save(evaluation)
    write.event(
        TaskEventKind.EVALUATED,
        comment=evaluation.comment,
        payload={"grade": grade, "ahead_of_plan": ahead_of_plan},
    )
    return evaluation


def _organizer_write(actor: User, task: Task, reason: str, *, signer_may: bool = False) -> Write:
    if not (is_programme_organizer(actor, task) or (signer_may and _signs_open_decision(actor, task))):
        raise PermissionDeniedError(_("Chỉ Ban Tổ chức điều hành chương trình được sửa thông tin việc."))
    write = Write(actor, task)
    reason = reason.strip()
    if write.locked:
        write.reason = f"{LOCKED_EDIT_REASON}: {reason}" if reason else LOCKED_EDIT_REASON
    elif not reason:
        raise ApplicationError(_("Nêu lý do sửa thông tin việc."), code=TaskRefusal.REASON_REQUIRED)
    else:
        write.reason = reason
    return write


def _signs_open_decision(actor: User, task: Task) -> bool:
    """Whoever may sign the task's decision corrects what it approves while the decision is still open (no
    signed copy): the list is theirs until they sign it. Once signed, a change needs an amending decision."""
    decision = task.decision
    return (
        decision is not None
        and not decision.is_locked
        and can_issue_decisions(actor, decision.issuing_unit, programme_unit=task.programme.issuing_unit)
    )


def _record_correction(write: Write, changed: dict) -> None:
    kind = TaskEventKind.EDITED_AFTER_LOCK if write.locked else TaskEventKind.CORRECTED
    events.record(task=write.task, kind=kind, actor=write.actor, comment=write.reason or "", payload=changed)


@transaction.atomic
def task_correct(
    *,
    actor: User,
    task: Task,
    reason: str = "",
    co_cadres: Iterable[Cadre] | None = None,
    co_units: Iterable[Unit] | None = None,
    version: int | None = None,
    **fields,
) -> Task:
    """Ban Tổ chức corrects a task in any state, and so does the signer of its decision while that decision
    is open (an import correcting the list it is filling). In a closed period this is the only way to change
    it; the history row carries "Sửa khi kỳ đã khóa" and the timeline an `edited_after_lock` event."""
    unknown = set(fields) - DRAFT_FIELDS
    if unknown:
        raise ApplicationError(
            _("Không sửa được trường %(fields)s.") % {"fields": ", ".join(sorted(unknown))},
            code=TaskRefusal.INVALID_FIELD,
        )
    task = fresh_task(task)
    write = _organizer_write(actor, task, reason, signer_may=True)
    check_version(task, version)
    changed = {}
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        if getattr(task, name) != value:
            changed[name] = str(value)
        setattr(task, name, value)
    if not task.title:
        raise ApplicationError(_("Nhập tên việc."), code=TaskRefusal.REQUIRED)
    check_kind(task.programme, task.kind)
    check_dates(task.start_date, task.deadline)
    check_schedule(task)
    write.save(task)
    set_partners(write, co_cadres=co_cadres, co_units=co_units)
    _record_correction(write, {"fields": changed})
    return task


@transaction.atomic
def evaluation_correct(
    *,
    actor: User,
    task: Task,
    reason: str = "",
    grade: str | None = None,
    ahead_of_plan: bool | None = None,
    comment: str | None = None,
    version: int | None = None,
) -> Evaluation:
    """Ban Tổ chức corrects a recorded grade (e.g. to match the signed decision), audited as task_correct."""
    task = fresh_task(task)
    write = _organizer_write(actor, task, reason)
    check_version(task, version)
    evaluation = _evaluation_for_update(task)
    if evaluation is None or not evaluation.grade:
        raise ApplicationError(_("Việc chưa được đánh giá."), code=TaskRefusal.NOT_EVALUATED)
    if grade is not None:
        _check_grade(task, grade)
        evaluation.grade = grade
    if ahead_of_plan is not None:
        evaluation.ahead_of_plan = ahead_of_plan
    if comment is not None:
        evaluation.comment = comment.strip()
    _check_against_record(
        task, grade=evaluation.grade, ahead_of_plan=evaluation.ahead_of_plan, reason=evaluation.comment
    )
    write.save(evaluation)
    _record_correction(
        write, {"grade": evaluation.grade, "ahead_of_plan": str(evaluation.ahead_of_plan).lower()}
    )
    return evaluation
