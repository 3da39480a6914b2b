"""The documented rule that proposes a rating level from the year's graded results."""

import pytest

from dotpha.programmes.models import Grade
from dotpha.ratings.inputs import RatingInput
from dotpha.ratings.models import RatingLevel
from dotpha.ratings.rules import propose_level


def inputs(*grades: str, ahead: int = 0) -> list[RatingInput]:
    return [
        RatingInput(source="task", label=f"Việc {i}", grade=g, ahead_of_plan=i < ahead)
        for i, g in enumerate(grades)
    ]


E, G, C, N = Grade.EXCELLENT, Grade.GOOD, Grade.COMPLETED, Grade.NOT_COMPLETED


@pytest.mark.parametrize(
    ("grades", "ahead", "level"),
    [
        ((), 0, ""),
        (("",), 0, ""),  # not evaluated yet: no basis
        ((E, E, G), 0, RatingLevel.EXCELLENT),
        ((E, G), 0, RatingLevel.EXCELLENT),  # half excellent is enough
        ((G, G, E), 0, RatingLevel.GOOD),
        ((G, G), 1, RatingLevel.EXCELLENT),  # good and ahead of plan counts as outstanding
        ((G, G, G), 0, RatingLevel.GOOD),
        ((E, E, C), 0, RatingLevel.COMPLETED),
        ((G, N), 0, RatingLevel.COMPLETED),  # exactly half not completed
        ((N, N, G), 0, RatingLevel.NOT_COMPLETED),
        ((E, G, "", ""), 0, RatingLevel.EXCELLENT),  # the ungraded do not weigh
    ],
)
def test_the_proposed_level(grades, ahead, level):
    assert propose_level(inputs(*grades, ahead=ahead)).level == level


def test_the_reason_gives_the_counts_and_flags_many_failures():
    proposal = propose_level(inputs(G, G, N, C))
    assert proposal.level == RatingLevel.COMPLETED
    assert "4 kết quả được đánh giá: 0 xuất sắc, 2 tốt, 1 hoàn thành, 1 không hoàn thành" in proposal.reason
    assert "quá 20% không hoàn thành" in proposal.reason


def test_inputs_round_trip_through_json():
    item = RatingInput(source="monitoring", label="Phiếu nhận xét", grade=G, note="đề nghị biểu dương")
    assert RatingInput.from_json(item.as_json()) == item
