"""The non-working days by rule, before any organizer's change: no database here.

Saturdays and Sundays; the public holidays of the Labour Code 2019, Art. 112 (1/1, Tết five days, Giỗ Tổ
Hùng Vương 10/3 lunar, 30/4, 1/5, 2/9 and one day next to it), their days off in lieu when one falls on a
weekend, and the swaps the government announced (a weekday off, a Saturday worked in exchange), as the
`holidays` package knows them for Vietnam: it converts the lunar dates and follows the yearly
announcements. A year's announcement the package does not know yet is entered by the organizers
(`CalendarChange`).
"""

import datetime
from dataclasses import dataclass
from functools import cache

import holidays

from dotpha.workdays.models import DayKind

_WEEKDAY_NAMES = {5: ("Thứ Bảy", "Saturday"), 6: ("Chủ nhật", "Sunday")}


@dataclass(frozen=True)
class RuleDay:
    day: datetime.date
    kind: str
    name: str
    name_en: str


@dataclass(frozen=True)
class RuleYear:
    off: dict[datetime.date, RuleDay]
    # Saturdays (or Sundays) worked in exchange for a weekday off, with the day they make up for
    worked_weekends: dict[datetime.date, str]


def weekend_name(day: datetime.date) -> tuple[str, str]:
    return _WEEKDAY_NAMES[day.weekday()]


@cache
def rule_year(year: int) -> RuleYear:
    vi = holidays.country_holidays("VN", years=year, language="vi")
    en = holidays.country_holidays("VN", years=year, language="en_US")
    worked = {d for d in vi.weekend_workdays if d.year == year}
    off: dict[datetime.date, RuleDay] = {}
    day = datetime.date(year, 1, 1)
    while day.year == year:
        if day.weekday() >= 5 and day not in worked:
            off[day] = RuleDay(day, DayKind.WEEKEND, *weekend_name(day))
        day += datetime.timedelta(days=1)
    for day, name in vi.items():
        name_en = en.get(day, name)
        # a day off in lieu ("nghỉ bù") or swapped for a Saturday worked, as opposed to the holiday itself
        in_lieu = "observed" in name_en.lower() or "substituted" in name_en.lower()
        off[day] = RuleDay(day, DayKind.DAY_OFF if in_lieu else DayKind.HOLIDAY, name, name_en)
    swaps: dict[datetime.date, str] = {}
    for saturday in worked:
        # the package names the weekday off after the Saturday it swaps with ("thay cho ngày 22/08/2026")
        stamp = f"{saturday:%d/%m/%Y}"
        instead = [d for d, n in vi.items() if stamp in n]
        swaps[saturday] = f"{instead[0]:%d/%m/%Y}" if instead else ""
    return RuleYear(off=off, worked_weekends=swaps)
