"""The look-alikes of the approval queue, written here rather than by a template: the queue shows up to
three for each of its 50 tasks, and the template's 150 blocks (each a few includes, two addresses and a query
string) took half the page's rendering. `{{ words|marked_words }}`: a look-alike's title with the words the
task's title lacks marked (<mark>). Every text is escaped: titles and names are what people typed."""

from django import template
from django.template.context import Context
from django.urls import reverse
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from dotpha.tasks.lookalikes import Word
from dotpha.tasks.models import Task, TaskStatus
from dotpha.tasks.selectors.lookalikes import Lookalike, TaskLookalikes

register = template.Library()


@register.filter
def marked_words(words: list[Word]) -> SafeString:
    return mark_safe(  # every word is escaped here
        " ".join(
            f"<mark>{conditional_escape(word.text)}</mark>" if word.differs else conditional_escape(word.text)
            for word in words
        )
    )


@register.simple_tag(takes_context=True)
def queue_lookalikes(context: Context, task: Task, found: TaskLookalikes) -> SafeString:
    """A queued task's look-alikes: each with its score, marked title and relation; a task's with its link,
    period, assignee and status, and the button that marks the pair "đã xem, không trùng" (submitted by the
    page's one `lookalike-form`, back to the same page); then how many such pairs are still alike."""
    if not (found.shown or found.dismissed):
        return mark_safe("")
    query = context["request"].GET.urlencode()
    dismiss = reverse("tasks:lookalike_dismiss", args=[task.pk]) + "?" + query
    rows = format_html_join("", "{}", ((_row(lookalike, dismiss),) for lookalike in found.shown))
    dismissed = (
        format_html(
            '<div class="small text-secondary" data-dismissed="{}">{}</div>',
            found.dismissed,
            gettext("%(n)s việc giống đã xem, không trùng") % {"n": found.dismissed},
        )
        if found.dismissed
        else ""
    )
    return format_html(
        '<div class="lookalikes mt-1" data-lookalikes="{}">{}{}\n</div>', task.pk, rows, dismissed
    )


def _row(lookalike: Lookalike, dismiss: str) -> SafeString:
    score = format_html(
        '<span class="badge text-bg-warning" data-score="{}">{}</span>',
        lookalike.score,
        gettext("Giống %(s)s%%") % {"s": lookalike.score},
    )
    title = marked_words(lookalike.words)
    if lookalike.duty is not None or lookalike.task is None:
        return format_html(
            '<div class="small border-start border-danger border-3 ps-2 mb-1" data-routine-duty="{}">'
            '{} <span class="lookalike-title">{}</span> <span class="text-secondary">· {}</span></div>',
            lookalike.duty.pk if lookalike.duty is not None else "",
            score,
            title,
            lookalike.relation.label,
        )
    other = lookalike.task
    assignee = other.assignee_cadre.full_name if other.assignee_cadre else other.assignee_unit.name  # type: ignore[union-attr]
    return format_html(
        '<div class="small border-start border-warning border-3 ps-2 mb-1" data-lookalike="{}">'
        '{} <a href="{}" class="lookalike-title">{}</a> '
        '<span class="text-secondary">· {} · {} · {} · {}</span> '
        '<button class="btn btn-link btn-sm p-0 align-baseline" type="submit" form="lookalike-form" '
        'formaction="{}" name="other" value="{}">{}</button></div>',
        other.pk,
        score,
        reverse("tasks:detail", args=[other.pk]),
        title,
        other.period.name,
        assignee,
        lookalike.relation.label,
        TaskStatus(other.status).label,  # get_status_display() rebuilds the choices' mapping each call
        dismiss,
        other.pk,
        gettext("Đã xem, không trùng"),
    )
