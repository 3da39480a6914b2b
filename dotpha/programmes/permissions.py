"""Who runs and follows a programme, on top of the role checks of `dotpha.accounts.access`.

A unit's leadership (the unit-manager role, "lãnh đạo đơn vị") runs the practice for its own people: it
opens and runs its unit's own programmes (issued by its unit or a unit below), and for those programmes
alone it assigns, approves under its own decisions and evaluates the tasks of the cadres its subtree
manages (`dotpha.tasks.permissions.is_task_authority`, `dotpha.programmes.authority`). It never acts on a
programme issued above it, such as the province's. The role carries the power itself, so every unit's
leadership has it without extra grants, and none has more than its subtree.
"""

from dotpha.accounts.access import has_role, has_role_over, is_organizer_over, leads_unit
from dotpha.accounts.models import Role, User
from dotpha.org.models import Unit
from dotpha.programmes.models import Programme


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
