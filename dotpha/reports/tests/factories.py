"""A programme year with known numbers, written straight to the database (bulk_create), over the shared
`world`: Quy định 30-QĐ/TU, year 2024, as in the Tuyên Quang article — 244 tasks assigned, 81 completed
excellently, 11 ahead of plan — plus tasks waiting, returned and rejected, and drafts (never counted).

Progress reports are optional: `reported_done` of the excellent and good tasks were reported at 100% before
their deadline, `reported_partly` of the completed and not completed ones last reported at 70%; every other
task was never reported (an evaluated one follows its evaluation, never overdue).

Cadres are spread over the province: Sở Nội vụ, Sở Tài chính, the organisation board, and the old commune
(merged on 1 July 2025 into Xã Tân Lập: its figures count there, once). A collective task of the old commune
checks the same for collectives.
"""

import datetime
from dataclasses import dataclass, field

from dotpha.org.models import Cadre, EndReason, Unit
from dotpha.org.tests.factories import AppointmentFactory, CadreFactory, PositionFactory
from dotpha.programmes.models import Field, Grade, Period, Programme
from dotpha.programmes.tests.factories import PeriodFactory, ProgrammeFactory
from dotpha.tasks.facts import refresh_facts
from dotpha.tasks.models import Evaluation, ProgressReport, Task, TaskOrigin, TaskStatus

MERGER_DAY = datetime.date(2025, 7, 1)
FIELD_NAMES = {"giai-phong-mat-bang": "Giải phóng mặt bằng", "chuyen-doi-so": "Chuyển đổi số"}


@dataclass(frozen=True)
class YearSpec:
    excellent: int = 81
    good: int = 110
    completed: int = 30
    not_completed: int = 13
    not_evaluated: int = 10
    ahead: int = 11  # among the excellent and good
    submitted: int = 6
    returned: int = 4
    rejected: int = 3
    drafts: int = 5
    cadres_per_unit: int = 6
    reported_done: int = 0  # among the excellent and good: a report at 100% on 15/11/2024
    reported_partly: int = 0  # among the completed and not completed: last report at 70% on 01/10/2024

    @property
    def approved(self) -> int:
        return self.excellent + self.good + self.completed + self.not_completed + self.not_evaluated

    @property
    def counted(self) -> int:
        return self.approved + self.submitted + self.returned + self.rejected


@dataclass
class Year:
    programme: Programme
    period: Period
    spec: YearSpec
    cadres: dict[str, list[Cadre]] = field(default_factory=dict)  # unit code -> cadres
    tasks: list[Task] = field(default_factory=list)
    collective: Task | None = None


def _cadres(world, spec: YearSpec) -> dict[str, list[Cadre]]:
    position = PositionFactory(name="Phó Giám đốc")
    found: dict[str, list[Cadre]] = {}
    for unit in (world.home_affairs, world.finance, world.board):
        found[unit.code] = []
        for _ in range(spec.cadres_per_unit):
            cadre = CadreFactory.create(managing_unit=world.standing)
            AppointmentFactory(cadre=cadre, unit=unit, position=position)
            found[unit.code].append(cadre)
    # leaders of the old commune, now of the new one
    found[world.old_commune.code] = []
    for _ in range(spec.cadres_per_unit):
        cadre = CadreFactory.create(managing_unit=world.commune)
        AppointmentFactory(
            cadre=cadre,
            unit=world.old_commune,
            position=position,
            start_date=datetime.date(2020, 1, 1),
            end_date=MERGER_DAY - datetime.timedelta(days=1),
            end_reason=EndReason.MERGED,
        )
        AppointmentFactory(cadre=cadre, unit=world.commune, position=position, start_date=MERGER_DAY)
        found[world.old_commune.code].append(cadre)
    return found


def build_year(
    world, spec: YearSpec | None = None, *, field_codes=("giai-phong-mat-bang", "chuyen-doi-so")
) -> Year:
    spec = spec or YearSpec()
    programme = ProgrammeFactory.create(number="30-QĐ/TU", issuing_unit=world.standing)
    period = PeriodFactory.create(programme=programme, name="2024")
    year = Year(programme=programme, period=period, spec=spec, cadres=_cadres(world, spec))
    everyone = [c for cadres in year.cadres.values() for c in cadres]
    # the migrations seed the fields; a browser test's flush empties them, so they are made again if needed
    fields = [
        Field.objects.get_or_create(code=code, defaults={"name": FIELD_NAMES.get(code, code)})[0]
        for code in sorted(field_codes)
    ]
    author = world.users["organizer"]
    grades = (
        [Grade.EXCELLENT] * spec.excellent
        + [Grade.GOOD] * spec.good
        + [Grade.COMPLETED] * spec.completed
        + [Grade.NOT_COMPLETED] * spec.not_completed
        + [""] * spec.not_evaluated
    )
    statuses = (
        [TaskStatus.APPROVED] * spec.approved
        + [TaskStatus.SUBMITTED] * spec.submitted
        + [TaskStatus.RETURNED] * spec.returned
        + [TaskStatus.REJECTED] * spec.rejected
        + [TaskStatus.DRAFT] * spec.drafts
    )
    tasks = []
    for i, status in enumerate(statuses):
        cadre = everyone[i % len(everyone)]
        approved = status == TaskStatus.APPROVED
        tasks.append(
            Task(
                programme=programme,
                period=period,
                field=fields[i % len(fields)],
                title=f"Việc đột phá số {i + 1}",
                assignee_cadre=cadre,
                authority_unit=cadre.managing_unit,
                author=author,
                origin=TaskOrigin.ASSIGNED,
                status=status,
                start_date=datetime.date(2024, 1, 1),
                deadline=datetime.date(2024, 12, 31),
                approved_on=datetime.date(2024, 3, 1) if approved else None,
            )
        )
    # the last approved task goes to the old commune as a collective (it counts under Xã Tân Lập)
    collective = tasks[spec.approved - 1]
    collective.assignee_cadre = None
    collective.assignee_unit = world.old_commune
    collective.authority_unit = world.commune
    year.tasks = Task.objects.bulk_create(tasks)
    year.collective = year.tasks[spec.approved - 1]
    ahead_left = spec.ahead
    evaluations = []
    for task, grade in zip(year.tasks[: spec.approved], grades, strict=True):
        if not grade:
            continue
        ahead = ahead_left > 0 and grade in (Grade.EXCELLENT, Grade.GOOD) and task.pk % 3 == 0
        ahead_left -= 1 if ahead else 0
        evaluations.append(
            Evaluation(task=task, self_grade=grade, grade=grade, ahead_of_plan=ahead, evaluated_by=author)
        )
    for evaluation in evaluations:  # the rest of the "ahead" go to the first tasks not marked yet
        if ahead_left and not evaluation.ahead_of_plan and evaluation.grade in (Grade.EXCELLENT, Grade.GOOD):
            evaluation.ahead_of_plan = True
            ahead_left -= 1
    Evaluation.objects.bulk_create(evaluations)
    _reports(year, evaluations, author)
    refresh_facts([task.pk for task in year.tasks])  # bulk inserts send no save signals
    return year


def _reports(year: Year, evaluations: list[Evaluation], author) -> None:
    spec = year.spec
    done = [e.task for e in evaluations if e.grade in (Grade.EXCELLENT, Grade.GOOD)][: spec.reported_done]
    partly = [e.task for e in evaluations if e.grade in (Grade.COMPLETED, Grade.NOT_COMPLETED)]
    assert len(done) == spec.reported_done and len(partly) >= spec.reported_partly
    reports = [
        ProgressReport(
            task=task,
            reported_on=datetime.date(2024, 11, 15),
            percent_done=100,
            narrative="Đã xong.",
            author=author,
        )
        for task in done
    ] + [
        ProgressReport(
            task=task,
            reported_on=datetime.date(2024, 10, 1),
            percent_done=70,
            narrative="Đạt 70%.",
            author=author,
        )
        for task in partly[: spec.reported_partly]
    ]
    ProgressReport.objects.bulk_create(reports)


def unit_of(world, code: str) -> Unit:
    return Unit.objects.get(code=code)
