"""The layers contract of pyproject.toml (run by `make lint`): it holds for the code as it is, and it breaks
as soon as an app imports one above it, so an upward import cannot come back unnoticed."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", "--config", str(project / "pyproject.toml")],
        cwd=project,
        env={"PYTHONPATH": str(project), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def project_copy(tmp_path: Path):
    """The package's Python files and the contract, copied where a forbidden import can be added: into a
    folder whose name a shell would run (`;`, `$(...)`): `lint_imports` passes it as a plain argument."""
    project = tmp_path / "dự án; touch CHAY $(touch CHAY2)"
    shutil.copytree(ROOT / "dotpha", project / "dotpha", ignore=shutil.ignore_patterns("*.pyc", "static"))
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    yield project
    ran = [path for folder in (tmp_path, project, ROOT) for path in folder.glob("CHAY*")]
    assert ran == [], "the folder's name was run as a command"


def test_the_code_keeps_its_layers():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "forbidden"),
    [
        ("dotpha/core/upward.py", "dotpha.tasks.models"),
        ("dotpha/org/upward.py", "dotpha.monitoring.services"),
        # the tree's data never asks access; access never calls the services that change the tree
        ("dotpha/org/upward.py", "dotpha.accounts.access"),
        ("dotpha/accounts/upward.py", "dotpha.structure.services"),
        ("dotpha/tasks/upward.py", "dotpha.notifications.models"),
        ("dotpha/reports/upward.py", "dotpha.api"),
    ],
)
def test_an_upward_import_breaks_the_contract(project_copy, module, forbidden):
    (project_copy / module).write_text(f"import {forbidden}\n")
    result = lint_imports(project_copy)
    assert result.returncode != 0
    assert "1 broken" in result.stdout
    assert module.removesuffix(".py").replace("/", ".") in result.stdout
