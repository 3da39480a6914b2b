"""Rebuilds the stored non-working days of some years from the rule and the organizers' changes.

Derived rows only (no history of their own: the history is the changes'). Each row stores the next working
day, which may lie in the following year: a year is computed with its neighbours, and the last days of the
year before are rebuilt with it, so both sides of New Year agree. A day of a year that is not built counts
as worked, in SQL as in Python; building a year fixes the year before's pointers into it.

The model classes are parameters so the seeding migration runs it on its historical models.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from dotpha.workdays.rules import rule_year

ONE_DAY = datetime.timedelta(days=1)


def _models() -> tuple[Any, Any, Any]:
    from dotpha.workdays.models import CalendarChange, CalendarYear, NonWorkingDay

    return NonWorkingDay, CalendarChange, CalendarYear


def year_days(year: int, changes: Iterable[Any]) -> dict[datetime.date, tuple[str, str, str]]:
    """The non-working days of `year` as (kind, name, name_en): the rule's, then the changes."""
    from dotpha.workdays.models import ChangeKind, DayKind

    days = {d: (r.kind, r.name, r.name_en) for d, r in rule_year(year).off.items()}
    for change in changes:
        if change.change == ChangeKind.WORKING:
            days.pop(change.day, None)
        else:
            days[change.day] = (DayKind.DAY_OFF, change.name, "")
    return days


def rebuild_years(years: Iterable[int], models: tuple[Any, Any, Any] | None = None) -> None:
    non_working_model, change_model, year_model = models or _models()
    wanted = sorted(set(years))
    for year in wanted:
        year_model.objects.get_or_create(year=year)
    built = set(year_model.objects.values_list("year", flat=True))
    cache: dict[int, dict[datetime.date, tuple[str, str, str]]] = {}

    def days_of(year: int) -> dict[datetime.date, tuple[str, str, str]]:
        if year not in built:
            return {}
        if year not in cache:
            changes = change_model.objects.filter(
                day__gte=datetime.date(year, 1, 1), day__lte=datetime.date(year, 12, 31)
            )
            cache[year] = year_days(year, changes)
        return cache[year]

    def next_working(day: datetime.date) -> datetime.date:
        following = day + ONE_DAY
        while following in days_of(following.year):
            following += ONE_DAY
        return following

    for year in wanted:
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        non_working_model.objects.filter(day__gte=first, day__lte=last).delete()
        non_working_model.objects.bulk_create(
            non_working_model(day=d, kind=kind, name=name, name_en=name_en, next_working_day=next_working(d))
            for d, (kind, name, name_en) in sorted(days_of(year).items())
        )
        # the year before's last days off may now end on another day of this year
        for row in non_working_model.objects.filter(day__year=year - 1, next_working_day__gte=first):
            row.next_working_day = next_working(row.day)
            row.save(update_fields=["next_working_day"])
        if models is None:  # the live models (a migration's historical ones have no readers to tell)
            from dotpha.workdays.signals import calendar_rebuilt

            calendar_rebuilt.send(sender=non_working_model, first=first, last=last)
