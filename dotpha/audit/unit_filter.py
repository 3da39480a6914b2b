"""Filtering the change log by a unit's subtree: for each kind of record, the units it belongs to.

A row is kept when one of the listed units of the object it describes lies in the chosen unit's subtree
(merged units as they are in the tree). Kinds with no unit (fields, settings) are left out when a unit is
chosen. This narrows what a reader already may read (`dotpha.audit.scoping`); it grants nothing.
"""

from django.db.models import Q, QuerySet

_TASK_UNITS = ["assignee_unit", "assignee_cadre__managing_unit", "authority_unit"]


def _on(prefix: str, paths: list[str]) -> list[str]:
    return [f"{prefix}__{p}" for p in paths]


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
    "tasks.gradingline",
)

UNIT_FIELDS: dict[str, list[str]] = {
    "tasks.task": _TASK_UNITS,
    **{label: _on("task", _TASK_UNITS) for label in _TASK_PARTS},
    "tasks.reporttargetvalue": _on("report__task", _TASK_UNITS),
    "tasks.evidence": _on("report__task", _TASK_UNITS),
    "tasks.gradingsheet": ["authority_unit"],
    "org.unit": ["id"],
    "org.cadre": ["managing_unit"],
    "org.appointment": ["unit"],
    "org.unitmerger": ["predecessor", "successor"],
    "accounts.rolegrant": ["unit"],
    "accounts.user": ["cadre__managing_unit"],
    "programmes.programme": ["issuing_unit"],
    "programmes.period": ["programme__issuing_unit"],
    "programmes.decision": ["issuing_unit"],
    "ratings.annualrating": ["cadre__managing_unit", "authority_unit"],
    "monitoring.monitoringprogramme": ["issuing_unit", "scope_unit"],
    "monitoring.monitoringassignment": ["commune", "cadre__managing_unit"],
    "monitoring.monitoringplan": ["assignment__commune"],
    "monitoring.visit": ["assignment__commune"],
    "monitoring.monitoringreport": ["assignment__commune"],
    "monitoring.communefeedback": ["commune"],
    "reports.reporttemplate": ["unit"],
    "audit.signinevent": ["user__cadre__managing_unit"],
}


def unit_filter(label: str, units: QuerySet) -> Q | None:
    """The filter for rows of kind `label` about the `units` (a queryset of the subtree); None: the kind
    has no unit, and no row of it is kept."""
    fields = UNIT_FIELDS.get(label)
    if not fields:
        return None
    q = Q()
    for field in fields:
        q |= Q(**{f"{field}__in": units})
    return q
