import datetime

import factory

from dotpha.programmes.authority import issuing_body
from dotpha.programmes.models import Decision, Field, Period, PeriodKind, Programme, ReportCadence


class ProgrammeFactory(factory.django.DjangoModelFactory):
    """Quy định 30-QĐ/TU style: 1 to 5 tasks per assignee, registration in the first quarter of 2024."""

    class Meta:
        model = Programme

    number = factory.Sequence(lambda n: f"{30 + n}-QĐ/TU")
    title = "Quy định giao việc đột phá, đổi mới đối với cán bộ lãnh đạo"
    issued_on = datetime.date(2020, 5, 20)
    min_tasks_per_assignee = 1
    max_tasks_per_assignee = 5
    registration_opens = datetime.date(2024, 1, 1)
    registration_closes = datetime.date(2024, 3, 31)
    report_cadence = ReportCadence.MONTHLY


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Period

    programme = factory.SubFactory(ProgrammeFactory)
    name = "2024"
    kind = PeriodKind.YEAR
    start_date = datetime.date(2024, 1, 1)
    end_date = datetime.date(2024, 12, 31)


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    number = factory.Sequence(lambda n: f"{125 + n}-QĐ/TU")
    title = "Quyết định phê duyệt việc đột phá, đổi mới đợt 1"
    signed_on = datetime.date(2024, 4, 15)
    batch_number = 1


def field(code: str = "chuyen-doi-so") -> Field:
    return Field.objects.get(code=code)


def open_decision_for(task, *, by, signed_on: datetime.date | None = None) -> Decision:
    """An open decision a test approves `task` under (every approval belongs to one): the task's programme
    and period, issued by the issuing body of the task's authority, signed on the period's first day."""
    return DecisionFactory.create(
        programme=task.programme,
        period=task.period,
        issuing_unit=issuing_body(task.authority_unit),
        created_by=by,
        signed_on=signed_on or task.period.start_date,
    )
