"""The production settings as the README gives them: `check --deploy` is clean, and gunicorn with the
repository's config sends HSTS and no Server header."""

import secrets
import subprocess
import sys
import urllib.request

import pytest
from django.conf import settings

from dotpha.tests.gunicorn_process import clean_environment, gunicorn
from dotpha.tests.postgres_cluster import on_postgres

# They start their own processes on their own settings: once per CI run is enough.
pytestmark = pytest.mark.skipif(
    on_postgres(), reason="independent of the test database: run in the SQLite pass"
)

HOST = "dotpha.example.vn"


def production_environment(tmp_path, **extra: str) -> dict[str, str]:
    # The README's required variables, and none of the optional e-mail ones.
    readme = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": "postgres://dotpha:mat-khau@127.0.0.1:5432/dotpha",
        "DJANGO_ALLOWED_HOSTS": f"{HOST},127.0.0.1",
        "DJANGO_CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
        "DOTPHA_VAR_DIR": str(tmp_path),
    }
    return clean_environment(**(readme | extra))


def manage(env: dict[str, str], command: str, **options) -> subprocess.CompletedProcess:
    """A management command in its own Python process on `env`'s settings; the command's name and options
    go in as Python literals, never through a shell."""
    code = "import django; django.setup(); from django.core.management import call_command; "
    code += f"call_command({command!r}, **{options!r})"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess:
    return manage(env, "check", deploy=True)


def test_check_deploy_has_no_issue_without_the_optional_mail_settings(tmp_path):
    result = check_deploy(production_environment(tmp_path))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNINGS" not in output
    assert "ERRORS" not in output


def test_production_has_no_demo_loader(tmp_path):
    # Its accounts share one published password: a production database must never receive them.
    env = production_environment(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    result = manage(env, "load_demo")
    assert result.returncode != 0
    assert "Unknown command: 'load_demo'" in result.stderr
    assert not (tmp_path / "db.sqlite3").exists() or (tmp_path / "db.sqlite3").stat().st_size == 0


class KeepRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_gunicorn_sends_hsts_and_no_server_header(tmp_path):
    env = production_environment(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    opener = urllib.request.build_opener(KeepRedirects)
    with gunicorn(env, tmp_path / "gunicorn.log") as base:
        # Behind the TLS proxy: HSTS for a year, subdomains included, and gunicorn unnamed.
        request = urllib.request.Request(
            f"{base}/api/v1/openapi.json", headers={"X-Forwarded-Proto": "https"}
        )
        with opener.open(request, timeout=60) as response:
            assert response.status == 200
            assert response.headers["Strict-Transport-Security"] == (
                "max-age=31536000; includeSubDomains; preload"
            )
            assert "Server" not in response.headers
        # A plain-HTTP request that got past the proxy is sent to HTTPS, still without a Server header.
        try:
            opener.open(f"{base}/api/v1/openapi.json", timeout=60)
            raise AssertionError("plain HTTP was served")
        except urllib.error.HTTPError as redirect:
            assert redirect.code == 301
            assert redirect.headers["Location"].startswith("https://")
            assert "Server" not in redirect.headers


def test_without_smtp_production_sends_no_mail_and_logs_no_content(tmp_path):
    # A notification's e-mail on a production server without DJANGO_EMAIL_HOST: nothing sent, and neither
    # the recipient nor the text reaches the log.
    code = (
        "import django; django.setup(); from django.core.mail import send_mail; "
        "print('sent', send_mail('[Đột phá] Nhắc hạn', 'Việc của Nguyễn Văn Hùng', None, "
        "['hung@example.vn']))"
    )
    env = production_environment(tmp_path, DJANGO_LOG_LEVEL="INFO")
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "sent 0" in result.stdout
    assert "Không gửi 1 thư" in result.stderr
    assert "Nguyễn Văn Hùng" not in result.stdout + result.stderr
    assert "hung@example.vn" not in result.stdout + result.stderr
