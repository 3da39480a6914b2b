"""`check --deploy --database default` warns when PostgreSQL will not vacuum the tables the lists count from
their indexes alone."""

import pytest
from django.core import checks
from django.db import connection

from dotpha.tests.postgres_cluster import on_postgres

pytestmark = pytest.mark.django_db


def deploy_warnings() -> dict[str, str]:
    found = checks.run_checks(include_deployment_checks=True, databases=["default"])
    return {
        message.id: message.msg
        for message in found
        if message.id is not None and message.id.startswith("dotpha.W00")
    }


@pytest.mark.skipif(not on_postgres(), reason="a PostgreSQL setting")
def test_a_large_table_without_autovacuum_is_named():
    assert "dotpha.W002" not in deploy_warnings()
    with connection.cursor() as cursor:  # rolled back with the test's transaction
        cursor.execute("ALTER TABLE tasks_task SET (autovacuum_enabled = false)")
    assert deploy_warnings()["dotpha.W002"] == "autovacuum is off for tasks_task in the database 'default'."


@pytest.mark.skipif(not on_postgres(), reason="a PostgreSQL setting")
def test_the_servers_autovacuum_setting_is_reported_as_it_is():
    with connection.cursor() as cursor:
        cursor.execute("SHOW autovacuum")
        (server,) = cursor.fetchone()
    # the test server may run either way (CI's runs with autovacuum off, as a throw-away database may)
    assert ("dotpha.W001" in deploy_warnings()) is (server != "on")


@pytest.mark.skipif(on_postgres(), reason="SQLite has no autovacuum to ask for")
def test_sqlite_is_not_asked():
    assert deploy_warnings() == {}
