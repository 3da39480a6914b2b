"""Migration 0003 seeds the schemes and says which rule the ratings made before them were proposed by:
2021–2025 the Decree 90 rule; a later year is left for the next proposal run under the scheme in force."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from dotpha.ratings.models import AnnualRating

# serialized_rollback like the reports' template migration test (content types keep their ids).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("ratings", "0001_initial")]
AFTER = [("ratings", "0003_seed_rating_schemes")]


def test_ratings_before_the_schemes_are_marked_with_the_rule_they_were_proposed_by(world):
    cadre = world.users["cadre"].cadre
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("ratings", "AnnualRating")
    made = {
        year: old.objects.create(
            cadre_id=cadre.pk, year=year, authority_unit_id=world.standing.pk, proposed_level="good"
        ).pk
        for year in (2023, 2026)
    }
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    rated_2023 = AnnualRating.objects.get(pk=made[2023])
    assert rated_2023.scheme is not None and rated_2023.scheme.code == "nd90-2020"
    assert rated_2023.proposed_level == "good"
    assert AnnualRating.objects.get(pk=made[2026]).scheme is None
