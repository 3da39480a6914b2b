"""nhập thay: the grants and drafts each person reads: the organizer the grants of the leaders in their scope,
the assistant their own grants and drafts, the leader the drafts waiting for them; and, on a task's page,
which of its acts were entered by an assistant and confirmed by the leader."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from dotpha.accounts.access import cadres_visible_to, is_organizer
from dotpha.accounts.models import User
from dotpha.tasks.models import AssistantGrant, EntryKind, EntryStatus, OnBehalfEntry, Task

ENTRY_RELATED = ("entered_by__cadre", "leader__cadre", "task", "period__programme", "report")


def in_force_on(day: datetime.date) -> Q:
    """The SQL twin of AssistantGrant.in_force_on."""
    return Q(ended_at__isnull=True, valid_from__lte=day, valid_to__gte=day)


def grants_managed_by(user: User) -> QuerySet[AssistantGrant]:
    """The grants of the leaders an organizer sees, and those they made; none for anyone else."""
    if not is_organizer(user):
        return AssistantGrant.objects.none()
    grants = AssistantGrant.objects.all()
    if not user.is_superuser:
        leaders = cadres_visible_to(user).values("pk")
        grants = grants.filter(Q(leader__cadre__in=leaders) | Q(granted_by=user))
    return grants.select_related("leader__cadre", "assistant__cadre", "granted_by__cadre", "ended_by__cadre")


def grants_of_assistant(user: User) -> QuerySet[AssistantGrant]:
    return AssistantGrant.objects.filter(assistant=user).select_related("leader__cadre")


def assists_someone(user: User) -> bool:
    """Holds a grant not ended (the home page's "Nhập thay" group): one query, on the home page only."""
    return (
        user.is_authenticated
        and AssistantGrant.objects.filter(assistant=user, ended_at__isnull=True).exists()
    )


def entries_waiting_for(leader: User) -> QuerySet[OnBehalfEntry]:
    return OnBehalfEntry.objects.filter(leader=leader, status=EntryStatus.PENDING).select_related(
        *ENTRY_RELATED
    )


def entries_entered_by(user: User) -> QuerySet[OnBehalfEntry]:
    return OnBehalfEntry.objects.filter(entered_by=user).select_related(*ENTRY_RELATED)


@dataclass
class TaskOnBehalf:
    """A task's acts that an assistant entered and the leader confirmed, for its page."""

    registration: OnBehalfEntry | None = None
    reports: dict[int, OnBehalfEntry] = field(default_factory=dict)
    self_assessment: OnBehalfEntry | None = None
    waiting: int = 0  # drafts for this task waiting for the viewer's confirmation


def task_on_behalf(task: Task, viewer: User) -> TaskOnBehalf:
    """One query. The self-assessment is named as entered on behalf only while it is the one confirmed: a
    later self-assessment by the leader is the leader's own."""
    found = TaskOnBehalf()
    entries = OnBehalfEntry.objects.filter(task=task).filter(
        Q(status=EntryStatus.CONFIRMED) | Q(status=EntryStatus.PENDING, leader=viewer)
    )
    evaluation = getattr(task, "evaluation", None)
    for entry in entries.select_related("entered_by__cadre", "leader__cadre").order_by("decided_at", "pk"):
        if entry.status == EntryStatus.PENDING:
            found.waiting += 1
        elif entry.kind == EntryKind.REGISTRATION:
            found.registration = entry
        elif entry.kind == EntryKind.PROGRESS_REPORT and entry.report_id is not None:
            found.reports[entry.report_id] = entry
        elif (
            entry.kind == EntryKind.SELF_ASSESSMENT
            and evaluation is not None
            and evaluation.self_assessed_at is not None
            and entry.decided_at is not None
            and entry.decided_at >= evaluation.self_assessed_at
        ):
            found.self_assessment = entry
    return found
