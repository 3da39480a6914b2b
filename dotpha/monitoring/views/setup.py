"""Ban Tổ chức records the monitoring regulation, then opens each of its years: the plan and form deadlines,
and the half-year and year-end reports (`services.default_report_periods`)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from dotpha.accounts.access import has_role, is_organizer_over, units_visible_to
from dotpha.accounts.http import AuthedHttpRequest
from dotpha.accounts.models import Role, User
from dotpha.core.errors import ApplicationError
from dotpha.monitoring import forms, services
from dotpha.monitoring.models import MonitoringProgramme, MonitoringYear
from dotpha.monitoring.views._common import refused, today


def runnable_programmes(user: User) -> list[MonitoringProgramme]:
    """The regulations whose years the user may open: organizers over their province."""
    programmes = MonitoringProgramme.objects.select_related("scope_unit").order_by("-issued_on", "pk")
    return [p for p in programmes if is_organizer_over(user, p.scope_unit)]


def _next_year_initial(programmes: list[MonitoringProgramme]) -> dict:
    """The year after the latest one, with the same deadlines a year later; else this year, plans by 31/03
    and forms by 15/12."""
    latest = MonitoringYear.objects.filter(programme__in=programmes).order_by("-year").first()
    if latest is None:
        year = today().year
        plan, form = datetime.date(year, 3, 31), datetime.date(year, 12, 15)
        programme = programmes[0].pk if programmes else None
    else:
        year = latest.year + 1
        plan = _same_day(latest.plan_deadline, latest.plan_deadline.year + 1)
        form = _same_day(latest.form_deadline, latest.form_deadline.year + 1)
        programme = latest.programme_id
    return {"programme": programme, "year": year, "plan_deadline": plan, "form_deadline": form}


def _shown_year(form: forms.YearForm) -> int:
    """The year whose reports the page lists: as typed once the form accepted it, else the proposed one."""
    cleaned = getattr(form, "cleaned_data", {})
    return cleaned.get("year") or form.initial["year"]


def _same_day(day: datetime.date, year: int) -> datetime.date:
    return day.replace(year=year, day=28) if (day.month, day.day) == (2, 29) else day.replace(year=year)


@login_required
def year_create(request: AuthedHttpRequest) -> HttpResponse:
    programmes = runnable_programmes(request.user)
    if not programmes:
        raise PermissionDenied
    form = forms.YearForm(request.POST or None, programmes=programmes, initial=_next_year_initial(programmes))
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        programme = next(p for p in programmes if p.pk == data["programme"])
        try:
            year = services.monitoring_year_create(
                actor=request.user,
                programme=programme,
                year=data["year"],
                plan_deadline=data["plan_deadline"],
                form_deadline=data["form_deadline"],
            )
        except ApplicationError as exc:
            status = refused(request, form, exc)
        else:
            messages.success(request, _("Đã mở năm theo dõi %(y)s.") % {"y": year.year})
            return redirect(reverse("monitoring:home") + f"?year={year.pk}")
    context = {"form": form, "reports": services.default_report_periods(_shown_year(form))}
    return render(request, "monitoring/year_form.html", context, status=status)


@login_required
def programme_create(request: AuthedHttpRequest) -> HttpResponse:
    if not has_role(request.user, Role.ORGANIZER):
        raise PermissionDenied
    units = units_visible_to(request.user).filter(valid_to__isnull=True).order_by("path")
    form = forms.MonitoringProgrammeForm(request.POST or None, units=units)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.monitoring_programme_create(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            status = refused(request, form, exc)
        else:
            messages.success(request, _("Đã ghi %(p)s. Mở năm theo dõi đầu tiên.") % {"p": programme})
            return redirect("monitoring:year_create")
    return render(request, "monitoring/programme_form.html", {"form": form}, status=status)
