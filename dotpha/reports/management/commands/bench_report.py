"""Times the year report of a whole province, Word and PDF (issue 18: 83 s and 1.9 GB for Word, PDF killed
beyond 480 s and 5 GB at 100,000 tasks), before (the code of `--before`, by default the `main` branch, as
`git archive` extracts it) and after (this tree), in the same run on the same throw-away database, against a
baseline: the Excel annex of the same rows (`annex_cadres`), the streamed file the report now points to.

Each file is built in a child process of its own (`python -c`, the tree as its working directory), so its
peak resident memory (VmHWM, the whole process: Python, Django and the libraries, about 170 MB before any
work, included) is the file's alone; a child past `--timeout` seconds, or whose address space passes twice
`--memory` MB, is stopped and shown as such. Not a test.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rep_bench python manage.py bench_report --keepdb
    python manage.py bench_report --tasks 3000                 # SQLite: the small province, inline lists
"""

import json
import os
import re
import resource
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import setup_databases, teardown_databases

from dotpha.accounts.models import User
from dotpha.org.models import Unit
from dotpha.reports.bench.data import build

# the child: builds one export of the catalogue as the worker does, copies it to nowhere, and says how long
# it took and how much memory the process ever held
CHILD = r"""
import json, os, resource, shutil, sys, time
sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
import django
django.setup()
from django.conf import settings
from django.utils import timezone, translation
from dotpha.accounts.models import User
from dotpha.reports.exports.catalogue import export_kind, parse_stats
def peak_mb():
    # VmHWM: this process's own high-water mark (ru_maxrss would carry the forking parent's over the exec)
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
kind, unit, user_id = sys.argv[1:4]
user = User.objects.get(pk=user_id)
today = timezone.localdate()
start_mb = peak_mb()
start = time.perf_counter()
with translation.override(settings.LANGUAGE_CODE):
    request = parse_stats(user, {"unit": unit}, today=today)
    built = export_kind(kind).build(user, request, today, None)
    if built.file is not None:
        with built.file as handle, open(os.devnull, "wb") as out:
            size = handle.seek(0, 2)
            handle.seek(0)
            shutil.copyfileobj(handle, out)
    else:
        size = len(built.data)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "peak_mb": peak_mb(), "start_mb": start_mb, "bytes": size,
                  "filename": built.filename}))
"""


@dataclass
class Measure:
    seconds: float
    peak_mb: float
    start_mb: float = 0.0
    size: int = 0
    filename: str = ""
    stopped: str = ""  # why the child was stopped, if it was

    def text(self, timeout: int, memory: int) -> str:
        if self.stopped == "time":
            return f"> {timeout} s (dừng)"
        if self.stopped == "memory":
            return f"> {memory} MB (dừng)"
        if self.stopped:
            return f"lỗi: {self.stopped}"
        return f"{self.seconds:7.1f} s {self.peak_mb:7.0f} MB"


class Command(BaseCommand):
    help = (
        "Đo thời gian và bộ nhớ của báo cáo năm Word và PDF cả tỉnh, trước (main) và sau, cùng một lần chạy."
    )

    def add_arguments(self, parser):
        parser.add_argument("--tasks", type=int, default=100_000, help="số việc của tỉnh thử tải")
        parser.add_argument("--before", default="main", help="nhánh hoặc commit của mã 'trước' (git archive)")
        parser.add_argument("--timeout", type=int, default=600, help="giây tối đa cho một tệp")
        parser.add_argument("--memory", type=int, default=6000, help="MB bộ nhớ tối đa cho một tệp")
        parser.add_argument(
            "--kinds", default="report_docx,report_pdf", help="các loại tệp, cách nhau dấu phẩy"
        )
        parser.add_argument("--skip-before", action="store_true", help="chỉ đo mã hiện tại")
        parser.add_argument("--keepdb", action="store_true", help="giữ (và dùng lại) cơ sở dữ liệu tạm")

    def handle(self, *args, tasks: int, keepdb: bool, **options):
        if tasks < 1:
            raise CommandError("--tasks phải lớn hơn 0.")
        old = setup_databases(verbosity=0, interactive=False, keepdb=keepdb)
        try:
            self._run(tasks, **options)
        finally:
            teardown_databases(old, verbosity=0, keepdb=keepdb)

    def _province(self, tasks: int) -> tuple[Unit, User]:
        """The province of a kept database when it holds one (building 100,000 tasks takes minutes)."""
        organizer = User.objects.filter(username="bench-organizer").first()
        root = Unit.objects.filter(name="Tỉnh Thử Tải", depth=1).first()
        if organizer is not None and root is not None:
            self.stdout.write("Dùng lại tỉnh thử tải của cơ sở dữ liệu tạm.")
            return root, organizer
        self.stdout.write(f"Tạo dữ liệu: {tasks:,} việc trên {connection.vendor} …")
        start = time.perf_counter()
        province = build(tasks)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(f"  xong sau {time.perf_counter() - start:.1f} s")
        return province.root, province.organizer

    def _run(self, tasks: int, *, before: str, timeout: int, memory: int, kinds: str, skip_before: bool, **_):
        root, organizer = self._province(tasks)
        env = self._child_env()
        here = Path(settings.BASE_DIR)
        with tempfile.TemporaryDirectory(prefix="bench-report-") as scratch:
            trees = [("sau", here)]
            if not skip_before:
                trees.insert(0, (f"trước ({before})", self._extract(here, before, Path(scratch))))
            args = (str(root.pk), str(organizer.pk))
            base = self._child(here, "annex_cadres", args, env, timeout, memory)
            self.stdout.write(
                f"\nMốc so sánh: phụ lục Excel của cùng các dòng (annex_cadres): "
                f"{base.text(timeout, memory)}, {base.size / 1e6:.1f} MB tệp "
                f"(bộ nhớ cả tiến trình; riêng khởi động {base.start_mb:.0f} MB)"
            )
            self.stdout.flush()
            for code in kinds.split(","):
                for label, tree in trees:
                    m = self._child(tree, code.strip(), args, env, timeout, memory)
                    ratio = ""
                    if not m.stopped and not base.stopped:
                        ratio = (
                            f"  {m.seconds / base.seconds:5.2f}× thời gian, "
                            f"{m.peak_mb / base.peak_mb:5.2f}× bộ nhớ"
                        )
                    made = f"   {m.filename} {m.size / 1e6:.1f} MB" if not m.stopped else ""
                    self.stdout.write(f"  {code:<12} {label:<14} {m.text(timeout, memory)}{ratio}{made}")
                    self.stdout.flush()

    def _child_env(self) -> dict[str, str]:
        env = dict(os.environ)
        db = connection.settings_dict
        if connection.vendor == "postgresql":
            user = db.get("USER") or "postgres"
            auth = f"{user}:{db['PASSWORD']}" if db.get("PASSWORD") else user
            env["DATABASE_URL"] = (
                f"postgres://{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"
            )
        elif connection.vendor == "sqlite":
            if str(db["NAME"]).startswith("file:") or ":memory:" in str(db["NAME"]):
                raise CommandError("SQLite trong bộ nhớ: tiến trình con không đọc được; hãy dùng PostgreSQL.")
            env["DATABASE_URL"] = f"sqlite:///{db['NAME']}"
        env.setdefault(
            "DJANGO_SETTINGS_MODULE", os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.local")
        )
        return env

    @staticmethod
    def _extract(repo: Path, ref: str, into: Path) -> Path:
        """The tree of `ref`, as `git archive` gives it (the templates and the default Word template too)."""
        # the ref names a commit, never an option: "--remote=…" or "--output=…" would make git archive fetch
        # from elsewhere or write where it is told; resolved first, only the commit's id reaches git archive
        found = subprocess.run(
            [
                "git",
                "-C",
                str(repo),
                "rev-parse",
                "--verify",
                "--quiet",
                "--end-of-options",
                f"{ref}^{{commit}}",
            ],
            capture_output=True,
            text=True,
        )
        commit = found.stdout.strip()
        if found.returncode != 0 or not re.fullmatch(r"[0-9a-f]{40,64}", commit):
            raise CommandError(f"Không tìm thấy commit {ref!r} để đo mã 'trước'.")
        target = into / "before"
        target.mkdir()
        archive = into / "before.tar"
        with archive.open("wb") as out:
            subprocess.run(["git", "-C", str(repo), "archive", commit], stdout=out, check=True)
        with tarfile.open(archive) as tar:
            tar.extractall(target, filter="data")
        return target

    @staticmethod
    def _child(tree: Path, kind: str, args: tuple[str, str], env, timeout: int, memory: int) -> Measure:
        def limit() -> None:  # the address space, so a runaway child fails instead of the machine
            resource.setrlimit(resource.RLIMIT_AS, (memory * 1024 * 1024 * 2, memory * 1024 * 1024 * 2))

        try:
            done = subprocess.run(
                [sys.executable, "-c", CHILD, kind, *args],
                cwd=tree,
                env=env,
                capture_output=True,
                text=True,
                timeout=timeout,
                preexec_fn=limit,  # no threads are running in the bench command
                check=False,
            )
        except subprocess.TimeoutExpired:
            return Measure(seconds=timeout, peak_mb=0, stopped="time")
        if done.returncode != 0:
            tail = done.stderr.strip().splitlines()[-1:] or [f"mã {done.returncode}"]
            return Measure(seconds=0, peak_mb=0, stopped="memory" if "MemoryError" in tail[0] else tail[0])
        found = json.loads(done.stdout.strip().splitlines()[-1])
        return Measure(
            seconds=found["seconds"],
            peak_mb=found["peak_mb"],
            start_mb=found["start_mb"],
            size=found["bytes"],
            filename=found["filename"],
        )
