"""Assignments: the filtered list, one assignment's page, and Ban Tổ chức's actions on it (assign,
reassign, end, record that the cadre left their post)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from dotpha.accounts.access import can_manage_org, is_organizer
from dotpha.accounts.http import AuthedHttpRequest
from dotpha.core.collation import collated
from dotpha.core.errors import ApplicationError
from dotpha.core.search import normalize_search
from dotpha.monitoring import forms, services
from dotpha.monitoring.models import MonitoringAssignment, ReportPeriod
from dotpha.monitoring.permissions import can_assign, is_monitoring_cadre
from dotpha.monitoring.selectors import (
    assignments_in_year,
    assignments_visible_to,
    communes_in_force,
    coverage_on,
    feedback_visible_to,
    leader_posts,
    plan_duties,
    report_duties,
    successor_candidates,
    visits_visible_to,
)
from dotpha.monitoring.views._common import (
    ASSIGNMENT_RELATED,
    allow,
    chosen_programme,
    chosen_year,
    int_param,
    parse_day,
    refused,
    today,
    visible_assignment,
    years,
)
from dotpha.structure import services as org_services


@login_required
def assignment_list(request: AuthedHttpRequest) -> HttpResponse:
    """Every assignment the user may see; ?year, ?agency, ?commune, ?cadre, ?state=current|ended|second,
    ?q (name of the cadre or the commune, diacritics optional)."""
    year = chosen_year(request) if request.GET.get("year") else None
    qs = assignments_visible_to(request.user)
    if year is not None:
        qs = assignments_in_year(year, qs)
    qs = qs.select_related(*ASSIGNMENT_RELATED)
    for name, field in (("agency", "appointment__unit_id"), ("commune", "commune_id"), ("cadre", "cadre_id")):
        value = int_param(request, name)
        if value is not None:
            qs = qs.filter(**{field: value})
    state = request.GET.get("state", "")
    if state == "current":
        qs = qs.filter(Q(end_date__isnull=True) | Q(end_date__gte=today()))
    elif state == "ended":
        qs = qs.filter(end_date__lt=today())
    elif state == "second":
        qs = qs.exclude(second_commune_reason="")
    search = request.GET.get("q", "").strip()
    if search:
        needle = normalize_search(search)
        qs = qs.filter(Q(cadre__search_text__contains=needle) | Q(commune__search_text__contains=needle))
    page = Paginator(qs.order_by(collated("commune__name"), "-start_date"), 50).get_page(
        request.GET.get("page")
    )
    # the summary's "N cán bộ" opens this list: it says both counts, of the same assignments
    cadres = qs.order_by().values("cadre_id").distinct().count()
    context = {
        "page": page,
        "cadres": cadres,
        "year": year,
        "years": years(),
        "state": state,
        "search": search,
        "today": today(),
    }
    return render(request, "monitoring/assignment_list.html", context)


@login_required
def assignment_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    assignment = visible_assignment(request, pk)
    user = request.user
    day = today()
    year = chosen_year(request)
    one = MonitoringAssignment.objects.filter(pk=assignment.pk)
    context = {
        "assignment": assignment,
        "today": day,
        "year": year,
        "years": years(),
        "present": assignment.cadre_present_on(day),
        "visits": visits_visible_to(user)
        .filter(assignment=assignment)
        .select_related("confirmed_by", "assignment__commune")
        .prefetch_related("files")[:100],
        "forms": feedback_visible_to(user).filter(assignment=assignment).select_related("year"),
        "history": MonitoringAssignment.objects.filter(commune=assignment.commune_id)
        .select_related("cadre", "appointment__unit")
        .order_by("-start_date"),
        "is_own": is_monitoring_cadre(user, assignment),
        "can_assign": can_assign(user, assignment.commune),
        "can_end_post": can_manage_org(user, assignment.appointment.unit)
        and assignment.appointment.end_date is None,
    }
    if year is not None and year.programme_id == assignment.programme_id:
        context["show_duties"] = True
        context["plan"] = next(iter(plan_duties(year, today=day, assignments=one)), None)
        context["reports"] = report_duties(year, today=day, assignments=one)
        context["periods"] = ReportPeriod.objects.filter(year=year)
    return render(request, "monitoring/assignment_detail.html", context)


@login_required
def assignment_create(request: AuthedHttpRequest) -> HttpResponse:
    programme = chosen_programme(request)
    allow(
        programme is not None
        and is_organizer(request.user)
        and can_assign(request.user, programme.scope_unit)
    )
    assert programme is not None
    day = today()
    coverage = coverage_on(programme, day, communes=communes_in_force(programme, day))
    # Communes without a monitor first: those are the ones to assign.
    communes = [row.commune for row in coverage.rows if row.assignment is None] + [
        row.commune for row in coverage.rows if row.assignment is not None
    ]
    form = forms.AssignmentForm(
        request.POST or None,
        communes=communes,
        candidates=sorted(leader_posts(on=day), key=lambda c: (c.load, c.appointment.unit.name)),
        initial={"commune": int_param(request, "commune"), "start_date": day, "decision_date": day},
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        post = form.chosen_post()
        try:
            assignment = services.assignment_create(
                actor=request.user,
                programme=programme,
                commune=form.chosen_commune(),
                cadre=post.cadre,
                appointment=post,
                decision_number=form.cleaned_data["decision_number"],
                decision_date=form.cleaned_data["decision_date"],
                start_date=form.cleaned_data["start_date"],
                second_commune_reason=form.cleaned_data["second_commune_reason"],
            )
        except ApplicationError as exc:
            status = refused(request, form, exc)
        else:
            messages.success(
                request, f"Đã phân công đồng chí {assignment.cadre} theo dõi {assignment.commune}."
            )
            return redirect("monitoring:assignment_detail", assignment.pk)
    return render(
        request, "monitoring/assignment_form.html", {"form": form, "programme": programme}, status=status
    )


@login_required
def assignment_reassign(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    old = visible_assignment(request, pk)
    allow(can_assign(request.user, old.commune))
    day = today()
    first = max(day, old.start_date + datetime.timedelta(days=1))
    # The list is the one the service accepts, on the start date the organizer typed (when it reads).
    start = parse_day(request.POST.get("start_date", ""), first) if request.method == "POST" else first
    candidates = successor_candidates(old, on=start)
    form = forms.ReassignForm(
        request.POST or None,
        candidates=candidates,
        agency=old.appointment.unit,
        initial={"start_date": first, "decision_date": day},
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        post = form.chosen_post()
        try:
            new = services.assignment_reassign(
                actor=request.user,
                assignment=old,
                cadre=post.cadre,
                appointment=post,
                decision_number=form.cleaned_data["decision_number"],
                decision_date=form.cleaned_data["decision_date"],
                start_date=form.cleaned_data["start_date"],
                end_reason=form.cleaned_data["end_reason"],
                note=form.cleaned_data["note"],
            )
        except ApplicationError as exc:
            status = refused(request, form, exc)
        else:
            messages.success(
                request,
                f"Đã phân công đồng chí {new.cadre} theo dõi {new.commune} thay đồng chí {old.cadre}.",
            )
            return redirect("monitoring:assignment_detail", new.pk)
    same_agency = [c for c in candidates if c.appointment.unit_id == old.appointment.unit_id]
    context = {
        "form": form,
        "old": old,
        "start": start,
        "proposal": same_agency[0] if same_agency else None,
    }
    return render(request, "monitoring/reassign_form.html", context, status=status)


@login_required
def assignment_end(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    assignment = visible_assignment(request, pk)
    allow(can_assign(request.user, assignment.commune))
    form = forms.AssignmentEndForm(request.POST or None, initial={"end_date": today()})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_end(actor=request.user, assignment=assignment, **form.cleaned_data)
        except ApplicationError as exc:
            status = refused(request, form, exc)
        else:
            messages.warning(request, f"Đã kết thúc phân công. {assignment.commune} chưa có cán bộ theo dõi.")
            return redirect("monitoring:board")
    return render(
        request,
        "monitoring/assignment_end_form.html",
        {"form": form, "assignment": assignment},
        status=status,
    )


@login_required
def cadre_left(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The cadre retires or moves: their post ends through the organisation's service, which raises the
    coverage alert; the board then shows the gap with a proposed colleague."""
    assignment = visible_assignment(request, pk)
    allow(can_manage_org(request.user, assignment.appointment.unit))
    form = forms.CadreLeftForm(request.POST or None, initial={"end_date": today()})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            org_services.appointment_end(
                actor=request.user,
                appointment=assignment.appointment,
                end_date=form.cleaned_data["end_date"],
                end_reason=form.cleaned_data["end_reason"],
            )
        except ApplicationError as exc:
            status = refused(request, form, exc)
        else:
            messages.warning(
                request,
                f"Đã ghi nhận đồng chí {assignment.cadre} thôi giữ chức vụ. "
                f"{assignment.commune} cần phân công cán bộ theo dõi khác.",
            )
            return redirect(reverse("monitoring:board") + "?status=gap")
    return render(
        request, "monitoring/cadre_left_form.html", {"form": form, "assignment": assignment}, status=status
    )
