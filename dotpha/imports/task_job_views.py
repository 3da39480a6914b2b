"""The page of a task import the worker runs: its phase while it runs (htmx polls the status part), then
the summary, or the issues that refused the file. Only the user who asked sees it."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from dotpha.accounts.http import AuthedHttpRequest
from dotpha.imports.models import TaskImportJob


@login_required
@require_GET
def task_job(request: AuthedHttpRequest, pk) -> HttpResponse:
    # Not found for anyone else, organizers included: the file and its errors are the requester's.
    job = get_object_or_404(TaskImportJob, pk=pk, requested_by=request.user)
    context = {
        "job": job,
        "issues": job.issues,
        "hidden_issues": max(0, job.issue_count - len(job.issues)),
        "refused": True,
    }
    if request.htmx:
        return render(request, "imports/_task_job_status.html", context)
    return render(request, "imports/task_job.html", context)
