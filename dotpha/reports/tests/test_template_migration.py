"""Migration 0002 gives the templates stored before templates had a unit to the highest unit their
uploader organizes: a commune organizer's upload stays the commune's and stops replacing the province's
report; one by an account without an organizer grant (a superuser) goes to the province."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from dotpha.accounts.models import Role, User
from dotpha.org.tests.factories import make_user
from dotpha.reports.exports.word import current_template
from dotpha.reports.models import ReportTemplate, TemplateKind

# serialized_rollback like the race tests: a plain transactional flush re-creates the content types under new
# ids, which the next serialized test's reload then collides with (PostgreSQL: duplicate key).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("reports", "0001_initial")]
AFTER = [("reports", "0003_template_unit_required")]


def _back_to_latest() -> None:
    """The app's later migrations (snapshots, publications) are applied again: the browser journeys that run
    after this test on the same database close periods, which writes snapshots."""
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes("reports"))


def test_existing_templates_go_to_their_uploaders_unit(world, request):
    commune_organizer = make_user("xa_tochuc", Role.ORGANIZER, world.commune)
    admin = User.objects.create_superuser(username="quantri", password="Mat-khau-dai-2025!")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("reports", "ReportTemplate")
    by_admin = old.objects.create(
        kind="annual_report", file="a.docx", original_name="a", uploaded_by_id=admin.pk
    )
    by_commune = old.objects.create(
        kind="annual_report", file="b.docx", original_name="b", uploaded_by_id=commune_organizer.pk
    )
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    request.addfinalizer(_back_to_latest)
    assert ReportTemplate.objects.get(pk=by_admin.pk).unit == world.province
    assert ReportTemplate.objects.get(pk=by_commune.pk).unit == world.commune
    # the province's report uses the superuser's template even though the commune's is newer
    province = current_template(TemplateKind.ANNUAL_REPORT, world.province)
    commune = current_template(TemplateKind.ANNUAL_REPORT, world.commune)
    assert province is not None and province.pk == by_admin.pk
    assert commune is not None and commune.pk == by_commune.pk
