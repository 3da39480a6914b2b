"""Migration operations that exist on PostgreSQL only (trigram indexes, ICU collations): on SQLite, where the
tests run, they do nothing, and the code that uses them behaves the same without them (slower, or with the
Python sort key)."""

from django.db import migrations


def postgresql_only(forward: list[str], backward: list[str]) -> migrations.RunPython:
    def run(statements: list[str]):
        def apply(apps, schema_editor):
            if schema_editor.connection.vendor != "postgresql":
                return
            for statement in statements:
                schema_editor.execute(statement)

        return apply

    return migrations.RunPython(run(forward), run(backward), elidable=False)
