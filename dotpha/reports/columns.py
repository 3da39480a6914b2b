"""The columns of the statistics tables, shared by the pages and the Excel files so both show the same."""

from dataclasses import dataclass

from dotpha.reports.selectors import MEASURE_LABELS, RATES

RATE_LABELS = dict(RATES)


@dataclass(frozen=True)
class Column:
    code: str
    label: str
    is_rate: bool = False
    short: str = ""

    @property
    def heading(self) -> str:
        return self.short or self.label


def _counts(*codes: str, short: dict[str, str] | None = None) -> list[Column]:
    return [Column(code, MEASURE_LABELS[code], short=(short or {}).get(code, "")) for code in codes]


def _rates(*codes: str) -> list[Column]:
    return [Column(code, RATE_LABELS[code], is_rate=True) for code in codes]


SHORT = {
    "excellent": "HTXS",
    "good": "HTT",
    "completed": "HT",
    "not_completed": "KHT",
    "ahead": "Trước KH",
    "returned": "Trả lại",
    "approved": "Được giao",
    "cadres": "Cán bộ",
    "done": "Đã xong",
}

STATS_COLUMNS = [
    *_counts(
        "total",
        "submitted",
        "returned",
        "rejected",
        "approved",
        "cadres",
        "on_track",
        "stale",
        "at_risk",
        "overdue",
        "done",
        "excellent",
        "good",
        "completed",
        "not_completed",
        "ahead",
        short=SHORT,
    ),
    *_rates("excellent_rate", "finished_rate", "ahead_rate"),
]
TREND_COLUMNS = [
    *_counts(
        "total",
        "submitted",
        "returned",
        "rejected",
        "approved",
        "excellent",
        "good",
        "completed",
        "not_completed",
        "ahead",
        short=SHORT,
    ),
    *_rates("excellent_rate", "finished_rate", "ahead_rate"),
]
# What each kind of table shows: the trend has no progress states (they describe today, not a past year).
TABLE_COLUMNS = {"trend": TREND_COLUMNS}


def columns_for(table: str) -> list[Column]:
    return TABLE_COLUMNS.get(table, STATS_COLUMNS)
