"""The mixed load of issue 18 on loopback: the benchmark province (`reports.bench.data`) at each size asked,
served by gunicorn with the production config (3 workers), loaded by locust headless at 1, 4, 16 and 32
users for a bounded time each; prints requests/s, p50/p95 and errors per run, and per page at the largest
load. A throw-away database (Django's test database of the configured one). Not part of the test suite;
needs the `bench` dependency group (locust):

    make load                                            # 100,000 tasks on PostgreSQL (BENCH_DATABASE_URL)
    .tools/bin/uv run --frozen --group bench python manage.py bench_load --tasks 100000 1000000

Only 127.0.0.1: the server is bound there and the locustfile refuses any other host.
"""

import csv
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import setup_databases, teardown_databases
from django.urls import reverse

from dotpha.accounts.models import Role, RoleGrant, User
from dotpha.org.models import Unit
from dotpha.reports.bench.data import build
from dotpha.reports.rollups import rebuild
from dotpha.tasks.models import Task, TaskStatus
from dotpha.tests.gunicorn_process import clean_environment, gunicorn

LOCUSTFILE = Path(__file__).resolve().parents[2] / "load" / "locustfile.py"
WORKERS = 3


def _row(path: Path, name: str) -> dict[str, str]:
    with path.open(newline="") as f:
        for row in csv.DictReader(f):
            if row["Name"] == name:
                return row
    raise CommandError(f"locust không ghi dòng {name!r} trong {path}")


class Command(BaseCommand):
    help = "Đo tải hỗn hợp (locust, chỉ trên 127.0.0.1): số yêu cầu/giây, p50/p95 và lỗi theo số người dùng."

    def add_arguments(self, parser):
        parser.add_argument("--tasks", type=int, nargs="+", default=[100_000])
        parser.add_argument("--users", type=int, nargs="+", default=[1, 4, 16, 32])
        parser.add_argument("--seconds", type=int, default=60, help="how long each load runs")
        parser.add_argument(
            "--wait", type=float, default=0, help="think time: 0 (capacity) or up to N seconds between pages"
        )
        parser.add_argument(
            "--conn-max-age",
            type=int,
            nargs="+",
            default=[60],
            help="the server's DATABASE_CONN_MAX_AGE, each on the same data: 60 as deployed "
            "(deploy/env.example); 0 opens a database connection per request",
        )

    def handle(
        self,
        *args,
        tasks: list[int],
        users: list[int],
        seconds: int,
        wait: float,
        conn_max_age: list[int],
        **options,
    ):
        self.wait = wait
        self.conn_max_age = conn_max_age
        if connection.vendor != "postgresql":
            raise CommandError(
                "Đo tải trên PostgreSQL: đặt DATABASE_URL (hoặc BENCH_DATABASE_URL với make load)."
            )
        # looked up, not imported: importing locust patches this process's threads with gevent
        if importlib.util.find_spec("locust") is None:
            raise CommandError("Cần nhóm phụ thuộc bench: uv run --frozen --group bench …")
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        for count in tasks:
            old = setup_databases(verbosity=0, interactive=False)
            try:
                self._run(count, users, seconds)
            finally:
                teardown_databases(old, verbosity=0)

    def _prepare(self, count: int) -> dict[str, str]:
        """Builds the province; returns the locustfile's environment (sessions, addresses, tasks)."""
        self.stdout.write(f"\nTạo dữ liệu: {count:,} việc …")
        start = time.perf_counter()
        province = build(count)
        approver = User.objects.create_user(username="bench-approver", password="-")
        RoleGrant.objects.create(user=approver, role=Role.APPROVER, unit=province.root)
        self.stdout.write(f"  xong sau {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        stored = rebuild()  # as after the worker's nightly job: the boards read the rollups
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(f"  số liệu tổng hợp: {stored:,} dòng sau {time.perf_counter() - start:.1f} s")
        sessions = {}
        for role, user in (("organizer", province.organizer), ("approver", approver)):
            client = Client()
            client.force_login(user)
            sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
        unit = Unit.objects.get(name="Ủy ban nhân dân tỉnh")
        approved = Task.objects.filter(status=TaskStatus.APPROVED).order_by("?").values_list("pk", flat=True)
        urls = {
            "home": reverse("home"),
            "board": reverse("reports:board"),
            "unit_list": reverse("tasks:list") + f"?unit={unit.pk}",
            "task": reverse("tasks:detail", args=[0]).replace("/0/", "/{}/"),
            "api_list": reverse("api:task_list") + "?page_size=50",
            "api_statistics": reverse("api:statistics_tasks"),
            "queue": reverse("tasks:approvals"),
        }
        return {
            "LOAD_SESSIONS": json.dumps(sessions),
            "LOAD_URLS": json.dumps(urls),
            "LOAD_TASKS": json.dumps(list(approved[:500])),
            "LOAD_WAIT": str(self.wait),
        }

    def _warm(self, base: str, load_env: dict[str, str]) -> None:
        """Every page once per worker before timing: a worker's first request loads templates and caches."""
        sessions = json.loads(load_env["LOAD_SESSIONS"])
        urls = json.loads(load_env["LOAD_URLS"])
        first = json.loads(load_env["LOAD_TASKS"])[0]
        for _ in range(WORKERS):
            for name, path in urls.items():
                role = "approver" if name == "queue" else "organizer"
                request = urllib.request.Request(
                    base + path.format(first),
                    headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={sessions[role]}"},
                )
                with urllib.request.urlopen(request, timeout=300) as response:
                    response.read()

    def _run(self, count: int, users: list[int], seconds: int) -> None:
        load_env = self._prepare(count)
        db = connection.settings_dict
        url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        for max_age in self.conn_max_age:
            self._serve(count, users, seconds, url, load_env, max_age)

    def _serve(
        self, count: int, users: list[int], seconds: int, url: str, load_env: dict[str, str], max_age: int
    ) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            env = clean_environment(
                DJANGO_SETTINGS_MODULE="config.settings.local",
                DJANGO_DEBUG="0",
                # the sessions were signed by this process
                DJANGO_SECRET_KEY=settings.SECRET_KEY,
                DATABASE_URL=url,
                DATABASE_CONN_MAX_AGE=str(max_age),
                DOTPHA_VAR_DIR=str(work / "var"),
            )
            with gunicorn(env, work / "gunicorn.log", ["--workers", str(WORKERS)]) as base:
                self._warm(base, load_env)
                self.stdout.write(
                    f"{count:,} việc; gunicorn {WORKERS} worker trên 127.0.0.1, "
                    f"DATABASE_CONN_MAX_AGE={max_age}, mỗi mức {seconds} s "
                    f"(máy {os.cpu_count()} CPU, cùng chạy PostgreSQL và locust)"
                )
                self.stdout.write(
                    f"{'người dùng':>10} {'yêu cầu/s':>10} {'p50 ms':>8} {'p95 ms':>8} {'lỗi':>6}"
                )
                last = None
                for n in users:
                    last = self._locust(base, n, seconds, {**env, **load_env}, work / f"u{n}")
                    total = _row(last, "Aggregated")
                    self.stdout.write(
                        f"{n:>10} {float(total['Requests/s']):>10.1f} {total['50%']:>8} {total['95%']:>8} "
                        f"{total['Failure Count']:>6}"
                    )
                if last is not None:
                    self._pages(last, users[-1])

    def _locust(self, base: str, n: int, seconds: int, env: dict[str, str], prefix: Path) -> Path:
        command = [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(LOCUSTFILE),
            "--headless",
            "--host",
            base,
            "-u",
            str(n),
            "-r",
            str(n),
            "-t",
            f"{seconds}s",
            "--stop-timeout",
            "10",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
            "--exit-code-on-error",
            "0",
        ]
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=seconds + 120)
        if done.returncode != 0:
            raise CommandError(f"locust dừng với mã {done.returncode}:\n{done.stderr[-2000:]}")
        return Path(f"{prefix}_stats.csv")

    def _pages(self, stats: Path, n: int) -> None:
        self.stdout.write(f"Từng trang ở {n} người dùng:")
        with stats.open(newline="") as f:
            for row in csv.DictReader(f):
                if row["Name"] != "Aggregated":
                    self.stdout.write(
                        f"  {row['Name']:<32} {int(row['Request Count']):>6} yêu cầu, "
                        f"p50 {row['50%']:>6} ms, p95 {row['95%']:>6} ms, lỗi {row['Failure Count']}"
                    )
