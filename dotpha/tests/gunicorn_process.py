"""Start the product under gunicorn, with the repository's config/gunicorn.conf.py, on a loopback port."""

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from django.conf import settings

CONFIG = Path(settings.BASE_DIR) / "config" / "gunicorn.conf.py"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clean_environment(**extra: str) -> dict[str, str]:
    """The machine's environment without this test run's Django and database settings, plus `extra`."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "DOTPHA_")) and k != "PYTEST_CURRENT_TEST"
    }
    env.update(extra)
    return env


@contextlib.contextmanager
def gunicorn(env: dict[str, str], log: Path, options: Sequence[str] = ()) -> Iterator[str]:
    """Yields the server's base URL; its output (gunicorn's and the product's log) goes to `log`."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "config.wsgi", "-c", str(CONFIG)]
    with log.open("wb") as err:
        process = subprocess.Popen(
            [*command, "--bind", f"127.0.0.1:{port}", "--workers", "1", *options],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=err,
            stderr=err,
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"gunicorn stopped: {log.read_text(errors='replace')}")
                with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
                if time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not start: {log.read_text(errors='replace')}")
                time.sleep(0.2)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
