"""Files: every export (at once when small, else a background job with a status page), the report page
where the office fills in the heading, and the Word templates organizers replace."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dotpha.accounts.http import AuthedHttpRequest
from dotpha.audit.models import ReadKind
from dotpha.audit.services import record_read
from dotpha.core.errors import ApplicationError
from dotpha.reports.exports.catalogue import CATALOGUE, ExportKind, export_kind, parse_stats
from dotpha.reports.exports.docx_template import ANNUAL_REPORT
from dotpha.reports.exports.word import DOCX_TYPE, current_template
from dotpha.reports.formatting import vn_int
from dotpha.reports.forms import ReportHeadingForm, TemplateUploadForm
from dotpha.reports.models import ExportJob, TemplateKind
from dotpha.reports.permissions import (
    can_manage_templates,
    default_root,
    template_units,
    templates_in_scope,
    templates_readable_by,
)
from dotpha.reports.report import INLINE_TASK_ROWS
from dotpha.reports.services import export_job_request, report_template_upload
from dotpha.reports.views._common import require_reader

STATS_KEYS = ("unit", "programme", "period", "year", "level", "field", "kind", "status")


def _attachment(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def export(request: AuthedHttpRequest, kind: str) -> HttpResponse:
    """The file at once when it is small; above the kind's row threshold (or with ?background=1) a job."""
    spec = export_kind(kind)
    params = {key: str(request.GET.get(key, "")) for key in request.GET if key != "background"}
    parsed = spec.parse(request.user, params)
    today = timezone.localdate()
    rows = spec.estimate(request.user, parsed, today)
    if rows > spec.background_rows or request.GET.get("background") == "1":
        job = export_job_request(actor=request.user, kind=kind, params=params, rows=rows)
        return redirect("reports:job", pk=job.pk)
    try:
        # the files are the office's documents (headed in the party's layout, filed and sent on): Vietnamese
        # whatever language the reader's pages are in, as the same file built by the worker is
        with translation.override(settings.LANGUAGE_CODE):
            built = spec.build(request.user, parsed, today, None)
    except ApplicationError as exc:  # e.g. a stored Word template the allow-list now refuses
        return HttpResponse(exc.message, status=409, content_type="text/plain; charset=utf-8")
    _log_export(request, spec, parsed, params, built.filename)
    # at once only up to the kind's row threshold, so the file is small; longer ones the worker stores
    return _attachment(built.read(), built.filename, built.content_type)


def _log_export(
    request: AuthedHttpRequest, spec: ExportKind, parsed, params, filename: str, job_id=""
) -> None:
    """Every file that leaves is a read of personal data: who, which export, the unit and filters."""
    unit = getattr(parsed, "root", None) or default_root(request.user)
    f = getattr(parsed, "filter", None)
    year = getattr(parsed, "year", None)
    parts = [unit.name] if unit else []
    parts += f.describe() if f is not None else [f"năm {year}"] if year else []
    record_read(
        user=request.user,
        kind=ReadKind.EXPORT,
        subject=spec.code,
        object_id=job_id,
        object_repr=f"{spec.label}: {filename}",
        unit=unit,
        scope=", ".join(parts),
        params=params,
    )


@login_required
@require_GET
def report(request: AuthedHttpRequest) -> HttpResponse:
    """Báo cáo năm: the heading of the Word and PDF report, with the dashboard's filters."""
    parsed = parse_stats(request.user, request.GET)
    h = parsed.heading
    form = ReportHeadingForm(
        initial={
            "number": h.number,
            "place": h.place,
            "signed_on": h.signed_on,
            "signer_title": h.signer_title,
            "signer_name": h.signer_name,
            "recipients": "\n".join(h.recipients),
        }
    )
    hidden = {key: str(request.GET.get(key, "")) for key in request.GET if key in STATS_KEYS}
    hidden.setdefault("unit", str(parsed.root.pk))
    jobs = ExportJob.objects.filter(requested_by=request.user).order_by("-created_at")[:10]
    return render(
        request,
        "reports/report.html",
        {
            "form": form,
            "parsed": parsed,
            "hidden": hidden,
            "filters": ", ".join(parsed.filter.describe()),
            "jobs": jobs,
            "labels": {code: k.label for code, k in CATALOGUE.items()},
            "template": current_template(TemplateKind.ANNUAL_REPORT, parsed.root),
            "can_manage_templates": can_manage_templates(request.user),
            "inline_rows": vn_int(INLINE_TASK_ROWS),
        },
    )


def _own_job(request: AuthedHttpRequest, pk) -> ExportJob:
    require_reader(request)
    return get_object_or_404(ExportJob, pk=pk, requested_by=request.user)


@login_required
@require_GET
def job(request: AuthedHttpRequest, pk) -> HttpResponse:
    """The job's progress; htmx polls the status part every two seconds until the file is ready."""
    job = _own_job(request, pk)
    context = {"job": job, "label": CATALOGUE[job.kind].label if job.kind in CATALOGUE else job.kind}
    if request.htmx:
        return render(request, "reports/_job_status.html", context)
    return render(request, "reports/job.html", context)


@login_required
@require_GET
def job_download(request: AuthedHttpRequest, pk) -> FileResponse:
    job = _own_job(request, pk)
    if not job.file:
        raise Http404
    spec = export_kind(job.kind)
    _log_export(request, spec, spec.parse(request.user, job.params), job.params, job.filename, job.pk)
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=job.filename, content_type=job.content_type
    )


def _require_template_manager(request: AuthedHttpRequest) -> None:
    if not can_manage_templates(request.user):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def templates(request: AuthedHttpRequest) -> HttpResponse:
    """Mẫu báo cáo: the Word template each unit the user organizes uses, the templates uploaded in their
    scope; upload a replacement for one of their units."""
    _require_template_manager(request)
    form = TemplateUploadForm(user=request.user)
    if request.method == "POST":
        form = TemplateUploadForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            try:
                report_template_upload(
                    actor=request.user,
                    kind=TemplateKind.ANNUAL_REPORT,
                    unit=form.cleaned_data["unit"],
                    file=form.cleaned_data["file"],
                    note=form.cleaned_data["note"],
                )
            except ApplicationError as exc:
                form.add_error("file", exc.message)
            else:
                messages.success(
                    request, _("Đã thay mẫu báo cáo. Từ nay báo cáo Word của đơn vị này dùng mẫu này.")
                )
                return redirect("reports:templates")
    in_use = [
        (unit, current_template(TemplateKind.ANNUAL_REPORT, unit)) for unit in template_units(request.user)
    ]
    uploaded = (
        templates_in_scope(request.user)
        .select_related("uploaded_by", "unit")
        .order_by("-created_at", "-pk")[:20]
    )
    return render(request, "reports/templates.html", {"form": form, "uploaded": uploaded, "in_use": in_use})


@login_required
@require_GET
def template_file(request: AuthedHttpRequest, pk: int = 0) -> HttpResponse:
    """An uploaded template of a unit the user organizes, or (pk 0) the default one, to edit in Word."""
    _require_template_manager(request)
    if pk == 0:
        return _attachment(ANNUAL_REPORT.read_bytes(), "mau-bao-cao-mac-dinh.docx", DOCX_TYPE)
    template = get_object_or_404(templates_readable_by(request.user), pk=pk)
    with template.file.open("rb") as handle:
        return _attachment(handle.read(), f"mau-bao-cao-{template.pk}.docx", DOCX_TYPE)
