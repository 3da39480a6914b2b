"""What a user may see, computed once per request from their role grants.

A grant on a unit covers its whole subtree (a path prefix in the tree), and the subtrees of every unit
that was merged into a covered unit, so history follows a merger.
"""

from dataclasses import dataclass

from django.db.models import Q

from dotpha.accounts.models import Role, RoleGrant, User
from dotpha.org.models import Appointment, Unit, UnitMerger

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


def _compute_scope(user: User) -> Scope:
    if not user.is_authenticated or not user.is_active:
        return Scope(False, frozenset(), (), frozenset(), None)
    grants = list(RoleGrant.objects.filter(user=user).select_related("unit"))
    roles = frozenset(g.role for g in grants)
    paths = _minimal_prefixes({g.unit.path for g in grants if g.role in SUBTREE_ROLES})
    paths = _with_predecessors(paths)
    own_unit_ids: frozenset[int] = frozenset()
    if Role.CADRE in roles and user.cadre_id:
        own_unit_ids = frozenset(
            Appointment.objects.filter(cadre_id=user.cadre_id).values_list("unit_id", flat=True)
        )
    return Scope(user.is_superuser, roles, tuple(sorted(paths)), own_unit_ids, user.cadre_id)


def _minimal_prefixes(paths: set[str]) -> set[str]:
    ordered = sorted(paths)
    kept: list[str] = []
    for path in ordered:
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return set(kept)


def _with_predecessors(paths: set[str]) -> set[str]:
    covered = set(paths)
    frontier = set(paths)
    while frontier:
        q = Q(pk__in=[])
        for path in frontier:
            q |= Q(successor__path__startswith=path)
        new = set(UnitMerger.objects.filter(q).values_list("predecessor__path", flat=True))
        new = {p for p in new if not any(p.startswith(c) for c in covered)}
        covered |= new
        frontier = new
    return _minimal_prefixes(covered)


def units_in_scope(user: User):
    return Unit.objects.filter(scope_of(user).unit_q())
