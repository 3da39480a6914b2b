"""Import of task lists from Excel: upload with the programme, period and decision; match the file's
columns when its headers differ from the template; preview (cadres found, names to choose, errors); then
commit, all rows or none. Every step reads the kept file again and checks every answer again. A list of
more than DOTPHA_IMPORT_INLINE_ROWS rows is committed by the worker (task_job_services), with a page
showing its progress."""

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dotpha.accounts.models import User
from dotpha.core.search import normalize_search
from dotpha.imports.import_slot import import_slot
from dotpha.imports.models import TaskImportJob
from dotpha.imports.org_template import XLSX_CONTENT_TYPE
from dotpha.imports.reader import Issue, WorkbookError
from dotpha.imports.task_authority import CANNOT_IMPORT, import_authority
from dotpha.imports.task_forms import TaskImportTargetForm, TaskMappingForm, TaskUploadForm
from dotpha.imports.task_job_services import TaskImportAnswers, task_import_job_request
from dotpha.imports.task_parser import can_import_tasks, task_import_parse
from dotpha.imports.task_plan import TaskImportPlan, TaskImportTarget
from dotpha.imports.task_services import (
    TaskImportRejected,
    plan_refusals,
    task_import_apply,
    task_import_check,
)
from dotpha.imports.task_template import task_template_xlsx
from dotpha.imports.uploads import upload_filename, upload_forget, upload_keep, upload_read

SHOWN_ISSUES = 500
SHOWN_ROWS = 1000
RECENT_JOBS = 5
GONE = "Tệp đã tải lên không còn (đã nhập xong hoặc hết phiên làm việc). Hãy tải lên lại."
TARGET_CHANGED = "Chương trình, kỳ hoặc quyết định đã chọn không còn hợp lệ; hãy chọn lại và tải tệp lên."
TEMPLATE_FILENAME = "mau-danh-sach-giao-viec.xlsx"
_DECISION_IN_TITLE = re.compile(r"quyết\s+định\s+số\s*:?\s*([0-9][\w./\-]*)", re.IGNORECASE)


def _actor(request: HttpRequest) -> User:
    user = request.user
    if not can_import_tasks(user):  # type: ignore[arg-type]
        raise PermissionDenied
    return user  # type: ignore[return-value]


@login_required
@require_http_methods(["GET", "POST"])
def task_upload(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    authority = import_authority(actor)
    page = {
        "authority": authority,
        "cannot_import": "" if authority.can_import else CANNOT_IMPORT,
        # the user's imports run by the worker: their pages can be found again after leaving them
        "jobs": TaskImportJob.objects.filter(requested_by=actor)[:RECENT_JOBS],
    }
    if request.method != "POST" or not authority.can_import:
        return render(request, "imports/task_upload.html", {"form": TaskUploadForm(user=actor), **page})
    form = TaskUploadForm(request.POST, request.FILES, user=actor)
    if not form.is_valid():
        return render(request, "imports/task_upload.html", {"form": form, **page})
    upload = form.cleaned_data["file"]
    data = upload.read()
    target = form.target()
    plan = task_import_parse(data, actor=actor, target=target)
    if not plan.is_readable:
        context = {"form": form, "plan": plan, "filename": upload.name, "issues": plan.issues, **page}
        return render(request, "imports/task_upload.html", context)
    token = upload_keep(request.session, data, upload.name)
    target_form = _target_form(request, actor)
    mapping_form = _mapping_form(plan)
    if not plan.mapping_confident:
        return _mapping_page(request, plan, token, target_form, mapping_form)
    return _preview(request, plan, token, target_form, mapping_form, target)


@login_required
@require_POST
def task_map(request: HttpRequest) -> HttpResponse:
    """The mapping step: shown when asked (`edit`) or when another sheet is picked; else checked and
    followed by the preview."""
    actor = _actor(request)
    kept = _kept(request, actor)
    if isinstance(kept, HttpResponse):
        return kept
    token, data, target_form, target = kept
    sheet = request.POST.get("map-sheet", "")
    plan = task_import_parse(data, actor=actor, target=target, sheet=sheet or None)
    if not plan.is_readable:
        return _preview(request, plan, token, target_form, _mapping_form(plan), target)
    changed_sheet = sheet != request.POST.get("shown_sheet", sheet) or sheet != plan.sheet
    if changed_sheet:
        return _mapping_page(request, plan, token, target_form, _mapping_form(plan))
    form = _mapping_form(plan, request.POST)
    if "edit" in request.POST or not form.is_valid():
        return _mapping_page(request, plan, token, target_form, form)
    plan = task_import_parse(data, actor=actor, target=target, mapping=form.mapping(), **_answers(request))
    return _preview(request, plan, token, target_form, form, target)


@login_required
@require_POST
def task_commit(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    kept = _kept(request, actor)
    if isinstance(kept, HttpResponse):
        return kept
    token, data, target_form, target = kept
    plan = task_import_parse(data, actor=actor, target=target, sheet=request.POST.get("map-sheet") or None)
    form = _mapping_form(plan, request.POST)
    if plan.is_readable and not form.is_valid():
        return _mapping_page(request, plan, token, target_form, form)
    if plan.is_readable:
        # Checked again: the cadres, decisions and the actor's authority may have changed since the preview.
        plan = task_import_parse(
            data, actor=actor, target=target, mapping=form.mapping(), **_answers(request)
        )
    acknowledged = request.POST.get("acknowledge") == "1"
    # A long list goes to the worker once nothing refuses it before its rows are tried; one that does is
    # refused here at once, whatever its length, as it costs no writing.
    if len(plan.rows) > settings.DOTPHA_IMPORT_INLINE_ROWS and not plan_refusals(
        plan, acknowledged=acknowledged
    ):
        return _queue(request, actor, (token, data, target_form, target), plan, form, acknowledged)
    try:
        # Under the user's one import slot: a second click while the file is being written waits
        # for nothing and writes nothing twice; it is told the first is still running.
        with import_slot(actor):
            summary = task_import_apply(actor=actor, plan=plan, target=target, acknowledged=acknowledged)
    except WorkbookError as busy:
        messages.error(request, busy.message)
        return redirect("imports:task_upload")
    except TaskImportRejected as rejected:
        refused = not plan.issues and not plan.unresolved
        return _preview(
            request, plan, token, target_form, form, target, issues=rejected.issues, refused=refused
        )
    filename = upload_filename(request.session, token) or ""
    upload_forget(request.session, token)
    messages.success(request, f"Đã nhập xong tệp “{filename}”. {summary.describe()}")
    return redirect("imports:task_upload")


def _queue(
    request: HttpRequest,
    actor: User,
    kept: tuple[str, bytes, TaskImportTargetForm, TaskImportTarget],
    plan: TaskImportPlan,
    form: TaskMappingForm,
    acknowledged: bool,
) -> HttpResponse:
    """A long checked file goes to the worker, which writes it with a progress page; the session's copy is
    let go (the job keeps its own)."""
    token, data, target_form, target = kept
    answers = TaskImportAnswers(mapping=form.mapping(), acknowledged=acknowledged, **_answers(request))
    try:
        job = task_import_job_request(
            actor=actor,
            data=data,
            filename=upload_filename(request.session, token) or "",
            target_fields={name: request.POST.get(name, "") for name in target_form.fields},
            target=target,
            answers=answers,
            rows=len(plan.rows),
        )
    except WorkbookError as busy:
        messages.error(request, busy.message)
        return redirect("imports:task_upload")
    upload_forget(request.session, token)
    return redirect("imports:task_job", pk=job.pk)


@login_required
@require_GET
def task_template(request: HttpRequest) -> HttpResponse:
    _actor(request)
    response = HttpResponse(task_template_xlsx(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{TEMPLATE_FILENAME}"'
    return response


# ---- steps ------------------------------------------------------------------------------------------


def _kept(
    request: HttpRequest, actor: User
) -> HttpResponse | tuple[str, bytes, TaskImportTargetForm, TaskImportTarget]:
    token = request.POST.get("token", "")
    data = upload_read(request.session, token)
    if data is None:
        messages.error(request, GONE)
        return redirect("imports:task_upload")
    target_form = _target_form(request, actor)
    if not target_form.is_valid():
        messages.error(request, TARGET_CHANGED)
        return redirect("imports:task_upload")
    return token, data, target_form, target_form.target()


def _target_form(request: HttpRequest, actor: User) -> TaskImportTargetForm:
    form = TaskImportTargetForm(request.POST, user=actor)
    form.is_valid()
    return form


def _mapping_form(plan: TaskImportPlan, data=None) -> TaskMappingForm:
    return TaskMappingForm(data, sheets=plan.sheets, columns=plan.columns, initial_mapping=plan.mapping)


def _choices(request: HttpRequest) -> dict[int, int]:
    """choice-<row> = <cadre id>: the user's pick for a name several cadres share."""
    picked = {}
    for key in request.POST:
        value = request.POST.get(key, "")
        if key.startswith("choice-") and key[7:].isdigit() and value.isdigit():
            picked[int(key[7:])] = int(value)
    return picked


def _answers(request: HttpRequest) -> dict:
    """The user's answers on the preview: the cadre picked per row, and the existing tasks to correct from
    the file (update-<row> = 1, or update-all = 1); any other existing task is skipped."""
    updates = [int(key[7:]) for key in request.POST if key.startswith("update-") and key[7:].isdigit()]
    return {
        "choices": _choices(request),
        "updates": updates,
        "update_all": request.POST.get("update-all") == "1",
    }


def _mapping_page(
    request: HttpRequest,
    plan: TaskImportPlan,
    token: str,
    target_form: TaskImportTargetForm,
    mapping_form: TaskMappingForm,
) -> HttpResponse:
    context = {
        "plan": plan,
        "token": token,
        "filename": upload_filename(request.session, token) or "",
        "target_form": target_form,
        "mapping_form": mapping_form,
        "column_fields": [mapping_form[key] for key in mapping_form.fields if key != "sheet"],
        "choices": _choices(request),
    }
    return render(request, "imports/task_mapping.html", context)


def _preview(
    request: HttpRequest,
    plan: TaskImportPlan,
    token: str,
    target_form: TaskImportTargetForm,
    mapping_form: TaskMappingForm,
    target: TaskImportTarget,
    *,
    issues: list[Issue] | None = None,
    refused: bool = False,
) -> HttpResponse:
    actor = request.user
    if issues is None:
        issues = list(plan.issues)
        if not issues and plan.rows:
            issues = task_import_check(actor=actor, plan=plan, target=target)  # type: ignore[arg-type]
    # A name waiting for the user's choice is not an error in the file: the preview offers the choice, and
    # only a commit without it lists it among the errors (still letting the user choose and commit again).
    waiting = plan.choice_issues()
    blocking = [i for i in issues if i not in waiting]
    by_row: dict[int, list[str]] = {}
    for issue in blocking:
        if issue.row is not None:
            by_row.setdefault(issue.row, []).append(
                f"{issue.column}: {issue.message}" if issue.column else issue.message
            )
    context = {
        "plan": plan,
        "token": token,
        "filename": upload_filename(request.session, token) or "",
        "target": target,
        "target_form": target_form,
        "mapping_form": mapping_form,
        "mapping_shown": plan.mapping.describe(plan.columns) if plan.mapping else [],
        "issues": issues[:SHOWN_ISSUES],
        "hidden_issues": max(0, len(issues) - SHOWN_ISSUES),
        "only_choices": bool(issues) and not blocking,
        "refused": refused,
        "rows": [(row, by_row.get(row.row, [])) for row in plan.rows[:SHOWN_ROWS]],
        "hidden_rows": max(0, len(plan.rows) - SHOWN_ROWS),
        "counts": plan.counts(),
        "warnings": plan.warnings(),
        "choices": _choices(request),
        "can_commit": bool(token) and plan.is_readable and bool(plan.rows) and not blocking,
        "in_background": len(plan.rows) > settings.DOTPHA_IMPORT_INLINE_ROWS,
        "decision_note": _decision_note(plan, target),
    }
    return render(request, "imports/task_preview.html", context)


def _decision_note(plan: TaskImportPlan, target: TaskImportTarget) -> str:
    """The title block often names the decision ("Kèm theo Quyết định số 125-QĐ/TU"): say so when it is not
    the one chosen."""
    for line in plan.title_lines:
        match = _DECISION_IN_TITLE.search(line)
        if match:
            named = match.group(1).rstrip(".,;")
            if normalize_search(named) != normalize_search(target.number):
                chosen = target.number
                return f"Tiêu đề của tệp ghi Quyết định số {named}, khác số quyết định đã chọn ({chosen})."
            return ""
    return ""
