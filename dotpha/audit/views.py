from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from dotpha.accounts.permissions import can_read_audit
from dotpha.audit.selectors import audit_entries, tracked_models
from dotpha.core.http import AuthedHttpRequest


@login_required
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
        {"entries": audit_entries(model_label=chosen), "models": models, "chosen": chosen},
    )
