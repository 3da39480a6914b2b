"""Keeping an approved task current: progress reports with evidence (and their download), milestones done,
obstacles raised, answered and resolved, adjustment requests and their decision."""

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dotpha.accounts.http import AuthedHttpRequest
from dotpha.core.errors import ApplicationError, ConfirmationRequiredError
from dotpha.tasks import services
from dotpha.tasks.forms import (
    AdjustmentForm,
    CommentForm,
    ConfirmFiguresForm,
    DecideForm,
    MilestoneDoneForm,
    ObstacleAnswerForm,
    ObstacleForm,
    ProgressReportForm,
)
from dotpha.tasks.models import AdjustmentRequest, Evidence, Milestone, Obstacle
from dotpha.tasks.permissions import acts_for_assignee
from dotpha.tasks.selectors import can_view_task
from dotpha.tasks.views._action import task_page_action
from dotpha.tasks.views._common import auto_id, refused, visible_child, visible_task
from dotpha.tasks.views.detail import render_detail


@login_required
@require_http_methods(["GET", "POST"])
def report(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Báo cáo tiến độ: percent done, target values reached, what was done, evidence files. A percentage
    that contradicts the targets and milestones comes back with the service's warning and a box to tick
    to confirm the figures; what was typed is kept."""
    task = visible_task(request, pk)
    if not acts_for_assignee(request.user, task):
        raise PermissionDenied
    if request.method == "POST":
        form = ProgressReportForm(request.POST, request.FILES, task=task)
        confirm = ConfirmFiguresForm(request.POST)
    else:
        form = ProgressReportForm(task=task)
        confirm = ConfirmFiguresForm()
    status = 200
    warning = None
    if form.is_bound and form.is_valid() and confirm.is_valid():
        try:
            services.progress_report_submit(
                actor=request.user,
                task=task,
                percent_done=form.cleaned_data["percent_done"],
                narrative=form.cleaned_data["narrative"],
                decrease_reason=form.cleaned_data.get("decrease_reason", ""),
                target_values=form.target_values(),
                files=form.cleaned_data["evidence"],
                confirmed=confirm.cleaned_data["confirmed"],
            )
        except ConfirmationRequiredError as exc:
            warning = exc.message
            confirm = ConfirmFiguresForm()  # a new warning is confirmed afresh
        except ApplicationError as exc:
            status = refused(request, form, exc)
        else:
            messages.success(request, _("Đã gửi báo cáo tiến độ."))
            return redirect("tasks:detail", pk)
    context = {
        "task": task,
        "form": form,
        "confirm": confirm,
        "warning": warning,
        "had_files": bool(request.FILES),
    }
    return render(request, "tasks/report_form.html", context, status=status)


@login_required
@require_GET
def evidence(request: AuthedHttpRequest, pk: int) -> FileResponse:
    """A report's evidence file, only to those who may open its task (others: not found), under its
    original name. Files are never served from a public media URL."""
    item = get_object_or_404(Evidence.objects.select_related("report__task"), pk=pk)
    if not can_view_task(request.user, item.report.task):
        raise Http404
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    content_type = mimetypes.guess_type(item.original_name)[0] or "application/octet-stream"
    response = FileResponse(
        handle, as_attachment=True, filename=item.original_name, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def milestone_complete(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """A confirmation step: the page names the milestone and asks the day it was reached (today when left
    empty); only the confirmation posted from it records the completion."""
    milestone = visible_child(request, Milestone.objects.select_related("task"), pk)
    if not acts_for_assignee(request.user, milestone.task):
        raise PermissionDenied
    form = MilestoneDoneForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound and form.is_valid():
        try:
            services.milestone_complete(
                actor=request.user, milestone=milestone, done_on=form.cleaned_data["done_on"]
            )
        except ApplicationError as exc:
            status = refused(request, form, exc)
        else:
            messages.success(
                request, _("Đã ghi nhận hoàn thành mốc “%(title)s”.") % {"title": milestone.title}
            )
            return redirect("tasks:detail", milestone.task_id)
    context = {"task": milestone.task, "milestone": milestone, "form": form}
    return render(request, "tasks/milestone_complete.html", context, status=status)


@login_required
@require_POST
def milestone_undo(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    milestone = visible_child(request, Milestone.objects.all(), pk)
    try:
        services.milestone_undo(actor=request.user, milestone=milestone)
    except ApplicationError as exc:
        return render_detail(request, milestone.task_id, status=refused(request, None, exc))
    messages.success(request, _("Đã hủy ghi nhận hoàn thành mốc “%(title)s”.") % {"title": milestone.title})
    return redirect("tasks:detail", milestone.task_id)


@login_required
@require_POST
def obstacle_raise(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    task = visible_task(request, pk)
    return task_page_action(
        request,
        form=ObstacleForm(request.POST, auto_id=auto_id("obstacle")),
        task_id=pk,
        key="obstacle",
        act=lambda data: services.obstacle_raise(actor=request.user, task=task, **data),
        done=_("Đã gửi khó khăn, vướng mắc tới cấp có thẩm quyền."),
    )


@login_required
@require_POST
def obstacle_answer(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    obstacle = visible_child(request, Obstacle.objects.all(), pk)
    return task_page_action(
        request,
        form=ObstacleAnswerForm(request.POST, auto_id=auto_id(f"answer-{pk}")),
        task_id=obstacle.task_id,
        key=f"answer-{pk}",
        act=lambda data: services.obstacle_answer(
            actor=request.user, obstacle=obstacle, answer=data["answer"]
        ),
        done=_("Đã trả lời khó khăn, vướng mắc."),
    )


@login_required
@require_POST
def obstacle_resolve(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    obstacle = visible_child(request, Obstacle.objects.all(), pk)
    return task_page_action(
        request,
        form=CommentForm(request.POST, auto_id=auto_id(f"resolve-{pk}")),
        task_id=obstacle.task_id,
        key=f"resolve-{pk}",
        act=lambda data: services.obstacle_resolve(
            actor=request.user, obstacle=obstacle, comment=data["comment"]
        ),
        done=_("Đã xác nhận khó khăn được tháo gỡ."),
    )


@login_required
@require_POST
def adjustment_request(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    task = visible_task(request, pk)
    return task_page_action(
        request,
        form=AdjustmentForm(request.POST, task=task, auto_id=auto_id("adjustment")),
        task_id=pk,
        key="adjustment",
        act=lambda data: services.adjustment_request(actor=request.user, task=task, **data),
        done=_("Đã gửi đề nghị điều chỉnh."),
    )


@login_required
@require_POST
def adjustment_decide(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    adjustment = visible_child(request, AdjustmentRequest.objects.all(), pk)
    form = DecideForm(request.POST, auto_id=auto_id(f"decide-{pk}"))
    status = 200
    if form.is_valid():
        comment = form.cleaned_data["comment"]
        try:
            if form.cleaned_data["action"] == DecideForm.APPROVE:
                services.adjustment_approve(actor=request.user, adjustment=adjustment, comment=comment)
                done = _("Đã chấp thuận đề nghị điều chỉnh.")
            else:
                services.adjustment_refuse(actor=request.user, adjustment=adjustment, comment=comment)
                done = _("Đã không chấp thuận đề nghị điều chỉnh.")
        except ApplicationError as exc:
            status = refused(request, form, exc)
        else:
            messages.success(request, done)
            return redirect("tasks:detail", adjustment.task_id)
    return render_detail(request, adjustment.task_id, bound={f"decide-{pk}": form}, status=status)
