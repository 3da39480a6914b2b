"""The general criteria (30 points) as a checklist in three columns: the cadre's self-score, the unit's
proposal (the organizer of the managing unit), the authority's decision; each line within its maximum, each
change in the history, and the general points the sum of the authority's column."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from dotpha.core.errors import ApplicationError
from dotpha.programmes.models import Grade
from dotpha.ratings.models import AnnualRating, GeneralScore, RatingLevel
from dotpha.ratings.services import rating_decide, rating_propose, rating_self_score, rating_unit_score
from dotpha.ratings.tests.conftest import year_tasks

pytestmark = pytest.mark.django_db

ITEMS = ("politics-ethics", "innovation", "self-criticism")


def scores(*points, comment=""):
    return {
        code: (Decimal(p) if p is not None else None, comment) for code, p in zip(ITEMS, points, strict=True)
    }


@pytest.fixture
def rating(world, stage):
    year_tasks(stage, 2026, [Grade.EXCELLENT, Grade.GOOD, Grade.GOOD, Grade.GOOD, Grade.GOOD], ahead={1})
    rating_propose(actor=stage.organizer, year=2026, unit=world.province)
    return AnnualRating.objects.get(year=2026)


def test_the_2026_scheme_has_the_checklist_of_thirty_points(rating):
    items = list(rating.scheme.items.all())
    assert [i.code for i in items] == list(ITEMS)
    assert sum(i.points for i in items) == 30


def test_three_columns_then_the_general_points_are_the_authoritys_sum(world, stage, rating):
    rating_self_score(actor=stage.cadre, rating=rating, scores=scores(10, 10, 9, comment="Tự nhận."))
    rating_unit_score(actor=stage.organizer, rating=rating, scores=scores(9, 8, 8, comment="Đơn vị đề xuất."))
    rating_decide(
        actor=stage.approver,
        rating=rating,
        level=RatingLevel.GOOD,
        comment="Hoàn thành tốt.",
        general_scores=scores("9", "8.5", "7.5", comment="Quyết định."),
    )
    lines = {s.item.code: s for s in GeneralScore.objects.filter(rating=rating).select_related("item")}
    assert [(lines[c].self_points, lines[c].unit_points, lines[c].decided_points) for c in ITEMS] == [
        (10, 9, 9),
        (10, 8, Decimal("8.5")),
        (9, 8, Decimal("7.5")),
    ]
    assert lines["innovation"].decided_comment == "Quyết định."
    rating.refresh_from_db()
    assert rating.general_points == 25
    # each column's writing is in the line's history, with who and why
    history = lines["innovation"].history.order_by("history_date")
    assert [h.history_change_reason for h in history] == [
        "Cán bộ tự chấm điểm tiêu chí chung",
        "Đơn vị đề xuất điểm tiêu chí chung",
        "Cấp có thẩm quyền quyết định điểm tiêu chí chung",
    ]
    assert [h.history_user for h in history] == [stage.cadre, stage.organizer, stage.approver]
    # 25 + 70 = 95, all on time, 2 of 5 exceeding: the next proposal gives excellent
    rating_propose(actor=stage.organizer, year=2026, unit=world.province)
    rating.refresh_from_db()
    assert rating.proposed_level == RatingLevel.EXCELLENT and "95.00 điểm" in rating.proposal_reason


def test_each_line_is_bounded_by_its_maximum_and_nothing_is_half_saved(world, stage, rating):
    for bad in (scores(11, 5, 5), scores(5, None, 5), scores(5, 5, -1)):
        with pytest.raises(ApplicationError) as exc:
            rating_self_score(actor=stage.cadre, rating=rating, scores=bad)
        assert exc.value.code == "invalid_item_points"
    with pytest.raises(ApplicationError) as exc:
        rating_decide(
            actor=stage.approver,
            rating=rating,
            level=RatingLevel.GOOD,
            comment="Tốt.",
            general_scores=scores(9, 9, 11),
        )
    assert exc.value.code == "invalid_item_points"
    assert "Tự phê bình và phê bình" in exc.value.message and "từ 0 đến 10" in exc.value.message
    assert not GeneralScore.objects.exists()
    rating.refresh_from_db()
    assert rating.level == "" and rating.general_points is None


def test_who_may_write_which_column(world, stage, rating):
    with pytest.raises(ApplicationError) as exc:  # the organizer is not the rated cadre
        rating_self_score(actor=stage.organizer, rating=rating, scores=scores(9, 9, 9))
    assert exc.value.code == "forbidden"
    for actor in (stage.cadre, stage.unit_manager, stage.approver):  # only the managing unit's organizer
        with pytest.raises(ApplicationError) as exc:
            rating_unit_score(actor=actor, rating=rating, scores=scores(9, 9, 9))
        assert exc.value.code == "forbidden"
    rating_decide(
        actor=stage.approver,
        rating=rating,
        level=RatingLevel.GOOD,
        comment="Tốt.",
        general_scores=scores(8, 8, 8),
    )
    with pytest.raises(ApplicationError) as exc:  # after the decision the first two columns are closed
        rating_self_score(actor=stage.cadre, rating=rating, scores=scores(10, 10, 10))
    assert exc.value.code == "already_decided"
    assert GeneralScore.objects.filter(self_points__isnull=False).count() == 0


def test_the_earlier_rule_has_no_checklist(world, stage):
    year_tasks(stage, 2023, [Grade.GOOD])
    rating_propose(actor=stage.organizer, year=2023, unit=world.province)
    rating = AnnualRating.objects.get(year=2023)
    with pytest.raises(ApplicationError) as exc:
        rating_self_score(actor=stage.cadre, rating=rating, scores=scores(9, 9, 9))
    assert exc.value.code == "not_scored"


def checklist_post(prefix, *points, comment=""):
    key = f"{prefix}-" if prefix else ""
    data = {}
    for code, p in zip(ITEMS, points, strict=True):
        data[f"{key}p_{code}"] = p
        data[f"{key}c_{code}"] = comment
    return data


def test_the_page_in_three_columns(world, stage, rating, client):
    client.force_login(stage.cadre)  # the cadre fills their own column
    page = client.get(reverse("ratings:detail", args=[rating.pk])).text
    assert 'id="self-form"' in page and 'name="self-p_innovation"' in page
    assert 'id="unit-form"' not in page and "Lưu mức xếp loại" not in page
    # a value out of range comes back as typed, with the refusal
    response = client.post(
        reverse("ratings:self_score", args=[rating.pk]),
        checklist_post("self", "12", "9", "9", comment="Tự nhận xét"),
    )
    assert response.status_code == 200
    assert "từ 0 đến 10" in response.text
    assert re.search(r'name="self-p_politics-ethics"[^>]*value="12"', response.text)
    assert "Tự nhận xét</textarea>" in response.text
    response = client.post(
        reverse("ratings:self_score", args=[rating.pk]),
        checklist_post("self", "10", "9", "9", comment="Tự nhận xét"),
    )
    assert response.status_code == 302
    client.force_login(stage.organizer)  # the unit's column
    page = client.get(reverse("ratings:detail", args=[rating.pk])).text
    assert 'id="unit-form"' in page and 'id="self-form"' not in page
    assert re.search(r'data-total="self">28[.,]00<', page)
    client.post(reverse("ratings:unit_score", args=[rating.pk]), checklist_post("unit", "9", "8", "8"))
    client.force_login(stage.approver)  # the authority starts from the unit's proposal
    page = client.get(reverse("ratings:detail", args=[rating.pk])).text
    assert re.search(r'name="p_innovation"[^>]*value="8[.,]00"', page)
    assert re.search(r'data-total="unit">25[.,]00<', page)
    post = {"level": RatingLevel.GOOD, "comment": "Hoàn thành tốt.", **checklist_post("", "9", "8", "8")}
    assert client.post(reverse("ratings:decide", args=[rating.pk]), post).status_code == 302
    rating.refresh_from_db()
    assert rating.level == RatingLevel.GOOD and rating.general_points == 25
    page = client.get(reverse("ratings:detail", args=[rating.pk])).text
    assert re.search(r'data-total="decided">25[.,]00<', page)


def test_who_may_not_post_a_column(world, stage, rating, client):
    for user, url in (
        (stage.organizer, "ratings:self_score"),
        (stage.approver, "ratings:self_score"),
        (stage.cadre, "ratings:unit_score"),
        (stage.approver, "ratings:unit_score"),
    ):
        client.force_login(user)
        prefix = "self" if url == "ratings:self_score" else "unit"
        response = client.post(reverse(url, args=[rating.pk]), checklist_post(prefix, "9", "9", "9"))
        assert response.status_code == 403, (user, url)
    client.force_login(stage.nobody)
    response = client.post(
        reverse("ratings:self_score", args=[rating.pk]), checklist_post("self", "9", "9", "9")
    )
    assert response.status_code == 404
    assert not GeneralScore.objects.exists()
