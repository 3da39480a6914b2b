"""Organizer pages: the programmes and their periods (create, close). Everyone sees the programmes they
may register under; only organizers of the issuing unit change them (the services check it again)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dotpha.accounts.models import Role
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.core.http import AuthedHttpRequest
from dotpha.programmes import services
from dotpha.programmes.forms import PeriodForm, ProgrammeForm
from dotpha.programmes.models import Period, Programme
from dotpha.programmes.permissions import has_role, is_organizer_over
from dotpha.programmes.selectors import programmes_visible_to
from dotpha.tasks.permissions import can_follow_registration


def _refused(request: AuthedHttpRequest, form, exc: ApplicationError) -> int:
    messages.error(request, exc.message)
    form.add_error(None, exc.message)
    return 403 if isinstance(exc, PermissionDeniedError) else 200


def _visible_programme(request: AuthedHttpRequest, pk: int) -> Programme:
    return get_object_or_404(programmes_visible_to(request.user), pk=pk)


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
        programme.can_run = is_organizer_over(request.user, programme.issuing_unit)  # type: ignore[attr-defined]
        programme.can_follow = can_follow_registration(request.user, programme)  # type: ignore[attr-defined]
    context = {"programmes": programmes, "is_organizer": has_role(request.user, Role.ORGANIZER)}
    return render(request, "programmes/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request: AuthedHttpRequest) -> HttpResponse:
    if not has_role(request.user, Role.ORGANIZER):
        raise PermissionDenied
    form = ProgrammeForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            status = _refused(request, form, exc)
        else:
            messages.success(request, _("Đã tạo chương trình %(p)s.") % {"p": programme})
            return redirect("programmes:list")
    return render(request, "programmes/programme_form.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def period_create(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    programme = _visible_programme(request, pk)
    if not is_organizer_over(request.user, programme.issuing_unit):
        raise PermissionDenied
    form = PeriodForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            period = services.period_create(actor=request.user, programme=programme, **form.cleaned_data)
        except ApplicationError as exc:
            status = _refused(request, form, exc)
        else:
            messages.success(request, _("Đã thêm kỳ %(p)s.") % {"p": period})
            return redirect("programmes:list")
    context = {"form": form, "programme": programme}
    return render(request, "programmes/period_form.html", context, status=status)


@login_required
@require_POST
def period_close(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    period = get_object_or_404(
        Period.objects.filter(programme__in=programmes_visible_to(request.user).values("pk")), pk=pk
    )
    try:
        services.period_close(actor=request.user, period=period)
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from exc
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã khóa kỳ %(p)s.") % {"p": period})
    return redirect("programmes:list")
