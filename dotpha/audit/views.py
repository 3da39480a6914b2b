from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dotpha.accounts.access import can_read_audit, can_read_read_log
from dotpha.accounts.http import AuthedHttpRequest
from dotpha.audit.exports import change_log_xlsx
from dotpha.audit.forms import LogFilterForm
from dotpha.audit.models import ReadKind
from dotpha.audit.selectors import Cursor, log_page, read_log
from dotpha.audit.services import record_read

READS_PER_PAGE = 100


@login_required
@require_GET
def audit_log(request: AuthedHttpRequest) -> HttpResponse:
    """Nhật ký thay đổi: a page of entries after the cursor, with the filters; "Xem tiếp" for the next."""
    if not can_read_audit(request.user):
        raise PermissionDenied
    form = LogFilterForm(request.GET or None, reader=request.user)
    cursor = Cursor.decode(request.GET.get("after", ""))
    log_filter = form.log_filter()
    page = log_page(request.user, log_filter, after=cursor)
    units = [
        {"pk": u["pk"], "name": u["name"], "indent": range(u["depth"] - 1)}
        for u in form.fields["unit"].queryset.select_related(None).values("pk", "name", "depth")  # type: ignore[attr-defined]
    ]
    params = request.GET.copy()
    params.pop("after", None)
    next_query = ""
    if page.next_cursor is not None:
        params["after"] = page.next_cursor.encode()
        next_query = params.urlencode()
    params.pop("after", None)
    return render(
        request,
        "audit/log.html",
        {
            "form": form,
            "units": units,
            "chosen_unit": log_filter.unit.pk if log_filter.unit else None,
            "entries": page.entries,
            "next_query": next_query,
            "first_page": cursor is None,
            "filter_query": params.urlencode(),
            "can_read_reads": can_read_read_log(request.user),
        },
    )


@login_required
@require_GET
def audit_export(request: AuthedHttpRequest) -> HttpResponse:
    """The filtered log as Excel; a read of personal data itself, so it is logged."""
    if not can_read_audit(request.user):
        raise PermissionDenied
    form = LogFilterForm(request.GET or None, reader=request.user)
    log_filter = form.log_filter()
    data, count = change_log_xlsx(request.user, log_filter)
    filename = f"nhat-ky-thay-doi-{timezone.localdate():%Y%m%d}.xlsx"
    used = {k: v for k, v in request.GET.items() if v and k in form.fields}
    record_read(
        user=request.user,
        kind=ReadKind.EXPORT,
        subject="audit.change_log",
        object_repr=_("Nhật ký thay đổi: %(count)s dòng") % {"count": count},
        unit=log_filter.unit,
        scope=", ".join(f"{k}={v}" for k, v in used.items()),
        params=used,
    )
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


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
