"""The dashboards run a fixed number of SQL queries whatever the number of tasks (asserted at two sizes)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dotpha.reports.models import RollupState
from dotpha.reports.rollups import rebuild
from dotpha.reports.tests.factories import YearSpec, build_year

pytestmark = pytest.mark.django_db

SMALL = YearSpec(
    excellent=3,
    good=3,
    completed=2,
    not_completed=1,
    not_evaluated=1,
    ahead=1,
    submitted=1,
    returned=1,
    rejected=1,
    drafts=1,
    cadres_per_unit=2,
)
LARGE = YearSpec(cadres_per_unit=12)  # 244 tasks assigned and 13 more, over 48 cadres


def queries(client, url: str, params: dict) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


def prepare(sums: str) -> None:
    """The figures counted from the tasks (the rollups old, their rebuild already queued today), or read
    from the rollups rebuilt for today."""
    today = timezone.localdate()
    if sums == "rolled":
        rebuild(today)
    else:
        RollupState.objects.update(as_of=None, queued_on=today)


@pytest.mark.parametrize("sums", ["counted", "rolled"])
@pytest.mark.parametrize("page", ["board", "unit", "drill"])
def test_the_dashboard_runs_a_fixed_number_of_queries(world, client, page, sums):
    client.force_login(world.users["organizer"])
    counts = []
    for spec in (SMALL, LARGE):
        year = build_year(world, spec)  # a second year on the same world: the page asks for its period
        prepare(sums)
        params: dict[str, object]
        if page == "board":
            url, params = reverse("reports:board"), {"period": year.period.pk}
        elif page == "unit":
            url, params = reverse("reports:unit", args=[world.home_affairs.pk]), {"period": year.period.pk}
        else:
            url, params = (
                reverse("reports:tasks"),
                {"period": year.period.pk, "unit": world.province.pk, "m": "approved"},
            )
        counts.append(queries(client, url, params))
    print(page, counts)
    assert counts[0] == counts[1], counts
