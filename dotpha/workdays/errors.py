"""Why the working-day calendar refuses an edit (`ApplicationError.code`), the same on the page and in any
later API. The values are stable: a client compares them, never rename one."""

from enum import StrEnum


class WorkdaysRefusal(StrEnum):
    YEAR_NOT_BUILT = "year_not_built"  # the year has no calendar yet (manage.py calendar_year)
    ALREADY_OFF = "already_off"  # the day is already a non-working day
    NOT_DAY_OFF = "not_day_off"  # the day is a working day or a plain weekend: nothing to remove
    NOT_WEEKEND = "not_weekend"  # only a Saturday or Sunday that is not a holiday can be worked
    NOT_WORKED_WEEKEND = "not_worked_weekend"  # the weekend day is not marked as worked
    NAME_REQUIRED = "name_required"
