"""Schemathesis walks the whole OpenAPI spec in-process (WSGI), as the organizer with a token and with
generated data of every shape: no operation may answer with a server error, an undocumented status, or
a body that breaks its own schema."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from dotpha.api.api import api
from dotpha.api.tests.access import bearer
from dotpha.tasks.models import TaskStatus
from dotpha.tests.test_access import TaskStage

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


# Loaded from the API object itself: no server and no database are needed to read the spec.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
schema.app = get_wsgi_application()


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Django closes the database connection at the end of each request it serves; inside a test that is
    the test's own transaction (on PostgreSQL). Its test client unhooks the same signal handlers."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def organizer_token(world):
    # Something to find: tasks in several states, so reads serialise real rows, not only empty lists.
    stage = TaskStage(world)
    for status in (TaskStatus.DRAFT, TaskStatus.SUBMITTED, TaskStatus.APPROVED):
        stage.task(status)
    return bearer(world.users["organizer"])["Authorization"]


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_operation_fails_or_breaks_its_schema(case, organizer_token):
    case.call_and_validate(headers={"Authorization": organizer_token}, checks=CHECKS)
