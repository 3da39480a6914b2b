"""Who hears about what: the people behind an assignee and behind an authority."""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from dotpha.accounts.models import Role, RoleGrant, User
from dotpha.org.lineage import ancestor_paths, successor_paths, successor_paths_by_unit
from dotpha.org.models import Unit


def role_holders_over(unit: Unit, role: str) -> QuerySet[User]:
    """Users holding `role` on this unit or on any unit above it (a grant covers its subtree), or on a unit
    it was merged into, or above that one (the successor inherits the old unit's business)."""
    paths = {path for lineage in successor_paths(unit) for path in ancestor_paths(lineage)}
    # Through the grants in force (RoleGrant.objects): a join on `grants__` would bypass their dates and keep
    # telling someone whose role has ended.
    in_force = RoleGrant.objects.filter(role=role, unit__path__in=paths)
    return User.objects.filter(is_active=True, pk__in=in_force.values("user_id"))


def role_holders_over_units(units: Iterable[Unit], role: str) -> dict[int, list[User]]:
    """`role_holders_over` of many units, by unit id, in a fixed number of queries (one per generation of
    mergers, and one). Grants in force only, as in `role_holders_over`."""
    paths_of = {
        pk: {path for lineage in lineages for path in ancestor_paths(lineage)}
        for pk, lineages in successor_paths_by_unit(units).items()
    }
    holders_by_path: dict[str, dict[int, User]] = defaultdict(dict)
    grants = RoleGrant.objects.filter(
        role=role, unit__path__in=set().union(*paths_of.values()), user__is_active=True
    ).select_related("user", "unit")
    for grant in grants:
        holders_by_path[grant.unit.path][grant.user_id] = grant.user
    return {
        pk: list({u.pk: u for path in paths for u in holders_by_path[path].values()}.values())
        for pk, paths in paths_of.items()
    }


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


def people_of_assignees(tasks: Iterable) -> dict[int, list[User]]:
    """`people_of_assignee` of many tasks, by task id, in a fixed number of queries."""
    tasks = list(tasks)
    units = Unit.objects.in_bulk({t.assignee_unit_id for t in tasks if not t.assignee_cadre_id})
    managers = role_holders_over_units(units.values(), Role.UNIT_MANAGER)
    own = User.objects.filter(
        Q(pk__in={t.author_id for t in tasks})
        | Q(cadre_id__in={t.assignee_cadre_id for t in tasks if t.assignee_cadre_id}),
        is_active=True,
    )
    by_pk, by_cadre = {}, defaultdict(list)
    for user in own:
        by_pk[user.pk] = user
        if user.cadre_id:
            by_cadre[user.cadre_id].append(user)
    people = {}
    for task in tasks:
        found = [by_pk[task.author_id]] if task.author_id in by_pk else []
        if task.assignee_cadre_id:
            found += by_cadre[task.assignee_cadre_id]
        else:
            found += managers[task.assignee_unit_id]
        people[task.pk] = list({u.pk: u for u in found}.values())
    return people
