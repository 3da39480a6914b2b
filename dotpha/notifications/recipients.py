"""Who hears about what: the people behind an assignee and behind an authority."""

from django.db.models import Q, QuerySet

from dotpha.accounts.models import Role, User
from dotpha.org.lineage import ancestor_paths, successor_paths
from dotpha.org.models import Unit


def role_holders_over(unit: Unit, role: str) -> QuerySet[User]:
    """Users holding `role` on this unit or on any unit above it (a grant covers its subtree), or on a unit
    it was merged into, or above that one (the successor inherits the old unit's business)."""
    paths = {path for lineage in successor_paths(unit) for path in ancestor_paths(lineage)}
    return User.objects.filter(is_active=True, grants__role=role, grants__unit__path__in=paths).distinct()


def approvers_of(unit: Unit) -> QuerySet[User]:
    return role_holders_over(unit, Role.APPROVER)


def people_of_assignee(task) -> QuerySet[User]:
    """The assignee's own account, or the managers of the assignee unit; and whoever wrote the task."""
    q = Q(pk=task.author_id)
    if task.assignee_cadre_id:
        q |= Q(cadre_id=task.assignee_cadre_id)
    else:
        q |= Q(pk__in=role_holders_over(task.assignee_unit, Role.UNIT_MANAGER).values("pk"))
    return User.objects.filter(q, is_active=True).distinct()
