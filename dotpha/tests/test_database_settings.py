"""The database connection the product opens (config/settings/database.py)."""

import pytest
from django.db import connection

from config.settings.database import database


def test_postgres_connections_run_without_jit_and_with_a_short_join_search(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://dotpha@db.example:5432/dotpha")
    monkeypatch.delenv("DATABASE_DISABLE_SERVER_SIDE_CURSORS", raising=False)
    db = database()
    assert db["OPTIONS"]["options"] == "-c jit=off -c join_collapse_limit=5"
    assert not db.get("DISABLE_SERVER_SIDE_CURSORS")


def test_behind_pgbouncer_server_side_cursors_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://dotpha@db.example:5432/dotpha")
    monkeypatch.setenv("DATABASE_DISABLE_SERVER_SIDE_CURSORS", "1")
    assert database()["DISABLE_SERVER_SIDE_CURSORS"] is True


def test_sqlite_gets_no_postgres_options(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    db = database("sqlite:////tmp/dotpha-test.sqlite3")
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert "options" not in db.get("OPTIONS", {})


@pytest.mark.django_db
def test_the_test_database_connection_has_the_server_options_on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: CI's PostgreSQL pass runs it")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
        cursor.execute("SHOW join_collapse_limit")
        assert cursor.fetchone()[0] == "5"
