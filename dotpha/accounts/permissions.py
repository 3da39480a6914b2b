"""Who may do what, as predicates over the user's scope. Views and services ask these; none repeats them."""

from dotpha.accounts.models import Role, RoleGrant, User
from dotpha.accounts.scope import grant_paths, scope_of
from dotpha.org.models import Appointment, Unit


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


def can_read_read_log(user: User) -> bool:
    """Who read whose personal data is for the province's oversight (Ban Tổ chức, Ủy ban Kiểm tra): a
    commune's organizer does not read it at all, since it would tell them what province officials read."""
    return sees_whole_tree(user)


def _organizer_paths(user: User) -> list[str]:
    return [g.unit.path for g in user.grants.filter(role=Role.ORGANIZER).select_related("unit")]
