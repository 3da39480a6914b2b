from django.db import migrations

from dotpha.org.seed import seed_kinds_and_levels


def seed(apps, schema_editor):
    seed_kinds_and_levels(apps.get_model("org", "UnitLevel"), apps.get_model("org", "UnitKind"))


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
