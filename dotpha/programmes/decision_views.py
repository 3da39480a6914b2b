"""Quyết định phê duyệt: the register of decisions and one decision's page (its tasks, the amending and
amended decisions, the annex in Word and Excel, the signed scan). Organizers, approvers and inspectors read
it within their scope (others 403, a decision outside the scope 404); the approvers who issue a decision
attach its signed scan (the service checks it)."""

import mimetypes
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dotpha.audit.models import ReadKind
from dotpha.audit.services import record_read
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.core.http import AuthedHttpRequest
from dotpha.programmes import services
from dotpha.programmes.authority import can_issue_decisions
from dotpha.programmes.decision_register import annex_rows, can_open_register, decision_register
from dotpha.programmes.forms import DecisionAmendForm, DecisionScanForm
from dotpha.programmes.models import Decision
from dotpha.reports.exports.decision_annex import annex_docx, annex_xlsx
from dotpha.reports.exports.word import DOCX_TYPE
from dotpha.reports.exports.xlsx import XLSX_TYPE


def _register(request: AuthedHttpRequest):
    if not can_open_register(request.user):
        raise PermissionDenied
    return decision_register(request.user)


def _decision(request: AuthedHttpRequest, pk: int) -> Decision:
    return get_object_or_404(_register(request), pk=pk)


@login_required
@require_GET
def decision_list(request: AuthedHttpRequest) -> HttpResponse:
    page = Paginator(_register(request), 50).get_page(request.GET.get("page"))
    return render(request, "programmes/decision_list.html", {"page": page, "decisions": page.object_list})


def render_decision(
    request: AuthedHttpRequest,
    pk: int,
    *,
    scan_form: DecisionScanForm | None = None,
    amend_form: DecisionAmendForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The decision; to those who may issue it, the scan upload while it is open and, once it is locked,
    the start of an amending decision."""
    decision = _decision(request, pk)
    issues = can_issue_decisions(request.user, decision.issuing_unit)
    context = {
        "decision": decision,
        "rows": annex_rows(decision),
        "amendments": list(decision.amendments.order_by("signed_on", "pk")),  # type: ignore[attr-defined]
        "scan_form": (scan_form or DecisionScanForm()) if issues and not decision.is_locked else None,
        "amend_form": (amend_form or DecisionAmendForm()) if issues and decision.is_locked else None,
        "may_add_tasks": issues and not decision.is_locked,
    }
    return render(request, "programmes/decision_detail.html", context, status=status)


@login_required
@require_GET
def decision_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return render_decision(request, pk)


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _record_export(request: AuthedHttpRequest, decision: Decision, filename: str) -> None:
    """The annex names cadres, their posts and units: its download is logged like every export."""
    record_read(
        user=request.user,
        kind=ReadKind.EXPORT,
        subject="decision_annex",
        object_id=decision.pk,
        object_repr=f"Phụ lục Quyết định số {decision.number}: {filename}",
        unit=decision.issuing_unit,
        scope=decision.issuing_unit.name,
    )


def _filename(decision: Decision, extension: str) -> str:
    safe = "".join(c if c.isascii() and c.isalnum() else "-" for c in decision.number)
    return f"phu-luc-quyet-dinh-{safe}-{decision.signed_on:%Y}.{extension}"


# The annex in each format: how to build it and its content type.
ANNEX_FORMATS: dict[str, tuple[Callable[[Decision], bytes], str]] = {
    "docx": (annex_docx, DOCX_TYPE),
    "xlsx": (annex_xlsx, XLSX_TYPE),
}


def _annex(request: AuthedHttpRequest, pk: int, extension: str) -> HttpResponse:
    decision = _decision(request, pk)
    build, content_type = ANNEX_FORMATS[extension]
    filename = _filename(decision, extension)
    _record_export(request, decision, filename)
    return _download(build(decision), filename, content_type)


@login_required
@require_GET
def decision_annex_docx(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _annex(request, pk, "docx")


@login_required
@require_GET
def decision_annex_xlsx(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _annex(request, pk, "xlsx")


@login_required
@require_GET
def decision_scan(request: AuthedHttpRequest, pk: int) -> FileResponse:
    """The signed scan, only to those who may open the decision; never from a public media URL."""
    decision = _decision(request, pk)
    if not decision.scan:
        raise Http404
    try:
        handle = decision.scan.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    name = decision.scan_name or _filename(decision, "pdf")
    content_type = mimetypes.guess_type(name)[0] or "application/pdf"
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def decision_scan_upload(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    form = DecisionScanForm(request.POST, request.FILES)
    status = 200
    if form.is_valid():
        try:
            services.decision_attach_scan(
                actor=request.user, decision=decision, file=form.cleaned_data["scan"]
            )
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from exc
        except ApplicationError as exc:
            messages.error(request, exc.message)
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Đã lưu bản ký của quyết định số %(n)s; danh sách việc của quyết định đã khóa.")
                % {"n": decision.number},
            )
            return redirect("programmes:decision_detail", pk)
    return render_decision(request, pk, scan_form=form, status=status)


@login_required
@require_POST
def decision_amend(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Quyết định sửa đổi, bổ sung: a new open decision amending this locked one (services.decision_amend)."""
    decision = _decision(request, pk)
    form = DecisionAmendForm(request.POST)
    if form.is_valid():
        try:
            amending = services.decision_amend(actor=request.user, decision=decision, **form.cleaned_data)
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from exc
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _(
                    "Đã tạo quyết định số %(n)s sửa đổi, bổ sung quyết định số %(old)s: phê duyệt hoặc giao "
                    "việc theo quyết định này, rồi tải bản ký."
                )
                % {"n": amending.number, "old": decision.number},
            )
            return redirect("programmes:decision_detail", amending.pk)
    return render_decision(request, pk, amend_form=form)
