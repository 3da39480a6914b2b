"""Times the look-alikes of one page of the approval queue (200 tasks) at 100,000 tasks, on a throw-away
database (Django's test database for the configured one: SQLite, or PostgreSQL with DATABASE_URL). The
benchmark province (`reports.bench.data`) with its titles rewritten from the demo's task texts, so that
tasks look alike as in practice: 51 kinds of task, each for many places, units and targets.

    python manage.py bench_lookalikes                   # 100,000 tasks on SQLite
"""

import random
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases
from django.utils import timezone

from dotpha.accounts.models import Role, RoleGrant, User
from dotpha.demo import task_texts
from dotpha.demo.lookalike_pairs import fill_title
from dotpha.demo.places import unique_place_names
from dotpha.reports.bench.data import build
from dotpha.tasks.models import Task
from dotpha.tasks.selectors.lookalikes import page_lookalikes
from dotpha.tasks.selectors.queue_table import QueueFilters, approval_queue_table


class Command(BaseCommand):
    help = "Đo thời gian tìm việc giống nhau cho một trang hàng chờ phê duyệt (cơ sở dữ liệu tạm)."

    def add_arguments(self, parser):
        parser.add_argument("--tasks", type=int, default=100_000)
        parser.add_argument("--page", type=int, default=200)
        parser.add_argument("--runs", type=int, default=5)

    def handle(self, *args, tasks: int, page: int, runs: int, **options):
        old = setup_databases(verbosity=0, interactive=False)
        try:
            self._run(tasks, page, runs)
        finally:
            teardown_databases(old, verbosity=0)

    def _run(self, count: int, size: int, runs: int) -> None:
        self.stdout.write(f"Tạo dữ liệu: {count:,} việc trên {connection.vendor} …")
        start = time.perf_counter()
        province = build(count)
        rng = random.Random(2026)
        places = unique_place_names(rng, 60)
        batch = []
        for task in Task.objects.only("pk").iterator(chunk_size=5000):
            task.title = fill_title(rng.choice(task_texts.TEMPLATES), rng, places)
            task.set_search_text()
            batch.append(task)
        Task.objects.bulk_update(batch, ["title", "search_text", "search_description"], batch_size=5000)
        approver = User.objects.create_user(username="bench-approver", password="-")
        RoleGrant.objects.create(user=approver, role=Role.APPROVER, unit=province.root)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(f"  xong sau {time.perf_counter() - start:.1f} s")
        queue = approval_queue_table(approver, QueueFilters(), today=timezone.localdate())
        self.stdout.write(f"Hàng chờ của người phê duyệt: {queue.count():,} việc; một trang {size} việc.")
        tasks = list(queue[:size])
        times = []
        for _ in range(runs + 1):
            reset_queries()  # the log of the build is full: counted from empty
            with CaptureQueriesContext(connection) as queries:
                begin = time.perf_counter()
                found = page_lookalikes(approver, tasks)
                times.append(time.perf_counter() - begin)
        times = times[1:]  # the first run warms the caches
        flagged = sum(1 for f in found.values() if f.shown)
        self.stdout.write(
            f"Việc giống cho {size} việc: nhanh nhất {min(times) * 1000:.0f} ms, "
            f"trung vị {statistics.median(times) * 1000:.0f} ms, {len(queries)} truy vấn; "
            f"{flagged} việc có việc giống."
        )
