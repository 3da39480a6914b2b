"""Fault test: the PostgreSQL server stops under the running application (gunicorn, persistent
connections), and starts again. Pages answer the Vietnamese 503 page, the API its JSON `unavailable`, the
outage is logged once, and the same process serves again when the server is back.

Runs in CI's PostgreSQL pass (DATABASE_URL=postgres://…) on a cluster of its own, so stopping it
disturbs no one; there a missing PostgreSQL installation is a failure, never a silent skip."""

import json
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from dotpha.tests.gunicorn_process import clean_environment, gunicorn
from dotpha.tests.postgres_cluster import Cluster, binaries, on_postgres
from dotpha.tests.web_client import Browser

PASSWORD = "Mat-khau-2025"
SETUP = """
from dotpha.accounts.models import Role
from dotpha.api.services import token_create
from dotpha.org.models import UnitKind, UnitLevel
from dotpha.org.seed import seed_kinds_and_levels
from dotpha.org.tests.factories import make_unit, make_user
seed_kinds_and_levels(UnitLevel, UnitKind)
province = make_unit(None, "Tỉnh Thử Nghiệm", "P", "province")
commune = make_unit(province, "Xã Tân Lập", "P-X1", "commune")
user = make_user("xa", Role.COMMUNE_COMMITTEE, commune)
print(token_create(actor=user, name="Hệ thống văn bản")[1])
"""


pytestmark = [
    pytest.mark.skipif(
        not on_postgres(), reason="chạy trong lượt kiểm thử trên PostgreSQL (DATABASE_URL=postgres://…)"
    ),
    # Only so that pytest-django creates the migrated test database, whose schema the cluster copies.
    pytest.mark.django_db,
]


@pytest.fixture
def cluster(django_db_setup):
    bin_dir = binaries()
    if bin_dir is None:
        pytest.fail("DATABASE_URL là PostgreSQL nhưng không tìm thấy /usr/lib/postgresql/*/bin/initdb")
    cluster = Cluster(bin_dir)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.remove()


def test_pages_and_api_answer_503_while_the_database_is_down_and_recover(cluster, tmp_path):
    # The schema of the migrated test database, copied rather than migrated again (faster).
    cluster.copy_database(connection.settings_dict, "dotpha")
    env = clean_environment(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="fault-test-only",
        DATABASE_URL=cluster.url("dotpha"),
        # Persistent connections, as in production: the one the worker holds dies with the server.
        DATABASE_CONN_MAX_AGE="600",
        DOTPHA_VAR_DIR=str(tmp_path),
    )
    shell = [sys.executable, "manage.py", "shell", "--no-imports", "-c", SETUP]
    made = subprocess.run(shell, cwd=settings.BASE_DIR, env=env, check=True, capture_output=True, text=True)
    token = made.stdout.strip().splitlines()[-1]
    api_headers = {"Authorization": f"Bearer {token}"}
    log = tmp_path / "gunicorn.log"

    with gunicorn(env, log) as base:
        browser = Browser(base)
        browser.log_in("xa", PASSWORD)
        status, _, home = browser.get("/")
        assert status == 200 and "Xã Tân Lập" in home
        status, _, units = browser.get("/api/v1/units", api_headers)
        assert status == 200 and "Xã Tân Lập" in units

        cluster.stop()
        for _ in range(3):
            status, headers, page = browser.get("/")
            assert status == 503
            assert headers["Retry-After"] == "30"
            assert "Hệ thống tạm ngừng phục vụ" in page
            assert "Traceback" not in page
        status, _, page = browser.get("/tasks/mine/")
        assert status == 503 and "Hệ thống tạm ngừng phục vụ" in page
        status, headers, body = browser.get("/api/v1/units", api_headers)
        assert status == 503
        assert headers["Retry-After"] == "30"
        assert headers["Content-Type"].startswith("application/json")
        assert json.loads(body)["code"] == "unavailable"
        assert json.loads(body)["details"] == []

        cluster.start()
        # The same process, the same session: back without a restart.
        status, _, home = browser.get("/")
        assert status == 200 and "Xã Tân Lập" in home
        status, _, units = browser.get("/api/v1/units", api_headers)
        assert status == 200 and "Xã Tân Lập" in units

        # A server restart between two requests costs no one a page: the worker's persistent connection is
        # dead, and the health check replaces it before the next request uses it.
        cluster.restart()
        status, _, home = browser.get("/")
        assert status == 200 and "Xã Tân Lập" in home

    output = log.read_text(errors="replace")
    # Five failed requests, one log entry; Django's own per-request error lines are left out.
    assert output.count("Cơ sở dữ liệu không trả lời") == 1, output
    assert "Internal Server Error" not in output
    assert "Service Unavailable" not in output
