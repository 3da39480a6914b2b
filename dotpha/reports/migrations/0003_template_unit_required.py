"""Every Word template belongs to a unit (assigned in 0002)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_template_unit"),
    ]

    operations = [
        migrations.AlterField(
            model_name="reporttemplate",
            name="unit",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="report_templates",
                to="org.unit",
                verbose_name="đơn vị",
            ),
        ),
    ]
