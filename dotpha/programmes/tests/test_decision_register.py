"""The decision register: a decision's signed scan (PDF only) locks its task list, an amending decision
names the one it amends, and the register's pages and annex files show what the decision approved."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from dotpha.audit.models import ReadKind, ReadLog
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.org.models import Cadre
from dotpha.programmes.models import Decision
from dotpha.programmes.services import decision_amend, decision_attach_scan, decision_create
from dotpha.programmes.tests.factories import PeriodFactory, ProgrammeFactory
from dotpha.tasks.models import TaskStatus
from dotpha.tasks.services import decision_approve_batch
from dotpha.tasks.tests.evidence_samples import pdf
from dotpha.tasks.tests.factories import TaskFactory
from dotpha.tests.test_access import ROLES

pytestmark = pytest.mark.django_db

SIGNED = datetime.date(2024, 3, 15)
REGISTER = {"organizer", "approver", "inspector"}


@pytest.fixture
def decision(world) -> Decision:
    """125-QĐ/TU of 15/03/2024: two tasks of two cadres the standing committee manages."""
    programme = ProgrammeFactory.create(number="30-QĐ/TU", issuing_unit=world.standing)
    period = PeriodFactory.create(programme=programme, name="2024")
    approver = world.users["approver"]
    tasks = [
        TaskFactory.create(
            programme=programme,
            period=period,
            assignee_cadre=Cadre.objects.get(full_name=name),
            author=world.users["cadre"],
            authority_unit=world.standing,
            status=TaskStatus.SUBMITTED,
            title=title,
            deadline=datetime.date(2024, 11, 30),
        )
        for name, title in [
            ("Đặng Thị Hạnh", "Số hóa 100% hồ sơ cán bộ"),
            ("Trần Quang Minh", "Giải ngân 95% vốn đầu tư công"),
        ]
    ]
    decision = decision_create(
        actor=approver,
        programme=programme,
        period=period,
        number="125-QĐ/TU",
        title="Quyết định phê duyệt việc đột phá, đổi mới năm 2024 (đợt 1)",
        signed_on=SIGNED,
        signer_name="Lê Thị Thu",
        signer_post="Phó Bí thư Thường trực Tỉnh ủy",
        recipients="Các đồng chí Ủy viên Ban Thường vụ\nNhư Điều 2\nLưu Văn phòng Tỉnh ủy",
    )
    return decision_approve_batch(actor=approver, tasks=tasks, decision=decision)


def scan(name: str = "qd-125.pdf") -> SimpleUploadedFile:
    return pdf(name)


# ------------------------------------------------------------------------------------------------ services


def test_the_signed_scan_locks_the_decision(world, decision):
    approver = world.users["approver"]
    decision_attach_scan(actor=approver, decision=decision, file=scan())
    decision.refresh_from_db()
    assert decision.is_locked and decision.scan_name == "qd-125.pdf"
    assert decision.scan_uploaded_by == approver
    with decision.scan.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    row = decision.history.latest()
    assert (row.history_user, row.history_change_reason) == (approver, "Tải bản ký, khóa danh sách việc")
    # a second scan is refused: the list is locked, a change is a new decision
    with pytest.raises(ApplicationError) as exc:
        decision_attach_scan(actor=approver, decision=decision, file=scan("khac.pdf"))
    assert exc.value.code == "decision_locked"


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("qd.docx", b"PK\x03\x04 not a pdf"), "file_type"),
        (SimpleUploadedFile("qd.pdf", b"<html>%PDF-1.4</html>"), "file_content"),
        (SimpleUploadedFile("qd.pdf", b"%PDF-1.4 no pages, no xref"), "file_content"),
        (SimpleUploadedFile("qd.pdf", b""), "file_empty"),
    ],
)
def test_a_scan_that_is_not_a_pdf_is_refused_and_changes_nothing(world, decision, upload, code):
    with pytest.raises(ApplicationError) as exc:
        decision_attach_scan(actor=world.users["approver"], decision=decision, file=upload)
    assert exc.value.code == code
    decision.refresh_from_db()
    assert not decision.is_locked and not decision.scan


def test_a_scan_over_the_cap_is_refused(world, decision, monkeypatch):
    monkeypatch.setattr("dotpha.programmes.scan.MAX_SCAN_BYTES", 1024 * 1024)
    with pytest.raises(ApplicationError) as exc:
        decision_attach_scan(
            actor=world.users["approver"], decision=decision, file=pdf("qd-125.pdf", 1024 * 1024 + 1)
        )
    assert (exc.value.code, exc.value.message) == (
        "file_size",
        "Tệp “qd-125.pdf” vượt quá dung lượng cho phép (tối đa 1 MB).",
    )


def test_only_the_issuing_body_attaches_the_scan_and_never_to_an_empty_decision(world, decision):
    with pytest.raises(PermissionDeniedError):
        decision_attach_scan(actor=world.users["organizer"], decision=decision, file=scan())
    empty = decision_create(
        actor=world.users["approver"],
        programme=decision.programme,
        period=decision.period,
        number="126-QĐ/TU",
        title="Đợt 2",
        signed_on=SIGNED,
    )
    with pytest.raises(ApplicationError) as exc:
        decision_attach_scan(actor=world.users["approver"], decision=empty, file=scan())
    assert exc.value.code == "decision_empty"
    assert not Decision.objects.filter(scan_uploaded_at__isnull=False).exists()


def test_an_amending_decision_names_the_one_it_amends(world, decision):
    approver = world.users["approver"]
    amending = decision_create(
        actor=approver,
        programme=decision.programme,
        period=decision.period,
        number="140-QĐ/TU",
        title="Sửa đổi, bổ sung danh sách việc đợt 1",
        signed_on=datetime.date(2024, 5, 6),
        amends=decision,
    )
    assert list(decision.amendments.all()) == [amending]
    other = PeriodFactory.create(
        programme=decision.programme,
        name="2025",
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2025, 12, 31),
    )
    with pytest.raises(ApplicationError) as exc:
        decision_create(
            actor=approver,
            programme=decision.programme,
            period=other,
            number="141-QĐ/TU",
            title="Khác kỳ",
            signed_on=datetime.date(2025, 2, 1),
            amends=decision,
        )
    assert exc.value.code == "amends_mismatch"
    with pytest.raises(ApplicationError) as exc:
        decision_create(
            actor=approver,
            programme=decision.programme,
            period=decision.period,
            number="142-QĐ/TU",
            title="Ký trước",
            signed_on=datetime.date(2024, 3, 1),
            amends=decision,
        )
    assert exc.value.code == "amends_date"


def _submitted(world, decision: Decision, title: str):
    return TaskFactory.create(
        author=world.users["cadre"],
        programme=decision.programme,
        period=decision.period,
        assignee_cadre=Cadre.objects.get(full_name="Đặng Thị Hạnh"),
        authority_unit=decision.issuing_unit,
        status=TaskStatus.SUBMITTED,
        title=title,
        deadline=datetime.date(2024, 11, 30),
    )


def test_a_locked_decision_is_amended_by_a_new_open_decision_that_takes_the_new_tasks(world, decision):
    approver = world.users["approver"]
    decision_attach_scan(actor=approver, decision=decision, file=scan())
    late = _submitted(world, decision, "Chuyển đổi số hồ sơ đảng viên")
    # the locked decision takes no new task
    with pytest.raises(ApplicationError) as exc:
        decision_approve_batch(actor=approver, tasks=[late], decision=decision)
    assert exc.value.code == "decision_locked"
    # when the approver starts an amending decision
    amending = decision_amend(
        actor=approver, decision=decision, number="140-QĐ/TU", signed_on=datetime.date(2024, 5, 6)
    )
    # then it is a new open decision of the same body, programme and period, amending the locked one
    assert (amending.amends, amending.issuing_unit, amending.period) == (
        decision,
        world.standing,
        decision.period,
    )
    assert amending.title == "Sửa đổi, bổ sung Quyết định số 125-QĐ/TU" and not amending.is_locked
    # and the new task is approved under it, on its signing date; the locked list is unchanged
    decision_approve_batch(actor=approver, tasks=[late], decision=amending)
    late.refresh_from_db()
    assert (late.decision, late.approved_on) == (amending, datetime.date(2024, 5, 6))
    assert decision.tasks.count() == 2


def test_amending_is_refused_for_an_open_decision_a_bad_date_and_outside_the_issuing_body(world, decision):
    approver = world.users["approver"]
    with pytest.raises(ApplicationError) as exc:
        decision_amend(actor=approver, decision=decision, number="140-QĐ/TU", signed_on=SIGNED)
    assert exc.value.code == "decision_open"
    decision_attach_scan(actor=approver, decision=decision, file=scan())
    with pytest.raises(ApplicationError) as exc:
        decision_amend(
            actor=approver, decision=decision, number="140-QĐ/TU", signed_on=datetime.date(2024, 3, 1)
        )
    assert (
        exc.value.message
        == "Quyết định sửa đổi phải ký từ ngày 15/03/2024 (ngày ký quyết định số 125-QĐ/TU)."
    )
    for role in ("organizer", "inspector", "unit_manager"):
        with pytest.raises(PermissionDeniedError):
            decision_amend(actor=world.users[role], decision=decision, number="141-QĐ/TU", signed_on=SIGNED)
    assert Decision.objects.count() == 1


# ------------------------------------------------------------------------------------------------ pages


def test_the_register_and_a_decision_for_every_role(world, client, decision):
    pages = [
        reverse("programmes:decision_list"),
        reverse("programmes:decision_detail", args=[decision.pk]),
        reverse("programmes:decision_annex_docx", args=[decision.pk]),
        reverse("programmes:decision_annex_xlsx", args=[decision.pk]),
    ]
    failures = []
    for role in ROLES:
        client.force_login(world.users[role])
        for url in pages:
            got = client.get(url).status_code
            if got != (200 if role in REGISTER else 403):
                failures.append(f"{url} as {role}: {got}")
    assert failures == []


def test_the_register_lists_number_date_signer_and_counts(world, client, decision):
    client.force_login(world.users["organizer"])
    text = client.get(reverse("programmes:decision_list")).text
    assert "Quyết định số 125-QĐ/TU ngày 15/03/2024" in text
    assert "Lê Thị Thu (Phó Bí thư Thường trực Tỉnh ủy)" in text
    assert "phê duyệt 2 việc cho 2 cán bộ" in text
    assert "Ban Thường vụ Tỉnh ủy" in text
    page = client.get(reverse("programmes:decision_detail", args=[decision.pk])).text
    assert "Số hóa 100% hồ sơ cán bộ" in page and "Giải ngân 95% vốn đầu tư công" in page
    assert "T/M BAN THƯỜNG VỤ" in page
    assert "Tải bản ký (PDF)" not in page  # the organizer does not issue it


def test_the_task_page_shows_its_decision(world, client, decision):
    task = decision.tasks.first()
    client.force_login(world.users["cadre"])
    text = client.get(reverse("tasks:detail", args=[task.pk])).text
    assert "Quyết định 125-QĐ/TU ngày 15/03/2024" in text
    assert reverse("programmes:decision_detail", args=[decision.pk]) not in text  # not hers to open
    client.force_login(world.users["approver"])
    text = client.get(reverse("tasks:detail", args=[task.pk])).text
    assert reverse("programmes:decision_detail", args=[decision.pk]) in text


def test_the_approver_uploads_the_scan_on_the_page(world, client, decision):
    url = reverse("programmes:decision_scan_upload", args=[decision.pk])
    for role in ("organizer", "inspector"):
        client.force_login(world.users[role])
        assert client.post(url, {"scan": scan()}).status_code == 403
    for role in ("unit_manager", "cadre", "commune_committee", "nobody"):
        client.force_login(world.users[role])
        assert client.post(url, {"scan": scan()}).status_code == 403
    client.force_login(world.users["approver"])
    refused = client.post(url, {"scan": SimpleUploadedFile("qd.pdf", b"<html></html>")})
    assert refused.status_code == 200
    assert "Nội dung tệp “qd.pdf” không đúng định dạng PDF." in refused.text
    response = client.post(url, {"scan": scan()})
    assert response.status_code == 302
    page = client.get(reverse("programmes:decision_detail", args=[decision.pk])).text
    assert "qd-125.pdf" in page and "Danh sách việc đã khóa" in page
    download = client.get(reverse("programmes:decision_scan", args=[decision.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF-")
    client.force_login(world.users["cadre"])
    assert client.get(reverse("programmes:decision_scan", args=[decision.pk])).status_code == 403


# ------------------------------------------------------------------------------------------------ files


def test_the_word_annex_in_the_partys_layout(world, client, decision):
    client.force_login(world.users["organizer"])
    response = client.get(reverse("programmes:decision_annex_docx", args=[decision.pk]))
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    heading = doc.tables[0].rows[0].cells
    assert [p.text for p in heading[0].paragraphs] == ["TỈNH ỦY THỬ NGHIỆM", "*", "Số 125-QĐ/TU"]
    assert [p.text for p in heading[1].paragraphs] == [
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "",
        "Thử Nghiệm, ngày 15 tháng 03 năm 2024",
    ]
    texts = [p.text for p in doc.paragraphs]
    assert "Quyết định phê duyệt việc đột phá, đổi mới năm 2024 (đợt 1)" in texts
    assert "(Kèm theo Quyết định số 125-QĐ/TU ngày 15/03/2024)" in texts
    rows = [[c.text for c in row.cells] for row in doc.tables[1].rows]
    assert rows[0] == [
        "STT",
        "Họ và tên",
        "Chức vụ",
        "Đơn vị",
        "Việc đột phá, đổi mới được phê duyệt",
        "Thời hạn",
    ]
    assert rows[1:] == [
        ["1", "Đặng Thị Hạnh", "Phó Giám đốc", "Sở Nội vụ", "Số hóa 100% hồ sơ cán bộ", "30/11/2024"],
        ["2", "Trần Quang Minh", "Giám đốc", "Sở Tài chính", "Giải ngân 95% vốn đầu tư công", "30/11/2024"],
    ]
    sign_left, sign_right = doc.tables[2].rows[0].cells
    assert [p.text for p in sign_left.paragraphs] == [
        "Nơi nhận:",
        "- Các đồng chí Ủy viên Ban Thường vụ",
        "- Như Điều 2",
        "- Lưu Văn phòng Tỉnh ủy",
    ]
    signature = [p.text for p in sign_right.paragraphs if p.text]
    assert signature == ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ THƯỜNG TRỰC TỈNH ỦY", "Lê Thị Thu"]


def test_the_excel_annex_keeps_user_text_as_text(world, client, decision):
    decision.tasks.filter(title__startswith="Số hóa").update(title='=HYPERLINK("http://x","y")')
    client.force_login(world.users["approver"])
    response = client.get(reverse("programmes:decision_annex_xlsx", args=[decision.pk]))
    assert response.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    assert cells[0][0] == "TỈNH ỦY THỬ NGHIỆM" and cells[0][3] == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert cells[1][0] == "Số 125-QĐ/TU" and cells[1][3] == "Thử Nghiệm, ngày 15 tháng 03 năm 2024"
    header = cells.index(
        ["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Việc đột phá, đổi mới được phê duyệt", "Thời hạn"]
    )
    assert cells[header + 1] == [
        1,
        "Đặng Thị Hạnh",
        "Phó Giám đốc",
        "Sở Nội vụ",
        '=HYPERLINK("http://x","y")',
        "30/11/2024",
    ]
    assert ws.cell(header + 2, 5).data_type == "s"
    assert cells[header + 2][1] == "Trần Quang Minh"
    flat = [v for row in cells for v in row if v]
    assert "T/M BAN THƯỜNG VỤ" in flat and "Lê Thị Thu" in flat and "- Như Điều 2" in flat


@pytest.mark.parametrize(
    ("name", "extension", "content_type"),
    [
        (
            "decision_annex_docx",
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("decision_annex_xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_the_annex_is_named_after_the_decision_and_its_download_logged(
    world, client, decision, name, extension, content_type
):
    """The reports app serves it (its exporters write it) at the decision's own address."""
    url = reverse(f"programmes:{name}", args=[decision.pk])
    assert url == f"/programmes/decisions/{decision.pk}/annex.{extension}"
    client.force_login(world.users["cadre"])
    assert client.get(url).status_code == 403
    assert not ReadLog.objects.exists()
    client.force_login(world.users["inspector"])
    response = client.get(url)
    filename = f"phu-luc-quyet-dinh-125-Q--TU-2024.{extension}"
    assert response.status_code == 200 and response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response["Cache-Control"] == "private, no-store"
    row = ReadLog.objects.get()
    assert (row.user, row.kind, row.subject, row.object_id, row.unit) == (
        world.users["inspector"],
        ReadKind.EXPORT,
        "decision_annex",
        str(decision.pk),
        world.standing,
    )
    assert row.object_repr == f"Phụ lục Quyết định số 125-QĐ/TU: {filename}"


def test_the_approver_starts_an_amending_decision_on_the_locked_decisions_page(world, client, decision):
    url = reverse("programmes:decision_amend", args=[decision.pk])
    detail = reverse("programmes:decision_detail", args=[decision.pk])
    body = {"number": "140-QĐ/TU", "signed_on": "06/05/2024", "title": ""}
    client.force_login(world.users["approver"])
    # an open decision offers no amendment: its list still changes
    assert "Quyết định sửa đổi, bổ sung" not in client.get(detail).text
    decision_attach_scan(actor=world.users["approver"], decision=decision, file=scan())
    assert "Tạo quyết định sửa đổi" in client.get(detail).text
    # who may not: readers of the register see no form and are refused; others are refused too
    for role in ("organizer", "inspector", "unit_manager", "cadre", "commune_committee", "nobody"):
        client.force_login(world.users[role])
        if role in REGISTER:
            assert "Tạo quyết định sửa đổi" not in client.get(detail).text
        assert client.post(url, body).status_code == 403, role
    assert Decision.objects.count() == 1
    # a signing date before the amended decision's is refused on the page, nothing created
    client.force_login(world.users["approver"])
    refused = client.post(url, body | {"signed_on": "01/03/2024"})
    assert refused.status_code == 200
    assert "Quyết định sửa đổi phải ký từ ngày 15/03/2024 (ngày ký quyết định số 125-QĐ/TU)." in refused.text
    assert Decision.objects.count() == 1
    # the approver's amending decision opens on its own page, naming the one it amends
    response = client.post(url, body)
    amending = Decision.objects.get(number="140-QĐ/TU")
    assert response.status_code == 302 and response.url == reverse(
        "programmes:decision_detail", args=[amending.pk]
    )
    page = client.get(response.url).text
    assert "Sửa đổi, bổ sung quyết định số 125-QĐ/TU ngày 15/03/2024" in page
    assert "Tải bản ký (PDF)" in page and reverse("tasks:approvals") in page
    assert "Quyết định số 140-QĐ/TU ngày 06/05/2024" in client.get(detail).text
