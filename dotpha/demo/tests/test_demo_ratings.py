"""The demo's 2026 cadre rating (366-QĐ/TW, 335/2025), made through the services: proposals for the cadres
with results in 2026, general points decided for those whose tasks were graded, and Ban Thường vụ over the
excellent quota with the exception stated — on the list page and in its files as tochuc sees them."""

import io

import openpyxl
import pytest
from django.urls import reverse

from dotpha.accounts.models import User
from dotpha.demo.ratings import EXCEPTION, RATED_YEAR
from dotpha.ratings.models import AnnualRating, RatingLevel
from dotpha.ratings.selectors import quota_table, rating_lines

pytestmark = pytest.mark.django_db


def test_the_demo_rates_2026_and_one_unit_is_over_the_quota(demo, client):
    ratings = AnnualRating.objects.filter(year=RATED_YEAR)
    assert "Xếp loại cán bộ năm 2026" in demo
    assert ratings.count() >= 100
    assert set(ratings.values_list("scheme__code", flat=True)) == {"qd366-2025/nd335-2025"}
    decided = ratings.exclude(level="")
    assert decided.count() >= 3
    assert not decided.filter(general_points__isnull=True).exists()
    # every decision is in the history, made by the standing committee's accounts
    users = set(decided.values_list("decided_by__username", flat=True))
    assert users <= {"thuongtruc", "bithu"}
    # the proposals refreshed after the decisions carry the total and a level
    assert not decided.filter(proposed_level="").exists()
    over = [row for row in quota_table(rating_lines(ratings)) if row.over]
    assert [row.unit_name for row in over] == ["Ban Thường vụ Tỉnh ủy"]
    beyond = decided.get(quota_exception=EXCEPTION)
    assert beyond.level == RatingLevel.EXCELLENT
    assert beyond.history.filter(quota_exception=EXCEPTION).exists()
    # what tochuc reads: the page and the Excel file show the quota and the points
    client.force_login(User.objects.get(username="tochuc"))
    html = client.get(reverse("ratings:list"), {"year": RATED_YEAR}).text
    assert 'data-unit-quota="over"' in html and EXCEPTION in html and 'data-points="total"' in html
    response = client.get(reverse("reports:export", args=["ratings"]), {"year": RATED_YEAR})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    line = next(r for r in rows if r[1] == beyond.cadre.full_name)
    assert beyond.general_points is not None
    assert line[8] == "Hoàn thành xuất sắc nhiệm vụ" and line[4] == float(beyond.general_points)
