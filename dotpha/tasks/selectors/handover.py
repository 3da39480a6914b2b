"""What a merger hands over in the task workflow, for the merger's preview (org cannot import tasks)."""

from django.utils.translation import gettext as _

from dotpha.org.models import Unit
from dotpha.tasks.models import Task, TaskStatus


def on_merger_rehearsed(
    sender, *, predecessors: list[Unit], successor: Unit, **kwargs
) -> tuple[str, list[str]]:
    """The receiver of `dotpha.org.signals.merger_rehearsed`: the merged units' collective tasks not yet
    graded, which the successor's pages then show through the merger lineage."""
    tasks = (
        Task.objects.filter(assignee_unit__in=predecessors)
        .exclude(status=TaskStatus.REJECTED)
        .exclude(evaluation__grade__gt="")
        .select_related("assignee_unit", "period")
        .order_by("assignee_unit__path", "title")
    )
    lines = [f"{task.title} — {task.assignee_unit}, {task.get_status_display()}" for task in tasks]
    return _("Việc của tập thể chưa đánh giá, chuyển sang “%(unit)s”") % {"unit": successor}, lines
