from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    """Each task's facts take its two moving days (`facts.behind_from_expression`, `stale_after_expression`),
    from the latest report and cadence its facts already hold: one statement."""
    from dotpha.tasks.facts import behind_from_expression, stale_after_expression

    Task = apps.get_model("tasks", "Task")
    TaskFacts = apps.get_model("tasks", "TaskFacts")
    facts = TaskFacts.objects.filter(task=OuterRef("pk"))
    days = Task.objects.filter(pk=OuterRef("task_id")).annotate(
        _behind=behind_from_expression(Subquery(facts.values("latest_percent")[:1])),
        _stale=stale_after_expression(
            Subquery(facts.values("last_report_on")[:1]), Subquery(facts.values("cadence_days")[:1])
        ),
    )
    TaskFacts.objects.update(
        behind_from=Subquery(days.values("_behind")[:1]), stale_after=Subquery(days.values("_stale")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [("tasks", "0016_facts_assignee_key")]

    operations = [
        migrations.AddField(
            model_name="taskfacts",
            name="behind_from",
            field=models.IntegerField(null=True, verbose_name="ngày bắt đầu chậm so với thời gian đã qua"),
        ),
        migrations.AddField(
            model_name="taskfacts",
            name="stale_after",
            field=models.IntegerField(null=True, verbose_name="ngày cuối còn trong kỳ báo cáo"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
