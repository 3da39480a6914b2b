"""Parts other apps add to the annual report and its annexes.

An app registers a provider in its AppConfig.ready():

    from dotpha.reports.sections import register_section
    register_section("monitoring", monitoring_report_section)

The provider receives a `SectionRequest` and returns a dict (or None when it has nothing to say). The
report's context then holds it under `sections.<name>` and, for the template's convenience, under `<name>`:
the default Word template and the PDF already print a "monitoring" part when one is given
(`monitoring.paragraphs`: list of sentences; `monitoring.rows`: list of {label, value} lines).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from dotpha.accounts.models import User
from dotpha.org.models import Unit
from dotpha.reports.selectors import StatsFilter


@dataclass(frozen=True)
class SectionRequest:
    user: User
    root: Unit
    filter: StatsFilter
    year: str
    today: datetime.date


SectionProvider = Callable[[SectionRequest], dict | None]
_SECTIONS: dict[str, SectionProvider] = {}


def register_section(name: str, provider: SectionProvider) -> None:
    _SECTIONS[name] = provider


def unregister_section(name: str) -> None:
    _SECTIONS.pop(name, None)


def report_sections(request: SectionRequest) -> dict[str, dict]:
    found = {}
    for name, provider in _SECTIONS.items():
        part = provider(request)
        if part:
            found[name] = part
    return found
