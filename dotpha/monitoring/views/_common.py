"""What the monitoring views share: the year being looked at, finding rows the user may see (404 otherwise:
their existence is not disclosed), refusing with 403, turning a service's refusal into a message."""

import datetime
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone

from dotpha.accounts.access import has_role
from dotpha.accounts.http import AuthedHttpRequest
from dotpha.accounts.models import Role
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.monitoring.models import MonitoringAssignment, MonitoringProgramme, MonitoringYear
from dotpha.monitoring.permissions import oversees
from dotpha.monitoring.selectors import assignments_visible_to, this_or_latest_year

ASSIGNMENT_RELATED = (
    "programme",
    "programme__scope_unit",
    "programme__issuing_unit",
    "cadre",
    "commune",
    "commune__kind",
    "appointment",
    "appointment__unit",
    "appointment__position",
)


def today() -> datetime.date:
    return timezone.localdate()


def years() -> list[MonitoringYear]:
    return list(
        MonitoringYear.objects.select_related("programme", "programme__scope_unit").order_by("-year", "pk")
    )


def chosen_year(request: AuthedHttpRequest) -> MonitoringYear | None:
    """?year=<pk>, else this year's, else the latest."""
    available = years()
    wanted = request.GET.get("year", "")
    for year in available:
        if str(year.pk) == wanted:
            return year
    return this_or_latest_year(available, today())


def chosen_programme(request: AuthedHttpRequest) -> MonitoringProgramme | None:
    year = chosen_year(request)
    if year is not None:
        return year.programme
    return MonitoringProgramme.objects.select_related("scope_unit", "issuing_unit").first()


def require_overseer(request: AuthedHttpRequest, programme: MonitoringProgramme | None) -> None:
    if programme is None:
        if not request.user.is_superuser and not _any_overseer_role(request):
            raise PermissionDenied
        return
    if not oversees(request.user, programme):
        raise PermissionDenied


def _any_overseer_role(request: AuthedHttpRequest) -> bool:
    return any(has_role(request.user, role) for role in (Role.ORGANIZER, Role.INSPECTOR, Role.APPROVER))


def visible_assignment(request: AuthedHttpRequest, pk: int) -> MonitoringAssignment:
    return get_object_or_404(assignments_visible_to(request.user).select_related(*ASSIGNMENT_RELATED), pk=pk)


def allow(condition: bool) -> None:
    if not condition:
        raise PermissionDenied


def refused(request: AuthedHttpRequest, form: forms.Form | None, exc: ApplicationError) -> int:
    """Shows the service's message on the form, which keeps what was typed. Returns the status to answer
    with: 403 when the user may not do it, else 200."""
    if form is not None:
        form.add_error(None, exc.message)
    else:
        messages.error(request, exc.message)
    return 403 if isinstance(exc, PermissionDeniedError) else 200


def query(**params) -> str:
    """?a=1&b=2 of the non-empty parameters, for the links behind a figure."""
    kept = {k: v for k, v in params.items() if v not in (None, "", False)}
    return f"?{urlencode(kept)}" if kept else ""


def parse_day(text: str, default: datetime.date) -> datetime.date:
    try:
        return datetime.datetime.strptime(text.strip(), "%d/%m/%Y").date()  # noqa: DTZ007 (a date, no time)
    except ValueError:
        return default


def int_param(request: AuthedHttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None
