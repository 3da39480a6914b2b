from django.db import migrations, models

from dotpha.core.collation import vietnamese_name_bytes

BATCH = 2_000


def fill(apps, schema_editor):
    """Every cadre's key, from the name (as `Cadre.fill_derived` computes it)."""
    Cadre = apps.get_model("org", "Cadre")
    batch = []
    for cadre in Cadre.objects.only("pk", "full_name").order_by("pk").iterator(chunk_size=BATCH):
        cadre.sort_key = vietnamese_name_bytes(cadre.full_name)
        batch.append(cadre)
        if len(batch) == BATCH:
            Cadre.objects.bulk_update(batch, ["sort_key"])
            batch = []
    Cadre.objects.bulk_update(batch, ["sort_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0005_unit_position"),
    ]

    operations = [
        migrations.AddField(
            model_name="cadre",
            name="sort_key",
            field=models.BinaryField(default=b"", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
