"""Quyết định phê duyệt: the register of decisions and one decision's page (its tasks, the amending and
amended decisions, the signed scan). Organizers, approvers and inspectors read it within their scope (others
403, a decision outside the scope 404); the approvers who issue a decision attach its signed scan (the
service checks it). The annex in Word and Excel is downloaded from the reports app, whose exporters write it
(dotpha/reports/views/decision_downloads.py), under the same access check (open_decision)."""

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dotpha.accounts.http import AuthedHttpRequest
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.programmes import services
from dotpha.programmes.authority import can_issue_decisions
from dotpha.programmes.decision_register import (
    annex_filename,
    annex_rows,
    can_open_register,
    decision_register,
)
from dotpha.programmes.forms import DecisionAmendForm, DecisionScanForm
from dotpha.programmes.models import Decision


def _register(request: AuthedHttpRequest):
    if not can_open_register(request.user):
        raise PermissionDenied
    return decision_register(request.user)


def open_decision(request: AuthedHttpRequest, pk: int) -> Decision:
    """The one access check of a decision's pages and files (the reports app's annex downloads use it too):
    403 without a register role, 404 outside the user's scope."""
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
    decision = open_decision(request, pk)
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


@login_required
@require_GET
def decision_scan(request: AuthedHttpRequest, pk: int) -> FileResponse:
    """The signed scan, only to those who may open the decision; never from a public media URL."""
    decision = open_decision(request, pk)
    if not decision.scan:
        raise Http404
    try:
        handle = decision.scan.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    name = decision.scan_name or annex_filename(decision, "pdf")
    content_type = mimetypes.guess_type(name)[0] or "application/pdf"
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def decision_scan_upload(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    decision = open_decision(request, pk)
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
    decision = open_decision(request, pk)
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
