"""The year's summary on Hòa Bình-like data (151 communes, 141 cadres, 657 visits, 129 proposals), the
page that shows it, and the fixed number of queries of the summary and coverage selectors."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dotpha.monitoring.models import MonitoringYear
from dotpha.monitoring.selectors import coverage_on, monitoring_summary
from dotpha.monitoring.tests.scale import YEAR, build_scale_province

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2024, 3, 1)


@pytest.fixture
def hoa_binh(world):
    return build_scale_province(code="HB", organizer=world.users["organizer"], issuing_unit=world.standing)


def _fresh_year(province) -> MonitoringYear:
    return MonitoringYear.objects.select_related("programme", "programme__scope_unit").get(
        pk=province.year.pk
    )


def test_summary_of_a_hoa_binh_sized_year(hoa_binh):
    summary = monitoring_summary(_fresh_year(hoa_binh), today=TODAY)
    total = summary.total
    assert summary.reference_day == datetime.date(YEAR, 12, 31)
    assert (summary.communes_total, total.communes_covered) == (151, 151)
    assert (total.forms_received, total.forms_expected) == (151, 151)
    assert total.visits == 657
    assert total.cadres_assigned == 141
    # the share is of the cadres evaluated (141), each counted once though 10 had two forms
    assert (total.cadres_commended, total.cadres_evaluated) == (129, 141)
    assert total.commendation_share == pytest.approx(100 * 129 / 141)
    assert total.replacement_requests == 0
    # nobody sent a plan or a report in this data: every one is missing
    assert (total.plans_late, total.plans_missing) == (0, 151)
    assert total.reports_missing == 2 * 151
    # the agencies add up to the total
    rows = summary.rows
    assert len(rows) == 30
    assert sum(r.visits for r in rows) == 657
    assert sum(r.forms_received for r in rows) == 151
    assert sum(r.cadres_commended for r in rows) == 129


def test_summary_page_shows_the_figures_with_their_links(hoa_binh, world, client):
    client.force_login(world.users["organizer"])
    response = client.get(reverse("monitoring:summary"), {"year": hoa_binh.year.pk})
    assert response.status_code == 200
    text = re.sub(r"\s+", " ", response.content.decode())
    assert 'data-figure="forms">151/151<' in text
    assert 'data-figure="visits">657<' in text
    assert 'data-figure="commended">129<' in text
    assert "91,5% của 141 cán bộ được nhận xét" in text
    assert 'data-figure="communes">151/151<' in text
    # every figure links to the filtered list behind it, and that list shows the same number
    year = hoa_binh.year.pk
    visits = client.get(reverse("monitoring:visit_list"), {"year": year})
    assert "657 lượt" in visits.content.decode()
    commended = client.get(reverse("monitoring:feedback_list"), {"year": year, "commendation": 1})
    assert "139 phiếu, 129 cán bộ" in re.sub(r"\s+", " ", commended.content.decode())
    received = client.get(reverse("monitoring:feedback_list"), {"year": year, "status": "received"})
    assert 'data-figure="progress">151/151<' in received.content.decode()
    assert f"/monitoring/feedback/?year={year}&amp;commendation=1" in text
    assert f"/monitoring/visits/?year={year}" in text


def test_summary_and_coverage_run_a_fixed_number_of_queries(world):
    organizer = world.users["organizer"]
    small = build_scale_province(
        code="NHO",
        organizer=organizer,
        issuing_unit=world.standing,
        communes=12,
        cadres=10,
        visits=30,
        commended=8,
    )
    large = build_scale_province(code="LON", organizer=organizer, issuing_unit=world.standing)
    counts = []
    for province in (small, large):
        year = _fresh_year(province)
        with CaptureQueriesContext(connection) as summary_queries:
            monitoring_summary(year, today=TODAY)
        with CaptureQueriesContext(connection) as coverage_queries:
            coverage_on(year.programme, datetime.date(YEAR, 6, 1))
        counts.append((len(summary_queries), len(coverage_queries)))
    assert counts[0] == counts[1]
    assert counts[0][1] == 2
    assert counts[0][0] <= 12
