"""A copy of every table's rows and every stored file, put back before each browser journey on the demo
(`dotpha/tests/browser/conftest.py`): the demo is built once per test process."""

import sqlite3
from dataclasses import dataclass

from django.apps import apps
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import connection, transaction


@dataclass
class DemoSnapshot:
    """Every table's rows and every stored file, as the demo left them.

    PostgreSQL copies each table out and back (`COPY`, text format: every type comes back as it was) and
    sets the sequences past the rows; SQLite's in-memory test database is copied whole by its backup API.
    The journey's own connection is the live server's (in-memory SQLite is shared with the server thread),
    so nothing else holds the tables while they are put back."""

    tables: dict[str, bytes]
    sqlite: sqlite3.Connection | None
    files: dict[str, bytes]

    @classmethod
    def take(cls) -> "DemoSnapshot":
        tables: dict[str, bytes] = {}
        copy: sqlite3.Connection | None = None
        if connection.vendor == "sqlite":
            copy = sqlite3.connect(":memory:", check_same_thread=False)
            connection.ensure_connection()
            connection.connection.backup(copy)
        else:
            with connection.cursor() as cursor:
                for table in _tables():
                    with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} TO STDOUT") as out:
                        tables[table] = b"".join(bytes(block) for block in out)
        return cls(tables=tables, sqlite=copy, files={name: _read(name) for name in _stored_files()})

    def restore(self) -> None:
        if self.sqlite is not None:
            connection.ensure_connection()
            self.sqlite.backup(connection.connection)
        else:
            with transaction.atomic(), connection.cursor() as cursor:
                names = ", ".join(connection.ops.quote_name(t) for t in self.tables)
                cursor.execute(f"TRUNCATE {names}")
                for table, rows in self.tables.items():
                    with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} FROM STDIN") as into:
                        into.write(rows)
                models = apps.get_models(include_auto_created=True)
                for statement in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(statement)
        for name in _stored_files() - self.files.keys():
            default_storage.delete(name)
        for name, content in self.files.items():
            if not default_storage.exists(name) or _read(name) != content:
                default_storage.delete(name)
                default_storage.save(name, ContentFile(content))
        for cache in caches.all():
            cache.clear()


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def _stored_files(folder: str = "") -> set[str]:
    directories, files = default_storage.listdir(folder)
    found = {f"{folder}{name}" for name in files}
    for directory in directories:
        found |= _stored_files(f"{folder}{directory}/")
    return found


def _read(name: str) -> bytes:
    with default_storage.open(name) as stored:
        return stored.read()
