"""A programme year with known numbers (244 tasks assigned, 81 completed excellently, 11 ahead of plan)
shows the same figures on the dashboard, in the Excel export, the Word report, the PDF and the API.

Of the 234 evaluated tasks, 40 were reported done, 20 last reported at 70% and 174 never reported: an
evaluated task not reported done follows its evaluation, so only the 10 tasks not evaluated are overdue,
none is at risk or late in reporting, and 40 count as reported done, in every output alike."""

import io
import re
from typing import Any

import docx
import openpyxl
import pytest
from django.urls import reverse
from pypdf import PdfReader

from dotpha.api.tests.access import bearer, call
from dotpha.reports.tests.factories import Year, YearSpec, build_year
from dotpha.tasks.selectors import ProgressState

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("both_ways")]

KNOWN = YearSpec(reported_done=40, reported_partly=20)
# what every output says of the approved tasks' progress (reported done: 40; overdue: the 10 not evaluated)
PROGRESS = "Trong số 244 việc được giao: 0 việc đúng tiến độ, 0 việc có nguy cơ chậm, 10 việc quá hạn, " + (
    "0 việc chậm báo cáo tiến độ; 40 việc đã báo cáo hoàn thành."
)


@pytest.fixture
def year(world) -> Year:
    return build_year(world, KNOWN)


def figure(html: str, name: str) -> str:
    found = re.search(rf'data-figure="{name}">([^<]+)<', html)
    assert found, name
    return found.group(1)


@pytest.fixture
def organizer(client, world):
    client.force_login(world.users["organizer"])
    return client


def test_the_dashboard_shows_the_known_figures(organizer, year):
    # given the programme year; when the board opens on it
    response = organizer.get(reverse("reports:board"), {"period": year.period.pk})
    # then
    assert response.status_code == 200
    html = response.text
    assert figure(html, "approved") == "244"
    assert figure(html, "excellent") == "81"
    assert figure(html, "ahead") == "11"
    assert "81/244 việc hoàn thành xuất sắc (33,2%)" in html
    assert "11 việc hoàn thành trước kế hoạch" in html
    # the 234 evaluated tasks were never reported and their deadline is past: they follow their
    # evaluation, only the 10 not evaluated are overdue, none at risk
    assert figure(html, "overdue") == str(year.spec.not_evaluated) == "10"
    assert figure(html, "at_risk") == "0"
    shown = response.context["board"].total.figures  # the figures the board's table shows
    assert (shown.done, shown.stale, shown.on_track) == (40, 0, 0)


def test_the_board_opens_on_the_latest_year_by_default(organizer, year):
    html = organizer.get(reverse("reports:board")).text
    assert figure(html, "approved") == "244"
    assert "năm 2024" in html


def _sheet_rows(content: bytes, sheet: str) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return [tuple(row) for row in book[sheet].iter_rows(values_only=True)]


def _header_index(rows: list[tuple], first: str) -> int:
    return next(i for i, row in enumerate(rows) if row and row[0] == first)


def test_the_excel_statistics_show_the_same_figures(organizer, year):
    response = organizer.get(reverse("reports:export", args=["statistics"]), {"period": year.period.pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = _sheet_rows(response.content, "Theo đơn vị")
    assert rows[0][0] == "TỈNH ỦY THỬ NGHIỆM"
    assert "THỐNG KÊ VIỆC ĐỘT PHÁ, ĐỔI MỚI THEO ĐƠN VỊ" in rows[3][0]
    header = rows[_header_index(rows, "STT")]
    total = next(row for row in rows if row[1] == "Tổng cộng")
    values = dict(zip(header, total, strict=True))
    assert values["Đã phê duyệt (được giao)"] == 244
    assert values["Hoàn thành xuất sắc"] == 81
    assert values["Hoàn thành trước kế hoạch"] == 11
    assert values["Quá hạn"] == year.spec.not_evaluated  # evaluated tasks, never reported, are not overdue
    assert values["Có nguy cơ chậm"] == 0
    assert (values["Đã báo cáo hoàn thành"], values["Chậm báo cáo"], values["Đúng tiến độ"]) == (40, 0, 0)
    assert values["Tổng số việc"] == year.spec.counted
    assert round(values["Tỷ lệ hoàn thành xuất sắc"], 4) == round(81 / 244, 4)


def test_the_excel_annexes_match(organizer, year):
    response = organizer.get(reverse("reports:export", args=["annex_grades"]), {"period": year.period.pk})
    rows = _sheet_rows(response.content, "Theo mức đánh giá")
    summary = {
        r[1]: r[2] for r in rows if r and r[0] in ("I", "II", "III", "IV", "V") and isinstance(r[2], int)
    }
    assert summary["Hoàn thành xuất sắc"] == 81
    assert sum(summary.values()) == 244
    response = organizer.get(reverse("reports:export", args=["annex_cadres"]), {"period": year.period.pk})
    rows = _sheet_rows(response.content, "Theo cán bộ")
    start = _header_index(rows, "STT")
    tasks = [row for row in rows[start + 1 :] if row[0] and "." in str(row[0])]
    assert len(tasks) == 244
    assert sum(1 for row in tasks if row[6] == "Hoàn thành xuất sắc") == 81
    assert sum(1 for row in tasks if row[7] == "x") == 11


def test_the_word_report_shows_the_same_figures(organizer, year):
    response = organizer.get(
        reverse("reports:export", args=["report_docx"]),
        {"period": year.period.pk, "number": "125-BC/BTCTU", "signed_on": "25/11/2026", "place": "Hòa Sơn"},
    )
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "đã giao 244 việc đột phá, đổi mới" in text
    assert "Có 81/244 việc hoàn thành xuất sắc (33,2%)" in text
    assert "có 11 việc hoàn thành trước kế hoạch" in text
    assert PROGRESS in text
    header = document.tables[0].rows[0].cells
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in header[1].text
    assert "Hòa Sơn, ngày 25 tháng 11 năm 2026" in header[1].text
    assert "Số 125-BC/BTCTU" in header[0].text
    assert "Nơi nhận:" in document.tables[1].rows[0].cells[0].text
    # annex 1 (by unit) ends with the totals, as the Excel sheet does
    annex = document.tables[2]
    assert [c.text for c in annex.rows[-1].cells][1:4] == ["Tổng cộng", "244", str(board_cadres(year))]
    runs = [r for p in document.paragraphs for r in p.runs if r.text.strip()]
    assert {r.font.name for r in runs} == {"Times New Roman"}
    assert {r.font.size.pt for r in runs if r.font.size} <= {11, 12, 13, 14, 15}


def board_cadres(year) -> int:
    return len({t.assignee_cadre_id for t in year.tasks[: year.spec.approved] if t.assignee_cadre_id})


def test_the_pdf_shows_the_same_figures(organizer, year):
    response = organizer.get(reverse("reports:export", args=["report_pdf"]), {"period": year.period.pk})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join((page.extract_text() or "") for page in reader.pages)
    text = re.sub(r"\s+", " ", text)
    assert "đã giao 244 việc đột phá, đổi mới" in text
    assert "81/244 việc hoàn thành xuất sắc (33,2%)" in text
    assert "11 việc hoàn thành trước kế hoạch" in text
    assert PROGRESS in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    # Times New Roman where installed, else its metric twin Liberation Serif: never another face
    resources: Any = reader.pages[0]["/Resources"]
    fonts = resources["/Font"]
    names = {str(fonts[key].get_object()["/BaseFont"]).split("+")[-1] for key in fonts}
    assert all(n.replace("-", "").startswith(("LiberationSerif", "TimesNewRoman")) for n in names), names


def test_the_api_shows_the_same_figures(client, world, year):
    headers = bearer(world.users["organizer"])
    statistics = reverse("api:statistics_tasks")
    query = f"?unit_id={world.province.pk}&period_id={year.period.pk}"
    total = call(client, "get", statistics + query, headers).json()["total"]
    assert (total["approved"], total["excellent"], total["ahead"]) == (244, 81, 11)
    assert (total["overdue"], total["at_risk"], total["stale"], total["done"]) == (10, 0, 0, 40)
    # the task list says the same, task by task: the evaluated tasks not reported done are "evaluated"
    tasks = reverse("api:task_list") + f"?period_id={year.period.pk}&page_size=1"
    counts = {
        state: call(client, "get", f"{tasks}&progress={state}", headers).json()["count"]
        for state in ProgressState
    }
    assert counts[ProgressState.EVALUATED] == 234 - 40
    assert counts[ProgressState.OVERDUE] == 10
    assert sum(counts[s] for s in ProgressState if s.value.startswith(("completed", "ahead"))) == 40
    assert counts[ProgressState.AT_RISK] == counts[ProgressState.STALE] == counts[ProgressState.ON_TRACK] == 0
