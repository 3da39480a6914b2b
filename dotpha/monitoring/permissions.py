"""Who may do what in commune monitoring. Services ask these (and raise); views ask them to show buttons.

- Ban Tổ chức (organizer over the commune) assigns, reassigns, ends assignments and corrects forms;
- the monitoring cadre (the user whose cadre the assignment names) sends the plan, logs visits, reports;
- the commune party committee (commune_committee over the commune) confirms visits and sends the forms;
- overseers read the whole programme: organizers and inspectors over its province, and the approvers of
  the unit that issued the regulation (the standing committee, who decide assignments and ratings).
"""

from dotpha.accounts.access import has_role_over, is_approver_over, is_organizer_over
from dotpha.accounts.models import Role, User
from dotpha.monitoring.models import MonitoringAssignment, MonitoringProgramme
from dotpha.org.models import Unit


def oversees(user: User, programme: MonitoringProgramme) -> bool:
    return (
        is_organizer_over(user, programme.scope_unit)
        or has_role_over(user, Role.INSPECTOR, programme.scope_unit)
        or is_approver_over(user, programme.issuing_unit)
    )


def can_assign(user: User, commune: Unit) -> bool:
    return is_organizer_over(user, commune)


def is_monitoring_cadre(user: User, assignment: MonitoringAssignment) -> bool:
    return user.is_authenticated and user.cadre_id is not None and user.cadre_id == assignment.cadre_id


def speaks_for_commune(user: User, commune: Unit) -> bool:
    """The commune's party committee: confirms visits and sends the year-end forms. Superusers do not:
    the form is the committee's own word."""
    if not user.is_authenticated or not user.is_active:
        return False
    return not user.is_superuser and has_role_over(user, Role.COMMUNE_COMMITTEE, commune)
