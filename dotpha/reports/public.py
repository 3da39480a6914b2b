"""Kết quả công khai: what the public pages and their files show of a published snapshot, read from its
content only (the figures as frozen when the period was closed, never the live records).

Aggregates only: the totals, the figures by unit and by field with their rates. The task lines, which name
the cadres, are shown and downloadable only when the organizers published the names (`names_public`).
"""

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dotpha.reports.annexes import TaskLine, by_cadre, items_of
from dotpha.reports.charts import GRADE_SERIES
from dotpha.reports.exports.statistics import cadre_annex_workbook, statistics_workbook
from dotpha.reports.formatting import vn_int, vn_pct
from dotpha.reports.heading import default_heading
from dotpha.reports.models import PeriodSnapshot, SnapshotPublication
from dotpha.reports.selectors import MEASURE_LABELS, RATES, Figures, StatsFilter
from dotpha.reports.snapshots import frozen_board, frozen_lines, frozen_row, stamp, taken_on

# (code, heading on the page); the rates are percentages of the tasks assigned (approved)
COLUMNS = [
    ("approved", gettext_lazy("Việc được giao")),
    ("cadres", gettext_lazy("Cán bộ được giao việc")),
    ("excellent", gettext_lazy("Hoàn thành xuất sắc")),
    ("good", gettext_lazy("Hoàn thành tốt")),
    ("completed", gettext_lazy("Hoàn thành")),
    ("not_completed", gettext_lazy("Không hoàn thành")),
    ("ahead", gettext_lazy("Trước kế hoạch")),
    ("excellent_rate", gettext_lazy("Tỷ lệ hoàn thành xuất sắc")),
    ("finished_rate", gettext_lazy("Tỷ lệ hoàn thành trở lên")),
]
RATE_CODES = {code for code, _label in RATES}
TABLES = [("units", gettext_lazy("Kết quả theo đơn vị")), ("fields", gettext_lazy("Kết quả theo lĩnh vực"))]


@dataclass(frozen=True)
class Row:
    label: str
    note: str
    cells: list[str]  # as printed, in the order of COLUMNS


@dataclass(frozen=True)
class Table:
    code: str
    caption: str
    rows: list[Row]
    total: Row


def _cell(figures: Figures, code: str) -> str:
    value = getattr(figures, code)
    return vn_pct(value) if code in RATE_CODES else vn_int(value)


def _row(data: dict) -> Row:
    row = frozen_row(data)
    return Row(row.label, row.note, [_cell(row.figures, code) for code, _label in COLUMNS])


def tables(content: dict) -> list[Table]:
    total = Row(_("Tổng cộng"), "", _row(content["total"]).cells)
    return [Table(code, str(caption), [_row(r) for r in content[code]], total) for code, caption in TABLES]


def totals(content: dict) -> Figures:
    return frozen_row(content["total"]).figures


def charts(content: dict) -> dict:
    """The results by grade of every unit and field, for reports/dashboard.js (the tables hold the same
    numbers for screen readers)."""

    def chart(title: str, rows: list[dict]) -> dict:
        shown = [frozen_row(r) for r in rows if r["figures"].get("approved")]
        return {
            "title": title,
            "horizontal": True,
            "stacked": True,
            "categories": [r.label for r in shown],
            "series": [
                {
                    "code": code,
                    "name": str(dict(COLUMNS)[code]),
                    "color": color,
                    "data": [getattr(r.figures, code) for r in shown],
                    "links": [],
                }
                for code, color in GRADE_SERIES
            ],
        }

    return {
        "units": chart(_("Kết quả đánh giá theo đơn vị"), content["units"]),
        "fields": chart(_("Kết quả đánh giá theo lĩnh vực"), content["fields"]),
    }


def lines(publication: SnapshotPublication) -> list[TaskLine]:
    """The task lines with the cadres' names, only when their publication was decided."""
    return frozen_lines(publication.snapshot) if publication.names_public else []


# --- files


def _csv_text(value: str) -> str:
    """A cell a spreadsheet would read as a formula (=, +, -, @) is written with a leading apostrophe, so
    that a unit named "=HYPERLINK(…)" stays text when the file is opened in Excel."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _csv_value(figures: Figures, code: str) -> int | str:
    value = getattr(figures, code)
    if code in RATE_CODES:
        return "" if value is None else f"{value:.1f}"
    return value


def figures_csv(snapshot: PeriodSnapshot) -> bytes:
    """The total and the figures by unit and by field, one line each; counts as integers, rates as
    percentages with a decimal point. UTF-8 with a byte order mark, which Excel needs to read the
    Vietnamese letters."""
    content = snapshot.content
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    codes = [code for code, _label in COLUMNS]
    rates = dict(RATES)
    writer.writerow(["Bảng", "Tên", "Ghi chú", *(MEASURE_LABELS.get(c) or f"{rates[c]} (%)" for c in codes)])
    named = [("Tổng cộng", content["root"]["name"], content["total"])]
    named += [("Theo đơn vị", row["label"], row) for row in content["units"]]
    named += [("Theo lĩnh vực", row["label"], row) for row in content["fields"]]
    for table, label, data in named:
        row = frozen_row(data)
        writer.writerow(
            [table, _csv_text(label), _csv_text(row.note), *(_csv_value(row.figures, c) for c in codes)]
        )
    return "\ufeff".encode() + out.getvalue().encode()


def _filter(snapshot: PeriodSnapshot) -> StatsFilter:
    return StatsFilter(programme=snapshot.period.programme, period=snapshot.period)


def statistics_xlsx(snapshot: PeriodSnapshot) -> bytes:
    """The Excel statistics of the closed period, as the organizers download them (the same sheets, the
    snapshot's date and hash), under the unit's default heading."""
    f = _filter(snapshot)
    board = frozen_board(snapshot, f)
    heading = default_heading(snapshot.root, f, today=board.today)
    return statistics_workbook(board, heading, today=board.today, stamp=stamp(snapshot))


def cadre_annex_xlsx(snapshot: PeriodSnapshot) -> bytes:
    """The annex of tasks by cadre (names: only for a publication with `names_public`)."""
    f = _filter(snapshot)
    day = taken_on(snapshot)
    with cadre_annex_workbook(
        items_of(by_cadre(frozen_lines(snapshot))),
        default_heading(snapshot.root, f, today=day),
        scope=snapshot.content["root"]["name"],
        filters=snapshot.content["filters"],
        today=day,
        stamp=stamp(snapshot),
    ) as file:
        return file.read()
