"""Who may read statistics, and of which units.

- Board readers (organizer, approver, inspector) read the board dashboard of their province and the
  dashboard of any unit of it; their figures are still only the tasks they may see (`tasks_visible_to`).
- Unit managers and commune committees read the dashboards of the units in their scope (subtree, with the
  units merged into it).
- Cadres without another role and accounts without a role read no statistics.
Exports, reports and drill-down lists follow the dashboard of the unit they are about.
"""

from django.db.models import Q

from dotpha.accounts.access import role_paths, scope_of
from dotpha.accounts.models import Role, RoleGrant, User
from dotpha.org.models import Unit
from dotpha.reports.models import ReportTemplate

BOARD_ROLES = (Role.ORGANIZER, Role.APPROVER, Role.INSPECTOR)
UNIT_ROLES = (Role.UNIT_MANAGER, Role.COMMUNE_COMMITTEE)
REPORT_ROLES = (*BOARD_ROLES, *UNIT_ROLES)


def _active(user: User) -> bool:
    return user.is_authenticated and user.is_active


def can_read_reports(user: User) -> bool:
    return _active(user) and scope_of(user).has_role(*REPORT_ROLES)


def is_board_reader(user: User) -> bool:
    return _active(user) and scope_of(user).has_role(*BOARD_ROLES)


def _grant_paths(user: User, roles: tuple[str, ...]) -> list[str]:
    return sorted({path for role in roles for path in role_paths(user, role)}, key=lambda p: (len(p), p))


def _named_paths(user: User, roles: tuple[str, ...]) -> list[str]:
    """The units the user's grants name, highest first, without the units merged into them: statistics
    open at the unit as it is now, never at a dissolved predecessor."""
    paths = RoleGrant.objects.filter(user=user, role__in=roles).values_list("unit__path", flat=True)
    return sorted(set(paths), key=lambda p: (len(p), p))


def board_root_paths(user: User) -> list[str]:
    """The paths of the tree roots (provinces) a board reader's grants lie in."""
    step = Unit.steplen
    return sorted({path[:step] for path in _grant_paths(user, BOARD_ROLES)})


def default_root(user: User) -> Unit | None:
    """Where the user's statistics start: the province for a board reader, else their highest unit."""
    if not can_read_reports(user):
        return None
    if user.is_superuser:
        return Unit.objects.get_root_nodes().first()
    if is_board_reader(user):
        return Unit.objects.filter(path=_named_paths(user, BOARD_ROLES)[0][: Unit.steplen]).first()
    paths = _named_paths(user, UNIT_ROLES)
    return Unit.objects.filter(path=paths[0]).first() if paths else None


def can_read_unit_stats(user: User, unit: Unit) -> bool:
    """Whether the user may open the statistics of `unit` (its dashboard, lists, exports, reports)."""
    if not can_read_reports(user):
        return False
    if user.is_superuser:
        return True
    if any(unit.path.startswith(root) for root in board_root_paths(user)):
        return True
    return any(unit.path.startswith(path) for path in scope_of(user).paths) and scope_of(user).has_role(
        *UNIT_ROLES
    )


def can_manage_templates(user: User) -> bool:
    """Organizers open the page of the Word templates (each for the units they organize)."""
    return _active(user) and scope_of(user).has_role(Role.ORGANIZER)


def _organized_paths(user: User) -> tuple[str, ...]:
    """The one rule for templates: the subtrees the user's organizer grants cover, the units merged into
    them included. The upload's permission, the form's choices and the template list all derive from it."""
    return role_paths(user, Role.ORGANIZER) if _active(user) else ()


def organizes(user: User, unit: Unit) -> bool:
    """An organizer of the unit: a grant on it or an ancestor (or a superuser)."""
    if not _active(user):
        return False
    return user.is_superuser or any(unit.path.startswith(path) for path in _organized_paths(user))


def can_upload_template(user: User, unit: Unit) -> bool:
    """Only an organizer of the unit replaces the template of its reports."""
    return organizes(user, unit)


def can_publish_results(user: User, unit: Unit) -> bool:
    """Only an organizer of a snapshot's reporting unit publishes its results or withdraws them: a
    commune's organizer never publishes the province's figures."""
    return organizes(user, unit)


def template_units(user: User):
    """The units whose template the user may replace, as offered on the page: the top units of what they
    organize (the units below them are reached from there), highest first; every root for a superuser."""
    if not _active(user):
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.filter(depth=1).order_by("path")
    return Unit.objects.filter(path__in=_organized_paths(user)).order_by("depth", "path")


def templates_in_scope(user: User):
    """The Word templates of the units the user organizes (their subtrees), never another unit's."""
    if user.is_superuser:
        return ReportTemplate.objects.all()
    q = Q(pk__in=[])
    for path in _organized_paths(user):
        q |= Q(unit__path__startswith=path)
    return ReportTemplate.objects.filter(q)


def templates_readable_by(user: User):
    """Those in scope, and those of the ancestors of the user's units (one may be the template in use)."""
    step = Unit.steplen
    paths = _organized_paths(user)
    ancestors = {path[:end] for path in paths for end in range(step, len(path), step)}
    return ReportTemplate.objects.filter(
        Q(pk__in=templates_in_scope(user).values("pk")) | Q(unit__path__in=ancestors)
    )
