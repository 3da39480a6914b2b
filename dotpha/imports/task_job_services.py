"""The task import the worker runs (issue 18): a list longer than DOTPHA_IMPORT_INLINE_ROWS is queued by
the commit and imported by the worker as the user who asked, all rows or none, through the same services
as the import in the request. The file is read and checked again there (the cadres, the decisions and
the user's authority may have changed since the preview). The job's row says how far it is; its page
polls it."""

import dataclasses
import datetime
import logging
from collections.abc import Collection, Mapping

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dotpha.accounts.models import User
from dotpha.core.errors import ApplicationError
from dotpha.imports.import_slot import BUSY_MESSAGE, import_slot, import_slot_renew
from dotpha.imports.models import TaskImportJob, TaskImportPhase, TaskImportStatus
from dotpha.imports.reader import Issue, WorkbookError
from dotpha.imports.task_forms import TaskImportTargetForm
from dotpha.imports.task_parser import task_import_parse
from dotpha.imports.task_plan import TaskImportTarget, TaskMapping
from dotpha.imports.task_services import TaskImportRejected, plan_refusals, task_import_apply

logger = logging.getLogger(__name__)

KEPT_ISSUES = 500  # the page lists the first ones; the count says how many there were
STALE_QUEUE = datetime.timedelta(minutes=30)  # a job queued longer: the worker is down, not the user busy


@dataclasses.dataclass(frozen=True)
class TaskImportAnswers:
    """What the user answered on the mapping step and the preview, as the job keeps it."""

    mapping: TaskMapping
    choices: Mapping[int, int]
    updates: Collection[int]
    update_all: bool
    acknowledged: bool

    def as_json(self) -> dict:
        return {
            "sheet": self.mapping.sheet,
            "columns": dict(self.mapping.columns),
            "choices": {str(row): cadre for row, cadre in self.choices.items()},
            "updates": sorted(self.updates),
            "update_all": self.update_all,
            "acknowledged": self.acknowledged,
        }

    @classmethod
    def from_json(cls, data: Mapping) -> "TaskImportAnswers":
        return cls(
            mapping=TaskMapping(data["sheet"], {key: int(i) for key, i in data["columns"].items()}),
            choices={int(row): int(cadre) for row, cadre in data["choices"].items()},
            updates=[int(row) for row in data["updates"]],
            update_all=bool(data["update_all"]),
            acknowledged=bool(data["acknowledged"]),
        )


def task_import_job_request(
    *,
    actor: User,
    data: bytes,
    filename: str,
    target_fields: Mapping[str, str],
    target: TaskImportTarget,
    answers: TaskImportAnswers,
    rows: int,
) -> TaskImportJob:
    """Queue the import of a checked file; `target_fields` are the target form's fields as posted, checked
    again by the job. Raises WorkbookError(BUSY_MESSAGE) while the user has another import under way,
    read in a request or queued for the worker: one import per user at a time."""
    from dotpha.imports.tasks import run_task_import_job

    with import_slot(actor):  # the slot makes two requests at once see each other's job
        waiting = TaskImportJob.objects.filter(
            requested_by=actor,
            status__in=[TaskImportStatus.QUEUED, TaskImportStatus.RUNNING],
            created_at__gte=timezone.now() - STALE_QUEUE,
        )
        if waiting.exists():
            raise WorkbookError(BUSY_MESSAGE)
        with transaction.atomic():
            job = TaskImportJob(
                requested_by=actor,
                target=dict(target_fields),
                target_text=target.describe()[:500],
                answers=answers.as_json(),
                filename=filename[:200],
                rows=rows,
            )
            job.file.save(f"{job.pk}.xlsx", ContentFile(data), save=False)  # the job's own copy
            job.save()
            transaction.on_commit(lambda: run_task_import_job.enqueue(str(job.pk)))
    return job


def task_import_job_run(*, job_id: str) -> TaskImportJob:
    """Import the job's file as its requester, under their import slot, reporting the phase on the job's
    row. The outcome is kept on the job (summary, or the issues that refused the file), never raised to
    the worker; the job's copy of the file is deleted at the end."""
    job = TaskImportJob.objects.select_related("requested_by").get(pk=job_id)
    queued = TaskImportJob.objects.filter(pk=job.pk, status=TaskImportStatus.QUEUED)
    started = queued.update(
        status=TaskImportStatus.RUNNING, phase=TaskImportPhase.READING, updated_at=timezone.now()
    )
    if not started:
        return job  # run already (a task delivered twice) or finished
    actor = job.requested_by
    try:
        # Waits for a preview the user is reading in a page meanwhile, for as long as a reading may take.
        with import_slot(actor, wait=settings.DOTPHA_IMPORT_PARSE_SECONDS, own_readings=True):
            _import(job, actor)
    except WorkbookError as busy:
        _finish(job, TaskImportStatus.REFUSED, issues=[Issue(busy.message)])
    except Exception:  # the worker keeps running; the user reads that nothing was saved
        logger.exception("task import job %s failed", job.pk)
        message = _("Không nhập được do lỗi của hệ thống; chưa lưu gì. Hãy thử lại hoặc báo quản trị.")
        _finish(job, TaskImportStatus.FAILED, summary=message)
    finally:
        if job.file:
            job.file.delete(save=False)
            _update(job, file="")
    job.refresh_from_db()
    return job


def _import(job: TaskImportJob, actor: User) -> None:
    form = TaskImportTargetForm(job.target, user=actor)  # the periods and decisions the actor sees now
    if not form.is_valid():
        message = _("Chương trình, kỳ hoặc quyết định đã chọn không còn hợp lệ; hãy chọn lại và tải tệp lên.")
        _finish(job, TaskImportStatus.REFUSED, issues=[Issue(message)])
        return
    target = form.target()
    with job.file.open("rb") as kept:
        data = kept.read()
    answers = TaskImportAnswers.from_json(job.answers)

    def checking(done: int, total: int) -> None:
        # outside any transaction: each update is seen by the page at once
        _update(job, phase=TaskImportPhase.CHECKING, checked=done, rows=total)
        import_slot_renew(actor)

    plan = task_import_parse(
        data,
        actor=actor,
        target=target,
        mapping=answers.mapping,
        choices=dict(answers.choices),
        updates=answers.updates,
        update_all=answers.update_all,
        progress=checking,
    )
    issues = plan_refusals(plan, acknowledged=answers.acknowledged)
    if issues:
        _finish(job, TaskImportStatus.REFUSED, issues=issues)
        return
    # One transaction from here: nothing of it shows until it ends, so the page says "writing" without
    # a count it could not honestly give.
    _update(job, phase=TaskImportPhase.WRITING)
    import_slot_renew(actor)
    try:
        summary = task_import_apply(actor=actor, plan=plan, target=target, acknowledged=answers.acknowledged)
    except TaskImportRejected as rejected:
        _finish(job, TaskImportStatus.REFUSED, issues=rejected.issues)
    except ApplicationError as error:
        _finish(job, TaskImportStatus.REFUSED, issues=[Issue(error.message)])
    else:
        _finish(job, TaskImportStatus.DONE, summary=summary.describe())


def _finish(job: TaskImportJob, status: str, *, summary: str = "", issues: list[Issue] | None = None) -> None:
    issues = issues or []
    _update(
        job,
        status=status,
        phase="",
        summary=summary,
        issues=[dataclasses.asdict(issue) for issue in issues[:KEPT_ISSUES]],
        issue_count=len(issues),
        finished_at=timezone.now(),
    )


def _update(job: TaskImportJob, **changes) -> None:
    TaskImportJob.objects.filter(pk=job.pk).update(**changes, updated_at=timezone.now())
    for name, value in changes.items():
        setattr(job, name, value)
