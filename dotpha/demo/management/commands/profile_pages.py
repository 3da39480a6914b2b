"""Server time of the busiest pages for one user, through Django's test client in this process (no network,
no gunicorn): best of N milliseconds, queries and their database time per page. Run it on the demo:

    DATABASE_URL=postgres://… manage.py migrate && manage.py load_demo
    DATABASE_URL=postgres://… manage.py profile_pages --user tochuc --repeat 5 [--profile] [--dump DIR]

`--profile` prints cProfile's top functions of the last run of each page; `--dump DIR` writes each page's
HTML, for comparing a page before and after a change. Reads only (the session it signs in with aside).
"""

import cProfile
import io
import pstats
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dotpha.accounts.models import User
from dotpha.reports.permissions import default_root
from dotpha.tasks.selectors import tasks_visible_to

# (name, address) of the pages measured; the dashboard of the user's unit and the page of the first task
# they see are added.
PAGES = [
    ("home", "/"),
    ("board", "/reports/board/"),
    ("board-all-years", "/reports/board/?year=all"),
    ("board-status", "/reports/board/?year=all&status=approved"),
]


class Command(BaseCommand):
    help = "Đo thời gian máy chủ của các trang bận nhất (tốt nhất trong N lần, số truy vấn, thời gian SQL)."

    def add_arguments(self, parser):
        parser.add_argument("--user", default="tochuc")
        parser.add_argument("--repeat", type=int, default=5)
        parser.add_argument("--profile", action="store_true", help="cProfile's top functions per page")
        parser.add_argument("--dump", type=Path, help="write each page's HTML into this folder")

    def handle(self, *args, user: str, repeat: int, profile: bool, dump: Path | None, **options):
        person = User.objects.filter(username=user).first()
        if person is None:
            raise CommandError(f"Không có người dùng {user!r} (chạy load_demo trước).")
        client = Client(HTTP_HOST="127.0.0.1")  # a host the settings allow (not "testserver")
        client.force_login(person)
        pages = list(PAGES)
        root = default_root(person)
        if root is not None:  # the unit dashboard also has the table by cadre
            pages.append(("unit", reverse("reports:unit", args=[root.pk]) + "?year=all"))
        task = tasks_visible_to(person).order_by("pk").first()
        if task is not None:
            pages.append(("task", reverse("tasks:detail", args=[task.pk])))
        if dump:
            dump.mkdir(parents=True, exist_ok=True)
        for name, address in pages:
            best = float("inf")
            for _ in range(repeat):
                with CaptureQueriesContext(connections["default"]) as queries:
                    started = time.perf_counter()
                    response = client.get(address)
                    best = min(best, time.perf_counter() - started)
            if response.status_code != 200:  # a page this user may not open (a cadre's board)
                self.stdout.write(f"{name:16} {response.status_code}  {address}")
                continue
            sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
            self.stdout.write(
                f"{name:16} {best * 1000:7.1f} ms  {len(queries):3} queries  {sql_ms:6.1f} ms SQL  {address}"
            )
            if dump:
                (dump / f"{name}.html").write_bytes(response.content)
            if profile:
                profiler = cProfile.Profile()
                profiler.runcall(client.get, address)
                report = io.StringIO()
                pstats.Stats(profiler, stream=report).sort_stats("cumulative").print_stats(25)
                self.stdout.write(report.getvalue())
