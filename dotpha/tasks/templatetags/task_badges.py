"""A task's status and progress badges and its assignee, as every page shows them. Tags, not included
templates: a list of 50 tasks draws each twice (a table on wide screens, cards on a phone), and its 300
includes were a third of the page's time. Every text is escaped."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from dotpha.core.templatetags.search_marks import highlight
from dotpha.tasks.models import Task, TaskStatus
from dotpha.tasks.selectors.progress import ProgressState

register = template.Library()

STATUS_CLASSES: dict[str, str] = {
    TaskStatus.APPROVED: "text-bg-success",
    TaskStatus.SUBMITTED: "text-bg-primary",
    TaskStatus.RETURNED: "text-bg-warning",
    TaskStatus.REJECTED: "text-bg-dark",
}
PROGRESS_CLASSES: dict[str, str] = {
    ProgressState.ON_TRACK: "text-bg-success",
    ProgressState.AT_RISK: "text-bg-warning",
    ProgressState.OVERDUE: "text-bg-danger",
    ProgressState.STALE: "text-bg-secondary",
    ProgressState.COMPLETED_LATE: "text-bg-info",
}


@register.simple_tag
def status_badge(task: Task) -> SafeString:
    return format_html(
        '<span class="badge {}" data-status="{}">{}</span>',
        STATUS_CLASSES.get(task.status, "text-bg-secondary"),
        task.status,
        TaskStatus(task.status).label,
    )


@register.simple_tag
def progress_badge(state: str | None) -> SafeString:
    """Nothing for a task without a progress state (not approved)."""
    if not state:
        return mark_safe("")
    return format_html(
        '<span class="badge {}" data-progress="{}">{}</span>',
        PROGRESS_CLASSES.get(state, "text-bg-primary"),
        state,
        ProgressState(state).label if state in ProgressState.values else "",
    )


@register.simple_tag
def assignee(task: Task, query: object = None) -> SafeString:
    """The cadre's name, or the collective's with its mark; the words of a search (`query`) marked."""
    if task.assignee_cadre_id:
        return highlight(task.assignee_cadre.full_name, query)  # type: ignore[union-attr]
    return format_html(
        '{} <span class="badge text-bg-light border">{}</span>',
        highlight(task.assignee_unit.name, query),  # type: ignore[union-attr]
        gettext("tập thể"),
    )
