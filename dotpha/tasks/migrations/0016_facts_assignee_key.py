from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    """Each task's facts take its assignee's key (`facts.fact_expressions`), in one statement."""
    Task = apps.get_model("tasks", "Task")
    TaskFacts = apps.get_model("tasks", "TaskFacts")
    key = Task.objects.filter(pk=OuterRef("task_id")).values("assignee_cadre__sort_key")[:1]
    TaskFacts.objects.update(assignee_key=Subquery(key))


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0006_cadre_sort_key"),
        ("tasks", "0015_grading_line_task_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="taskfacts",
            name="assignee_key",
            field=models.BinaryField(null=True, verbose_name="khóa sắp xếp theo tên người được giao"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="taskfacts",
            index=models.Index(fields=["assignee_key", "task"], name="taskfacts_assignee_key"),
        ),
    ]
