"""Role-on-a-unit predicates shared by programmes and tasks.

A unit's leadership (the unit-manager role, "lãnh đạo đơn vị") runs the practice for its own people: it
opens and runs its unit's own programmes (issued by its unit or a unit below), and for those programmes
alone it assigns, approves under its own decisions and evaluates the tasks of the cadres its subtree
manages (`dotpha.tasks.permissions.is_task_authority`, `dotpha.programmes.authority`). It never acts on a
programme issued above it, such as the province's. The role carries the power itself, so every unit's
leadership has it without extra grants, and none has more than its subtree.

A role granted on a unit covers that unit's subtree: the grant's path is a prefix of the unit's path.
It also covers the units merged into that subtree, so that the successor's standing committee approves
and evaluates what was registered under the old unit (`dotpha.org.lineage`). The paths are read once
per user object (`grant_paths`, shared with `scope_of`).
"""

from dotpha.accounts.models import Role, User
from dotpha.accounts.scope import grant_paths
from dotpha.org.models import Unit
from dotpha.programmes.models import Programme


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


def can_run_programme(user: User, issuing_unit: Unit | None) -> bool:
    """Opens, edits and closes the programmes issued by `issuing_unit`: organizers of its subtree, and the
    unit's own leadership."""
    return is_organizer_over(user, issuing_unit) or leads_unit(user, issuing_unit)


def runs_programmes(user: User) -> bool:
    """Has some unit whose programmes they run (the "Chương trình" pages)."""
    return has_role(user, Role.ORGANIZER) or has_role(user, Role.UNIT_MANAGER)


def can_follow_registration(user: User, programme: Programme) -> bool:
    """Who follows up the cadres below a programme's minimum: its organizers, approvers, inspectors and, for
    its own unit's programme, the unit's leadership."""
    unit = programme.issuing_unit
    roles = (Role.ORGANIZER, Role.APPROVER, Role.INSPECTOR, Role.UNIT_MANAGER)
    return any(has_role_over(user, role, unit) for role in roles)
