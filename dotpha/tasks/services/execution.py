"""báo cáo tiến độ: the assignee reports percent done, the target values reached and what happened, with
evidence files. Reports are kept as they were sent; a later report supersedes an earlier one.

A report cannot silently contradict the record:
- a percentage lower than the previous report's needs a written reason (`decrease_reason`), kept with it;
- a percentage that contradicts the targets and milestones (`report_consistency`) is a warning the
  reporter must confirm (`confirmed=True`); the warning confirmed is kept with the report.
"""

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import translation
from django.utils.translation import gettext as _

from dotpha.accounts.models import User
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.tasks.errors import TaskRefusal
from dotpha.tasks.files import CleanFile, clean_evidence, validate_evidence_files
from dotpha.tasks.models import (
    Evidence,
    Milestone,
    ProgressReport,
    ReportTargetValue,
    Target,
    Task,
    TaskEventKind,
    TaskStatus,
)
from dotpha.tasks.permissions import acts_for_assignee
from dotpha.tasks.services._common import Write, decimal_text, fresh_task, to_decimal, today_or
from dotpha.tasks.services.report_consistency import progress_contradiction


def _reporting_write(actor: User, task: Task) -> Write:
    if not acts_for_assignee(actor, task):
        raise PermissionDeniedError(_("Chỉ người được giao việc mới báo cáo tiến độ."))
    write = Write(actor, task)
    if task.status != TaskStatus.APPROVED:
        raise ApplicationError(
            _("Việc chưa được phê duyệt nên chưa báo cáo tiến độ."), code=TaskRefusal.INVALID_STATE
        )
    return write


def _validate_files(files: Sequence[File], report: ProgressReport | None = None) -> list[CleanFile]:
    kept = report.evidence.aggregate(count=Count("pk"), size=Sum("size")) if report else {}
    validate_evidence_files(files, kept_count=kept.get("count") or 0, kept_bytes=kept.get("size") or 0)
    return [clean_evidence(file) for file in files]


def _attach(write: Write, report: ProgressReport, files: Sequence[CleanFile]) -> list[Evidence]:
    attached = []
    for clean in files:
        file, photo = clean.file, clean.photo
        evidence = Evidence(
            report=report,
            file=file,
            original_name=(file.name or "").rsplit("/", 1)[-1][:255],
            size=file.size or 0,
            taken_at=photo.taken_at if photo else None,
            latitude=photo.latitude if photo else None,
            longitude=photo.longitude if photo else None,
            uploaded_by=write.actor,
        )
        write.save(evidence)
        attached.append(evidence)
    return attached


@transaction.atomic
def progress_report_submit(
    *,
    actor: User,
    task: Task,
    percent_done: int,
    narrative: str,
    target_values: Mapping[Target | int, Decimal | int | str] | None = None,
    files: Sequence[File] = (),
    decrease_reason: str = "",
    confirmed: bool = False,
    today: datetime.date | None = None,
) -> ProgressReport:
    today = today_or(today)
    task = fresh_task(task)
    write = _reporting_write(actor, task)
    if not isinstance(percent_done, int) or not 0 <= percent_done <= 100:
        raise ApplicationError(
            _("Tỷ lệ hoàn thành phải là số nguyên từ 0 đến 100%."), code=TaskRefusal.INVALID_PERCENT
        )
    if not narrative.strip():
        raise ApplicationError(
            _("Nêu kết quả thực hiện trong kỳ báo cáo."), code=TaskRefusal.NARRATIVE_REQUIRED
        )
    targets = {t.pk: t for t in Target.objects.select_for_update().filter(task=task)}
    values: dict[int, Decimal] = {}
    for key, value in (target_values or {}).items():
        pk = key.pk if isinstance(key, Target) else key
        if pk not in targets:
            raise ApplicationError(_("Chỉ tiêu không thuộc việc này."), code=TaskRefusal.TARGET_MISMATCH)
        values[pk] = to_decimal(value)
    cleaned = _validate_files(files)
    decrease_reason = _check_decrease(task, percent_done, decrease_reason)
    # Refused, the warning speaks the reporter's language; confirmed, it is kept with the report, a record,
    # so in the product's language whatever the reporter's.
    with translation.override(settings.LANGUAGE_CODE if confirmed else translation.get_language()):
        contradiction = progress_contradiction(
            percent_done,
            targets=targets.values(),
            values=values,
            milestones=Milestone.objects.filter(task=task),
        )
    if contradiction is not None and not confirmed:
        raise contradiction
    warning = contradiction.message if contradiction is not None else ""

    report = ProgressReport(
        task=task,
        reported_on=today,
        percent_done=percent_done,
        narrative=narrative.strip(),
        decrease_reason=decrease_reason,
        confirmed_warning=warning,
        author=actor,
    )
    write.save(report)
    for pk, value in values.items():
        write.save(ReportTargetValue(report=report, target=targets[pk], value=value))
        target = targets[pk]
        target.achieved_value = value
        write.save(target)
    evidence = _attach(write, report, cleaned)
    write.event(
        TaskEventKind.PROGRESS_REPORTED,
        comment=narrative.strip(),
        payload={
            "report_id": report.pk,
            "percent_done": percent_done,
            "targets": {str(pk): decimal_text(v) for pk, v in values.items()},
            "files": len(evidence),
            **({"decrease_reason": decrease_reason} if decrease_reason else {}),
            **({"confirmed_warning": warning} if warning else {}),
        },
    )
    return report


def _check_decrease(task: Task, percent_done: int, reason: str) -> str:
    """The reason, stripped, when the percentage falls below the previous report's (refused without one);
    else nothing is kept, so a reason never stands beside a report that did not go down."""
    previous = task.progress_reports.order_by("-reported_on", "-pk").first()
    if previous is None or percent_done >= previous.percent_done:
        return ""
    if not reason.strip():
        raise ApplicationError(
            _("Tiến độ thấp hơn lần báo cáo trước (%(percent)s%%): nêu lý do.")
            % {"percent": previous.percent_done},
            code=TaskRefusal.PROGRESS_DECREASE_REASON_REQUIRED,
        )
    return reason.strip()


@transaction.atomic
def evidence_add(*, actor: User, report: ProgressReport, files: Sequence[File]) -> list[Evidence]:
    """More evidence for a report already sent (the report itself does not change)."""
    task = fresh_task(report.task_id)
    write = _reporting_write(actor, task)
    if not files:
        raise ApplicationError(_("Chọn tệp minh chứng."), code=TaskRefusal.FILES_REQUIRED)
    cleaned = _validate_files(files, report)  # the task is locked (fresh_task): two cannot both pass
    return _attach(write, report, cleaned)
