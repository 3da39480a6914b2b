"""Times the task-list importer (read the file, preview, read again, commit: what the pages do) on an
annex workbook of many rows with matching cadres, against writing the same rows straight to the table
(PostgreSQL COPY, or one bulk insert on SQLite), in the same run, on a throw-away database; and, before
it, the one-task path the importer used to take (`task_assign` row by row, rolled back) on the first
`--before-rows` rows, as ms per row. Not part of the test suite.

    python manage.py bench_import                   # as many rows as the importer takes (MAX_ROWS)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dotpha_bench python manage.py bench_import
"""

import datetime
import io
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import setup_databases, teardown_databases
from openpyxl import Workbook

from dotpha.accounts.models import Role, RoleGrant, User
from dotpha.core.search import normalize_search
from dotpha.imports.task_layout import MAX_ROWS
from dotpha.imports.task_parser import task_import_parse
from dotpha.imports.task_plan import TaskImportPlan, TaskImportTarget
from dotpha.imports.task_services import task_import_apply, task_import_check
from dotpha.org.models import Cadre
from dotpha.programmes.services import decision_create
from dotpha.reports.bench.data import build
from dotpha.tasks.models import Task
from dotpha.tasks.services import open_assignment, task_assign

HEADER = ["STT", "Tên việc đột phá, đổi mới", "Họ và tên", "Chức vụ", "Thời hạn hoàn thành", "Sản phẩm"]
DEADLINES = ["Quý II/2024", "30/09/2024", "tháng 11/2024", "năm 2024"]


def annex(names: list[str], rows: int, first: int = 1) -> bytes:
    """An annex of `rows` tasks numbered from `first`, spread over the cadres `names`, laid out as the
    template."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Phụ lục")
    sheet.append(["DANH SÁCH GIAO VIỆC ĐỘT PHÁ, ĐỔI MỚI NĂM 2024"])
    sheet.append(HEADER)
    for i in range(first - 1, first - 1 + rows):
        name = names[i % len(names)]
        sheet.append([i + 1, f"Việc nhập thử số {i + 1}", name, None, DEADLINES[i % 4], "Báo cáo"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


FAMILIES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng"]
MIDDLES = ["Văn", "Thị", "Hữu", "Minh"]
GIVENS = ["An", "Bình", "Cường", "Dũng", "Hà", "Hạnh", "Hòa", "Hùng", "Khánh", "Lan", "Long", "Mai"]


def _real_names(cadres: list[Cadre]) -> list[str]:
    """The bench province's cadres are "Cán bộ Sở 12": named as people are, each name once."""
    names = [f"{f} {m} {g}" for f in FAMILIES for m in MIDDLES for g in GIVENS]
    for cadre, name in zip(cadres, names, strict=False):
        cadre.full_name, cadre.search_text = name, normalize_search(name)  # as Cadre.save sets it
    Cadre.objects.bulk_update(cadres, ["full_name", "search_text"])
    return names[: len(cadres)]


def bench_desk() -> tuple[User, TaskImportTarget, list[str]]:
    """The bench province, an approver of its standing committee, a new decision of theirs to import
    under and the names of the cadres it manages."""
    province = build(0)
    period = province.periods[2024]
    programme = period.programme
    standing = programme.issuing_unit
    approver = User.objects.create_user(username="bench-approver", password="-")
    RoleGrant.objects.create(user=approver, role=Role.APPROVER, unit=standing)
    names = _real_names(list(Cadre.objects.filter(managing_unit=standing)))
    target = TaskImportTarget(
        programme=programme,
        period=period,
        decision_number="125-QĐ/TU",
        signed_on=datetime.date(2024, 3, 15),
    )
    return approver, target, names


class Command(BaseCommand):
    help = "Đo thời gian nhập danh sách việc so với ghi thẳng cùng các dòng vào bảng (cơ sở dữ liệu tạm)."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=MAX_ROWS)
        parser.add_argument(
            "--before-rows",
            type=int,
            default=1000,
            help="số dòng ghi lần lượt từng việc (cách cũ) để đo ms/dòng; 0: bỏ qua",
        )
        parser.add_argument("--keepdb", action="store_true", help="giữ cơ sở dữ liệu tạm (PostgreSQL)")

    def handle(self, *args, rows: int, before_rows: int, keepdb: bool, **options):
        if not 0 < rows <= MAX_ROWS:
            raise CommandError(f"Số dòng phải từ 1 đến {MAX_ROWS} (giới hạn của trình nhập).")
        old = setup_databases(verbosity=0, interactive=False, keepdb=keepdb)
        try:
            self.run(rows, before_rows=min(before_rows, rows))
        finally:
            teardown_databases(old, verbosity=0, keepdb=keepdb)

    def run(self, rows: int, *, before_rows: int = 0) -> None:
        """On the database in use: the test calls it inside its own transaction."""
        approver, target, names = bench_desk()
        period = target.period
        data = annex(names, rows)
        self.stdout.write(
            f"Nhập {rows:,} dòng ({len(data) / 1024:.0f} KB, {len(names)} cán bộ) trên {connection.vendor} …"
        )

        steps: list[tuple[str, float]] = []

        def timed(label: str, fn):
            start = time.perf_counter()
            result = fn()
            steps.append((label, time.perf_counter() - start))
            return result

        plan = timed(
            "đọc tệp, ghép tên (xem trước)", lambda: task_import_parse(data, actor=approver, target=target)
        )
        issues = timed(
            "kiểm tra qua dịch vụ (xem trước)",
            lambda: task_import_check(actor=approver, plan=plan, target=target),
        )
        if plan.issues or issues or len(plan.rows) != rows:
            shown = [i.describe() for i in (plan.issues or issues)[:5]]
            raise CommandError(f"Tệp thử không nhập được: {len(plan.rows)} dòng; {shown}")
        before = self._one_by_one(approver, target, plan, before_rows) if before_rows else None
        plan = timed("đọc lại tệp (khi nhập)", lambda: task_import_parse(data, actor=approver, target=target))
        summary = timed(
            "ghi qua dịch vụ (khi nhập)", lambda: task_import_apply(actor=approver, plan=plan, target=target)
        )
        if summary.tasks != rows:
            raise CommandError(f"Chỉ tạo được {summary.tasks} việc.")
        importer = sum(seconds for _, seconds in steps)
        write = steps[-1][1]
        direct = self._direct(period.pk)

        for label, seconds in steps:
            self.stdout.write(f"  {label:<36} {seconds:9.2f} s")
        self.stdout.write(f"  {'trình nhập, cộng':<36} {importer:9.2f} s   {rows / importer:,.0f} dòng/s")
        how = "COPY" if connection.vendor == "postgresql" else "bulk insert"
        self.stdout.write(f"  {'ghi thẳng cùng các dòng (' + how + ')':<36} {direct:9.2f} s")
        if before is not None:
            per_row = before / before_rows
            self.stdout.write(
                f"  {'trước: từng việc một (task_assign)':<36} {per_row * 1000:9.1f} ms/dòng "
                f"({before_rows:,} dòng; {rows:,} dòng ≈ {per_row * rows:,.0f} s, "
                f"{per_row * rows / direct:,.0f}× ghi thẳng)"
            )
        self.stdout.write(f"  {'sau: ghi cả lô (task_assign_many)':<36} {write * 1000 / rows:9.2f} ms/dòng")
        self.stdout.write(self.style.SUCCESS(f"  tỷ lệ ghi cả lô / ghi thẳng: {write / direct:.1f}×"))
        self.stdout.write(self.style.SUCCESS(f"  tỷ lệ trình nhập / ghi thẳng: {importer / direct:.1f}×"))

    def _one_by_one(self, approver: User, target: TaskImportTarget, plan: TaskImportPlan, rows: int) -> float:
        """The write as the importer made it before the bulk path: one `task_assign` per row (each its own
        savepoint, history, event and notification), under a decision of its own; then rolled back."""
        cadres = Cadre.objects.select_related("managing_unit").in_bulk(
            [r.cadre.pk for r in plan.rows if r.cadre]
        )
        with transaction.atomic():
            decision = decision_create(
                actor=approver,
                programme=target.programme,
                period=target.period,
                number="124-QĐ/TU",
                title="Đo cách cũ",
                signed_on=target.signed_on,
            )
            assignment = open_assignment(
                approver, programme=target.programme, period=target.period, decision=decision
            )
            start = time.perf_counter()
            for row in plan.rows[:rows]:
                assert row.cadre is not None and row.deadline is not None and row.start_date is not None
                task_assign(
                    actor=approver,
                    assignment=assignment,
                    title=row.title,
                    description=row.description,
                    start_date=row.start_date,
                    deadline=row.deadline,
                    assignee_cadre=cadres[row.cadre.pk],
                    kind=row.kind,
                    deliverable=row.deliverable,
                    targets=row.targets,
                    deadline_wording=row.deadline_text,
                    today=target.approval_day,
                )
            seconds = time.perf_counter() - start
            transaction.set_rollback(True)
        return seconds

    def _direct(self, period_id: int) -> float:
        """The imported tasks' own rows written again in one statement, then rolled back."""
        tasks = list(Task.objects.filter(period_id=period_id))
        start = time.perf_counter()
        with transaction.atomic():
            copy_tasks(tasks)
            seconds = time.perf_counter() - start
            transaction.set_rollback(True)
        return seconds


def copy_tasks(tasks: list[Task]) -> None:
    """Writes copies of `tasks` as new rows the fastest way the database has: PostgreSQL's COPY (values sent
    as data, never as SQL text; table and columns quoted), elsewhere one bulk insert. The caller's
    transaction decides whether they stay."""
    fields = [f for f in Task._meta.concrete_fields if not f.primary_key]
    if connection.vendor != "postgresql":
        Task.objects.bulk_create([Task(**{f.attname: getattr(t, f.attname) for f in fields}) for t in tasks])
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in fields)
    values = [[f.get_db_prep_save(getattr(t, f.attname), connection) for f in fields] for t in tasks]
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor: Django's wrapper has no COPY
        with raw.copy(f"COPY {quote(Task._meta.db_table)} ({columns}) FROM STDIN") as copy:
            for row in values:
                copy.write_row(row)
