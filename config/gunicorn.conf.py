"""gunicorn settings for production: `.venv/bin/gunicorn config.wsgi -c config/gunicorn.conf.py`.

Command-line options still win (for example `--bind` or `--workers`).
"""

from gunicorn.http import wsgi

bind = "127.0.0.1:8000"
workers = 3
# Seconds a worker may spend on one request before the master kills it (gunicorn's default is 30). Reading
# an uploaded workbook may take up to DOTPHA_IMPORT_PARSE_SECONDS (60) in its child process, then the import
# itself: a worker killed before that limit answers 502 and leaves the user's import slot taken until it is
# judged abandoned. Keep it above that limit (dotpha/imports/tests/test_upload_limits.py checks), and the
# proxy in front (nginx proxy_read_timeout, see README) above this.
timeout = 90
# No runtime control socket (gunicornc): the service manager starts and stops the server, and one less
# socket is one less way in. It also lets two servers run side by side (tests) without sharing its path.
control_socket_disable = True

# gunicorn writes "Server: gunicorn" into every response and has no setting to leave it out; naming the
# server software only helps an attacker pick an exploit. The header line is built in
# Response.default_headers (gunicorn/http/wsgi.py), so drop it there. The master reads this file before it
# forks the workers, so every worker inherits the change.
_default_headers = wsgi.Response.default_headers


def _default_headers_without_server(self):
    return [line for line in _default_headers(self) if not line.lower().startswith("server:")]


wsgi.Response.default_headers = _default_headers_without_server  # type: ignore[method-assign]
