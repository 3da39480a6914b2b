"""The year report prints the commune monitoring part, from the summary's selector, in Word and in PDF,
for the whole province and for one unit (its own cadres only)."""

import io
import re

import docx
import pytest
from django.urls import reverse
from pypdf import PdfReader

from dotpha.reports.tests.monitoring import build_monitoring

pytestmark = pytest.mark.django_db

PROVINCE_LINES = [
    "Cán bộ được phân công theo dõi\n2",
    "Phân công theo dõi trong năm\n3",
    "Xã, phường có cán bộ theo dõi\n3/3",
    "Lượt đi cơ sở\n5",
    "Phiếu nhận xét đã nhận / phải gửi\n3/3",
    "Cán bộ được đề nghị khen thưởng\n1 (50,0%)",
    "Kế hoạch gửi muộn / quá hạn chưa gửi\n0 / 3",
]
UNIT_LINES = [
    "Cán bộ được phân công theo dõi\n1",
    "Phân công theo dõi trong năm\n2",
    "Lượt đi cơ sở\n3",
    "Phiếu nhận xét đã nhận / phải gửi\n2/2",
    "Cán bộ được đề nghị khen thưởng\n1 (100,0%)",
]


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([*(p.text for p in document.paragraphs), *cells])


def pdf_text(content: bytes) -> str:
    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"\s+", " ", text)  # the layout breaks long lines anywhere


def export(client, code: str, year, **params) -> bytes:
    response = client.get(reverse("reports:export", args=[code]), {"period": year.period.pk, **params})
    assert response.status_code == 200, response.content[:300]
    return response.content


def test_the_word_report_prints_the_monitoring_part_of_the_province(world, year, client):
    build_monitoring(world)
    client.force_login(world.users["organizer"])
    text = docx_text(export(client, "report_docx", year))
    assert "II. KẾT QUẢ CÁN BỘ LÃNH ĐẠO THEO DÕI XÃ, PHƯỜNG" in text
    assert "III. ĐÁNH GIÁ CHUNG" in text
    assert (
        "Năm 2024, thực hiện 26-QĐ/TU, 2 cán bộ lãnh đạo được phân công theo dõi 3/3 xã, phường "
        "(3 phân công), đi cơ sở 5 lượt." in text
    )
    assert "1/2 cán bộ được nhận xét (50,0%) được đề nghị khen thưởng (2 phiếu)" in text
    for line in PROVINCE_LINES:
        assert line in text


def test_a_units_word_report_counts_only_its_own_cadres(world, year, client):
    build_monitoring(world)
    client.force_login(world.users["organizer"])
    text = docx_text(export(client, "report_docx", year, unit=world.home_affairs.pk))
    assert "KẾT QUẢ CÁN BỘ LÃNH ĐẠO THEO DÕI XÃ, PHƯỜNG" in text
    for line in UNIT_LINES:
        assert line in text
    # Sở Tài chính's cadre and visits are not Sở Nội vụ's
    assert "Lượt đi cơ sở\n5" not in text


def test_the_pdf_report_prints_the_same_monitoring_figures(world, year, client):
    build_monitoring(world)
    client.force_login(world.users["organizer"])
    text = pdf_text(export(client, "report_pdf", year))
    assert "KẾT QUẢ CÁN BỘ LÃNH ĐẠO THEO DÕI XÃ, PHƯỜNG" in text
    for line in PROVINCE_LINES:
        label, value = line.split("\n")
        assert f"{label} {value}" in text, (line, text[text.find("THEO DÕI") :][:1500])
    unit = pdf_text(export(client, "report_pdf", year, unit=world.home_affairs.pk))
    for line in UNIT_LINES:
        label, value = line.split("\n")
        assert f"{label} {value}" in unit, line


def test_without_monitoring_that_year_the_report_has_no_such_part(world, year, client):
    client.force_login(world.users["organizer"])
    text = docx_text(export(client, "report_docx", year))
    assert "THEO DÕI XÃ" not in text and "II. ĐÁNH GIÁ CHUNG" in text


def test_a_unit_manager_reads_their_units_part_only(world, year, client):
    build_monitoring(world)
    client.force_login(world.users["unit_manager"])
    text = docx_text(export(client, "report_docx", year))
    for line in UNIT_LINES:
        assert line in text
    client.force_login(world.users["nobody"])
    response = client.get(reverse("reports:export", args=["report_docx"]), {"period": year.period.pk})
    assert response.status_code == 403
