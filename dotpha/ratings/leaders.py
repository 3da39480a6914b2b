"""A leader's conditions read the units they lead (Regulation 366, Art. 11): for "hoàn thành xuất sắc" the
area a leader directly leads completes 100% of its tasks with at least 30% exceeding requirements; for
"hoàn thành tốt" 100% on time with quality.

A cadre leads a unit when they hold a current appointment whose position is the unit's head
(`Position.is_head`). The unit's results are its collective tasks (`Task.assignee_unit`) and the tasks of the
cadres appointed in it then (the leader's own tasks are already their own inputs), in the rating year. Each
is read as a cadre's task is (`inputs.task_results`): behind schedule when the task page shows it completed
late, a late milestone costing progress points only.
"""

import datetime
from dataclasses import replace

from django.db.models import Q
from django.utils import timezone

from dotpha.org.models import Appointment
from dotpha.ratings.inputs import RatingInput, task_inputs, task_results, year_tasks


def reference_day(year: int) -> datetime.date:
    """Who holds which post is read at the year's end, or today while the year runs."""
    return min(timezone.localdate(), datetime.date(year, 12, 31))


def current_on(day: datetime.date) -> Q:
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


def led_units(*, year: int, cadre_ids: list[int]) -> dict[int, list[tuple[int, str]]]:
    """(unit id, unit name) of the units each cadre heads at the reference day."""
    rows = (
        Appointment.objects.filter(
            current_on(reference_day(year)), cadre_id__in=cadre_ids, position__is_head=True
        )
        .order_by("cadre_id", "unit__name")
        .values_list("cadre_id", "unit_id", "unit__name")
    )
    found: dict[int, list[tuple[int, str]]] = {}
    for cadre_id, unit_id, name in rows:
        found.setdefault(cadre_id, []).append((unit_id, name))
    return found


def led_inputs(*, year: int, leader_id: int, units: list[tuple[int, str]]) -> list[RatingInput]:
    """The results of the units the leader heads: collective tasks, then the staff's tasks."""
    unit_ids = [unit_id for unit_id, _name in units]
    names = dict(units)
    tasks = year_tasks(year).filter(assignee_unit_id__in=unit_ids).order_by("assignee_unit__name", "pk")
    found = [
        replace(item, note=names[unit_id])
        for unit_id, item in task_results(tasks, year=year, key="assignee_unit_id")
    ]
    staff = (
        Appointment.objects.filter(current_on(reference_day(year)), unit_id__in=unit_ids)
        .exclude(cadre_id=leader_id)
        .order_by("cadre__full_name")
        .values_list("cadre_id", "cadre__full_name", "unit_id")
    )
    who = {cadre_id: (name, unit_id) for cadre_id, name, unit_id in staff}
    for cadre_id, items in sorted(task_inputs(year=year, cadre_ids=list(who)).items()):
        name, unit_id = who[cadre_id]
        found.extend(replace(i, note=f"{name}, {names[unit_id]}") for i in items)
    return found
