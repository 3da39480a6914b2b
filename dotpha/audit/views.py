from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dotpha.accounts.access import can_read_audit, can_read_read_log
from dotpha.accounts.http import AuthedHttpRequest
from dotpha.audit.models import ReadKind
from dotpha.audit.selectors import audit_entries, read_log, tracked_models

READS_PER_PAGE = 100


@login_required
@require_GET
def audit_log(request: AuthedHttpRequest) -> HttpResponse:
    if not can_read_audit(request.user):
        raise PermissionDenied
    models = [(m._meta.label_lower, m._meta.verbose_name) for m in tracked_models()]
    chosen = request.GET.get("model", "")
    if chosen not in {label for label, _ in models}:
        chosen = ""
    return render(
        request,
        "audit/log.html",
        {
            "entries": audit_entries(request.user, model_label=chosen),
            "models": models,
            "chosen": chosen,
            "can_read_reads": can_read_read_log(request.user),
        },
    )


@login_required
@require_GET
def read_log_page(request: AuthedHttpRequest) -> HttpResponse:
    """Nhật ký truy cập dữ liệu cá nhân: who opened which cadre's profile or took which export."""
    if not can_read_read_log(request.user):
        raise PermissionDenied
    username = request.GET.get("user", "").strip()[:150]
    kind = request.GET.get("kind", "")
    if kind not in ReadKind.values:
        kind = ""
    page = Paginator(read_log(username=username, kind=kind), READS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/reads.html",
        {"page": page, "username": username, "kind": kind, "kinds": ReadKind.choices},
    )
