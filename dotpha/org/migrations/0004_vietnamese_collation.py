"""The database's Vietnamese alphabetical order (dotpha.core.collation): ICU's Vietnamese on PostgreSQL.
SQLite gets the same order from the Python key on each connection, so nothing is done there."""

from django.db import migrations

from dotpha.core.postgres_operations import postgresql_only


class Migration(migrations.Migration):
    dependencies = [("org", "0003_position_is_leadership")]

    operations = [
        postgresql_only(
            ["CREATE COLLATION IF NOT EXISTS dotpha_vi (provider = icu, locale = 'vi')"],
            ["DROP COLLATION IF EXISTS dotpha_vi"],
        )
    ]
