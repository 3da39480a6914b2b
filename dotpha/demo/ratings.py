"""The 2026 cadre rating of the demo province (Quy định 366-QĐ/TW, Nghị định 335/2025), through the services
as the demo's accounts would do it at year end:

- the cadres of the standing committee's regulation whose approved 2026 tasks are all reported completed
  self-assess them (their own accounts) and the standing committee grades them (thuongtruc, or the
  provincial secretary bithu for thuongtruc's own tasks): ahead of plan or every other task on time
  "excellent", the other tasks on time "good", late ones "completed";
- Ban Tổ chức (tochuc) proposes the year's ratings for every cadre with results in 2026;
- the standing committee scores the general criteria of those graded cadres and confirms the level the
  rule gives (of those the rule gives "không hoàn thành", a few); "excellent" beyond the 20% quota of
  Ban Thường vụ is confirmed once with the exception the decree allows, the others beyond it are
  confirmed "good" as long as the unit stays over its quota (the rest wait for the decision) — so the
  quota table shows the unit over its quota, with its reason;
- the proposals are refreshed with the general points.

Seeded; only for a year the demo has reached (2026 or later), and only tasks not graded yet are graded."""

import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from dotpha.accounts.models import User
from dotpha.core.errors import ApplicationError
from dotpha.demo.province import ROOT_CODE
from dotpha.org.models import Unit
from dotpha.programmes.models import Grade, PeriodKind
from dotpha.ratings.clauses import classify, excellent_allowed
from dotpha.ratings.inputs import RatingInput
from dotpha.ratings.models import AnnualRating, RatingLevel
from dotpha.ratings.permissions import can_decide as can_decide_rating
from dotpha.ratings.points import task_points
from dotpha.ratings.services import rating_decide, rating_propose
from dotpha.tasks import services as task_services
from dotpha.tasks.models import Evaluation, Task, TaskStatus
from dotpha.tasks.permissions import can_decide as can_decide_task
from dotpha.tasks.selectors.progress import ProgressState, with_progress

RATED_YEAR = 2026
FAILING_DECIDED = 3
PROGRAMME = "45-QĐ/TU"
COMPLETED = (ProgressState.COMPLETED_ON_TIME, ProgressState.AHEAD_OF_PLAN, ProgressState.COMPLETED_LATE)
EXCEPTION = (
    "Đơn vị có thành tích xuất sắc, nổi trội: dẫn đầu khối thi đua, hoàn thành vượt các chỉ tiêu "
    "nghị quyết năm 2026 (Nghị định 335/2025/NĐ-CP cho phép vượt tỷ lệ)."
)
SELF_TEXTS: dict[str, str] = {
    Grade.EXCELLENT: "Hoàn thành vượt yêu cầu, sản phẩm được đưa vào áp dụng.",
    Grade.GOOD: "Hoàn thành đúng tiến độ, bảo đảm chất lượng.",
    Grade.COMPLETED: "Hoàn thành, còn chậm so với kế hoạch.",
}
COMMENTS: dict[str, str] = {
    RatingLevel.EXCELLENT: "Hoàn thành xuất sắc các việc đột phá được giao, đúng tiến độ, vượt yêu cầu.",
    RatingLevel.GOOD: "Hoàn thành tốt nhiệm vụ, các việc được giao đúng tiến độ, bảo đảm chất lượng.",
    RatingLevel.COMPLETED: "Hoàn thành nhiệm vụ; còn việc chậm tiến độ, cần khắc phục.",
    RatingLevel.NOT_COMPLETED: "Chưa hoàn thành nhiệm vụ được giao.",
}
OVER_COMMENT = "Đủ điều kiện hoàn thành xuất sắc theo điểm; xếp hoàn thành tốt do vượt tỷ lệ của đơn vị."


@dataclass
class DemoRatings:
    year: int = RATED_YEAR
    graded_tasks: int = 0
    proposed: int = 0
    decided: int = 0
    over_quota: list[str] = field(default_factory=list)  # units confirmed beyond the excellent quota

    def summary(self) -> str:
        if not self.proposed:
            return f"Xếp loại cán bộ năm {self.year}: chưa đến năm xếp loại."
        return (
            f"Xếp loại cán bộ năm {self.year}: {self.graded_tasks} việc được đánh giá, "
            f"{self.proposed} đề xuất, {self.decided} đã quyết định; "
            f"vượt tỷ lệ xuất sắc: {', '.join(self.over_quota) or 'không'}."
        )


def _grade(state: str, n: int) -> str:
    if state == ProgressState.COMPLETED_LATE:
        return Grade.COMPLETED
    if state == ProgressState.AHEAD_OF_PLAN or n % 2 == 0:
        return Grade.EXCELLENT
    return Grade.GOOD


def _grade_completed_tasks(today, approvers: list[User]) -> tuple[int, set[int]]:
    """Grades the 2026 tasks of the cadres whose approved tasks of the year are all completed; returns how
    many were graded and those cadres."""
    tasks = with_progress(
        Task.objects.filter(
            programme__number=PROGRAMME,
            period__kind=PeriodKind.YEAR,
            period__start_date__year=RATED_YEAR,
            status=TaskStatus.APPROVED,
            assignee_cadre__isnull=False,
        ),
        today,
    ).order_by("pk")
    by_cadre: dict[int, list[Task]] = defaultdict(list)
    for task in tasks:
        if task.assignee_cadre_id is not None:
            by_cadre[task.assignee_cadre_id].append(task)
    done = {
        cadre: items
        for cadre, items in by_cadre.items()
        if all(t.progress in (*COMPLETED, ProgressState.EVALUATED) for t in items)  # type: ignore[attr-defined]
    }
    users = {u.cadre_id: u for u in User.objects.filter(cadre_id__in=list(done), is_active=True)}
    graded = 0
    n = 0
    for cadre_id, items in done.items():
        for task in items:
            state = task.progress  # type: ignore[attr-defined]
            if state == ProgressState.EVALUATED:
                continue  # graded already (a demo loaded after the year ended)
            grade = _grade(state, n)
            n += 1
            evaluation = Evaluation.objects.filter(task=task).first()
            if evaluation is None or not evaluation.self_grade:
                doer = users.get(cadre_id)
                if doer is None:
                    break
                task_services.task_self_assess(
                    actor=doer, task=task, self_grade=grade, self_assessment=SELF_TEXTS[grade]
                )
            decider = next((u for u in approvers if can_decide_task(u, task)), None)
            if decider is None:
                break
            task_services.task_evaluate(actor=decider, task=task, grade=grade, comment=SELF_TEXTS[grade])
            graded += 1
    return graded, set(done)


def _level(rating: AnnualRating, general: Decimal) -> str:
    """The level the scheme's rule gives with these general points (what the authority confirms)."""
    scheme = rating.scheme
    assert scheme is not None
    scored = task_points(scheme, [RatingInput.from_json(item) for item in rating.inputs])
    return classify(scheme, points=general + scored.points, facts=scored.facts, grounds=[]).level


def build_demo_ratings(seed: int = 2025, today=None) -> DemoRatings:
    """Needs the demo province and its tasks (`build_demo_tasks`)."""
    today = today or timezone.localdate()
    demo = DemoRatings()
    if today.year < RATED_YEAR:
        return demo
    rng = random.Random(seed * 7 + RATED_YEAR)
    approvers = list(User.objects.filter(username__in=["thuongtruc", "bithu"]).order_by("username"))
    approvers.sort(key=lambda u: u.username != "thuongtruc")  # thuongtruc first, bithu for his own
    demo.graded_tasks, graded_cadres = _grade_completed_tasks(today, approvers)
    organizer = User.objects.get(username="tochuc")
    run = rating_propose(actor=organizer, year=RATED_YEAR, unit=Unit.objects.get(code=ROOT_CODE))
    demo.proposed = run.created + run.updated + run.unchanged
    ratings = list(
        AnnualRating.objects.filter(year=RATED_YEAR, cadre_id__in=graded_cadres, level="")
        .select_related("cadre__managing_unit", "authority_unit", "scheme")
        .order_by("cadre__full_name", "pk")
    )
    planned = []
    for rating in ratings:
        general = Decimal(rng.choice([24, 25, 26, 27, 28, 28, 29]))
        planned.append((rating, general, _level(rating, general)))
    # a cadre whose only task was completed after its deadline is "không hoàn thành" by the rule (over
    # 20% behind schedule; a late milestone alone costs progress points only): the authority decides a few
    # of those, the others wait; then the other levels, then "excellent" unit by unit: within the quota as
    # the rule gives, the first beyond it with the stated exception, the rest confirmed "good"
    failing = [p for p in planned if p[2] == RatingLevel.NOT_COMPLETED]
    planned = [p for p in planned if p[2] != RatingLevel.NOT_COMPLETED] + failing[:FAILING_DECIDED]
    planned.sort(key=lambda p: p[2] == RatingLevel.EXCELLENT)
    # the quota is counted per unit and group of similar duties
    good: dict[tuple[int, str], int] = defaultdict(int)
    excellent: dict[tuple[int, str], int] = defaultdict(int)
    for rating, general, level in planned:
        decider = next((u for u in approvers if can_decide_rating(u, rating)), None)
        if decider is None:
            continue
        unit = rating.authority_unit
        key = (unit.pk, rating.duty_group)
        exception = ""
        comment = COMMENTS[RatingLevel(level)]
        beyond = (
            level == RatingLevel.EXCELLENT
            and rating.scheme is not None
            and excellent[key] + 1 > excellent_allowed(rating.scheme, good[key])
        )
        if beyond and unit.name in demo.over_quota:
            assert rating.scheme is not None
            if excellent[key] <= excellent_allowed(rating.scheme, good[key] + 1):
                continue  # one more "good" would bring the unit within its quota: this one waits
            level, comment = RatingLevel.GOOD, OVER_COMMENT
        elif beyond:
            exception = EXCEPTION
            demo.over_quota.append(unit.name)
        try:
            rating_decide(
                actor=decider,
                rating=rating,
                level=level,
                comment=comment,
                general_points=general,
                quota_exception=exception,
            )
        except ApplicationError:
            continue  # a rule the demo did not foresee: the rating stays waiting for the decision
        demo.decided += 1
        if level == RatingLevel.GOOD:
            good[key] += 1
        elif level == RatingLevel.EXCELLENT:
            excellent[key] += 1
    rating_propose(actor=organizer, year=RATED_YEAR, unit=Unit.objects.get(code=ROOT_CODE))
    return demo
