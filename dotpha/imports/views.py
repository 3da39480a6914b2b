"""Import of units and cadres from Excel: upload and preview, then commit as a second step."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dotpha.accounts.access import can_manage_org
from dotpha.imports.forms import OrgImportForm
from dotpha.imports.org_parser import org_import_parse
from dotpha.imports.org_plan import Action, OrgImportPlan
from dotpha.imports.org_template import XLSX_CONTENT_TYPE, org_template_xlsx
from dotpha.imports.services import OrgImportRejected, org_import_apply
from dotpha.imports.uploads import upload_filename, upload_forget, upload_keep, upload_read

SHOWN_ISSUES = 500
SHOWN_ROWS = 500
GONE = "Tệp đã tải lên không còn (đã nhập xong hoặc hết phiên làm việc). Hãy tải lên lại."
TEMPLATE_FILENAME = "mau-nhap-don-vi-can-bo.xlsx"


def _require_org_manager(request: HttpRequest) -> None:
    if not can_manage_org(request.user):  # type: ignore[arg-type]
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def org_upload(request: HttpRequest) -> HttpResponse:
    _require_org_manager(request)
    form = OrgImportForm(request.POST, request.FILES) if request.method == "POST" else OrgImportForm()
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        plan = org_import_parse(data, actor=request.user)  # type: ignore[arg-type]
        token = ""
        if plan.is_valid and plan.summary().changes_anything:
            token = upload_keep(request.session, data, upload.name)
        return _preview(request, plan, filename=upload.name, token=token)
    return render(request, "imports/org_upload.html", {"form": form})


@login_required
@require_POST
def org_commit(request: HttpRequest) -> HttpResponse:
    _require_org_manager(request)
    token = request.POST.get("token", "")
    data = upload_read(request.session, token)
    if data is None:
        messages.error(request, GONE)
        return redirect("imports:org_upload")
    filename = upload_filename(request.session, token) or ""
    # Checked again: the tree may have changed since the preview.
    plan = org_import_parse(data, actor=request.user)  # type: ignore[arg-type]
    upload_forget(request.session, token)
    try:
        summary = org_import_apply(actor=request.user, plan=plan)  # type: ignore[arg-type]
    except OrgImportRejected as rejected:
        refused = plan.is_valid  # the file was fine; a service said no while applying
        plan.issues = rejected.issues
        return _preview(request, plan, filename=filename, token="", refused=refused)
    messages.success(request, f"Đã nhập xong tệp “{filename}”. {summary.describe()}")
    return redirect("imports:org_upload")


@login_required
@require_GET
def org_template(request: HttpRequest) -> HttpResponse:
    _require_org_manager(request)
    response = HttpResponse(org_template_xlsx(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{TEMPLATE_FILENAME}"'
    return response


def _preview(
    request: HttpRequest, plan: OrgImportPlan, *, filename: str, token: str, refused: bool = False
) -> HttpResponse:
    units = [u for u in plan.units if u.action != Action.UNCHANGED]
    cadres = [c for c in plan.cadres if c.action in (Action.CREATE, Action.UPDATE) or c.creates_appointment]
    context = {
        "form": OrgImportForm(),
        "plan": plan,
        "summary": plan.summary(),
        "filename": filename,
        "token": token,
        "refused": refused,
        "issues": plan.issues[:SHOWN_ISSUES],
        "hidden_issues": max(0, len(plan.issues) - SHOWN_ISSUES),
        "unit_rows": units[:SHOWN_ROWS],
        "hidden_unit_rows": max(0, len(units) - SHOWN_ROWS),
        "cadre_rows": cadres[:SHOWN_ROWS],
        "hidden_cadre_rows": max(0, len(cadres) - SHOWN_ROWS),
    }
    return render(request, "imports/org_upload.html", context)
