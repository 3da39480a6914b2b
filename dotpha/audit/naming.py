"""Naming the objects a page of the change log shows, in a fixed number of queries.

A model's name (`__str__`) often reads its relations (an appointment: its cadre, position and unit; a
visit: its assignment's cadre and commune), which cost a query per row when each is named alone. The
relations each name reads are listed here and fetched once per page for all its rows.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Model, prefetch_related_objects

_TASK = ["task"]
_ASSIGNMENT = ["assignment__cadre", "assignment__commune"]

NAME_RELATIONS: dict[str, list[str]] = {
    "accounts.user": ["cadre"],
    "accounts.rolegrant": ["user__cadre", "unit"],
    "org.appointment": ["cadre", "position", "unit"],
    "org.unitmerger": ["predecessor", "successor"],
    "programmes.period": [],
    "ratings.annualrating": ["cadre"],
    "monitoring.monitoringassignment": ["cadre", "commune"],
    "monitoring.monitoringyear": ["programme"],
    "monitoring.monitoringplan": ["year", *_ASSIGNMENT],
    "monitoring.visit": _ASSIGNMENT,
    "monitoring.monitoringreport": ["report_period", *_ASSIGNMENT],
    "monitoring.communefeedback": ["year", "cadre", "commune"],
    "tasks.evaluation": _TASK,
    "tasks.progressreport": _TASK,
    "tasks.adjustmentrequest": _TASK,
    "tasks.gradingline": _TASK,
    "tasks.coresponsiblecadre": ["cadre", *_TASK],
    "tasks.coresponsibleunit": ["unit", *_TASK],
    "tasks.reporttargetvalue": ["target"],
    "tasks.gradingsheet": ["authority_unit", "period"],
    "tasks.assistantgrant": ["leader__cadre", "assistant__cadre"],
    "tasks.onbehalfentry": ["leader__cadre", "entered_by__cadre"],
    "reports.reporttemplate": ["unit"],
    "reports.snapshotpublication": ["snapshot__period"],
}


def name_of(instance: Model) -> str:
    try:
        return str(instance)
    except Exception:  # an object whose name needs a relation that has since been deleted
        return f"#{instance.pk}"


def prefetch_names(instances: Iterable[Model]) -> None:
    """Fetches, once for all of them, the relations the instances' names read."""
    by_model: dict[type[Model], list[Model]] = defaultdict(list)
    for instance in instances:
        by_model[type(instance)].append(instance)
    for model, group in by_model.items():
        paths = NAME_RELATIONS.get(model._meta.label_lower, [])
        if paths:
            prefetch_related_objects(group, *paths)


def names_by_pk(model: type[Model], pks: Iterable[object]) -> dict[object, str]:
    """The names of the objects of `model` with these keys (one query, and the relations their names read);
    a key whose object is gone is missing from the answer."""
    wanted = {pk for pk in pks if pk is not None}
    if not wanted:
        return {}
    objects = list(model._default_manager.filter(pk__in=wanted))
    prefetch_names(objects)
    return {obj.pk: name_of(obj) for obj in objects}
