"""A leader's conditions read the units they head (Regulation 366, Art. 11), and the "excellent" quota is
counted per unit and per group of similar duties (Decree 335)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from dotpha.core.errors import ApplicationError
from dotpha.org.models import Position
from dotpha.org.tests.factories import CadreFactory
from dotpha.programmes.models import Grade
from dotpha.ratings.models import AnnualRating, DutyGroup, RatingLevel
from dotpha.ratings.services import rating_decide, rating_propose, rating_set_duty_group
from dotpha.ratings.tests.conftest import year_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def director(world, stage):
    """Nguyễn Văn Hùng heads Sở Nội vụ; his own two tasks are excellent and on time."""
    Position.objects.filter(name="Giám đốc").update(is_head=True)
    hung = stage.unit_manager.cadre
    year_tasks(stage, 2026, [Grade.EXCELLENT, Grade.EXCELLENT], cadre=hung)
    return hung


def propose_and_score(world, stage, cadre, general=Decimal(28)):
    rating_propose(actor=stage.organizer, year=2026, unit=world.province)
    rating = AnnualRating.objects.get(year=2026, cadre=cadre)
    rating.general_points = general
    rating.save()
    rating_propose(actor=stage.organizer, year=2026, unit=world.province)
    rating.refresh_from_db()
    return rating


def test_a_head_is_excellent_when_the_unit_he_leads_is(world, stage, director):
    year_tasks(stage, 2026, [Grade.GOOD], unit=world.home_affairs, ahead={0})  # the department's own task
    year_tasks(stage, 2026, [Grade.GOOD])  # his deputy's task
    rating = propose_and_score(world, stage, director)
    assert [i["label"] for i in rating.led_inputs] == ["Việc tập thể 1/2026", "Việc 1/2026"]
    assert rating.led_inputs[1]["note"] == "Đặng Thị Hạnh, Sở Nội vụ"
    assert "đơn vị trực tiếp lãnh đạo: 2/2 hoàn thành, 2 đúng hạn, 1 vượt yêu cầu" in rating.proposal_reason
    assert rating.proposed_level == RatingLevel.EXCELLENT  # 4 tasks, all on time, 3 exceeding
    assert rating.duty_group == DutyGroup.HEAD


def test_a_late_task_in_the_unit_keeps_its_head_from_excellent_and_good(world, stage, director):
    # his deputy's task, reported done on 04/12/2026, after its deadline (Monday 30/11): completed late
    year_tasks(stage, 2026, [Grade.COMPLETED], reported={0: datetime.date(2026, 12, 4)})
    rating = propose_and_score(world, stage, director)
    # his own points: 28 + 70 = 98, his own tasks all on time; the unit's one late task of three overall
    assert "98.00 điểm" in rating.proposal_reason
    assert rating.led_inputs[0]["late"] is True
    # excellent and good read the unit too (1 of 3 behind); "hoàn thành" reads his own tasks, all on time
    assert rating.proposed_level == RatingLevel.COMPLETED
    assert "Hoàn thành tốt nhiệm vụ: chưa đủ 100% đúng hạn" in rating.proposal_reason


def test_a_late_milestone_in_the_unit_does_not_put_its_head_behind(world, stage, director):
    # the unit's collective task, done on time (reported 20/11/2026) with a milestone a week late
    year_tasks(
        stage,
        2026,
        [Grade.GOOD],
        unit=world.home_affairs,
        late={0},
        reported={0: datetime.date(2026, 11, 20)},
    )
    rating = propose_and_score(world, stage, director)
    assert rating.led_inputs[0]["delays"] == 1 and rating.led_inputs[0]["late"] is False
    assert "đơn vị trực tiếp lãnh đạo: 1/1 hoàn thành, 1 đúng hạn, 0 vượt yêu cầu" in rating.proposal_reason
    assert rating.proposed_level == RatingLevel.EXCELLENT  # 3 tasks, all on time, 2 exceeding


def test_a_cadre_who_heads_nothing_is_read_from_their_own_tasks(world, stage, director):
    year_tasks(stage, 2026, [Grade.GOOD, Grade.GOOD, Grade.GOOD, Grade.GOOD, Grade.EXCELLENT])
    rating = propose_and_score(world, stage, stage.cadre.cadre)
    assert rating.led_inputs == [] and rating.duty_group == DutyGroup.DEPUTY
    assert rating.proposed_level == RatingLevel.GOOD  # 98 points, 1 of 5 exceeding (< 30%)


def test_the_page_shows_the_led_units_counts(world, stage, director, client):
    year_tasks(stage, 2026, [Grade.GOOD], unit=world.home_affairs)
    rating = propose_and_score(world, stage, director)
    client.force_login(stage.approver)
    page = client.get(reverse("ratings:detail", args=[rating.pk])).text
    assert "Đơn vị trực tiếp lãnh đạo" in page and "1/1 nhiệm vụ hoàn thành, 1 đúng hạn" in page
    assert re.search(r'<tr data-led-task="\d+"><td><a [^>]*>Việc tập thể 1/2026</a>', page)


def rated(example, level, group, n):
    return [
        AnnualRating.objects.create(
            cadre=CadreFactory.create(managing_unit=example.authority_unit),
            year=2026,
            authority_unit=example.authority_unit,
            scheme=example.scheme,
            duty_group=group,
            level=level,
        )
        for _ in range(n)
    ]


@pytest.fixture
def deputy(world, stage):
    year_tasks(stage, 2026, [Grade.EXCELLENT, Grade.EXCELLENT])
    rating_propose(actor=stage.organizer, year=2026, unit=world.province)
    return AnnualRating.objects.get(year=2026)


def test_the_quota_is_counted_per_group_of_similar_duties(world, stage, deputy):
    assert deputy.duty_group == DutyGroup.DEPUTY
    rated(
        deputy, RatingLevel.GOOD, DutyGroup.STAFF, 5
    )  # five good staff allow one excellent among staff only
    with pytest.raises(ApplicationError) as exc:
        rating_decide(
            actor=stage.approver,
            rating=deputy,
            level=RatingLevel.EXCELLENT,
            comment="Xuất sắc.",
            general_points=Decimal(28),
        )
    assert exc.value.code == "excellent_quota"
    assert "nhóm Cấp phó, lãnh đạo, quản lý: 1 xuất sắc so với 0 hoàn thành tốt" in exc.value.message
    rated(deputy, RatingLevel.GOOD, DutyGroup.DEPUTY, 5)
    rating_decide(
        actor=stage.approver,
        rating=deputy,
        level=RatingLevel.EXCELLENT,
        comment="Xuất sắc.",
        general_points=Decimal(28),
    )
    deputy.refresh_from_db()
    assert deputy.level == RatingLevel.EXCELLENT and deputy.quota_exception == ""


def test_the_organizer_sets_the_group_and_the_proposal_keeps_it(world, stage, deputy):
    for actor in (stage.cadre, stage.approver, stage.unit_manager):
        with pytest.raises(ApplicationError) as exc:
            rating_set_duty_group(actor=actor, rating=deputy, duty_group=DutyGroup.STAFF)
        assert exc.value.code == "forbidden"
    with pytest.raises(ApplicationError) as exc:
        rating_set_duty_group(actor=stage.organizer, rating=deputy, duty_group="boss")
    assert exc.value.code == "invalid_duty_group"
    rating_set_duty_group(actor=stage.organizer, rating=deputy, duty_group=DutyGroup.STAFF)
    rating_propose(actor=stage.organizer, year=2026, unit=world.province)
    deputy.refresh_from_db()
    assert deputy.duty_group == DutyGroup.STAFF
    assert deputy.history.filter(history_change_reason="Xác định nhóm chức trách tương đồng").exists()


def test_the_quota_table_by_group_on_the_list_and_the_group_form(world, stage, deputy, client):
    deputy = propose_and_score(world, stage, deputy.cadre)
    assert deputy.proposed_level == RatingLevel.EXCELLENT
    rated(deputy, RatingLevel.EXCELLENT, DutyGroup.STAFF, 1)
    rated(deputy, RatingLevel.GOOD, DutyGroup.STAFF, 5)
    client.force_login(stage.approver)
    html = client.get(reverse("ratings:list"), {"year": 2026}).text
    assert re.search(r'data-unit-quota="within" data-group="staff"', html)
    assert re.search(r'data-unit-quota="over" data-group="deputy"', html)  # proposed excellent, no good
    assert 'id="group-form"' not in client.get(reverse("ratings:detail", args=[deputy.pk])).text
    client.force_login(stage.organizer)
    assert 'id="group-form"' in client.get(reverse("ratings:detail", args=[deputy.pk])).text
    response = client.post(reverse("ratings:duty_group", args=[deputy.pk]), {"duty_group": DutyGroup.STAFF})
    assert response.status_code == 302
    deputy.refresh_from_db()
    assert deputy.duty_group == DutyGroup.STAFF and deputy.duty_group_set
    client.force_login(stage.cadre)
    response = client.post(reverse("ratings:duty_group", args=[deputy.pk]), {"duty_group": DutyGroup.HEAD})
    assert response.status_code == 403
    deputy.refresh_from_db()
    assert deputy.duty_group == DutyGroup.STAFF
