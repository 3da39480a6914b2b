"""The demo province as after the worker's nightly job: its boards read the rollups, and every one of them
(each year, each period, each level and field, the whole province and a department) equals the board counted
from the tasks, mergers and phases included."""

import pytest
from django.utils import timezone

from dotpha.accounts.access import holds_every_tree
from dotpha.accounts.models import User
from dotpha.org.models import Unit, UnitLevel
from dotpha.programmes.models import Field, Period
from dotpha.reports.models import RollupState
from dotpha.reports.selectors import StatsFilter
from dotpha.reports.tests.test_rollups import assert_boards_agree

pytestmark = pytest.mark.django_db


def test_every_board_of_the_demo_reads_the_rollups_and_equals_the_counted_one(demo):
    today = timezone.localdate()
    assert RollupState.objects.get().as_of == today
    organizer = User.objects.get(username="tochuc")
    assert holds_every_tree(organizer)
    root = Unit.objects.get(depth=1)
    department = Unit.objects.filter(kind__code="department").order_by("path").first()
    years = sorted(
        {p.start_date.year for p in Period.objects.all()} | {p.end_date.year for p in Period.objects.all()}
    )
    filters = [
        StatsFilter(),
        *(StatsFilter(year=y) for y in years),
        *(StatsFilter(period=p) for p in Period.objects.all()),
    ]
    filters += [StatsFilter(level=level) for level in UnitLevel.objects.all()]
    filters += [StatsFilter(field=field) for field in Field.objects.all()[:3]]
    filters += [StatsFilter(kind="difficult"), StatsFilter(status="approved")]
    assert_boards_agree(organizer, [root, department], filters, today=today)
