"""Each monitoring assignment feeds the annual cadre rating as one scored product: graded by the commune's
year-end form, its progress losing 25% for the plan or a report sent late (or not sent once due) and for a
year without a visit; every delay named, so the rating's points trace to the records."""

from decimal import Decimal

import pytest
from django.urls import reverse

from dotpha.monitoring.models import CompletionLevel, VisitKind
from dotpha.monitoring.services import (
    commune_feedback_submit,
    monitoring_plan_submit,
    monitoring_report_submit,
    visit_log,
)

pytestmark = pytest.mark.django_db


def hanh_inputs(stage):
    from dotpha.ratings.inputs import gather

    found = gather(year=stage.year.year, cadre_ids=[stage.hanh.pk])[stage.hanh.pk]
    return [i for i in found if i.source == "monitoring"]


def send_form(stage, level, **extra):
    return commune_feedback_submit(
        actor=stage.committee,
        year=stage.year,
        commune=stage.world.commune,
        cadre=stage.hanh,
        completion_level=level,
        comments="Nhận xét.",
        today=stage.day(12, 10),
        **extra,
    )


def report(stage, period, day):
    monitoring_report_submit(
        actor=stage.cadre_user, assignment=stage.tan_lap, report_period=period, content="Kết quả.", today=day
    )


def test_an_assignment_done_on_time_is_one_graded_input(stage):
    from dotpha.ratings.inputs import rated_cadres

    user = stage.cadre_user
    monitoring_plan_submit(
        actor=user, assignment=stage.tan_lap, year=stage.year, content="Kế hoạch.", today=stage.day(1, 20)
    )
    visit_log(
        actor=user,
        assignment=stage.tan_lap,
        visit_date=stage.day(3, 10),
        kind=VisitKind.WORKING_VISIT,
        content="Làm việc với Đảng ủy xã.",
        today=stage.day(3, 10),
    )
    report(stage, stage.half_year, stage.day(6, 18))
    report(stage, stage.year_end, stage.day(12, 10))
    form = send_form(stage, CompletionLevel.EXCELLENT, proposes_commendation=True)
    assert stage.hanh.pk in rated_cadres(year=stage.year.year, managing_paths=[stage.world.standing.path])
    [item] = hanh_inputs(stage)
    assert (item.grade, item.ref, item.url) == (
        "excellent",
        stage.tan_lap.pk,
        f"/monitoring/feedback/{form.pk}/",
    )
    assert item.label == "Theo dõi Xã Tân Lập (năm 2026)"
    assert item.note == "1 lượt đi cơ sở trong năm; Đảng ủy xã đề nghị biểu dương, khen thưởng"
    assert (item.delays, item.delay_notes, item.on) == (0, "", "2026-12-10")


def test_late_work_and_no_visit_cost_progress_and_the_rating_scores_it(stage, client):
    from dotpha.ratings.models import AnnualRating
    from dotpha.ratings.points import rating_breakdown
    from dotpha.ratings.services import rating_propose

    user = stage.cadre_user
    monitoring_plan_submit(
        actor=user, assignment=stage.tan_lap, year=stage.year, content="Kế hoạch.", today=stage.day(2, 10)
    )
    report(stage, stage.half_year, stage.day(6, 25))
    report(stage, stage.year_end, stage.day(12, 10))
    send_form(stage, CompletionLevel.COMPLETED)
    [item] = hanh_inputs(stage)
    assert item.delay_notes.split("; ") == [
        "kế hoạch gửi 10/02/2026, hạn 04/02/2026",  # assigned 05/01: 30 days
        "Báo cáo 6 tháng đầu năm gửi 25/06/2026, hạn 20/06/2026",
        "chưa đi cơ sở lần nào trong năm",
    ]
    # the only product of her year: quantity 1, quality 1, progress 1 − 3 × 25% = 0.25: (2.25 / 3) × 70
    rating_propose(actor=stage.organizer, year=stage.year.year, unit=stage.world.province)
    rating = AnnualRating.objects.get(cadre=stage.hanh, year=stage.year.year)
    breakdown = rating_breakdown(rating)
    assert breakdown is not None
    assert breakdown.tasks.points == Decimal("52.50")
    assert [q.task_points for q in breakdown.quarters] == [None, None, None, Decimal("52.50")]
    client.force_login(stage.cadre_user)
    page = client.get(reverse("ratings:detail", args=[rating.pk])).text
    assert f'data-task-points="{stage.tan_lap.pk}"' in page and "chưa đi cơ sở lần nào trong năm" in page


def test_an_assignment_without_a_form_is_not_evaluated_yet(stage):
    [item] = hanh_inputs(stage)
    assert item.grade == "" and item.url == f"/monitoring/assignments/{stage.tan_lap.pk}/"
    assert item.on == "2026-12-31"
