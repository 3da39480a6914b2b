"""The statistics API runs a fixed number of SQL queries whatever the number of tasks (two sizes), as the
board does (`reports/tests/test_queries.py`): the figures read the stored facts, no query per task."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dotpha.api.tests.access import bearer, call
from dotpha.reports.tests.factories import build_year
from dotpha.reports.tests.test_queries import LARGE, SMALL, prepare

pytestmark = pytest.mark.django_db

# the board's two sizes: the API counts what the board counts


@pytest.mark.parametrize("sums", ["counted", "rolled"])
@pytest.mark.parametrize("with_cadres", [False, True])
def test_the_statistics_api_runs_a_fixed_number_of_queries(world, client, with_cadres, sums):
    counts, approved = [], []
    headers = bearer(world.users["organizer"])
    for spec in (SMALL, LARGE):
        year = build_year(world, spec)
        prepare(sums)
        cadres = str(with_cadres).lower()
        url = f"{reverse('api:statistics_tasks')}?period_id={year.period.pk}&with_cadres={cadres}"
        with CaptureQueriesContext(connection) as captured:
            response = call(client, "get", url, headers)
        assert response.status_code == 200
        counts.append(len(captured))
        approved.append(response.json()["total"]["approved"])
    assert approved[0] < approved[1]  # the larger year counts more tasks, in the same queries
    assert counts[0] == counts[1] > 0, counts
