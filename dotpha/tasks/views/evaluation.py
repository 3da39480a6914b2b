"""Year end: the assignee's self-assessment, then the authority's grade."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dotpha.core.errors import ApplicationError
from dotpha.core.http import AuthedHttpRequest
from dotpha.tasks import services
from dotpha.tasks.forms import EvaluationForm, SelfAssessmentForm
from dotpha.tasks.views._common import auto_id, refused, visible_task
from dotpha.tasks.views.detail import render_detail


@login_required
@require_POST
def self_assess(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    task = visible_task(request, pk)
    form = SelfAssessmentForm(request.POST, task=task, auto_id=auto_id("self"))
    status = 200
    if form.is_valid():
        try:
            services.task_self_assess(actor=request.user, task=task, **form.cleaned_data)
        except ApplicationError as exc:
            status = refused(request, form, exc)
        else:
            messages.success(request, _("Đã gửi tự đánh giá."))
            return redirect("tasks:detail", pk)
    return render_detail(request, pk, bound={"self": form}, status=status)


@login_required
@require_POST
def evaluate(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    task = visible_task(request, pk)
    form = EvaluationForm(request.POST, task=task, auto_id=auto_id("evaluation"))
    status = 200
    if form.is_valid():
        try:
            services.task_evaluate(actor=request.user, task=task, **form.cleaned_data)
        except ApplicationError as exc:
            status = refused(request, form, exc)
        else:
            messages.success(request, _("Đã đánh giá kết quả việc."))
            return redirect("tasks:detail", pk)
    return render_detail(request, pk, bound={"evaluation": form}, status=status)
