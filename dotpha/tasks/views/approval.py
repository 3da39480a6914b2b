"""Chờ phê duyệt: the approver's queue as a working table (filters, sort, pages), approval by selection
under a numbered decision with a confirmation step, return or rejection one task at a time, and direct
assignment (giao việc trực tiếp)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Max, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dotpha.accounts.http import AuthedHttpRequest
from dotpha.accounts.models import User
from dotpha.core.errors import ApplicationError
from dotpha.programmes.models import Decision
from dotpha.programmes.selectors import decisions_visible_to, open_decisions
from dotpha.tasks import services
from dotpha.tasks.errors import TaskRefusal
from dotpha.tasks.forms import AssignForm, BatchApprovalForm, ReviewForm, plan_formsets
from dotpha.tasks.forms.queue import QueueFilterForm
from dotpha.tasks.permissions import may_decide_tasks
from dotpha.tasks.selectors import (
    adjustments_awaiting_decision,
    approval_queue,
    obstacles_awaiting_answer,
    tasks_visible_to,
)
from dotpha.tasks.selectors.lookalikes import page_lookalikes
from dotpha.tasks.selectors.queue_table import (
    PagedByIds,
    QueueFilters,
    approval_queue_table,
    selection_digest,
)
from dotpha.tasks.views._common import auto_id, plan_rows, refused, refused_on_task, today, visible_task
from dotpha.tasks.views.detail import render_detail

PAGE_SIZE = 50
SIDE_PAGE_SIZE = 20  # obstacles and adjustment requests listed under the queue


def _require_decider(request: AuthedHttpRequest) -> None:
    """The queue is the approvers' and the units' leaderships' page; each sees the tasks they decide on."""
    if not may_decide_tasks(request.user):
        raise PermissionDenied


@login_required
@require_GET
def approvals(request: AuthedHttpRequest) -> HttpResponse:
    _require_decider(request)
    return render_queue(request)


def render_queue(
    request: AuthedHttpRequest,
    *,
    reviews: dict[int, ReviewForm] | None = None,
    batch_form: BatchApprovalForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The queue as a table: filtered and sorted by the URL, one page at a time (a count and a page query
    whatever its length); the selection's one form for the batch decision; the return or rejection form of
    the one task it is opened for."""
    user = request.user
    filter_form = QueueFilterForm(request.GET, user=user)
    filters = filter_form.filters()
    paginator = Paginator(PagedByIds(approval_queue_table(user, filters, today=today())), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    tasks = list(page.object_list)
    lookalikes = page_lookalikes(user, tasks)
    # one review form on the page, for the task whose "return or reject" was opened (?review=<id>) or
    # whose return was just refused: a form per row made the page's template the most of its time
    reviews = reviews or {}
    opened = request.GET.get("review", "")
    for task in tasks:
        task.lookalikes = lookalikes[task.pk]  # type: ignore[attr-defined]
        form = reviews.get(task.pk)
        if form is None and opened == str(task.pk):
            form = ReviewForm(
                initial={"origin": "queue", "version": task.version}, auto_id=auto_id(f"review-{task.pk}")
            )
        task.review_form = form  # type: ignore[attr-defined]
    if batch_form is None:
        last = decisions_visible_to(user).aggregate(last=Max("batch_number"))["last"] or 0
        batch_form = BatchApprovalForm(
            initial={"batch_number": last + 1, "signed_on": today()},
            decisions=_open_decisions(user, filters),
            auto_id=auto_id("batch"),
        )
    # the boxes ticked before a refusal stay ticked
    ticked = batch_form.data.getlist("tasks") if batch_form.is_bound else []  # type: ignore[attr-defined]
    selected = {int(pk) for pk in ticked if str(pk).isdigit()}
    by_filter = batch_form.is_bound and batch_form.data.get("scope") == BatchApprovalForm.FILTER
    context = {
        "tasks": tasks,
        "page": page,
        "paginator": paginator,
        "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "filter_form": filter_form,
        "sort": filters.sort,
        # the whole queue's count is the page's own when nothing narrows it: counted once
        "queue_total": approval_queue(user).count() if filter_form.is_filtered else paginator.count,
        "batch_form": batch_form,
        "selected": selected,
        "by_filter": by_filter,
        # oldest first, a page at a time: a province's queue can hold thousands waiting for an answer
        "obstacles": Paginator(obstacles_awaiting_answer(user), SIDE_PAGE_SIZE).get_page(
            request.GET.get("obstacles_page")
        ),
        "adjustments": Paginator(adjustments_awaiting_decision(user), SIDE_PAGE_SIZE).get_page(
            request.GET.get("adjustments_page")
        ),
    }
    return render(request, "tasks/approvals.html", context, status=status)


@login_required
@require_POST
def review(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Approve, return for revision (with a comment) or reject (with a reason) one task."""
    task = visible_task(request, pk)
    origin = "detail" if request.POST.get("origin") == "detail" else "queue"
    form = ReviewForm(
        request.POST,
        decisions=open_decisions(request.user, programme=task.programme, period=task.period),
        auto_id=auto_id("review" if origin == "detail" else f"review-{pk}"),
    )
    status = 200
    if form.is_valid():
        action, comment = form.cleaned_data["action"], form.cleaned_data["comment"]
        version = form.cleaned_data["version"]
        try:
            if action == ReviewForm.APPROVE:
                services.task_approve(
                    actor=request.user, task=task, comment=comment, version=version, **form.decision_args()
                )
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
            return redirect(reverse("tasks:approvals") + _filter_query(request))
    if origin == "detail":
        return render_detail(request, pk, bound={"review": form}, status=status)
    _require_decider(request)
    return render_queue(request, reviews={task.pk: form}, status=status)


@login_required
@require_POST
def lookalike_dismiss(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """“Đã xem, không trùng”: the look-alike `other` of task `pk` is not flagged again; back to the same
    page of the queue."""
    _require_decider(request)
    task = visible_task(request, pk)
    other = request.POST.get("other", "")
    if not other.isdigit():
        raise PermissionDenied
    try:
        services.lookalike_dismiss(actor=request.user, task=task, other=int(other))
    except ApplicationError as exc:
        return render_queue(request, status=refused(request, None, exc))
    done = _("Đã ghi nhận “đã xem, không trùng” cho một việc giống việc “%(title)s”.")
    messages.success(request, done % {"title": task.title})
    query = request.GET.urlencode()
    return redirect(reverse("tasks:approvals") + (f"?{query}" if query else ""))


@login_required
@require_POST
def approve_batch(request: AuthedHttpRequest) -> HttpResponse:
    """Quyết định phê duyệt đợt N: every selected task (or every task the queue's filter finds) approved
    under one numbered decision, or none. The first post rehearses the approval and shows the confirmation
    ("N việc, M cán bộ" and the decision); only the post that confirms exactly those tasks writes."""
    _require_decider(request)
    filters = QueueFilterForm(request.GET, user=request.user).filters()
    form = BatchApprovalForm(
        request.POST, decisions=_open_decisions(request.user, filters), auto_id=auto_id("batch")
    )
    if "back" in request.POST or not form.is_valid():
        return render_queue(request, batch_form=form)
    data = form.cleaned_data
    try:
        ids = _batch_task_ids(request, data)
        approval = {
            "actor": request.user,
            "tasks": ids,
            "number": data["number"],
            "title": data["title"],
            "signed_on": data["signed_on"],
            "batch_number": data["batch_number"],
            "comment": data["comment"],
            "decision": data["decision"],
        }
        digest = selection_digest(ids)
        if data["confirm"] != digest:
            decision = _rehearse(approval)
            return _render_confirmation(request, form, ids, digest, decision, changed=bool(data["confirm"]))
        decision = services.decision_approve_batch(**approval)
    except ApplicationError as exc:
        return render_queue(request, batch_form=form, status=refused(request, form, exc))
    messages.success(
        request,
        _("Đã phê duyệt %(count)s việc theo %(decision)s.") % {"count": len(ids), "decision": decision},
    )
    return redirect(reverse("tasks:approvals") + _filter_query(request))


def _open_decisions(user: User, filters: QueueFilters) -> QuerySet[Decision]:
    """The open decisions a batch can be added to; of the programme and period the queue is narrowed to.
    The service still checks each task against the decision chosen."""
    decisions = open_decisions(user)
    if filters.programme_id is not None:
        decisions = decisions.filter(programme_id=filters.programme_id)
    if filters.period_id is not None:
        decisions = decisions.filter(period_id=filters.period_id)
    return decisions


def _batch_task_ids(request: AuthedHttpRequest, data: dict) -> list[int]:
    """The ticked tasks the user can see (one out of sight is left out, so a refusal never names it), or
    the tasks the queue's filter finds now, in the queue's order."""
    if data["scope"] != BatchApprovalForm.FILTER:
        ids = data["tasks"]
        visible = set(tasks_visible_to(request.user).filter(pk__in=ids).values_list("pk", flat=True))
        return [pk for pk in ids if pk in visible]
    filter_form = QueueFilterForm(request.GET, user=request.user)
    filters = filter_form.filters()
    if filter_form.errors:
        raise ApplicationError(
            _("Bộ lọc có lỗi: sửa bộ lọc rồi mới chọn tất cả các việc theo bộ lọc."),
            code=TaskRefusal.INVALID_FILTER,
        )
    return list(approval_queue_table(request.user, filters, today=today()).values_list("pk", flat=True))


class _Rehearsal(Exception):
    """Raised inside the rehearsal's transaction so that everything it wrote is rolled back."""

    def __init__(self, decision: Decision) -> None:
        self.decision = decision


def _rehearse(approval: dict) -> Decision:
    """Runs the one approval service and rolls it all back: the confirmation shows the decision exactly as
    it would be written, and a refusal (a task no longer waiting, a number taken, a date refused) is said
    before anyone confirms. Notifications wait for a commit, so none goes out."""
    try:
        with transaction.atomic():
            raise _Rehearsal(services.decision_approve_batch(**approval))
    except _Rehearsal as rehearsal:
        return rehearsal.decision


def _render_confirmation(
    request: AuthedHttpRequest,
    form: BatchApprovalForm,
    ids: list[int],
    digest: str,
    decision: Decision,
    *,
    changed: bool,
) -> HttpResponse:
    tasks = list(
        tasks_visible_to(request.user)
        .filter(pk__in=ids)
        .select_related("assignee_cadre", "assignee_unit", "programme", "period")
        .order_by("assignee_cadre__search_text", "assignee_unit__search_text", "pk")
    )
    cadres = {t.assignee_cadre_id for t in tasks if t.assignee_cadre_id is not None}
    collectives = {t.assignee_unit_id for t in tasks if t.assignee_unit_id is not None}
    if changed:
        messages.warning(
            request,
            _("Danh sách việc đã thay đổi từ lúc bạn xem: xem lại rồi xác nhận."),
        )
    context = {
        "form": form,
        "tasks": tasks,
        "task_count": len(tasks),
        "cadre_count": len(cadres),
        "collective_count": len(collectives),
        "decision": decision,
        # an open decision: what it held before this batch (the rehearsal was rolled back)
        "already": decision.tasks.count() if form.cleaned_data["decision"] else None,  # type: ignore[attr-defined]
        "digest": digest,
        "by_filter": form.cleaned_data["scope"] == BatchApprovalForm.FILTER,
        "query": _filter_query(request),
    }
    return render(request, "tasks/approval_confirm.html", context)


def _filter_query(request: AuthedHttpRequest) -> str:
    """The queue's filters and sort from the URL (without the page and the opened review), to go back to
    the same view."""
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("review", None)
    return f"?{query.urlencode()}" if query else ""


@login_required
@require_http_methods(["GET", "POST"])
def assign(request: AuthedHttpRequest) -> HttpResponse:
    """Giao việc trực tiếp: the task starts approved; the assignee keeps it current."""
    _require_decider(request)
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
                    **form.decision_args(),
                    **form.draft_fields(),
                )
        except ApplicationError as exc:
            status = refused(request, form, exc)
        else:
            messages.success(request, _("Đã giao việc “%(title)s”.") % {"title": task.title})
            return redirect("tasks:detail", task.pk)
    context = {"form": form, "milestones": milestones, "targets": targets, "assigning": True}
    return render(request, "tasks/task_form.html", context, status=status)
