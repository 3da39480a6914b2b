"""The data of the dashboard's charts, as plain JSON for the page's data island (json_script); the static
script reports/dashboard.js draws them with ECharts. Every bar carries the address of its records."""

from dotpha.reports.selectors import MEASURE_LABELS, Dashboard, StatsRow

STATUS_SERIES = [
    ("submitted", "#9e9e9e"),
    ("returned", "#ffb74d"),
    ("rejected", "#795548"),
    ("on_track", "#43a047"),
    ("stale", "#fdd835"),
    ("at_risk", "#fb8c00"),
    ("overdue", "#e53935"),
    ("done", "#1e88e5"),
]
GRADE_SERIES = [
    ("excellent", "#c62828"),
    ("good", "#ef6c00"),
    ("completed", "#2e7d32"),
    ("not_completed", "#616161"),
]
TREND_SERIES = [("approved", "bar", "#90a4ae"), ("excellent", "bar", "#c62828"), ("ahead", "line", "#1565c0")]


def _series(rows: list[StatsRow], codes: list[tuple[str, str]]) -> list[dict]:
    return [
        {
            "code": code,
            "name": MEASURE_LABELS[code],
            "color": color,
            "data": [getattr(r.figures, code) for r in rows],
            "links": [r.links.get(code, "") for r in rows],
        }
        for code, color in codes
    ]


def chart_data(board: Dashboard) -> dict:
    units = [r for r in board.units if r.figures.total]
    fields = [r for r in board.fields if r.figures.approved]
    trend_series = [
        {
            "code": code,
            "name": MEASURE_LABELS[code],
            "type": kind,
            "color": color,
            "data": [getattr(r.figures, code) for r in board.trend],
            "links": [r.links.get(code, "") for r in board.trend],
        }
        for code, kind, color in TREND_SERIES
    ]
    return {
        "units": {
            "title": "Tình trạng việc theo đơn vị",
            "horizontal": True,
            "stacked": True,
            "categories": [r.label for r in units],
            "series": _series(units, STATUS_SERIES),
        },
        "fields": {
            "title": "Kết quả đánh giá theo lĩnh vực",
            "horizontal": True,
            "stacked": True,
            "categories": [r.label for r in fields],
            "series": _series(fields, GRADE_SERIES),
        },
        "trend": {
            "title": "Qua các năm",
            "horizontal": False,
            "stacked": False,
            "categories": [r.label for r in board.trend],
            "series": trend_series,
        },
    }
