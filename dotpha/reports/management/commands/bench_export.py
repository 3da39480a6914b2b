"""Times the Excel annexes of task rows (issue 18: "Excel annex, 92k rows") against the issue's baseline,
measured in the same run on a throw-away database (Django's test database for the configured one: SQLite,
or PostgreSQL with DATABASE_URL): one plain query over the same rows, written by xlsxwriter in
constant-memory mode to a temporary file. Prints each one's time and peak Python memory (tracemalloc,
taken in a separate run so that tracing does not slow the timed one) and their ratios. Not a test.

    python manage.py bench_export                     # about 20,000 rows on SQLite
    python manage.py bench_export --rows 92000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dotpha python manage.py bench_export --rows 92000
"""

import math
import tempfile
import time
import tracemalloc
from collections.abc import Callable

import xlsxwriter
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases
from django.utils import timezone

from dotpha.core.text_cells import WORKBOOK_OPTIONS
from dotpha.reports.annexes import COLUMNS
from dotpha.reports.bench.data import STATUS_WEIGHTS, build
from dotpha.reports.exports.catalogue import export_kind, parse_stats
from dotpha.reports.selectors.drilldown import Drill, drill_tasks
from dotpha.tasks.models import TaskStatus

KINDS = ("annex_cadres", "annex_grades")
APPROVED_SHARE = dict(STATUS_WEIGHTS)[TaskStatus.APPROVED] / sum(w for _, w in STATUS_WEIGHTS)


def _timed(fn: Callable[[], object], runs: int) -> tuple[float, float, int]:
    """The best seconds of `runs` runs (the machine is shared) and the queries of one, then the peak of
    Python's allocations over one more run, in MB."""
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    seconds = min(times)
    tracemalloc.start()
    try:
        fn()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return seconds, peak / 1e6, len(captured)


class Command(BaseCommand):
    help = "Đo thời gian và bộ nhớ xuất phụ lục Excel so với một truy vấn + xlsxwriter (cơ sở dữ liệu tạm)."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=20_000, help="số dòng việc trong phụ lục (xấp xỉ)")
        parser.add_argument("--runs", type=int, default=3, help="lần đo thời gian (lấy lần nhanh nhất)")
        parser.add_argument("--keepdb", action="store_true", help="giữ cơ sở dữ liệu tạm (PostgreSQL)")

    def handle(self, *args, rows: int, runs: int, keepdb: bool, **options):
        if rows < 1 or runs < 1:
            raise CommandError("--rows và --runs phải lớn hơn 0.")
        old = setup_databases(verbosity=0, interactive=False, keepdb=keepdb)
        try:
            self._run(rows, runs)
        finally:
            teardown_databases(old, verbosity=0, keepdb=keepdb)

    def _run(self, rows: int, runs: int) -> None:
        tasks = math.ceil(rows / APPROVED_SHARE)
        self.stdout.write(f"Tạo dữ liệu: {tasks:,} việc trên {connection.vendor} …")
        start = time.perf_counter()
        province = build(tasks)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(f"  xong sau {time.perf_counter() - start:.1f} s")
        user, today = province.organizer, timezone.localdate()
        request = parse_stats(user, {"unit": str(province.root.pk)}, today=today)
        drill = Drill(root=request.root, filter=request.filter, measure="approved")

        def baseline() -> None:
            qs, _umap = drill_tasks(user, drill, today=today)
            plain_rows(qs.values_list(*BASELINE_COLUMNS))

        base_s, base_mb, _queries = _timed(baseline, runs)
        count = drill_tasks(user, drill, today=today)[0].count()
        self.stdout.write(
            f"\n{count:,} dòng việc, tốt nhất của {runs} lần. "
            f"Mốc so sánh (một truy vấn + xlsxwriter constant_memory): "
            f"{base_s:.2f} s, {base_mb:.1f} MB"
        )
        for code in KINDS:
            kind = export_kind(code)

            def export(kind=kind) -> None:
                built = kind.build(user, request, today, None)
                if built.file is not None:  # a temporary file: closing deletes it
                    built.file.close()

            export_s, export_mb, queries = _timed(export, runs)
            self.stdout.write(
                f"  {code:<14} {export_s:8.2f} s {export_mb:8.1f} MB   "
                f"{export_s / base_s:5.2f}× thời gian, {export_mb / max(base_mb, 0.1):5.2f}× bộ nhớ, "
                f"{queries} truy vấn"
            )


# the columns an annex row prints, read as plain values (the baseline does no lookups and no grouping, so it
# needs no cadre id for the posts)
BASELINE_COLUMNS = tuple(column for column in COLUMNS if column != "assignee_cadre_id")


def plain_rows(values) -> None:
    """The baseline: every row's values written as they come, one row after another, to a temporary file."""
    with tempfile.TemporaryFile() as out:
        workbook = xlsxwriter.Workbook(out, {"constant_memory": True, **WORKBOOK_OPTIONS})
        ws = workbook.add_worksheet()
        for row, record in enumerate(values.iterator(chunk_size=2000)):
            for col, value in enumerate(record):
                if value is None:
                    continue
                if isinstance(value, str):
                    ws.write_string(row, col, value)
                elif isinstance(value, bool | int | float):
                    ws.write_number(row, col, value)
                else:
                    ws.write_string(row, col, str(value))
        workbook.close()
