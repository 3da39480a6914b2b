"""The landing page (what each role has to do), the organizers' coverage board, a commune's page and the
year's summary."""

from collections import Counter

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from dotpha.accounts.access import has_role
from dotpha.accounts.http import AuthedHttpRequest
from dotpha.accounts.models import Role
from dotpha.core.search import normalize_search
from dotpha.monitoring.models import MonitoringAssignment, Visit
from dotpha.monitoring.permissions import can_assign, oversees, speaks_for_commune
from dotpha.monitoring.selectors import (
    CoverageStatus,
    DueState,
    MonitoringSummary,
    assignments_for_committee,
    assignments_for_feedback,
    assignments_in_year,
    communes_visible_to,
    coverage_on,
    feedback_duties,
    feedback_tally,
    feedback_visible_to,
    monitoring_summary,
    plan_duties,
    report_duties,
    visits_to_confirm,
    visits_visible_to,
)
from dotpha.monitoring.views._common import (
    chosen_programme,
    chosen_year,
    int_param,
    parse_day,
    query,
    require_overseer,
    today,
    years,
)
from dotpha.monitoring.views.setup import runnable_programmes
from dotpha.org.models import Unit


@login_required
def home(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    year = chosen_year(request)
    day = today()
    context: dict = {
        "year": year,
        "years": years(),
        "today": day,
        "can_open_year": bool(runnable_programmes(user)),
        "can_record_programme": has_role(user, Role.ORGANIZER),
    }
    if year is None:
        return render(request, "monitoring/home.html", context)
    if user.cadre_id:
        own = MonitoringAssignment.objects.filter(cadre_id=user.cadre_id)
        plans = {d.assignment.pk: d for d in plan_duties(year, today=day, assignments=own)}
        reports: dict[int, list] = {}
        for duty in report_duties(year, today=day, assignments=own):
            reports.setdefault(duty.assignment.pk, []).append(duty)
        visits = Counter(
            Visit.objects.filter(assignment__in=own, visit_date__year=year.year).values_list(
                "assignment_id", flat=True
            )
        )
        context["mine"] = [
            {
                "assignment": duty_assignment,
                "plan": plans.get(duty_assignment.pk),
                "reports": reports.get(duty_assignment.pk, []),
                "visits": visits[duty_assignment.pk],
                "present": duty_assignment.cadre_present_on(day),
            }
            for duty_assignment in assignments_in_year(year, own)
        ]
        context["show_mine"] = bool(context["mine"]) or has_role(user, Role.CADRE)
    if has_role(user, Role.COMMUNE_COMMITTEE) and not user.is_superuser:
        theirs = assignments_for_committee(user)
        forms = feedback_duties(year, assignments=theirs)
        context["is_committee"] = True
        context["committee_forms"] = forms
        context["forms_missing"] = sum(1 for f in forms if not f.is_received)
        context["visits_to_confirm"] = visits_to_confirm(user)[:50]
    if oversees(user, year.programme):
        coverage = coverage_on(year.programme, day, communes=communes_visible_to(user, year.programme))
        context["coverage"] = coverage
        context["gaps"] = coverage.gaps[:10]
        # the same duties as the list the figure opens (feedback_list, for the same user)
        context["forms_tally"] = feedback_tally(
            feedback_duties(year, assignments=assignments_for_feedback(user))
        )
    return render(request, "monitoring/home.html", context)


@login_required
def board(request: AuthedHttpRequest) -> HttpResponse:
    """The coverage board: every commune with its status on a day, gaps first."""
    programme = chosen_programme(request)
    require_overseer(request, programme)
    day = parse_day(request.GET.get("on", ""), today())
    context: dict = {"programme": programme, "day": day, "today": today(), "years": years()}
    if programme is None:
        return render(request, "monitoring/board.html", context)
    coverage = coverage_on(programme, day, communes=communes_visible_to(request.user, programme))
    rows = coverage.rows
    status = request.GET.get("status", "")
    if status == "gap":
        rows = coverage.gaps
    elif status == "covered_any":
        rows = [r for r in rows if not r.is_gap]
    elif status in CoverageStatus.values:
        rows = [r for r in rows if r.status == status]
    agency = int_param(request, "agency")
    if agency is not None:
        rows = [r for r in rows if r.assignment is not None and r.assignment.appointment.unit_id == agency]
    search = request.GET.get("q", "").strip()
    if search:
        needle = normalize_search(search)
        rows = [
            r
            for r in rows
            if needle in r.commune.search_text or (r.assignment and needle in r.assignment.cadre.search_text)
        ]
    context.update(
        {
            "coverage": coverage,
            "rows": rows,
            "status": status,
            "statuses": CoverageStatus,
            "agency": agency,
            "on": f"{day:%d/%m/%Y}",
            "search": search,
            "can_assign": can_assign(request.user, programme.scope_unit),
            "shared": coverage.shared_cadres,
        }
    )
    return render(request, "monitoring/board.html", context)


@login_required
def commune_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    commune = get_object_or_404(communes_visible_to(request.user).select_related("kind", "level"), pk=pk)
    day = today()
    history = list(
        MonitoringAssignment.objects.filter(commune=commune)
        .select_related("programme", "cadre", "appointment__unit", "appointment__position", "replaces")
        .order_by("-start_date")
    )
    current = next((a for a in history if a.is_active_on(day)), None)
    line = None
    if current is not None:
        coverage = coverage_on(current.programme, day, communes=Unit.objects.filter(pk=commune.pk))
        line = coverage.rows[0] if coverage.rows else None
    visits = (
        visits_visible_to(request.user)
        .filter(assignment__commune=commune)
        .select_related("assignment__cadre", "assignment__commune", "confirmed_by")
        .prefetch_related("files")
        .order_by("-visit_date", "-pk")[:100]
    )
    forms = (
        feedback_visible_to(request.user)
        .filter(commune=commune)
        .select_related("year", "cadre")
        .order_by("-year__year", "cadre__full_name")
    )
    context = {
        "commune": commune,
        "today": day,
        "history": history,
        "current": current,
        "line": line,
        "status": line.status if line else CoverageStatus.UNCOVERED,
        "statuses": CoverageStatus,
        "visits": visits,
        "forms": forms,
        "can_assign": can_assign(request.user, commune),
        "can_confirm": speaks_for_commune(request.user, commune),
    }
    return render(request, "monitoring/commune_detail.html", context)


@login_required
def summary(request: AuthedHttpRequest) -> HttpResponse:
    year = chosen_year(request)
    require_overseer(request, year.programme if year else None)
    context: dict = {"year": year, "years": years(), "today": today()}
    if year is not None:
        result = monitoring_summary(year, today=today())
        context["summary"] = result
        context["total_links"] = _figure_links(year.pk, result, None)
        context["lines"] = [
            (row, _figure_links(year.pk, result, row.agency.pk if row.agency else None))
            for row in result.rows
        ]
    return render(request, "monitoring/summary.html", context)


def _figure_links(year_pk: int, result: MonitoringSummary, agency: int | None) -> dict[str, str]:
    """The filtered list behind each figure of a row (agency None: the whole province)."""
    base = {"year": year_pk, "agency": agency}
    feedback = reverse("monitoring:feedback_list")
    on = f"{result.reference_day:%d/%m/%Y}"
    return {
        "communes": reverse("monitoring:board") + query(year=year_pk, on=on),
        "covered": reverse("monitoring:board")
        + query(year=year_pk, agency=agency, on=on, status="covered_any"),
        "gaps": reverse("monitoring:board") + query(year=year_pk, on=on, status="gap"),
        "assigned": reverse("monitoring:assignment_list") + query(**base),
        "forms_expected": feedback + query(**base),
        "forms_received": feedback + query(**base, status="received"),
        "evaluated": feedback + query(**base, status="received"),
        "commended": feedback + query(**base, commendation=1),
        "replacements": feedback + query(**base, replacement=1),
        "visits": reverse("monitoring:visit_list") + query(**base),
        "plans_late": reverse("monitoring:plan_list") + query(**base, status=DueState.LATE),
        "plans_missing": reverse("monitoring:plan_list") + query(**base, status=DueState.MISSING),
        "reports_late": reverse("monitoring:report_list") + query(**base, status=DueState.LATE),
        "reports_missing": reverse("monitoring:report_list") + query(**base, status=DueState.MISSING),
    }
