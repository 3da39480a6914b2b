"""What the PostgreSQL server must do for the lists to stay fast at a province's size (issue 18):
autovacuum on. The approval queue and the task list count from their indexes alone, which works only on
table pages that VACUUM has marked all-visible; with autovacuum off, every count reads the table (at a
million tasks the queue's count took 70 ms where it takes 7). Run by `manage.py check --deploy --database
default` (and by `migrate`'s checks of the database it migrates, when deployment checks are asked)."""

from django.core.checks import CheckMessage, Tags, register
from django.core.checks import Warning as CheckWarning
from django.db import connections

# the tables the lists count and page through
LARGE_TABLES = ("tasks_task", "tasks_progressreport")


@register(Tags.database, deploy=True)
def autovacuum_runs(app_configs=None, databases=None, **kwargs) -> list[CheckMessage]:
    found: list[CheckMessage] = []
    for alias in databases or ():
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('autovacuum')")
            (server,) = cursor.fetchone()
            cursor.execute(
                "SELECT relname FROM pg_class WHERE relname = ANY(%s) "
                "AND 'autovacuum_enabled=false' = ANY(reloptions) ORDER BY relname",
                [list(LARGE_TABLES)],
            )
            tables = [name for (name,) in cursor.fetchall()]
        if server != "on":
            found.append(
                CheckWarning(
                    f"autovacuum is off on the PostgreSQL server of the database '{alias}'.",
                    hint="Turn it on (autovacuum = on in postgresql.conf, PostgreSQL's default): the task "
                    "lists and the approval queue count from their indexes only on vacuumed tables.",
                    id="dotpha.W001",
                )
            )
        if tables:
            found.append(
                CheckWarning(
                    f"autovacuum is off for {', '.join(tables)} in the database '{alias}'.",
                    hint="ALTER TABLE … RESET (autovacuum_enabled);",
                    id="dotpha.W002",
                )
            )
    return found
