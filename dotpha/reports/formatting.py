"""Numbers and dates as Vietnamese offices write them: 3.853 việc, 33,2%, "Hòa Sơn, ngày 05 tháng 02 năm
2026" (Decree 30/2020: a day below 10 and the months January and February take a leading zero)."""

import datetime


def vn_int(n: int | None) -> str:
    if n is None:
        return ""
    return f"{n:,}".replace(",", ".")


def vn_pct(x: float | None, digits: int = 1) -> str:
    if x is None:
        return "–"
    return f"{x:.{digits}f}".replace(".", ",") + "%"


def vn_date(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def date_line(place: str, day: datetime.date) -> str:
    dd = f"{day.day:02d}"
    mm = f"{day.month:02d}" if day.month < 3 else str(day.month)
    prefix = f"{place}, " if place else ""
    return f"{prefix}ngày {dd} tháng {mm} năm {day.year}"


def place_name(province_name: str) -> str:
    """The place a province's documents are dated at: its name without "Tỉnh" or "Thành phố"."""
    for prefix in ("Tỉnh ", "Thành phố ", "tỉnh ", "thành phố "):
        if province_name.startswith(prefix):
            return province_name[len(prefix) :]
    return province_name
