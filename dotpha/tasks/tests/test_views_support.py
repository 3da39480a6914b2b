"""Fixtures for the page tests: the `stage` programme moved to the current year, so the services (which
read today's date) find its registration window open and its period running."""

import datetime

import pytest
from django.utils import timezone

from dotpha.programmes.models import Period, Programme
from dotpha.tasks.models import Task, TaskStatus


class Web:
    """The stage, today, and a task maker with dates inside the current period."""

    def __init__(self, stage) -> None:
        self.stage = stage
        self.today = timezone.localdate()
        year = self.today.year
        Programme.objects.filter(pk=stage.programme.pk).update(
            registration_opens=self.today - datetime.timedelta(days=30),
            registration_closes=self.today + datetime.timedelta(days=30),
        )
        Period.objects.filter(pk=stage.period.pk).update(
            name=str(year), start_date=datetime.date(year, 1, 1), end_date=datetime.date(year, 12, 31)
        )
        stage.programme.refresh_from_db()
        stage.period.refresh_from_db()
        self.programme = stage.programme
        self.period = stage.period
        self.start = datetime.date(year, 1, 1)
        self.deadline = datetime.date(year, 12, 31)

    def task(self, status: str = TaskStatus.DRAFT, **kwargs) -> Task:
        kwargs.setdefault("start_date", self.start)
        kwargs.setdefault("deadline", self.deadline)
        changes = {"field": kwargs.pop("field")} if "field" in kwargs else {}
        task = self.stage.make_task(status=status, **kwargs)
        if status == TaskStatus.APPROVED:
            changes["approved_on"] = self.start
        if changes:
            Task.objects.filter(pk=task.pk).update(**changes)
            task.refresh_from_db()
        return task

    def __getattr__(self, name):
        return getattr(self.stage, name)


@pytest.fixture(name="web")
def web_fixture(stage) -> Web:
    """Import `web_fixture` in a test module to use the `web` fixture."""
    return Web(stage)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []
