"""Every API operation with every role, by token: allowed, forbidden (403) or not disclosed (404); without
credentials always 401. The table must name every operation of the OpenAPI spec."""

import importlib
import pkgutil

import pytest

from dotpha.api.api import api
from dotpha.api.tests.access import ApiCase, bearer, call
from dotpha.tests.test_access import ROLES

pytestmark = pytest.mark.django_db

AREAS = sorted(
    m.name
    for m in pkgutil.iter_modules(importlib.import_module("dotpha.api.tests").__path__)
    if m.name.startswith("access_")
)


def all_cases(world) -> list[ApiCase]:
    found: list[ApiCase] = []
    for area in AREAS:
        found.extend(importlib.import_module(f"dotpha.api.tests.{area}").cases(world))
    return found


def spec_operations() -> set[str]:
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return {op["operationId"] for path in schema["paths"].values() for op in path.values()}


def test_the_table_names_every_operation(world):
    listed = {case.operation for case in all_cases(world)}
    assert spec_operations() - listed == set(), "operations missing from the access table"
    assert listed - spec_operations() == set(), "the table names operations the API does not have"


def test_every_operation_with_every_role(world, client):
    headers = {role: bearer(world.users[role]) for role in ROLES}
    failures = []
    for case in all_cases(world):
        for role, status in case.expected.items():
            url, body = case.resolve()
            response = call(client, case.method, url, headers[role], body)
            if response.status_code != status:
                failures.append(
                    f"{case.operation} {case.label} as {role}: expected {status}, got {response.status_code}"
                    f" {response.content[:200]!r}"
                )
            elif status >= 400:
                assert set(response.json()) == {"code", "message", "details"}, case.operation
    assert failures == []


def test_without_credentials_every_operation_is_401(world, client):
    for case in all_cases(world):
        url, body = case.resolve()
        response = call(client, case.method, url, {}, body)
        assert response.status_code == 401, case.operation
        assert response.json()["code"] == "unauthenticated"


def test_a_token_sees_exactly_what_its_user_sees_in_the_browser(world, client):
    """Every read, for every role: the answer to the token equals the answer to the user's own session."""
    headers = {role: bearer(world.users[role]) for role in ROLES}
    reads = [case for case in all_cases(world) if case.method == "get"]
    assert reads
    for case in reads:
        url, _body = case.resolve()
        for role in ROLES:
            client.logout()
            by_token = client.get(url, headers=headers[role])
            client.force_login(world.users[role])
            by_session = client.get(url)
            assert (by_token.status_code, by_token.content) == (by_session.status_code, by_session.content), (
                f"{case.operation} as {role}"
            )
