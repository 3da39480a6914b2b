"""Read the typed values of one sheet row and collect what is wrong with it, each issue placed under the
column header Excel shows."""

import datetime
from collections.abc import Callable
from typing import Any

from dotpha.imports.cells import CellError, cell_date, cell_text, cell_year
from dotpha.imports.reader import Column, Issue, SheetRow


class RowCheck:
    def __init__(self, sheet: str, row: SheetRow, columns: tuple[Column, ...]) -> None:
        self.sheet = sheet
        self.row = row
        self.headers = {c.key: c.header for c in columns}
        self._order = {c.key: i for i, c in enumerate(columns)}
        self._found: list[tuple[int, Issue]] = []
        self._bad: set[str] = set()

    @property
    def ok(self) -> bool:
        return not self._found

    @property
    def issues(self) -> list[Issue]:
        """In the order of the columns, left to right, as the user reads the row."""
        return [issue for _, issue in sorted(self._found, key=lambda found: found[0])]

    def error(self, key: str, message: str) -> None:
        self._bad.add(key)
        issue = Issue(message, sheet=self.sheet, row=self.row.number, column=self.headers[key])
        self._found.append((self._order[key], issue))

    def is_bad(self, key: str) -> bool:
        return key in self._bad

    def text(self, key: str, *, required: str = "", max_length: int | None = None) -> str:
        value = self._read(key, cell_text) or ""
        if not value and required and not self.is_bad(key):
            self.error(key, required)
        if max_length is not None and len(value) > max_length:
            self.error(key, f"Dài quá {max_length} ký tự")
            return ""
        return value

    def date(self, key: str) -> datetime.date | None:
        return self._read(key, cell_date)

    def year(self, key: str) -> int | None:
        return self._read(key, cell_year)

    def _read(self, key: str, reader: Callable[[Any], Any]) -> Any:
        try:
            return reader(self.row.values.get(key))
        except CellError as error:
            self.error(key, error.message)
            return None
