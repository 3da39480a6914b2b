from django.db import migrations, models

# The queue's newest-first index now holds every column the look-alikes' candidates read (PostgreSQL; other
# engines build it without the included columns): see `Task.Meta.indexes`. A partial index of the waiting
# tasks only, so rebuilding it reads the table once and writes a few thousand entries.


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0018_covered_foreign_key_indexes"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="task",
            name="task_queue_newest",
        ),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(
                condition=models.Q(("status", "submitted")),
                fields=["created_at", "id"],
                include=("authority_unit", "assignee_cadre", "assignee_unit", "author", "origin", "search_text"),
                name="task_queue_newest",
            ),
        ),
    ]
