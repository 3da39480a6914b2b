"""The grading sheet's pages and its Excel file: who may open them, a draft saved, a refusal that keeps what
was typed, a confirmation that locks the sheet; the .xlsx read back."""

import datetime
import io
import re

import openpyxl
import pytest
from django.conf import settings
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dotpha.accounts.models import Role
from dotpha.org.tests.factories import make_user
from dotpha.programmes.models import Grade
from dotpha.tasks.models import Evaluation, GradingLine, GradingSheet, GradingSheetStatus, Task, TaskStatus
from dotpha.tasks.selectors import grading as grading_selectors
from dotpha.tasks.tests.factories import ProgressReportFactory, TargetFactory

D = datetime.date
DONE = "Số hóa hồ sơ cán bộ"
PARTIAL = '=HYPERLINK("http://x","Giải quyết hồ sơ tồn đọng")'  # user text that looks like a formula

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks(stage):
    made = []
    for title, percent in ((DONE, 100), (PARTIAL, 60)):
        task = stage.make_task(status=TaskStatus.APPROVED, title=title)
        ProgressReportFactory.create(
            task=task, reported_on=D(2024, 11, 1), percent_done=percent, author=stage.cadre
        )
        Evaluation.objects.create(
            task=task,
            self_grade=Grade.GOOD,
            self_assessment=f"Tự nhận xét: {percent}%.",
            self_assessed_by=stage.cadre,
        )
        made.append(task)
    TargetFactory.create(task=made[0], target_value=13, achieved_value=13)
    return made


@pytest.fixture
def sheet_url(stage):
    return reverse("tasks:grading_sheet", args=[stage.period.pk, stage.world.standing.pk])


def form_data(tasks, action: str, **rows) -> dict:
    data = {"action": action}
    for task in tasks:
        data[f"version_{task.pk}"] = str(task.version)
        grade, comment = rows.get(f"t{task.pk}", ("", ""))
        data[f"grade_{task.pk}"] = grade
        data[f"comment_{task.pk}"] = comment
    return data


def test_the_evaluator_finds_the_sheet_in_the_menu_and_the_list(client, stage, tasks, sheet_url):
    client.force_login(stage.approver)
    response = client.get(reverse("tasks:grading"))
    assert response.status_code == 200
    assert "Đánh giá cuối năm" in [i["label"] for i in response.context["nav_items"]]
    assert sheet_url in response.text
    assert "0/2 việc đã đánh giá" in response.text
    client.force_login(stage.cadre)
    labels = [i["label"] for i in client.get(reverse("tasks:mine")).context["nav_items"]]
    assert "Đánh giá cuối năm" not in labels


@pytest.mark.parametrize("role", ["organizer", "cadre", "inspector", "commune_committee", "nobody"])
def test_who_is_no_approver_is_refused(client, stage, tasks, sheet_url, role):
    client.force_login(stage.world.users[role])
    assert client.get(reverse("tasks:grading")).status_code == 403
    assert client.get(sheet_url).status_code == 403
    assert client.post(sheet_url, form_data(tasks, "save")).status_code == 403
    excel = reverse("reports:export", args=["grading_sheet"])
    assert client.get(excel, {"period": stage.period.pk, "unit": stage.world.standing.pk}).status_code == 403
    assert not GradingSheet.objects.exists()


@pytest.mark.parametrize("role", ["approver", "unit_manager"])
def test_another_authority_does_not_find_the_sheet(client, stage, tasks, sheet_url, world, role):
    client.force_login(make_user("phuong", getattr(Role, role.upper()), world.other_commune))
    assert client.get(sheet_url).status_code == 404
    assert (
        client.post(sheet_url, form_data(tasks, "save", **{f"t{tasks[0].pk}": ("good", "")})).status_code
        == 404
    )
    excel = reverse("reports:export", args=["grading_sheet"])
    assert client.get(excel, {"period": stage.period.pk, "unit": world.standing.pk}).status_code == 404
    # nor a period without a task under their authority
    other = reverse("tasks:grading_sheet", args=[stage.period.pk, world.other_commune.pk])
    assert client.get(other).status_code == 404
    assert not GradingLine.objects.exists()


def test_the_sheet_shows_every_task_with_nothing_preselected(client, stage, tasks, sheet_url):
    client.force_login(stage.approver)
    response = client.get(sheet_url)
    assert response.status_code == 200
    html = response.text
    assert "Tự nhận xét: 100%." in html and "Tự nhận xét: 60%." in html
    assert "Chỉ tiêu đạt: 1/1" in html
    for task in tasks:
        select = re.search(rf'<select name="grade_{task.pk}"[^>]*>(.*?)</select>', html, re.S)
        assert select and "selected" not in select.group(1).split("</option>", 1)[1]
        assert 'value="" selected' in select.group(1)


def test_a_draft_is_saved_and_shown_but_evaluates_nothing(client, stage, tasks, sheet_url):
    client.force_login(stage.approver)
    done = tasks[0]
    data = form_data(tasks, "save", **{f"t{done.pk}": ("excellent", "Vượt chỉ tiêu")})
    response = client.post(sheet_url, data, follow=True)
    assert response.redirect_chain[-1][0] == sheet_url
    assert "Đã lưu nháp bảng đánh giá" in response.text
    assert "Bản nháp: đã chấm 1 việc" in response.text
    assert GradingLine.objects.values_list("task", "grade", "comment").get() == (
        done.pk,
        Grade.EXCELLENT,
        "Vượt chỉ tiêu",
    )
    assert set(Evaluation.objects.values_list("grade", flat=True)) == {""}
    # the draft grade is shown selected when the sheet is opened again
    html = client.get(sheet_url).text
    assert re.search(rf'<select name="grade_{done.pk}".*?<option value="excellent" selected>', html, re.S)


def test_a_refusal_keeps_what_was_typed_and_changes_nothing(client, stage, tasks, sheet_url):
    client.force_login(stage.approver)
    done, partial = tasks
    data = form_data(
        tasks,
        "confirm",
        **{f"t{done.pk}": ("excellent", "Vượt chỉ tiêu"), f"t{partial.pk}": ("good", "")},
    )
    response = client.post(sheet_url, data)
    assert response.status_code == 200
    assert "Báo cáo tiến độ gần nhất của việc mới đạt 60%" in response.text
    assert "Giải quyết hồ sơ tồn đọng" in response.context["form"].non_field_errors()[0]
    assert re.search(
        rf'<select name="grade_{partial.pk}".*?<option value="good" selected>', response.text, re.S
    )
    assert "Vượt chỉ tiêu</textarea>" in response.text
    assert set(Evaluation.objects.values_list("grade", flat=True)) == {""}
    assert not GradingSheet.objects.exists() and not GradingLine.objects.exists()


def test_confirming_evaluates_and_locks_the_sheet(client, stage, tasks, sheet_url):
    client.force_login(stage.approver)
    done, partial = tasks
    data = form_data(
        tasks,
        "confirm",
        **{f"t{done.pk}": ("excellent", ""), f"t{partial.pk}": ("completed", "Còn 40% khối lượng")},
    )
    response = client.post(sheet_url, data, follow=True)
    assert "Đã xác nhận và khóa bảng đánh giá" in response.text
    assert dict(Evaluation.objects.values_list("task", "grade")) == {
        done.pk: Grade.EXCELLENT,
        partial.pk: Grade.COMPLETED,
    }
    sheet = GradingSheet.objects.get()
    assert (sheet.status, sheet.confirmed_by) == (GradingSheetStatus.CONFIRMED, stage.approver)
    # the rows show as evaluated, nothing can be typed any more
    html = response.text
    assert 'data-sheet-status="confirmed"' in html
    assert html.count("Đã đánh giá:") == 2
    assert "Xác nhận và khóa</button>" not in html and f'name="grade_{done.pk}"' not in html
    # a post all the same is refused, nothing changes
    again = client.post(sheet_url, form_data(tasks, "save", **{f"t{done.pk}": ("not_completed", "")}))
    assert "đã xác nhận và khóa" in again.text
    assert Evaluation.objects.get(task=done).grade == Grade.EXCELLENT


def test_the_excel_sheet_reads_back(client, stage, tasks, sheet_url):
    client.force_login(stage.approver)
    partial = tasks[1]
    client.post(sheet_url, form_data(tasks, "save", **{f"t{partial.pk}": ("completed", "Chờ thống nhất")}))
    response = client.get(
        reverse("reports:export", args=["grading_sheet"]),
        {"period": stage.period.pk, "unit": stage.world.standing.pk},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    ws = book.active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    titles = [r[0] for r in rows if r[0]]
    assert any("BẢNG ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN VIỆC ĐỘT PHÁ, ĐỔI MỚI KỲ 2024" in str(t) for t in titles)
    assert any("Bản nháp" in str(t) for t in titles)
    header_at = next(i for i, r in enumerate(rows) if r[0] == "STT")
    header = rows[header_at]
    body = {r[2]: dict(zip(header, r, strict=True)) for r in rows[header_at + 1 :] if r[0]}
    assert set(body) == {DONE, PARTIAL}
    first, second = body[DONE], body[PARTIAL]
    assert (first["Người được giao"], first["Tự đánh giá"], first["Báo cáo gần nhất (%)"]) == (
        "Đặng Thị Hạnh",
        "Hoàn thành tốt",
        100,
    )
    assert (first["Chỉ tiêu đạt"], first["Mức dự kiến (bản nháp)"], first["Kết quả đánh giá"]) == (
        "1/1",
        None,
        None,
    )
    assert (second["Báo cáo gần nhất (%)"], second["Mức dự kiến (bản nháp)"], second["Nhận xét"]) == (
        60,
        "Hoàn thành",
        "Chờ thống nhất",
    )
    # a title that looks like a formula is a text cell, never a formula
    cell = next(row[2] for row in ws.iter_rows() if row[2].value == PARTIAL)
    assert cell.data_type == "s"
    # once confirmed, the file says so and carries the recorded grade
    client.post(sheet_url, form_data(tasks, "confirm", **{f"t{partial.pk}": ("completed", "Chờ thống nhất")}))
    response = client.get(
        reverse("reports:export", args=["grading_sheet"]),
        {"period": stage.period.pk, "unit": stage.world.standing.pk},
    )
    rows = [
        [c.value for c in row]
        for row in openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows()
    ]
    assert any("Đã xác nhận và khóa ngày" in str(r[0]) for r in rows if r[0])
    confirmed = next(dict(zip(header, r, strict=True)) for r in rows if r[2] == PARTIAL)
    assert confirmed["Kết quả đánh giá"] == "Hoàn thành"


def test_a_sheet_above_the_bound_is_built_by_the_worker_with_the_same_rows(
    client, stage, tasks, sheet_url, monkeypatch, django_capture_on_commit_callbacks
):
    """A province's sheet may hold tens of thousands of tasks: above the export bound the file is built by
    the worker, its rows read a chunk at a time (here one task per chunk), and it holds what the immediate
    file holds, in the same order, with the draft grades."""
    import dataclasses

    from dotpha.reports.exports import catalogue
    from dotpha.reports.models import ExportJob, ExportStatus
    from dotpha.reports.tasks import run_export_job
    from dotpha.tasks.selectors import grading

    client.force_login(stage.approver)
    partial = tasks[1]
    client.post(sheet_url, form_data(tasks, "save", **{f"t{partial.pk}": ("completed", "Chờ thống nhất")}))
    url = reverse("reports:export", args=["grading_sheet"])
    params = {"period": stage.period.pk, "unit": stage.world.standing.pk}

    def rows(content: bytes) -> list:
        sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
        return [r for r in sheet.iter_rows(values_only=True) if isinstance(r[0], int)]

    at_once = rows(client.get(url, params).content)
    assert [r[2] for r in at_once] == [DONE, PARTIAL]
    kind = catalogue.CATALOGUE["grading_sheet"]
    monkeypatch.setitem(catalogue.CATALOGUE, "grading_sheet", dataclasses.replace(kind, background_rows=1))
    monkeypatch.setattr(grading, "SHEET_CHUNK", 1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url, params)
    job = ExportJob.objects.get()
    assert response.status_code == 302 and (job.rows, job.status) == (2, ExportStatus.QUEUED)
    assert run_export_job.call(str(job.pk)) == ExportStatus.DONE
    download = client.get(reverse("reports:job_download", args=[job.pk]))
    assert rows(b"".join(download.streaming_content)) == at_once
    # only its requester downloads it
    client.force_login(stage.world.users["organizer"])
    assert client.get(reverse("reports:job_download", args=[job.pk])).status_code == 404


# ---- a sheet longer than a page


def page_tasks(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<tr data-task="(\d+)"', html)]


def test_a_long_sheet_is_graded_a_page_at_a_time(client, stage, tasks, sheet_url, monkeypatch):
    """A district grades hundreds of tasks: the sheet shows a page at a time, going to another page saves
    this one's draft, and the confirmation evaluates the lines of every page."""
    monkeypatch.setattr(grading_selectors, "SHEET_PAGE", 1)
    client.force_login(stage.approver)
    first_page = client.get(sheet_url).text
    [first] = page_tasks(first_page)
    [second] = [t.pk for t in tasks if t.pk != first]
    assert "2 việc" in first_page and "Việc 1–1." in first_page
    assert 'formaction="?page=2"' in first_page  # the pager saves before it goes
    # page 1's grade, sent by the pager's button for page 2
    data = form_data(tasks, "save", **{f"t{first}": ("completed", "Đạt yêu cầu")}) | {"page": "1"}
    data = {k: v for k, v in data.items() if not k.endswith(f"_{second}")}  # the page holds its own rows only
    response = client.post(sheet_url + "?page=2", data, follow=True)
    assert response.redirect_chain[-1][0] == sheet_url + "?page=2"
    assert page_tasks(response.text) == [second]
    assert '<td data-label="STT">2</td>' in response.text and "Việc 2–2." in response.text
    assert "Bản nháp: đã chấm 1 việc" in response.text
    line = GradingLine.objects.get()
    assert (line.task_id, line.grade, line.task_version) == (
        first,
        Grade.COMPLETED,
        next(t.version for t in tasks if t.pk == first),
    )
    # confirmed from page 2: both pages' grades are evaluated
    data = form_data(tasks, "confirm", **{f"t{second}": ("completed", "")}) | {"page": "2"}
    data = {k: v for k, v in data.items() if not k.endswith(f"_{first}")}
    response = client.post(sheet_url + "?page=2", data, follow=True)
    assert "Đã xác nhận và khóa bảng đánh giá" in response.text, response.text
    assert dict(Evaluation.objects.values_list("task", "grade")) == {
        first: Grade.COMPLETED,
        second: Grade.COMPLETED,
    }
    assert GradingSheet.objects.get().status == GradingSheetStatus.CONFIRMED
    # a locked sheet's pager is links, not buttons that save
    locked = client.get(sheet_url).text
    assert 'href="?page=2"' in locked and "formaction" not in locked


def test_a_task_changed_after_its_page_was_saved_is_refused_at_the_confirmation(
    client, stage, tasks, sheet_url, monkeypatch
):
    monkeypatch.setattr(grading_selectors, "SHEET_PAGE", 1)
    client.force_login(stage.approver)
    [first] = page_tasks(client.get(sheet_url).text)
    [second] = [t.pk for t in tasks if t.pk != first]
    data = form_data(tasks, "save", **{f"t{first}": ("completed", "")}) | {"page": "1"}
    client.post(sheet_url + "?page=2", {k: v for k, v in data.items() if not k.endswith(f"_{second}")})
    # the task graded on page 1 changes before the conference confirms the sheet from page 2
    Task.objects.filter(pk=first).update(version=F("version") + 1)
    data = form_data(tasks, "confirm", **{f"t{second}": ("completed", "")}) | {"page": "2"}
    response = client.post(
        sheet_url + "?page=2", {k: v for k, v in data.items() if not k.endswith(f"_{first}")}
    )
    assert response.status_code == 200
    refusal = response.context["form"].non_field_errors()[0]
    assert Task.objects.get(pk=first).title in refusal and "thay đổi" in refusal
    assert set(Evaluation.objects.values_list("grade", flat=True)) == {""}
    assert GradingSheet.objects.get().status == GradingSheetStatus.DRAFT


def test_a_page_of_the_sheet_stays_within_the_fields_a_request_may_send():
    # four fields a task (grade, ahead of plan, comment, version), and the form's own
    assert 4 * grading_selectors.SHEET_PAGE + 10 < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS


def test_a_page_of_the_sheet_costs_the_same_queries_whatever_the_sheets_length(
    client, stage, tasks, sheet_url, monkeypatch
):
    monkeypatch.setattr(grading_selectors, "SHEET_PAGE", 2)
    client.force_login(stage.approver)
    client.get(sheet_url)  # the session and the menus' first reads

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    short = queries(sheet_url)
    for n in range(5):
        stage.make_task(status=TaskStatus.APPROVED, title=f"Việc thêm {n}")
    assert queries(sheet_url) == short
    assert queries(sheet_url + "?page=4") == short  # the last page, one task
