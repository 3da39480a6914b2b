"""Which quarter of the rating year each result falls in (Decree 335, Art. 14: products are counted by the
month or quarter; Art. 21: the year is classified from the average of those scores).

A task's result falls on the day its completion was reported (the self-assessment), else on its deadline (a
product due but not delivered counts against the quarter it was due in), else on the last day of its period.
A day outside the rating year (a phase task reported the year after) is placed in the nearest quarter of it.
"""

import datetime
from collections.abc import Iterable
from dataclasses import replace

from django.utils import timezone

from dotpha.ratings.inputs import RatingInput
from dotpha.tasks.models import Task

QUARTERS = (1, 2, 3, 4)


def quarter_of(year: int, on: str) -> int:
    """The quarter of `year` that the ISO day `on` falls in; an empty day means the year's end."""
    if not on:
        return 4
    day = datetime.date.fromisoformat(on)
    if day.year < year:
        return 1
    if day.year > year:
        return 4
    return (day.month - 1) // 3 + 1


def dated(items: Iterable[RatingInput]) -> list[RatingInput]:
    """The task inputs with the day their result falls on (one query); other inputs as they are."""
    items = list(items)
    refs = [i.ref for i in items if i.source == "task" and i.ref is not None]
    days: dict[int, datetime.date] = {}
    rows = Task.objects.filter(pk__in=refs).values_list(
        "pk", "evaluation__self_assessed_at", "deadline", "period__end_date"
    )
    for pk, reported_at, deadline, period_end in rows:
        day = timezone.localdate(reported_at) if reported_at else deadline or period_end
        if day is not None:
            days[pk] = day
    return [
        replace(i, on=days[i.ref].isoformat()) if i.source == "task" and i.ref in days else i for i in items
    ]


def by_quarter(year: int, items: Iterable[RatingInput]) -> dict[int, list[RatingInput]]:
    found: dict[int, list[RatingInput]] = {q: [] for q in QUARTERS}
    for item in items:
        found[quarter_of(year, item.on)].append(item)
    return found
