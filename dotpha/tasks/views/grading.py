"""Bảng đánh giá cuối năm: the evaluator's sheets (one per period and authority unit), and one sheet
graded in one pass: saved as a draft, then confirmed and locked. Its Excel file is the reports app's
"grading_sheet" export."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dotpha.accounts.http import AuthedHttpRequest
from dotpha.core.errors import ApplicationError
from dotpha.org.models import Unit
from dotpha.programmes.models import Period
from dotpha.tasks import services
from dotpha.tasks.errors import TaskRefusal
from dotpha.tasks.forms import GradingSheetForm
from dotpha.tasks.models import Task
from dotpha.tasks.permissions import is_authority_over, may_decide_tasks
from dotpha.tasks.selectors.grading import grading_overview, sheet_graded, sheet_of, sheet_page
from dotpha.tasks.views._common import refused, today


def _require_evaluator(request: AuthedHttpRequest) -> None:
    """The sheets are the approvers' and the units' leaderships' pages; each grades the tasks they decide."""
    if not may_decide_tasks(request.user):
        raise PermissionDenied


@login_required
@require_GET
def grading_list(request: AuthedHttpRequest) -> HttpResponse:
    """?due=1: only the sheets of periods in their grading window (the home page's line)."""
    _require_evaluator(request)
    due = request.GET.get("due") == "1"
    sheets = grading_overview(request.user, due_on=today() if due else None)
    ungraded = sum(s.tasks - s.evaluated for s in sheets)
    return render(request, "tasks/grading_list.html", {"sheets": sheets, "due": due, "ungraded": ungraded})


def _sheet_of(request: AuthedHttpRequest, period_id: int, unit_id: int) -> tuple[Period, Unit]:
    """The period and authority unit of a sheet the user grades; not found otherwise."""
    _require_evaluator(request)
    period = get_object_or_404(Period.objects.select_related("programme"), pk=period_id)
    unit = get_object_or_404(Unit, pk=unit_id)
    if not is_authority_over(request.user, unit, period.programme):
        raise Http404
    return period, unit


@login_required
@require_http_methods(["GET", "POST"])
def grading_sheet(request: AuthedHttpRequest, period_id: int, unit_id: int) -> HttpResponse:
    """The sheet a page of `SHEET_PAGE` rows at a time. The form sends its own page's rows (`page` in the
    body); "Lưu nháp" and the pager's buttons, which save the page before going to another
    (`?page=` of the address posted to), come back to the page asked for."""
    period, unit = _sheet_of(request, period_id, unit_id)
    sheet = sheet_of(period, unit)
    data = request.POST if request.method == "POST" else None
    shown = (data or request.GET).get("page")
    page = sheet_page(request.user, period, unit, today=today(), number=shown)
    tasks = list(page.object_list)
    if not page.paginator.count and sheet is None:
        raise Http404
    locked = sheet is not None and sheet.is_locked
    form = GradingSheetForm(data, tasks=tasks, disabled=locked)
    status = 200
    if data is not None and form.is_valid():
        confirming = form.cleaned_data["action"] == GradingSheetForm.CONFIRM
        try:
            if confirming:
                services.grading_sheet_confirm(
                    actor=request.user,
                    period=period,
                    authority_unit=unit,
                    lines=form.lines(),
                    versions=form.versions(),
                )
            else:
                services.grading_sheet_save(
                    actor=request.user,
                    period=period,
                    authority_unit=unit,
                    lines=form.lines(),
                    versions=form.versions(),
                )
        except ApplicationError as exc:
            if exc.code == TaskRefusal.STALE_VERSION:
                _show_current_versions(form, tasks)
            status = refused(request, form, exc)
        else:
            done = (
                _("Đã xác nhận và khóa bảng đánh giá: các việc đã chấm được ghi kết quả đánh giá.")
                if confirming
                else _("Đã lưu nháp bảng đánh giá. Kết quả chưa được ghi cho đến khi xác nhận.")
            )
            messages.success(request, done)
            url = reverse("tasks:grading_sheet", args=[period.pk, unit.pk])
            going = request.GET.get("page") or page.number
            return redirect(f"{url}?{urlencode({'page': going})}" if str(going) != "1" else url)
    context = {
        "period": period,
        "unit": unit,
        "sheet": sheet,
        "locked": locked,
        "form": form,
        "rows": form.rows(),
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "graded": sheet_graded(request.user, period, unit),
        "excel_url": reverse("reports:export", args=["grading_sheet"])
        + "?"
        + urlencode({"period": period.pk, "unit": unit.pk}),
    }
    return render(request, "tasks/grading_sheet.html", context, status=status)


def _show_current_versions(form: GradingSheetForm, tasks: list[Task]) -> None:
    """After "someone changed a task meanwhile", the page shown again holds the tasks as they are now: what
    was typed stays, with today's versions, so confirming again (having seen the change) goes through."""
    current = dict(Task.objects.filter(pk__in=[t.pk for t in tasks]).values_list("pk", "version"))
    data = cast(QueryDict, form.data).copy()
    for pk, version in current.items():
        data[f"version_{pk}"] = str(version)
    form.data = data
