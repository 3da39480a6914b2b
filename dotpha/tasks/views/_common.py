"""What the task views share: finding a task the user may see (404 otherwise, its existence is not
disclosed), turning a service's refusal into a message on the form, today's date."""

import datetime
from typing import cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404
from django.utils import timezone

from dotpha.accounts.http import AuthedHttpRequest
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.tasks.errors import TaskRefusal
from dotpha.tasks.models import Task
from dotpha.tasks.selectors import tasks_visible_to


def auto_id(key: str) -> str:
    """Field ids of one form among several on a page (each task's review form, each obstacle's answer...),
    so no two fields share an id and every label points at its own field."""
    return f"id_{key}_%s"


def today() -> datetime.date:
    return timezone.localdate()


def visible_task(request: AuthedHttpRequest, pk: int) -> Task:
    return get_object_or_404(
        tasks_visible_to(request.user).select_related("programme", "period", "authority_unit"), pk=pk
    )


def visible_child[M: Model](
    request: AuthedHttpRequest, queryset: QuerySet[M], pk: int, *, via: str = "task"
) -> M:
    """A row of a task (obstacle, adjustment, milestone, evidence) whose task the user may see."""
    visible = tasks_visible_to(request.user).values("pk")
    try:
        return queryset.filter(**{f"{via}__in": visible}).get(pk=pk)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


def refused(request: AuthedHttpRequest, form: forms.Form | None, exc: ApplicationError) -> int:
    """Shows the service's message at the top of the page and on the form, which keeps what was typed.
    Returns the status to answer with: 403 when the user may not do it, else 200."""
    messages.error(request, exc.message)
    if form is not None:
        form.add_error(None, exc.message)
    return 403 if isinstance(exc, PermissionDeniedError) else 200


def refused_on_task(request: AuthedHttpRequest, form: forms.Form, exc: ApplicationError, task_id: int) -> int:
    """`refused`, for a form that carries the task's version. When the refusal is that someone changed the
    task meanwhile, the page shown again holds the task as it is now, so the form keeps what was typed but
    now carries the current version: sending it again, having seen the change, goes through."""
    if exc.code == TaskRefusal.STALE_VERSION and "version" in form.fields:
        data = cast(QueryDict, form.data).copy()  # the request's own is immutable
        data["version"] = str(Task.objects.values_list("version", flat=True).get(pk=task_id))
        form.data = data
    return refused(request, form, exc)


def plan_rows(formset: forms.BaseFormSet) -> list:
    """The filled milestone or target rows not marked for deletion, as service inputs."""
    return [
        f.as_input()  # type: ignore[attr-defined]
        for f in formset.forms
        if hasattr(f, "cleaned_data") and not f.cleaned_data.get("DELETE") and not f.is_blank  # type: ignore[attr-defined]
    ]
