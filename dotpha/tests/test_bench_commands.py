"""The benchmark commands start processes (git, gunicorn, locust, child Pythons): what an operator types
reaches them only as checked values, never as an option or a shell word."""

import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from dotpha.reports.management.commands.bench_report import Command as BenchReport

REPO = Path(settings.BASE_DIR)


@pytest.mark.parametrize(
    "ref",
    [
        "--output=/tmp/dotpha-pwned.tar",
        "--remote=https://example.invalid/repo.git",
        "HEAD; touch /tmp/pwned",
        "-",
    ],
)
def test_bench_report_refuses_a_before_ref_that_is_not_a_commit(ref, tmp_path):
    with pytest.raises(CommandError, match="Không tìm thấy commit"):
        BenchReport._extract(REPO, ref, tmp_path)
    assert not Path("/tmp/dotpha-pwned.tar").exists()
    assert list(tmp_path.iterdir()) == []  # nothing extracted, no archive written


def test_bench_report_extracts_the_tree_of_a_commit(tmp_path):
    tree = BenchReport._extract(REPO, "HEAD", tmp_path)
    assert (tree / "manage.py").read_bytes() == subprocess.run(
        ["git", "-C", str(REPO), "show", "HEAD:manage.py"], capture_output=True, check=True
    ).stdout


@pytest.mark.parametrize(
    "option",
    [["--users", "1;touch /tmp/pwned"], ["--seconds", "$(id)"], ["--conn-max-age", "60;touch /tmp/pwned"]],
)
def test_bench_load_takes_numbers_only(option, monkeypatch):
    started = []
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: started.append(a))
    with pytest.raises(CommandError, match="invalid int value"):
        call_command("bench_load", *option)
    assert started == []


@pytest.mark.django_db
def test_profile_pages_times_each_busy_page_and_dumps_its_html(world, tmp_path):
    from io import StringIO

    from dotpha.reports.tests.factories import build_year

    build_year(world)
    out = StringIO()
    call_command("profile_pages", "--user", "tochuc", "--repeat", "2", "--dump", str(tmp_path), stdout=out)
    printed = {line.split()[0]: line for line in out.getvalue().splitlines()}
    assert set(printed) == {"home", "board", "board-all-years", "board-status", "unit", "task"}
    assert all(" ms " in line and " queries " in line for line in printed.values())
    assert "Thống kê việc đột phá, đổi mới toàn tỉnh" in (tmp_path / "board.html").read_text()
    # a cadre: the pages they may not open are named with their status, the others timed
    out = StringIO()
    call_command("profile_pages", "--user", "canbo", "--repeat", "1", stdout=out)
    assert "board            403  /reports/board/" in out.getvalue()
    assert out.getvalue().startswith("home ")


@pytest.mark.django_db
def test_profile_pages_names_a_missing_user():
    with pytest.raises(CommandError, match="Không có người dùng 'khong-co'"):
        call_command("profile_pages", "--user", "khong-co")
