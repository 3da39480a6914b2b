from django.db import migrations, models

from dotpha.core.postgres_operations import postgresql_only


def fill_search_description(apps, schema_editor):
    # the rule of Task.set_search_text, copied: a migration must not import the model's current code
    import unicodedata

    def normalize(text: str) -> str:
        decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFC", text).casefold())
        stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        return " ".join(stripped.replace("đ", "d").split())

    Task = apps.get_model("tasks", "Task")
    batch = []
    for task in Task.objects.exclude(description="").only("pk", "description").iterator(chunk_size=1000):
        task.search_description = normalize(task.description)
        batch.append(task)
        if len(batch) == 1000:
            Task.objects.bulk_update(batch, ["search_description"])
            batch = []
    Task.objects.bulk_update(batch, ["search_description"])


# `LIKE '%word%'` on the normalised columns uses these (pg_trgm is a trusted extension: the database's owner
# may create it)
TRIGRAM_INDEXES = {
    "task_search_title_trgm": ("tasks_task", "search_text"),
    "task_search_description_trgm": ("tasks_task", "search_description"),
    "cadre_search_trgm": ("org_cadre", "search_text"),
    "unit_search_trgm": ("org_unit", "search_text"),
}


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0005_report_reason"),
        ("org", "0003_position_is_leadership"),
    ]

    operations = [
        migrations.AddField(
            model_name="task",
            name="search_description",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_search_description, migrations.RunPython.noop),
        postgresql_only(
            ["CREATE EXTENSION IF NOT EXISTS pg_trgm"]
            + [
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)"
                for name, (table, column) in TRIGRAM_INDEXES.items()
            ],
            [f"DROP INDEX IF EXISTS {name}" for name in TRIGRAM_INDEXES],
        ),
    ]
