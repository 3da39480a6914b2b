"""The rule that proposes a cadre's rating level from the year's graded results.

Modelled on the criteria of Decree 90/2020/NĐ-CP (amended by Decree 48/2023/NĐ-CP) for leaders: results
"vượt mức" for excellence, "100% on time with quality" for good, "basically completed" for completed, and
"more than half not ensured" for not completed. Only graded inputs count (a task not evaluated yet is shown
but does not weigh). With n graded inputs:

1. no graded input: no proposal (the authority decides from other grounds);
2. more than half graded "not completed": Không hoàn thành nhiệm vụ;
3. every input completed well or excellently, and at least half excellent or ahead of plan:
   Hoàn thành xuất sắc nhiệm vụ;
4. every input completed well or excellently: Hoàn thành tốt nhiệm vụ;
5. otherwise: Hoàn thành nhiệm vụ (flagged for the authority's attention when more than a fifth of the
   inputs are "not completed", the tolerance Decree 90 gives this level).

The proposal is a starting point: the authority sets the final level with its comment (and applies the
caps the party's rules put on the share of "excellent" ratings).
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from dotpha.programmes.models import Grade
from dotpha.ratings.inputs import RatingInput
from dotpha.ratings.models import RatingLevel

# The rule in the users' words, shown beside every proposal.
RULE_STEPS = [
    _("Chỉ tính các kết quả đã được cấp có thẩm quyền đánh giá."),
    _("Quá nửa số kết quả không hoàn thành: Không hoàn thành nhiệm vụ."),
    _(
        "Tất cả từ hoàn thành tốt trở lên, trong đó từ một nửa hoàn thành xuất sắc (hoặc hoàn thành tốt "
        "và trước kế hoạch): Hoàn thành xuất sắc nhiệm vụ."
    ),
    _("Tất cả từ hoàn thành tốt trở lên: Hoàn thành tốt nhiệm vụ."),
    _("Các trường hợp còn lại: Hoàn thành nhiệm vụ (lưu ý khi quá 20% không hoàn thành)."),
    _("Mức đề xuất là căn cứ; cấp có thẩm quyền quyết định mức xếp loại kèm nhận xét."),
]


@dataclass(frozen=True)
class Proposal:
    level: str  # a RatingLevel value, or "" without a graded input
    reason: str


def propose_level(inputs: Sequence[RatingInput]) -> Proposal:
    graded = [i for i in inputs if i.grade]
    n = len(graded)
    if n == 0:
        return Proposal("", "Chưa có kết quả được đánh giá: chưa đủ căn cứ đề xuất.")
    counts = {g: sum(1 for i in graded if i.grade == g) for g in Grade.values}
    failed = counts[Grade.NOT_COMPLETED]
    well = counts[Grade.EXCELLENT] + counts[Grade.GOOD]
    outstanding = sum(
        1 for i in graded if i.grade == Grade.EXCELLENT or (i.ahead_of_plan and i.grade == Grade.GOOD)
    )
    summary = (
        f"{n} kết quả được đánh giá: {counts[Grade.EXCELLENT]} xuất sắc, {counts[Grade.GOOD]} tốt, "
        f"{counts[Grade.COMPLETED]} hoàn thành, {failed} không hoàn thành"
    )
    if 2 * failed > n:
        return Proposal(RatingLevel.NOT_COMPLETED, f"{summary}; quá nửa không hoàn thành.")
    if well == n and 2 * outstanding >= n:
        return Proposal(RatingLevel.EXCELLENT, f"{summary}; tất cả từ tốt trở lên, từ một nửa xuất sắc.")
    if well == n:
        return Proposal(RatingLevel.GOOD, f"{summary}; tất cả từ tốt trở lên.")
    note = "; cần cấp có thẩm quyền xem xét (quá 20% không hoàn thành)" if 5 * failed > n else ""
    return Proposal(RatingLevel.COMPLETED, f"{summary}{note}.")
