"""A person's browser in a test that talks to a real server (gunicorn) over HTTP: cookies kept, the sign-in
form filled as a person fills it."""

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request


class Browser:
    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def fetch(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict, bytes]:
        request = urllib.request.Request(self.base + path, headers=headers or {})
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict, str]:
        status, response_headers, body = self.fetch(path, headers)
        return status, response_headers, body.decode()

    def log_in(self, username: str, password: str) -> None:
        status, _, page = self.get("/login/")
        assert status == 200, page
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token
        form = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)}
        ).encode()
        with self.opener.open(self.base + "/login/", data=form, timeout=60) as response:
            assert response.url.rstrip("/") == self.base, response.url  # sent home: logged in
