"""The rating scheme's settings: the province's organisation board changes what the texts leave to the
province (thresholds, percentages, the checklist) while no rating has used the scheme, all or nothing, each
change in the history; once used, a new version from a later year carries the change."""

from decimal import Decimal

import pytest
from django.urls import reverse

from dotpha.accounts.models import Role
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.org.tests.factories import make_user
from dotpha.programmes.models import Grade
from dotpha.ratings.errors import RatingRefusal
from dotpha.ratings.models import AnnualRating, CriteriaItem, RatingLevel, RatingScheme, YearMethod
from dotpha.ratings.scheme_services import (
    ItemLine,
    SchemeSettings,
    rating_scheme_new_version,
    rating_scheme_update,
)
from dotpha.ratings.selectors import scheme_for_year
from dotpha.ratings.services import rating_decide, rating_propose
from dotpha.ratings.tests.conftest import year_tasks

pytestmark = pytest.mark.django_db

CODE = "qd366-2025/nd335-2025"


def scheme() -> RatingScheme:
    return RatingScheme.objects.get(code=CODE)


def settings_of(s: RatingScheme, **changes) -> SchemeSettings:
    values = {name: getattr(s, name) for name in SchemeSettings.__dataclass_fields__}
    return SchemeSettings(**{**values, **changes})


def lines_of(s: RatingScheme) -> list[ItemLine]:
    return [ItemLine(pk=i.pk, name=i.name, points=i.points) for i in s.items.all()]


def post_data(s: RatingScheme, **changes) -> dict:
    items = list(s.items.all())
    data = {name: getattr(s, name) for name in SchemeSettings.__dataclass_fields__}
    data["leader_reads_led_units"] = "on" if data["leader_reads_led_units"] else ""
    data.update(changes)
    data.update(
        {
            "items-TOTAL_FORMS": str(len(items) + 1),
            "items-INITIAL_FORMS": str(len(items)),
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "20",
        }
    )
    for n, item in enumerate(items):
        data[f"items-{n}-pk"] = item.pk
        data[f"items-{n}-name"] = item.name
        data[f"items-{n}-points"] = item.points
    return data


def test_the_board_changes_the_province_choices_and_the_history_keeps_who(world, stage):
    s = scheme()
    rating_scheme_update(
        actor=stage.organizer,
        scheme=s,
        settings=settings_of(s, year_method=YearMethod.WHOLE_YEAR, excellent_quota_percent=25),
        items=lines_of(s),
    )
    s.refresh_from_db()
    assert (s.year_method, s.excellent_quota_percent) == (YearMethod.WHOLE_YEAR, 25)
    last = s.history.latest("history_date")
    assert last.history_user == stage.organizer
    assert last.history_change_reason == "Ban Tổ chức sửa thiết lập bộ tiêu chí xếp loại"


def test_the_checklist_is_rewritten_and_must_sum_to_the_general_group(world, stage):
    s = scheme()
    first, second, third = s.items.all()
    lines = [
        ItemLine(pk=first.pk, name=first.name, points=Decimal(15)),
        ItemLine(pk=second.pk, name=second.name, points=Decimal(10)),
        ItemLine(pk=third.pk, name=third.name, points=Decimal(10), remove=True),
        ItemLine(pk=None, name="Kết quả học tập, bồi dưỡng", points=Decimal(5)),
    ]
    rating_scheme_update(actor=stage.organizer, scheme=s, settings=settings_of(s), items=lines)
    assert [(i.name, i.points) for i in s.items.all()] == [
        (first.name, 15),
        (second.name, 10),
        ("Kết quả học tập, bồi dưỡng", 5),
    ]
    assert CriteriaItem.history.filter(id=third.pk, history_type="-", history_user=stage.organizer).exists()

    bad = [ItemLine(pk=i.pk, name=i.name, points=Decimal(20)) for i in s.items.all()]
    with pytest.raises(ApplicationError) as refused:
        rating_scheme_update(actor=stage.organizer, scheme=s, settings=settings_of(s), items=bad)
    assert "phải bằng 30 điểm" in refused.value.message
    assert [i.points for i in s.items.all()] == [15, 10, 5]  # nothing half-saved


@pytest.mark.parametrize(
    "changes",
    [
        {"good_min": Decimal(95)},  # not below excellent
        {"completed_min": Decimal(0)},
        {"excellent_min": Decimal(101)},
        {"behind_max_percent": 120},
    ],
)
def test_thresholds_out_of_order_or_range_change_nothing(world, stage, changes):
    s = scheme()
    with pytest.raises(ApplicationError) as refused:
        rating_scheme_update(actor=stage.organizer, scheme=s, settings=settings_of(s, **changes))
    assert refused.value.code == RatingRefusal.INVALID_SCHEME_SETTING
    s.refresh_from_db()
    assert (s.excellent_min, s.good_min, s.completed_min, s.behind_max_percent) == (90, 70, 50, 20)


def test_only_the_province_board_changes_a_scheme(world, stage):
    s = scheme()
    commune_organizer = make_user("tochuc_xa", Role.ORGANIZER, world.commune)
    for actor in (commune_organizer, stage.approver, stage.inspector, stage.cadre):
        with pytest.raises(PermissionDeniedError):
            rating_scheme_update(actor=actor, scheme=s, settings=settings_of(s, excellent_quota_percent=50))
    s.refresh_from_db()
    assert s.excellent_quota_percent == 20


def _decided_2026(world, stage) -> AnnualRating:
    year_tasks(stage, 2026, [Grade.GOOD, Grade.GOOD])
    rating_propose(actor=stage.organizer, year=2026, unit=world.province)
    rating = AnnualRating.objects.get(year=2026)
    assert rating.scheme is not None
    rating_decide(
        actor=stage.approver,
        rating=rating,
        level=RatingLevel.GOOD,
        comment="Hoàn thành tốt.",
        general_scores={i.code: (Decimal(8), "") for i in rating.scheme.items.all()},
    )
    return rating


def test_a_used_scheme_keeps_its_settings_and_a_new_version_rates_the_later_years(world, stage):
    _decided_2026(world, stage)
    s = scheme()
    with pytest.raises(ApplicationError) as refused:
        rating_scheme_update(
            actor=stage.organizer, scheme=s, settings=settings_of(s, excellent_quota_percent=30)
        )
    assert refused.value.code == RatingRefusal.SCHEME_IN_USE
    assert "2026" in refused.value.message

    with pytest.raises(ApplicationError):
        rating_scheme_new_version(actor=stage.organizer, scheme=s, from_year=2026)  # 2026 is decided under it
    copy = rating_scheme_new_version(actor=stage.organizer, scheme=s, from_year=2027)
    s.refresh_from_db()
    assert (s.valid_from_year, s.valid_to_year) == (2026, 2026)
    assert (copy.valid_from_year, copy.valid_to_year) == (2027, None)
    assert [(i.code, i.points) for i in copy.items.all()] == [(i.code, i.points) for i in s.items.all()]
    assert sorted(g.code for g in copy.groups.all()) == ["general", "task-results"]
    assert scheme_for_year(2026) == s and scheme_for_year(2027) == copy

    rating_scheme_update(
        actor=stage.organizer, scheme=copy, settings=settings_of(copy, excellent_quota_percent=30)
    )
    copy.refresh_from_db()
    s.refresh_from_db()
    assert (s.excellent_quota_percent, copy.excellent_quota_percent) == (20, 30)
    # the decided year still reads its own scheme
    assert AnnualRating.objects.get(year=2026).scheme == s


def test_the_unscored_scheme_has_nothing_to_change(world, stage):
    old = RatingScheme.objects.get(code="nd90-2020")
    with pytest.raises(ApplicationError) as refused:
        rating_scheme_update(actor=stage.organizer, scheme=old, settings=settings_of(scheme()))
    assert refused.value.code == RatingRefusal.NOT_SCORED


# --- the pages ---------------------------------------------------------------------------------------------


def test_the_board_edits_on_the_page_and_a_refusal_keeps_what_was_typed(client, world, stage):
    s = scheme()
    client.force_login(stage.organizer)
    url = reverse("ratings:scheme", args=[s.pk])
    page = client.get(url).content.decode()
    assert "Sửa thiết lập" in page and "Phẩm chất chính trị" in page

    response = client.post(url, post_data(s, excellent_quota_percent="25"))
    assert response.status_code == 302
    s.refresh_from_db()
    assert s.excellent_quota_percent == 25

    response = client.post(url, post_data(s, good_min="92", excellent_quota_percent="40"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ngưỡng điểm phải tăng dần" in page
    assert 'value="92' in page  # what the user typed stays in the form
    s.refresh_from_db()
    assert (s.good_min, s.excellent_quota_percent) == (70, 25)


def test_readers_see_the_scheme_but_only_the_board_may_post(client, world, stage):
    s = scheme()
    url = reverse("ratings:scheme", args=[s.pk])
    client.force_login(stage.approver)
    page = client.get(url).content.decode()
    assert "Quy tắc đề xuất mức xếp loại" in page
    assert "Sửa thiết lập" not in page
    assert client.post(url, post_data(s, excellent_quota_percent="50")).status_code == 403
    client.force_login(make_user("tochuc_xa", Role.ORGANIZER, world.commune))
    assert client.post(url, post_data(s, excellent_quota_percent="50")).status_code == 403
    new_version = reverse("ratings:scheme_new_version", args=[s.pk])
    assert client.post(new_version, {"from_year": "2027"}).status_code == 403
    s.refresh_from_db()
    assert s.excellent_quota_percent == 20 and RatingScheme.objects.count() == 2
    client.force_login(stage.nobody)
    assert client.get(url).status_code == 403
    assert client.get(reverse("ratings:schemes")).status_code == 403


def test_the_list_names_each_scheme_with_its_years(client, world, stage):
    client.force_login(stage.organizer)
    page = client.get(reverse("ratings:schemes")).content.decode()
    assert "2021–2025" in page
    assert "từ 2026" in page
    assert "xuất sắc từ 90" in page


def test_a_used_scheme_offers_a_new_version_on_its_page(client, world, stage):
    _decided_2026(world, stage)
    s = scheme()
    client.force_login(stage.organizer)
    page = client.get(reverse("ratings:scheme", args=[s.pk])).content.decode()
    assert "Bộ tiêu chí đã dùng để xếp loại năm 2026" in page
    assert "Sửa thiết lập" not in page
    response = client.post(reverse("ratings:scheme_new_version", args=[s.pk]), {"from_year": "2027"})
    copy = RatingScheme.objects.get(valid_from_year=2027)
    assert response.status_code == 302 and response["Location"] == reverse("ratings:scheme", args=[copy.pk])


def test_the_scheme_page_reads_in_english(client, settings, world, stage):
    client.force_login(stage.organizer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("ratings:scheme", args=[scheme().pk])).content.decode()
    assert "Change the settings" in page
    assert "Each delay deducts (% of the task&#x27;s progress points)" in page
    assert "Sửa thiết lập" not in page


def test_the_rule_beside_each_proposal_reads_the_provinces_numbers_in_the_pages_language(
    client, settings, world, stage
):
    s = scheme()
    rating_scheme_update(
        actor=stage.organizer,
        scheme=s,
        settings=settings_of(s, excellent_min=Decimal("92.5"), behind_max_percent=15),
    )
    client.force_login(stage.organizer)
    url = reverse("ratings:scheme", args=[s.pk])
    page = client.get(url).content.decode()
    assert "Hoàn thành xuất sắc: từ 92,5 điểm" in page
    assert "không quá 15% chậm tiến độ" in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(url).content.decode()
    assert "Completed excellently: from 92.5 points" in page
