"""Keep an uploaded file between its preview and its commit: the bytes in the default storage under
imports/<token>.xlsx, the tokens this session may commit in the session. A session keeps a few at most;
older ones are deleted when it uploads more."""

import re
import uuid

from django.contrib.sessions.backends.base import SessionBase
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

SESSION_KEY = "imports_org_uploads"
KEEP_PER_SESSION = 3
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def upload_keep(session: SessionBase, data: bytes, filename: str) -> str:
    token = uuid.uuid4().hex
    default_storage.save(_path(token), ContentFile(data))
    uploads = [u for u in session.get(SESSION_KEY, []) if isinstance(u, dict)]
    uploads.append({"token": token, "filename": filename[:200]})
    for old in uploads[:-KEEP_PER_SESSION]:
        _delete(old.get("token", ""))
    session[SESSION_KEY] = uploads[-KEEP_PER_SESSION:]
    return token


def upload_filename(session: SessionBase, token: str) -> str | None:
    for upload in session.get(SESSION_KEY, []):
        if isinstance(upload, dict) and upload.get("token") == token:
            return str(upload.get("filename", ""))
    return None


def upload_read(session: SessionBase, token: str) -> bytes | None:
    """The kept bytes, only for a token this session was given; None when gone or not ours."""
    if upload_filename(session, token) is None or not _TOKEN.match(token):
        return None
    path = _path(token)
    if not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as stored:
        return stored.read()


def upload_forget(session: SessionBase, token: str) -> None:
    session[SESSION_KEY] = [
        u for u in session.get(SESSION_KEY, []) if isinstance(u, dict) and u.get("token") != token
    ]
    _delete(token)


def _delete(token: str) -> None:
    if _TOKEN.match(token or ""):
        default_storage.delete(_path(token))


def _path(token: str) -> str:
    return f"imports/{token}.xlsx"
