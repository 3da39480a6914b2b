"""The API access table's shape. Each area lists its cases in `access_<area>.py` as `cases(world)`; the
table test walks them all with every role and checks that every operation of the spec is listed."""

import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.test import Client

from dotpha.api.services import token_create
from dotpha.tests.test_access import ROLES

Maker = Callable[[], Any]


@dataclass
class ApiCase:
    operation: str  # the operationId in the OpenAPI spec
    method: str
    url: str | Maker  # a callable makes a fresh object for each role (writes change state)
    expected: dict[str, int]
    body: dict | Maker | None = None
    label: str = field(default="")

    def resolve(self) -> tuple[str, dict | None]:
        url = self.url() if callable(self.url) else self.url
        body = self.body() if callable(self.body) else self.body
        return url, body


def only(allowed: set[str], ok: int = 200, denied: int = 404) -> dict[str, int]:
    """Allowed roles get `ok`; the others `denied` (404 when the object is not theirs to see)."""
    return {role: ok if role in allowed else denied for role in ROLES}


def seen_but(seen: set[str], allowed: set[str], ok: int = 200) -> dict[str, int]:
    """Allowed roles `ok`, others who may see the object 403, the rest 404."""
    return {role: ok if role in allowed else 403 if role in seen else 404 for role in ROLES}


ALL = dict.fromkeys(ROLES, 200)
_names = itertools.count(1)


def bearer(user) -> dict[str, str]:
    _token, raw = token_create(actor=user, name=f"Kiểm thử {next(_names)}")
    return {"Authorization": f"Bearer {raw}"}


def call(client: Client, method: str, url: str, headers: dict[str, str], body: dict | None = None):
    if body is None and method == "get":
        return client.get(url, headers=headers)
    send = getattr(client, method)
    if body is not None and any(hasattr(value, "read") for value in body.values()):
        return send(url, data=body, headers=headers)  # a file upload: multipart/form-data
    return send(url, data=json.dumps(body or {}), content_type="application/json", headers=headers)
