"""The calendar page's reads: a year's named days off and its weekend days worked."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from dotpha.workdays.models import CalendarChange, CalendarYear, ChangeKind, DayKind, NonWorkingDay
from dotpha.workdays.rules import rule_year


@dataclass(frozen=True)
class WorkedWeekend:
    day: datetime.date
    name: str  # the organizers' words, for a day they marked worked
    instead_of: str  # dd/mm/yyyy of the weekday off it makes up for, for a swap the rule knows


def built_years() -> list[int]:
    return list(CalendarYear.objects.values_list("year", flat=True))


def named_days_off(year: int) -> QuerySet[NonWorkingDay]:
    """Holidays and days off of the year (plain weekends are not listed: every Saturday and Sunday is off
    unless worked)."""
    return NonWorkingDay.objects.filter(
        day__gte=datetime.date(year, 1, 1), day__lte=datetime.date(year, 12, 31)
    ).exclude(kind=DayKind.WEEKEND)


def worked_weekends(year: int) -> list[WorkedWeekend]:
    """Saturdays and Sundays worked: the government's swaps the rule knows, and the organizers'."""
    changes = {
        c.day: c
        for c in CalendarChange.objects.filter(day__year=year, change=ChangeKind.WORKING)
        if c.day.weekday() >= 5
    }
    undone = set(
        CalendarChange.objects.filter(day__year=year, change=ChangeKind.DAY_OFF).values_list("day", flat=True)
    )
    found = [WorkedWeekend(day, c.name, "") for day, c in changes.items()]
    found += [
        WorkedWeekend(day, "", instead)
        for day, instead in rule_year(year).worked_weekends.items()
        if day not in undone and day not in changes
    ]
    return sorted(found, key=lambda w: w.day)


def organizer_changes(year: int) -> dict[datetime.date, CalendarChange]:
    return {c.day: c for c in CalendarChange.objects.filter(day__year=year).select_related("changed_by")}
