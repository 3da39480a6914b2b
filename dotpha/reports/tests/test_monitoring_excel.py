"""The monitoring summary's Excel file: linked from the summary page, for who oversees the programme only,
the page's figures by agency and a line per commune and cadre; names typed by users stay text."""

import io
import re

import openpyxl
import pytest
from django.urls import reverse

from dotpha.org.models import Unit
from dotpha.reports.tests.monitoring import build_monitoring

pytestmark = pytest.mark.django_db


def workbook(content: bytes) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def body(rows: list[tuple]) -> tuple[tuple, list[tuple]]:
    """The header and the lines under it."""
    start = next(i for i, row in enumerate(rows) if row[0] == "STT")
    return rows[start], [row for row in rows[start + 1 :] if any(c is not None for c in row)]


def download(client, known) -> dict[str, list[tuple]]:
    html = client.get(reverse("monitoring:summary"), {"year": known.year.pk}).text
    link = re.search(r'data-export="monitoring_summary" href="([^"]+)"', html)
    assert link, "the summary page links to its Excel file"
    response = client.get(link.group(1).replace("&amp;", "&"))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('tong-hop-theo-doi-xa-2024.xlsx"')
    return workbook(response.content)


def test_the_file_holds_the_summary_by_agency_and_by_commune(world, year, client):
    known = build_monitoring(world)
    client.force_login(world.users["organizer"])
    found = download(client, known)
    assert list(found) == ["Theo cơ quan", "Theo xã, cán bộ"]
    header, lines = body(found["Theo cơ quan"])
    col = {label: i for i, label in enumerate(header)}
    by_agency = {line[1]: line for line in lines}
    assert set(by_agency) == {"Sở Nội vụ", "Sở Tài chính", "Tổng cộng"}
    total = by_agency["Tổng cộng"]
    expected = {
        "Cán bộ được phân công": 2,
        "Phân công": 3,
        "Xã có người theo dõi": 3,
        "Phiếu đã nhận": 3,
        "Phiếu phải gửi": 3,
        "Lượt đi cơ sở": 5,
        "Cán bộ được đề nghị khen thưởng": 1,
        "Phiếu đề nghị khen thưởng": 2,
        "Kế hoạch quá hạn chưa gửi": 3,
    }
    assert {k: total[col[k]] for k in expected} == expected
    home = by_agency["Sở Nội vụ"]
    assert (home[col["Cán bộ được phân công"]], home[col["Phân công"]], home[col["Lượt đi cơ sở"]]) == (
        1,
        2,
        3,
    )

    header, lines = body(found["Theo xã, cán bộ"])
    col = {label: i for i, label in enumerate(header)}
    by_commune = {line[col["Xã, phường"]]: line for line in lines}
    assert set(by_commune) == {"Xã Đông Cũ", "Xã An Bình", "Xã Minh Khai"}
    dong_cu = by_commune["Xã Đông Cũ"]
    assert dong_cu[col["Cán bộ theo dõi"]] == "Đặng Thị Hạnh"
    assert dong_cu[col["Lượt đi cơ sở"]] == 2
    assert dong_cu[col["Kế hoạch theo dõi"]] == "Quá hạn, chưa gửi"
    assert (dong_cu[col["Phiếu nhận xét"]], dong_cu[col["Đề nghị khen thưởng"]]) == ("Đã nhận", "Có")
    minh_khai = by_commune["Xã Minh Khai"]
    assert (minh_khai[col["Cán bộ theo dõi"]], minh_khai[col["Đề nghị khen thưởng"]]) == (
        "Trần Quang Minh",
        None,
    )
    assert sum(line[col["Lượt đi cơ sở"]] for line in lines) == 5


def test_a_commune_name_that_looks_like_a_formula_stays_text(world, year, client):
    known = build_monitoring(world)
    Unit.objects.filter(code="P-X3").update(name='=HYPERLINK("http://x","y")')
    client.force_login(world.users["organizer"])
    response = client.get(reverse("reports:export", args=["monitoring_summary"]), {"year": known.year.pk})
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [
        c
        for row in book["Theo xã, cán bộ"].iter_rows()
        for c in row
        if c.value == '=HYPERLINK("http://x","y")'
    ]
    assert cells and all(c.data_type == "s" for c in cells)


def test_only_who_oversees_the_programme_downloads_it(world, year, client):
    known = build_monitoring(world)
    url = reverse("reports:export", args=["monitoring_summary"])
    for role in ("cadre", "commune_committee", "unit_manager", "nobody"):
        client.force_login(world.users[role])
        assert client.get(url, {"year": known.year.pk}).status_code == 403, role
    client.force_login(world.users["inspector"])
    assert client.get(url, {"year": known.year.pk}).status_code == 200
    assert client.get(url, {"year": 999999}).status_code == 404
