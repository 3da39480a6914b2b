"""Công bố kết quả: the organizer's pages to publish a closed period's snapshot on the public pages, or to
withdraw it, each through a confirmation page (GET shows what will happen, POST does it)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dotpha.accounts.http import AuthedHttpRequest
from dotpha.core.errors import ApplicationError
from dotpha.reports.forms import PublishForm, WithdrawForm
from dotpha.reports.models import PeriodSnapshot, SnapshotPublication
from dotpha.reports.permissions import can_publish_results
from dotpha.reports.publication import snapshot_publish, snapshot_withdraw


def _snapshot(request: AuthedHttpRequest, pk: int) -> PeriodSnapshot:
    snapshot = get_object_or_404(PeriodSnapshot.objects.select_related("period", "root", "taken_by"), pk=pk)
    if not can_publish_results(request.user, snapshot.root):
        raise PermissionDenied
    return snapshot


def _board(snapshot: PeriodSnapshot) -> str:
    return f"{reverse('reports:board')}?period={snapshot.period_id}"


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    snapshot = _snapshot(request, pk)
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            snapshot_publish(
                actor=request.user, snapshot=snapshot, names_public=form.cleaned_data["names_public"]
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã công bố kết quả. Trang công khai không cần đăng nhập."))
            return redirect("public:result", pk=snapshot.pk)
    return render(
        request,
        "reports/publish.html",
        {"snapshot": snapshot, "form": form, "publishing": True, "back": _board(snapshot)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    snapshot = _snapshot(request, pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            snapshot_withdraw(actor=request.user, snapshot=snapshot, reason=form.cleaned_data["reason"])
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã thôi công bố: trang công khai của kỳ này không còn."))
            return redirect(_board(snapshot))
    publication = SnapshotPublication.objects.filter(snapshot=snapshot).first()
    return render(
        request,
        "reports/publish.html",
        {
            "snapshot": snapshot,
            "form": form,
            "publishing": False,
            "publication": publication,
            "back": _board(snapshot),
        },
    )
