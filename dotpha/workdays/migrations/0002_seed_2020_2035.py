from django.db import migrations


def seed(apps, schema_editor):
    # the years the province's programmes span, and ten years ahead; `manage.py calendar_year` adds more
    from dotpha.workdays.build import rebuild_years

    models = (
        apps.get_model("workdays", "NonWorkingDay"),
        apps.get_model("workdays", "CalendarChange"),
        apps.get_model("workdays", "CalendarYear"),
    )
    rebuild_years(range(2020, 2036), models=models)


def unseed(apps, schema_editor):
    apps.get_model("workdays", "NonWorkingDay").objects.all().delete()
    apps.get_model("workdays", "CalendarYear").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_calendar")]

    operations = [migrations.RunPython(seed, unseed)]
