"""The clauses of a scored rating scheme (Quy định 366-QĐ/TW, Điều 11; Nghị định 335/2025/NĐ-CP), one small
function each, reading the numbers from the `RatingScheme` row.

- Levels by points: hoàn thành xuất sắc from `excellent_min` (90), hoàn thành tốt from `good_min` (70),
  hoàn thành from `completed_min` (50), under it không hoàn thành.
- Each level also has conditions on the tasks (366, Điều 11): xuất sắc needs 100% of tasks completed on time
  with quality and at least `exceeding_min_percent` (30%) exceeding requirements; tốt needs 100% on time with
  quality; hoàn thành needs 100% completed with at most `behind_max_percent` (20%) behind schedule.
- A cadre whose points reach a level but whose tasks miss its conditions gets the highest lower level whose
  points and conditions both hold (the texts define each level as "points and conditions"), down to không
  hoàn thành.
- Any of the scheme's disqualifying grounds (discipline, degradation conclusions, …) gives không hoàn thành
  whatever the points.
- The quota (335, Điều on tỷ lệ): "excellent" at most `excellent_quota_percent` (20%) of the number rated
  "good" in the same unit and group of similar duties, unless the authority states the exception the decree
  allows for outstanding units.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from dotpha.core.templatetags.numbers import number
from dotpha.ratings.models import RatingLevel, RatingScheme


@dataclass(frozen=True)
class TaskFacts:
    """Counts over the tasks a cadre was assigned in the period."""

    assigned: int
    completed: int
    on_time: int  # completed, and not behind schedule itself (`RatingInput.late`)
    with_quality: int  # completed meeting the quality requirement
    exceeding: int  # completed beyond requirements (excellent, or ahead of plan)

    @property
    def behind(self) -> int:
        return self.completed - self.on_time

    def __add__(self, other: "TaskFacts") -> "TaskFacts":
        return TaskFacts(
            assigned=self.assigned + other.assigned,
            completed=self.completed + other.completed,
            on_time=self.on_time + other.on_time,
            with_quality=self.with_quality + other.with_quality,
            exceeding=self.exceeding + other.exceeding,
        )


@dataclass(frozen=True)
class Classification:
    level: str
    reasons: list[str]


def level_by_points(scheme: RatingScheme, points: Decimal) -> str:
    if points >= scheme.excellent_min:
        return RatingLevel.EXCELLENT
    if points >= scheme.good_min:
        return RatingLevel.GOOD
    if points >= scheme.completed_min:
        return RatingLevel.COMPLETED
    return RatingLevel.NOT_COMPLETED


def _all_on_time_with_quality(facts: TaskFacts) -> bool:
    return facts.on_time == facts.assigned and facts.with_quality == facts.assigned


def meets_excellent(scheme: RatingScheme, facts: TaskFacts) -> bool:
    """100% on time with quality, and at least 30% exceeding requirements."""
    return (
        _all_on_time_with_quality(facts)
        and 100 * facts.exceeding >= scheme.exceeding_min_percent * facts.assigned
    )


def meets_good(scheme: RatingScheme, facts: TaskFacts) -> bool:
    """100% on time with quality."""
    return _all_on_time_with_quality(facts)


def meets_completed(scheme: RatingScheme, facts: TaskFacts) -> bool:
    """100% completed, at most 20% behind schedule."""
    return (
        facts.completed == facts.assigned and 100 * facts.behind <= scheme.behind_max_percent * facts.assigned
    )


_CONDITIONS = [
    (
        RatingLevel.EXCELLENT,
        meets_excellent,
        "chưa đủ 100% đúng hạn, bảo đảm chất lượng và từ {p}% vượt yêu cầu",
    ),
    (RatingLevel.GOOD, meets_good, "chưa đủ 100% đúng hạn, bảo đảm chất lượng"),
    (RatingLevel.COMPLETED, meets_completed, "chưa hoàn thành 100% hoặc quá {b}% chậm tiến độ"),
]


def classify(
    scheme: RatingScheme,
    *,
    points: Decimal,
    facts: TaskFacts,
    grounds: list[str],
    led: TaskFacts | None = None,
) -> Classification:
    """The level from points, conditions and disqualifying grounds, with the reasons in the users' words.

    `led`: the results of the units a head leads (Regulation 366, Art. 11), which the conditions of
    "xuất sắc" and "tốt" read with the head's own tasks; "hoàn thành" reads the head's own tasks, so a staff
    member's open task never makes the head "không hoàn thành"."""
    if grounds:
        labels = "; ".join(scheme.ground_label(code) for code in grounds)
        return Classification(
            RatingLevel.NOT_COMPLETED, [f"Thuộc trường hợp không hoàn thành nhiệm vụ: {labels}."]
        )
    by_points = level_by_points(scheme, points)
    reasons = [f"{points:.2f} điểm: mức theo điểm là {RatingLevel(by_points).label}."]
    reached = False
    for level, condition, missing in _CONDITIONS:
        reached = reached or level == by_points
        if not reached:
            continue
        read = facts + led if led is not None and level != RatingLevel.COMPLETED else facts
        if condition(scheme, read):
            return Classification(level, reasons)
        reasons.append(
            f"{RatingLevel(level).label}: "
            + missing.format(p=scheme.exceeding_min_percent, b=scheme.behind_max_percent)
            + "."
        )
    return Classification(RatingLevel.NOT_COMPLETED, reasons)


def _points(value: Decimal) -> str:
    """90.00 as "90", 92.50 as "92,5" (in the page's language): a threshold as the province set it."""
    return number(Decimal(value).normalize())


def rule_steps(scheme: RatingScheme) -> list[str]:
    """The clauses in the users' words, with this scheme's numbers, shown beside every proposal (in the page's
    language; the scheme's and its groups' names are data)."""
    groups = "; ".join(
        _("%(group)s %(points)s điểm") % {"group": g.name, "points": _points(g.points)}
        for g in scheme.groups.all()
    )
    numbers = {
        "excellent": _points(scheme.excellent_min),
        "good": _points(scheme.good_min),
        "completed": _points(scheme.completed_min),
        "exceeding": scheme.exceeding_min_percent,
        "behind": scheme.behind_max_percent,
        "quota": scheme.excellent_quota_percent,
        "delay": scheme.delay_penalty_percent,
    }
    steps = [
        _("%(scheme)s. Thang điểm 100: %(groups)s.") % {"scheme": scheme.name, "groups": groups},
        _(
            "Điểm kết quả thực hiện nhiệm vụ tính theo từng việc: số lượng, chất lượng, tiến độ; mỗi lần "
            "chậm (một mốc hoặc hạn hoàn thành) trừ %(delay)s%% điểm tiến độ của việc đó."
        )
        % numbers,
        _(
            "Việc chậm tiến độ (điều kiện của các mức) là việc hoàn thành sau hạn, theo ngày làm việc: "
            "trạng thái “Hoàn thành chậm” trên trang nhiệm vụ; mốc chậm chỉ trừ điểm tiến độ."
        ),
        _(
            "Hoàn thành xuất sắc: từ %(excellent)s điểm, 100%% nhiệm vụ đúng hạn, bảo đảm chất lượng, ít "
            "nhất %(exceeding)s%% vượt yêu cầu."
        )
        % numbers,
        _(
            "Hoàn thành tốt: từ %(good)s đến dưới %(excellent)s điểm, 100%% nhiệm vụ đúng hạn, bảo đảm chất "
            "lượng."
        )
        % numbers,
        _(
            "Hoàn thành: từ %(completed)s đến dưới %(good)s điểm, hoàn thành 100%% nhiệm vụ, không quá "
            "%(behind)s%% chậm tiến độ."
        )
        % numbers,
        _(
            "Không hoàn thành: dưới %(completed)s điểm, không đạt điều kiện của mức nào, hoặc thuộc trường "
            "hợp kỷ luật, suy thoái đã nêu."
        )
        % numbers,
        _(
            "Số hoàn thành xuất sắc không quá %(quota)s%% số hoàn thành tốt trong cùng đơn vị và cùng nhóm "
            "chức trách tương đồng; vượt tỷ lệ phải nêu lý do thuộc trường hợp được phép."
        )
        % numbers,
    ]
    if scheme.year_method == "quarter_average":
        steps.append(
            _(
                "Điểm năm: trung bình cộng điểm các quý có kết quả; mỗi việc tính vào quý báo cáo hoàn thành "
                "(100%), chưa báo cáo thì quý đến hạn."
            )
        )
    if scheme.leader_reads_led_units:
        steps.append(
            _(
                "Người đứng đầu: điều kiện của mức xuất sắc và mức tốt tính cả nhiệm vụ của tập thể và "
                "cán bộ đơn vị mình trực tiếp lãnh đạo."
            )
        )
    return steps


def excellent_allowed(scheme: RatingScheme, good: int) -> int:
    """How many "excellent" the quota allows beside `good` cadres rated "good" (rounded down)."""
    return scheme.excellent_quota_percent * good // 100


def over_quota(scheme: RatingScheme, *, excellent: int, good: int) -> bool:
    return excellent > excellent_allowed(scheme, good)
