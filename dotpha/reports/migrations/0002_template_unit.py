"""Word templates belong to the unit that issues the report.

Until now the newest template of all was used for every report, so a commune organizer's upload replaced
the province's report. Existing templates are given to the highest unit their uploader organizes (a
commune organizer's upload stays the commune's, never the province's); one uploaded by an account with no
organizer grant (a superuser) goes to the root of the tree, which is what the province used until now.
No template is made a default for every unit: that would keep a commune's upload applying to the province.
The column becomes required in 0003 (a separate transaction: PostgreSQL refuses to alter a table with the
updates' deferred foreign-key checks pending).
"""

import django.db.models.deletion
from django.db import migrations, models


def assign_units(apps, schema_editor):
    ReportTemplate = apps.get_model("reports", "ReportTemplate")
    RoleGrant = apps.get_model("accounts", "RoleGrant")
    Unit = apps.get_model("org", "Unit")
    root = Unit.objects.filter(depth=1).order_by("path").first()
    for template in ReportTemplate.objects.filter(unit__isnull=True):
        grant = (
            RoleGrant.objects.filter(user_id=template.uploaded_by_id, role="organizer")
            .select_related("unit")
            .order_by("unit__depth", "unit__path")
            .first()
        )
        unit = grant.unit if grant is not None else root
        if unit is None:
            # no unit at all: a template that belongs to nobody cannot be used
            template.delete()
            continue
        template.unit = unit
        template.save(update_fields=["unit"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
        ("org", "0002_unit_kinds_and_levels"),
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalreporttemplate",
            name="unit",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="org.unit",
                verbose_name="đơn vị",
            ),
        ),
        migrations.AddField(
            model_name="reporttemplate",
            name="unit",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="report_templates",
                to="org.unit",
                verbose_name="đơn vị",
            ),
        ),
        migrations.RunPython(assign_units, migrations.RunPython.noop),
    ]
