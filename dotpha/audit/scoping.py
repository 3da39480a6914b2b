"""Which history rows a user may read: a row only when the user may see the object it describes, decided
by the same selectors as the pages that show the object (never a second copy of an access rule).

Each rule is a filter on the model's history table, so the log filters in the query and a scoped user
still gets the newest rows they may read. A model with no rule here has no unit scope (fields, accounts,
settings, templates): only users who see the whole tree read its history (`sees_whole_tree`). Rows about
a deleted object follow the same rule, so they are left to those users too: the object is no longer there
to tell whose scope it was in.
"""

from collections.abc import Callable

from django.db.models import Q, QuerySet

from dotpha.accounts.access import cadres_visible_to, units_visible_to
from dotpha.accounts.models import User
from dotpha.monitoring.selectors import (
    assignments_visible_to,
    feedback_visible_to,
    plans_visible_to,
    reports_visible_to,
    visits_visible_to,
)
from dotpha.programmes.selectors import decisions_visible_to, programmes_visible_to
from dotpha.ratings.selectors import ratings_visible_to
from dotpha.tasks.models import ProgressReport
from dotpha.tasks.selectors import tasks_visible_to

Rule = Callable[[User], Q]


def _pks(qs: QuerySet):
    return qs.order_by().values("pk")


def same_object(selector: Callable[[User], QuerySet]) -> Rule:
    """The object itself is among those the selector lets the user see."""
    return lambda user: Q(id__in=_pks(selector(user)))


def through(field: str, selector: Callable[[User], QuerySet]) -> Rule:
    """The object hangs off one the selector lets the user see (a task's milestone: the task)."""
    return lambda user: Q(**{f"{field}__in": _pks(selector(user))})


def _reports_visible_to(user: User) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(task__in=_pks(tasks_visible_to(user)))


def _merger(user: User) -> Q:
    # a merger is shown on the page of either unit
    units = _pks(units_visible_to(user))
    return Q(predecessor__in=units) | Q(successor__in=units)


_TASK_PARTS = (
    "tasks.progressreport",
    "tasks.target",
    "tasks.milestone",
    "tasks.taskevent",
    "tasks.obstacle",
    "tasks.evaluation",
    "tasks.coresponsibleunit",
    "tasks.coresponsiblecadre",
    "tasks.adjustmentrequest",
)

RULES: dict[str, Rule] = {
    "tasks.task": same_object(tasks_visible_to),
    **{label: through("task", tasks_visible_to) for label in _TASK_PARTS},
    "tasks.reporttargetvalue": through("report", _reports_visible_to),
    "tasks.evidence": through("report", _reports_visible_to),
    "org.cadre": same_object(cadres_visible_to),
    "org.appointment": through("cadre", cadres_visible_to),
    "org.unit": same_object(units_visible_to),
    "org.unitmerger": _merger,
    "accounts.rolegrant": through("unit", units_visible_to),
    "programmes.programme": same_object(programmes_visible_to),
    "programmes.period": through("programme", programmes_visible_to),
    "programmes.decision": same_object(decisions_visible_to),
    "ratings.annualrating": same_object(ratings_visible_to),
    "monitoring.monitoringassignment": same_object(assignments_visible_to),
    "monitoring.visit": same_object(visits_visible_to),
    "monitoring.monitoringplan": same_object(plans_visible_to),
    "monitoring.monitoringreport": same_object(reports_visible_to),
    "monitoring.communefeedback": same_object(feedback_visible_to),
}


def history_filter(label: str, user: User, *, whole_tree: bool) -> Q | None:
    """The filter on the history table of model `label` for this user; None: the user reads none of it."""
    if whole_tree:
        return Q()
    rule = RULES.get(label)
    return rule(user) if rule is not None else None
