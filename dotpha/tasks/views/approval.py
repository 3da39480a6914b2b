"""Chờ phê duyệt: the approver's queue (one task at a time, or a batch under a numbered decision) and
direct assignment (giao việc trực tiếp)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dotpha.accounts.models import Role
from dotpha.core.errors import ApplicationError
from dotpha.core.http import AuthedHttpRequest
from dotpha.programmes.permissions import has_role
from dotpha.programmes.selectors import decisions_visible_to
from dotpha.tasks import services
from dotpha.tasks.forms import AssignForm, BatchApprovalForm, ReviewForm, plan_formsets
from dotpha.tasks.permissions import may_assign_tasks
from dotpha.tasks.selectors import (
    adjustments_awaiting_decision,
    approval_queue,
    obstacles_awaiting_answer,
    tasks_visible_to,
)
from dotpha.tasks.views._common import auto_id, plan_rows, refused, refused_on_task, today, visible_task
from dotpha.tasks.views.detail import render_detail


def _require_approver(request: AuthedHttpRequest) -> None:
    if not has_role(request.user, Role.APPROVER):
        raise PermissionDenied


@login_required
@require_GET
def approvals(request: AuthedHttpRequest) -> HttpResponse:
    _require_approver(request)
    return render_queue(request)


def render_queue(
    request: AuthedHttpRequest,
    *,
    reviews: dict[int, ReviewForm] | None = None,
    batch_form: BatchApprovalForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    tasks = list(approval_queue(user))
    reviews = reviews or {}
    for task in tasks:
        form = reviews.get(task.pk) or ReviewForm(
            initial={"origin": "queue", "version": task.version}, auto_id=auto_id(f"review-{task.pk}")
        )
        task.review_form = form  # type: ignore[attr-defined]
    if batch_form is None:
        last = decisions_visible_to(user).aggregate(last=Max("batch_number"))["last"] or 0
        batch_form = BatchApprovalForm(
            initial={"batch_number": last + 1, "signed_on": today()}, auto_id=auto_id("batch")
        )
    # the boxes ticked before a refusal stay ticked
    ticked = batch_form.data.getlist("tasks") if batch_form.is_bound else []  # type: ignore[attr-defined]
    selected = {int(pk) for pk in ticked if str(pk).isdigit()}
    context = {
        "tasks": tasks,
        "batch_form": batch_form,
        "selected": selected,
        "obstacles": obstacles_awaiting_answer(user),
        "adjustments": adjustments_awaiting_decision(user),
    }
    return render(request, "tasks/approvals.html", context, status=status)


@login_required
@require_POST
def review(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Approve, return for revision (with a comment) or reject (with a reason) one task."""
    task = visible_task(request, pk)
    origin = "detail" if request.POST.get("origin") == "detail" else "queue"
    form = ReviewForm(request.POST, auto_id=auto_id("review" if origin == "detail" else f"review-{pk}"))
    status = 200
    if form.is_valid():
        action, comment = form.cleaned_data["action"], form.cleaned_data["comment"]
        version = form.cleaned_data["version"]
        try:
            if action == ReviewForm.APPROVE:
                services.task_approve(actor=request.user, task=task, comment=comment, version=version)
                done = _("Đã phê duyệt việc “%(title)s”.")
            elif action == ReviewForm.RETURN:
                services.task_return_for_revision(
                    actor=request.user, task=task, comment=comment, version=version
                )
                done = _("Đã trả lại việc “%(title)s” để hoàn thiện.")
            else:
                services.task_reject(actor=request.user, task=task, reason=comment, version=version)
                done = _("Đã không phê duyệt việc “%(title)s”.")
        except ApplicationError as exc:
            status = refused_on_task(request, form, exc, pk)
        else:
            messages.success(request, done % {"title": task.title})
            if form.cleaned_data["origin"] == "detail":
                return redirect("tasks:detail", pk)
            return redirect("tasks:approvals")
    if origin == "detail":
        return render_detail(request, pk, bound={"review": form}, status=status)
    _require_approver(request)
    return render_queue(request, reviews={task.pk: form}, status=status)


@login_required
@require_POST
def approve_batch(request: AuthedHttpRequest) -> HttpResponse:
    """Quyết định phê duyệt đợt N: every selected task approved under one numbered decision, or none."""
    _require_approver(request)
    form = BatchApprovalForm(request.POST, auto_id=auto_id("batch"))
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        ids = data["tasks"]
        # tasks the user cannot see are left out, so a refusal never names one
        visible = set(tasks_visible_to(request.user).filter(pk__in=ids).values_list("pk", flat=True))
        try:
            decision = services.decision_approve_batch(
                actor=request.user,
                tasks=[pk for pk in ids if pk in visible],
                number=data["number"],
                title=data["title"],
                signed_on=data["signed_on"],
                batch_number=data["batch_number"],
                comment=data["comment"],
            )
        except ApplicationError as exc:
            status = refused(request, form, exc)
        else:
            count = decision.tasks.count()
            messages.success(
                request,
                _("Đã phê duyệt %(count)s việc theo %(decision)s.") % {"count": count, "decision": decision},
            )
            return redirect("tasks:approvals")
    return render_queue(request, batch_form=form, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def assign(request: AuthedHttpRequest) -> HttpResponse:
    """Giao việc trực tiếp: the task starts approved; the assignee keeps it current."""
    if not may_assign_tasks(request.user):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    form = AssignForm(data, user=request.user, today=today())
    milestones, targets = plan_formsets(data)
    status = 200
    if data is not None and all([form.is_valid(), milestones.is_valid(), targets.is_valid()]):
        cleaned = form.cleaned_data
        try:
            with transaction.atomic():
                task = services.task_assign(
                    actor=request.user,
                    programme=cleaned["programme"],
                    period=cleaned["period"],
                    assignee_cadre=cleaned["assignee_cadre"],
                    assignee_unit=cleaned["assignee_unit"],
                    co_cadres=cleaned["co_cadres"],
                    co_units=cleaned["co_units"],
                    milestones=plan_rows(milestones),
                    targets=plan_rows(targets),
                    comment=cleaned["comment"],
                    **form.draft_fields(),
                )
        except ApplicationError as exc:
            status = refused(request, form, exc)
        else:
            messages.success(request, _("Đã giao việc “%(title)s”.") % {"title": task.title})
            return redirect("tasks:detail", task.pk)
    context = {"form": form, "milestones": milestones, "targets": targets, "assigning": True}
    return render(request, "tasks/task_form.html", context, status=status)
