"""The report's heading and text: Decree 30 dates, names escaped, and the part other apps add."""

import datetime
import io

import docx
import pytest
from django.urls import reverse

from dotpha.reports import sections
from dotpha.reports.formatting import date_line, place_name, vn_int, vn_pct
from dotpha.tasks.models import Task

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (datetime.date(2026, 11, 25), "Hòa Sơn, ngày 25 tháng 11 năm 2026"),
        (datetime.date(2026, 2, 5), "Hòa Sơn, ngày 05 tháng 02 năm 2026"),
        (datetime.date(2026, 3, 9), "Hòa Sơn, ngày 09 tháng 3 năm 2026"),
    ],
)
def test_dates_are_written_as_decree_30_asks(day, text):
    assert date_line(place_name("Tỉnh Hòa Sơn"), day) == text


def test_numbers_are_written_the_vietnamese_way():
    assert (vn_int(3853), vn_pct(100 * 81 / 244), vn_pct(None)) == ("3.853", "33,2%", "–")


def _word(client, year) -> str:
    response = client.get(reverse("reports:export", args=["report_docx"]), {"period": year.period.pk})
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([*(p.text for p in document.paragraphs), *cells])


def test_names_typed_by_users_never_become_markup(world, year, client):
    Task.objects.filter(pk=year.tasks[0].pk).update(title='Xây "cầu" <w:p> Tân & Lập')
    client.force_login(world.users["organizer"])
    assert 'Xây "cầu" <w:p> Tân & Lập' in _word(client, year)


def test_another_app_adds_its_part_to_the_report(world, year, client, monkeypatch):
    monkeypatch.setattr(sections, "_SECTIONS", {})
    client.force_login(world.users["organizer"])
    without = _word(client, year)
    assert "II. ĐÁNH GIÁ CHUNG" in without and "THEO DÕI XÃ" not in without

    def monitoring(request: sections.SectionRequest) -> dict:
        assert request.year == "2024" and request.root == world.province
        return {
            "paragraphs": ["Có 151/151 Đảng ủy xã gửi phiếu nhận xét về 141 cán bộ theo dõi."],
            "rows": [{"label": "Lượt đi cơ sở", "value": "657"}],
        }

    sections.register_section("monitoring", monitoring)
    text = _word(client, year)
    assert "II. KẾT QUẢ CÁN BỘ LÃNH ĐẠO THEO DÕI XÃ, PHƯỜNG" in text
    assert "Có 151/151 Đảng ủy xã gửi phiếu nhận xét về 141 cán bộ theo dõi." in text
    assert "Lượt đi cơ sở\n657" in text
    assert "III. ĐÁNH GIÁ CHUNG" in text
