"""What a merger or a split hands over in the task workflow, for its preview (org cannot import tasks)."""

from django.db.models import Q
from django.utils.translation import gettext as _

from dotpha.org.models import Unit
from dotpha.tasks.models import Task, TaskStatus

# The preview names this many tasks, then how many more: a district's merger can hand over thousands.
LISTED = 50


def on_merger_rehearsed(
    sender, *, predecessors: list[Unit], successors: list[Unit], **kwargs
) -> tuple[str, list[str]]:
    """The receiver of `dotpha.org.signals.merger_rehearsed`: the tasks not yet graded that the units merged
    or split away held (collective tasks) or were to approve and evaluate, which the successors' pages and
    committees then take over through the merger lineage. One line per task: title, assignee, status."""
    tasks = (
        Task.objects.filter(Q(assignee_unit__in=predecessors) | Q(authority_unit__in=predecessors))
        .exclude(status=TaskStatus.REJECTED)
        .exclude(evaluation__grade__gt="")
        .select_related("assignee_unit", "assignee_cadre")
        .order_by("title", "pk")
    )
    total = tasks.count()
    lines = [f"{task.title} — {task.assignee}, {task.get_status_display()}" for task in tasks[:LISTED]]
    if total > LISTED:
        lines.append(_("và %(count)s việc khác") % {"count": total - LISTED})
    names = ", ".join(f"“{unit}”" for unit in successors)
    return _("Việc chưa đánh giá, chuyển sang %(units)s") % {"units": names}, lines
