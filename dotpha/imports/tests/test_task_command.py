"""`manage.py import_tasks`: the same import from a shell, all or nothing, non-zero exit on any error."""

import datetime

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError

from dotpha.imports.tests.test_task_layouts import (
    Desk,
    make_desk,
    provincial_list,
    text_deadline_list,
    unfamiliar_list,
)
from dotpha.imports.tests.test_task_services import counts, created
from dotpha.programmes.models import Decision
from dotpha.tasks.models import Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(world) -> Desk:
    return make_desk(world)


def run(desk, path, *extra, period=None, decision="125-QĐ/TU", user="thuongtruc"):
    period = period or desk.year
    args = ["import_tasks", str(path), "--user", user, "--programme", str(desk.programme.pk)]
    call_command(*args, "--period", str(period.pk), "--decision", decision, *extra)


@pytest.fixture
def files(tmp_path):
    paths = {}
    for name, data in [
        ("tinh", provincial_list()),
        ("thoi-han", text_deadline_list()),
        ("khac-mau", unfamiliar_list()),
    ]:
        paths[name] = tmp_path / f"{name}.xlsx"
        paths[name].write_bytes(data)
    return paths


def test_imports_under_a_new_decision(desk, files, capsys):
    run(desk, files["tinh"], "--signed-on", "15/03/2024")

    out = capsys.readouterr().out
    assert "Quy định 30-QĐ/TU · Năm 2024 · Quyết định số 125-QĐ/TU ngày 15/03/2024 (quyết định mới)" in out
    assert "Đã tạo 4 việc đã phê duyệt cho 3 cán bộ theo Quyết định số 125-QĐ/TU (quyết định mới)." in out
    assert Decision.objects.get(number="125-QĐ/TU").signed_on == datetime.date(2024, 3, 15)
    assert [(title, cadre) for title, cadre, _, _ in created()] == [
        ("Số hóa 100% hồ sơ thủ tục hành chính của Sở Nội vụ", desk.hung.pk),
        ("Rút ngắn thời gian giải quyết hồ sơ tuyển dụng", desk.hung.pk),
        ("Thu hồi dứt điểm nợ đọng thuế đất", desk.minh.pk),
        ("Cân đối vốn cho dự án trọng điểm", desk.other_hung.pk),
    ]
    assert Task.history.earliest().history_user == desk.approver


def test_an_existing_decision_is_found_by_its_number(desk, files, capsys):
    run(desk, files["thoi-han"], period=desk.phase, decision="90-qđ/tu")
    assert "theo Quyết định số 90-QĐ/TU." in capsys.readouterr().out
    assert Decision.objects.count() == 1
    assert set(Task.objects.values_list("decision__number", flat=True)) == {"90-QĐ/TU"}


def test_dry_run_saves_nothing(desk, files, capsys):
    before = counts()
    run(desk, files["tinh"], "--signed-on", "15/03/2024", "--dry-run")
    assert "Kiểm tra xong, không có lỗi (chưa lưu): 4 việc." in capsys.readouterr().out
    assert counts() == before


@pytest.mark.parametrize("dry_run", [True, False])
def test_rows_the_services_refuse_are_errors(desk, files, capsys, dry_run):
    # the organizer without approval authority: told at once, before any row is read
    before = counts()
    extra = ["--dry-run"] if dry_run else []
    with pytest.raises(CommandError, match=r"^Bạn không có quyền ban hành quyết định phê duyệt") as failed:
        run(desk, files["thoi-han"], *extra, period=desk.phase, decision="90-QĐ/TU", user="tochuc")
    assert failed.value.returncode == 1
    assert "Dòng 3" not in capsys.readouterr().out
    assert counts() == before


def test_a_shared_name_is_an_error_listing_the_candidates(desk, files, capsys):
    before = counts()
    with pytest.raises(CommandError, match=r"Tệp có 1 lỗi; không nhập gì\."):
        run(desk, files["khac-mau"], "--column", "full_name=C", "--column", "number=A")

    err = capsys.readouterr().err
    assert (
        "Trang “Tổng hợp”, dòng 5, cột “Lãnh đạo phụ trách”: Có 2 cán bộ tên “Nguyễn Văn Hùng”, chưa chọn "
        "người được giao: Nguyễn Văn Hùng — Phó Giám đốc, Sở Tài chính (mã C-HUNG2); "
        f"Nguyễn Văn Hùng — Giám đốc, Sở Nội vụ (mã {desk.hung.code})"
    ) in err
    assert counts() == before


def test_a_shared_name_is_chosen_with_choose(desk, files, capsys):
    # signed on 15/03/2024: the tasks start with the decision, before their 2024 deadlines
    run(
        desk,
        files["khac-mau"],
        "--column",
        "full_name=C",
        "--choose",
        "5=C-HUNG2",
        "--signed-on",
        "15/03/2024",
    )
    assert [cadre for _, cadre, _, _ in created()] == [desk.minh.pk, desk.other_hung.pk, desk.hung.pk]


def test_unfamiliar_headers_without_columns_name_what_is_missing(desk, files, capsys):
    with pytest.raises(CommandError):
        run(desk, files["khac-mau"])
    captured = capsys.readouterr()
    assert "Tiêu đề cột khác mẫu; kiểm tra cách ghép (--column KHÓA=CỘT)" in captured.out
    assert "C: Lãnh đạo phụ trách" in captured.out
    assert "Chưa chọn cột cho “Họ và tên người được giao”" in captured.err


def test_bad_arguments_are_refused(desk, files, tmp_path):
    with pytest.raises(CommandError, match="Không có tài khoản “ai”"):
        run(desk, files["tinh"], user="ai")
    with pytest.raises(CommandError, match="không có quyền nhập danh sách việc"):
        run(desk, files["tinh"], user="canbo")
    with pytest.raises(CommandError, match="Không đọc được tệp"):
        run(desk, tmp_path / "khong-co.xlsx")
    with pytest.raises(CommandError, match="không có kỳ số"):
        run(desk, files["tinh"], period=type("P", (), {"pk": 9999})())
    with pytest.raises(CommandError, match="phải ghi dạng dd/mm/yyyy"):
        run(desk, files["tinh"], "--signed-on", "2024-03-15")
    with pytest.raises(CommandError, match="không hợp lệ: ghi KHÓA=CỘT"):
        run(desk, files["tinh"], "--column", "ten=B")
    with pytest.raises(CommandError, match="không phải người cùng tên ở dòng 5"):
        run(desk, files["khac-mau"], "--column", "full_name=C", "--choose", "5=KHONG-CO")
    assert Task.objects.count() == 0


def test_exit_status_from_the_command_line(desk, tmp_path):
    path = tmp_path / "hong.xlsx"
    path.write_bytes(b"khong phai excel")
    argv = [
        "manage.py",
        "import_tasks",
        str(path),
        "--user",
        "thuongtruc",
        "--programme",
        str(desk.programme.pk),
    ]
    with pytest.raises(SystemExit) as exited:
        ManagementUtility([*argv, "--period", str(desk.year.pk), "--decision", "1-QĐ/TU"]).execute()
    assert exited.value.code == 1
