"""What an import of a task list would do: where the tasks go (programme, period, decision), how the file's
columns were read, and row by row the task, the cadre found for it and what is wrong. The parser's answer,
the preview's content and the apply step's instructions."""

import datetime
from dataclasses import dataclass, field

from dotpha.imports.reader import Issue
from dotpha.imports.task_layout import BY_KEY, KEYS
from dotpha.imports.task_match import CadreMatch, Candidate, MatchKind
from dotpha.imports.task_sheet import SheetColumn
from dotpha.programmes.models import Decision, Period, Programme
from dotpha.tasks.services import TargetInput


@dataclass(frozen=True)
class TaskImportTarget:
    """Where the imported tasks go: an existing decision, or a new one with this number."""

    programme: Programme
    period: Period
    decision: Decision | None = None
    decision_number: str = ""
    decision_title: str = ""
    signed_on: datetime.date | None = None
    batch_number: int | None = None

    @property
    def approval_day(self) -> datetime.date | None:
        """The tasks count as approved on the day the decision was signed."""
        return self.decision.signed_on if self.decision is not None else self.signed_on

    @property
    def number(self) -> str:
        return self.decision.number if self.decision is not None else self.decision_number

    def describe(self) -> str:
        signed = f" ngày {self.approval_day:%d/%m/%Y}" if self.approval_day else ""
        new = "" if self.decision is not None else " (quyết định mới)"
        return f"{self.programme} · {self.period} · Quyết định số {self.number}{signed}{new}"


@dataclass(frozen=True)
class TaskMapping:
    """Which column of the file holds each of ours (zero-based indexes), on which sheet."""

    sheet: str
    columns: dict[str, int]

    def describe(self, columns: list[SheetColumn]) -> list[tuple[str, str]]:
        by_index = {c.index: c for c in columns}
        shown = []
        for key in KEYS:
            if key in self.columns:
                index = self.columns[key]
                column = by_index.get(index) or SheetColumn(index, ())
                shown.append((BY_KEY[key].label, column.choice_label))
        return shown


@dataclass(frozen=True)
class TaskChange:
    """A field where the file says other than the task the period already holds: `key` is the field
    `task_correct` takes, `old` and `new` as the preview shows them."""

    key: str
    label: str
    old: str
    new: str

    def describe(self) -> str:
        return f"{self.label}: “{self.old or '—'}” → “{self.new or '—'}”"


STATUS_WORDS = {
    MatchKind.FOUND: "đã tìm thấy",
    MatchKind.BY_POST: "trùng tên, phân biệt theo chức vụ",
    MatchKind.CHOSEN: "đã chọn",
    MatchKind.OUTSIDE: "ngoài phạm vi",
    MatchKind.NOT_FOUND: "không tìm thấy",
}


@dataclass
class TaskRowPlan:
    row: int
    group: str = ""
    title: str = ""
    description: str = ""
    name: str = ""  # as written
    position: str = ""
    unit: str = ""
    match: CadreMatch | None = None
    field_id: int | None = None
    field_name: str = ""
    kind: str = ""
    kind_label: str = ""
    start_date: datetime.date | None = None
    deadline: datetime.date | None = None
    deadline_text: str = ""  # as written, when it was not a plain date
    deliverable: str = ""
    targets: list[TargetInput] = field(default_factory=list)
    co_cadre_ids: list[int] = field(default_factory=list)  # "đ/c X (phối hợp)"
    co_cadre_names: list[str] = field(default_factory=list)
    co_names_in_title: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # to acknowledge before commit
    existing: bool = False  # the period already has this task for this cadre: skipped, never created twice
    existing_task_id: int | None = None
    changes: list[TaskChange] = field(default_factory=list)  # where the file differs from that task
    update: bool = False  # the user chose to correct that task from the file (default: skip)
    issues: list[Issue] = field(default_factory=list)

    @property
    def cadre(self) -> Candidate | None:
        return self.match.cadre if self.match is not None else None

    @property
    def needs_choice(self) -> bool:
        return self.match is not None and self.match.needs_choice and not self.issues

    @property
    def ok(self) -> bool:
        return not self.issues and self.cadre is not None

    @property
    def to_create(self) -> bool:
        return self.ok and not self.existing

    @property
    def to_update(self) -> bool:
        return self.ok and self.existing and self.update and bool(self.changes)

    @property
    def match_kind(self) -> str:
        return self.match.kind.value if self.match is not None else ""

    @property
    def status(self) -> str:
        """What the preview's row says of it, in words: the command prints the same."""
        if self.issues:
            return "lỗi"
        if self.to_update:
            return "đã có, cập nhật"
        if self.existing:
            return "đã có, khác tệp, bỏ qua" if self.changes else "đã có, bỏ qua"
        kind = self.match.kind if self.match is not None else None
        if kind in (MatchKind.AMBIGUOUS, MatchKind.NEAR):
            return "cần chọn người được giao"
        if self.warnings:
            return "cảnh báo"
        return STATUS_WORDS.get(kind, "") if kind is not None else ""

    def summary(self) -> str:
        """One line per row, in the file's order: status, title, person, deadline, and why."""
        who = self.cadre.full_name if self.cadre is not None else self.name
        if self.cadre is not None:
            who += f" ({self.cadre.code})"
        if self.co_cadre_names:
            who += f"; phối hợp: {', '.join(self.co_cadre_names)}"
        deadline = f"{self.deadline:%d/%m/%Y}" if self.deadline else "—"
        if self.deadline_text:
            deadline += f" ({self.deadline_text})"
        notes = [i.message for i in self.issues] + self.warnings + [c.describe() for c in self.changes]
        if self.match is not None and self.match.needs_choice:
            notes.append("có phải: " + "; ".join(c.label for c in self.match.candidates) + "?")
        tail = "".join(f"\n    - {n}" for n in notes)
        return f"Dòng {self.row} [{self.status}] {self.title or '—'} · {who or '—'} · hạn {deadline}{tail}"


@dataclass
class TaskImportSummary:
    tasks: int = 0
    cadres: int = 0
    decision: str = ""
    decision_created: bool = False
    skipped: int = 0  # rows whose task the period already had
    updated: int = 0  # of those, the tasks corrected from the file at the user's choice

    def describe(self) -> str:
        created = " (quyết định mới)" if self.decision_created else ""
        updated = f" Cập nhật {self.updated} việc đã có." if self.updated else ""
        skipped = f" Bỏ qua {self.skipped} việc đã có." if self.skipped else ""
        return (
            f"Đã tạo {self.tasks} việc đã phê duyệt cho {self.cadres} cán bộ "
            f"theo Quyết định số {self.decision}{created}.{updated}{skipped}"
        )


@dataclass
class TaskImportPlan:
    actor_id: int | None = None
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)
    header_row: int | None = None
    columns: list[SheetColumn] = field(default_factory=list)
    mapping: TaskMapping | None = None
    suggested: dict[str, int] = field(default_factory=dict)
    mapping_confident: bool = False
    rivals: list[str] = field(default_factory=list)  # why the mapping is not sure: the user chooses
    title_lines: list[str] = field(default_factory=list)
    sample: list[tuple[int, list[str]]] = field(default_factory=list)  # first rows, text by column
    rows: list[TaskRowPlan] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    @property
    def is_readable(self) -> bool:
        """The file is a workbook with a list in it: the mapping step can be offered."""
        return bool(self.columns)

    @property
    def unresolved(self) -> list[TaskRowPlan]:
        return [r for r in self.rows if r.needs_choice]

    @property
    def is_valid(self) -> bool:
        return not self.issues and bool(self.rows)

    def choice_issues(self) -> list[Issue]:
        """One per row whose name several cadres share, or that only matches once tone marks are dropped,
        and for which the user chose nobody."""
        issues = []
        for row in self.unresolved:
            assert row.match is not None
            names = "; ".join(c.label for c in row.match.candidates)
            if row.match.kind == MatchKind.NEAR:
                message = (
                    f"Không tìm thấy cán bộ “{row.name}” (đúng dấu) — có phải: {names}? "
                    "Hãy chọn người được giao hoặc sửa tệp"
                )
            else:
                count = len(row.match.candidates)
                message = f"Có {count} cán bộ tên “{row.name}”, chưa chọn người được giao: {names}"
            issues.append(Issue(message, sheet=self.sheet, row=row.row, column=self.header_of("full_name")))
        return issues

    def warnings(self) -> list[Issue]:
        """What the file says that the system does not (a post the cadre did not hold on the decision
        date): not an error, but the user must say they read it before anything is written."""
        column = self.header_of("full_name")
        return [
            Issue(message, sheet=self.sheet, row=row.row, column=column)
            for row in self.rows
            if not row.issues and not row.existing
            for message in row.warnings
        ]

    def header_of(self, key: str) -> str:
        if self.mapping is None or key not in self.mapping.columns:
            return BY_KEY[key].header
        index = self.mapping.columns[key]
        return next((c.header for c in self.columns if c.index == index), BY_KEY[key].header)

    def counts(self) -> dict[str, int]:
        kinds = [r.match_kind for r in self.rows if not r.issues]
        return {
            "rows": len(self.rows),
            "found": kinds.count(MatchKind.FOUND)
            + kinds.count(MatchKind.BY_POST)
            + kinds.count(MatchKind.CHOSEN),
            "ambiguous": kinds.count(MatchKind.AMBIGUOUS) + kinds.count(MatchKind.NEAR),
            "warnings": sum(1 for r in self.rows if r.warnings and not r.issues),
            "with_errors": sum(1 for r in self.rows if r.issues),
            "existing": sum(1 for r in self.rows if r.existing and not r.issues),
            "changed": sum(1 for r in self.rows if r.existing and r.changes and not r.issues),
            "to_update": sum(1 for r in self.rows if r.to_update),
        }
