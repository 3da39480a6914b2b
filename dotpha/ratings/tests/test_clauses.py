"""Each clause of Regulation 366-QĐ/TW (Điều 11) and Decree 335/2025, read from the seeded scheme, and which
scheme rates which year."""

from decimal import Decimal

import pytest

from dotpha.ratings.clauses import (
    TaskFacts,
    classify,
    excellent_allowed,
    level_by_points,
    meets_completed,
    meets_excellent,
    meets_good,
    over_quota,
)
from dotpha.ratings.models import RatingLevel, RatingScheme
from dotpha.ratings.selectors import scheme_for_year

pytestmark = pytest.mark.django_db

E, G, C, N = RatingLevel.EXCELLENT, RatingLevel.GOOD, RatingLevel.COMPLETED, RatingLevel.NOT_COMPLETED
# ten tasks, all on time with quality, three (30%) exceeding requirements
PERFECT = TaskFacts(assigned=10, completed=10, on_time=10, with_quality=10, exceeding=3)


@pytest.fixture
def scheme() -> RatingScheme:
    return RatingScheme.objects.get(code="qd366-2025/nd335-2025")


@pytest.mark.parametrize(
    ("year", "code"),
    [
        (2021, "nd90-2020"),
        (2023, "nd90-2020"),
        (2025, "nd90-2020"),
        (2026, "qd366-2025/nd335-2025"),
        (2031, "qd366-2025/nd335-2025"),
    ],
)
def test_each_year_is_rated_under_the_scheme_in_force(year, code):
    scheme = scheme_for_year(year)
    assert scheme is not None and scheme.code == code


def test_no_scheme_before_2021():
    assert scheme_for_year(2020) is None


def test_the_scored_scheme_has_the_texts_groups_and_numbers(scheme):
    assert [(g.code, g.points) for g in scheme.groups.all()] == [("general", 30), ("task-results", 70)]
    assert (scheme.excellent_min, scheme.good_min, scheme.completed_min) == (90, 70, 50)
    assert (scheme.exceeding_min_percent, scheme.behind_max_percent, scheme.excellent_quota_percent) == (
        30,
        20,
        20,
    )
    assert scheme.delay_penalty_percent == 25
    assert {g["code"] for g in scheme.disqualifying_grounds} == {
        "degradation",
        "discipline",
        "led_unit_corruption",
    }


@pytest.mark.parametrize(
    ("points", "level"),
    [("100", E), ("90", E), ("89.99", G), ("70", G), ("69.99", C), ("50", C), ("49.99", N), ("0", N)],
)
def test_the_thresholds(scheme, points, level):
    assert level_by_points(scheme, Decimal(points)) == level
    assert classify(scheme, points=Decimal(points), facts=PERFECT, grounds=[]).level == level


def test_excellent_needs_thirty_percent_exceeding(scheme):
    assert meets_excellent(scheme, PERFECT)
    two_of_ten = TaskFacts(assigned=10, completed=10, on_time=10, with_quality=10, exceeding=2)
    assert not meets_excellent(scheme, two_of_ten)
    # 95 points but only 20% exceeding: hoàn thành tốt, with the reason
    result = classify(scheme, points=Decimal(95), facts=two_of_ten, grounds=[])
    assert result.level == G
    assert "từ 30% vượt yêu cầu" in result.reasons[-1]


def test_excellent_and_good_need_every_task_on_time_with_quality(scheme):
    one_late = TaskFacts(assigned=10, completed=10, on_time=9, with_quality=10, exceeding=5)
    one_poor = TaskFacts(assigned=10, completed=10, on_time=10, with_quality=9, exceeding=5)
    for facts in (one_late, one_poor):
        assert not meets_excellent(scheme, facts) and not meets_good(scheme, facts)
        assert meets_completed(scheme, facts)
        assert classify(scheme, points=Decimal(95), facts=facts, grounds=[]).level == C


def test_completed_allows_at_most_twenty_percent_behind(scheme):
    two_late = TaskFacts(assigned=10, completed=10, on_time=8, with_quality=10, exceeding=0)
    three_late = TaskFacts(assigned=10, completed=10, on_time=7, with_quality=10, exceeding=0)
    assert meets_completed(scheme, two_late)
    assert not meets_completed(scheme, three_late)
    assert classify(scheme, points=Decimal(75), facts=two_late, grounds=[]).level == C
    assert classify(scheme, points=Decimal(75), facts=three_late, grounds=[]).level == N


def test_completed_needs_every_task_completed(scheme):
    one_open = TaskFacts(assigned=10, completed=9, on_time=9, with_quality=9, exceeding=0)
    assert not meets_completed(scheme, one_open)
    assert classify(scheme, points=Decimal(60), facts=one_open, grounds=[]).level == N


def test_a_disqualifying_ground_gives_not_completed_whatever_the_points(scheme):
    result = classify(scheme, points=Decimal(98), facts=PERFECT, grounds=["discipline"])
    assert result.level == N
    assert "Bị kỷ luật bằng hình thức từ khiển trách trở lên" in result.reasons[0]


@pytest.mark.parametrize(
    ("excellent", "good", "allowed", "over"),
    [
        (1, 5, 1, False),
        (2, 5, 1, True),
        (1, 4, 0, True),
        (2, 10, 2, False),
        (3, 14, 2, True),
        (0, 0, 0, False),
    ],
)
def test_the_excellent_quota_is_twenty_percent_of_good(scheme, excellent, good, allowed, over):
    assert excellent_allowed(scheme, good) == allowed
    assert over_quota(scheme, excellent=excellent, good=good) is over


def test_a_heads_unit_bears_on_excellent_and_good_but_not_on_completed(scheme):
    """Regulation 366, Art. 11: the area a head leads counts for "xuất sắc" and "tốt"; a staff member's task
    still open leaves the head "hoàn thành" on his own record, not "không hoàn thành"."""
    open_in_unit = TaskFacts(assigned=4, completed=3, on_time=3, with_quality=3, exceeding=0)
    assert classify(scheme, points=Decimal(95), facts=PERFECT, grounds=[], led=open_in_unit).level == (
        RatingLevel.COMPLETED
    )
    unit_well = TaskFacts(assigned=4, completed=4, on_time=4, with_quality=4, exceeding=2)
    assert classify(scheme, points=Decimal(95), facts=PERFECT, grounds=[], led=unit_well).level == (
        RatingLevel.EXCELLENT
    )
    # the unit's results cannot lift a head whose own tasks miss "hoàn thành"
    own_open = TaskFacts(assigned=2, completed=1, on_time=1, with_quality=1, exceeding=1)
    assert classify(scheme, points=Decimal(95), facts=own_open, grounds=[], led=unit_well).level == (
        RatingLevel.NOT_COMPLETED
    )
