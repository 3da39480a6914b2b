"""The monitoring cadre's pages (plan, visits, reports), the commune committee's confirmation of a visit,
and the filtered lists of visits, plans and reports behind the summary's figures."""

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dotpha.accounts.http import AuthedHttpRequest
from dotpha.core.errors import ApplicationError
from dotpha.monitoring import forms, services
from dotpha.monitoring.models import (
    MonitoringAssignment,
    MonitoringPlan,
    MonitoringYear,
    ReportFile,
    ReportPeriod,
    VisitFile,
)
from dotpha.monitoring.models.evidence import PhoneFile
from dotpha.monitoring.permissions import is_monitoring_cadre, speaks_for_commune
from dotpha.monitoring.selectors import (
    DueState,
    assignments_visible_to,
    plan_duties,
    report_duties,
    visits_visible_to,
)
from dotpha.monitoring.views._common import (
    allow,
    chosen_year,
    int_param,
    refused,
    today,
    visible_assignment,
    years,
)


@login_required
def plan_submit(request: AuthedHttpRequest, pk: int, year_pk: int) -> HttpResponse:
    assignment = visible_assignment(request, pk)
    year = get_object_or_404(MonitoringYear.objects.select_related("programme"), pk=year_pk)
    plan = MonitoringPlan.objects.filter(assignment=assignment, year=year).first()
    duty = next(
        iter(plan_duties(year, today=today(), assignments=MonitoringAssignment.objects.filter(pk=pk))), None
    )
    if plan is None:
        allow(is_monitoring_cadre(request.user, assignment))
    form = forms.PlanForm(request.POST or None) if plan is None else None
    status = 200
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.monitoring_plan_submit(
                actor=request.user, assignment=assignment, year=year, content=form.cleaned_data["content"]
            )
        except ApplicationError as exc:
            status = refused(request, form, exc)
        else:
            messages.success(request, f"Đã gửi kế hoạch theo dõi {assignment.commune} năm {year.year}.")
            return redirect("monitoring:assignment_detail", assignment.pk)
    context = {"assignment": assignment, "year": year, "plan": plan, "duty": duty, "form": form}
    return render(request, "monitoring/plan_form.html", context, status=status)


def _wants_json(request: AuthedHttpRequest) -> bool:
    """The phone's queue (static/js/visit_queue.js) sends a visit saved offline and asks for JSON."""
    return "application/json" in request.headers.get("Accept", "")


@login_required
def visit_log(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The form also answers the phone's queue in JSON: 200 with the visit's page when recorded (or
    already recorded under the same key), 400 or 403 with the messages when refused."""
    assignment = visible_assignment(request, pk)
    allow(is_monitoring_cadre(request.user, assignment))
    form = forms.VisitForm(request.POST or None, request.FILES or None, initial={"visit_date": today()})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            data = dict(form.cleaned_data)
            files = data.pop("attachments")
            services.visit_log(actor=request.user, assignment=assignment, files=files, **data)
        except ApplicationError as exc:
            status = refused(request, form, exc)
        else:
            messages.success(
                request, _("Đã ghi lượt đi cơ sở tại %(commune)s.") % {"commune": assignment.commune}
            )
            if _wants_json(request):
                url = reverse("monitoring:assignment_detail", args=[assignment.pk])
                return JsonResponse({"url": url})
            return redirect("monitoring:assignment_detail", assignment.pk)
    if request.method == "POST" and _wants_json(request):
        errors = [str(e) for e in form.non_field_errors()]
        errors += [
            f"{form.fields[name].label}: {e}"
            for name, field_errors in form.errors.items()
            if name != "__all__"
            for e in field_errors
        ]
        return JsonResponse({"errors": errors}, status=status if status == 403 else 400)
    return render(
        request, "monitoring/visit_form.html", {"form": form, "assignment": assignment}, status=status
    )


@login_required
@require_POST
def visit_files_add(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(visits_visible_to(request.user).select_related("assignment"), pk=pk)
    allow(is_monitoring_cadre(request.user, visit.assignment))
    form = forms.VisitFilesForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        try:
            added = services.visit_files_add(
                actor=request.user, visit=visit, files=form.cleaned_data["attachments"]
            )
        except ApplicationError as exc:
            refused(request, None, exc)
        else:
            messages.success(
                request,
                _("Đã thêm %(n)s ảnh, tệp cho lượt đi cơ sở ngày %(day)s.")
                % {"n": len(added), "day": f"{visit.visit_date:%d/%m/%Y}"},
            )
    return redirect(f"{reverse('monitoring:assignment_detail', args=[visit.assignment_id])}#visit-{visit.pk}")


@login_required
@require_GET
def visit_file(request: AuthedHttpRequest, pk: int) -> FileResponse:
    """A visit's photo or file, to those who may see the visit (others: not found)."""
    item = get_object_or_404(VisitFile.objects.select_related("visit"), pk=pk)
    if not visits_visible_to(request.user).filter(pk=item.visit_id).exists():
        raise Http404
    return _phone_file(request, item)


@login_required
@require_GET
def report_file(request: AuthedHttpRequest, pk: int) -> FileResponse:
    """A periodic report's photo or file, to those who may see its assignment (others: not found)."""
    item = get_object_or_404(ReportFile.objects.select_related("report"), pk=pk)
    if not assignments_visible_to(request.user).filter(pk=item.report.assignment_id).exists():
        raise Http404
    return _phone_file(request, item)


def _phone_file(request: AuthedHttpRequest, item: PhoneFile) -> FileResponse:
    """Photos open in the page (they are re-encoded JPEGs), ?thumb=1 the small one; other files download
    under their original name."""
    stored = item.thumbnail if item.is_photo and request.GET.get("thumb") else item.file
    try:
        handle = stored.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    content_type = "image/jpeg" if item.is_photo else mimetypes.guess_type(item.original_name)[0]
    response = FileResponse(
        handle,
        as_attachment=not item.is_photo,
        filename=item.original_name,
        content_type=content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def visit_confirm(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(visits_visible_to(request.user).select_related("assignment__commune"), pk=pk)
    allow(speaks_for_commune(request.user, visit.assignment.commune))
    try:
        services.visit_confirm(actor=request.user, visit=visit)
    except ApplicationError as exc:
        refused(request, None, exc)
    else:
        messages.success(request, f"Đã xác nhận lượt đi cơ sở ngày {visit.visit_date:%d/%m/%Y}.")
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("monitoring:commune_detail", visit.assignment.commune_id)


@login_required
def visit_list(request: AuthedHttpRequest) -> HttpResponse:
    """?year (pk), ?agency, ?commune, ?assignment, ?confirmed=0|1."""
    year = chosen_year(request) if request.GET.get("year") else None
    qs = visits_visible_to(request.user).select_related(
        "assignment__cadre", "assignment__commune", "assignment__appointment__unit"
    )
    if year is not None:
        qs = qs.filter(assignment__programme_id=year.programme_id, visit_date__year=year.year)
    for name, field in (
        ("agency", "assignment__appointment__unit_id"),
        ("commune", "assignment__commune_id"),
        ("assignment", "assignment_id"),
    ):
        value = int_param(request, name)
        if value is not None:
            qs = qs.filter(**{field: value})
    confirmed = request.GET.get("confirmed", "")
    if confirmed in ("0", "1"):
        qs = qs.filter(confirmed_at__isnull=confirmed == "0")
    page = Paginator(qs.order_by("-visit_date", "-pk"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/visit_list.html",
        {"page": page, "year": year, "years": years(), "confirmed": confirmed},
    )


@login_required
def report_submit(request: AuthedHttpRequest, pk: int, period_pk: int) -> HttpResponse:
    assignment = visible_assignment(request, pk)
    period = get_object_or_404(ReportPeriod.objects.select_related("year"), pk=period_pk)
    report = assignment.reports.filter(report_period=period).first()
    if report is None:
        allow(is_monitoring_cadre(request.user, assignment))
    form = forms.ReportForm(request.POST or None, request.FILES or None) if report is None else None
    status = 200
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            data = dict(form.cleaned_data)
            files = data.pop("attachments")
            services.monitoring_report_submit(
                actor=request.user, assignment=assignment, report_period=period, files=files, **data
            )
        except ApplicationError as exc:
            status = refused(request, form, exc)
        else:
            messages.success(request, f"Đã gửi “{period.name}”.")
            return redirect("monitoring:assignment_detail", assignment.pk)
    context = {"assignment": assignment, "period": period, "report": report, "form": form, "today": today()}
    return render(request, "monitoring/report_form.html", context, status=status)


def _duty_filters(request: AuthedHttpRequest):
    qs = assignments_visible_to(request.user)
    agency = int_param(request, "agency")
    if agency is not None:
        qs = qs.filter(appointment__unit_id=agency)
    state = request.GET.get("status", "")
    return qs, agency, state if state in DueState.values else ""


@login_required
def plan_list(request: AuthedHttpRequest) -> HttpResponse:
    """The plans owed in a year with their state; ?status=on_time|late|missing|pending, ?agency."""
    year = chosen_year(request)
    qs, agency, state = _duty_filters(request)
    duties = plan_duties(year, today=today(), assignments=qs) if year else []
    if state:
        duties = [d for d in duties if d.state == state]
    page = Paginator(duties, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "year": year,
        "years": years(),
        "state": state,
        "states": DueState,
        "agency": agency,
    }
    return render(request, "monitoring/plan_list.html", context)


@login_required
def report_list(request: AuthedHttpRequest) -> HttpResponse:
    """The reports owed in a year with their state; ?status, ?agency, ?period."""
    year = chosen_year(request)
    qs, agency, state = _duty_filters(request)
    duties = report_duties(year, today=today(), assignments=qs) if year else []
    period = int_param(request, "period")
    if period is not None:
        duties = [d for d in duties if d.period.pk == period]
    if state:
        duties = [d for d in duties if d.state == state]
    page = Paginator(duties, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "year": year,
        "years": years(),
        "state": state,
        "states": DueState,
        "agency": agency,
        "periods": ReportPeriod.objects.filter(year=year) if year else [],
        "period": period,
    }
    return render(request, "monitoring/report_list.html", context)
