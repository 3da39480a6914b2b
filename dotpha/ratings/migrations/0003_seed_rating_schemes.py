from django.db import migrations

from dotpha.ratings.seed import seed_rating_schemes


def seed(apps, schema_editor):
    RatingScheme = apps.get_model("ratings", "RatingScheme")
    seed_rating_schemes(RatingScheme, apps.get_model("ratings", "CriteriaGroup"))
    # Ratings proposed before schemes existed were proposed by the Decree 90 rule: say so for 2021–2025.
    # Later years are left without a scheme; the next proposal run rates them under the scheme in force.
    apps.get_model("ratings", "AnnualRating").objects.filter(
        year__gte=2021, year__lte=2025, scheme__isnull=True
    ).update(scheme=RatingScheme.objects.get(code="nd90-2020"))


class Migration(migrations.Migration):
    dependencies = [("ratings", "0002_rating_schemes")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
