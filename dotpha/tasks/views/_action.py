"""The shape every small form on a task's page shares: bind it, call the one service, then either go back
to the task with a message, or show the page again with the form as typed and the refusal on it."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect

from dotpha.accounts.http import AuthedHttpRequest
from dotpha.core.errors import ApplicationError
from dotpha.tasks.views._common import refused_on_task
from dotpha.tasks.views.detail import render_detail


def task_page_action(
    request: AuthedHttpRequest,
    *,
    form: forms.Form,
    task_id: int,
    key: str,
    act: Callable[[dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """`act` gets the cleaned data and calls the service; `key` names the form among the page's forms."""
    status = 200
    if form.is_valid():
        try:
            act(form.cleaned_data)
        except ApplicationError as exc:
            status = refused_on_task(request, form, exc, task_id)
        else:
            messages.success(request, done)
            return redirect("tasks:detail", task_id)
    return render_detail(request, task_id, bound={key: form}, status=status)
