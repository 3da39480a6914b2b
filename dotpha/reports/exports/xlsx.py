"""Excel files as offices expect them (xlsxwriter): a title block (issuing body and motto, title, what the
figures cover, the day they were taken), Vietnamese headers, set widths, number formats, frozen headers,
A4 landscape printing with the header row repeated. What users typed is written as text (`text_cells`)."""

import datetime
import io
import tempfile
from dataclasses import dataclass
from typing import IO

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from dotpha.core.text_cells import WORKBOOK_OPTIONS, merge_text
from dotpha.reports.heading import Heading

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FONT = "Times New Roman"


@dataclass
class Formats:
    issuer: object
    issuer_bold: object
    motto: object
    title: object
    subtitle: object
    header: object
    text: object
    center: object
    int: object
    pct: object
    total_text: object
    total_int: object
    total_pct: object
    group: object


class Book:
    """One workbook with the house formats: in memory, or (`streamed`) written row after row to a
    temporary file, for sheets of any length."""

    def __init__(self, *, stamp: dict[str, str] | None = None, streamed: bool = False) -> None:
        """`stamp`: a closed period's snapshot (its date and hash, `dotpha.reports.snapshots.stamp`). The
        title block then prints it, and the file's creation date is the snapshot's, so the same figures
        give the same bytes.

        `streamed`: xlsxwriter's constant-memory mode, each row flushed to disk when the next one starts,
        so a row must be complete (cells, height) before any later row is written; close with
        `close_file`."""
        # the book owns the file until close_file() hands it over
        self.buffer: IO[bytes] = tempfile.TemporaryFile() if streamed else io.BytesIO()  # noqa: SIM115
        mode = {"constant_memory": True} if streamed else {"in_memory": True}
        self.workbook: Workbook = xlsxwriter.Workbook(self.buffer, {**mode, **WORKBOOK_OPTIONS})
        self.stamp = stamp
        properties: dict = {"title": "Đột phá", "author": "Đột phá"}
        if stamp is not None:
            taken = datetime.datetime.strptime(stamp["taken_on"], "%d/%m/%Y").replace(tzinfo=datetime.UTC)
            properties |= {"created": taken, "keywords": f"SHA-256 {stamp['hash']}"}
        self.workbook.set_properties(properties)
        self.fmt = self._formats()

    def _f(self, **props):
        return self.workbook.add_format({"font_name": FONT, "font_size": 12, "valign": "vcenter", **props})

    def _formats(self) -> Formats:
        cell = {"border": 1, "text_wrap": True}
        return Formats(
            issuer=self._f(align="center", font_size=12),
            issuer_bold=self._f(align="center", bold=True, font_size=12),
            motto=self._f(align="center", bold=True, font_size=12),
            title=self._f(align="center", bold=True, font_size=14, text_wrap=True),
            subtitle=self._f(align="center", italic=True, text_wrap=True),
            header=self._f(align="center", bold=True, bg_color="#F2F2F2", **cell),
            text=self._f(**cell),
            center=self._f(align="center", **cell),
            int=self._f(num_format="#,##0", **cell),
            pct=self._f(num_format="0.0%", **cell),
            total_text=self._f(bold=True, **cell),
            total_int=self._f(bold=True, num_format="#,##0", **cell),
            total_pct=self._f(bold=True, num_format="0.0%", **cell),
            group=self._f(bold=True, bg_color="#FBE9E7", **cell),
        )

    def sheet(self, name: str) -> Worksheet:
        ws = self.workbook.add_worksheet(name[:31])
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.6, right=0.4, top=0.6, bottom=0.6)
        return ws

    def title_block(
        self,
        ws: Worksheet,
        *,
        heading: Heading,
        title: str,
        lines: list[str],
        width: int,
        taken_on: datetime.date,
    ) -> int:
        """Writes the title block over `width` columns; returns the first free row."""
        left = max(2, width // 3)
        last = width - 1
        # the issuer is a unit's name, the lines name the scope and filters: user text, written as text
        merge_text(ws, 0, 0, 0, left - 1, heading.issuer_parent, self.fmt.issuer)
        merge_text(ws, 1, 0, 1, left - 1, heading.issuer, self.fmt.issuer_bold)
        merge_text(ws, 0, left, 0, last, heading.motto[0], self.fmt.motto)
        merge_text(ws, 1, left, 1, last, heading.motto[1], self.fmt.motto)
        merge_text(ws, 3, 0, 3, last, title, self.fmt.title)
        ws.set_row(3, 36)
        row = 4
        when = f"Số liệu đến ngày {taken_on:%d/%m/%Y}"
        if self.stamp is not None:
            when = (
                f"Số liệu chốt ngày {self.stamp['taken_on']} khi khóa kỳ; "
                f"mã kiểm tra (SHA-256): {self.stamp['hash']}"
            )
        for line in [*lines, when]:
            merge_text(ws, row, 0, row, last, line, self.fmt.subtitle)
            row += 1
        return row + 1

    def header(self, ws: Worksheet, row: int, labels: list[str], widths: list[float]) -> int:
        for col, (label, width) in enumerate(zip(labels, widths, strict=True)):
            ws.set_column(col, col, width)
            ws.write_string(row, col, label, self.fmt.header)
        ws.set_row(row, 45)
        ws.freeze_panes(row + 1, 0)
        ws.repeat_rows(row)
        return row + 1

    def close(self) -> bytes:
        self.workbook.close()
        self.buffer.seek(0)
        return self.buffer.read()

    def close_file(self) -> IO[bytes]:
        """The finished file, read from its start; closing it deletes it."""
        self.workbook.close()
        self.buffer.seek(0)
        return self.buffer
