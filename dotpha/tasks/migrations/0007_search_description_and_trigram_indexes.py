from django.db import migrations, models

from dotpha.core.postgres_operations import postgresql_only


def fill_search_columns(apps, schema_editor):
    # the rule of Task.set_search_text (core.search.normalize_words), copied: a migration must not import
    # the model's current code. The title's copy is rewritten too: signs between words become spaces.
    import unicodedata

    def normalize(text: str) -> str:
        decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFC", text).casefold())
        stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("đ", "d")
        return " ".join("".join(ch if ch.isalnum() else " " for ch in stripped).split())

    Task = apps.get_model("tasks", "Task")
    fields = ["search_text", "search_description"]
    batch = []
    for task in Task.objects.only("pk", "title", "description").iterator(chunk_size=1000):
        task.search_text = normalize(task.title)
        task.search_description = normalize(task.description)
        batch.append(task)
        if len(batch) == 1000:
            Task.objects.bulk_update(batch, fields)
            batch = []
    Task.objects.bulk_update(batch, fields)


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
        ("tasks", "0006_year_review"),
        ("org", "0003_position_is_leadership"),
    ]

    operations = [
        migrations.AddField(
            model_name="task",
            name="search_description",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_search_columns, migrations.RunPython.noop),
        postgresql_only(
            ["CREATE EXTENSION IF NOT EXISTS pg_trgm"]
            + [
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)"
                for name, (table, column) in TRIGRAM_INDEXES.items()
            ],
            [f"DROP INDEX IF EXISTS {name}" for name in TRIGRAM_INDEXES],
        ),
    ]
