"""A bounded load run of the public results page (issue 15): the same page asked for N times through the
whole middleware stack (Django's test client, in the process, nothing over the network), first with the
cache emptied before every request (the baseline: every request builds the page), then from the cache
after one warm-up request. Prints requests per second and database queries per request of both, and
their ratio. On a throw-away database (Django's test database for the configured one). Not a test.

    python manage.py bench_public                        # 5,000 tasks, 500 cached requests, on SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dotpha python manage.py bench_public
"""

import time
from dataclasses import dataclass

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import (
    CaptureQueriesContext,
    setup_databases,
    setup_test_environment,
    teardown_databases,
    teardown_test_environment,
)
from django.urls import reverse

from dotpha.programmes.services import period_close
from dotpha.reports.bench.data import build
from dotpha.reports.models import PeriodSnapshot
from dotpha.reports.publication import snapshot_publish


@dataclass(frozen=True)
class Run:
    requests: int
    seconds: float
    queries: int

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    @property
    def queries_per_request(self) -> float:
        return self.queries / self.requests


class Command(BaseCommand):
    help = "Đo trang kết quả công khai: yêu cầu mỗi giây, truy vấn mỗi yêu cầu, có và không có bộ nhớ đệm."

    def add_arguments(self, parser):
        parser.add_argument("--tasks", type=int, default=5_000)
        parser.add_argument("--requests", type=int, default=500, help="yêu cầu đọc từ bộ nhớ đệm")
        parser.add_argument("--baseline", type=int, default=50, help="yêu cầu dựng lại trang mỗi lần")

    def handle(self, *args, tasks: int, requests: int, baseline: int, **options):
        if requests < 1 or baseline < 1:
            raise CommandError("--requests và --baseline phải lớn hơn 0.")
        setup_test_environment()
        old = setup_databases(verbosity=0, interactive=False)
        try:
            self._run(tasks, requests, baseline)
        finally:
            teardown_databases(old, verbosity=0)
            teardown_test_environment()
            cache.clear()

    def _run(self, tasks: int, requests: int, baseline: int) -> None:
        self.stdout.write(f"Tạo dữ liệu: {tasks:,} việc trên {connection.vendor}, khóa kỳ 2024 và công bố …")
        province = build(tasks)
        period_close(actor=province.organizer, period=province.periods[2024])
        snapshot = PeriodSnapshot.objects.get(period=province.periods[2024])
        snapshot_publish(actor=province.organizer, snapshot=snapshot)
        address = reverse("public:result", args=[snapshot.pk])
        client = Client()

        def measure(n: int, *, cold: bool) -> Run:
            queries = 0
            start = time.perf_counter()
            for _ in range(n):
                if cold:
                    cache.clear()
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(address)
                if response.status_code != 200:
                    raise CommandError(f"{address}: {response.status_code}")
                queries += len(captured.captured_queries)
            return Run(n, time.perf_counter() - start, queries)

        uncached = measure(baseline, cold=True)
        client.get(address)  # the warm-up: builds the page once and stores it
        cached = measure(requests, cold=False)
        for name, run in (("không đệm (dựng lại mỗi lần)", uncached), ("từ bộ nhớ đệm", cached)):
            self.stdout.write(
                f"  {name}: {run.requests} yêu cầu, {run.per_second:,.0f} yêu cầu/giây, "
                f"{run.queries_per_request:.2f} truy vấn/yêu cầu"
            )
        self.stdout.write(
            f"Tỷ lệ: từ bộ nhớ đệm nhanh gấp {cached.per_second / uncached.per_second:,.1f} lần; "
            f"truy vấn sau lần đầu: {cached.queries} trên {cached.requests} yêu cầu."
        )
        if cached.queries:
            raise CommandError("Trang công khai đọc từ bộ nhớ đệm vẫn truy vấn cơ sở dữ liệu.")
