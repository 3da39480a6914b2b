"""Turns a task's workflow step into notifications for the people who must act or want to know."""

from django.urls import reverse

from dotpha.notifications.models import NotificationKind
from dotpha.notifications.recipients import approvers_of, people_of_assignee
from dotpha.notifications.services import notify

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


def on_task_event(sender, *, event, **kwargs) -> None:
    """The receiver of `dotpha.tasks.signals.task_event_recorded`."""
    notify_task_event(event)
