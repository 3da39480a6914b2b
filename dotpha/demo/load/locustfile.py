"""The mixed load of `manage.py bench_load` (issue 18), run by locust against a server on loopback.

Signed-in people of the benchmark province browse as they do at work: the organisation board reads the
statistics board, task lists of a unit, task pages and the API; the standing committee's approver works
through the approval queue. Sessions are made by the command (no password hashing in the load: signing in is
measured by `bench_login`), handed over in LOAD_SESSIONS; the addresses (reversed by the command, so they
follow the URL conf) in LOAD_URLS, and the tasks to open in LOAD_TASKS.

Loopback only: the host must be 127.0.0.1, so the load can never be pointed at someone else's server.
"""

import json
import os
import random
from urllib.parse import urlsplit

from locust import HttpUser, between, constant, events, task

SESSIONS: dict[str, str] = json.loads(os.environ.get("LOAD_SESSIONS", "{}"))
TASKS: list[int] = json.loads(os.environ.get("LOAD_TASKS", "[]"))
URLS: dict[str, str] = json.loads(os.environ.get("LOAD_URLS", "{}"))


@events.test_start.add_listener
def _loopback_only(environment, **kwargs):
    host = urlsplit(environment.host or "").hostname
    if host != "127.0.0.1":
        raise SystemExit(f"bench_load chạy trên 127.0.0.1 thôi, không chạy trên {host!r}")


class _Signed(HttpUser):
    abstract = True
    role = ""
    # LOAD_WAIT=0 (the command's default) measures capacity: each user asks again as soon as answered;
    # LOAD_WAIT=N waits 0.5 to N seconds, as a person reading a page does
    wait_time = (
        constant(0)
        if float(os.environ.get("LOAD_WAIT", "0")) == 0
        else between(0.5, float(os.environ["LOAD_WAIT"]))
    )

    def on_start(self) -> None:
        self.client.cookies.set("sessionid", SESSIONS[self.role])

    def open(self, url: str, name: str) -> None:
        with self.client.get(url, name=name, catch_response=True, allow_redirects=False) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")


class Organizer(_Signed):
    role = "organizer"
    weight = 3

    @task(2)
    def home(self) -> None:
        self.open(URLS["home"], "trang chủ")

    @task(2)
    def board(self) -> None:
        self.open(URLS["board"], "bảng thống kê")

    @task(3)
    def unit_list(self) -> None:
        self.open(URLS["unit_list"], "danh sách việc một đơn vị")

    @task(4)
    def task_page(self) -> None:
        self.open(URLS["task"].format(random.choice(TASKS)), "trang một việc")

    @task(2)
    def api_list(self) -> None:
        self.open(URLS["api_list"], "API danh sách việc")

    @task(1)
    def api_statistics(self) -> None:
        self.open(URLS["api_statistics"], "API thống kê")


class Approver(_Signed):
    role = "approver"
    weight = 1

    @task(3)
    def queue(self) -> None:
        self.open(URLS["queue"], "hàng chờ phê duyệt")

    @task(1)
    def home(self) -> None:
        self.open(URLS["home"], "trang chủ")

    @task(2)
    def task_page(self) -> None:
        self.open(URLS["task"].format(random.choice(TASKS)), "trang một việc")
