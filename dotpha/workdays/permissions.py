"""Who edits the working-day calendar: one calendar serves the whole province, so only an organizer whose
grants cover every root of the tree (the province's organisation board) changes it."""

from dotpha.accounts.access import grant_paths, organizes_whole_province
from dotpha.accounts.models import Role, User
from dotpha.org.models import Unit


def may_edit_calendar(user: User) -> bool:
    return organizes_whole_province(user)


def organizes_a_root(user: User) -> bool:
    """For the navigation bar, which runs on every page: an organizer's grant on a root unit (a path one
    step long), read from the grants already loaded, without the query for every root. The page and the
    services ask `may_edit_calendar`."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(len(path) == Unit.steplen for path in grant_paths(user).get(Role.ORGANIZER, ()))
