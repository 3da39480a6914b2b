"""Quarterly scores and the year built from them (Decree 335, Art. 14 and 21): each result falls in the
quarter its completion was reported (the first report at 100%; else the quarter it was due), each quarter is
scored on its own results, and the year's task points are the average of the quarters that hold results.
The worked quarter example of dotpha/ratings/README.md is `test_the_worked_quarter_example`."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from dotpha.programmes.models import Grade
from dotpha.ratings.models import AnnualRating, QuarterScore, RatingLevel, YearMethod
from dotpha.ratings.points import Breakdown
from dotpha.ratings.points import rating_breakdown as _breakdown
from dotpha.ratings.quarters import quarter_of
from dotpha.ratings.services import rating_decide, rating_propose
from dotpha.ratings.tests.conftest import year_tasks

pytestmark = pytest.mark.django_db


def rating_breakdown(rating: AnnualRating) -> Breakdown:
    breakdown = _breakdown(rating)
    assert breakdown is not None  # a scored year
    return breakdown


D = datetime.date


@pytest.mark.parametrize(
    ("on", "quarter"),
    [
        ("2026-01-01", 1),
        ("2026-03-31", 1),
        ("2026-04-01", 2),
        ("2026-09-30", 3),
        ("2026-10-01", 4),
        ("2026-12-31", 4),
        ("2025-12-20", 1),  # before the year: its first quarter
        ("2027-01-10", 4),  # a phase task reported the year after: its last quarter
        ("", 4),
    ],
)
def test_the_quarter_a_result_falls_in(on, quarter):
    assert quarter_of(2026, on) == quarter


@pytest.fixture
def example(world, stage):
    """Five tasks of 2026: two reported in Q1, one in Q2, one in Q3, and the fifth (a milestone a week
    late) reported on 20/11, in Q4."""
    year_tasks(
        stage,
        2026,
        [Grade.GOOD, Grade.GOOD, Grade.EXCELLENT, Grade.GOOD, Grade.COMPLETED],
        late={4},
        reported={
            0: D(2026, 3, 20),
            1: D(2026, 3, 25),
            2: D(2026, 5, 15),
            3: D(2026, 9, 15),
            4: D(2026, 11, 20),
        },
    )
    rating_propose(actor=stage.organizer, year=2026, unit=world.province)
    return AnnualRating.objects.get(year=2026)


def test_the_worked_quarter_example(world, stage, example):
    breakdown = rating_breakdown(example)
    assert [(q.quarter, q.tasks, q.task_points) for q in breakdown.quarters] == [
        (1, 2, Decimal("70.00")),
        (2, 1, Decimal("70.00")),
        (3, 1, Decimal("70.00")),
        (4, 1, Decimal("64.17")),  # (1 + 1 + 0.75) / 3 × 70
    ]
    # the year: (70 + 70 + 70 + 64.17) / 4 = 68.5425 → 68.54 (the whole year at once would give 68.83)
    assert breakdown.task_year_points == Decimal("68.54") and breakdown.tasks.points == Decimal("68.83")
    assert "trung bình các quý: 68.54" in example.proposal_reason
    assert [(q.quarter, q.task_points, q.total) for q in QuarterScore.objects.filter(rating=example)] == [
        (1, Decimal("70.00"), None),
        (2, Decimal("70.00"), None),
        (3, Decimal("70.00"), None),
        (4, Decimal("64.17"), None),
    ]
    rating_decide(
        actor=stage.approver,
        rating=example,
        level=RatingLevel.COMPLETED,
        comment="Đúng.",
        general_points=Decimal(25),
    )
    rating_propose(actor=stage.organizer, year=2026, unit=world.province)
    example.refresh_from_db()
    # 25 + 68.54 = 93.54: by points excellent, but 1 of 5 exceeding (< 30%); all five done by their deadline
    # (Việc 5's late milestone costs progress points only): "hoàn thành tốt"
    assert "93.54 điểm" in example.proposal_reason
    assert example.proposed_level == RatingLevel.GOOD
    assert list(QuarterScore.objects.filter(rating=example).values_list("quarter", "total")) == [
        (1, Decimal("95.00")),
        (2, Decimal("95.00")),
        (3, Decimal("95.00")),
        (4, Decimal("89.17")),
    ]


def test_a_quarter_without_results_does_not_count(world, stage):
    year_tasks(
        stage, 2026, [Grade.GOOD, Grade.COMPLETED], late={1}, reported={0: D(2026, 2, 1), 1: D(2026, 2, 2)}
    )
    rating_propose(actor=stage.organizer, year=2026, unit=world.province)
    rating = AnnualRating.objects.get(year=2026)
    breakdown = rating_breakdown(rating)
    assert [q.task_points for q in breakdown.quarters] == [Decimal("67.08"), None, None, None]
    assert breakdown.task_year_points == Decimal("67.08")  # not divided by four
    assert QuarterScore.objects.filter(rating=rating).count() == 1


def test_a_province_may_rate_the_year_at_once(world, stage, example):
    example.scheme.year_method = YearMethod.WHOLE_YEAR
    example.scheme.save()
    example.refresh_from_db()
    assert rating_breakdown(example).task_year_points == Decimal("68.83")


def test_the_page_shows_four_quarters_and_the_year(world, stage, example, client):
    client.force_login(stage.cadre)
    page = client.get(reverse("ratings:detail", args=[example.pk])).text
    assert 'data-quarter-tasks="4">64.17<' in page.replace(",", ".")
    assert "data-year-tasks>68.54<" in page.replace(",", ".")
    assert "Quý 1" in page and "Quý 4" in page
