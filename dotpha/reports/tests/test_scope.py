"""Scope: a unit manager's dashboard and exports hold only their subtree; other readers see only the tasks
they may see."""

import datetime
import io
import re

import docx
import openpyxl
import pytest
from django.urls import reverse

from dotpha.accounts.models import Role
from dotpha.org.models import UnitMerger
from dotpha.org.tests.factories import make_user
from dotpha.reports.permissions import can_read_unit_stats, default_root
from dotpha.reports.selectors.base import COUNTED
from dotpha.tasks.models import TaskStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("both_ways")]


def found(pattern: str, text: str, flags: int = 0) -> re.Match[str]:
    match = re.search(pattern, text, flags)
    assert match, pattern
    return match


def counted(year, cadres, *, status=None) -> int:
    ids = {c.pk for c in cadres}
    statuses = [status] if status else list(COUNTED)
    return sum(1 for t in year.tasks if t.assignee_cadre_id in ids and t.status in statuses)


def figure(html: str, name: str) -> int:
    return int(found(rf'data-figure="{name}">([\d.]+)<', html).group(1).replace(".", ""))


@pytest.fixture
def manager(client, world):
    client.force_login(world.users["unit_manager"])
    return client


def test_a_unit_manager_lands_on_their_units_dashboard(manager, world, year):
    response = manager.get(reverse("reports:home"))
    assert response.status_code == 302
    assert response.url == reverse("reports:unit", args=[world.home_affairs.pk])
    assert manager.get(reverse("reports:board")).status_code == 403
    assert manager.get(reverse("reports:unit", args=[world.finance.pk])).status_code == 404


def test_a_unit_managers_dashboard_holds_only_their_subtree(manager, world, year):
    mine = year.cadres[world.home_affairs.code]
    html = manager.get(reverse("reports:unit", args=[world.home_affairs.pk]), {"period": year.period.pk}).text
    assert figure(html, "approved") == counted(year, mine, status=TaskStatus.APPROVED)
    total = found(r'data-row="total">.*?data-measure="total"><a [^>]+>(\d+)<', html, re.S)
    assert total.group(1) == str(counted(year, mine))
    for other in ("Sở Tài chính", "Xã Tân Lập", "Ban Tổ chức Tỉnh ủy"):
        assert other not in html


def _rows(content: bytes, sheet: str):
    return list(
        openpyxl.load_workbook(io.BytesIO(content), read_only=True)[sheet].iter_rows(values_only=True)
    )


def test_a_unit_managers_exports_hold_only_their_subtree(manager, world, year):
    mine = year.cadres[world.home_affairs.code]
    approved = counted(year, mine, status=TaskStatus.APPROVED)
    params = {"period": year.period.pk}
    # without a unit the export is about the manager's unit; another unit is not disclosed
    stats = manager.get(reverse("reports:export", args=["statistics"]), params)
    total = next(r for r in _rows(stats.content, "Theo đơn vị") if r[1] == "Tổng cộng")
    assert total[3] == counted(year, mine)
    assert total[7] == approved
    other = manager.get(reverse("reports:export", args=["statistics"]), {**params, "unit": world.finance.pk})
    assert other.status_code == 404
    annex = manager.get(reverse("reports:export", args=["annex_cadres"]), params)
    rows = _rows(annex.content, "Theo cán bộ")
    assert sum(1 for r in rows if r[0] and "." in str(r[0])) == approved
    assert {r[2] for r in rows if r[0] and "." in str(r[0])} == {"Sở Nội vụ"}
    word = manager.get(reverse("reports:export", args=["report_docx"]), params)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs)
    assert "trong phạm vi Sở Nội vụ" in text
    assert f"đã giao {approved} việc" in text


def test_the_approver_sees_only_the_tasks_of_the_cadres_it_manages(client, world, year):
    client.force_login(world.users["approver"])
    html = client.get(reverse("reports:board"), {"period": year.period.pk}).text
    managed = [
        c
        for code in (world.home_affairs.code, world.finance.code, world.board.code)
        for c in year.cadres[code]
    ]
    assert figure(html, "approved") == counted(year, managed, status=TaskStatus.APPROVED)


def test_the_commune_committee_sees_its_commune_with_the_merged_history(client, world, year):
    client.force_login(world.users["commune_committee"])
    response = client.get(reverse("reports:home"))
    assert response.url == reverse("reports:unit", args=[world.commune.pk])
    html = client.get(response.url, {"period": year.period.pk}).text
    old = year.cadres[world.old_commune.code]
    assert figure(html, "approved") == counted(year, old, status=TaskStatus.APPROVED) + 1  # + the collective
    assert client.get(reverse("reports:unit", args=[world.home_affairs.pk])).status_code == 404


def test_statistics_open_at_the_unit_as_it_is_now_not_at_a_merged_predecessor(world):
    # an older department of the same level (its tree path sorts first) merged into Sở Tài chính
    UnitMerger.objects.create(
        predecessor=world.home_affairs, successor=world.finance, effective_date=datetime.date(2025, 3, 1)
    )
    manager = make_user("giamdoc-stc", Role.UNIT_MANAGER, world.finance)
    assert world.home_affairs.path < world.finance.path
    assert default_root(manager) == world.finance
    assert can_read_unit_stats(manager, world.home_affairs)  # its history is still theirs to read
    assert default_root(world.users["organizer"]) == world.province
