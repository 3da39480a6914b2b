"""Who may do what with a task. Services ask these (and raise); views may ask them to show buttons.

Reading a task is a query: see `dotpha.tasks.selectors.can_view_task`.
"""

from dotpha.accounts.access import has_role, has_role_over, is_approver_over, is_organizer_over, leads_unit
from dotpha.accounts.models import Role, User
from dotpha.org.models import Cadre, Unit
from dotpha.programmes.models import Programme
from dotpha.programmes.permissions import can_run_programme
from dotpha.tasks.models import EDITABLE_STATUSES, Task, TaskOrigin


def is_own_task(user: User, task: Task) -> bool:
    """The user is the person the task is about: its assignee, or for a collective its accountable cadre or
    the manager who registered it. Nobody approves, evaluates or answers for their own task."""
    if user.cadre_id is not None and user.cadre_id in (task.assignee_cadre_id, task.accountable_cadre_id):
        return True
    return task.is_collective and _registered_by(user, task)


def _registered_by(user: User, task: Task) -> bool:
    return task.origin == TaskOrigin.REGISTERED and task.author_id == user.pk


def is_task_authority(user: User, task: Task) -> bool:
    """An approver of the unit that manages the assignee (the task's authority unit); or, in a programme of
    its own unit, that unit's leadership, when the unit managing the assignee lies in its subtree (its own
    staff). The SQL twin is `dotpha.tasks.selectors._authority_q`."""
    return is_authority_over(user, task.authority_unit, task.programme)


def is_authority_over(user: User, authority_unit: Unit, programme: Programme) -> bool:
    """`is_task_authority` for the tasks of `programme` under `authority_unit`: a grading sheet's."""
    if is_approver_over(user, authority_unit):
        return True
    return leads_unit(user, authority_unit) and leads_unit(user, programme.issuing_unit)


def may_decide_tasks(user: User) -> bool:
    """Opens the approval queue, the year-end grading sheets and direct assignment (giao việc): approvers,
    and units' leaderships for their own programmes. Which tasks exactly is the selectors' and the
    services' question (`is_task_authority`)."""
    return has_role(user, Role.APPROVER) or has_role(user, Role.UNIT_MANAGER)


def is_programme_organizer(user: User, task: Task) -> bool:
    return can_run_programme(user, task.programme.issuing_unit) or is_organizer_over(
        user, task.authority_unit
    )


def can_register_for(user: User, *, assignee_cadre: Cadre | None, assignee_unit: Unit | None) -> bool:
    """A cadre registers for themself; a unit manager (or an organizer) for a collective of their subtree."""
    if assignee_cadre is not None:
        return user.cadre_id is not None and user.cadre_id == assignee_cadre.pk
    if assignee_unit is not None:
        return has_role_over(user, Role.UNIT_MANAGER, assignee_unit) or is_organizer_over(user, assignee_unit)
    return False


def can_edit_draft(user: User, task: Task) -> bool:
    return task.status in EDITABLE_STATUSES and task.author_id == user.pk


def acts_for_assignee(user: User, task: Task) -> bool:
    """Keeps the task current (milestones, targets, reports, obstacles, adjustments, self-assessment):
    the assignee cadre; for a collective, its accountable cadre, its unit managers or its author."""
    if not task.is_collective:
        return user.cadre_id is not None and user.cadre_id == task.assignee_cadre_id
    if user.cadre_id is not None and user.cadre_id == task.accountable_cadre_id:
        return True
    return _registered_by(user, task) or has_role_over(user, Role.UNIT_MANAGER, task.assignee_unit)


def can_decide(user: User, task: Task) -> bool:
    """May approve, return, reject, answer obstacles, decide adjustments and evaluate this task."""
    return is_task_authority(user, task) and not is_own_task(user, task)
