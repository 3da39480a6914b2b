"""Reading the working-day calendar: whether a day is worked, a deadline's effective date, lateness in
working days, and the same effective date as an SQL expression for querysets.

The rule (Bộ luật Dân sự 2015, Điều 148): a period whose last day is a non-working day ends on the next
working day. So a deadline falling on a weekend or holiday moves to the next working day (its effective
deadline); "late" is done after that; lateness counts working days. Both faces read `NonWorkingDay`, so
Python and SQL agree by construction.

`WorkCalendar` reads the stored days a year at a time (one query per year touched): make one per request or
per loop and pass it down, rather than calling the module functions (one calendar each) in a loop.
"""

import datetime

from django.db.models import DateField, F, OuterRef, Subquery
from django.db.models.functions import Coalesce

from dotpha.workdays.models import NonWorkingDay

ONE_DAY = datetime.timedelta(days=1)


class WorkCalendar:
    def __init__(self) -> None:
        self._years: dict[int, dict[datetime.date, datetime.date]] = {}

    def _year(self, year: int) -> dict[datetime.date, datetime.date]:
        if year not in self._years:
            rows = NonWorkingDay.objects.filter(
                day__gte=datetime.date(year, 1, 1), day__lte=datetime.date(year, 12, 31)
            ).values_list("day", "next_working_day")
            self._years[year] = dict(rows)
        return self._years[year]

    def is_working_day(self, day: datetime.date) -> bool:
        return day not in self._year(day.year)

    def effective_deadline(self, day: datetime.date) -> datetime.date:
        """`day` if it is worked, else the next working day."""
        return self._year(day.year).get(day, day)

    def last_working_day_before(self, day: datetime.date) -> datetime.date:
        before = day - ONE_DAY
        while not self.is_working_day(before):
            before -= ONE_DAY
        return before

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """The working days after `start` up to and including `end` (0 when `end` is not after `start`)."""
        if end <= start:
            return 0
        off = sum(
            1 for year in range(start.year, end.year + 1) for day in self._year(year) if start < day <= end
        )
        return (end - start).days - off

    def working_days_late(self, due: datetime.date, done: datetime.date) -> int:
        """The working days after the effective deadline up to `done`: 0 when done by it, and at least 1
        when done after it (done on the Saturday after a Friday deadline is late, by one day)."""
        effective = self.effective_deadline(due)
        if done <= effective:
            return 0
        return max(1, self.working_days_between(effective, done))


def is_working_day(day: datetime.date) -> bool:
    return WorkCalendar().is_working_day(day)


def effective_deadline(day: datetime.date) -> datetime.date:
    return WorkCalendar().effective_deadline(day)


def last_working_day_before(day: datetime.date) -> datetime.date:
    return WorkCalendar().last_working_day_before(day)


def working_days_late(due: datetime.date, done: datetime.date) -> int:
    return WorkCalendar().working_days_late(due, done)


def effective_date(field: str) -> Coalesce:
    """SQL: the effective date of the date column `field` (NULL stays NULL), for annotations and filters.
    `today > effective(deadline)` is better written `deadline <= last_working_day_before(today)`, a
    constant: the two are equivalent and the second needs no subquery."""
    next_day = NonWorkingDay.objects.filter(day=OuterRef(field)).values("next_working_day")[:1]
    return Coalesce(Subquery(next_day), F(field), output_field=DateField())
