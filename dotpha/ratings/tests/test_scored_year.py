"""A year rated under 366-QĐ/TW and 335/2025 (2026), beside a year under Decree 90/2020 (2023) that keeps its
result: task-result points from the record, the classification once the authority scores the general
criteria, and the excellent quota on confirmation. The worked example in dotpha/ratings/README.md is
`test_the_worked_example`; behind schedule is the task's own state (`test_behind_schedule.py`)."""

import datetime
from decimal import Decimal

import pytest

from dotpha.core.errors import ApplicationError
from dotpha.org.tests.factories import CadreFactory
from dotpha.programmes.models import Grade
from dotpha.ratings.models import AnnualRating, RatingLevel
from dotpha.ratings.services import rating_decide, rating_propose
from dotpha.ratings.tests.conftest import year_tasks

pytestmark = pytest.mark.django_db


ON_TIME, AFTER_THE_DEADLINE = datetime.date(2026, 11, 20), datetime.date(2026, 12, 4)
GRADES: list[str] = [Grade.EXCELLENT, Grade.GOOD, Grade.GOOD, Grade.GOOD, Grade.COMPLETED]


@pytest.fixture
def example(world, stage):
    """The worked example: five tasks in 2026 due Monday 30/11, reported done on 20/11 but the fourth, done
    on 04/12 (after the deadline); the fifth with one milestone a week late."""
    year_tasks(
        stage,
        2026,
        GRADES,
        ahead={1},
        late={4},
        reported={0: ON_TIME, 1: ON_TIME, 2: ON_TIME, 3: AFTER_THE_DEADLINE, 4: ON_TIME},
    )
    rating_propose(actor=stage.organizer, year=2026, unit=world.province)
    return AnnualRating.objects.get(year=2026)


def test_the_worked_example(world, stage, example):
    rating = example
    assert rating.scheme is not None and rating.scheme.code == "qd366-2025/nd335-2025"
    assert rating.proposed_level == ""  # the general criteria are not scored yet
    assert "Kết quả thực hiện nhiệm vụ: 67.67/70 điểm" in rating.proposal_reason
    assert [(i["label"], i["delays"], i["late"]) for i in rating.inputs][3:] == [
        ("Việc 4/2026", 1, True),  # completed late: one delay, and behind schedule
        ("Việc 5/2026", 1, False),  # a milestone late: one delay, the task itself on time
    ]
    assert rating.inputs[3]["delay_notes"] == "hoàn thành chậm: báo cáo 100% ngày 04/12/2026, hạn 30/11/2026"
    assert rating.inputs[4]["delay_notes"] == "mốc “Trình đề án” hạn 30/06/2026, xong 07/07/2026"
    # the authority scores the general criteria 27/30 and confirms what the rule gives
    rating_decide(
        actor=stage.approver,
        rating=rating,
        level=RatingLevel.COMPLETED,
        comment="Đúng quy định.",
        general_points=Decimal("27"),
    )
    rating_propose(actor=stage.organizer, year=2026, unit=world.province)
    rating.refresh_from_db()
    # 27 + 67.67 = 94.67 points, but one task of five behind schedule (Việc 4): neither excellent nor good
    # (each needs 100% on time); 20% behind is within what "hoàn thành" allows
    assert rating.general_points == Decimal("27.00")
    assert rating.proposed_level == RatingLevel.COMPLETED
    assert "94.67 điểm" in rating.proposal_reason


def test_done_on_time_the_late_milestone_alone_keeps_the_record_excellent(world, stage):
    late_milestone_only = {i: ON_TIME for i in range(5)}
    year_tasks(stage, 2026, GRADES, ahead={1}, late={4}, reported=late_milestone_only)
    rating_propose(actor=stage.organizer, year=2026, unit=world.province)
    rating = AnnualRating.objects.get(year=2026)
    assert "68.83/70 điểm" in rating.proposal_reason  # Việc 5's milestone costs 0.25 of its progress
    rating.general_points = Decimal("27")
    rating.save()
    rating_propose(actor=stage.organizer, year=2026, unit=world.province)
    rating.refresh_from_db()
    # 95.83 points, all five on time, 2 of 5 (40%) exceeding
    assert "95.83 điểm" in rating.proposal_reason
    assert rating.proposed_level == RatingLevel.EXCELLENT


def test_without_the_delay_the_same_record_is_excellent(world, stage):
    year_tasks(stage, 2026, [Grade.EXCELLENT, Grade.GOOD, Grade.GOOD, Grade.GOOD, Grade.COMPLETED], ahead={1})
    rating_propose(actor=stage.organizer, year=2026, unit=world.province)
    rating = AnnualRating.objects.get(year=2026)
    assert "70.00/70 điểm" in rating.proposal_reason
    rating.general_points = Decimal("20")  # 90 points exactly, 2 of 5 tasks (40%) exceeding
    rating.save()
    rating_propose(actor=stage.organizer, year=2026, unit=world.province)
    rating.refresh_from_db()
    assert rating.proposed_level == RatingLevel.EXCELLENT


def test_2023_keeps_its_result_under_the_earlier_rule(world, stage):
    year_tasks(stage, 2023, [Grade.EXCELLENT, Grade.GOOD], late={1})
    rating_propose(actor=stage.organizer, year=2023, unit=world.province)
    rating = AnnualRating.objects.get(year=2023)
    # Decree 90/2020: every result good or better, half excellent — whatever the late milestone
    assert rating.scheme is not None and rating.scheme.code == "nd90-2020"
    assert rating.proposed_level == RatingLevel.EXCELLENT
    assert rating.general_points is None
    rating_decide(actor=stage.approver, rating=rating, level=RatingLevel.EXCELLENT, comment="Xuất sắc.")
    rating.refresh_from_db()
    assert rating.level == RatingLevel.EXCELLENT  # no general points asked, no quota under the old rule


def test_a_scored_year_needs_the_general_points_within_thirty(world, stage, example):
    for points in (None, Decimal("30.01"), Decimal("-1")):
        with pytest.raises(ApplicationError) as exc:
            rating_decide(
                actor=stage.approver,
                rating=example,
                level=RatingLevel.GOOD,
                comment="Tốt.",
                general_points=points,
            )
        assert exc.value.code == "invalid_general_points"
    example.refresh_from_db()
    assert example.level == "" and example.general_points is None


def rated_good(example, n):
    """`n` more cadres of the example's authority rated "good" for 2026."""
    return [
        AnnualRating.objects.create(
            cadre=CadreFactory.create(managing_unit=example.authority_unit),
            year=2026,
            authority_unit=example.authority_unit,
            scheme=example.scheme,
            duty_group=example.duty_group,
            level=RatingLevel.GOOD,
        )
        for _ in range(n)
    ]


def test_excellent_beyond_the_quota_needs_the_stated_exception(world, stage, example):
    rated_good(example, 4)  # 20% of 4 allows no "excellent"
    with pytest.raises(ApplicationError) as exc:
        rating_decide(
            actor=stage.approver,
            rating=example,
            level=RatingLevel.EXCELLENT,
            comment="Xuất sắc.",
            general_points=Decimal("28"),
        )
    assert exc.value.code == "excellent_quota"
    assert "1 xuất sắc so với 4 hoàn thành tốt (tối đa 0)" in exc.value.message
    example.refresh_from_db()
    assert example.level == ""
    rating_decide(
        actor=stage.approver,
        rating=example,
        level=RatingLevel.EXCELLENT,
        comment="Xuất sắc.",
        general_points=Decimal("28"),
        quota_exception="Đơn vị dẫn đầu khối thi đua, tạo chuyển biến nổi trội.",
    )
    example.refresh_from_db()
    assert example.level == RatingLevel.EXCELLENT
    assert example.quota_exception.startswith("Đơn vị dẫn đầu")
    assert example.history.first().quota_exception == example.quota_exception  # audited


def test_within_the_quota_no_exception_is_asked(world, stage, example):
    rated_good(example, 5)  # 5 good allow 1 excellent
    rating_decide(
        actor=stage.approver,
        rating=example,
        level=RatingLevel.EXCELLENT,
        comment="Xuất sắc.",
        general_points=Decimal("28"),
    )
    example.refresh_from_db()
    assert example.level == RatingLevel.EXCELLENT and example.quota_exception == ""


def test_a_recorded_ground_allows_only_not_completed_and_the_proposal_follows(world, stage, example):
    with pytest.raises(ApplicationError) as exc:
        rating_decide(
            actor=stage.approver,
            rating=example,
            level=RatingLevel.GOOD,
            comment="Tốt.",
            general_points=Decimal("28"),
            grounds=["discipline"],
        )
    assert exc.value.code == "disqualified"
    assert "Bị kỷ luật bằng hình thức từ khiển trách trở lên" in exc.value.message
    with pytest.raises(ApplicationError) as exc:
        rating_decide(
            actor=stage.approver,
            rating=example,
            level=RatingLevel.NOT_COMPLETED,
            comment="Kỷ luật.",
            general_points=Decimal("28"),
            grounds=["made-up"],
        )
    assert exc.value.code == "invalid_ground"
    rating_decide(
        actor=stage.approver,
        rating=example,
        level=RatingLevel.NOT_COMPLETED,
        comment="Bị kỷ luật khiển trách trong năm.",
        general_points=Decimal("28"),
        grounds=["discipline"],
    )
    rating_propose(actor=stage.organizer, year=2026, unit=world.province)
    example.refresh_from_db()
    # 95.67 points, but the ground decides
    assert example.grounds == ["discipline"]
    assert example.proposed_level == RatingLevel.NOT_COMPLETED
    assert "Thuộc trường hợp không hoàn thành nhiệm vụ" in example.proposal_reason
