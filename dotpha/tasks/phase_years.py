"""The years of a phase (a multi-year period such as 2021–2025) as its tasks are reviewed: every year but the
last gets a yearly review (`YearReview`), the last is the phase's final evaluation (`Evaluation`). A year's
review is due from GRADING_WINDOW_DAYS before the year ends, as the year-end evaluation of a year period is.
Services, pages, the inbox, statistics and ratings all ask here."""

import datetime

from dotpha.programmes.models import Period, PeriodKind
from dotpha.tasks.selectors.grading import GRADING_WINDOW_DAYS


def is_phase(period: Period) -> bool:
    return period.kind == PeriodKind.PHASE


def review_years(period: Period) -> list[int]:
    """The years of the phase reviewed one by one: all but the last (none for a year period)."""
    if not is_phase(period):
        return []
    return list(range(period.start_date.year, period.end_date.year))


def final_year(period: Period) -> int:
    return period.end_date.year


def review_opens(year: int) -> datetime.date:
    """The first day a year's review may be written."""
    return datetime.date(year, 12, 31) - datetime.timedelta(days=GRADING_WINDOW_DAYS)


def latest_due_year(today: datetime.date) -> int:
    """The latest year whose review is due on `today`: this year from its grading window on, else the
    year before."""
    return today.year if today >= review_opens(today.year) else today.year - 1
