from django.db import migrations

from dotpha.ratings.seed import seed_criteria_items


def seed(apps, schema_editor):
    seed_criteria_items(apps.get_model("ratings", "RatingScheme"), apps.get_model("ratings", "CriteriaItem"))


class Migration(migrations.Migration):
    dependencies = [("ratings", "0005_general_criteria_quarters_duty_groups")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
