"""The task-list import pages: who may use them, and the journeys a user takes (upload, choose columns,
preview, choose among cadres of the same name, commit), each form submitted as the browser would submit
it, from the page's own fields."""

import datetime
import io
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from dotpha.imports.models import ImportInProgress
from dotpha.imports.task_layout import COLUMNS, INSTRUCTIONS_SHEET, SHEET
from dotpha.imports.tests.test_task_layouts import (
    Desk,
    make_desk,
    outsider_approver,
    provincial_list,
    text_deadline_list,
    unfamiliar_list,
)
from dotpha.imports.tests.test_task_services import counts, created
from dotpha.imports.uploads import SESSION_KEY
from dotpha.programmes.models import Decision
from dotpha.tasks.models import Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(world) -> Desk:
    return make_desk(world)


ROLES = ["organizer", "approver", "unit_manager", "cadre", "commune_committee", "inspector", "nobody"]
ALLOWED = {"organizer", "approver"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _Form(HTMLParser):
    """The fields a browser would send from the form posting to `action`: hidden and text inputs, and each
    select's selected option (else its first)."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action = action
        self.inside = False
        self.fields: dict[str, str] = {}
        self._select: str | None = None
        self._first: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("action") == self.action
        elif not self.inside:
            return
        elif tag == "input" and a.get("type") in ("hidden", "text", None) and a.get("name"):
            self.fields[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select, self._first = a.get("name"), None
        elif tag == "option" and self._select:
            if self._first is None:
                self._first = a.get("value", "")
                self.fields.setdefault(self._select, self._first)
            if "selected" in a:
                self.fields[self._select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None


def form_fields(response, url_name: str) -> dict[str, str]:
    parser = _Form(reverse(url_name))
    parser.feed(response.text)
    return parser.fields


def upload(client, desk, data: bytes, **fields):
    values = {
        "period": desk.year.pk,
        "decision": "",
        "decision_number": "125-QĐ/TU",
        "signed_on": "15/03/2024",
        "decision_title": "",
        "batch_number": "1",
        **fields,
    }
    file = SimpleUploadedFile("danh-sach.xlsx", data, content_type=XLSX)
    return client.post(reverse("imports:task_upload"), {**values, "file": file})


def submit(client, response, url_name: str, *, form: str = "", **changes):
    """Post the page's form (the one posting to `form`, by default to `url_name`) to `url_name` with the
    fields it holds, some changed: a button with its own `formaction` posts its form elsewhere."""
    fields = {**form_fields(response, form or url_name), **changes}
    return client.post(reverse(url_name), fields, follow=True)


def test_access_by_role(world, client):
    failures = []
    for role in ROLES:
        client.force_login(world.users[role])
        for method, name in [
            ("get", "imports:task_upload"),
            ("get", "imports:task_template"),
            ("post", "imports:task_map"),
            ("post", "imports:task_commit"),
        ]:
            status = getattr(client, method)(reverse(name)).status_code
            expected = (302 if method == "post" else 200) if role in ALLOWED else 403
            if status != expected:
                failures.append(f"{method} {name} as {role}: expected {expected}, got {status}")
    assert failures == []


def test_anonymous_is_sent_to_login(world, client):
    for method, name in [
        ("get", "imports:task_upload"),
        ("post", "imports:task_upload"),
        ("get", "imports:task_template"),
        ("post", "imports:task_map"),
        ("post", "imports:task_commit"),
    ]:
        response = getattr(client, method)(reverse(name))
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("login")), name


def test_get_is_refused_on_the_post_steps(desk, client):
    client.force_login(desk.approver)
    assert client.get(reverse("imports:task_map")).status_code == 405
    assert client.get(reverse("imports:task_commit")).status_code == 405


def test_upload_page_speaks_vietnamese_and_links_the_template(desk, client):
    client.force_login(desk.approver)
    page = client.get(reverse("imports:task_upload")).text
    assert "<title>Nhập danh sách giao việc từ Excel" in page
    assert reverse("imports:task_template") in page
    assert 'enctype="multipart/form-data"' in page
    assert "Quy định 30-QĐ/TU · Năm 2024" in page and "Quy định 30-QĐ/TU · Giai đoạn 2021–2025" in page
    assert "Số 90-QĐ/TU ngày 10/01/2022" in page
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    assert "<script" not in main and "style=" not in main


def test_template_download_is_a_real_workbook(desk, client):
    client.force_login(desk.approver)
    response = client.get(reverse("imports:task_template"))
    assert response["Content-Type"] == XLSX
    assert 'filename="mau-danh-sach-giao-viec.xlsx"' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == [SHEET, INSTRUCTIONS_SHEET]
    header = next(book[SHEET].iter_rows(min_row=5, max_row=5, values_only=True))
    assert header == tuple(c.header for c in COLUMNS)
    help_text = [v for row in book[INSTRUCTIONS_SHEET].iter_rows(values_only=True) for v in row if v]
    assert "Chuyển đổi số" in help_text and "Việc đột phá, đổi mới" in help_text

    # the empty template reads back with every column matched, and says it has no rows yet
    preview = upload(client, desk, response.content)
    assert preview.templates[0].name == "imports/task_preview.html"
    assert preview.context["plan"].mapping_confident
    assert set(preview.context["plan"].mapping.columns) == {c.key for c in COLUMNS}
    assert "Danh sách không có dòng việc nào dưới dòng tiêu đề" in preview.text
    assert not preview.context["can_commit"]


def test_provincial_list_previews_then_commits(desk, client):
    client.force_login(desk.approver)

    preview = upload(client, desk, provincial_list())

    assert preview.templates[0].name == "imports/task_preview.html"  # headers known: no mapping step
    assert counts()[:2] == (0, 1)  # the preview saves nothing (the one decision is the fixture's)
    assert "Tệp hợp lệ" in preview.text and preview.context["can_commit"]
    assert (
        "Quy định 30-QĐ/TU · Năm 2024 · Quyết định số 125-QĐ/TU ngày 15/03/2024 (quyết định mới)"
        in preview.text
    )
    assert "trùng tên, phân biệt theo chức vụ, đơn vị" in preview.text
    assert "Phó Giám đốc, Sở Tài chính" in preview.text and "CÁC SỞ, NGÀNH" in preview.text
    assert preview.context["decision_note"] == ""

    done = submit(client, preview, "imports:task_commit")

    assert done.redirect_chain[-1][0] == reverse("imports:task_upload")
    assert "Đã nhập xong tệp “danh-sach.xlsx”. Đã tạo 4 việc đã phê duyệt cho 3 cán bộ" in done.text
    assert created() == [
        (
            "Số hóa 100% hồ sơ thủ tục hành chính của Sở Nội vụ",
            desk.hung.pk,
            datetime.date(2024, 9, 30),
            "125-QĐ/TU",
        ),
        (
            "Rút ngắn thời gian giải quyết hồ sơ tuyển dụng",
            desk.hung.pk,
            datetime.date(2024, 12, 31),
            "125-QĐ/TU",
        ),
        ("Thu hồi dứt điểm nợ đọng thuế đất", desk.minh.pk, datetime.date(2024, 11, 30), "125-QĐ/TU"),
        ("Cân đối vốn cho dự án trọng điểm", desk.other_hung.pk, datetime.date(2024, 6, 30), "125-QĐ/TU"),
    ]
    assert Decision.objects.get(number="125-QĐ/TU").batch_number == 1
    assert client.session[SESSION_KEY] == []

    again = submit(client, preview, "imports:task_commit")  # a second click on the same button
    assert "Tệp đã tải lên không còn" in again.text
    assert Task.objects.count() == 4


def test_text_deadlines_under_an_existing_decision(desk, client):
    client.force_login(desk.approver)

    preview = upload(client, desk, text_deadline_list(), period=desk.phase.pk, decision=desk.decision.pk)

    assert preview.context["can_commit"]
    row = preview.context["rows"][0][0]
    assert (row.deadline, row.deadline_text) == (datetime.date(2024, 9, 30), "Quý III/2024")
    assert "30/09/2024" in preview.text and "Quý III/2024" in preview.text

    submit(client, preview, "imports:task_commit")

    assert [(title, deadline, number) for title, _, deadline, number in created()] == [
        ("Xóa nhà tạm cho hộ nghèo", datetime.date(2024, 9, 30), "90-QĐ/TU"),
        ("Kiện toàn bộ máy Văn phòng Sở", datetime.date(2023, 12, 31), "90-QĐ/TU"),
        ("Chuẩn hóa dữ liệu cán bộ", datetime.date(2023, 12, 31), "90-QĐ/TU"),
        ("Tổng kết mô hình dân vận khéo", datetime.date(2024, 12, 31), "90-QĐ/TU"),
        ("Hoàn thành sáp nhập thôn", datetime.date(2024, 6, 30), "90-QĐ/TU"),
        ("Phát triển đảng viên mới", datetime.date(2025, 6, 30), "90-QĐ/TU"),
    ]


def test_unfamiliar_headers_go_through_the_mapping_step_and_a_choice(desk, client):
    client.force_login(desk.approver)

    # upload: the headers differ, so the user is asked which column is which, with suggestions
    mapping_page = upload(client, desk, unfamiliar_list())
    assert mapping_page.templates[0].name == "imports/task_mapping.html"
    fields = form_fields(mapping_page, "imports:task_map")
    assert (fields["map-title"], fields["map-full_name"], fields["map-deadline"]) == ("1", "", "5")
    assert "Giải ngân vốn đầu tư công đạt kế hoạch" in mapping_page.text  # the first rows, to choose by

    # without the name column the step stays, saying what is missing
    again = submit(client, mapping_page, "imports:task_map")
    assert again.templates[0].name == "imports/task_mapping.html"
    assert "Chọn cột “Họ và tên người được giao”." in again.text

    # the user picks column C for the name: preview, with a select for the name two cadres share
    preview = submit(client, mapping_page, "imports:task_map", **{"map-full_name": "2", "map-number": "0"})
    assert preview.templates[0].name == "imports/task_preview.html"
    assert 'name="choice-5"' in preview.text
    assert f"Nguyễn Văn Hùng — Giám đốc, Sở Nội vụ (mã {desk.hung.code})" in preview.text
    assert preview.context["can_commit"] and preview.context["counts"]["ambiguous"] == 1

    # commit without choosing: refused, nothing saved, the choice still offered
    refused = submit(client, preview, "imports:task_commit")
    assert counts()[0] == 0
    assert [(i.row, i.column) for i in refused.context["issues"]] == [(5, "Lãnh đạo phụ trách")]
    assert "Có 2 cán bộ tên “Nguyễn Văn Hùng”, chưa chọn người được giao" in refused.text
    assert "chọn người được giao ở các dòng có tên trùng" in refused.text
    assert 'name="choice-5"' in refused.text and refused.context["can_commit"]

    # commit with the choice: the chosen cadre gets the task
    done = submit(client, refused, "imports:task_commit", **{"choice-5": str(desk.other_hung.pk)})
    assert "Đã tạo 3 việc" in done.text
    assert created() == [
        ("Giải ngân vốn đầu tư công đạt kế hoạch", desk.minh.pk, datetime.date(2024, 12, 31), "125-QĐ/TU"),
        ("Chuyển đổi số hồ sơ cán bộ", desk.other_hung.pk, datetime.date(2024, 6, 30), "125-QĐ/TU"),
        ("Sắp xếp đơn vị sự nghiệp", desk.hung.pk, datetime.date(2024, 10, 31), "125-QĐ/TU"),
    ]


def test_the_mapping_can_be_changed_from_the_preview(desk, client):
    client.force_login(desk.approver)
    preview = upload(client, desk, provincial_list())

    assert f'formaction="{reverse("imports:task_map")}"' in preview.text
    mapping_page = submit(client, preview, "imports:task_map", form="imports:task_commit", edit="1")

    assert mapping_page.templates[0].name == "imports/task_mapping.html"
    fields = form_fields(mapping_page, "imports:task_map")
    assert (fields["map-title"], fields["map-full_name"], fields["map-position"]) == ("1", "2", "3")

    # dropping the field column: the rows are read without it
    preview = submit(client, mapping_page, "imports:task_map", **{"map-field": ""})
    assert [r.field_name for r, _ in preview.context["rows"]] == ["", "", "", ""]


def test_a_file_with_one_bad_row_offers_no_commit(desk, client):
    client.force_login(desk.approver)

    preview = upload(client, desk, provincial_list({"F14": "Thường xuyên"}))

    assert not preview.context["can_commit"]
    assert "Nhập vào hệ thống</button>" not in preview.text
    assert [(i.row, i.column) for i in preview.context["issues"]] == [(14, "Thời gian hoàn thành")]
    assert "<td>14</td><td>Thời gian hoàn thành</td>" in preview.text
    forced = submit(client, preview, "imports:task_commit")  # a commit posted anyway
    assert forced.context["issues"] and Task.objects.count() == 0


def test_a_user_who_cannot_issue_the_decision_is_told_on_arrival(desk, client):
    outsider = outsider_approver(desk.world)
    client.force_login(outsider)

    page = client.get(reverse("imports:task_upload"))
    assert "không ban hành quyết định phê duyệt cho chương trình nào đang mở" in page.text
    assert 'name="file"' not in page.text

    refused = upload(client, desk, provincial_list())
    assert refused.templates[0].name == "imports/task_upload.html"
    assert "không ban hành quyết định phê duyệt cho chương trình nào đang mở" in refused.text
    assert counts()[:2] == (0, 1)


def test_the_decision_named_in_the_title_block_is_compared(desk, client):
    client.force_login(desk.approver)
    preview = upload(client, desk, provincial_list(), decision_number="126-QĐ/TU")
    assert preview.context["decision_note"] == (
        "Tiêu đề của tệp ghi Quyết định số 125-QĐ/TU, khác số quyết định đã chọn (126-QĐ/TU)."
    )


def test_the_form_needs_a_decision(desk, client):
    client.force_login(desk.approver)
    response = upload(client, desk, provincial_list(), decision_number="", signed_on="")
    assert response.templates[0].name == "imports/task_upload.html"
    assert "Chọn quyết định đã có hoặc ghi số quyết định mới." in response.text
    assert "Ghi ngày ký của quyết định mới." in response.text

    response = upload(client, desk, provincial_list(), decision=desk.decision.pk)  # 90-QĐ/TU is for the phase
    assert "Quyết định không thuộc chương trình và kỳ đã chọn." in response.text
    assert SESSION_KEY not in client.session


def test_a_non_xlsx_upload_gets_the_vietnamese_message(desk, client):
    client.force_login(desk.approver)
    response = upload(client, desk, b"STT;Ten viec\n1;Viec mot\n")
    assert response.templates[0].name == "imports/task_upload.html"
    assert "Tệp không phải Excel .xlsx hoặc bị hỏng" in response.text
    assert SESSION_KEY not in client.session


def test_a_token_from_another_session_is_refused(desk, client):
    client.force_login(desk.approver)
    preview = upload(client, desk, provincial_list())
    client.logout()
    client.force_login(desk.approver)
    response = submit(client, preview, "imports:task_commit")
    assert "Tệp đã tải lên không còn" in response.text
    assert Task.objects.count() == 0


def test_the_commit_button_says_it_is_working_and_how_long_a_big_file_takes(desk, client):
    client.force_login(desk.approver)

    preview = upload(client, desk, provincial_list())

    assert 'data-busy-text="Đang nhập…"' in preview.text
    assert "Đang nhập 4 dòng vào hệ thống. Tệp lớn (10.000 dòng) cần khoảng nửa phút" in preview.text


def test_a_second_commit_while_the_first_is_writing_is_told_to_wait_and_writes_nothing(desk, client):
    client.force_login(desk.approver)
    preview = upload(client, desk, provincial_list())
    ImportInProgress.objects.create(user=desk.approver)  # the first click's import, still writing
    before = counts()

    again = submit(client, preview, "imports:task_commit")

    assert "Bạn đang có một lượt nhập đang xử lý" in again.text
    assert counts() == before
    ImportInProgress.objects.all().delete()
    done = submit(client, preview, "imports:task_commit")  # the file is still kept: it can be sent again
    assert "Đã tạo 4 việc đã phê duyệt cho 3 cán bộ" in done.text
