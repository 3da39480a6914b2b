"""báo cáo tiến độ: the assignee reports percent done, the target values reached and what happened, with
evidence files. Reports are kept as they were sent; a later report supersedes an earlier one."""

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.core.files.base import File
from django.db import transaction
from django.db.models import Count, Sum

from dotpha.accounts.models import User
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.tasks.files import validate_evidence_files
from dotpha.tasks.models import (
    Evidence,
    ProgressReport,
    ReportTargetValue,
    Target,
    Task,
    TaskEventKind,
    TaskStatus,
)
from dotpha.tasks.permissions import acts_for_assignee
from dotpha.tasks.services._common import Write, decimal_text, fresh_task, to_decimal, today_or


def _reporting_write(actor: User, task: Task) -> Write:
    if not acts_for_assignee(actor, task):
        raise PermissionDeniedError("Chỉ người được giao việc mới báo cáo tiến độ.")
    write = Write(actor, task)
    if task.status != TaskStatus.APPROVED:
        raise ApplicationError("Việc chưa được phê duyệt nên chưa báo cáo tiến độ.", code="invalid_state")
    return write


def _validate_files(files: Sequence[File], report: ProgressReport | None = None) -> None:
    kept = report.evidence.aggregate(count=Count("pk"), size=Sum("size")) if report else {}
    validate_evidence_files(files, kept_count=kept.get("count") or 0, kept_bytes=kept.get("size") or 0)


def _attach(write: Write, report: ProgressReport, files: Sequence[File]) -> list[Evidence]:
    attached = []
    for file in files:
        evidence = Evidence(
            report=report,
            file=file,
            original_name=(file.name or "").rsplit("/", 1)[-1][:255],
            size=file.size or 0,
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
    today: datetime.date | None = None,
) -> ProgressReport:
    today = today_or(today)
    task = fresh_task(task)
    write = _reporting_write(actor, task)
    if not isinstance(percent_done, int) or not 0 <= percent_done <= 100:
        raise ApplicationError("Tỷ lệ hoàn thành phải là số nguyên từ 0 đến 100%.", code="invalid_percent")
    if not narrative.strip():
        raise ApplicationError("Nêu kết quả thực hiện trong kỳ báo cáo.", code="narrative_required")
    targets = {t.pk: t for t in Target.objects.select_for_update().filter(task=task)}
    values: dict[int, Decimal] = {}
    for key, value in (target_values or {}).items():
        pk = key.pk if isinstance(key, Target) else key
        if pk not in targets:
            raise ApplicationError("Chỉ tiêu không thuộc việc này.", code="target_mismatch")
        values[pk] = to_decimal(value)
    _validate_files(files)

    report = ProgressReport(
        task=task, reported_on=today, percent_done=percent_done, narrative=narrative.strip(), author=actor
    )
    write.save(report)
    for pk, value in values.items():
        write.save(ReportTargetValue(report=report, target=targets[pk], value=value))
        target = targets[pk]
        target.achieved_value = value
        write.save(target)
    evidence = _attach(write, report, files)
    write.event(
        TaskEventKind.PROGRESS_REPORTED,
        comment=narrative.strip(),
        payload={
            "report_id": report.pk,
            "percent_done": percent_done,
            "targets": {str(pk): decimal_text(v) for pk, v in values.items()},
            "files": len(evidence),
        },
    )
    return report


@transaction.atomic
def evidence_add(*, actor: User, report: ProgressReport, files: Sequence[File]) -> list[Evidence]:
    """More evidence for a report already sent (the report itself does not change)."""
    task = fresh_task(report.task_id)
    write = _reporting_write(actor, task)
    if not files:
        raise ApplicationError("Chọn tệp minh chứng.", code="files_required")
    _validate_files(files, report)  # the task is locked (fresh_task): two additions cannot both pass
    return _attach(write, report, files)
