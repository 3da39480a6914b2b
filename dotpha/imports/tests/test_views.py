"""The upload page: who may use it, preview then commit, and what the user sees when the file is wrong."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dotpha.core.errors import PermissionDeniedError
from dotpha.imports import services
from dotpha.imports.tests.test_services import counts
from dotpha.imports.tests.workbooks import cadre, org_workbook, unit
from dotpha.imports.uploads import SESSION_KEY
from dotpha.org.models import Appointment, Cadre, Unit
from dotpha.org.tests.factories import make_unit

pytestmark = pytest.mark.django_db

ROLES = ["organizer", "approver", "unit_manager", "cadre", "commune_committee", "inspector", "nobody"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx(data: bytes, name: str = "don-vi.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=XLSX)


def upload(client, data: bytes, name: str = "don-vi.xlsx"):
    return client.post(reverse("imports:org_upload"), {"file": xlsx(data, name)})


def commit(client, token: str):
    return client.post(reverse("imports:org_commit"), {"token": token}, follow=True)


def test_access_by_role(world, client):
    pages = [
        ("get", reverse("imports:org_upload")),
        ("get", reverse("imports:org_template")),
        ("post", reverse("imports:org_commit")),
    ]
    failures = []
    for role in ROLES:
        client.force_login(world.users[role])
        for method, url in pages:
            status = getattr(client, method)(url).status_code
            expected = (302 if method == "post" else 200) if role == "organizer" else 403
            if status != expected:
                failures.append(f"{method} {url} as {role}: expected {expected}, got {status}")
    assert failures == []


def test_anonymous_is_sent_to_login(world, client):
    for method, url in [
        ("get", reverse("imports:org_upload")),
        ("get", reverse("imports:org_template")),
        ("post", reverse("imports:org_commit")),
        ("post", reverse("imports:org_upload")),
    ]:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


def test_upload_page_speaks_vietnamese_and_links_the_template(world, client):
    client.force_login(world.users["organizer"])
    page = client.get(reverse("imports:org_upload")).text
    assert "<title>Nhập đơn vị, cán bộ từ Excel" in page
    assert reverse("imports:org_template") in page
    assert 'enctype="multipart/form-data"' in page
    assert "<script>" not in page and "style=" not in page.split("<main", 1)[1]


def test_template_download_is_a_real_workbook(world, client):
    client.force_login(world.users["organizer"])
    response = client.get(reverse("imports:org_template"))
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames[:2] == ["Đơn vị", "Cán bộ"]
    header = next(book["Đơn vị"].iter_rows(min_row=3, max_row=3, values_only=True))
    assert header[:3] == ("Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên")


def test_valid_file_previews_then_commits(world, client, valid_file):
    organizer = world.users["organizer"]
    client.force_login(organizer)
    before = counts()

    preview = upload(client, valid_file)

    assert preview.status_code == 200
    assert counts() == before  # the preview saves nothing
    assert "Tệp hợp lệ" in preview.text
    assert "Xã Hòa An" in preview.text and "Chánh Văn phòng" in preview.text
    token = preview.context["token"]
    assert token and f'value="{token}"' in preview.text

    done = commit(client, token)

    assert done.redirect_chain[-1][0] == reverse("imports:org_upload")
    assert "Đã nhập xong tệp “don-vi.xlsx”" in done.text
    assert Unit.objects.get(code="P-X3-DU").level.code == "commune"
    assert Cadre.objects.get(code="C001").appointments.count() == 2
    assert Unit.history.get(code="P-X3").history_user == organizer
    assert client.session[SESSION_KEY] == []

    again = commit(client, token)  # a second click on the same button
    assert "Tệp đã tải lên không còn" in again.text
    assert Cadre.objects.get(code="C001").appointments.count() == 2


def test_uploading_the_same_file_again_offers_nothing_to_commit(world, client, valid_file):
    client.force_login(world.users["organizer"])
    commit(client, upload(client, valid_file).context["token"])
    before = counts()

    preview = upload(client, valid_file)

    assert "không có gì khác với dữ liệu đang có" in preview.text
    assert preview.context["token"] == ""
    assert 'name="token"' not in preview.text
    assert counts() == before


def test_a_file_with_one_bad_row_commits_nothing_and_lists_the_row(world, client):
    client.force_login(world.users["organizer"])
    units = [unit("P-X3", "Xã Hòa An", "P", "commune"), unit("P-X4", "Xã Bốn", "P-X3", "commune")]
    cadres = [
        cadre("C001", "Trần Văn An", "Nam", unit_code="P-X3", position="Bí thư", start_date="01/08/2025"),
        cadre(
            "C002",
            "Lê Thị Bé",
            "Nữ",
            birth_year=1930,
            unit_code="P-X4",
            position="Bí thư",
            start_date="01/08/2025",
        ),
    ]
    before = counts()

    preview = upload(client, org_workbook(units, cadres))

    assert preview.context["token"] == ""
    assert 'name="token"' not in preview.text
    assert "Tệp có 1 lỗi, chưa nhập gì" in preview.text
    issues = [(i.sheet, i.row, i.column, i.message) for i in preview.context["issues"]]
    year = timezone.localdate().year
    assert issues == [("Cán bộ", 6, "Năm sinh", f"Năm sinh phải từ 1940 đến {year}")]
    assert "<td>Cán bộ</td><td>6</td><td>Năm sinh</td>" in preview.text
    assert counts() == before
    assert not Unit.objects.filter(code__in=["P-X3", "P-X4"]).exists()


def test_commit_checks_the_file_again(world, client, valid_file):
    client.force_login(world.users["organizer"])
    token = upload(client, valid_file).context["token"]
    # between the preview and the commit, someone adds one of the file's units elsewhere in the tree
    make_unit(world.commune, "Xã Hòa An", "P-X3", "commune")
    before = counts()

    response = commit(client, token)

    assert counts() == before
    assert [(i.row, i.column) for i in response.context["issues"]] == [(6, "Mã đơn vị cấp trên")]
    assert "chưa nhập gì" in response.text
    assert not response.context["refused"]
    assert not Unit.objects.filter(code="P-X3-DU").exists()


def test_a_refusal_at_commit_saves_nothing_and_shows_the_message(world, client, valid_file, monkeypatch):
    client.force_login(world.users["organizer"])
    token = upload(client, valid_file).context["token"]
    before = counts()

    def refuse(**kwargs):
        raise PermissionDeniedError("Bạn không có quyền quản lý tổ chức, cán bộ của đơn vị này.")

    monkeypatch.setattr(services, "cadre_create", refuse)
    response = commit(client, token)

    assert counts() == before
    assert response.context["refused"]
    assert "Hệ thống từ chối khi nhập; chưa lưu gì." in response.text
    assert [(i.sheet, i.row, i.message) for i in response.context["issues"]] == [
        ("Cán bộ", 5, "Bạn không có quyền quản lý tổ chức, cán bộ của đơn vị này.")
    ]
    assert not Unit.objects.filter(code="P-X3").exists()
    assert not Appointment.objects.filter(cadre__code="C001").exists()


def test_a_non_xlsx_upload_gets_the_vietnamese_message(world, client):
    client.force_login(world.users["organizer"])
    response = upload(client, b"Ma don vi;Ten don vi\nP-X9;Xa Thu\n", name="don-vi.csv")
    assert response.status_code == 200
    assert "Tệp không phải Excel .xlsx hoặc bị hỏng" in response.text
    assert response.context["token"] == ""


def test_an_empty_form_keeps_a_clear_message(world, client):
    client.force_login(world.users["organizer"])
    response = client.post(reverse("imports:org_upload"), {})
    assert "Chọn tệp Excel để tải lên." in response.text


def test_a_token_from_another_session_is_refused(world, client, valid_file):
    client.force_login(world.users["organizer"])
    token = upload(client, valid_file).context["token"]
    client.logout()
    client.force_login(world.users["organizer"])
    response = commit(client, token)
    assert "Tệp đã tải lên không còn" in response.text
    assert not Unit.objects.filter(code="P-X3").exists()
