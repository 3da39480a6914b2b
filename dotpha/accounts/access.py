"""Access: what a user may see and do, in one place. Pages, the API, notifications, exports and the
services ask these; none repeats them.

- A role granted on a unit covers that unit's subtree (the grant's path is a prefix of the unit's path) and
  the subtrees of the units merged into it, so history follows a merger (`dotpha.org.lineage`); the paths
  are read once per user object (`grant_paths`) and shared by every check below.
- `scope_of(user)`: the subtree filter, computed once per request (`Scope.unit_q`), behind
  `units_visible_to` and `cadres_visible_to`.
- `has_role`, `has_role_over(user, role, unit)`: the role checks; the named ones (`is_organizer_over`,
  `leads_unit`, `can_manage_org`, ...) say which role a rule needs. Superusers hold every role.
"""

from dataclasses import dataclass

from django.db.models import F, Q, QuerySet

from dotpha.accounts.models import Role, RoleGrant, User
from dotpha.org.lineage import minimal_prefixes, predecessors_by_path
from dotpha.org.models import Appointment, Cadre, Unit

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


def holds_every_tree(user: User) -> bool:
    """The user's subtrees hold every tree (a superuser, or the organisation board of the only province on
    the instance): everything with a unit is in scope. One query, once per user object."""
    cached: bool | None = getattr(user, "_dotpha_every_tree", None)
    if cached is not None:
        return cached
    scope = scope_of(user)
    # only a grant on a tree's root can hold a whole tree: no query for everyone else
    roots = [path for path in scope.paths if len(path) == Unit.steplen]
    every = scope.is_superuser or (
        bool(roots) and not Unit.objects.filter(depth=1).exclude(path__in=roots).exists()
    )
    user._dotpha_every_tree = every  # type: ignore[attr-defined]
    return every


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


def role_paths(user: User, role: str) -> tuple[str, ...]:
    if not user.is_authenticated or not user.is_active:
        return ()
    return grant_paths(user).get(role, ())


def has_role_over(user: User, role: str, unit: Unit | None) -> bool:
    """The user holds `role` on `unit` or on one of its ancestors (superusers hold every role)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if unit is None:
        return False
    return any(unit.path.startswith(path) for path in role_paths(user, role))


def has_role(user: User, role: str) -> bool:
    return user.is_authenticated and user.is_active and (user.is_superuser or bool(role_paths(user, role)))


def is_organizer_over(user: User, unit: Unit | None) -> bool:
    return has_role_over(user, Role.ORGANIZER, unit)


def is_approver_over(user: User, unit: Unit | None) -> bool:
    return has_role_over(user, Role.APPROVER, unit)


def leads_unit(user: User, unit: Unit | None) -> bool:
    """The user is in the leadership of `unit` or of a unit above it in their subtree."""
    return has_role_over(user, Role.UNIT_MANAGER, unit)


def is_organizer(user: User) -> bool:
    return user.is_authenticated and scope_of(user).has_role(Role.ORGANIZER)


def can_manage_org(user: User, unit: Unit | None = None) -> bool:
    """Organizers edit and import units and cadres inside their subtree."""
    if not is_organizer(user):
        return False
    if unit is None or user.is_superuser:
        return True
    return any(unit.path.startswith(p) for p in _organizer_paths(user))


def account_units(account: User) -> list[Unit]:
    """The units an account acts for: those of its role grants (ended ones too: a commune's organizer does
    not take over a province official whose grant just ended) and of its cadre's current appointments."""
    units = {g.unit for g in RoleGrant.all_objects.filter(user=account).select_related("unit")}
    if account.cadre_id:
        units.update(cadre_units(account.cadre_id))
    return sorted(units, key=lambda u: u.path)


def cadre_units(cadre_id: int) -> set[Unit]:
    """The units a cadre works in: their current appointments."""
    appointments = Appointment.objects.filter(cadre_id=cadre_id, end_date__isnull=True).select_related("unit")
    return {a.unit for a in appointments}


def can_manage_cadre(user: User, cadre_id: int) -> bool:
    """An organizer makes an account for a cadre who works only inside their subtree."""
    units = cadre_units(cadre_id)
    return is_organizer(user) and bool(units) and all(can_manage_org(user, unit) for unit in units)


def can_manage_account(user: User, account: User) -> bool:
    """An organizer manages (unlocks, grants, resets, deactivates) accounts that act only inside their
    subtree: a commune's organizer never a provincial department's head. Accounts tied to no unit, and
    superusers, are left to superusers."""
    if user.is_superuser:
        return True
    if account.is_superuser or not is_organizer(user):
        return False
    units = account_units(account)
    return bool(units) and all(can_manage_org(user, unit) for unit in units)


def can_read_audit(user: User) -> bool:
    """Organizers and inspectors read the change log, each only the rows about objects in their scope."""
    return user.is_authenticated and scope_of(user).has_role(Role.ORGANIZER, Role.INSPECTOR)


def sees_whole_tree(user: User) -> bool:
    """Superusers, and organizers or inspectors whose grants cover every root of the tree (the province):
    they read what no unit scopes (fields, accounts, settings) and the log of personal-data reads."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    paths = [p for role in (Role.ORGANIZER, Role.INSPECTOR) for p in grant_paths(user).get(role, ())]
    roots = Unit.objects.filter(depth=1).values_list("path", flat=True)
    return bool(paths) and all(any(root.startswith(p) for p in paths) for root in roots)


def organizes_whole_province(user: User) -> bool:
    """An organizer whose grants cover every root of the tree (the province's organisation board): what serves
    the whole province (the working-day calendar, the rating scheme's settings) is theirs to change."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    paths = grant_paths(user).get(Role.ORGANIZER, ())
    if not paths:
        return False
    roots = Unit.objects.filter(depth=1).values_list("path", flat=True)
    return all(any(root.startswith(p) for p in paths) for root in roots)


def can_read_read_log(user: User) -> bool:
    """Who read whose personal data is for the province's oversight (Ban Tổ chức, Ủy ban Kiểm tra): a
    commune's organizer does not read it at all, since it would tell them what province officials read."""
    return sees_whole_tree(user)


def _organizer_paths(user: User) -> list[str]:
    return [g.unit.path for g in user.grants.filter(role=Role.ORGANIZER).select_related("unit")]


def units_visible_to(user: User) -> QuerySet[Unit]:
    return Unit.objects.filter(scope_of(user).unit_q()).select_related("kind", "level")


def cadres_visible_to(user: User) -> QuerySet[Cadre]:
    scope = scope_of(user)
    if scope.is_superuser:
        return Cadre.objects.all()
    q = Q(pk__in=[])
    if scope.paths:
        unit_q = Q(pk__in=[])
        for path in scope.paths:
            unit_q |= Q(path__startswith=path)
        units = Unit.objects.filter(unit_q).values("pk")
        q |= Q(appointments__unit__in=units) | Q(managing_unit__in=units)
    if scope.cadre_id:
        q |= Q(pk=scope.cadre_id)
    return Cadre.objects.filter(pk__in=Cadre.objects.filter(q).values("pk"))


def unit_roots_visible_to(user: User) -> QuerySet[Unit]:
    """The top visible units: those whose parent the user cannot see."""
    scope = scope_of(user)
    if scope.is_superuser:
        return Unit.objects.get_root_nodes().select_related("kind", "level")
    q = Q(path__in=scope.paths) | Q(pk__in=scope.own_unit_ids)
    # Units in force first; those merged away stay reachable below them.
    return (
        Unit.objects.filter(q)
        .select_related("kind", "level")
        .order_by(F("valid_to").asc(nulls_first=True), "path")
    )
