"""Browser tests: Debian's chromium driven by Playwright against the live test server.

They are not skipped when chromium is missing: `make test` installs it or stops with a message.
"""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from dotpha.tests.demo_snapshot import DemoSnapshot
from dotpha.tests.seeded_rows import put_back_seeded_rows

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "screenshots"

# Playwright's sync API runs an event loop in this thread; the Django ORM calls it makes are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Không tìm thấy chromium tại {CHROMIUM}: cài gói Debian 'chromium' "
            "(make test tự cài khi chạy bằng root)."
        )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def shoot():
    """Keeps a full-page screenshot under test-artifacts/screenshots/ for people to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def login(page, live_server, username: str, password: str = "Mat-khau-2025") -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def loaded_width(image) -> int:
    """The natural width of an <img> once the browser has fetched and decoded it. The thumbnails load
    lazily, so reading `naturalWidth` at once races the download; `decode()` waits for it and fails on a
    broken image."""
    image.scroll_into_view_if_needed()
    return image.evaluate("img => img.decode().then(() => img.naturalWidth)")


@pytest.fixture
def demo(transactional_db):
    """The demo province, built once per test process and put back before every journey that asks for it.

    Browser tests run on a transactional database, which a test before may have flushed of the rows the
    migrations seed (unit kinds and levels, fields of work, rating schemes): they are put back before the
    build. Building took 30 to 90 s a journey on CI's machine; putting the rows and files back takes about
    a second (`DemoSnapshot`)."""
    global _snapshot
    if _snapshot is None:
        put_back_seeded_rows()
        call_command("load_demo", stdout=StringIO())
        _snapshot = DemoSnapshot.take()
    else:
        _snapshot.restore()


_snapshot: DemoSnapshot | None = None


@pytest.fixture
def browser_context_args(browser_context_args):
    """The journeys' default page runs without the offline service worker: left running from a page before, it
    answered with the previous person's session after a journey cleared the cookies to sign in as another.
    The offline journeys open their own phone context, where it runs."""
    return {**browser_context_args, "service_workers": "block"}
