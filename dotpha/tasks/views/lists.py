"""Lists: the user's own tasks and drafts, and the task list of the units they see."""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dotpha.accounts.http import AuthedHttpRequest
from dotpha.tasks.forms import TaskFilterForm
from dotpha.tasks.models import EDITABLE_STATUSES
from dotpha.tasks.selectors import ProgressState, my_tasks, with_progress
from dotpha.tasks.selectors.grading import self_assessments_due
from dotpha.tasks.selectors.seek import LAST
from dotpha.tasks.selectors.year_reviews import year_grades_due, year_reports_due
from dotpha.tasks.views._common import today

PAGE_SIZE = 50


@login_required
@require_GET
def mine(request: AuthedHttpRequest) -> HttpResponse:
    """Việc của tôi: what the user carries out (with its progress state) and their drafts. ?progress=<state>
    narrows the first list to one progress state (the home page's "report due" and "overdue" lines),
    ?assess=due to the tasks waiting for a self-assessment, ?yearly=due to the phase tasks whose yearly
    report is due."""
    tasks = list(with_progress(my_tasks(request.user), today()).order_by("deadline", "pk"))
    drafts = [t for t in tasks if t.status in EDITABLE_STATUSES]
    others = [t for t in tasks if t.status not in EDITABLE_STATUSES]
    progress = request.GET.get("progress", "")
    state = ProgressState(progress) if progress in ProgressState.values else None
    if state is not None:
        others = [t for t in others if vars(t)["progress"] == state]
    assess = request.GET.get("assess") == "due"
    if assess:
        due = set(self_assessments_due(request.user, today()).values_list("pk", flat=True))
        others = [t for t in others if t.pk in due]
    yearly = request.GET.get("yearly") == "due"
    if yearly:
        due = set(year_reports_due(request.user, today()).values_list("pk", flat=True))
        others = [t for t in others if t.pk in due]
    context = {"tasks": others, "drafts": drafts, "state": state, "assess": assess, "yearly": yearly}
    return render(request, "tasks/mine.html", context)


@login_required
@require_GET
def task_list(request: AuthedHttpRequest) -> HttpResponse:
    """Danh sách việc: every visible task, filtered, a page at a time by seek (`after`/`before` cursors in
    the URL: first, previous, next and last pages, no page numbers, so that the thousandth page costs what
    the first does); the total counted up to 10,000 (by the search when searched). A fixed number of queries
    whatever the number of tasks (one count, or the search's ids, and one page)."""
    form = TaskFilterForm(request.GET, user=request.user)
    # ?yearly=due (the home page's line): phase tasks with a year reported, waiting for the user's grade
    yearly = request.GET.get("yearly") == "due"
    listed = form.tasks(
        today(), also=Q(pk__in=year_grades_due(request.user).values("pk")) if yearly else None
    )
    page = listed.page(
        after=request.GET.get("after", ""), before=request.GET.get("before", ""), size=PAGE_SIZE
    )
    return render(
        request,
        "tasks/list.html",
        {
            "form": form,
            "page": page,
            "total": listed.total(),
            "last": LAST,
            "tasks": page.items,
            "yearly": yearly,
        },
    )
