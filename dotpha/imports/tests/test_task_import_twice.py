"""Import twice, write once; and who may import, said at once. A row whose assignee, period and title
(normalised) the period already holds is shown "đã có" and skipped; a user who cannot issue the decision
is told before any mapping work, in one sentence, not once per row."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from dotpha.accounts.models import Role, RoleGrant
from dotpha.imports.task_plan import TaskImportTarget
from dotpha.imports.task_services import TaskImportRejected, task_import_apply
from dotpha.imports.tests.test_task_layouts import (
    Desk,
    make_desk,
    parse,
    provincial_list,
    text_deadline_list,
)
from dotpha.imports.tests.test_task_views import submit, upload
from dotpha.programmes.models import Decision
from dotpha.tasks.models import Task, TaskEvent, TaskEventKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(world) -> Desk:
    return make_desk(world)


def test_the_same_workbook_imported_twice_leaves_the_task_count_unchanged(desk):
    data = provincial_list()
    first = task_import_apply(actor=desk.approver, plan=parse(desk, data), target=desk.target())
    assert (first.tasks, first.skipped) == (4, 0)
    before = (Task.objects.count(), Decision.objects.count(), TaskEvent.objects.count())

    # the same file again, under the decision the first import made
    decision = Decision.objects.get(number="125-QĐ/TU")
    target = desk.target(decision=decision)
    again = parse(desk, data, target=target)
    assert [(r.row, r.existing, r.status) for r in again.rows] == [
        (10, True, "đã có, bỏ qua"),
        (11, True, "đã có, bỏ qua"),
        (13, True, "đã có, bỏ qua"),
        (14, True, "đã có, bỏ qua"),
    ]
    assert again.counts()["existing"] == 4
    second = task_import_apply(actor=desk.approver, plan=again, target=target)

    assert (second.tasks, second.skipped) == (0, 4)
    assert second.describe().endswith("Bỏ qua 4 việc đã có.")
    assert (Task.objects.count(), Decision.objects.count(), TaskEvent.objects.count()) == before


def test_the_same_rows_with_other_spacing_case_and_markers_are_the_same_tasks(desk):
    data = provincial_list()
    task_import_apply(actor=desk.approver, plan=parse(desk, data), target=desk.target())
    # the file again, one title retyped in capitals with a list marker and double spaces, one row new
    changed = provincial_list(
        {"B10": "a)  SỐ HÓA 100% hồ sơ thủ tục hành chính của Sở Nội vụ", "B13": "Thu hồi nợ thuế đất 2024"}
    )
    target = desk.target(decision=Decision.objects.get(number="125-QĐ/TU"))

    plan = parse(desk, changed, target=target)
    summary = task_import_apply(actor=desk.approver, plan=plan, target=target)

    assert [r.existing for r in plan.rows] == [True, True, False, True]
    assert (summary.tasks, summary.skipped) == (1, 3)
    assert Task.objects.count() == 5


def test_a_user_who_cannot_issue_the_decision_is_told_once_before_any_row(desk):
    outsider = desk.world.users["organizer"]  # the organisation board: organizes, approves nothing
    book = provincial_list()

    plan = parse(desk, book, actor=outsider)

    assert [i.message for i in plan.issues] == [
        "Bạn không có quyền ban hành quyết định phê duyệt của Ban Thường vụ Tỉnh ủy, nên không nhập được "
        "danh sách theo Quyết định số 125-QĐ/TU. Người nhập phải là Thường trực của cơ quan ban hành "
        "quyết định."
    ]
    assert plan.rows == [] and not plan.is_readable
    with pytest.raises(TaskImportRejected):
        task_import_apply(actor=outsider, plan=plan, target=desk.target())
    assert Task.objects.count() == 0


def test_the_upload_page_says_who_may_import_before_any_mapping(desk, client):
    client.force_login(desk.approver)
    page = client.get(reverse("imports:task_upload")).text
    assert "Bạn nhập được danh sách theo quyết định phê duyệt của:" in page
    assert "Ban Thường vụ Tỉnh ủy: 30-QĐ/TU · 2024" in page

    client.force_login(desk.organizer)
    page = client.get(reverse("imports:task_upload")).text
    assert "Tài khoản của bạn không ban hành quyết định phê duyệt cho chương trình nào đang mở" in page
    assert 'name="file"' not in page
    refused = upload(client, desk, provincial_list())
    assert refused.templates[0].name == "imports/task_upload.html"
    assert Task.objects.count() == 0


def test_the_command_refuses_at_once_and_skips_what_exists(desk, tmp_path, capsys):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(provincial_list())
    common = ["--programme", str(desk.programme.pk), "--period", str(desk.year.pk)]
    common += ["--decision", "125-QĐ/TU", "--signed-on", "15/03/2024"]
    with pytest.raises(CommandError, match="Bạn không có quyền ban hành quyết định phê duyệt"):
        call_command("import_tasks", str(path), "--user", desk.organizer.username, *common)

    call_command("import_tasks", str(path), "--user", desk.approver.username, *common)
    call_command("import_tasks", str(path), "--user", desk.approver.username, *common)

    out = capsys.readouterr().out
    assert Task.objects.count() == 4
    lines = [line for line in out.splitlines() if line.startswith("Dòng ")]
    assert [line.split(" [")[0] for line in lines] == ["Dòng 10", "Dòng 11", "Dòng 13", "Dòng 14"] * 2
    assert lines[4].startswith("Dòng 10 [đã có, bỏ qua] Số hóa 100% hồ sơ thủ tục hành chính của Sở Nội vụ")
    assert "Bỏ qua 4 việc đã có." in out


def test_start_date_and_the_deadlines_wording_are_stored_and_shown(desk, client):
    # the phase began 01/01/2021, its decision 90-QĐ/TU was signed 10/01/2022: tasks start with the decision
    target = desk.target(desk.phase, decision=desk.decision)
    plan = parse(desk, text_deadline_list(), target=target)
    task_import_apply(actor=desk.approver, plan=plan, target=target)

    stored = list(Task.objects.order_by("pk").values_list("start_date", "deadline", "deadline_wording"))
    assert stored[0] == (datetime.date(2022, 1, 10), datetime.date(2024, 9, 30), "Quý III/2024")
    assert [w for _, _, w in stored] == [
        "Quý III/2024",
        "tháng 12/2023",
        "31/12/2023",
        "năm 2024",
        "6 tháng đầu năm 2024",
        "",  # a real date cell: nothing but the date was written
    ]
    # written by the one service that creates the task, so its history row holds the wording too
    created = Task.history.filter(id=Task.objects.order_by("pk")[0].pk).earliest("history_date")  # type: ignore[attr-defined]
    assert created.deadline_wording == "Quý III/2024"
    client.force_login(desk.approver)
    first = Task.objects.order_by("pk")[0]
    page = client.get(reverse("tasks:detail", args=[first.pk])).text
    assert "30/09/2024" in page and "văn bản ghi: Quý III/2024" in page


def _first_import(desk) -> TaskImportTarget:
    task_import_apply(actor=desk.approver, plan=parse(desk, provincial_list()), target=desk.target())
    return desk.target(decision=Decision.objects.get(number="125-QĐ/TU"))


def _stored() -> list[tuple[str, datetime.date | None, str, str]]:
    return list(
        Task.objects.order_by("pk").values_list("title", "deadline", "deadline_wording", "deliverable")
    )


# the file again: row 10's deadline moved to "Quý IV/2024", row 11's product retyped
CHANGED_CELLS = {"F10": "Quý IV/2024", "G11": "Quy trình mới và hướng dẫn"}


def test_an_existing_task_the_file_changes_is_offered_as_an_update_and_skipped_by_default(desk):
    target = _first_import(desk)
    before = _stored()
    events = TaskEvent.objects.count()

    plan = parse(desk, provincial_list(CHANGED_CELLS), target=target)

    assert [(r.row, r.status, [c.describe() for c in r.changes]) for r in plan.rows] == [
        (10, "đã có, khác tệp, bỏ qua", ["Thời hạn: “30/09/2024” → “31/12/2024”"]),
        (
            11,
            "đã có, khác tệp, bỏ qua",
            ["Sản phẩm: “Quy trình mới được ban hành” → “Quy trình mới và hướng dẫn”"],
        ),
        (13, "đã có, bỏ qua", []),
        (14, "đã có, bỏ qua", []),
    ]
    assert plan.counts()["changed"] == 2
    summary = task_import_apply(actor=desk.approver, plan=plan, target=target)
    assert (summary.tasks, summary.updated, summary.skipped) == (0, 0, 4)
    assert (_stored(), TaskEvent.objects.count()) == (before, events)


def test_the_rows_chosen_for_update_correct_their_task_through_the_service_audited(desk):
    target = _first_import(desk)
    before = _stored()

    plan = parse(desk, provincial_list(CHANGED_CELLS), target=target, updates=[10])
    assert [r.status for r in plan.rows][:2] == ["đã có, cập nhật", "đã có, khác tệp, bỏ qua"]
    summary = task_import_apply(actor=desk.approver, plan=plan, target=target)

    assert (summary.tasks, summary.updated, summary.skipped) == (0, 1, 3)
    assert summary.describe().endswith("Cập nhật 1 việc đã có. Bỏ qua 3 việc đã có.")
    after = _stored()
    assert after[0] == (before[0][0], datetime.date(2024, 12, 31), "Quý IV/2024", before[0][3])
    assert after[1:] == before[1:] and Task.objects.count() == 4
    task = Task.objects.order_by("pk")[0]
    event = TaskEvent.objects.get(task=task, kind=TaskEventKind.CORRECTED)
    assert (event.actor, event.comment) == (desk.approver, "Cập nhật theo danh sách nhập từ tệp (dòng 10)")
    assert event.payload["fields"]["deadline"] == "2024-12-31"
    assert task.history.latest("history_date").history_change_reason == event.comment  # type: ignore[attr-defined]


def test_update_all_corrects_every_changed_task_and_importing_again_changes_nothing(desk):
    target = _first_import(desk)
    data = provincial_list(CHANGED_CELLS)

    summary = task_import_apply(
        actor=desk.approver, plan=parse(desk, data, target=target, update_all=True), target=target
    )
    assert (summary.updated, summary.skipped) == (2, 2)
    assert [d for _, _, _, d in _stored()][1] == "Quy trình mới và hướng dẫn"

    again = parse(desk, data, target=target, update_all=True)
    assert [r.status for r in again.rows] == ["đã có, bỏ qua"] * 4
    assert task_import_apply(actor=desk.approver, plan=again, target=target).updated == 0


def test_the_preview_offers_the_update_per_row_and_the_commit_applies_only_the_chosen(desk, client):
    target = _first_import(desk)
    client.force_login(desk.approver)
    decision = Decision.objects.get(number="125-QĐ/TU")
    page = upload(client, desk, provincial_list(CHANGED_CELLS), decision=decision.pk, decision_number="")
    text = page.text

    assert "Đã có nhưng khác tệp" in text
    assert "Thời hạn: “30/09/2024” → “31/12/2024”" in text
    assert 'name="update-10"' in text and 'name="update-11"' in text and 'name="update-13"' not in text
    done = submit(client, page, "imports:task_commit", **{"update-11": "1"})

    assert "Cập nhật 1 việc đã có. Bỏ qua 3 việc đã có." in done.text
    stored = _stored()
    assert stored[0][1] == datetime.date(2024, 9, 30)  # row 10 not chosen: left as it was
    assert stored[1][3] == "Quy trình mới và hướng dẫn"
    assert Task.objects.filter(period=target.period).count() == 4


def test_the_signer_updates_his_open_decision_and_a_signed_one_is_refused_whole(desk):
    """Correcting the tasks of an open decision is its signer's (task_correct), with no organizer role; once
    the signed copy locks the decision, each changed row is refused and nothing is written."""
    assert not RoleGrant.objects.filter(user=desk.approver, role=Role.ORGANIZER).exists()
    target = _first_import(desk)
    summary = task_import_apply(
        actor=desk.approver,
        plan=parse(desk, provincial_list(CHANGED_CELLS), target=target, update_all=True),
        target=target,
    )
    assert summary.updated == 2
    assert _stored()[0][1:3] == (datetime.date(2024, 12, 31), "Quý IV/2024")

    Decision.objects.filter(number="125-QĐ/TU").update(scan_uploaded_at=timezone.now())
    before = (_stored(), TaskEvent.objects.count())
    plan = parse(desk, provincial_list({"F10": "Quý I/2025"}), target=target, update_all=True)
    with pytest.raises(TaskImportRejected) as refused:
        task_import_apply(actor=desk.approver, plan=plan, target=target)
    assert [(i.row, i.message) for i in refused.value.issues] == [
        (10, "Chỉ Ban Tổ chức điều hành chương trình được sửa thông tin việc."),
        (11, "Chỉ Ban Tổ chức điều hành chương trình được sửa thông tin việc."),
    ]
    assert (_stored(), TaskEvent.objects.count()) == before


def test_the_command_updates_existing_tasks_only_when_asked(desk, tmp_path, capsys):
    _first_import(desk)
    path = tmp_path / "ds.xlsx"
    path.write_bytes(provincial_list(CHANGED_CELLS))
    common = ["--user", desk.approver.username, "--programme", str(desk.programme.pk)]
    common += ["--period", str(desk.year.pk), "--decision", "125-QĐ/TU"]

    call_command("import_tasks", str(path), *common)
    assert _stored()[0][1] == datetime.date(2024, 9, 30)
    call_command("import_tasks", str(path), *common, "--update-existing")

    out = capsys.readouterr().out
    assert "Dòng 10 [đã có, khác tệp, bỏ qua]" in out and "Dòng 10 [đã có, cập nhật]" in out
    assert "Cập nhật 2 việc đã có. Bỏ qua 2 việc đã có." in out
    assert _stored()[0][1:3] == (datetime.date(2024, 12, 31), "Quý IV/2024")
    assert Task.objects.count() == 4
