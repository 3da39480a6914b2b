"""Turns a task's workflow step into notifications for the people who must act or want to know."""

from collections import defaultdict
from typing import Any

from django.urls import reverse

from dotpha.accounts.models import Role
from dotpha.notifications.models import NotificationKind
from dotpha.notifications.recipients import (
    approvers_of,
    people_of_assignee,
    people_of_assignees,
    role_holders_over_units,
)
from dotpha.notifications.services import Message, notify, notify_many
from dotpha.org.models import Unit

# event kind -> (notification kind, who is told, message)
ROUTES = {
    "submitted": (NotificationKind.SUBMITTED, "authority", "Việc “{title}” đã được gửi, chờ phê duyệt."),
    "returned": (NotificationKind.RETURNED, "assignee", "Việc “{title}” bị trả lại để hoàn thiện: {comment}"),
    "approved": (NotificationKind.APPROVED, "assignee", "Việc “{title}” đã được phê duyệt."),
    "rejected": (NotificationKind.REJECTED, "assignee", "Việc “{title}” không được phê duyệt: {comment}"),
    "assigned": (NotificationKind.ASSIGNED, "assignee", "Bạn được giao việc “{title}”."),
    "obstacle_raised": (
        NotificationKind.OBSTACLE_RAISED,
        "authority",
        "Việc “{title}” có khó khăn, vướng mắc cần trả lời.",
    ),
    "obstacle_answered": (
        NotificationKind.OBSTACLE_ANSWERED,
        "assignee",
        "Khó khăn của việc “{title}” đã được trả lời.",
    ),
    "adjustment_requested": (
        NotificationKind.ADJUSTMENT_REQUESTED,
        "authority",
        "Việc “{title}” có đề nghị điều chỉnh.",
    ),
    "adjustment_approved": (
        NotificationKind.ADJUSTMENT_DECIDED,
        "assignee",
        "Đề nghị điều chỉnh việc “{title}” được chấp thuận.",
    ),
    "adjustment_refused": (
        NotificationKind.ADJUSTMENT_DECIDED,
        "assignee",
        "Đề nghị điều chỉnh việc “{title}” không được chấp thuận.",
    ),
    "evaluated": (NotificationKind.EVALUATED, "assignee", "Việc “{title}” đã được đánh giá kết quả."),
    "year_reviewed": (NotificationKind.EVALUATED, "assignee", "Việc “{title}” đã được đánh giá kết quả năm."),
}


def notify_task_event(event) -> None:
    route = ROUTES.get(event.kind)
    if route is None:
        return
    kind, audience, message = route
    task = event.task
    recipients = approvers_of(task.authority_unit) if audience == "authority" else people_of_assignee(task)
    notify(
        recipients=[u for u in recipients if u.pk != event.actor_id],
        kind=kind,
        title=message.format(title=task.title, comment=event.comment or "—"),
        url=reverse("tasks:detail", args=[task.pk]),
    )


def notify_task_events(events: list) -> None:
    """`notify_task_event` of every event of one action (a batch decision, an imported list): the same
    notifications and e-mails, with the recipients of all the events found in a fixed number of queries;
    but tasks assigned together are told as one notification per person and decision, with their
    count."""
    routed = [(event, ROUTES[event.kind]) for event in events if event.kind in ROUTES]
    tasks_for: dict[str, dict[int, Any]] = {"authority": {}, "assignee": {}}
    for event, (_, audience, _) in routed:
        tasks_for[audience][event.task.pk] = event.task
    units = Unit.objects.in_bulk({t.authority_unit_id for t in tasks_for["authority"].values()})
    approvers = role_holders_over_units(units.values(), Role.APPROVER)
    people = people_of_assignees(tasks_for["assignee"].values())

    def told(event, audience: str) -> list:
        task = event.task
        found = approvers[task.authority_unit_id] if audience == "authority" else people[task.pk]
        return [u for u in found if u.pk != event.actor_id]

    messages = []
    assigned: dict[tuple[int, str], list] = defaultdict(list)  # (recipient, decision number) -> events
    people_by_pk = {}
    for event, (kind, audience, message) in routed:
        recipients = told(event, audience)
        if event.kind == "assigned":
            for user in recipients:
                people_by_pk[user.pk] = user
                assigned[user.pk, (event.payload or {}).get("decision_number", "")].append(event)
            continue
        messages.append(
            Message(
                recipients=recipients,
                kind=kind,
                title=message.format(title=event.task.title, comment=event.comment or "—"),
                url=reverse("tasks:detail", args=[event.task.pk]),
            )
        )
    for (pk, number), batch in assigned.items():
        messages.append(_assigned_message(people_by_pk[pk], number, batch))
    notify_many(messages)


ASSIGNED_MANY = "Bạn được giao {count} việc theo Quyết định số {number}."


def _assigned_message(user, number: str, events: list) -> Message:
    """A person given many tasks at once (an imported list) is told once, with their count, and pointed to
    their own list; given one, as `notify_task_event` tells it."""
    kind, _, message = ROUTES["assigned"]
    if len(events) == 1:
        task = events[0].task
        return Message(
            recipients=[user],
            kind=kind,
            title=message.format(title=task.title),
            url=reverse("tasks:detail", args=[task.pk]),
        )
    title = ASSIGNED_MANY.format(count=len(events), number=number or "—")
    return Message(recipients=[user], kind=kind, title=title, url=reverse("tasks:mine"))


def on_task_event(sender, *, event, **kwargs) -> None:
    """The receiver of `dotpha.tasks.signals.task_event_recorded`."""
    notify_task_event(event)


def on_task_events(sender, *, events, **kwargs) -> None:
    """The receiver of `dotpha.tasks.signals.task_events_recorded`."""
    notify_task_events(events)
