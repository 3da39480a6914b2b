"""Cán bộ chưa đăng ký đủ số việc: for the organisation board and the approvers of a programme."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from dotpha.accounts.http import AuthedHttpRequest
from dotpha.programmes.models import Period
from dotpha.programmes.permissions import can_follow_registration
from dotpha.programmes.selectors import programmes_visible_to
from dotpha.tasks.selectors.registration import registration_gaps
from dotpha.tasks.views._common import today


@login_required
@require_GET
def registration_gap_list(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    period = get_object_or_404(
        Period.objects.select_related("programme__issuing_unit").filter(
            programme__in=programmes_visible_to(request.user)
        ),
        pk=pk,
    )
    if not can_follow_registration(request.user, period.programme):
        raise PermissionDenied
    gaps = registration_gaps(request.user, period, on=today())
    return render(request, "tasks/registration_gaps.html", {"gaps": gaps, "today": today()})
