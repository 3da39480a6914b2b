"""Figures reconcile: the rows of every table add up to the total, a merged unit's tasks count under its
successor once, and every figure's list holds exactly that many records. Commune monitoring of the same
year says the same on its page, in the lists its figures open, its Excel file, the Word and PDF report and
the API, for the province and for one unit."""

import datetime
import re
from dataclasses import fields

import pytest
from django.urls import reverse

from dotpha.api.tests.access import bearer, call
from dotpha.reports.selectors import Figures, StatsFilter, dashboard
from dotpha.reports.tests.monitoring import build_monitoring
from dotpha.reports.tests.test_monitoring_excel import body, workbook
from dotpha.reports.tests.test_monitoring_section import docx_text, pdf_text
from dotpha.tasks.models import Task, TaskStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("both_ways")]


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


# Commune monitoring of the same year (reports/tests/monitoring.py): Hạnh of Sở Nội vụ follows two communes.
MONITORING = {
    "province": {
        "cadres": 2,
        "assignments": 3,
        "visits": 5,
        "forms": (3, 3),
        "commended": 1,
        "commending": 2,
    },
    "unit": {"cadres": 1, "assignments": 2, "visits": 3, "forms": (2, 2), "commended": 1, "commending": 2},
}


def _monitoring_excel_row(client, known, label: str) -> dict:
    response = client.get(reverse("reports:export", args=["monitoring_summary"]), {"year": known.year.pk})
    sheets = workbook(response.content)
    header, lines = body(sheets["Theo cơ quan"])
    row = dict(zip(header, next(line for line in lines if line[1] == label), strict=True))
    header, lines = body(sheets["Theo xã, cán bộ"])
    col = {name: i for i, name in enumerate(header)}
    mine = [line for line in lines if label == "Tổng cộng" or line[col["Chức vụ, cơ quan"]].endswith(label)]
    # the lines of the second sheet add up to the first sheet's row
    assert len(mine) == row["Phân công"]
    assert len({line[col["Cán bộ theo dõi"]] for line in mine}) == row["Cán bộ được phân công"]
    assert sum(line[col["Lượt đi cơ sở"]] for line in mine) == row["Lượt đi cơ sở"]
    assert sum(line[col["Đề nghị khen thưởng"]] == "Có" for line in mine) == row["Phiếu đề nghị khen thưởng"]
    return {
        "cadres": row["Cán bộ được phân công"],
        "assignments": row["Phân công"],
        "visits": row["Lượt đi cơ sở"],
        "forms": (row["Phiếu đã nhận"], row["Phiếu phải gửi"]),
        "commended": row["Cán bộ được đề nghị khen thưởng"],
        "commending": row["Phiếu đề nghị khen thưởng"],
    }


def _monitoring_page(client, known, agency) -> dict:
    """The summary page's figures (the total, or the agency's row) and the counts of the lists they open."""
    html = re.sub(r"\s+", " ", client.get(reverse("monitoring:summary"), {"year": known.year.pk}).text)
    if agency is None:
        shown = {
            "cadres": int(figure_of(html, "cadres")),
            "assignments": int(found(r"\((\d+) phân công", figure_of(html, "assignments")).group(1)),
            "visits": int(figure_of(html, "visits")),
            "forms": tuple(int(n) for n in figure_of(html, "forms").split("/")),
            "commended": int(figure_of(html, "commended")),
            "commending": int(found(r"\((\d+) phiếu", figure_of(html, "commending_forms")).group(1)),
        }
    else:
        row = found(rf'<th scope="row">{agency.name}</th>(.*?)</tr>', html).group(1)
        cells = re.findall(r'<a href="[^"]+">(\d+)</a>', row)
        shown = {
            "cadres": int(cells[0]),
            "assignments": int(found(r"\((\d+) phân công\)", row).group(1)),
            "forms": (int(cells[2]), int(cells[3])),
            "visits": int(cells[4]),
            "commended": int(cells[5]),
            "commending": int(found(r"; (\d+) phiếu\)", row).group(1)),
        }
    base = {"year": known.year.pk, **({"agency": agency.pk} if agency else {})}
    assignments = re.sub(r"\s+", " ", client.get(reverse("monitoring:assignment_list"), base).text)
    forms = re.sub(
        r"\s+", " ", client.get(reverse("monitoring:feedback_list"), {**base, "commendation": 1}).text
    )
    visits = re.sub(r"\s+", " ", client.get(reverse("monitoring:visit_list"), base).text)
    listed = {
        "assignments": int(found(r'data-figure="assignments">(\d+) phân công', assignments).group(1)),
        "cadres": int(found(r'data-figure="cadres">(\d+) cán bộ', assignments).group(1)),
        "commending": int(found(r'data-figure="shown">(\d+) phiếu, (\d+) cán bộ', forms).group(1)),
        "commended": int(found(r'data-figure="shown">(\d+) phiếu, (\d+) cán bộ', forms).group(2)),
        "visits": int(found(r"(\d+) lượt", visits).group(1)),
    }
    assert listed == {k: shown[k] for k in listed}, (listed, shown)
    return shown


def _monitoring_report(client, year, unit) -> dict:
    params = {"period": year.period.pk, **({"unit": unit.pk} if unit else {})}
    word = client.get(reverse("reports:export", args=["report_docx"]), params)
    pdf = client.get(reverse("reports:export", args=["report_pdf"]), params)
    texts = [re.sub(r"\s+", " ", docx_text(word.content)), pdf_text(pdf.content)]
    read = []
    for text in texts:
        forms = found(r"Phiếu nhận xét đã nhận / phải gửi (\d+)/(\d+)", text)
        read.append(
            {
                "cadres": int(found(r"Cán bộ được phân công theo dõi (\d+)", text).group(1)),
                "assignments": int(found(r"Phân công theo dõi trong năm (\d+)", text).group(1)),
                "visits": int(found(r"Lượt đi cơ sở (\d+)", text).group(1)),
                "forms": (int(forms.group(1)), int(forms.group(2))),
                "commended": int(found(r"Cán bộ được đề nghị khen thưởng (\d+)", text).group(1)),
                "commending": int(found(r"được đề nghị khen thưởng \((\d+) phiếu\)", text).group(1)),
            }
        )
    assert read[0] == read[1], "Word and PDF say the same"
    return read[0]


def _monitoring_api(client, world, known, unit) -> dict:
    query = f"year_id={known.year.pk}" + (f"&unit_id={unit.pk}" if unit else "")
    url = f"{reverse('api:statistics_monitoring')}?{query}"
    response = call(client, "get", url, bearer(world.users["organizer"]))
    assert response.status_code == 200
    body = response.json()
    rows = [body["total"]]
    if unit is not None:  # the unit's own figures, and its row among the agencies says the same
        assert body["unit_id"] == unit.pk
        rows.append(next(r for r in body["rows"] if r["agency_id"] == unit.pk))
    read = [
        {
            "cadres": r["cadres_assigned"],
            "assignments": r["assignments"],
            "visits": r["visits"],
            "forms": (r["forms_received"], r["forms_expected"]),
            "commended": r["cadres_commended"],
            "commending": r["forms_commending"],
        }
        for r in rows
    ]
    assert all(r == read[0] for r in read)
    return read[0]


@pytest.mark.parametrize("scope", ["province", "unit"])
def test_monitoring_figures_are_the_same_in_every_output(world, year, client, scope):
    known = build_monitoring(world)
    unit = world.home_affairs if scope == "unit" else None
    expected = MONITORING[scope]
    client.force_login(world.users["organizer"])
    assert _monitoring_page(client, known, unit) == expected
    assert _monitoring_excel_row(client, known, unit.name if unit else "Tổng cộng") == expected
    assert _monitoring_report(client, year, unit) == expected
    assert _monitoring_api(client, world, known, unit) == expected
