"""The year-end evaluation forms: the list with collection progress (received / expected), sending a form
(the commune committee), reading it, and Ban Tổ chức's audited correction."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from dotpha.accounts.access import is_organizer_over
from dotpha.accounts.http import AuthedHttpRequest
from dotpha.core.errors import ApplicationError
from dotpha.monitoring import forms, services
from dotpha.monitoring.errors import MonitoringRefusal
from dotpha.monitoring.models import CommuneFeedback, MonitoringYear
from dotpha.monitoring.permissions import speaks_for_commune
from dotpha.monitoring.selectors import (
    assignments_for_feedback,
    feedback_duties,
    feedback_tally,
    feedback_visible_to,
)
from dotpha.monitoring.selectors.corrections import CORRECTABLE, feedback_record
from dotpha.monitoring.views._common import allow, chosen_year, int_param, refused, today, years


@login_required
def feedback_list(request: AuthedHttpRequest) -> HttpResponse:
    """The forms owed in a year, sent or not. ?status=received|missing, ?agency, ?commune,
    ?commendation=1, ?replacement=1."""
    year = chosen_year(request)
    qs = assignments_for_feedback(request.user)
    for name, field in (("agency", "appointment__unit_id"), ("commune", "commune_id")):
        value = int_param(request, name)
        if value is not None:
            qs = qs.filter(**{field: value})
    duties = feedback_duties(year, assignments=qs) if year else []
    tally = feedback_tally(duties)
    status = request.GET.get("status", "")
    if status == "received":
        duties = [d for d in duties if d.is_received]
    elif status == "missing":
        duties = [d for d in duties if not d.is_received]
    commendation = request.GET.get("commendation") == "1"
    if commendation:
        duties = [d for d in duties if d.feedback and d.feedback.proposes_commendation]
    replacement = request.GET.get("replacement") == "1"
    if replacement:
        duties = [d for d in duties if d.feedback and d.feedback.requests_replacement]
    context = {
        "year": year,
        "years": years(),
        "tally": tally,
        "expected": tally.expected,
        "received": tally.received,
        "shown_cadres": len({d.cadre.pk for d in duties}),
        "shown": len(duties),
        "page": Paginator(duties, 50).get_page(request.GET.get("page")),
        "status": status,
        "commendation": commendation,
        "replacement": replacement,
        "committee_communes": {d.commune.pk for d in duties if speaks_for_commune(request.user, d.commune)},
        "today": today(),
    }
    return render(request, "monitoring/feedback_list.html", context)


@login_required
def feedback_submit(request: AuthedHttpRequest, pk: int, year_pk: int) -> HttpResponse:
    assignment = get_object_or_404(
        assignments_for_feedback(request.user).select_related("commune", "cadre", "appointment__unit"), pk=pk
    )
    year = get_object_or_404(MonitoringYear.objects.select_related("programme"), pk=year_pk)
    allow(speaks_for_commune(request.user, assignment.commune))
    sent = CommuneFeedback.objects.filter(
        year=year, commune=assignment.commune, cadre=assignment.cadre
    ).first()
    if sent is not None:
        messages.info(request, "Phiếu nhận xét này đã gửi; phiếu đã gửi chỉ xem, không sửa được.")
        return redirect("monitoring:feedback_detail", sent.pk)
    form = forms.FeedbackForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            feedback = services.commune_feedback_submit(
                actor=request.user,
                year=year,
                commune=assignment.commune,
                cadre=assignment.cadre,
                **form.cleaned_data,
            )
        except ApplicationError as exc:
            # sent meanwhile from another tab or by the API
            if exc.code == MonitoringRefusal.ALREADY_SUBMITTED:
                messages.error(request, exc.message)
                sent = CommuneFeedback.objects.get(
                    year=year, commune=assignment.commune, cadre=assignment.cadre
                )
                return redirect("monitoring:feedback_detail", sent.pk)
            status = refused(request, form, exc)
        else:
            messages.success(request, f"Đã gửi phiếu nhận xét đồng chí {feedback.cadre} năm {year.year}.")
            return redirect("monitoring:feedback_detail", feedback.pk)
    context = {"form": form, "assignment": assignment, "year": year}
    return render(request, "monitoring/feedback_form.html", context, status=status)


@login_required
def feedback_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    feedback = get_object_or_404(
        feedback_visible_to(request.user).select_related(
            "year",
            "commune",
            "cadre",
            "assignment__appointment__unit",
            "assignment__appointment__position",
            "submitted_by",
            "corrected_by",
        ),
        pk=pk,
    )
    context = {
        "feedback": feedback,
        "record": feedback_record(feedback),
        "can_correct": is_organizer_over(request.user, feedback.commune),
    }
    return render(request, "monitoring/feedback_detail.html", context)


@login_required
def feedback_correct(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    feedback = get_object_or_404(
        feedback_visible_to(request.user).select_related("year", "commune", "cadre"), pk=pk
    )
    allow(is_organizer_over(request.user, feedback.commune))
    initial = {name: getattr(feedback, name) for name in CORRECTABLE}
    form = forms.FeedbackCorrectForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.commune_feedback_correct(actor=request.user, feedback=feedback, **data)
        except ApplicationError as exc:
            status = refused(request, form, exc)
        else:
            messages.success(
                request, "Đã đính chính phiếu nhận xét; nhật ký thay đổi ghi rõ người sửa và lý do."
            )
            return redirect("monitoring:feedback_detail", feedback.pk)
    return render(
        request, "monitoring/feedback_correct.html", {"form": form, "feedback": feedback}, status=status
    )
