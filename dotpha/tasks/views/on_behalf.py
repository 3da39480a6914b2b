"""nhập thay: the organizer's grants page; the assistant's pages (the leaders they assist, a leader's tasks
seen through the leader's visibility, the three draft forms, reusing the leader's own forms); the leader's
page of drafts to confirm or discard, with one button each."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dotpha.accounts.access import is_organizer
from dotpha.accounts.http import AuthedHttpRequest
from dotpha.core.errors import ApplicationError, ConfirmationRequiredError
from dotpha.programmes.models import Grade
from dotpha.tasks import services
from dotpha.tasks.forms import (
    ConfirmFiguresForm,
    ProgressReportForm,
    RegisterForm,
    SelfAssessmentForm,
    open_periods_for,
    plan_formsets,
)
from dotpha.tasks.forms.on_behalf import GrantForm
from dotpha.tasks.forms.registration import DRAFT_FIELD_NAMES
from dotpha.tasks.models import AssistantGrant, EntryKind, OnBehalfEntry, Target, Task, TaskStatus
from dotpha.tasks.selectors import my_tasks
from dotpha.tasks.selectors.on_behalf import (
    entries_entered_by,
    entries_waiting_for,
    grants_managed_by,
    grants_of_assistant,
)
from dotpha.tasks.services.on_behalf import check_grant_in_force, leader_task
from dotpha.tasks.views._common import plan_rows, refused, today


# --- the organizer ---
@login_required
@require_http_methods(["GET", "POST"])
def grants(request: AuthedHttpRequest) -> HttpResponse:
    if not is_organizer(request.user):
        raise PermissionDenied
    form = GrantForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound and form.is_valid():
        try:
            grant = services.assistant_grant_create(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            status = refused(request, form, exc)
        else:
            messages.success(
                request,
                _("Đã giao quyền nhập thay cho %(leader)s: %(assistant)s.")
                % {"leader": grant.leader, "assistant": grant.assistant},
            )
            return redirect("tasks:assistant_grants")
    context = {"form": form, "grants": grants_managed_by(request.user), "today": today()}
    return render(request, "tasks/on_behalf/grants.html", context, status=status)


@login_required
@require_POST
def grant_end(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    grant = get_object_or_404(grants_managed_by(request.user), pk=pk)
    try:
        services.assistant_grant_end(actor=request.user, grant=grant)
    except ApplicationError as exc:
        refused(request, None, exc)
    else:
        messages.success(request, _("Đã chấm dứt quyền nhập thay."))
    return redirect("tasks:assistant_grants")


# --- the assistant ---
@login_required
@require_GET
def assistant_home(request: AuthedHttpRequest) -> HttpResponse:
    """The leaders the user assists (grants in force first) and the drafts they entered."""
    grants_list = list(grants_of_assistant(request.user))
    if not grants_list:
        raise PermissionDenied
    day = today()
    context = {
        "grants": sorted(grants_list, key=lambda g: not g.in_force_on(day)),
        "entries": entries_entered_by(request.user)[:50],
        "today": day,
    }
    return render(request, "tasks/on_behalf/assistant.html", context)


def _grant_in_force(request: AuthedHttpRequest, grant_id: int) -> AssistantGrant | HttpResponse:
    """The user's grant, or the page that says why it no longer holds (403)."""
    grant = get_object_or_404(grants_of_assistant(request.user), pk=grant_id)
    try:
        check_grant_in_force(request.user, grant, today())
    except ApplicationError as exc:
        return render(request, "tasks/on_behalf/refused.html", {"message": exc.message}, status=403)
    return grant


def _leader_task(grant: AssistantGrant, pk: int) -> Task:
    try:
        return leader_task(grant, pk)
    except ApplicationError as exc:
        raise Http404 from exc


@login_required
@require_GET
def leader_tasks(request: AuthedHttpRequest, grant_id: int) -> HttpResponse:
    """The leader's own tasks, as their "Việc của tôi" lists them, with what may be drafted for each."""
    grant = _grant_in_force(request, grant_id)
    if isinstance(grant, HttpResponse):
        return grant
    tasks = my_tasks(grant.leader).order_by("-period__start_date", "title")
    context = {
        "grant": grant,
        "tasks": tasks,
        "approved": TaskStatus.APPROVED,
        "can_register": RegisterForm(user=grant.leader, today=today()).can_register,
    }
    return render(request, "tasks/on_behalf/leader_tasks.html", context)


def _draft_page(
    request: AuthedHttpRequest, grant: AssistantGrant, task: Task, form, title: str, status: int
) -> HttpResponse:
    context = {"grant": grant, "task": task, "form": form, "page_title": title}
    return render(request, "tasks/on_behalf/draft_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def draft_report(request: AuthedHttpRequest, grant_id: int, pk: int) -> HttpResponse:
    grant = _grant_in_force(request, grant_id)
    if isinstance(grant, HttpResponse):
        return grant
    task = _leader_task(grant, pk)
    form = ProgressReportForm(request.POST or None, task=task)
    del form.fields["evidence"]  # files are the leader's to attach, once the report is theirs
    status = 200
    if form.is_bound and form.is_valid():
        try:
            services.on_behalf_report(
                actor=request.user,
                grant=grant,
                task=task,
                percent_done=form.cleaned_data["percent_done"],
                narrative=form.cleaned_data["narrative"],
                decrease_reason=form.cleaned_data.get("decrease_reason", ""),
                target_values={t.pk: v for t, v in form.target_values().items() if isinstance(t, Target)},
            )
        except ApplicationError as exc:
            status = refused(request, form, exc)
        else:
            return _drafted(request, grant)
    return _draft_page(request, grant, task, form, _("Nhập thay báo cáo tiến độ"), status)


@login_required
@require_http_methods(["GET", "POST"])
def draft_self_assessment(request: AuthedHttpRequest, grant_id: int, pk: int) -> HttpResponse:
    grant = _grant_in_force(request, grant_id)
    if isinstance(grant, HttpResponse):
        return grant
    task = _leader_task(grant, pk)
    form = SelfAssessmentForm(request.POST or None, task=task)
    del form.fields["version"]  # the leader's confirmation is checked against the task as it is then
    status = 200
    if form.is_bound and form.is_valid():
        try:
            services.on_behalf_self_assessment(
                actor=request.user,
                grant=grant,
                task=task,
                self_grade=form.cleaned_data["self_grade"],
                self_assessment=form.cleaned_data["self_assessment"],
            )
        except ApplicationError as exc:
            status = refused(request, form, exc)
        else:
            return _drafted(request, grant)
    return _draft_page(request, grant, task, form, _("Nhập thay tự đánh giá"), status)


@login_required
@require_http_methods(["GET", "POST"])
def draft_registration(request: AuthedHttpRequest, grant_id: int) -> HttpResponse:
    """The leader's registration form, built as the leader sees it (their programmes, their units)."""
    grant = _grant_in_force(request, grant_id)
    if isinstance(grant, HttpResponse):
        return grant
    day = today()
    data = request.POST if request.method == "POST" else None
    form = RegisterForm(data, user=grant.leader, today=day)
    if not form.can_register:
        raise PermissionDenied
    milestones, targets = plan_formsets(data)
    status = 200
    if data is not None and all([form.is_valid(), milestones.is_valid(), targets.is_valid()]):
        cleaned = form.cleaned_data
        try:
            services.on_behalf_registration(
                actor=request.user,
                grant=grant,
                period=cleaned["period"],
                fields={name: cleaned[name] for name in DRAFT_FIELD_NAMES},
                co_cadres=cleaned["co_cadres"],
                co_units=cleaned["co_units"],
                milestones=plan_rows(milestones),
                targets=plan_rows(targets),
                **cleaned["assignee"],
            )
        except ApplicationError as exc:
            status = refused(request, form, exc)
        else:
            return _drafted(request, grant)
    context = {
        "grant": grant,
        "form": form,
        "milestones": milestones,
        "targets": targets,
        "periods": open_periods_for(grant.leader, day),
    }
    return render(request, "tasks/on_behalf/register_form.html", context, status=status)


def _drafted(request: AuthedHttpRequest, grant: AssistantGrant) -> HttpResponse:
    messages.success(
        request,
        _("Đã lưu nội dung nhập thay. Nội dung chỉ có hiệu lực khi %(leader)s xác nhận.")
        % {"leader": grant.leader},
    )
    return redirect("tasks:on_behalf_leader", grant.pk)


# --- the leader ---
@login_required
@require_GET
def entries(request: AuthedHttpRequest) -> HttpResponse:
    """Drafts waiting for the leader, each with what it holds and one button to confirm it."""
    waiting = list(entries_waiting_for(request.user).order_by("created_at", "pk"))
    describe(waiting)
    context = {"entries": waiting, "confirm": ConfirmFiguresForm()}
    return render(request, "tasks/on_behalf/entries.html", context)


def _own_entry(request: AuthedHttpRequest, pk: int) -> OnBehalfEntry:
    """A draft the user may act on (its leader, or its assistant to withdraw it); others: not found."""
    mine = OnBehalfEntry.objects.filter(Q(leader=request.user) | Q(entered_by=request.user))
    return get_object_or_404(mine.select_related("task", "entered_by", "leader"), pk=pk)


@login_required
@require_POST
def entry_confirm(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    entry = _own_entry(request, pk)
    confirm = ConfirmFiguresForm(request.POST)
    confirm.is_valid()
    try:
        entry = services.on_behalf_confirm(
            actor=request.user, entry=entry, confirmed=bool(confirm.cleaned_data.get("confirmed"))
        )
    except ConfirmationRequiredError as exc:
        # the figures warning: the list again, this draft with the warning and the box to tick
        waiting = list(entries_waiting_for(request.user).order_by("created_at", "pk"))
        describe(waiting)
        context = {"entries": waiting, "confirm": ConfirmFiguresForm(), "warning": (entry.pk, exc.message)}
        return render(request, "tasks/on_behalf/entries.html", context)
    except ApplicationError as exc:
        status = refused(request, None, exc)
        waiting = list(entries_waiting_for(request.user).order_by("created_at", "pk"))
        describe(waiting)
        return render(request, "tasks/on_behalf/entries.html", {"entries": waiting}, status=status)
    messages.success(
        request, _("Đã xác nhận nội dung do %(assistant)s nhập thay.") % {"assistant": entry.entered_by}
    )
    return redirect("tasks:detail", entry.task_id)


@login_required
@require_POST
def entry_discard(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    entry = _own_entry(request, pk)
    try:
        services.on_behalf_discard(actor=request.user, entry=entry)
    except ApplicationError as exc:
        refused(request, None, exc)
    else:
        messages.success(request, _("Đã bỏ nội dung nhập thay."))
    if entry.entered_by_id == request.user.pk and entry.leader_id != request.user.pk:
        return redirect("tasks:on_behalf")
    return redirect("tasks:entries")


def describe(entries: list[OnBehalfEntry]) -> None:
    """What each draft holds, as lines a person reads (a target by its name, a grade by its label): two
    queries for the targets however many drafts."""
    target_ids = {int(pk) for e in entries for pk in e.payload.get("target_values", {})}
    targets = {t.pk: t for t in Target.objects.filter(pk__in=target_ids)}
    for entry in entries:
        data = entry.payload
        lines: list[tuple[str, str]] = []
        if entry.kind == EntryKind.PROGRESS_REPORT:
            lines.append((_("Tỷ lệ hoàn thành"), f"{data['percent_done']}%"))
            lines.append((_("Kết quả thực hiện, nhận xét"), data["narrative"]))
            if data.get("decrease_reason"):
                lines.append((_("Lý do tiến độ thấp hơn lần báo cáo trước"), data["decrease_reason"]))
            for pk, value in data.get("target_values", {}).items():
                target = targets.get(int(pk))
                if target is not None:
                    lines.append((target.name, f"{Decimal(value).normalize():f} {target.unit_of_measure}"))
        elif entry.kind == EntryKind.SELF_ASSESSMENT:
            grade = data["self_grade"]
            lines.append(
                (
                    _("Tự đánh giá mức độ hoàn thành"),
                    str(Grade(grade).label) if grade in Grade.values else grade,
                )
            )
            lines.append((_("Tự nhận xét, đánh giá"), data["self_assessment"]))
        else:
            if entry.period is not None:
                lines.append(
                    (_("Chương trình, kỳ"), f"{entry.period.programme.number} — {entry.period.name}")
                )
            lines.append((_("Nội dung, giải pháp thực hiện"), data.get("description", "")))
            lines.append((_("Sản phẩm (rõ hiệu quả)"), data.get("deliverable", "")))
            lines.append((_("Thời hạn hoàn thành (rõ tiến độ)"), _iso_day(data.get("deadline"))))
            for m in data.get("milestones", []):
                lines.append((_("Mốc"), f"{m['title']} ({_iso_day(m['due_date'])})"))
            for t in data.get("targets", []):
                lines.append((_("Chỉ tiêu"), f"{t['name']}: {t['target_value']} {t['unit_of_measure']}"))
        entry.lines = [(label, text) for label, text in lines if text]  # type: ignore[attr-defined]


def _iso_day(value: str | None) -> str:
    if not value:
        return ""
    year, month, day = value.split("-")
    return f"{day}/{month}/{year}"
