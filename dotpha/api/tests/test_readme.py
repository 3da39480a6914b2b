"""The README's curl examples name operations the API really has, with the method they use."""

import re
from pathlib import Path

from dotpha.api.api import api

README = Path(__file__).resolve().parents[3] / "README.md"


def curl_commands() -> list[str]:
    # one command per `curl`, continuation lines (ending in a backslash) joined
    text = README.read_text().replace("\\\n", " ")
    return [line.strip() for line in text.splitlines() if line.strip().startswith("curl ")]


def operation_for(method: str, path: str) -> str | None:
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    for template, operations in schema["paths"].items():
        pattern = "^" + re.sub(r"\{[^}]+\}", r"[^/]+", template) + "$"
        if re.match(pattern, path) and method in operations:
            return operations[method]["operationId"]
    return None


def test_every_curl_example_calls_a_real_operation():
    commands = curl_commands()
    assert len(commands) >= 2
    for command in commands:
        url = re.search(r'"https?://[^/"]+(/api/v1/[^"?]*)', command)
        assert url, command
        method = "post" if " -d " in command or "--data" in command else "get"
        assert operation_for(method, url.group(1)) is not None, command
