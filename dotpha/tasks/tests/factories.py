import datetime
from decimal import Decimal

import factory

from dotpha.programmes.models import TaskKind
from dotpha.tasks.models import Milestone, ProgressReport, Target, Task, TaskStatus


class TaskFactory(factory.django.DjangoModelFactory):
    """A complete task ("5 rõ" filled). Pass programme, period, author, authority_unit and an assignee;
    `make_task` in conftest does it from the stage."""

    class Meta:
        model = Task

    kind = TaskKind.BREAKTHROUGH
    title = factory.Sequence(lambda n: f"Hoàn thành giải phóng mặt bằng dự án số {n}")
    description = "Chủ trì vận động, tháo gỡ các điểm nóng, bàn giao mặt bằng cho nhà đầu tư."
    deliverable = "Mặt bằng sạch bàn giao cho nhà đầu tư."
    start_date = datetime.date(2024, 1, 1)
    deadline = datetime.date(2024, 12, 31)
    status = TaskStatus.DRAFT


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    title = factory.Sequence(lambda n: f"Mốc {n}")
    due_date = datetime.date(2024, 6, 30)


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    name = "Xây nhà cho hộ nghèo"
    unit_of_measure = "nhà"
    target_value = Decimal(13)


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    reported_on = datetime.date(2024, 5, 1)
    percent_done = 50
    narrative = "Đã khởi công 9/13 nhà."
