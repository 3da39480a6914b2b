from django.db import migrations

from dotpha.ratings.seed import seed_rating_schemes


def seed(apps, schema_editor):
    seed_rating_schemes(apps.get_model("ratings", "RatingScheme"), apps.get_model("ratings", "CriteriaGroup"))


class Migration(migrations.Migration):
    dependencies = [("ratings", "0002_rating_schemes")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
