"""Refusals as vocabulary: every refusal the tasks app raises says its message through gettext, in the
reader's language, and names its code from the refusal enums, so pages and API give the same code."""

import ast
import json
from enum import StrEnum
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

import dotpha.tasks
from dotpha.api.tests.access import bearer
from dotpha.core import errors as core_errors
from dotpha.tasks import errors as task_errors
from dotpha.tasks.models import TaskStatus
from dotpha.tasks.tests.test_views_support import web_fixture  # noqa: F401

TASKS = Path(dotpha.tasks.__file__).parent
REFUSALS = {"ApplicationError", "PermissionDeniedError", "ConfirmationRequiredError"}
# The enums a tasks refusal may take its code from: the app's own and core's generic one.
ENUMS = {
    name: value
    for module in (task_errors, core_errors)
    for name, value in vars(module).items()
    if name.endswith("Refusal") and isinstance(value, type) and issubclass(value, StrEnum)
}


def non_test_modules() -> list[Path]:
    return [
        path
        for path in sorted(TASKS.rglob("*.py"))
        if not {"tests", "migrations"} & set(path.relative_to(TASKS).parts)
    ]


def called(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def is_gettext(node: ast.expr) -> bool:
    """`_("literal")`: a message makemessages can extract."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "_"
        and len(node.args) == 1
        and not node.keywords
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    )


def is_message(node: ast.expr) -> bool:
    """`_("...")` or `_("... %(name)s ...") % {...}`."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return is_gettext(node.left)
    return is_gettext(node)


def is_code(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in ENUMS
        and node.attr in ENUMS[node.value.id].__members__
    )


def translates_now(tree: ast.Module) -> bool:
    """`_` is gettext, not gettext_lazy: the message is built in the language of the request refused."""
    return any(
        isinstance(node, ast.ImportFrom)
        and node.module == "django.utils.translation"
        and any(alias.name == "gettext" and alias.asname == "_" for alias in node.names)
        for node in tree.body
    )


def refusal_problems() -> tuple[int, list[str]]:
    """How many refusals the tasks app constructs, and what is wrong with any of them."""
    seen, problems = 0, []
    for path in non_test_modules():
        tree = ast.parse(path.read_text(), filename=str(path))
        gettext = translates_now(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or called(node) not in REFUSALS:
                continue
            seen += 1
            where = f"{path.relative_to(TASKS.parent.parent)}:{node.lineno}"
            keywords = {keyword.arg: keyword.value for keyword in node.keywords}
            message = node.args[0] if node.args else keywords.get("message")
            if message is None:
                if called(node) != "PermissionDeniedError":  # the only refusal with a default message
                    problems.append(f"{where}: no message")
            elif not is_message(message):
                problems.append(f'{where}: the message is not _("...") or _("...") % {{...}}')
            elif not gettext:
                problems.append(f"{where}: _ is not django.utils.translation.gettext")
            code = keywords.get("code")
            if code is not None and not is_code(code):
                problems.append(f"{where}: the code is not a member of {' or '.join(sorted(ENUMS))}")
    return seen, problems


def test_every_refusal_of_the_tasks_app_is_translated_and_coded_from_the_enum():
    seen, problems = refusal_problems()
    assert seen > 100  # the walk reaches the services, views and files that refuse
    assert problems == []


def parsed(source: str) -> ast.Call:
    call = ast.parse(source, mode="eval").body
    assert isinstance(call, ast.Call)
    return call


def test_the_checks_catch_a_literal_message_and_a_literal_code():
    """The walk's own checks, on the form the app's refusals had before they were vocabulary."""
    old = parsed('ApplicationError(f"Kỳ {name} đã khóa.", code="period_closed")')
    assert (is_message(old.args[0]), is_code(old.keywords[0].value)) == (False, False)
    new = parsed('ApplicationError(_("Kỳ %(name)s đã khóa.") % {"name": n}, code=TaskRefusal.PERIOD_CLOSED)')
    assert (is_message(new.args[0]), is_code(new.keywords[0].value)) == (True, True)
    assert not is_code(parsed("f(TaskRefusal.NO_SUCH_CODE)").args[0])


@pytest.mark.django_db
def test_an_english_reader_is_refused_in_english_and_the_api_gives_the_same_code(web, client):
    task = web.task(status=TaskStatus.SUBMITTED)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(web.approver)

    # the language middleware leaves the cookie's language active in this thread: put it back afterwards,
    # or the tests after this one would run in English
    with translation.override(translation.get_language()):
        page = client.post(reverse("tasks:review", args=[task.pk]), {"action": "return", "origin": "queue"})
        api = client.post(
            reverse("api:task_return", args=[task.pk]),
            data=json.dumps({"comment": "  "}),
            content_type="application/json",
            headers=bearer(web.approver),
        )
    assert page.status_code == 200
    assert "State what needs to be completed when returning the task." in page.text
    assert "Nêu nội dung cần hoàn thiện" not in page.text
    assert (api.status_code, api.json()["code"]) == (400, "comment_required")
    task.refresh_from_db()
    assert task.status == TaskStatus.SUBMITTED
