"""Who edits the working-day calendar: one calendar serves the whole province, so only an organizer whose
grants cover every root of the tree (the province's organisation board) changes it."""

from dotpha.accounts.access import grant_paths
from dotpha.accounts.models import Role, User
from dotpha.org.models import Unit


def may_edit_calendar(user: User) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    paths = grant_paths(user).get(Role.ORGANIZER, ())
    if not paths:
        return False
    roots = Unit.objects.filter(depth=1).values_list("path", flat=True)
    return all(any(root.startswith(p) for p in paths) for root in roots)
