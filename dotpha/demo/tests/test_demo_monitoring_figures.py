"""On the demo, the forms figure of the monitoring pages counts the same thing as the list it opens: the
forms owed (one per cadre who followed a commune in the year) and the communes that owe them. The issue
saw "0/112" beside 110 communes with nothing saying why the two differ."""

import re
from collections import Counter

import pytest
from django.test import Client
from django.urls import reverse

from dotpha.accounts.models import User
from dotpha.monitoring.models import MonitoringYear

pytestmark = pytest.mark.django_db


def figure(html: str, name: str) -> str:
    found = re.search(rf'data-figure="{name}"[^>]*>(.*?)</', html)
    assert found, name
    return re.sub(r"\s+", " ", found.group(1)).strip()


def communes_in(html: str) -> int:
    return int(re.search(r"của (\d+) xã, phường", figure(html, "forms_communes")).group(1))  # type: ignore[union-attr]


@pytest.mark.parametrize("username", ["tochuc", "thuongtruc"])
def test_the_forms_figure_equals_its_drill_down(demo, username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    for year in MonitoringYear.objects.order_by("year"):
        home = client.get(reverse("monitoring:home"), {"year": year.pk}).content.decode()
        summary = client.get(reverse("monitoring:summary"), {"year": year.pk}).content.decode()
        # the figure links to the year's list of forms
        assert f'href="{reverse("monitoring:feedback_list")}?year={year.pk}"' in home
        listing = client.get(reverse("monitoring:feedback_list"), {"year": year.pk})
        duties = listing.context["page"].paginator.object_list
        received = [d for d in duties if d.is_received]
        expected = f"{len(received)}/{len(duties)}"
        # the same forms on the landing page, the summary and the list, and the list has as many rows
        assert figure(home, "forms") == figure(summary, "forms") == expected, year.year
        assert figure(listing.content.decode(), "progress") == expected
        # the same communes: the distinct communes of the listed forms
        communes = len({d.commune.pk for d in duties})
        assert communes_in(home) == communes_in(summary) == communes_in(listing.content.decode()) == communes
        several = sum(1 for n in Counter(d.commune.pk for d in duties).values() if n > 1)
        if several:
            assert f"{several} xã đổi cán bộ theo dõi trong năm" in figure(home, "forms_communes")
        # the received drill-down lists exactly the forms received
        only_received = client.get(
            reverse("monitoring:feedback_list"), {"year": str(year.pk), "status": "received"}
        )
        assert only_received.context["page"].paginator.count == len(received)
