"""The monitoring summary's figures of cadres say what their lists count: a cadre follows two communes, so
"2 cán bộ" opens 3 assignments and says so on both sides; "1 cán bộ" proposed for commendation opens the
2 forms proposing it."""

import re

import pytest
from django.urls import reverse

from dotpha.reports.tests.monitoring import build_monitoring

pytestmark = pytest.mark.django_db


def flat(html: str) -> str:
    return re.sub(r"\s+", " ", html)


def figure(html: str, name: str) -> str:
    match = re.search(rf'data-figure="{name}">([^<]+)<', html)
    assert match, name
    return match.group(1).strip()


def href(html: str, figure_name: str) -> str:
    match = re.search(
        rf'href="([^"]+)"><div class="card-body p-2">\s*<div[^>]*data-figure="{figure_name}"', html
    )
    assert match, figure_name
    return match.group(1).replace("&amp;", "&")


def test_the_cadres_figure_and_its_list_count_the_same_assignments(world, year, client):
    known = build_monitoring(world)
    client.force_login(world.users["organizer"])
    html = client.get(reverse("monitoring:summary"), {"year": known.year.pk}).text
    assert figure(html, "cadres") == "2"
    assert figure(html, "assignments") == "(3 phân công: một cán bộ có thể theo dõi hai xã)"
    listing = flat(client.get(href(html, "cadres")).text)
    assert (figure(listing, "assignments"), figure(listing, "cadres")) == ("3 phân công", "2 cán bộ")
    assert len(re.findall(r'class="list-group-item list-group-item-action"', listing)) == 3
    # Sở Nội vụ's row: one cadre, two assignments, and its list says the same
    row = re.search(
        r"<th scope=\"row\">Sở Nội vụ</th>\s*<td[^>]*><a href=\"([^\"]+)\">(\d+)</a>([^<]*<span[^>]*>[^<]*)",
        html,
    )
    assert row and row.group(2) == "1" and "(2 phân công)" in row.group(3)
    agency = flat(client.get(row.group(1).replace("&amp;", "&")).text)
    assert (figure(agency, "assignments"), figure(agency, "cadres")) == ("2 phân công", "1 cán bộ")


def test_the_commendation_figure_says_how_many_forms_its_list_shows(world, year, client):
    known = build_monitoring(world)
    client.force_login(world.users["organizer"])
    html = flat(client.get(reverse("monitoring:summary"), {"year": known.year.pk}).text)
    assert figure(html, "commended") == "1"
    assert figure(html, "commending_forms") == "(2 phiếu đề nghị)"
    listing = flat(client.get(href(html, "commended")).text)
    assert figure(listing, "shown") == "2 phiếu, 1 cán bộ"


def test_only_overseers_read_the_summary(world, year, client):
    known = build_monitoring(world)
    for role in ("cadre", "commune_committee", "nobody"):
        client.force_login(world.users[role])
        assert client.get(reverse("monitoring:summary"), {"year": known.year.pk}).status_code == 403, role
    client.force_login(world.users["inspector"])
    assert client.get(reverse("monitoring:summary"), {"year": known.year.pk}).status_code == 200
