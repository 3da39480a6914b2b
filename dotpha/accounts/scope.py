"""What a user may see, computed once per request from their role grants.

A grant on a unit covers its whole subtree (a path prefix in the tree), and the subtrees of every unit
that was merged into a covered unit, so history follows a merger.
"""

from dataclasses import dataclass

from django.db.models import Q

from dotpha.accounts.models import Role, RoleGrant, User
from dotpha.org.lineage import minimal_prefixes, predecessors_by_path
from dotpha.org.models import Appointment, Unit

SUBTREE_ROLES = frozenset(
    {Role.ORGANIZER, Role.APPROVER, Role.UNIT_MANAGER, Role.COMMUNE_COMMITTEE, Role.INSPECTOR}
)


@dataclass(frozen=True)
class Scope:
    is_superuser: bool
    roles: frozenset[str]
    paths: tuple[str, ...]
    own_unit_ids: frozenset[int]
    cadre_id: int | None

    def unit_q(self, prefix: str = "") -> Q:
        """Filter for rows whose unit (reached through `prefix`) lies in scope."""
        if self.is_superuser:
            return Q()
        q = Q(pk__in=[])
        for path in self.paths:
            q |= Q(**{f"{prefix}path__startswith": path})
        if self.own_unit_ids:
            q |= Q(**{f"{prefix}pk__in": self.own_unit_ids})
        return q

    def has_role(self, *roles: str) -> bool:
        return self.is_superuser or any(role in self.roles for role in roles)


def scope_of(user: User) -> Scope:
    cached = getattr(user, "_dotpha_scope", None)
    if cached is not None:
        return cached
    scope = _compute_scope(user)
    user._dotpha_scope = scope  # type: ignore[attr-defined]
    return scope


def grant_paths(user: User) -> dict[str, tuple[str, ...]]:
    """Per role, the tree paths the user's grants cover, merged units included: read once per user
    object (two queries, one more per generation of mergers) and shared by scope and role checks."""
    cached: dict[str, tuple[str, ...]] | None = getattr(user, "_dotpha_role_paths", None)
    if cached is not None:
        return cached
    grants = list(RoleGrant.objects.filter(user=user).values_list("role", "unit__path"))
    inherited = predecessors_by_path({path for _, path in grants})
    by_role: dict[str, set[str]] = {}
    for role, path in grants:
        by_role.setdefault(role, set()).update(inherited[path])
    cached = {role: tuple(sorted(minimal_prefixes(paths))) for role, paths in by_role.items()}
    user._dotpha_role_paths = cached  # type: ignore[attr-defined]
    return cached


def _compute_scope(user: User) -> Scope:
    if not user.is_authenticated or not user.is_active:
        return Scope(False, frozenset(), (), frozenset(), None)
    by_role = grant_paths(user)
    roles = frozenset(by_role)
    paths = minimal_prefixes({path for role in SUBTREE_ROLES for path in by_role.get(role, ())})
    own_unit_ids: frozenset[int] = frozenset()
    if Role.CADRE in roles and user.cadre_id:
        own_unit_ids = frozenset(
            Appointment.objects.filter(cadre_id=user.cadre_id).values_list("unit_id", flat=True)
        )
    return Scope(user.is_superuser, roles, tuple(sorted(paths)), own_unit_ids, user.cadre_id)


def units_in_scope(user: User):
    return Unit.objects.filter(scope_of(user).unit_q())
