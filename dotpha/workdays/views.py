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


@login_required
@require_POST
def day_off_add(request: AuthedHttpRequest) -> HttpResponse:
    if not may_edit_calendar(request.user):
        raise PermissionDenied
    form = DayOffForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nhập ngày (dd/mm/yyyy) và tên của ngày nghỉ."))
        return _back(_year(request))
    day = form.cleaned_data["day"]
    _run(
        request,
        services.day_off_add,
        _("Đã thêm ngày nghỉ %(day)s.") % {"day": day.strftime(DATE_FORMAT)},
        day=day,
        name=form.cleaned_data["name"],
    )
    return _back(day.year)


@login_required
@require_POST
def weekend_work(request: AuthedHttpRequest) -> HttpResponse:
    if not may_edit_calendar(request.user):
        raise PermissionDenied
    form = WeekendWorkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nhập ngày (dd/mm/yyyy) và lý do làm việc ngày cuối tuần."))
        return _back(_year(request))
    day = form.cleaned_data["day"]
    _run(
        request,
        services.weekend_work,
        _("Đã đánh dấu ngày %(day)s là ngày làm việc.") % {"day": day.strftime(DATE_FORMAT)},
        day=day,
        name=form.cleaned_data["name"],
    )
    return _back(day.year)


def _posted_day(request: AuthedHttpRequest) -> datetime.date | None:
    try:
        return date_field(_("Ngày")).clean(request.POST.get("day", ""))
    except ValidationError:
        return None


@login_required
@require_POST
def day_off_remove(request: AuthedHttpRequest) -> HttpResponse:
    if not may_edit_calendar(request.user):
        raise PermissionDenied
    day = _posted_day(request)
    if day is None:
        messages.error(request, _("Ngày không hợp lệ."))
        return _back(_year(request))
    _run(
        request,
        services.day_off_remove,
        _("Ngày %(day)s là ngày làm việc.") % {"day": day.strftime(DATE_FORMAT)},
        day=day,
        reason=request.POST.get("reason", ""),
    )
    return _back(day.year)


@login_required
@require_POST
def weekend_work_undo(request: AuthedHttpRequest) -> HttpResponse:
    if not may_edit_calendar(request.user):
        raise PermissionDenied
    day = _posted_day(request)
    if day is None:
        messages.error(request, _("Ngày không hợp lệ."))
        return _back(_year(request))
    _run(
        request,
        services.weekend_work_undo,
        _("Ngày %(day)s lại là ngày nghỉ cuối tuần.") % {"day": day.strftime(DATE_FORMAT)},
        day=day,
    )
    return _back(day.year)
