import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dotpha.imports.tests.test_services import counts
from dotpha.imports.tests.workbooks import cadre, org_workbook
from dotpha.org.models import Cadre, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def valid_path(tmp_path, valid_file):
    path = tmp_path / "don-vi.xlsx"
    path.write_bytes(valid_file)
    return path


def test_imports_and_prints_the_summary(world, valid_path, capsys):
    call_command("import_org", str(valid_path), "--user", "tochuc")

    out = capsys.readouterr().out
    assert "Đã nhập xong. Đơn vị: tạo mới 3, cập nhật 0, giữ nguyên 1." in out
    assert Unit.history.get(code="P-X3").history_user == world.users["organizer"]
    assert Cadre.objects.filter(code__in=["C001", "C002"]).count() == 2


def test_dry_run_saves_nothing(world, valid_path, capsys):
    before = counts()
    call_command("import_org", str(valid_path), "--user", "tochuc", "--dry-run")
    assert "không có lỗi (chưa lưu)" in capsys.readouterr().out
    assert counts() == before


def test_errors_are_printed_and_the_exit_is_non_zero(world, tmp_path, capsys):
    path = tmp_path / "loi.xlsx"
    path.write_bytes(org_workbook(cadres=[cadre("C001", "Trần Văn An", "Khác", managing_unit_code="P")]))
    before = counts()

    with pytest.raises(CommandError, match=r"Tệp có 1 lỗi; không nhập gì\.") as failed:
        call_command("import_org", str(path), "--user", "tochuc")

    assert failed.value.returncode == 1
    assert "Trang “Cán bộ”, dòng 5, cột “Giới tính”: Giới tính phải là Nam hoặc Nữ" in capsys.readouterr().err
    assert counts() == before


def test_refuses_unknown_users_and_non_organizers(world, valid_path, tmp_path):
    with pytest.raises(CommandError, match="Không có tài khoản “ai”"):
        call_command("import_org", str(valid_path), "--user", "ai")
    with pytest.raises(CommandError, match="không có quyền"):
        call_command("import_org", str(valid_path), "--user", "thuongtruc")
    with pytest.raises(CommandError, match="Không đọc được tệp"):
        call_command("import_org", str(tmp_path / "khong-co.xlsx"), "--user", "tochuc")


def test_exit_status_from_the_command_line(world, tmp_path):
    """manage.py exits 1 on a CommandError: checked through the same entry point a shell uses."""
    from django.core.management import ManagementUtility

    path = tmp_path / "hong.xlsx"
    path.write_bytes(b"khong phai excel")
    with pytest.raises(SystemExit) as exited:
        ManagementUtility(["manage.py", "import_org", str(path), "--user", "tochuc"]).execute()
    assert exited.value.code == 1
