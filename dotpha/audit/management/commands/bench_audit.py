"""Times the change log page at scale (issue 17): history rows of three tracked models and sign-ins, 100,000
rows by default, on a throw-away database (Django's test database for the configured one), read by an
inspector through the whole middleware stack (Django's test client, in the process). The baseline is
raw SQL for the same page: the newest rows of every history table merged by the database, then those
rows read whole. Prints milliseconds per page of both, queries per page and their ratio. Not a test.

    python manage.py bench_audit                          # 100,000 rows on SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dotpha python manage.py bench_audit
"""

import datetime
import statistics
import time
from collections import defaultdict

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Model
from django.test import Client
from django.test.utils import (
    CaptureQueriesContext,
    setup_databases,
    setup_test_environment,
    teardown_databases,
    teardown_test_environment,
)
from django.urls import reverse
from django.utils import timezone
from simple_history.models import registered_models

from dotpha.accounts.models import Role, RoleGrant, User
from dotpha.audit.models import SignInEvent, SignInKind
from dotpha.audit.selectors import PAGE_SIZE
from dotpha.org.models import Cadre, Unit, UnitKind, UnitLevel
from dotpha.org.seed import seed_kinds_and_levels

_BATCH = 5_000


class Command(BaseCommand):
    help = "Đo trang Nhật ký thay đổi với nhiều dòng lịch sử, so với truy vấn SQL thuần của cùng trang."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=100_000)
        parser.add_argument("--requests", type=int, default=20)

    def handle(self, *args, rows: int, requests: int, **options):
        if rows < PAGE_SIZE or requests < 1:
            raise CommandError(f"--rows phải từ {PAGE_SIZE} trở lên, --requests lớn hơn 0.")
        setup_test_environment()
        old = setup_databases(verbosity=0, interactive=False)
        try:
            self._run(rows, requests)
        finally:
            teardown_databases(old, verbosity=0)
            teardown_test_environment()

    def _run(self, rows: int, requests: int) -> None:
        self.stdout.write(f"Tạo dữ liệu: {rows:,} dòng lịch sử trên {connection.vendor} …")
        inspector = _build(rows)
        client = Client()
        client.force_login(inspector)
        address = reverse("audit:log")
        client.get(address)  # the warm-up: what a session's first request reads once

        page_times, page_queries = [], 0
        for _ in range(requests):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(address)
                page_times.append(time.perf_counter() - start)
            if response.status_code != 200:
                raise CommandError(f"{address}: {response.status_code}")
            page_queries = len(captured.captured_queries)
        raw_times = []
        for _ in range(requests):
            start = time.perf_counter()
            _raw_page()
            raw_times.append(time.perf_counter() - start)
        page_ms, raw_ms = statistics.median(page_times) * 1000, statistics.median(raw_times) * 1000
        self.stdout.write(
            f"  trang /audit/ (kiemtra): {page_ms:,.1f} ms (trung vị), {page_queries} truy vấn/trang"
        )
        self.stdout.write(f"  SQL thuần cùng trang: {raw_ms:,.1f} ms (trung vị)")
        self.stdout.write(f"Tỷ lệ trang / SQL thuần: {page_ms / raw_ms:,.1f}")


def _raw_page() -> list[tuple]:
    """The same page in plain SQL: the newest PAGE_SIZE + 1 keys over every history table and the sign-ins,
    then the rows shown, read whole."""
    tables = [
        (m.history.model._meta.db_table, "history_date", "history_id") for m in registered_models.values()
    ]  # type: ignore[attr-defined]
    tables.append((SignInEvent._meta.db_table, "at", "id"))
    parts = [
        f"SELECT * FROM (SELECT {at} AS at, '{table}' AS src, {pk} AS row_id FROM {table} "
        f"ORDER BY {at} DESC, {pk} DESC LIMIT {PAGE_SIZE + 1}) b{i}"
        for i, (table, at, pk) in enumerate(tables)
    ]
    sql = " UNION ALL ".join(parts) + f" ORDER BY 1 DESC, 2 DESC, 3 DESC LIMIT {PAGE_SIZE + 1}"
    with connection.cursor() as c:
        c.execute(sql)
        keys = c.fetchall()
        by_table: dict[str, list[int]] = defaultdict(list)
        for _at, table, row_id in keys[:PAGE_SIZE]:
            by_table[table].append(row_id)
        pks = {table: pk for table, _at, pk in tables}
        out = []
        for table, ids in by_table.items():
            c.execute(f"SELECT * FROM {table} WHERE {pks[table]} IN ({', '.join(['%s'] * len(ids))})", ids)
            out += c.fetchall()
    return out


def _build(rows: int) -> User:
    """A province with one unit per 1,000 rows, a cadre per unit; their history rows and sign-ins spread over
    two years; the inspector who reads them."""
    seed_kinds_and_levels(UnitLevel, UnitKind)
    province_kind = UnitKind.objects.get(code="province")
    commune_kind = UnitKind.objects.get(code="commune")
    province = Unit.add_root(
        name="Tỉnh Đo Tải", code="B", kind=province_kind, level=province_kind.default_level
    )
    units = [
        # treebeard needs a fresh parent for every child
        Unit.objects.get(pk=province.pk).add_child(
            name=f"Xã {n}", code=f"B-{n}", kind=commune_kind, level=commune_kind.default_level
        )
        for n in range(max(1, rows // 1_000))
    ]
    cadres = [
        Cadre(code=f"CB{n}", full_name=f"Cán bộ {n}", gender="male", managing_unit=unit)
        for n, unit in enumerate(units)
    ]
    for cadre in cadres:
        cadre.fill_derived()  # the columns `save` reads from the name
    cadres = Cadre.objects.bulk_create(cadres)
    organizer = User.objects.create_user(username="tochuc", password="Mat-khau-2025")
    RoleGrant.objects.create(user=organizer, role=Role.ORGANIZER, unit=province)
    inspector = User.objects.create_user(username="kiemtra", password="Mat-khau-2025")
    RoleGrant.objects.create(user=inspector, role=Role.INSPECTOR, unit=province)
    start = timezone.now() - datetime.timedelta(days=730)
    step = datetime.timedelta(days=730) / rows
    cadre_history = Cadre.history.model  # type: ignore[attr-defined]
    unit_history = Unit.history.model  # type: ignore[attr-defined]
    batch: dict[type[Model], list] = defaultdict(list)
    for n in range(rows):
        at = start + step * n
        if n % 3 == 0:
            cadre = cadres[n % len(cadres)]
            batch[cadre_history].append(
                cadre_history(
                    id=cadre.pk,
                    code=cadre.code,
                    full_name=cadre.full_name,
                    gender="male",
                    is_party_member=True,
                    phone=f"09{n:08d}",
                    email="",
                    managing_unit_id=cadre.managing_unit_id,
                    created_at=at,
                    updated_at=at,
                    history_date=at,
                    history_type="~",
                    history_user=organizer,
                )
            )
        elif n % 3 == 1:
            unit = units[n % len(units)]
            batch[unit_history].append(
                unit_history(
                    id=unit.pk,
                    name=f"{unit.name} ({n})",
                    code=unit.code,
                    kind_id=unit.kind_id,
                    level_id=unit.level_id,
                    created_at=at,
                    updated_at=at,
                    history_date=at,
                    history_type="~",
                    history_user=organizer,
                )
            )
        else:
            batch[SignInEvent].append(
                SignInEvent(at=at, kind=SignInKind.LOGIN, username="tochuc", user=organizer)
            )
        if n % _BATCH == _BATCH - 1 or n == rows - 1:
            for model, objs in batch.items():
                model._default_manager.bulk_create(objs)
            batch.clear()
    return inspector
