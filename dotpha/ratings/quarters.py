"""Which quarter of the rating year each result falls in (Decree 335, Art. 14: products are counted by the
month or quarter; Art. 21: the year is classified from the average of those scores).

Each input carries the day its result falls on (`RatingInput.on`), set by its provider: for a task, its
completion date by the progress rule (the first report at 100%), else its deadline (a product due but not
delivered counts against the quarter it was due in), else the last day of its period (`inputs.task_results`).
A day outside the rating year (a phase task completed the year after) is placed in the nearest quarter of it.
"""

import datetime
from collections.abc import Iterable

from dotpha.ratings.inputs import RatingInput

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


def by_quarter(year: int, items: Iterable[RatingInput]) -> dict[int, list[RatingInput]]:
    found: dict[int, list[RatingInput]] = {q: [] for q in QUARTERS}
    for item in items:
        found[quarter_of(year, item.on)].append(item)
    return found
