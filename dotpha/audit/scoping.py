"""Which history rows a user may read: a row only when the user may see the object it describes, decided
by the same selectors as the pages that show the object (never a second copy of an access rule).

Each rule is a filter on the model's history table, so the log filters in the query and a scoped user
still gets the newest rows they may read. A model with no rule here has no unit scope (fields, accounts,
settings, templates): only users who see the whole tree read its history (`sees_whole_tree`). Rows about
a deleted object follow the same rule, so they are left to those users too: the object is no longer there
to tell whose scope it was in.

A task and its ten kinds of part each keep a history table, so one page asks a dozen tables about the
reader's tasks: the visible tasks are chosen once per page (`ReaderScope.task_ids`, one query) and each
table is filtered by that list, passed as one parameter (`_among`), instead of every table's query working
out the reader's tasks again.
"""

import json
from collections.abc import Callable
from functools import cached_property

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

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

Selector = Callable[[User], QuerySet]


class ReaderScope:
    """One reader, for one page of the log: what is worked out once however many tables are asked."""

    def __init__(self, user: User):
        self.user = user
        self._visible: dict[Selector, QuerySet] = {}

    @cached_property
    def task_ids(self) -> list[int]:
        return list(tasks_visible_to(self.user).order_by().values_list("pk", flat=True))

    def visible(self, selector: Selector) -> QuerySet:
        """The selector's objects as a subquery, built once (a selector may read the reader's units first:
        a programme and its periods ask the same one)."""
        if selector not in self._visible:
            self._visible[selector] = selector(self.user).order_by().values("pk")
        return self._visible[selector]


Rule = Callable[[ReaderScope], Q]


def _among(ids: list[int]) -> RawSQL:
    """The ids as a subquery of one parameter, whatever their number (a database caps the parameters of a
    query, and the log's one query asks every table)."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", (ids,))
    return RawSQL("SELECT value FROM json_each(%s)", (json.dumps(ids),))


def same_object(selector: Selector) -> Rule:
    """The object itself is among those the selector lets the user see."""
    return lambda scope: Q(id__in=scope.visible(selector))


def through(field: str, selector: Selector) -> Rule:
    """The object hangs off one the selector lets the user see (a unit's role grant: the unit)."""
    return lambda scope: Q(**{f"{field}__in": scope.visible(selector)})


def _task(scope: ReaderScope) -> Q:
    return Q(id__in=_among(scope.task_ids))


def _task_part(scope: ReaderScope) -> Q:
    """A part of a visible task (a milestone, a report)."""
    return Q(task_id__in=_among(scope.task_ids))


def _report_part(scope: ReaderScope) -> Q:
    """A part of a report on a visible task (its evidence, its target values)."""
    reports = ProgressReport.objects.filter(task_id__in=_among(scope.task_ids))
    return Q(report_id__in=reports.values("pk"))


def _merger(scope: ReaderScope) -> Q:
    # a merger is shown on the page of either unit
    units = scope.visible(units_visible_to)
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
    "tasks.task": _task,
    **dict.fromkeys(_TASK_PARTS, _task_part),
    "tasks.reporttargetvalue": _report_part,
    "tasks.evidence": _report_part,
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


def history_filter(label: str, scope: ReaderScope, *, whole_tree: bool) -> Q | None:
    """The filter on the history table of model `label` for this reader; None: the reader reads none of it."""
    if whole_tree:
        return Q()
    rule = RULES.get(label)
    return rule(scope) if rule is not None else None
