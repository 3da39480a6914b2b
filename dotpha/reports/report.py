"""The data of the year's report on carrying out the programme: heading, figures for the narrative, annex
tables. The Word template and the PDF page both render this one context, so they say the same."""

import datetime
from dataclasses import dataclass

from dotpha.accounts.models import User
from dotpha.org.models import Unit
from dotpha.reports.annexes import Progress, TaskLine, by_cadre, by_grade, task_lines
from dotpha.reports.formatting import vn_int, vn_pct
from dotpha.reports.heading import Heading, report_year
from dotpha.reports.sections import SectionRequest, report_sections
from dotpha.reports.selectors import RATES, Figures, StatsFilter, StatsRow, dashboard

# The columns of annex 1 (by unit), in Word, PDF and the Excel annex alike.
UNIT_ANNEX_COLUMNS = [
    ("approved", "Số việc được giao"),
    ("cadres", "Số cán bộ"),
    ("excellent", "Hoàn thành xuất sắc"),
    ("good", "Hoàn thành tốt"),
    ("completed", "Hoàn thành"),
    ("not_completed", "Không hoàn thành"),
    ("ahead", "Trước kế hoạch"),
    ("excellent_rate", "Tỷ lệ xuất sắc"),
]
CADRE_ANNEX_COLUMNS = [
    "STT",
    "Họ và tên, chức vụ / Tên việc",
    "Đơn vị",
    "Lĩnh vực",
    "Thời hạn",
    "Tiến độ",
    "Kết quả đánh giá",
    "Trước kế hoạch",
]
GRADE_ANNEX_COLUMNS = ["STT", "Tên việc", "Người, tập thể được giao", "Đơn vị", "Lĩnh vực", "Trước kế hoạch"]


def figure_texts(figures: Figures) -> dict[str, str]:
    """Every figure and rate as printed: "3.853", "33,2%"."""
    texts = {name: vn_int(value) for name, value in figures.as_dict().items()}
    texts["evaluated"] = vn_int(figures.evaluated)
    texts["finished"] = vn_int(figures.finished)
    for name, _label in RATES:
        texts[name] = vn_pct(getattr(figures, name))
    return texts


@dataclass
class AnnexRow:
    number: str
    label: str
    cells: list[str]
    is_total: bool = False


def unit_annex(rows: list[StatsRow], total: StatsRow) -> list[AnnexRow]:
    found = []
    for i, row in enumerate(rows, start=1):
        texts = figure_texts(row.figures)
        label = f"{row.label} ({row.note})" if row.note else row.label
        found.append(AnnexRow(str(i), label, [texts[code] for code, _ in UNIT_ANNEX_COLUMNS]))
    texts = figure_texts(total.figures)
    found.append(AnnexRow("", "Tổng cộng", [texts[code] for code, _ in UNIT_ANNEX_COLUMNS], is_total=True))
    return found


def report_context(
    user: User,
    root: Unit,
    f: StatsFilter,
    heading: Heading,
    *,
    today: datetime.date,
    progress: Progress | None = None,
) -> dict:
    board = dashboard(user, root, f, today=today)
    lines = task_lines(user, root, f, today=today, progress=progress)
    year = report_year(f)
    sections = report_sections(SectionRequest(user=user, root=root, filter=f, year=year, today=today))
    return compose_report(
        board.total, board.units, board.fields, lines, sections, heading, year=year, today=today
    ) | {"scope": root.name, "filters": ", ".join(board.filter.describe())}


def compose_report(
    total: StatsRow,
    units: list[StatsRow],
    fields: list[StatsRow],
    lines: list[TaskLine],
    sections: dict[str, dict],
    heading: Heading,
    *,
    year: str,
    today: datetime.date,
) -> dict:
    """The context from the figures and the task lines, live or frozen in a closed period's snapshot."""
    return {
        "heading": heading,
        "motto1": heading.motto[0],
        "motto2": heading.motto[1],
        "party": heading.party,
        "year": year,
        "f": figure_texts(total.figures),
        "units": unit_annex(units, total),
        "unit_columns": [label for _code, label in UNIT_ANNEX_COLUMNS],
        "fields": unit_annex(fields, total),
        "grades": by_grade(lines),
        "cadres": by_cadre(lines),
        "cadre_columns": CADRE_ANNEX_COLUMNS,
        "grade_columns": GRADE_ANNEX_COLUMNS,
        "sections": sections,
        "monitoring": sections.get("monitoring"),
        "generated_on": f"{today:%d/%m/%Y}",
        "snapshot": None,  # a closed period's: its date and hash (`snapshots.frozen_report_context`)
    }
