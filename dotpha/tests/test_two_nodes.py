"""More than one machine (issue 18), on loopback: two gunicorn nodes behind HAProxy (Debian's package),
one PostgreSQL primary and a streaming replica, all started by the test.

- Sessions are in the database: signed in through the proxy, every page answers whichever node serves it,
  and both nodes serve.
- Files go through Django's storage on a volume both nodes share (DOTPHA_VAR_DIR): a decision's signed scan
  uploaded through one node is downloaded, byte for byte, from the other.
- Statistics read from the replica (DATABASE_REPLICA_URL, `dotpha.core.replica`): with the replica's replay
  paused, a new task shows at once in the task list (the primary) and not in the figures; once replay
  resumes, the figures catch up within the stated lag.
- Pages go out gzipped when the browser asks (the compression lines of deploy/haproxy.cfg, as shipped).

Runs in CI's PostgreSQL pass on clusters of its own; a missing PostgreSQL or HAProxy is a failure there,
never a silent skip (`.ci/run` and `make test` install HAProxy)."""

import contextlib
import gzip
import io
import json
import shutil
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from pypdf import PdfWriter

from dotpha.tests.gunicorn_process import clean_environment, free_port, gunicorn
from dotpha.tests.postgres_cluster import Cluster, Replica, binaries, on_postgres
from dotpha.tests.web_client import Browser

PASSWORD = "Mat-khau-2025"
# the figures may be this far behind the primary once the replica replays (loopback, an idle machine: far
# less; the bound leaves room for a loaded CI machine)
LAG_SECONDS = 5
SETUP = """
import datetime, json
from dotpha.accounts.models import Role
from dotpha.api.services import token_create
from dotpha.org.models import UnitKind, UnitLevel
from dotpha.org.seed import seed_kinds_and_levels
from dotpha.org.tests.factories import CadreFactory, make_unit, make_user
from dotpha.programmes.authority import issuing_body
from dotpha.programmes.tests.factories import DecisionFactory, PeriodFactory
from dotpha.tasks.models import TaskStatus
from dotpha.tasks.tests.factories import TaskFactory
seed_kinds_and_levels(UnitLevel, UnitKind)
province = make_unit(None, "Tỉnh Thử Nghiệm", "P", "province")
committee = make_unit(province, "Tỉnh ủy Thử Nghiệm", "P-TU", "party_committee", level=province.level)
standing = make_unit(committee, "Ban Thường vụ Tỉnh ủy", "P-BTV", "standing_committee", level=province.level)
organizer = make_user("tochuc", Role.ORGANIZER, province)
approver = make_user("thuongtruc", Role.APPROVER, standing)
period = PeriodFactory(
    programme__issuing_unit=standing, name="2026",
    start_date=datetime.date(2026, 1, 1), end_date=datetime.date(2026, 12, 31),
)
decision = DecisionFactory(
    programme=period.programme, period=period, issuing_unit=issuing_body(standing), created_by=approver,
    signed_on=datetime.date(2026, 1, 15),
)
TaskFactory(
    programme=period.programme, period=period, author=organizer, authority_unit=standing,
    assignee_cadre=CadreFactory(full_name="Nguyễn Văn Hùng", managing_unit=standing),
    status=TaskStatus.APPROVED, decision=decision, approved_on=datetime.date(2026, 1, 15),
    start_date=datetime.date(2026, 1, 15), deadline=datetime.date(2026, 12, 31),
)
print(json.dumps({
    "decision": decision.pk,
    "organizer": token_create(actor=organizer, name="Thống kê")[1],
    "approver": token_create(actor=approver, name="Văn bản")[1],
}))
"""
ANOTHER_TASK = """
from dotpha.tasks.models import Task
task = Task.objects.get()
task.pk = None
task.title = "Số hóa 100% hồ sơ cán bộ"
task.save()
"""

pytestmark = [
    pytest.mark.skipif(
        not on_postgres(), reason="chạy trong lượt kiểm thử trên PostgreSQL (DATABASE_URL=postgres://…)"
    ),
    # Only so that pytest-django creates the migrated test database, whose schema the primary copies.
    pytest.mark.django_db,
]


@pytest.fixture
def databases(django_db_setup) -> Iterator[tuple[Cluster, Replica]]:
    bin_dir = binaries()
    if bin_dir is None:
        pytest.fail("DATABASE_URL là PostgreSQL nhưng không tìm thấy /usr/lib/postgresql/*/bin/initdb")
    primary = Cluster(bin_dir)
    replica = None
    try:
        primary.start()
        primary.copy_database(connection.settings_dict, "dotpha")
        replica = Replica(primary)
        replica.start()
        yield primary, replica
    finally:
        for cluster in (replica, primary):
            if cluster is not None:
                cluster.remove()


@contextlib.contextmanager
def haproxy(nodes: list[str], folder: Path) -> Iterator[str]:
    """HAProxy in front of `nodes`, round robin, as deploy/haproxy.cfg without TLS; yields its base URL."""
    program = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not Path(program).exists():
        pytest.fail(
            "Cần HAProxy (Debian: apt-get install haproxy); .ci/run và make test tự cài khi chạy bằng root."
        )
    port = free_port()
    servers = "\n".join(
        f"    server node{i} {node.removeprefix('http://')}" for i, node in enumerate(nodes, start=1)
    )
    config = folder / "haproxy.cfg"
    config.write_text(
        "defaults\n    mode http\n    option forwardfor\n"
        "    timeout connect 5s\n    timeout client 60s\n    timeout server 60s\n"
        f"{shipped_compression()}"
        f"frontend web\n    bind 127.0.0.1:{port}\n    default_backend app\n"
        f"backend app\n    balance roundrobin\n{servers}\n"
    )
    log = folder / "haproxy.log"
    with log.open("wb") as out:
        process = subprocess.Popen([program, "-f", str(config), "-db"], stdout=out, stderr=out)
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 20
            while not _answers(base):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"HAProxy did not start: {log.read_text(errors='replace')}")
                time.sleep(0.2)
            yield base
        finally:
            process.terminate()
            process.wait(10)


def shipped_compression() -> str:
    """The compression lines of deploy/haproxy.cfg, as they are shipped."""
    shipped = (settings.BASE_DIR / "deploy" / "haproxy.cfg").read_text().splitlines()
    return "".join(f"{line}\n" for line in shipped if line.strip().startswith("compression "))


def _answers(base: str) -> bool:
    try:
        return Browser(base).fetch("/login/")[0] == 200
    except OSError:  # not listening yet
        return False


def shell(env: dict[str, str], code: str) -> str:
    command = [sys.executable, "manage.py", "shell", "--no-imports", "-c", code]
    made = subprocess.run(command, cwd=settings.BASE_DIR, env=env, check=True, capture_output=True, text=True)
    return made.stdout.strip()


def api(base: str, path: str, token: str) -> dict:
    status, _, body = Browser(base).get(path, {"Authorization": f"Bearer {token}"})
    assert status == 200, body
    return json.loads(body)


def upload(base: str, path: str, token: str, field: str, name: str, content: bytes) -> int:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{name}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        base + path,
        data=body,
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        },
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status


def signed_scan() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def served_pages(log: Path) -> int:
    return log.read_text(errors="replace").count('"GET / HTTP/1.1" 200')


def test_two_nodes_share_sessions_and_files_and_read_the_figures_from_the_replica(databases, tmp_path):
    primary, replica = databases
    env = clean_environment(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="two-nodes-test-only",
        DATABASE_URL=primary.url("dotpha"),
        DATABASE_REPLICA_URL=replica.url("dotpha"),
        # the volume both nodes share: uploads, cache
        DOTPHA_VAR_DIR=str(tmp_path / "shared"),
    )
    made = json.loads(shell(env, SETUP).splitlines()[-1])
    figures = "/api/v1/statistics/tasks?year=2026"
    logs = [tmp_path / "node-a.log", tmp_path / "node-b.log"]
    access_log = ["--access-logfile", "-"]

    with (
        gunicorn(env, logs[0], access_log) as node_a,
        gunicorn(env, logs[1], access_log) as node_b,
        haproxy([node_a, node_b], tmp_path) as front,
    ):
        # a file uploaded through one node is served by the other
        scan = signed_scan()
        decision = made["decision"]
        assert (
            upload(node_a, f"/api/v1/decisions/{decision}/scan", made["approver"], "scan", "ban-ky.pdf", scan)
            == 200
        )
        approver = Browser(node_b)
        approver.log_in("thuongtruc", PASSWORD)
        status, headers, body = approver.fetch(f"/programmes/decisions/{decision}/scan/")
        assert status == 200 and headers["Content-Type"] == "application/pdf"
        assert body == scan

        # one session through the proxy, served by both nodes in turn
        organizer = Browser(front)
        organizer.log_in("tochuc", PASSWORD)
        before = [served_pages(log) for log in logs]
        for _ in range(6):
            status, _, page = organizer.get("/")
            assert status == 200 and "Việc cần làm" in page
        # gunicorn writes a request's log line after answering it: wait for the six lines
        deadline = time.monotonic() + 5
        while sum(served_pages(log) for log in logs) - sum(before) < 6 and time.monotonic() < deadline:
            time.sleep(0.05)
        served = [served_pages(log) - count for log, count in zip(logs, before, strict=True)]
        # round robin: each node served every other page (the sign-in's own home page may land late)
        assert min(served) >= 3, served

        # a phone asks for gzip: the page comes compressed (this near-empty home page to under half its size;
        # the demo's task list to a seventh) and reads the same
        status, headers, raw = organizer.fetch("/", {"Accept-Encoding": "gzip"})
        encoding = {name.lower(): value for name, value in headers.items()}.get("content-encoding")
        assert status == 200 and encoding == "gzip", headers
        plain = gzip.decompress(raw)
        assert "Việc cần làm" in plain.decode()
        assert len(raw) * 2 < len(plain), (len(raw), len(plain))

        # the figures come from the replica, the lists from the primary
        token = made["organizer"]
        assert api(front, figures, token)["total"]["total"] == 1
        replica.pause_replay()
        shell({**env, "DATABASE_REPLICA_URL": ""}, ANOTHER_TASK)
        assert api(front, "/api/v1/tasks?page_size=5", token)["count"] == 2
        assert api(front, figures, token)["total"]["total"] == 1  # the replica has not replayed it yet
        replica.resume_replay()
        resumed = time.monotonic()
        while api(front, figures, token)["total"]["total"] != 2:
            assert time.monotonic() - resumed < LAG_SECONDS, "the replica fell behind"
            time.sleep(0.05)
