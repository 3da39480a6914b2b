"""đăng ký: register a task (saved as a draft, or sent at once), edit a draft or a returned task, send it
for approval. Refusals (window, limit, "5 rõ") come from the services and keep what the user typed."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dotpha.accounts.http import AuthedHttpRequest
from dotpha.accounts.models import User
from dotpha.core.errors import ApplicationError
from dotpha.tasks import services
from dotpha.tasks.forms import EditForm, RegisterForm, open_periods_for, plan_formsets
from dotpha.tasks.models import Task
from dotpha.tasks.permissions import can_edit_draft
from dotpha.tasks.selectors import lookalikes
from dotpha.tasks.views._common import plan_rows, refused, today, visible_task
from dotpha.tasks.views.detail import render_detail

SUBMIT = "send"  # the name of the "save and send for approval" button


@login_required
@require_http_methods(["GET", "POST"])
def register(request: AuthedHttpRequest) -> HttpResponse:
    day = today()
    data = request.POST if request.method == "POST" else None
    form = RegisterForm(data, user=request.user, today=day)
    if not form.can_register:
        raise PermissionDenied
    milestones, targets = plan_formsets(data)
    status = 200
    if data is not None and all([form.is_valid(), milestones.is_valid(), targets.is_valid()]):
        cleaned = form.cleaned_data
        try:
            with transaction.atomic():
                task = services.task_create_draft(
                    actor=request.user,
                    programme=cleaned["programme"],
                    period=cleaned["period"],
                    co_cadres=cleaned["co_cadres"],
                    co_units=cleaned["co_units"],
                    milestones=plan_rows(milestones),
                    targets=plan_rows(targets),
                    **cleaned["assignee"],
                    **form.draft_fields(),
                )
                if SUBMIT in request.POST:
                    services.task_submit(actor=request.user, task=task)
        except ApplicationError as exc:
            status = refused(request, form, exc)
        else:
            _saved(request, task, sent=SUBMIT in request.POST)
            return redirect("tasks:detail", task.pk)
    context = {
        "form": form,
        "milestones": milestones,
        "targets": targets,
        "periods": open_periods_for(request.user, day),
        "task": None,
    }
    return render(request, "tasks/task_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    task = visible_task(request, pk)
    if not can_edit_draft(request.user, task):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    form = EditForm(data, user=request.user, today=today(), initial=EditForm.initial_for(task))
    milestones, targets = plan_formsets(data, task=task)
    status = 200
    if data is not None and all([form.is_valid(), milestones.is_valid(), targets.is_valid()]):
        try:
            with transaction.atomic():
                services.task_update_draft(
                    actor=request.user,
                    task=task,
                    co_cadres=form.cleaned_data["co_cadres"],
                    co_units=form.cleaned_data["co_units"],
                    version=form.cleaned_data["version"],
                    **form.draft_fields(),
                )
                _sync_plan(request.user, task, milestones, targets)
                if SUBMIT in request.POST:
                    services.task_submit(actor=request.user, task=task)
        except ApplicationError as exc:
            # stale_version: the page shows what was typed, not the other change; a reload shows it
            status = refused(request, form, exc)
        else:
            _saved(request, task, sent=SUBMIT in request.POST)
            return redirect("tasks:detail", task.pk)
    context = {"form": form, "milestones": milestones, "targets": targets, "task": task}
    return render(request, "tasks/task_form.html", context, status=status)


@login_required
@require_GET
def title_lookalikes(request: AuthedHttpRequest) -> HttpResponse:
    """While a task is written: the user's own and their units' tasks, among those they may open, that look
    like the title typed (the form asks again as the title changes). It warns, never refuses."""
    task, programme = request.GET.get("task", ""), request.GET.get("programme", "")
    found = lookalikes.title_lookalikes(
        request.user,
        request.GET.get("title", "")[:500],
        exclude=int(task) if task.isdigit() else None,
        programme=int(programme) if programme.isdigit() else None,
    )
    return render(request, "tasks/_title_lookalikes.html", {"lookalikes": found})


@login_required
@require_POST
def submit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    task = visible_task(request, pk)
    try:
        services.task_submit(actor=request.user, task=task)
    except ApplicationError as exc:
        return render_detail(request, pk, status=refused(request, None, exc))
    messages.success(request, _("Đã gửi việc để phê duyệt."))
    return redirect("tasks:detail", pk)


def _saved(request: AuthedHttpRequest, task: Task, *, sent: bool) -> None:
    if sent:
        messages.success(request, _("Đã lưu và gửi việc “%(title)s” để phê duyệt.") % {"title": task.title})
    else:
        messages.success(request, _("Đã lưu nháp việc “%(title)s”.") % {"title": task.title})


def _sync_plan(actor: User, task: Task, milestones: forms.BaseFormSet, targets: forms.BaseFormSet) -> None:
    """Each changed row through its service: add, change or remove (a row emptied is removed)."""
    existing_milestones = {m.pk: m for m in task.milestones.all()}
    for f in milestones.forms:
        data = getattr(f, "cleaned_data", None)
        if data is None:
            continue
        milestone = existing_milestones.get(data.get("id"))
        drop = data.get("DELETE") or f.is_blank
        if milestone is not None and drop:
            services.milestone_remove(actor=actor, milestone=milestone)
        elif milestone is not None and f.has_changed():
            services.milestone_update(
                actor=actor, milestone=milestone, title=data["title"], due_date=data["due_date"]
            )
        elif milestone is None and not drop:
            services.milestone_add(actor=actor, task=task, title=data["title"], due_date=data["due_date"])
    existing_targets = {t.pk: t for t in task.targets.all()}
    for f in targets.forms:
        data = getattr(f, "cleaned_data", None)
        if data is None:
            continue
        target = existing_targets.get(data.get("id"))
        drop = data.get("DELETE") or f.is_blank
        if target is not None and drop:
            services.target_remove(actor=actor, target=target)
        elif target is not None and f.has_changed():
            services.target_update(
                actor=actor,
                target=target,
                name=data["name"],
                unit_of_measure=data["unit_of_measure"],
                target_value=data["target_value"],
            )
        elif target is None and not drop:
            services.target_add(
                actor=actor,
                task=task,
                name=data["name"],
                unit_of_measure=data["unit_of_measure"],
                target_value=data["target_value"],
            )
