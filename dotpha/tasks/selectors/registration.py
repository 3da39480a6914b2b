"""Who has not yet registered the programme's minimum number of tasks for a period."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from dotpha.accounts.access import cadres_visible_to
from dotpha.accounts.models import User
from dotpha.core.collation import name_order
from dotpha.org.models import Appointment, Cadre
from dotpha.programmes.models import Period
from dotpha.tasks.models import COUNTED_STATUSES, Task


@dataclass(frozen=True)
class Gap:
    cadre: Cadre
    registered: int
    posts: list[Appointment]


@dataclass(frozen=True)
class RegistrationGaps:
    period: Period
    minimum: int
    expected: int  # cadres in post, managed within the issuing unit, whom the viewer sees
    below: list[Gap]

    @property
    def complete(self) -> int:
        return self.expected - len(self.below)


def _cadres_of_programme(user: User, period: Period, *, on: datetime.date) -> QuerySet[Cadre]:
    """The cadres the programme applies to whom the user sees, each with `registered`: their submitted or
    approved tasks in the period."""
    counted = (
        Task.objects.filter(period=period, status__in=COUNTED_STATUSES, assignee_cadre=OuterRef("pk"))
        .values("assignee_cadre")
        .annotate(n=Count("pk"))
        .values("n")
    )
    in_post = Appointment.objects.filter(cadre=OuterRef("pk"), start_date__lte=on).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=on)
    )
    return (
        cadres_visible_to(user)
        .filter(managing_unit__path__startswith=period.programme.issuing_unit.path)
        .filter(Exists(in_post))
        .annotate(registered=Coalesce(Subquery(counted, output_field=IntegerField()), Value(0)))
    )


def cadres_below_minimum(user: User, period: Period, *, on: datetime.date) -> QuerySet[Cadre]:
    """`registration_gaps`' list, as a queryset: the home page counts it."""
    minimum = period.programme.min_tasks_per_assignee
    # Q() keeps the annotation out of the type checker's reach: `registered` exists on this queryset only
    return _cadres_of_programme(user, period, on=on).filter(Q(registered__lt=minimum))


def registration_gaps(user: User, period: Period, *, on: datetime.date) -> RegistrationGaps:
    """The cadres the programme applies to — managed by its issuing unit or a unit below it, in post on
    `on` — with fewer submitted or approved tasks in the period than the programme's minimum. The same
    few queries whatever the number of cadres (the viewer's scope, a count, the list, their posts)."""
    programme = period.programme
    current = Appointment.objects.filter(end_date__isnull=True).select_related("position", "unit")
    below = (
        cadres_below_minimum(user, period, on=on)
        .prefetch_related(Prefetch("appointments", queryset=current, to_attr="posts"))
        .order_by(*name_order(), "pk")
    )
    gaps = [Gap(cadre, vars(cadre)["registered"], cadre.posts) for cadre in below]
    expected = _cadres_of_programme(user, period, on=on).count()
    return RegistrationGaps(period, programme.min_tasks_per_assignee, expected, gaps)
