"""The year's rating list through the API: the same rows as the page /ratings/ for every role (the same
scope), paginated like the other lists, refused to those who do not read reports; an unscored year (Decree
90/2020) has no points."""

import re

import pytest
from django.urls import reverse

from dotpha.api.tests.access import bearer, call
from dotpha.org.models import Cadre
from dotpha.ratings.models import AnnualRating, RatingLevel
from dotpha.tests.test_access import ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def ratings(world):
    for name, unit in (
        ("Đặng Thị Hạnh", world.standing),
        ("Trần Quang Minh", world.standing),
        ("Vũ Thị Lan", world.other_commune),
    ):
        AnnualRating.objects.create(
            cadre=Cadre.objects.get(full_name=name),
            year=2024,
            authority_unit=unit,
            proposed_level=RatingLevel.GOOD,
        )


def page_names(client, user) -> list[str] | int:
    client.force_login(user)
    response = client.get(reverse("ratings:list"), {"year": 2024})
    if response.status_code != 200:
        return response.status_code
    return re.findall(r'<tr data-rating="\d+">\s*<td>\d+</td>\s*<td><a href=[^>]+>([^<]+)</a>', response.text)


def api_names(client, user) -> list[str] | int:
    client.logout()
    response = call(client, "get", reverse("api:rating_list") + "?year=2024", bearer(user))
    if response.status_code != 200:
        return response.status_code
    return [item["cadre_name"] for item in response.json()["items"]]


def test_every_role_reads_the_same_list_as_on_the_page(world, ratings, client):
    seen = {}
    for role in ROLES:
        user = world.users[role]
        seen[role] = page_names(client, user)
        assert api_names(client, user) == seen[role], role
    # the scope is the page's: the province's readers see all three, Sở Nội vụ's manager only its deputy
    assert seen["organizer"] == ["Đặng Thị Hạnh", "Vũ Thị Lan", "Trần Quang Minh"]
    assert seen["unit_manager"] == ["Đặng Thị Hạnh"]
    assert seen["cadre"] == seen["nobody"] == 403


def test_the_list_is_paginated_and_an_unscored_year_has_no_points(world, ratings, client):
    headers = bearer(world.users["inspector"])
    body = call(client, "get", reverse("api:rating_list") + "?year=2024&page=2&page_size=2", headers).json()
    assert (body["count"], body["page"], body["page_size"]) == (3, 2, 2)
    (item,) = body["items"]
    assert item["cadre_name"] == "Trần Quang Minh" and item["number"] == 3
    assert (item["scored"], item["groups"], item["total"]) == (False, [], None)
    assert (item["proposed_level"], item["proposed_level_label"]) == ("good", "Hoàn thành tốt nhiệm vụ")
    assert item["level"] == "" and item["authority_unit_name"] == "Ban Thường vụ Tỉnh ủy"


def test_a_caller_without_reports_is_refused_with_the_code(world, ratings, client):
    response = call(client, "get", reverse("api:rating_list") + "?year=2024", bearer(world.users["cadre"]))
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
