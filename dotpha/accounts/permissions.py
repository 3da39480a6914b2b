"""Who may do what, as predicates over the user's scope. Views and services ask these; none repeats them."""

from dotpha.accounts.models import Role, User
from dotpha.accounts.scope import scope_of
from dotpha.org.models import Unit


def is_organizer(user: User) -> bool:
    return user.is_authenticated and scope_of(user).has_role(Role.ORGANIZER)


def can_manage_org(user: User, unit: Unit | None = None) -> bool:
    """Organizers edit and import units and cadres inside their subtree."""
    if not is_organizer(user):
        return False
    if unit is None or user.is_superuser:
        return True
    return any(unit.path.startswith(p) for p in _organizer_paths(user))


def can_read_audit(user: User) -> bool:
    return is_organizer(user)


def _organizer_paths(user: User) -> list[str]:
    return [g.unit.path for g in user.grants.filter(role=Role.ORGANIZER).select_related("unit")]
