"""Who issues a decision: a "Quyết định …-QĐ/TU" is the act of the party committee's standing committee,
signed by one of its standing members ("T/M Ban Thường vụ"). Programmes and cadres name either the party
committee or its standing committee; both mean the same issuing body, so that every approver of the
managing authority, whichever of the two the grant names, issues, signs and finds the same decisions.
"""

from collections.abc import Iterable

from dotpha.accounts.access import is_approver_over, leads_unit
from dotpha.accounts.models import User
from dotpha.org.models import Unit
from dotpha.programmes.models import STANDING_COMMITTEE


def issuing_body(unit: Unit) -> Unit:
    """The body whose decisions approve for `unit`: the standing committee acts for its party committee
    (a unit with a standing committee among its children); any other unit issues its own decisions."""
    if unit.kind.code == STANDING_COMMITTEE:
        return unit
    standing = (
        Unit.objects.filter(
            path__startswith=unit.path,
            depth=unit.depth + 1,
            kind__code=STANDING_COMMITTEE,
            valid_to__isnull=True,
        )
        .order_by("path")
        .first()
    )
    return standing or unit


def can_issue_decisions(user: User, unit: Unit, *, programme_unit: Unit | None = None) -> bool:
    """Approvers granted on the issuing body of `unit` or above it (its party committee, whose path is a
    prefix of the standing committee's) sign its decisions, including any filed under the party committee
    itself. A unit's leadership (unit manager) signs its own unit's decisions, for its own programmes only:
    given `programme_unit` (the programme's issuing unit), that too must lie in its subtree, so a
    department never files a decision under the province's programme. Nobody else: not another
    committee's approvers, not a commune's, not an organizer."""
    body = issuing_body(unit)
    if is_approver_over(user, body):
        return True
    return leads_unit(user, body) and (programme_unit is None or leads_unit(user, programme_unit))


def committees_acted_for(paths: Iterable[str]) -> list[str]:
    """The paths of the party committees whose standing committee is among `paths`: a grant on the
    standing committee also finds the decisions filed under its party committee."""
    standing = Unit.objects.filter(path__in=list(paths), kind__code=STANDING_COMMITTEE)
    return [path[: -Unit.steplen] for path in standing.values_list("path", flat=True)]
