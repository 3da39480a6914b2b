"""Read a task list into a `TaskImportPlan`: the sheet and header found, the columns matched, every row
checked and its cadre found (or the candidates listed), every problem placed at its row and column.
Nothing is written. Whatever the bytes hold, the answer is a plan, never an exception."""

import re
from collections.abc import Callable, Collection
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from dotpha.accounts.access import has_role
from dotpha.accounts.models import Role, User
from dotpha.core.search import normalize_search
from dotpha.imports.cells import CellError, cell_text
from dotpha.imports.deadlines import parse_deadline
from dotpha.imports.reader import Column, Issue, SheetRow, WorkbookError
from dotpha.imports.row_check import RowCheck
from dotpha.imports.task_authority import target_refusal
from dotpha.imports.task_layout import BY_KEY, KEYS, MAX_COLUMNS, REQUIRED
from dotpha.imports.task_match import CadreDirectory, MatchKind, NameCell, co_responsible, split_name
from dotpha.imports.task_plan import TaskChange, TaskImportPlan, TaskImportTarget, TaskMapping, TaskRowPlan
from dotpha.imports.task_sheet import (
    TaskSheet,
    group_text,
    is_annex_name,
    is_footer,
    is_group_row,
    is_sub_group_row,
    read_task_sheets,
    text_of,
)
from dotpha.imports.upload_reading import read_upload
from dotpha.programmes.models import Field, TaskKind
from dotpha.tasks.models import Task, TaskStatus
from dotpha.tasks.services import TargetInput

NO_PERMISSION = (
    "Bạn không có quyền nhập danh sách việc (cần vai trò Ban Tổ chức hoặc Thường trực, Ban Thường vụ)."
)
NO_ROWS = "Danh sách không có dòng việc nào dưới dòng tiêu đề"
TITLE_MAX = 500
SAMPLE_ROWS = 4
PROGRESS_ROWS = 250
_KIND_WORDS = {
    TaskKind.BREAKTHROUGH: ("dot pha", "doi moi", "viec dot pha", "dot pha, doi moi", "viec moi"),
    TaskKind.DIFFICULT: ("kho", "viec kho"),
    TaskKind.KEY: ("trong tam", "nhiem vu trong tam", "viec trong tam"),
}
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:\.\d{3})+|\d+(?:[.,]\d+)?)(?![\w])")
_UNIT = re.compile(r"^\s*(%|[^\W\d_]+(?:\s+[^\W\d_]+)?)")
_TWO_WORD_UNITS = {"dang", "ho", "can", "luot", "ty", "trieu", "nghin", "ngan", "chi", "co", "doanh", "hop"}
_MAX_TARGET = Decimal("999999999999")
# "a)", "1.", "1.2.", "2)", "-", "+", "•" before a title: the list's numbering, not the task's name
_LIST_MARKER = re.compile(r"^(?:(?:[a-zđ]|\d{1,2}(?:\.\d{1,2})*)[.)]\s+|[-–+•*]\s*)", re.IGNORECASE)


def can_import_tasks(user: User) -> bool:
    """Organizers and approvers may check a task list; the services decide, row by row, whose tasks the
    user may assign under which decision."""
    return has_role(user, Role.ORGANIZER) or has_role(user, Role.APPROVER)


def task_import_parse(
    file: bytes | IO[bytes],
    *,
    actor: User,
    target: TaskImportTarget,
    mapping: TaskMapping | None = None,
    sheet: str | None = None,
    choices: dict[int, int] | None = None,
    updates: Collection[int] | None = None,
    update_all: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> TaskImportPlan:
    """`mapping` None: the columns suggested by the headers of `sheet` (None: the sheet that looks most
    like a task list). `choices`: row number -> cadre id, the user's pick among cadres of the same name.
    `updates`: rows whose existing task the user chose to correct from the file (`update_all`: every
    such row); any other existing task is skipped. `progress(done, total)`: called as the rows are
    checked, every PROGRESS_ROWS rows (the worker's import shows it)."""
    if not can_import_tasks(actor):
        return TaskImportPlan(issues=[Issue(NO_PERMISSION)])
    refusal = target_refusal(actor, target)
    if refusal:  # said once, before any row: not once per row after the user fixed everything
        return TaskImportPlan(actor_id=actor.pk, issues=[Issue(refusal)])
    data = file if isinstance(file, bytes) else file.read()
    try:
        sheets, issues = read_upload(read_task_sheets, data, actor=actor)
    except WorkbookError as error:
        return TaskImportPlan(issues=[Issue(error.message)])
    plan = TaskImportPlan(actor_id=actor.pk, sheets=[s.name for s in sheets])
    if not sheets:
        plan.issues = issues
        return plan
    wanted = mapping.sheet if mapping is not None else sheet
    chosen = next((s for s in sheets if s.name == wanted), sheets[0])
    plan.sheet = chosen.name
    plan.header_row = chosen.header_row
    plan.columns = chosen.columns
    plan.suggested = dict(chosen.suggestion)
    plan.mapping_confident = chosen.confident
    plan.rivals = _rival_notes(chosen)
    lists = [s for s in sheets if all(k in s.suggestion for k in REQUIRED)]
    if wanted is None and len(lists) > 1 and sum(is_annex_name(s.name) for s in lists) != 1:
        # two sheets that both look like the list, neither named as the annex: the user says which
        names = ", ".join(f"“{s.name}”" for s in lists)
        plan.rivals.insert(0, f"Tệp có nhiều trang giống danh sách việc ({names}): hãy chọn đúng trang")
        plan.mapping_confident = False
    plan.title_lines = chosen.title_lines
    plan.sample = _sample(chosen)
    if mapping is None or mapping.sheet != chosen.name:
        mapping = TaskMapping(chosen.name, dict(chosen.suggestion))
    plan.mapping = mapping
    plan.issues = _check_mapping(mapping, chosen)
    if plan.issues:
        return plan
    plan.rows = _parse_rows(chosen, mapping, actor, target, choices or {}, progress)
    chosen_updates = set(updates or ())
    for row in plan.rows:
        row.update = bool(row.changes) and (update_all or row.row in chosen_updates)
    plan.issues = [issue for row in plan.rows for issue in row.issues]
    if not plan.rows:
        plan.issues.append(Issue(NO_ROWS, sheet=chosen.name))
    return plan


def _sample(sheet: TaskSheet, size: int = SAMPLE_ROWS) -> list[tuple[int, list[str]]]:
    """The first rows under the header, as text by column, for the mapping step."""
    sample = []
    for number, cells in sheet.rows:
        if not any(text_of(v) for v in cells):
            continue
        texts = [text_of(cells[c.index])[:80] if c.index < len(cells) else "" for c in sheet.columns]
        sample.append((number, texts))
        if len(sample) >= size:
            break
    return sample


def _rival_notes(sheet: TaskSheet) -> list[str]:
    """ "Hai cột có thể là “Thời hạn hoàn thành”: E (30/06/2024), F (Quý IV/2024)", from the first row."""
    first = next((cells for _, cells in sheet.rows if any(text_of(v) for v in cells)), ())
    notes = []
    for key, others in sheet.rivals.items():
        shown = []
        for index in [sheet.suggestion[key], *others]:
            value = text_of(first[index])[:40] if index < len(first) else ""
            shown.append(f"{sheet.column(index).choice_label} (dòng đầu: “{value}”)")
        notes.append(f"Nhiều cột có thể là “{BY_KEY[key].label}”: {'; '.join(shown)}. Hãy chọn một cột")
    return notes


def _check_mapping(mapping: TaskMapping, sheet: TaskSheet) -> list[Issue]:
    issues = []
    missing = [BY_KEY[k].label for k in REQUIRED if k not in mapping.columns]
    if missing:
        names = ", ".join(f"“{m}”" for m in missing)
        issues.append(Issue(f"Chưa chọn cột cho {names}", sheet=sheet.name, row=sheet.header_row))
    seen: dict[int, str] = {}
    for key, index in mapping.columns.items():
        if key not in BY_KEY or not 0 <= index < MAX_COLUMNS:
            issues.append(Issue("Cách ghép cột không hợp lệ; hãy chọn lại", sheet=sheet.name))
            continue
        if index in seen:
            column = sheet.column(index).choice_label
            message = f"Cột {column} được chọn cho cả “{seen[index]}” và “{BY_KEY[key].label}”"
            issues.append(Issue(message, sheet=sheet.name, row=sheet.header_row))
        seen[index] = BY_KEY[key].label
    return issues


class _Catalogues:
    """The fields and kinds a row may name, found by name or code ignoring case and diacritics."""

    def __init__(self, target: TaskImportTarget) -> None:
        self.fields: dict[str, Field] = {}
        for item in Field.objects.filter(is_active=True).order_by("rank", "name"):
            for key in (item.name, item.code, item.code.replace("-", " ")):
                self.fields.setdefault(normalize_search(key), item)
        self.allowed_kinds = [k for k in TaskKind.values if k in (target.programme.task_kinds or [])]
        default = TaskKind.BREAKTHROUGH if TaskKind.BREAKTHROUGH in self.allowed_kinds else None
        self.default_kind = default or (
            self.allowed_kinds[0] if self.allowed_kinds else TaskKind.BREAKTHROUGH
        )
        self.kinds: dict[str, str] = {}
        for kind in TaskKind:
            for key in (kind.value, str(kind.label), *_KIND_WORDS[kind]):
                self.kinds.setdefault(normalize_search(key), kind.value)

    def field(self, text: str) -> Field | None:
        key = normalize_search(text)
        if key in self.fields:
            return self.fields[key]
        close = {f.pk: f for name, f in self.fields.items() if len(key) >= 4 and (key in name or name in key)}
        return next(iter(close.values())) if len(close) == 1 else None

    def kind(self, text: str) -> str | None:
        key = normalize_search(text)
        if key in self.kinds:
            return self.kinds[key]
        found = {kind for word, kind in self.kinds.items() if len(word) >= 3 and word in key}
        return found.pop() if len(found) == 1 else None


def _parse_rows(
    sheet: TaskSheet,
    mapping: TaskMapping,
    actor: User,
    target: TaskImportTarget,
    choices: dict[int, int],
    progress: Callable[[int, int], None] | None,
) -> list[TaskRowPlan]:
    columns = tuple(
        Column(key, sheet.column(index).header)
        for key, index in sorted(mapping.columns.items(), key=lambda item: item[1])
    )
    number_index = mapping.columns.get("number")
    data_indexes = [mapping.columns[k] for k in ("full_name", "deadline") if k in mapping.columns]
    raw_rows: list[tuple[SheetRow, str]] = []
    after_gap: set[int] = set()  # rows with a blank row above them
    group = main_group = ""
    blank = False
    for number, cells in sheet.rows:
        if not any(text_of(v) for v in cells):
            blank = True
            continue
        if blank:
            after_gap.add(number)
            blank = False
        if is_footer(cells, number_index):
            break
        if is_group_row(cells, number_index, data_indexes):
            group = main_group = group_text(cells)
            continue
        if is_sub_group_row(cells, number_index, data_indexes):
            group = " / ".join(p for p in (main_group, group_text(cells)) if p)
            continue
        values = {key: cells[i] if i < len(cells) else None for key, i in mapping.columns.items()}
        if any(text_of(v) for key, v in values.items() if key != "number"):
            raw_rows.append((SheetRow(number, values), group))
    raw_rows = _without_trailing_text(raw_rows, after_gap)

    names = {row.number: _name_cell(row.values.get("full_name")) for row, _ in raw_rows}
    co_in_titles = [
        NameCell(co, "", normalize_search(co), normalize_search(co))
        for row, _ in raw_rows
        for co in co_responsible(text_of(row.values.get("title")))[0]
    ]
    wanted = [n for n in names.values() if n is not None] + co_in_titles
    directory = CadreDirectory(actor, wanted, on=target.approval_day)
    catalogues = _Catalogues(target)
    period = target.period
    default_year = period.end_date.year if period.start_date.year == period.end_date.year else None
    plans = []
    seen: dict[tuple[int, str], int] = {}
    existing = _existing_tasks(target, directory_cadres(raw_rows, names, directory))
    for done, (row, group) in enumerate(raw_rows):
        if progress is not None and done % PROGRESS_ROWS == 0:
            progress(done, len(raw_rows))
        check = RowCheck(sheet.name, row, columns)
        plan = TaskRowPlan(row=row.number, group=group)
        _read_task(check, plan, catalogues, target, default_year)
        _find_cadre(check, plan, names[row.number], directory, choices)
        if plan.cadre is not None and plan.title:
            key = (plan.cadre.pk, normalize_search(plan.title))
            if key in seen:
                check.error("title", f"Trùng với dòng {seen[key]}: cùng việc, cùng người được giao")
            else:
                seen[key] = row.number
            if key in existing:
                plan.existing = True
                plan.existing_task_id = existing[key].pk
                plan.changes = _changes(plan, existing[key], mapping)
        plan.issues = check.issues
        plans.append(plan)
    if progress is not None:
        progress(len(raw_rows), len(raw_rows))
    return plans


def _without_trailing_text(
    raw_rows: list[tuple[SheetRow, str]], after_gap: set[int]
) -> list[tuple[SheetRow, str]]:
    """A note under the list after a blank gap, with no footer word ("Danh sách này thay thế…"): when no
    row from the gap on names anyone or gives a deadline, the list ended at the gap. A row with a name or a
    deadline after it keeps every row, so a task missing its name is an error, never silently dropped."""
    last_gap = None
    for index, (row, _) in enumerate(raw_rows):
        if _names_or_dates(row):
            last_gap = None
        elif last_gap is None and row.number in after_gap:
            last_gap = index
    return raw_rows if last_gap is None or last_gap == 0 else raw_rows[:last_gap]


def _names_or_dates(row: SheetRow) -> bool:
    return any(text_of(row.values.get(key)) for key in ("full_name", "deadline"))


def directory_cadres(
    raw_rows: list[tuple[SheetRow, str]], names: dict[int, NameCell | None], directory: CadreDirectory
) -> set[int]:
    """Every cadre a row's name could be: the tasks they already have in the period are read at once."""
    return {
        c.pk
        for row, _ in raw_rows
        if (cell := names[row.number]) is not None
        for c in directory.candidates_for(cell)
    }


def _existing_tasks(target: TaskImportTarget, cadre_ids: set[int]) -> dict[tuple[int, str], Task]:
    """The tasks the period already holds, by (assignee, normalised title): a row naming one of them was
    imported before and is skipped (or, at the user's choice, corrects it), so importing the same file
    twice writes its tasks once."""
    if not cadre_ids:
        return {}
    tasks = (
        Task.objects.filter(period=target.period, assignee_cadre__in=cadre_ids)
        .exclude(status=TaskStatus.REJECTED)
        .select_related("field")
        .prefetch_related("co_cadres")
        .order_by("pk")
    )
    found: dict[tuple[int, str], Task] = {}
    for task in tasks:
        assert task.assignee_cadre_id is not None
        found.setdefault((task.assignee_cadre_id, normalize_search(_LIST_MARKER.sub("", task.title))), task)
    return found


def _changes(plan: TaskRowPlan, task: Task, mapping: TaskMapping) -> list[TaskChange]:
    """What the file says other than the task: the deadline always, the other fields only when the file
    has a column for them (a column the file lacks says nothing about the task)."""
    mapped = mapping.columns
    changes = []
    if plan.deadline is not None and plan.deadline != task.deadline:
        old = f"{task.deadline:%d/%m/%Y}" if task.deadline else ""
        changes.append(TaskChange("deadline", "Thời hạn", old, f"{plan.deadline:%d/%m/%Y}"))
    texts = (("deliverable", "Sản phẩm", plan.deliverable), ("description", "Nội dung", plan.description))
    for key, label, new in texts:
        old = getattr(task, key)
        if key in mapped and " ".join(new.split()) != " ".join(old.split()):
            changes.append(TaskChange(key, label, old, new))
    if "kind" in mapped and plan.kind != task.kind:
        changes.append(TaskChange("kind", "Loại việc", task.get_kind_display(), plan.kind_label))
    if "field" in mapped and plan.field_id is not None and plan.field_id != task.field_id:
        old = task.field.name if task.field else ""
        changes.append(TaskChange("field", "Lĩnh vực", old, plan.field_name))
    co_cadres = task.co_cadres.all()
    if plan.co_cadre_ids and set(plan.co_cadre_ids) != {c.pk for c in co_cadres}:
        old = ", ".join(c.full_name for c in co_cadres)
        changes.append(TaskChange("co_cadres", "Phối hợp", old, ", ".join(plan.co_cadre_names)))
    return changes


def _name_cell(value: Any) -> NameCell | None:
    try:
        return split_name(value) if value is not None else None
    except CellError:
        return None


def _read_task(
    check: RowCheck,
    plan: TaskRowPlan,
    catalogues: _Catalogues,
    target: TaskImportTarget,
    default_year: int | None,
) -> None:
    mapped = check.headers
    title = check.text("title", required="Thiếu tên việc", max_length=TITLE_MAX)
    co_names, title = co_responsible(title)
    plan.co_names_in_title = list(co_names)
    plan.title = _LIST_MARKER.sub("", title).strip()
    plan.description = (check.text("description") if "description" in mapped else "") or plan.title
    if "position" in mapped:
        plan.position = check.text("position", max_length=300)
    if "unit" in mapped:
        plan.unit = check.text("unit", max_length=300)
    if "field" in mapped and (text := check.text("field")):
        found = catalogues.field(text)
        if found is None:
            check.error("field", f"Không có lĩnh vực “{text}” trong danh mục (hoặc bỏ chọn cột Lĩnh vực)")
        else:
            plan.field_id, plan.field_name = found.pk, found.name
    plan.kind = catalogues.default_kind
    if "kind" in mapped and (text := check.text("kind")):
        kind = catalogues.kind(text)
        if kind is None:
            check.error(
                "kind", f"Loại việc “{text}” không rõ: ghi Việc đột phá, Việc khó hoặc Nhiệm vụ trọng tâm"
            )
        else:
            plan.kind = kind
    plan.kind_label = str(TaskKind(plan.kind).label)
    # a task cannot start before the decision that approves it
    opening = max(d for d in (target.period.start_date, target.approval_day) if d is not None)
    plan.start_date = (check.date("start_date") if "start_date" in mapped else None) or opening
    _read_deadline(check, plan, default_year)
    if "deliverable" in mapped:
        plan.deliverable = check.text("deliverable")
    if "target" in mapped and (text := check.text("target")):
        parsed = parse_target(text)
        if parsed is not None:
            plan.targets.append(parsed)
        else:
            plan.deliverable = "\n".join(p for p in (plan.deliverable, f"Chỉ tiêu: {text}") if p)


def _read_deadline(check: RowCheck, plan: TaskRowPlan, default_year: int | None) -> None:
    raw = check.row.values.get("deadline")
    try:
        plan.deadline = parse_deadline(raw, default_year=default_year)
    except CellError as error:
        check.error("deadline", error.message)
        return
    if plan.deadline is None:
        check.error("deadline", "Thiếu thời hạn hoàn thành")
    elif isinstance(raw, str):
        plan.deadline_text = cell_text(raw)


def _find_cadre(
    check: RowCheck,
    plan: TaskRowPlan,
    cell: NameCell | None,
    directory: CadreDirectory,
    choices: dict[int, int],
) -> None:
    raw = check.row.values.get("full_name")
    if cell is None and raw is not None:
        check.error("full_name", f"Ô có lỗi công thức “{str(raw)[:20]}”")
        return
    if cell is None or not cell.key:
        check.error("full_name", "Thiếu họ và tên người được giao")
        return
    plan.name = cell.name
    context = " ".join(p for p in (plan.position, cell.extra) if p)
    if cell.extra and not plan.position:
        plan.position = cell.extra
    match = directory.match(
        cell, context, unit_text=plan.unit, group=plan.group, chosen=choices.get(plan.row)
    )
    plan.match = match
    if match.kind == MatchKind.NOT_FOUND:
        message = f"Không tìm thấy cán bộ “{cell.name}” trong phạm vi của bạn"
        if match.suggestions:
            message += f"; có phải: {', '.join(match.suggestions)}?"
        check.error("full_name", message)
    elif match.kind == MatchKind.OUTSIDE:
        check.error("full_name", f"Cán bộ “{cell.name}” không thuộc phạm vi của bạn: không giao việc được")
    elif plan.row in choices and match.needs_choice:
        check.error("full_name", "Người được chọn không có trong danh sách gợi ý; hãy chọn lại")
    if match.post_differs and match.cadre is not None:
        written = " ".join(p for p in (plan.position, plan.unit) if p)
        plan.warnings.append(
            f"Chức vụ, đơn vị ghi trong tệp “{written}” khác với chức vụ của {match.cadre.full_name} "
            f"vào ngày quyết định: {match.cadre.description}"
        )
    _find_co_cadres(check, plan, cell, directory)


def _find_co_cadres(check: RowCheck, plan: TaskRowPlan, cell: NameCell, directory: CadreDirectory) -> None:
    """ "đ/c X (phối hợp)" in the name or title cell: X among the co-responsible, found by the exact name;
    a name not found, or "phối hợp" without a name, stops the row rather than being dropped."""
    names = list(cell.co_names)
    for name in plan.co_names_in_title:
        if name not in names:
            names.append(name)
    if not names and cell.mentions_co:
        message = "Ô ghi “phối hợp” nhưng không rõ tên người phối hợp: ghi “đ/c Họ tên (phối hợp)”"
        check.error("full_name", message)
        return
    for name in names:
        found = directory.find_exact(name)
        if found.cadre is None or found.kind not in (MatchKind.FOUND, MatchKind.BY_POST):
            reason = "có nhiều người cùng tên" if found.kind == MatchKind.AMBIGUOUS else "không tìm thấy"
            check.error("full_name", f"Người phối hợp “{name}”: {reason}; hãy sửa tệp hoặc xóa phần phối hợp")
            continue
        if plan.cadre is not None and found.cadre.pk == plan.cadre.pk:
            continue
        if found.cadre.pk not in plan.co_cadre_ids:
            plan.co_cadre_ids.append(found.cadre.pk)
            plan.co_cadre_names.append(found.cadre.full_name)


def parse_target(text: str) -> TargetInput | None:
    """ "13 nhà" -> 13 (nhà); "Tỷ lệ hộ nghèo giảm 2,5%" -> 2.5 (%); "kết nạp 1.200 đảng viên" -> 1200
    (đảng viên). None when no number with a unit can be read: the text then goes to the deliverable."""
    numbers = list(_NUMBER.finditer(text))
    years = [m for m in numbers if re.fullmatch(r"(19|20)\d\d", m.group(1))]
    for match in [m for m in numbers if m not in years] + years:
        unit = _UNIT.match(text[match.end() :])
        if unit is None:
            continue
        value = _decimal(match.group(1))
        if value is None or len(text) > 300:
            return None
        words = unit.group(1).split()
        if len(words) == 2 and normalize_search(words[0]) not in _TWO_WORD_UNITS:
            words = words[:1]
        return TargetInput(name=text, unit_of_measure=" ".join(words)[:50], target_value=value)
    return None


def _decimal(text: str) -> Decimal | None:
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", text):
        text = text.replace(".", "")
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() and 0 <= value <= _MAX_TARGET else None


__all__ = ["KEYS", "can_import_tasks", "parse_target", "task_import_parse"]
