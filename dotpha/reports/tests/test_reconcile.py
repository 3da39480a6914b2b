"""Figures reconcile: the rows of every table add up to the total, a merged unit's tasks count under its
successor once, and every figure's list holds exactly that many records."""

import datetime
import re
from dataclasses import fields

import pytest
from django.urls import reverse

from dotpha.reports.selectors import Figures, StatsFilter, dashboard
from dotpha.tasks.models import Task, TaskStatus

pytestmark = pytest.mark.django_db


def found(pattern: str, text: str, flags: int = 0) -> re.Match[str]:
    match = re.search(pattern, text, flags)
    assert match, pattern
    return match


TODAY = datetime.date(2026, 11, 25)
ADDITIVE = [f.name for f in fields(Figures) if f.name != "cadres"]


def board_of(world, unit, year, **kwargs):
    return dashboard(world.users["organizer"], unit, StatsFilter(period=year.period), today=TODAY, **kwargs)


def assert_adds_up(rows, total):
    for name in ADDITIVE:
        assert sum(getattr(r.figures, name) for r in rows) == getattr(total.figures, name), name


def test_every_table_adds_up_to_the_total(world, year):
    board = board_of(world, world.province, year, with_cadres=True)
    assert board.total.figures.total == year.spec.counted
    assert board.total.figures.approved == year.spec.approved
    for _code, _title, rows in board.tables():
        if _code != "trend":
            assert_adds_up(rows, board.total)
    assert board.trend[0].figures.approved == year.spec.approved  # one year only here


def test_sub_units_add_up_to_their_parent_row(world, year):
    province = board_of(world, world.province, year)
    people = next(r for r in province.units if r.label == "Ủy ban nhân dân tỉnh")
    below = board_of(world, people_unit(world), year)
    assert_adds_up(below.units, people)
    assert below.total.figures == people.figures


def people_unit(world):
    from dotpha.org.models import Unit

    return Unit.objects.get(code="P-UBND")


def test_a_merged_commune_counts_under_its_successor_once(world, year):
    board = board_of(world, world.province, year)
    rows = {r.label: r for r in board.units}
    old_tasks = Task.objects.filter(
        pk__in=[t.pk for t in year.tasks],
        status__in=[TaskStatus.SUBMITTED, TaskStatus.RETURNED, TaskStatus.APPROVED, TaskStatus.REJECTED],
    ).filter(assignee_cadre__in=year.cadres[world.old_commune.code])
    expected = old_tasks.count() + 1  # and the collective task of the old commune
    assert rows["Xã Tân Lập"].figures.total == expected
    # the dissolved district holding the old commune has no row of its own: nothing counts there twice
    assert "Huyện ủy Cũ" not in rows
    # seen from the old commune itself, its history is shown as it was
    old = board_of(world, world.old_commune, year)
    assert old.total.figures.total == expected
    commune = board_of(world, world.commune, year)
    assert commune.total.figures == rows["Xã Tân Lập"].figures


def test_distinct_cadres_count_once(world, year):
    board = board_of(world, world.province, year)
    individual = {t.assignee_cadre_id for t in year.tasks[: year.spec.approved] if t.assignee_cadre_id}
    assert board.total.figures.cadres == len(individual)
    assert sum(r.figures.cadres for r in board.units) == len(individual)  # nobody works in two places here


def _count(client, link: str) -> int:
    html = client.get(link.replace("&amp;", "&")).text
    if "/tasks/?" in link and "/reports/" not in link:
        return int(found(r'data-figure="total">(\d+)<', html).group(1))
    return int(found(r'data-figure="count">([\d.]+)<', html).group(1).replace(".", ""))


def test_every_figure_opens_a_list_of_that_many_records(world, year, client):
    client.force_login(world.users["organizer"])
    html = client.get(reverse("reports:unit", args=[people_unit(world).pk]), {"period": year.period.pk}).text
    cells = re.findall(r'data-measure="(\w+)"><a href="([^"]+)">([\d.]+)</a>', html)
    assert len(cells) > 50
    for measure, link, shown in cells[:120]:
        assert _count(client, link) == int(shown.replace(".", "")), (measure, link)


def test_the_board_sends_status_figures_to_the_task_list_when_it_selects_them(world, year, client):
    client.force_login(world.users["organizer"])
    html = client.get(reverse("reports:board"), {"period": year.period.pk}).text
    links = re.findall(r'href="(/tasks/\?[^"]+)"', html)
    assert links, "status figures of the whole province open the task list"
    approved = next(link for link in links if "status=approved" in link and "progress" not in link)
    assert _count(client, approved) == year.spec.approved


def test_a_cadre_row_opens_that_cadres_tasks(world, year, client):
    client.force_login(world.users["organizer"])
    html = client.get(reverse("reports:unit", args=[world.home_affairs.pk]), {"period": year.period.pk}).text
    link = found(r'href="([^"]+)" data-drill="cadre"', html).group(1).replace("&amp;", "&")
    listing = client.get(link).text
    tasks = re.findall(r'data-drill="task"', listing)
    assert tasks and len(tasks) == int(found(r'data-figure="count">(\d+)<', listing).group(1))


def test_the_number_of_cadres_opens_the_cadres_then_their_tasks(world, year, client):
    client.force_login(world.users["organizer"])
    html = client.get(reverse("reports:board"), {"period": year.period.pk}).text
    link = found(r'href="([^"]+m=cadres)"', html).group(1).replace("&amp;", "&")
    cadres = client.get(link).text
    assert found(r'data-figure="count">(\d+)<', cadres).group(1) == figure_of(html, "cadres")
    first = found(r'href="\?([^"]+)" data-drill="cadre"', cadres).group(1).replace("&amp;", "&")
    listed = int(found(r'data-drill="cadre">[^<]+</a></td><td class="text-end">(\d+)<', cadres).group(1))
    tasks = client.get(f"{reverse('reports:tasks')}?{first}").text
    shown = int(found(r'data-figure="count">(\d+)<', tasks).group(1))
    assert shown == len(re.findall(r'data-drill="task"', tasks)) == listed


def figure_of(html: str, name: str) -> str:
    return found(rf'data-figure="{name}">([^<]+)<', html).group(1)
