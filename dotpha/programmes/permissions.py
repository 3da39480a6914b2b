"""Role-on-a-unit predicates shared by programmes and tasks.

A role granted on a unit covers that unit's subtree: the grant's path is a prefix of the unit's path.
It also covers the units merged into that subtree, so that the successor's standing committee approves
and evaluates what was registered under the old unit (`dotpha.org.lineage`). The paths are read once
per user object (`grant_paths`, shared with `scope_of`).
"""

from dotpha.accounts.models import Role, User
from dotpha.accounts.scope import grant_paths
from dotpha.org.models import Unit


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
