"""Writes of the reports app: replacing a Word template, and the life of a background export job."""

import datetime
from collections.abc import Mapping

from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dotpha.accounts.models import User
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.core.history import as_actor
from dotpha.org.models import Unit
from dotpha.reports.errors import ReportRefusal
from dotpha.reports.exports.catalogue import export_kind
from dotpha.reports.exports.word import TemplateInvalid, check_docx, render_docx
from dotpha.reports.models import ExportJob, ExportStatus, ReportTemplate, TemplateKind
from dotpha.reports.permissions import can_upload_template
from dotpha.reports.sample import sample_context

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024


@transaction.atomic
def report_template_upload(
    *, actor: User, kind: str, unit: Unit, file: UploadedFile, note: str = ""
) -> ReportTemplate:
    """Stores a replacement template of `unit`'s reports (and of the units below it that have none) once
    it uses only the documented fields and renders with the report's data. Only an organizer of the unit
    uploads it: a commune's organizer changes the commune's report, never the province's. The upload is
    audited (history row with the uploader)."""
    if not can_upload_template(actor, unit):
        raise PermissionDeniedError(_("Chỉ Ban Tổ chức của đơn vị được thay mẫu báo cáo của đơn vị đó."))
    if kind not in TemplateKind.values:
        raise ApplicationError(_("Loại mẫu báo cáo không đúng."), code=ReportRefusal.INVALID_KIND)
    name = file.name or ""
    if not name.lower().endswith(".docx"):
        raise ApplicationError(_("Mẫu báo cáo phải là tệp Word .docx."), code=ReportRefusal.NOT_DOCX)
    if (file.size or 0) > MAX_TEMPLATE_BYTES:
        raise ApplicationError(_("Tệp mẫu lớn hơn 5 MB."), code=ReportRefusal.TOO_LARGE)
    data = file.read()
    # the allow-list first: a template is never rendered, even in the sandbox, before it has passed it
    check_docx(data)
    try:
        render_docx(data, sample_context(kind))
    except TemplateInvalid as exc:
        raise ApplicationError(
            _("Mẫu không dùng được: %(message)s") % {"message": exc.message},
            code=ReportRefusal.TEMPLATE_INVALID,
        ) from exc
    template = ReportTemplate(
        kind=kind, unit=unit, original_name=name[:255], note=note.strip(), uploaded_by=actor
    )
    template.file.save("mau.docx", ContentFile(data), save=False)
    as_actor(template, actor)
    template.save()
    return template


@transaction.atomic
def export_job_request(*, actor: User, kind: str, params: Mapping[str, str], rows: int) -> ExportJob:
    """Queues a long export; it runs as `actor`, with their scope at the time it runs."""
    from dotpha.reports.tasks import run_export_job

    export_kind(kind)  # unknown kinds are refused before anything is stored
    job = ExportJob.objects.create(kind=kind, params=dict(params), requested_by=actor, rows=rows)
    transaction.on_commit(lambda: run_export_job.enqueue(str(job.pk)))
    return job


def _update(job: ExportJob, **changes) -> None:
    ExportJob.objects.filter(pk=job.pk).update(**changes, updated_at=timezone.now())
    for name, value in changes.items():
        setattr(job, name, value)


def export_job_run(*, job_id: str, today: datetime.date | None = None) -> ExportJob:
    """Builds the job's file, reporting progress on the job row as it goes. A failure is kept on the job
    (the user sees the message), never raised to the worker."""
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    if job.is_finished:
        return job
    _update(job, status=ExportStatus.RUNNING, progress=1)
    user = job.requested_by
    kind = export_kind(job.kind)
    day = today or timezone.localdate()

    def progress(done: int, total: int) -> None:
        # building the rows is most of the work; writing the file takes the rest
        _update(job, progress=min(90, max(1, 90 * done // max(total, 1))))

    try:
        request = kind.parse(user, job.params)
        built = kind.build(user, request, day, progress)
    except Exception as exc:  # the worker keeps running; the user reads what went wrong
        message = getattr(exc, "message", "") or "Không tạo được tệp. Hãy thử lại hoặc báo quản trị."
        _update(job, status=ExportStatus.FAILED, error=message, finished_at=timezone.now())
        return job
    if built.file is not None:  # a long file, written to disk row after row: copied in chunks
        with built.file as handle:
            job.file.save(built.filename, File(handle), save=False)
    else:
        job.file.save(built.filename, ContentFile(built.data), save=False)
    _update(
        job,
        file=job.file.name,
        filename=built.filename,
        content_type=built.content_type,
        status=ExportStatus.DONE,
        progress=100,
        finished_at=timezone.now(),
    )
    return job
