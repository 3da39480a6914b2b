"""Year end: the assignee's self-assessment, then the authority's grade; and each year of a phase task, the
assignee's report of the year, then the authority's grade of it."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dotpha.accounts.http import AuthedHttpRequest
from dotpha.tasks import services
from dotpha.tasks.forms import EvaluationForm, SelfAssessmentForm, YearGradeForm, YearSelfReportForm
from dotpha.tasks.views._action import task_page_action
from dotpha.tasks.views._common import auto_id, visible_task


@login_required
@require_POST
def self_assess(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    task = visible_task(request, pk)
    return task_page_action(
        request,
        form=SelfAssessmentForm(request.POST, task=task, auto_id=auto_id("self")),
        task_id=pk,
        key="self",
        act=lambda data: services.task_self_assess(actor=request.user, task=task, **data),
        done=_("Đã gửi tự đánh giá."),
    )


@login_required
@require_POST
def evaluate(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    task = visible_task(request, pk)
    return task_page_action(
        request,
        form=EvaluationForm(request.POST, task=task, auto_id=auto_id("evaluation")),
        task_id=pk,
        key="evaluation",
        act=lambda data: services.task_evaluate(actor=request.user, task=task, **data),
        done=_("Đã đánh giá kết quả việc."),
    )


@login_required
@require_POST
def year_self_report(request: AuthedHttpRequest, pk: int, year: int) -> HttpResponse:
    task = visible_task(request, pk)
    key = f"year-self-{year}"
    return task_page_action(
        request,
        form=YearSelfReportForm(request.POST, auto_id=auto_id(key)),
        task_id=pk,
        key=key,
        act=lambda data: services.year_review_self_report(actor=request.user, task=task, year=year, **data),
        done=_("Đã gửi tự báo cáo kết quả năm %(year)s.") % {"year": year},
    )


@login_required
@require_POST
def year_grade(request: AuthedHttpRequest, pk: int, year: int) -> HttpResponse:
    task = visible_task(request, pk)
    key = f"year-grade-{year}"
    return task_page_action(
        request,
        form=YearGradeForm(request.POST, task=task, auto_id=auto_id(key)),
        task_id=pk,
        key=key,
        act=lambda data: services.year_review_grade(actor=request.user, task=task, year=year, **data),
        done=_("Đã đánh giá kết quả năm %(year)s.") % {"year": year},
    )
