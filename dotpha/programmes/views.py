"""Organizer pages: the programmes and their periods (create, edit, close, reopen). Everyone sees the
programmes they may register under; only organizers of the issuing unit, or the unit's own leadership,
change them (the services check it again)."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dotpha.accounts.http import AuthedHttpRequest
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.programmes import services
from dotpha.programmes.forms import (
    PeriodForm,
    PeriodReopenForm,
    ProgrammeEditForm,
    ProgrammeForm,
    RoutineDutyForm,
)
from dotpha.programmes.models import Period, Programme, RoutineDuty
from dotpha.programmes.permissions import can_follow_registration, can_run_programme, runs_programmes
from dotpha.programmes.selectors import programmes_visible_to, routine_duties_by_unit


def _refused(request: AuthedHttpRequest, form, exc: ApplicationError) -> int:
    messages.error(request, exc.message)
    form.add_error(None, exc.message)
    return 403 if isinstance(exc, PermissionDeniedError) else 200


def _visible_programme(request: AuthedHttpRequest, pk: int) -> Programme:
    return get_object_or_404(programmes_visible_to(request.user), pk=pk)


def _form_page(
    request: AuthedHttpRequest,
    form: forms.Form,
    *,
    act: Callable[[dict[str, Any]], str],
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """Every organizer form here: on a valid POST call the one service (`act` returns the success message)
    and go back to the list; otherwise show the form as typed, with the refusal on it."""
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            done = act(form.cleaned_data)
        except ApplicationError as exc:
            status = _refused(request, form, exc)
        else:
            messages.success(request, done)
            return redirect("programmes:list")
    return render(request, template, {**context, "form": form}, status=status)


@login_required
@require_GET
def programme_list(request: AuthedHttpRequest) -> HttpResponse:
    periods = Period.objects.order_by("-start_date").select_related("closed_by")
    programmes = list(
        programmes_visible_to(request.user)
        .prefetch_related(Prefetch("periods", queryset=periods))
        .order_by("-issued_on", "number")
    )
    for programme in programmes:
        programme.can_run = can_run_programme(request.user, programme.issuing_unit)  # type: ignore[attr-defined]
        programme.can_follow = can_follow_registration(request.user, programme)  # type: ignore[attr-defined]
    context = {"programmes": programmes, "runs_programmes": runs_programmes(request.user)}
    return render(request, "programmes/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request: AuthedHttpRequest) -> HttpResponse:
    if not runs_programmes(request.user):
        raise PermissionDenied

    def act(data: dict[str, Any]) -> str:
        programme = services.programme_create(actor=request.user, **data)
        return _("Đã tạo chương trình %(p)s.") % {"p": programme}

    form = ProgrammeForm(request.POST or None, user=request.user)
    return _form_page(request, form, act=act, template="programmes/programme_form.html", context={})


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    programme = _visible_programme(request, pk)
    if not can_run_programme(request.user, programme.issuing_unit):
        raise PermissionDenied
    initial = {
        name: getattr(programme, name) for name in ProgrammeEditForm.base_fields if name != "issuing_unit"
    }

    def act(data: dict[str, Any]) -> str:
        saved = services.programme_update(actor=request.user, programme=programme, **data)
        return _("Đã lưu chương trình %(p)s.") % {"p": saved}

    form = ProgrammeEditForm(request.POST or None, user=request.user, initial=initial)
    context = {"programme": programme}
    return _form_page(request, form, act=act, template="programmes/programme_form.html", context=context)


@login_required
@require_http_methods(["GET", "POST"])
def period_create(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    programme = _visible_programme(request, pk)
    if not can_run_programme(request.user, programme.issuing_unit):
        raise PermissionDenied

    def act(data: dict[str, Any]) -> str:
        period = services.period_create(actor=request.user, programme=programme, **data)
        return _("Đã thêm kỳ %(p)s.") % {"p": period}

    form = PeriodForm(request.POST or None)
    context = {"programme": programme}
    return _form_page(request, form, act=act, template="programmes/period_form.html", context=context)


def _visible_period(request: AuthedHttpRequest, pk: int) -> Period:
    return get_object_or_404(
        Period.objects.filter(programme__in=programmes_visible_to(request.user).values("pk")).select_related(
            "programme__issuing_unit"
        ),
        pk=pk,
    )


@login_required
@require_POST
def period_close(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    period = _visible_period(request, pk)
    try:
        services.period_close(actor=request.user, period=period)
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from exc
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã khóa kỳ %(p)s.") % {"p": period})
    return redirect("programmes:list")


@login_required
@require_http_methods(["GET", "POST"])
def period_reopen(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """mở lại kỳ: a locked period opens again only with a written reason, kept in its history."""
    period = _visible_period(request, pk)
    if not can_run_programme(request.user, period.programme.issuing_unit):
        raise PermissionDenied

    def act(data: dict[str, Any]) -> str:
        services.period_reopen(actor=request.user, period=period, reason=data["reason"])
        return _("Đã mở lại kỳ %(p)s.") % {"p": period}

    form = PeriodReopenForm(request.POST or None)
    context = {"period": period}
    return _form_page(request, form, act=act, template="programmes/period_reopen.html", context=context)


@login_required
@require_http_methods(["GET", "POST"])
def routine_duties(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Nhiệm vụ thường xuyên của đơn vị: the units' routine duties the programme lists (a task restating
    one is shown beside it in the approval queue), added and removed by whoever runs the programme."""
    programme = _visible_programme(request, pk)
    if not can_run_programme(request.user, programme.issuing_unit):
        raise PermissionDenied
    form = RoutineDutyForm(request.POST or None, programme=programme)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            added = services.routine_duties_add(actor=request.user, programme=programme, **form.cleaned_data)
        except ApplicationError as exc:
            status = _refused(request, form, exc)
        else:
            messages.success(request, _("Đã thêm %(n)s nhiệm vụ thường xuyên.") % {"n": len(added)})
            return redirect("programmes:routine_duties", programme.pk)
    context = {"programme": programme, "form": form, "duties": routine_duties_by_unit(programme)}
    return render(request, "programmes/routine_duties.html", context, status=status)


@login_required
@require_POST
def routine_duty_remove(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    duty = get_object_or_404(
        RoutineDuty.objects.filter(
            programme__in=programmes_visible_to(request.user).values("pk")
        ).select_related("programme__issuing_unit"),
        pk=pk,
    )
    try:
        services.routine_duty_remove(actor=request.user, duty=duty)
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from exc
    messages.success(request, _("Đã xóa nhiệm vụ thường xuyên."))
    return redirect("programmes:routine_duties", duty.programme_id)
