"""What each user may read. Every list and page of the module starts from one of these querysets.

- the monitoring cadre: their own assignments and what hangs off them (not the forms about them: the
  commune's evaluation is addressed to Ban Tổ chức);
- the commune party committee: everything about the communes in its subtree (merged ones included);
- a unit manager: the assignments of the cadres of their agency;
- organizers and inspectors: everything in their subtrees; the approvers of the unit that issued the
  regulation: everything under it.
"""

from django.db.models import Q, QuerySet

from dotpha.accounts.access import role_paths, scope_of
from dotpha.accounts.models import Role, User
from dotpha.monitoring.models import (
    CommuneFeedback,
    MonitoringAssignment,
    MonitoringPlan,
    MonitoringProgramme,
    MonitoringReport,
    Visit,
)
from dotpha.org.models import Unit


def _under(paths: tuple[str, ...], prefix: str) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{prefix}path__startswith": path})
    return q


def _scoped_q(user: User, *, own: bool) -> Q | None:
    """None: everything. Otherwise the filter on assignments."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    scope = scope_of(user)
    if scope.is_superuser:
        return None
    q = Q(pk__in=[])
    if own and user.cadre_id:
        q |= Q(cadre_id=user.cadre_id)
    if scope.paths:
        q |= _under(scope.paths, "commune__") | _under(scope.paths, "appointment__unit__")
    approver_paths = role_paths(user, Role.APPROVER)
    if approver_paths:
        q |= _under(approver_paths, "programme__issuing_unit__")
    return q


def assignments_visible_to(user: User) -> QuerySet[MonitoringAssignment]:
    q = _scoped_q(user, own=True)
    qs = MonitoringAssignment.objects.all()
    return qs if q is None else qs.filter(q)


def _through_assignment(qs: QuerySet, user: User, *, own: bool = True) -> QuerySet:
    q = _scoped_q(user, own=own)
    if q is None:
        return qs
    return qs.filter(assignment__in=MonitoringAssignment.objects.filter(q).values("pk"))


def visits_visible_to(user: User) -> QuerySet[Visit]:
    return _through_assignment(Visit.objects.all(), user)


def plans_visible_to(user: User) -> QuerySet[MonitoringPlan]:
    return _through_assignment(MonitoringPlan.objects.all(), user)


def reports_visible_to(user: User) -> QuerySet[MonitoringReport]:
    return _through_assignment(MonitoringReport.objects.all(), user)


def feedback_visible_to(user: User) -> QuerySet[CommuneFeedback]:
    return _through_assignment(CommuneFeedback.objects.all(), user, own=False)


def communes_visible_to(user: User, programme: MonitoringProgramme | None = None) -> QuerySet[Unit]:
    """Communes whose monitoring page the user may open: in their scope (organizers, inspectors, the
    commune's committee), or all of a programme they oversee as an approver of its issuing unit."""
    communes = Unit.objects.filter(level__code="commune")
    if not user.is_authenticated or not user.is_active:
        return communes.none()
    scope = scope_of(user)
    if scope.is_superuser:
        return communes
    q = _under(scope.paths, "")
    approver_paths = role_paths(user, Role.APPROVER)
    if approver_paths:
        programmes = MonitoringProgramme.objects.filter(_under(approver_paths, "issuing_unit__"))
        if programme is not None:
            programmes = programmes.filter(pk=programme.pk)
        for path in programmes.values_list("scope_unit__path", flat=True):
            q |= Q(path__startswith=path)
    return communes.filter(q)


def assignments_for_committee(user: User) -> QuerySet[MonitoringAssignment]:
    """The assignments of the communes the user speaks for as their party committee."""
    paths = role_paths(user, Role.COMMUNE_COMMITTEE)
    if not paths or user.is_superuser:
        return MonitoringAssignment.objects.none()
    return MonitoringAssignment.objects.filter(_under(paths, "commune__"))


def assignments_for_feedback(user: User) -> QuerySet[MonitoringAssignment]:
    """The assignments whose forms the user may read: as `assignments_visible_to`, but a cadre does not
    read the forms about themself (the commune's evaluation is addressed to Ban Tổ chức)."""
    q = _scoped_q(user, own=False)
    qs = MonitoringAssignment.objects.all()
    return qs if q is None else qs.filter(q)


def visits_to_confirm(user: User) -> QuerySet[Visit]:
    """The visits to the communes the user speaks for that their committee has not confirmed yet, oldest
    first: the monitoring page lists them, the home page counts them."""
    return (
        Visit.objects.filter(assignment__in=assignments_for_committee(user), confirmed_at__isnull=True)
        .select_related("assignment__cadre", "assignment__commune")
        .order_by("visit_date", "pk")
    )
