"""The session engine (SESSION_ENGINE): Django's database sessions, remembering the expiry of the row read,
so that the idle timeout can renew a session only when its row was written more than a minute ago
(`middleware.IdleTimeoutMiddleware`). The product is served by WSGI: only the synchronous read is needed."""

import datetime

from django.contrib.sessions.backends import db


class SessionStore(db.SessionStore):
    stored_expiry: datetime.datetime | None = None

    def _get_session_from_db(self):
        row = super()._get_session_from_db()  # type: ignore[misc]  # Django's, not in django-stubs
        self.stored_expiry = row.expire_date if row is not None else None
        return row
