"""Quyết định phê duyệt: the register of approval decisions (number, date, signer, body, "phê duyệt N việc
cho M cán bộ", its tasks) and the rows of a decision's annex. Organizers, approvers and inspectors read it,
each within decisions_visible_to."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from dotpha.accounts.access import has_role
from dotpha.accounts.models import Role, User
from dotpha.core.search import normalize_search
from dotpha.org.models import Appointment, Unit
from dotpha.programmes.models import STANDING_COMMITTEE, Decision
from dotpha.programmes.selectors import decisions_visible_to

REGISTER_ROLES = (Role.ORGANIZER, Role.APPROVER, Role.INSPECTOR)


def can_open_register(user: User) -> bool:
    return any(has_role(user, role) for role in REGISTER_ROLES)


def decision_register(user: User) -> QuerySet[Decision]:
    """Every decision the user may see, newest first, with how many tasks for how many cadres and units."""
    return (
        decisions_visible_to(user)
        .select_related("amends", "issuing_unit__kind", "period")
        .annotate(
            task_count=Count("tasks", distinct=True),
            cadre_count=Count("tasks__assignee_cadre", distinct=True),
            unit_count=Count("tasks__assignee_unit", distinct=True),
        )
        .order_by("-signed_on", "-pk")
    )


@dataclass
class AnnexRow:
    number: int
    task_id: int
    assignee: str
    post: str
    unit: str
    title: str
    deadline: datetime.date | None


def annex_rows(decision: Decision) -> list[AnnexRow]:
    """STT, cadre (or collective), post and unit on the signing day, task, deadline: by assignee."""
    tasks = sorted(
        decision.tasks.select_related("assignee_cadre", "assignee_unit"),  # type: ignore[attr-defined]
        # by name as Vietnamese sorts it (Đặng before Trần), which the databases' byte order does not
        key=lambda t: (normalize_search(_assignee(t)), t.pk),
    )
    day = decision.signed_on
    posts: dict[int, Appointment] = {}
    in_post = Appointment.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=day),
        cadre__in=[t.assignee_cadre_id for t in tasks if t.assignee_cadre_id],
        start_date__lte=day,
    ).select_related("position", "unit")
    for appointment in in_post.order_by("start_date", "pk"):
        posts[appointment.cadre_id] = appointment  # the latest post begun by the signing day
    rows = []
    for number, task in enumerate(tasks, start=1):
        post = posts.get(task.assignee_cadre_id) if task.assignee_cadre_id else None
        rows.append(
            AnnexRow(
                number=number,
                task_id=task.pk,
                assignee=_assignee(task),
                post=post.position.name if post else "",
                unit=post.unit.name if post else (task.assignee_unit.name if task.assignee_unit else ""),
                title=task.title,
                deadline=task.deadline,
            )
        )
    return rows


def annex_filename(decision: Decision, extension: str) -> str:
    """The annex's file name (the signed scan's too, when its upload had none). A number such as "125-QĐ/TU"
    has a slash and Vietnamese letters: only its ASCII letters and digits are kept."""
    safe = "".join(c if c.isascii() and c.isalnum() else "-" for c in decision.number)
    return f"phu-luc-quyet-dinh-{safe}-{decision.signed_on:%Y}.{extension}"


def _assignee(task) -> str:
    if task.assignee_cadre:
        return task.assignee_cadre.full_name
    return task.assignee_unit.name if task.assignee_unit else ""


def committee_name(decision: Decision) -> str:
    """The body named on the left of the heading: the party committee a standing committee acts for."""
    unit = decision.issuing_unit
    if unit.kind.code == STANDING_COMMITTEE:
        parent = Unit.objects.get_parent(unit)
        if parent is not None:
            return parent.name
    return unit.name


def province_name(decision: Decision) -> str:
    path = decision.issuing_unit.path[: Unit.steplen]
    return Unit.objects.filter(path=path).values_list("name", flat=True).first() or ""
