"""Times the pages that list tasks (issue 18) at each size asked, against hand-written SQL for the same rows,
on a throw-away database (Django's test database for the configured one: SQLite, or PostgreSQL with
DATABASE_URL): the task list of one unit's subtree (first and last page), the approval queue, and
GET /api/v1/tasks by page number and by cursor (first page and one deep in the list), the tasks reporting
late (a state that moves with the days: the list and the API), the home pages, a task's page, a commune
party committee's task list, the commune monitoring's coverage board of a province of 166 communes, and
last the task list of a national organisation board once 33 more provinces' units are added. Each page is
served whole by Django's test client (the view, the queries, the template), as the organizer or the
approver of the benchmark province (`reports.bench.data`). Not part of the test suite.

    python manage.py bench_lists                                  # 10,000 and 100,000 tasks on SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_lists python manage.py bench_lists
"""

import cProfile
import datetime
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import or_
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, reset_queries
from django.db.models import Q
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases
from django.urls import reverse
from django.utils import timezone

from dotpha.accounts.models import Role, RoleGrant, User
from dotpha.core.search import normalize_words
from dotpha.monitoring.tests.scale import build_scale_province
from dotpha.org.models import Appointment, Cadre, Unit, UnitMerger
from dotpha.reports.bench.data import build, other_provinces
from dotpha.tasks.models import DEADLINE_KEY, Task, TaskStatus
from dotpha.tasks.selectors.progress import ProgressState, day_number
from dotpha.workdays.calendar import WorkCalendar

PAGE = 50
COUNT_BOUND = 10_000


@dataclass
class Timing:
    best: float
    median: float
    queries: int
    size: int  # bytes of the answer


def _time(fetch: Callable[[], bytes], runs: int) -> Timing:
    fetch()  # the first run warms the caches (the session, the content types, the templates)
    reset_queries()  # the log holds the build's last queries: counted from empty
    with CaptureQueriesContext(connection) as captured:
        body = fetch()
    times = []
    for _ in range(runs):
        reset_queries()
        start = time.perf_counter()
        fetch()
        times.append(time.perf_counter() - start)
    return Timing(min(times), statistics.median(times), len(captured), len(body))


def _page_sql(where: str, order: str) -> str:
    """One page of tasks with what a row of the list shows (names of the programme, period, field and
    assignee, the latest report's percent), and the page's own counting query."""
    return f"""
        SELECT t.id, t.title, t.status, t.deadline, p.number, pe.name, f.name,
               COALESCE(c.full_name, u.name),
               (SELECT r.percent_done FROM tasks_progressreport r WHERE r.task_id = t.id
                 ORDER BY r.reported_on DESC, r.id DESC LIMIT 1)
        FROM tasks_task t
        JOIN programmes_programme p ON p.id = t.programme_id
        JOIN programmes_period pe ON pe.id = t.period_id
        LEFT JOIN programmes_field f ON f.id = t.field_id
        LEFT JOIN org_cadre c ON c.id = t.assignee_cadre_id
        LEFT JOIN org_unit u ON u.id = t.assignee_unit_id
        WHERE {where}
        ORDER BY {order}
        LIMIT {PAGE}"""


def late_reporting_where(today: datetime.date) -> tuple[str, list]:
    """The tasks reporting late on `today` (alias `t`), written by hand on the stored facts, and its bound
    values: only constants are written into the text."""
    cutoff = WorkCalendar().last_working_day_before(today)
    day = "%s::date" if connection.vendor == "postgresql" else "%s"
    where = f"""t.status = 'approved' AND (t.deadline IS NULL OR t.deadline > {day}) AND EXISTS (
        SELECT 1 FROM tasks_taskfacts f WHERE f.task_id = t.id AND f.completed_on IS NULL
          AND NOT f.evaluated AND (f.milestone_due IS NULL OR f.milestone_due > {day})
          AND (f.behind_from IS NULL OR f.behind_from > %s) AND f.stale_after < %s)"""
    return where, [cutoff, cutoff, day_number(today), day_number(today)]


def title_search_where(words: list[str]) -> tuple[str, list]:
    """The tasks whose title's search copy holds every word, the last as the start of a word (as typed), and
    the rank: how many of the words the title holds (alias `t`). The product's search also looks in the
    description, the assignee's name and unit and the decision number: this is its floor. Values bound."""
    whole = "(t.search_text = %s OR t.search_text LIKE %s OR t.search_text LIKE %s OR t.search_text LIKE %s)"
    start = "(t.search_text LIKE %s OR t.search_text LIKE %s)"
    where, params = [], []
    for word in words[:-1]:
        where.append(whole)
        params += [word, f"{word} %", f"% {word}", f"% {word} %"]
    where.append(start)
    params += [f"{words[-1]}%", f"% {words[-1]}%"]
    return " AND ".join(where), params


def commune_ids(commune: Unit) -> tuple[list[int], list[int]]:
    """The commune's units (its subtree and the merged communes'), and the cadres they manage or who worked
    in one of them."""
    merged = UnitMerger.objects.filter(successor=commune).values_list("predecessor__path", flat=True)
    units = list(
        Unit.objects.filter(
            reduce(or_, (Q(path__startswith=path) for path in [commune.path, *merged]))
        ).values_list("pk", flat=True)
    )
    cadres = sorted(
        {
            *Cadre.objects.filter(managing_unit__in=units).values_list("pk", flat=True),
            *Appointment.objects.filter(unit__in=units).values_list("cadre_id", flat=True),
        }
    )
    return units, cadres


def tied_to_where(units: list[int], cadres: list[int]) -> tuple[str, list]:
    """The tasks (alias `t`) of a collective among `units`, decided by one of them, or of a cadre among
    `cadres`, and the values to bind: only placeholders are written into the text, one per id."""
    if not units or not cadres:
        raise ValueError("a commune's list needs its units and its cadres")
    among_units, among_cadres = ", ".join(["%s"] * len(units)), ", ".join(["%s"] * len(cadres))
    where = f"""(t.assignee_unit_id IN ({among_units}) OR t.authority_unit_id IN ({among_units})
        OR t.assignee_cadre_id IN ({among_cadres}))"""
    return where, [*units, *units, *cadres]


class Command(BaseCommand):
    help = "Đo thời gian danh sách việc, hàng chờ phê duyệt và API danh sách việc so với SQL viết tay."

    def add_arguments(self, parser):
        parser.add_argument("--tasks", type=int, nargs="+", default=[10_000, 100_000])
        parser.add_argument("--runs", type=int, default=5)
        parser.add_argument("--profile", help="the page (its label's start) to profile with cProfile")
        parser.add_argument(
            "--just-written",
            action="store_true",
            help="time the data as written, only ANALYZEd; by default it is VACUUMed first, as autovacuum "
            "(on in production: `check --deploy --database default` warns otherwise) leaves a table some "
            "minutes after a bulk write: its pages marked all-visible, index-only scans read no table page",
        )

    def handle(self, *args, tasks: list[int], runs: int, profile: str | None, just_written: bool, **options):
        self.profile = profile
        self.vacuum = not just_written
        # the test client's host; not setup_test_environment(), whose template instrumentation (a copy of
        # every context, for response.context) would be timed with the pages
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        for count in tasks:
            old = setup_databases(verbosity=0, interactive=False)
            try:
                self._run(count, runs)
            finally:
                teardown_databases(old, verbosity=0)

    def _run(self, count: int, runs: int) -> None:
        self.stdout.write(f"\nTạo dữ liệu: {count:,} việc trên {connection.vendor} …")
        start = time.perf_counter()
        province = build(count)
        approver = User.objects.create_user(username="bench-approver", password="-")
        RoleGrant.objects.create(user=approver, role=Role.APPROVER, unit=province.root)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE" if self.vacuum else "ANALYZE")
        # the commune monitoring of the largest province since the reform (Thanh Hóa: 166 communes), beside
        # the tasks: its pages read no task, so what they cost should not move with the tasks' number
        standing = Unit.objects.get(name="Ban Thường vụ Tỉnh ủy")
        watch = build_scale_province(
            code="TH",
            organizer=province.organizer,
            issuing_unit=standing,
            communes=166,
            cadres=150,
            visits=700,
            commended=120,
        )
        state = ""
        if connection.vendor == "postgresql":
            state = " (đã VACUUM)" if self.vacuum else " (vừa ghi, chưa VACUUM)"
        self.stdout.write(f"  xong sau {time.perf_counter() - start:.1f} s{state}")
        # one unit's subtree: the people's committee and its 20 departments
        unit = Unit.objects.get(name="Ủy ban nhân dân tỉnh")
        organizer, queue_approver = Client(), Client()
        organizer.force_login(province.organizer)
        queue_approver.force_login(approver)

        def get(client: Client, url: str) -> Callable[[], bytes]:
            def fetch() -> bytes:
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)
                return response.content

            return fetch

        def sql(*statements: tuple[str, list]) -> Callable[[], bytes]:
            def fetch() -> bytes:
                with connection.cursor() as cursor:
                    for statement, params in statements:
                        cursor.execute(statement, params)
                        cursor.fetchall()
                return b""

            return fetch

        in_subtree = """(t.assignee_unit_id IN (SELECT id FROM org_unit WHERE path LIKE %s)
            OR t.assignee_cadre_id IN (SELECT a.cadre_id FROM org_appointment a JOIN org_unit au
              ON au.id = a.unit_id WHERE a.end_date IS NULL AND au.path LIKE %s))"""
        subtree = [unit.path + "%", unit.path + "%"]
        by_deadline = "COALESCE(t.deadline, '9999-12-31') {0}, t.id {0}"
        bounded = f"SELECT COUNT(*) FROM (SELECT 1 FROM tasks_task t WHERE {{}} LIMIT {COUNT_BOUND + 1}) n"
        waiting = "t.status = 'submitted'"

        ascending = by_deadline.format("ASC")
        day = "%s::date" if connection.vendor == "postgresql" else "%s"
        list_url = reverse("tasks:list") + f"?unit={unit.pk}"
        api = reverse("api:task_list")
        deep = self._deep_cursor(organizer, api)
        pages: list[tuple[str, Callable[[], bytes], Callable[[], bytes]]] = [
            (
                "Danh sách việc, một đơn vị (trang đầu)",
                get(organizer, list_url),
                sql(
                    (_page_sql(in_subtree, ascending), subtree),
                    (bounded.format(in_subtree), subtree),
                ),
            ),
            (
                "Danh sách việc, một đơn vị (trang cuối)",
                get(organizer, list_url + "&before=last"),
                sql(
                    (_page_sql(in_subtree, by_deadline.format("DESC")), subtree),
                    (bounded.format(in_subtree), subtree),
                ),
            ),
            (
                "Hàng chờ phê duyệt (trang đầu)",
                get(queue_approver, reverse("tasks:approvals")),
                sql(
                    (_page_sql(waiting, "t.submitted_at, t.id"), []),
                    (f"SELECT COUNT(*) FROM tasks_task t WHERE {waiting}", []),
                ),
            ),
            (
                "API /tasks?page_size=50 (số trang)",
                get(organizer, f"{api}?page_size={PAGE}"),
                sql(
                    (_page_sql("TRUE", ascending), []),
                    ("SELECT COUNT(*) FROM tasks_task t", []),
                ),
            ),
            (
                "API /tasks?cursor= (trang đầu)",
                get(organizer, f"{api}?page_size={PAGE}&cursor="),
                sql(
                    (_page_sql("TRUE", ascending), []),
                    (bounded.format("TRUE"), []),
                ),
            ),
            (
                f"API /tasks?cursor=… (việc thứ {deep[1]:,})",
                get(organizer, f"{api}?page_size={PAGE}&cursor={deep[0]}"),
                sql(
                    (
                        _page_sql(f"(COALESCE(t.deadline, '9999-12-31'), t.id) > ({day}, %s)", ascending),
                        deep[2],
                    ),
                    (bounded.format("TRUE"), []),
                ),
            ),
        ]
        pages += self._other_pages(organizer, queue_approver, get, sql)
        pages.append(self._commune_list(get, sql, ascending, bounded))
        on_duty = """SELECT u.id, u.name, a.id, c.full_name FROM org_unit u
            LEFT JOIN monitoring_monitoringassignment a ON a.commune_id = u.id AND a.programme_id = %s
              AND a.end_date IS NULL LEFT JOIN org_cadre c ON c.id = a.cadre_id
            WHERE u.path LIKE %s AND u.depth > 1 ORDER BY u.path"""
        pages.append(
            (
                f"Bảng phân công theo dõi ({watch.communes} xã)",
                get(organizer, reverse("monitoring:board") + f"?year={watch.year.pk}"),
                sql((on_duty, [watch.programme.pk, watch.root.path + "%"])),
            )
        )
        queue = Task.objects.filter(status=TaskStatus.SUBMITTED).count()
        self.stdout.write(
            f"{count:,} việc, {queue:,} chờ phê duyệt; trang {PAGE} dòng; "
            f"tốt nhất / trung vị của {runs} lần, phía máy chủ (view + truy vấn + template):"
        )
        columns = ("tốt nhất", "trung vị", "truy vấn", "KB", "SQL tay", "tỷ lệ")
        widths = (9, 9, 8, 7, 9, 7)
        self.stdout.write(
            f"  {'trang':<44} " + " ".join(f"{c:>{w}}" for c, w in zip(columns, widths, strict=True))
        )
        for label, page, baseline in pages:
            self._row(label, page, baseline, runs)
        self._every_province(get, sql, ascending, bounded, runs)

    def _row(self, label: str, page: Callable[[], bytes], baseline: Callable[[], bytes], runs: int) -> None:
        if self.profile and label.startswith(self.profile):
            cProfile.runctx("page()", globals(), {"page": page}, sort="cumulative")
        served = _time(page, runs)
        raw = _time(baseline, runs)
        self.stdout.write(
            f"  {label:<44} {served.best * 1000:7.1f}ms {served.median * 1000:7.1f}ms "
            f"{served.queries:>8} {served.size / 1024:7.1f} {raw.best * 1000:7.1f}ms "
            f"{served.best / raw.best:6.1f}×"
        )

    def _every_province(self, get, sql, ascending: str, bounded: str, runs: int) -> None:
        """Last, as it adds 33 provinces' units (after the others: the benchmark province's organisation board
        sees every task only while its province is the instance's only tree): the task list of a national
        organisation board, whose unit filter lists every unit in force of the 34 provinces."""
        roots = [*Unit.objects.filter(depth=1), *other_provinces(33)]
        national = User.objects.create_user(username="bench-national", password="-")
        RoleGrant.objects.bulk_create(
            RoleGrant(user=national, role=Role.ORGANIZER, unit=root) for root in roots
        )
        client = Client()
        client.force_login(national)
        in_force = Unit.objects.filter(valid_to__isnull=True).count()
        units = "SELECT id, name, depth FROM org_unit WHERE valid_to IS NULL ORDER BY name, id"
        self._row(
            f"Danh sách việc, cả nước ({in_force:,} đơn vị)",
            get(client, reverse("tasks:list")),
            sql((_page_sql("TRUE", ascending), []), (bounded.format("TRUE"), []), (units, [])),
            runs,
        )

    def _other_pages(self, organizer: Client, approver: Client, get, sql) -> list:
        """The pages a person opens most beside the lists: the tasks reporting late (the list and the API,
        a state that moves with the days), the approval queue sorted by assignee (the page and the API), each
        home page (the inbox's counts over every task the person sees) and one task's page."""
        task = (
            Task.objects.filter(status=TaskStatus.APPROVED, progress_reports__isnull=False)
            .order_by("pk")
            .first()
        )
        assert task is not None
        waiting = "t.status = 'submitted'"
        by_assignee = "COALESCE(c.search_text, u.search_text), t.submitted_at, t.id"
        # the inbox's lines count tasks by state over what the person sees: one grouped count is their floor
        by_status = "SELECT status, COUNT(*) FROM tasks_task GROUP BY status"
        one_task = """SELECT t.*, p.number, pe.name, f.name, COALESCE(c.full_name, u.name)
            FROM tasks_task t JOIN programmes_programme p ON p.id = t.programme_id
            JOIN programmes_period pe ON pe.id = t.period_id LEFT JOIN programmes_field f ON f.id = t.field_id
            LEFT JOIN org_cadre c ON c.id = t.assignee_cadre_id
            LEFT JOIN org_unit u ON u.id = t.assignee_unit_id WHERE t.id = %s"""
        # the tasks reporting late today, the whole province: the rule on the stored facts, written by hand
        late, late_params = late_reporting_where(timezone.localdate())

        def bounded(where: str) -> str:
            return (
                f"SELECT COUNT(*) FROM (SELECT 1 FROM tasks_task t WHERE {where} LIMIT {COUNT_BOUND + 1}) n"
            )

        by_deadline = "COALESCE(t.deadline, '9999-12-31'), t.id"
        # a search as people type it: a phrase a twelfth of the tasks hold, and a task's number (a few tasks)
        number = str(Task.objects.order_by("pk").values_list("title", flat=True)[Task.objects.count() // 2])
        number = number.rsplit(" ", 1)[-1]
        found = []
        for typed in ("chuyển đổi số", number):
            where, params = title_search_where(normalize_words(typed).split())
            found.append(
                (
                    f"Tìm việc “{typed}” (toàn tỉnh)",
                    get(organizer, reverse("tasks:list") + "?" + urlencode({"q": typed})),
                    sql(
                        (_page_sql(where, by_deadline), params),
                        (bounded(where), params),
                    ),
                )
            )
        return [
            *found,
            (
                "Danh sách việc chậm báo cáo (toàn tỉnh)",
                get(organizer, reverse("tasks:list") + f"?progress={ProgressState.STALE}"),
                sql((_page_sql(late, by_deadline), late_params), (bounded(late), late_params)),
            ),
            (
                "API /tasks?progress=stale (trang đầu)",
                get(
                    organizer, reverse("api:task_list") + f"?progress={ProgressState.STALE}&page_size={PAGE}"
                ),
                sql((_page_sql(late, by_deadline), late_params), (bounded(late), late_params)),
            ),
            (
                "Hàng chờ phê duyệt, theo người (trang đầu)",
                get(approver, reverse("tasks:approvals") + "?sort=cadre"),
                sql(
                    (_page_sql(waiting, by_assignee), []),
                    (f"SELECT COUNT(*) FROM tasks_task t WHERE {waiting}", []),
                ),
            ),
            (
                "API hàng chờ, theo người (trang đầu)",
                get(approver, reverse("api:task_approval_queue") + f"?sort=cadre&page_size={PAGE}"),
                sql(
                    (_page_sql(waiting, by_assignee), []),
                    (f"SELECT COUNT(*) FROM tasks_task t WHERE {waiting}", []),
                ),
            ),
            ("Trang chủ (người tổ chức)", get(organizer, reverse("home")), sql((by_status, []))),
            ("Trang chủ (người phê duyệt)", get(approver, reverse("home")), sql((by_status, []))),
            (
                "Trang một việc",
                get(organizer, reverse("tasks:detail", args=[task.pk])),
                sql(
                    (one_task, [task.pk]),
                    ("SELECT * FROM tasks_progressreport WHERE task_id = %s ORDER BY reported_on", [task.pk]),
                    ("SELECT * FROM tasks_milestone WHERE task_id = %s ORDER BY due_date", [task.pk]),
                ),
            ),
        ]

    def _commune_list(self, get, sql, ascending: str, bounded: str):
        """The task list of a commune's party committee, the most numerous of the list's users: the tasks
        tied to the commune (its units, the cadres it manages or who work or worked there), a few thousand
        of the province's, found by hand through the tasks' own columns against those ids (all the tasks of a
        cadre who worked there: the product leaves out those its statistics count elsewhere, so a floor)."""
        commune = Unit.objects.get(name="Xã mới 1")
        committee = User.objects.create_user(username="bench-commune", password="-")
        RoleGrant.objects.create(user=committee, role=Role.COMMUNE_COMMITTEE, unit=commune)
        client = Client()
        client.force_login(committee)
        tied, params = tied_to_where(*commune_ids(commune))
        return (
            "Danh sách việc (đảng ủy một xã)",
            get(client, reverse("tasks:list")),
            sql((_page_sql(tied, ascending), params), (bounded.format(tied), params)),
        )

    def _deep_cursor(self, client: Client, api: str) -> tuple[str, int, list]:
        """A cursor far into the list (the 200th page's, or near the end of a shorter list), to show that a
        deep page costs what the first does; its values for the hand-written query."""
        position = min(200, Task.objects.count() // PAGE - 1) * PAGE
        key, pk = (
            Task.objects.annotate(key=DEADLINE_KEY)
            .order_by("key", "pk")
            .values_list("key", "pk")[position - 1]
        )
        cursor = f"{key.isoformat()}_{pk}"
        response = client.get(f"{api}?page_size=1&cursor={cursor}")
        assert response.status_code == 200, response.content
        return cursor, position, [key.isoformat(), pk]
