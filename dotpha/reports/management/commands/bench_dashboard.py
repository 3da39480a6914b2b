"""Times the dashboard selector against hand-written SQL for the same aggregation, in the same run, on a
throw-away database (Django's test database for the configured one: SQLite, or PostgreSQL with
DATABASE_URL). Not part of the test suite.

    python manage.py bench_dashboard                    # 100,000 tasks on SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dotpha python manage.py bench_dashboard
"""

import statistics
import time
from collections import Counter
from collections.abc import Callable

from django.core.management.base import BaseCommand
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import (
    CaptureQueriesContext,
    setup_databases,
    setup_test_environment,
    teardown_databases,
    teardown_test_environment,
)
from django.utils import timezone

from dotpha.accounts.models import Role, RoleGrant, User
from dotpha.org.models import Unit
from dotpha.reports.bench.data import build, other_provinces
from dotpha.reports.bench.raw import raw_facts
from dotpha.reports.models import CadreRollup, RollupState, TaskRollup
from dotpha.reports.rollups import rebuild
from dotpha.reports.selectors import StatsFilter, dashboard, unit_map
from dotpha.reports.selectors.dashboard import fetch_facts, fold


def _best[R](fn: Callable[[], R], runs: int) -> tuple[float, float, R]:
    times: list[float] = []
    result = fn()
    for _ in range(runs):
        reset_queries()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times), result


def _norm(rows) -> Counter:
    return Counter(tuple(bool(v) if isinstance(v, bool) else v for v in row) for row in rows)


class Command(BaseCommand):
    help = "Đo thời gian bảng thống kê so với SQL viết tay (cơ sở dữ liệu tạm, không đụng dữ liệu thật)."

    def add_arguments(self, parser):
        parser.add_argument("--tasks", type=int, nargs="+", default=[100_000])
        parser.add_argument("--runs", type=int, default=5)
        parser.add_argument("--keepdb", action="store_true", help="giữ cơ sở dữ liệu tạm (PostgreSQL)")

    def handle(self, *args, tasks: list[int], runs: int, keepdb: bool, **options):
        setup_test_environment()  # the test client's host is allowed
        try:
            for count in tasks:  # each size on a database of its own
                old = setup_databases(verbosity=0, interactive=False, keepdb=keepdb)
                try:
                    self._run(count, runs)
                finally:
                    teardown_databases(old, verbosity=0, keepdb=keepdb)
        finally:
            teardown_test_environment()

    def _run(self, count: int, runs: int) -> None:
        database = getattr(connection, "Database", None)
        version = getattr(database, "sqlite_version", "") or getattr(connection, "pg_version", "")
        vendor = f"{connection.vendor} {version}"
        self.stdout.write(f"Tạo dữ liệu: {count:,} việc trên {vendor} …")
        start = time.perf_counter()
        province = build(count)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(f"  xong sau {time.perf_counter() - start:.1f} s")
        user, root, period = province.organizer, province.root, province.periods[2024]
        f = StatsFilter(period=period)
        today = timezone.localdate()
        # first the figures counted from the tasks: the rollups old, their rebuild taken as queued
        RollupState.objects.update(as_of=None, queued_on=today)

        def selector():
            return dashboard(user, root, f, today=today)

        def orm_sql():
            return fetch_facts(user, unit_map(root), f, today=today)

        def raw_sql():
            return raw_facts(user, root, period, today=today, whole_tree=True)

        def raw_dashboard():
            umap = unit_map(root)
            return fold(
                root, umap, f, raw_facts(user, root, period, today=today, whole_tree=True), today=today
            )

        client = Client()
        client.force_login(user)

        def get(url: str) -> Callable[[], int]:
            def fetch() -> int:
                response = client.get(url, secure=True)
                assert response.status_code == 200, (url, response.status_code)
                return len(response.content)

            return fetch

        # a unit's dashboard, with its table by cadre: the people's committee (a tenth of the province) and
        # one of its departments
        people = Unit.objects.get(name="Ủy ban nhân dân tỉnh")
        department = Unit.objects.get(name="Sở số 1")
        pages = [
            ("trang /reports/board/", get(f"/reports/board/?period={period.pk}")),
            ("API /api/v1/statistics/tasks", get(f"/api/v1/statistics/tasks?period_id={period.pk}")),
            ("trang một đơn vị: UBND tỉnh", get(f"/reports/units/{people.pk}/?period={period.pk}")),
            ("trang một đơn vị: một sở", get(f"/reports/units/{department.pk}/?period={period.pk}")),
            # the list behind a figure: the province's approved tasks (dense, read from the name index), and
            # the overdue ones (a state computed with today's date: every row of the year is read)
            ("danh sách sau số đã giao", get(f"/reports/tasks/?period={period.pk}&m=approved")),
            ("danh sách sau số quá hạn", get(f"/reports/tasks/?period={period.pk}&m=overdue")),
            # the cadres behind the number of cadres, each with their number of tasks (from the sums by
            # cadre once they are rebuilt)
            ("danh sách sau số cán bộ", get(f"/reports/tasks/?period={period.pk}&m=cadres")),
        ]
        with CaptureQueriesContext(connection) as captured:
            selector()
        queries = len(captured)
        sel_best, sel_median, board = _best(selector, runs)
        raw_best, raw_median, raw_board = _best(raw_dashboard, runs)
        orm_best, _m, orm_facts = _best(orm_sql, runs)
        sql_best, _m2, sql_facts = _best(raw_sql, runs)

        same = (
            all(
                _norm(getattr(orm_facts, part)) == _norm(getattr(sql_facts, part))
                for part in ("lines", "cadres", "trend")
            )
            and board.total.figures == raw_board.total.figures
        )
        t = board.total.figures
        self.stdout.write(
            f"\nBảng thống kê toàn tỉnh, kỳ 2024 ({t.total:,} việc tính, {t.approved:,} được giao, "
            f"{len(board.units)} dòng đơn vị), tốt nhất / trung vị của {runs} lần:"
        )
        rows = [
            ("selector dashboard()", sel_best, sel_median, f"{queries} truy vấn"),
            ("SQL viết tay + cùng phép cộng", raw_best, raw_median, "3 truy vấn + 2 của bản đồ đơn vị"),
        ]
        for label, fetch in pages:
            reset_queries()  # the log is bounded (9,000): a full one would count nothing
            with CaptureQueriesContext(connection) as captured:
                fetch()
            best, median, _size = _best(fetch, runs)
            rows.append(
                (label, best, median, f"{len(captured)} truy vấn, {best / raw_best:.2f}× SQL viết tay")
            )
        for label, best, median, note in rows:
            self.stdout.write(f"  {label:<32} {best * 1000:9.1f} ms {median * 1000:9.1f} ms   {note}")
        self.stdout.write(f"  {'tỷ lệ selector / SQL viết tay':<32} {sel_best / raw_best:9.2f}×")
        self.stdout.write(
            f"  {'chỉ phần SQL: ORM / viết tay':<32} {orm_best * 1000:9.1f} ms {sql_best * 1000:9.1f} ms"
            f"   {orm_best / sql_best:.2f}×"
        )
        self.stdout.write(
            self.style.SUCCESS("  kết quả giống nhau") if same else self.style.ERROR("  KẾT QUẢ KHÁC NHAU")
        )
        self._rolled(selector, pages, runs, board=board, counted=sel_best, raw=raw_best)
        self._beside_others(user, root, f, runs, board=board, raw=raw_best)

    def _rolled(self, selector, pages, runs: int, *, board, counted: float, raw: float) -> None:
        """The same board and pages read from the rollups (`dotpha.reports.rollups`), once rebuilt."""
        start = time.perf_counter()
        stored = rebuild()
        took = time.perf_counter() - start
        self.stdout.write(
            f"\nĐọc từ số liệu tổng hợp (dựng lại {stored:,} dòng trong {took:.1f} s; "
            f"{TaskRollup.objects.count():,} dòng tổng, {CadreRollup.objects.count():,} dòng cán bộ):"
        )
        reset_queries()  # the log is bounded: a full one would count nothing
        with CaptureQueriesContext(connection) as captured:
            rolled_board = selector()
        best, median, _board = _best(selector, runs)
        rows = [("selector dashboard()", best, median, f"{len(captured)} truy vấn")]
        for label, fetch in pages:
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                fetch()
            page_best, page_median, _size = _best(fetch, runs)
            rows.append((label, page_best, page_median, f"{len(captured)} truy vấn"))
        for label, b, m, note in rows:
            self.stdout.write(
                f"  {label:<32} {b * 1000:9.1f} ms {m * 1000:9.1f} ms   {note}, "
                f"{b / raw:.2f}× SQL viết tay, {b / counted:.2f}× selector đếm"
            )
        same = (
            all(
                [(r.key, r.figures) for r in a] == [(r.key, r.figures) for r in b]
                for (_c, _t, a), (_c2, _t2, b) in zip(board.tables(), rolled_board.tables(), strict=True)
            )
            and board.trend == rolled_board.trend
        )
        self.stdout.write(
            self.style.SUCCESS("  giống bảng đếm từng việc") if same else self.style.ERROR("  KHÁC BẢNG ĐẾM")
        )

    def _beside_others(self, user, root: Unit, f: StatsFilter, runs: int, *, board, raw: float) -> None:
        """Last (it adds units): the same board once the instance serves 33 more provinces, seen by a national
        organisation board (a grant on every province) and by the province's own, who does not see every task
        but every one counted under the province. The province is no longer the only tree, so its field, kind
        and trend tables read the sums by field of its own tree (`rolled.whole_trees`)."""
        roots = other_provinces(33)
        own = User.objects.create_user(username="bench-province-organizer", password="-")
        RoleGrant.objects.create(user=own, role=Role.ORGANIZER, unit=root)
        RoleGrant.objects.bulk_create(RoleGrant(user=user, role=Role.ORGANIZER, unit=r) for r in roots)
        national = User.objects.get(pk=user.pk)  # the grants are cached per user object
        today = timezone.localdate()
        units = Unit.objects.count()
        self.stdout.write(f"\nCùng bảng, hệ thống phục vụ thêm 33 tỉnh ({units:,} đơn vị):")
        for label, viewer in (("người xem cả nước", national), ("ban tổ chức của tỉnh", own)):

            def selector(viewer=viewer):
                return dashboard(viewer, root, f, today=today)

            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                beside = selector()
            best, median, _board = _best(selector, runs)
            self.stdout.write(
                f"  {label:<32} {best * 1000:9.1f} ms {median * 1000:9.1f} ms   "
                f"{len(captured)} truy vấn, {best / raw:.2f}× SQL viết tay"
            )
            same = all(
                [(r.key, r.figures) for r in a] == [(r.key, r.figures) for r in b]
                for (_c, _t, a), (_c2, _t2, b) in zip(board.tables(), beside.tables(), strict=True)
            )
            self.stdout.write(
                self.style.SUCCESS("  giống bảng đếm từng việc")
                if same
                else self.style.ERROR("  KHÁC BẢNG ĐẾM")
            )
