"""Lịch ngày làm việc: a year's holidays and days off, the weekend days worked, and the organizers' edits."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dotpha.accounts.http import AuthedHttpRequest
from dotpha.core.errors import ApplicationError
from dotpha.core.forms import DATE_FORMAT, date_field
from dotpha.workdays import selectors, services
from dotpha.workdays.forms import DayOffForm, WeekendWorkForm
from dotpha.workdays.permissions import may_edit_calendar


def _year(request: AuthedHttpRequest) -> int:
    raw = request.GET.get("year") or request.POST.get("year") or ""
    return int(raw) if raw.isdigit() and 1900 < int(raw) < 2200 else timezone.localdate().year


def _back(year: int) -> HttpResponse:
    return redirect(f"{reverse('workdays:calendar')}?year={year}")


@login_required
def calendar(request: AuthedHttpRequest) -> HttpResponse:
    if not may_edit_calendar(request.user):
        raise PermissionDenied
    year = _year(request)
    return render(
        request,
        "workdays/calendar.html",
        {
            "year": year,
            "years": selectors.built_years(),
            "days_off": selectors.named_days_off(year),
            "worked": selectors.worked_weekends(year),
            "changes": selectors.organizer_changes(year),
            "day_off_form": DayOffForm(),
            "weekend_form": WeekendWorkForm(),
        },
    )


def _run(request: AuthedHttpRequest, action, success: str, **kwargs) -> None:
    try:
        action(actor=request.user, **kwargs)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)


def _dated_change(
    request: AuthedHttpRequest, form_class, action, *, invalid: str, success: str
) -> HttpResponse:
    """A day and its name sent by one of the page's two forms, written by its service."""
    if not may_edit_calendar(request.user):
        raise PermissionDenied
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, invalid)
        return _back(_year(request))
    day = form.cleaned_data["day"]
    _run(
        request, action, success % {"day": day.strftime(DATE_FORMAT)}, day=day, name=form.cleaned_data["name"]
    )
    return _back(day.year)


@login_required
@require_POST
def day_off_add(request: AuthedHttpRequest) -> HttpResponse:
    return _dated_change(
        request,
        DayOffForm,
        services.day_off_add,
        invalid=_("Nhập ngày (dd/mm/yyyy) và tên của ngày nghỉ."),
        success=_("Đã thêm ngày nghỉ %(day)s."),
    )


@login_required
@require_POST
def weekend_work(request: AuthedHttpRequest) -> HttpResponse:
    return _dated_change(
        request,
        WeekendWorkForm,
        services.weekend_work,
        invalid=_("Nhập ngày (dd/mm/yyyy) và lý do làm việc ngày cuối tuần."),
        success=_("Đã đánh dấu ngày %(day)s là ngày làm việc."),
    )


def _posted_day(request: AuthedHttpRequest) -> datetime.date | None:
    try:
        return date_field(_("Ngày")).clean(request.POST.get("day", ""))
    except ValidationError:
        return None


def _undo(request: AuthedHttpRequest, action, *, success: str, **kwargs) -> HttpResponse:
    """Takes back a change to one day (the day posted by the row's button)."""
    if not may_edit_calendar(request.user):
        raise PermissionDenied
    day = _posted_day(request)
    if day is None:
        messages.error(request, _("Ngày không hợp lệ."))
        return _back(_year(request))
    _run(request, action, success % {"day": day.strftime(DATE_FORMAT)}, day=day, **kwargs)
    return _back(day.year)


@login_required
@require_POST
def day_off_remove(request: AuthedHttpRequest) -> HttpResponse:
    return _undo(
        request,
        services.day_off_remove,
        success=_("Ngày %(day)s là ngày làm việc."),
        reason=request.POST.get("reason", ""),
    )


@login_required
@require_POST
def weekend_work_undo(request: AuthedHttpRequest) -> HttpResponse:
    return _undo(request, services.weekend_work_undo, success=_("Ngày %(day)s lại là ngày nghỉ cuối tuần."))
