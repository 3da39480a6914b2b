"""Programmes, periods, decisions and tasks of the demo province of Hòa Sơn, so every page shows something.

Four programmes: the provincial standing committee's regulation (việc đột phá, đổi mới for the cadres it
manages; phase 2021–2025, every year from 2021 to this year, phase 2026–2030), the People's Council office's
own regulation for its staff, Sở Nội vụ's plan for its staff (run by its director as the unit's leadership),
and a commune's plan of difficult and key tasks for its staff.

Each task is planned as a story of dated steps (registered, submitted, returned, approved in a numbered
batch decision, reported, obstacles, adjustments, self-assessment, grade), drawn from seeded generators so
the titles, people, numbers and steps are the same on every machine. Dates near "today" are placed relative
to `today`, so there are tasks on track, at risk, overdue, stale, done on time, late and ahead of plan
whenever the demo is loaded.

Steps are written in two ways:
- what happened before the last three weeks is the province's history: written directly (in bulk, with
  its timeline events and history rows dated when it happened), as an import of past records would be,
  so nobody is notified today about a report of 2021;
- the last three weeks go through the real services (`dotpha.tasks.services`, `dotpha.programmes.services`)
  with their actor and `today`, so those steps obey the rules and notify the people concerned once the
  transaction commits.
The tests hold the directly written history to the same rules.
"""

import contextlib
import datetime
import random
import textwrap
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db.models import Max, Model, Q
from django.utils import timezone

from dotpha.accounts.models import Role, RoleGrant, User
from dotpha.demo import task_texts as texts
from dotpha.demo.names import full_name
from dotpha.demo.province import DEMO_PASSWORD, REFORM_DAY
from dotpha.org.models import Appointment, Cadre, Position, Unit
from dotpha.org.seed import is_leadership_title
from dotpha.programmes import services as programme_services
from dotpha.programmes.models import (
    CADENCE_DAYS,
    Decision,
    DocumentKind,
    Field,
    Grade,
    Period,
    PeriodKind,
    Programme,
    ReportCadence,
    TaskKind,
)
from dotpha.tasks import services as task_services
from dotpha.tasks.facts import refresh_facts
from dotpha.tasks.models import (
    AdjustmentRequest,
    AdjustmentStatus,
    CoResponsibleUnit,
    Evaluation,
    Evidence,
    Milestone,
    Obstacle,
    ObstacleStatus,
    ProgressReport,
    ReportTargetValue,
    Target,
    Task,
    TaskEvent,
    TaskEventKind,
    TaskOrigin,
    TaskStatus,
    YearReview,
)
from dotpha.tasks.selectors.progress import ProgressState, with_progress

# Steps on or after today minus this many days go through the services (and notify); older ones are history.
LIVE_DAYS = 21
DECISION_RECIPIENTS = "Như Điều 2\nCác đồng chí Ủy viên Ban Thường vụ\nLưu Văn phòng"
HISTORY_REASON = "Dữ liệu mẫu: nhập diễn biến đã có"
FIRST_YEAR = 2021
PHASES = ((2021, 2025), (2026, 2030))

# Grades of each ended year (excellent, good, completed, not completed): 2021 about a third excellent
# ("81/244 việc hoàn thành xuất sắc"), 2022 fewer ("40/219").
GRADE_WEIGHTS = {
    "2021": (33, 42, 19, 6),
    "2022": (18, 50, 25, 7),
    "2023": (22, 48, 24, 6),
    "2024": (26, 46, 23, 5),
    "2021–2025": (34, 44, 17, 5),
}
DEFAULT_GRADE_WEIGHTS = (25, 47, 23, 5)
GRADES = (Grade.EXCELLENT, Grade.GOOD, Grade.COMPLETED, Grade.NOT_COMPLETED)

Day = datetime.date
When = datetime.datetime


# --------------------------------------------------------------------------------------------- the plan


@dataclass
class Fate:
    """How a task's story ends (as far as today)."""

    status: str = TaskStatus.APPROVED
    progress: str = ProgressState.ON_TRACK  # wanted progress state, for an approved task
    grade: str = ""  # for a task of an ended period
    evaluation: str = "graded"  # "graded", "self" (self-assessed only) or "none"
    returned_once: bool = False
    obstacle: str = ""  # "", "open", "answered", "resolved"
    adjustment: str = ""  # "", "pending", "approved", "refused"
    adjust_target: bool = False
    live_batch: bool = False  # approved in the decision signed a few days ago
    recent: bool = False  # a draft, submission, return or rejection of the last weeks
    batch: int = 0  # index of the history batch (0: đợt 1)


@dataclass
class Batch:
    """One numbered decision approving tasks of one programme and period."""

    programme: Programme
    period: Period
    day: Day
    number_in_year: int
    issuing_unit: Unit
    actor: User
    suffix: str
    title_format: str
    live: bool = False
    records: list["Record"] = field(default_factory=list)
    number: str = ""
    title: str = ""
    decision: Decision | None = None


@dataclass
class Schedule:
    programme: Programme
    period: Period
    state: str  # "closed", "evaluating" or "running"
    opens: Day
    closes: Day
    batches: list[Batch]
    cadence: int
    self_window: tuple[Day, Day]
    eval_window: tuple[Day, Day]
    close_on: Day | None


@dataclass(eq=False)
class Record:
    """One task: what it is (the "5 rõ"), who acts on it, and its dated steps."""

    sched: Schedule
    rng: random.Random
    template: texts.Template
    title: str
    kind: str
    area: Field | None  # the field of work
    assignee_cadre: Cadre | None
    assignee_unit: Unit | None
    accountable: Cadre | None
    author: User
    doer: User  # acts for the assignee: reports, obstacles, self-assessment
    decider: User  # approves, answers, grades
    authority: Unit
    origin: str
    target: tuple[str, str, Decimal] | None
    co_units: list[Unit]
    fate: Fate
    start: Day | None = None
    deadline: Day | None = None
    milestones: list[tuple[str, Day]] = field(default_factory=list)
    steps: list["Step"] = field(default_factory=list)
    batch: Batch | None = None  # the decision that approves it
    clock: When | None = None
    stopped: bool = False
    # what the executed steps give (for the progress check and the summary)
    approved_on: Day | None = None
    reports: list[tuple[Day, int]] = field(default_factory=list)
    milestone_done: dict[int, Day] = field(default_factory=dict)
    final_deadline: Day | None = None
    # objects, filled when the steps are written
    task: Task | None = None
    ms: list[Milestone] = field(default_factory=list)
    tg: list[Target] = field(default_factory=list)
    obstacles: dict[int, Obstacle] = field(default_factory=dict)
    adjustments: dict[int, AdjustmentRequest] = field(default_factory=dict)
    evaluation: Evaluation | None = None


@dataclass
class Step:
    when: When
    order: int
    kind: str
    rec: Record | None
    args: dict[str, Any]


@dataclass
class DemoTasks:
    programmes: int = 0
    periods: int = 0
    decisions: int = 0
    tasks: int = 0
    live_steps: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    by_progress: dict[str, int] = field(default_factory=dict)
    accounts: list[tuple[str, str, str]] = field(default_factory=list)

    def summary(self) -> str:
        status = ", ".join(
            f"{n} {TaskStatus(s).label.lower()}" for s, n in sorted(self.by_status.items()) if n
        )
        return (
            f"Đã tạo {self.programmes} chương trình, {self.periods} kỳ, "
            f"{self.decisions} quyết định phê duyệt, "
            f"{self.tasks} việc ({status})."
        )


# --------------------------------------------------------------------------------------------- helpers


# Sở Nội vụ's routine duties as its functions list them, listed under the provincial regulation: canbo's
# task waiting in the queue ("Rút ngắn …% thời gian giải quyết thủ tục hành chính …") restates the second.
HOME_AFFAIRS_DUTIES = """
Tham mưu, giúp Ủy ban nhân dân tỉnh quản lý nhà nước về tổ chức bộ máy, biên chế, vị trí việc làm
Tiếp nhận, giải quyết thủ tục hành chính thuộc thẩm quyền của Sở Nội vụ; rút ngắn thời gian giải quyết
Quản lý hồ sơ cán bộ, công chức, viên chức; cập nhật cơ sở dữ liệu cán bộ, công chức, viên chức
Tổ chức công tác thi đua, khen thưởng và cải cách hành chính của tỉnh
"""


def _month_end(year: int, month: int) -> Day:
    if month == 12:
        return Day(year, 12, 31)
    return Day(year, month + 1, 1) - datetime.timedelta(days=1)


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def _place(unit_name: str) -> str:
    """ "Xã Nam Khánh" -> "Nam Khánh"."""
    for prefix in ("Thị trấn ", "Phường ", "Xã "):
        if unit_name.startswith(prefix):
            return unit_name[len(prefix) :]
    return unit_name


def _signature(batch: "Batch") -> tuple[str, str]:
    """(name, post): the batch's approver signs its decision, with the post they held that day."""
    signer = batch.actor.cadre
    if signer is None:
        return "", ""
    post = (
        Appointment.objects.filter(cadre=signer, start_date__lte=batch.day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=batch.day))
        .select_related("position")
        .order_by("-start_date")
        .first()
    )
    return signer.full_name, post.position.name if post else ""


def _between(rng: random.Random, lo: Day, hi: Day) -> Day | None:
    if hi < lo:
        return None
    return lo + _days(rng.randint(0, (hi - lo).days))


def _workday(day: Day) -> Day:
    """Decisions are signed on weekdays."""
    return day - _days(max(day.weekday() - 4, 0))


def _elapsed_percent(start: Day, deadline: Day, today: Day) -> float:
    span = max((deadline - start).days, 1)
    return 100 * max((today - start).days, 0) / span


def _weighted(rng: random.Random, options: Sequence[tuple[Any, float]]) -> Any:
    values, weights = zip(*options, strict=True)
    return rng.choices(values, weights=weights)[0]


# --------------------------------------------------------------------------------------------- builder


class _Builder:
    def __init__(self, seed: int, today: Day) -> None:
        self.seed = seed
        self.today = today
        self.cutoff = today - _days(LIVE_DAYS)
        self.tz = timezone.get_current_timezone()
        self.steps: list[Step] = []
        self.order = 0
        self.records: list[Record] = []
        self.batches: list[Batch] = []
        self.schedules: list[Schedule] = []
        self.fields = {f.code: f for f in Field.objects.all()}
        self.result = DemoTasks()

        def user(name: str) -> User:
            return User.objects.select_related("cadre").get(username=name)

        self.organizer = user("tochuc")
        self.approver = user("thuongtruc")
        self.cadre_user = user("canbo")
        self.unit_manager = user("giamdoc")
        self.commune_user = user("xa")
        self.standing = Unit.objects.get(code="HS-BTV")
        self.committee = Unit.objects.get(code="HS-TU")
        self.council_office = Unit.objects.get(code="HS-VPHDND")
        self.home_affairs = RoleGrant.objects.get(user=self.unit_manager, role=Role.UNIT_MANAGER).unit
        self.commune = RoleGrant.objects.get(user=self.commune_user, role=Role.COMMUNE_COMMITTEE).unit
        self.positions: dict[str, Position] = {}
        self.places: dict[str, list[str]] = {}
        self.user_of: dict[int, User] = {
            u.cadre_id: u for u in User.objects.filter(cadre__isnull=False) if u.cadre_id
        }

    # ---- time

    def at(self, rec: Record | None, day: Day, rng: random.Random) -> When:
        moment = datetime.datetime.combine(
            day, datetime.time(rng.randint(7, 16), rng.choice((0, 10, 15, 20, 30, 40, 45, 50))), self.tz
        )
        if rec is not None and rec.clock is not None and moment <= rec.clock:
            moment = rec.clock + datetime.timedelta(minutes=rng.randint(5, 50))
        return moment

    def step(self, rec: Record, day: Day, kind: str, **args: Any) -> bool:
        """Adds a step to the record's story; False (and nothing more for this record) once the day is not
        before today, so a story is cut where today is."""
        if rec.stopped or day >= self.today:
            rec.stopped = True
            return False
        when = self.at(rec, day, rec.rng)
        rec.clock = when
        self.order += 1
        rec.steps.append(Step(when, self.order, kind, rec, args))
        self.steps.append(rec.steps[-1])
        return True

    # ---- accounts and people

    def setup_people(self) -> None:
        leader = (
            Appointment.objects.select_related("cadre")
            .get(position__name="Bí thư Tỉnh ủy", end_date__isnull=True)
            .cadre
        )
        chief = (
            Appointment.objects.select_related("cadre")
            .get(unit=self.council_office, position__name="Chánh Văn phòng", end_date__isnull=True)
            .cadre
        )
        self.secretary = self._account("bithu", leader, [(Role.APPROVER, self.committee)])
        self.council_chief = self._account(
            "vanphonghdnd",
            chief,
            [(Role.ORGANIZER, self.council_office), (Role.APPROVER, self.council_office)],
        )
        # The commune's party secretary runs the commune's own plan and approves its staff's tasks.
        for role in (Role.ORGANIZER, Role.APPROVER):
            RoleGrant.objects.create(user=self.commune_user, role=role, unit=self.commune)
        self.result.accounts = [
            ("bithu", "Bí thư Tỉnh ủy: phê duyệt việc của tập thể và của Thường trực", self.committee.name),
            (
                "vanphonghdnd",
                "Chánh Văn phòng: điều hành, phê duyệt việc của Văn phòng",
                self.council_office.name,
            ),
            ("xa", "cũng điều hành, phê duyệt việc khó của cán bộ, công chức xã", self.commune.name),
            (
                "giamdoc",
                "cũng điều hành kế hoạch của Sở, giao, phê duyệt và đánh giá việc của công chức Sở",
                self.home_affairs.name,
            ),
        ]
        rng = random.Random(f"{self.seed}:staff")
        self.council_staff = self._staff(
            rng,
            self.council_office,
            [
                ("Trưởng phòng Tổng hợp", 41),
                ("Phó Trưởng phòng Tổng hợp", 42),
                ("Trưởng phòng Công tác HĐND", 41),
                ("Phó Trưởng phòng Hành chính – Tổ chức – Quản trị", 42),
                ("Chuyên viên", 40),
                ("Chuyên viên", 40),
                ("Chuyên viên", 40),
                ("Chuyên viên", 40),
            ],
            datetime.date(2014, 1, 1),
        )
        commune_staff = self._staff(
            rng,
            self.commune,
            [
                ("Công chức Văn phòng – Thống kê", 45),
                ("Công chức Địa chính – Xây dựng – Nông nghiệp và Môi trường", 45),
                ("Công chức Địa chính – Xây dựng – Nông nghiệp và Môi trường", 45),
                ("Công chức Tư pháp – Hộ tịch", 45),
                ("Công chức Văn hóa – Xã hội", 45),
                ("Công chức Tài chính – Kế toán", 45),
                ("Chỉ huy trưởng Ban Chỉ huy Quân sự", 44),
                ("Công chức Văn hóa – Xã hội", 45),
            ],
            REFORM_DAY,
        )
        # The department's staff, managed by the department: its director (giamdoc) runs their plan.
        self.home_affairs_staff = self._staff(
            rng,
            self.home_affairs,
            [
                ("Chánh Văn phòng Sở", 41),
                ("Trưởng phòng Công chức, viên chức", 41),
                ("Phó Trưởng phòng Tổ chức, biên chế", 42),
                ("Chuyên viên", 40),
                ("Chuyên viên", 40),
                ("Chuyên viên", 40),
            ],
            datetime.date(2015, 1, 1),
        )
        self.commune_staff = [
            *Cadre.objects.filter(managing_unit=self.commune)
            .exclude(pk__in=[c.pk for c in commune_staff])
            .order_by("code"),
            *commune_staff,
        ]

    def _account(self, username: str, cadre: Cadre, grants: list[tuple[str, Unit]]) -> User:
        account = User(username=username, cadre=cadre, first_name=cadre.full_name)
        account.set_password(DEMO_PASSWORD)
        account.save()
        for role, unit in grants:
            RoleGrant.objects.create(user=account, role=role, unit=unit)
        self.user_of[cadre.pk] = account
        return account

    def _staff(
        self, rng: random.Random, unit: Unit, posts: list[tuple[str, int]], earliest: Day
    ) -> list[Cadre]:
        """Staff the source articles name (office specialists, commune civil servants) who are not in the
        province's roster: managed by their own unit, which runs their programme."""
        last = Cadre.objects.aggregate(last=Max("code"))["last"] or "CB00000"
        number = int(last[2:])
        people = []
        for name, rank in posts:
            number += 1
            gender = rng.choices(["male", "female"], weights=[55, 45])[0]
            cadre = Cadre(
                code=f"CB{number:05d}",
                full_name=full_name(rng, gender),
                gender=gender,
                birth_year=rng.randint(1978, 1998),
                is_party_member=rng.random() > 0.2,
                phone=f"09{rng.randint(10_000_000, 99_999_999)}",
                email=f"cb{number:05d}@hoason.gov.vn",
                managing_unit=unit,
            )
            cadre.save()
            position = (
                self.positions.get(name)
                or Position.objects.get_or_create(
                    name=name,
                    defaults={"is_head": False, "rank": rank, "is_leadership": is_leadership_title(name)},
                )[0]
            )
            self.positions[name] = position
            start = max(earliest, Day(rng.randint(2012, 2023), rng.randint(1, 12), 1))
            Appointment.objects.create(cadre=cadre, position=position, unit=unit, start_date=start)
            people.append(cadre)
        return people

    def ensure_users(self) -> None:
        """Every cadre who registers or reports has an account, with the cadre role on the unit of their
        current post; a cadre who has left keeps an inactive one. The password is unusable: the demo signs
        in with the demo accounts."""
        wanted: dict[int, Cadre] = {}
        for rec in self.records:
            for cadre in (rec.assignee_cadre, rec.accountable):
                if cadre is not None and cadre.pk not in self.user_of:
                    wanted[cadre.pk] = cadre
        # the main current post: the lowest rank wins
        current = dict(
            Appointment.objects.filter(cadre__in=wanted, end_date__isnull=True)
            .order_by("-position__rank", "-pk")
            .values_list("cadre_id", "unit_id")
        )
        accounts = []
        for cadre in sorted(wanted.values(), key=lambda c: c.code):
            account = User(
                username=cadre.code.lower(),
                cadre=cadre,
                first_name=cadre.full_name,
                is_active=cadre.pk in current,
            )
            account.set_unusable_password()
            accounts.append(account)
        User.objects.bulk_create(accounts)
        created = list(User.objects.filter(username__in=[a.username for a in accounts]))
        User.history.bulk_history_create(created, default_change_reason=HISTORY_REASON)  # type: ignore[attr-defined]
        grants = [
            RoleGrant(user=account, role=Role.CADRE, unit_id=current[account.cadre_id])
            for account in created
            if account.cadre_id in current
        ]
        RoleGrant.objects.bulk_create(grants)
        RoleGrant.history.bulk_history_create(grants, default_change_reason=HISTORY_REASON)  # type: ignore[attr-defined]
        for account in created:
            assert account.cadre_id is not None
            self.user_of[account.cadre_id] = account
        for rec in self.records:
            if rec.assignee_cadre is not None:
                rec.author = (
                    self.user_of[rec.assignee_cadre.pk] if rec.origin == TaskOrigin.REGISTERED else rec.author
                )
                rec.doer = self.user_of[rec.assignee_cadre.pk]
            elif rec.accountable is not None and rec.doer is None:
                rec.doer = self.user_of[rec.accountable.pk]

    # ---- programmes and periods

    def programme(
        self,
        actor: User,
        unit: Unit,
        *,
        number: str,
        title: str,
        issued_on: Day,
        document_kind: str,
        kinds: list[str],
        cadence: str,
        max_tasks: int,
    ) -> Programme:
        programme = programme_services.programme_create(
            actor=actor,
            number=number,
            title=title,
            issued_on=issued_on,
            issuing_unit=unit,
            registration_opens=issued_on,
            registration_closes=Day(2030, 12, 31),
            document_kind=document_kind,
            task_kinds=kinds,
            max_tasks_per_assignee=max_tasks,
            report_cadence=cadence,
        )
        moment = datetime.datetime.combine(issued_on, datetime.time(9), self.tz)
        Programme.objects.filter(pk=programme.pk).update(created_at=moment, updated_at=moment)
        self.result.programmes += 1
        return programme

    def schedule(
        self,
        programme: Programme,
        actor: User,
        name: str,
        start: Day,
        end: Day,
        *,
        kind: str = PeriodKind.YEAR,
        opens: Day,
        closes: Day,
        batch_days: Sequence[Day],
        batch_actor: User,
        issuing_unit: Unit,
        suffix: str,
        title_format: str,
    ) -> Schedule | None:
        """The period (created through the service) and when things happen in it."""
        if start > self.today:
            return None
        if end < self.today:
            state = "evaluating" if end.year == self.today.year - 1 else "closed"
        else:
            state = "running"
            closes = max(closes, min(self.today + _days(20), end))
        period = programme_services.period_create(
            actor=actor,
            programme=programme,
            name=name,
            start_date=start,
            end_date=end,
            kind=kind,
            registration_opens=opens,
            registration_closes=closes,
        )
        moment = datetime.datetime.combine(opens - _days(10), datetime.time(9), self.tz)
        Period.objects.filter(pk=period.pk).update(created_at=moment, updated_at=moment)
        self.result.periods += 1
        after = end.year + 1
        batches = []
        for i, day in enumerate(batch_days, start=1):
            day = _workday(day)
            if day < self.cutoff:
                batches.append(
                    Batch(programme, period, day, i, issuing_unit, batch_actor, suffix, title_format)
                )
        if state == "running" and kind == PeriodKind.YEAR:
            live_day = _workday(self.today - _days(4))
            if live_day >= self.cutoff and live_day > opens + _days(20):
                batches.append(
                    Batch(
                        programme,
                        period,
                        live_day,
                        len(batches) + 1,
                        issuing_unit,
                        batch_actor,
                        suffix,
                        title_format,
                        live=True,
                    )
                )
        sched = Schedule(
            programme=programme,
            period=period,
            state=state,
            opens=opens,
            closes=closes,
            batches=batches,
            cadence=CADENCE_DAYS[ReportCadence(programme.report_cadence)],
            self_window=(Day(after, 1, 4), Day(after, 1, 22)),
            eval_window=(Day(after, 2, 2), Day(after, 2, 26)),
            close_on=Day(after, 3, 12) if state == "closed" else None,
        )
        self.batches.extend(batches)
        self.schedules.append(sched)
        return sched

    # ---- pools of people

    def provincial_pool(self, start: Day, end: Day, settle: int = 90) -> list[tuple[Cadre, Appointment, str]]:
        """Cadres managed by the standing committee who held a post through the period (from `settle` days
        after its start): (cadre, post, category). Before the 2025 reform commune leaders were not the
        province's to manage."""
        active_from = start + _days(settle)
        active_to = min(end, self.today) - _days(90)
        posts = (
            Appointment.objects.filter(cadre__managing_unit=self.standing, start_date__lte=active_from)
            .exclude(end_date__lt=active_to)
            .select_related("cadre", "position", "unit", "unit__kind")
            .order_by("cadre__code", "position__rank", "pk")
        )
        pool: dict[int, tuple[Cadre, Appointment, str]] = {}
        for post in posts:
            if post.cadre_id in pool:
                continue
            kind = post.unit.kind.code
            if kind in ("commune", "township", "ward"):
                if post.unit.valid_from is None or post.unit.valid_from < REFORM_DAY:
                    continue
                category = "commune"
            elif kind == "district_committee":
                category = "district"
            else:
                category = "province"
            pool[post.cadre_id] = (post.cadre, post, category)
        return list(pool.values())

    def staff_pool(self, cadres: Iterable[Cadre], start: Day) -> list[tuple[Cadre, Appointment, str]]:
        posts = {
            a.cadre_id: a
            for a in Appointment.objects.filter(
                cadre__in=list(cadres), end_date__isnull=True, start_date__lte=start + _days(60)
            )
            .select_related("cadre", "position", "unit")
            .order_by("-position__rank")
        }
        return [(a.cadre, a, "staff") for a in sorted(posts.values(), key=lambda a: a.cadre.code)]

    # ---- the task itself

    def fields_for(self, post: Appointment) -> tuple[str, ...]:
        label = f"{post.position.name} {post.unit.name} "
        for needle, codes in texts.UNIT_FIELDS:
            if needle in post.unit.name or (needle in label and needle not in ("Xã ", "Phường ")):
                return codes
        return texts.DEFAULT_FIELDS

    def pick_templates(
        self,
        rng: random.Random,
        post: Appointment,
        category: str,
        count: int,
        catalogue: Sequence[texts.Template],
    ) -> list[texts.Template]:
        label = f"{post.position.name} {post.unit.name}"
        local = category in ("district", "commune")
        codes = self.fields_for(post) if catalogue is texts.TEMPLATES else ()

        def fits(t: texts.Template) -> bool:
            if codes and t.field not in codes:
                return False
            if t.units and not any(u in label for u in t.units):
                return False
            return not (t.scope == "province" and local) and not (t.scope == "local" and not local)

        candidates = [t for t in catalogue if fits(t)] or [
            t for t in catalogue if not t.units and t.scope in ("any", "local" if local else "province")
        ]
        chosen = rng.sample(candidates, min(count, len(candidates)))
        while len(chosen) < count:
            chosen.append(rng.choice(candidates))
        return chosen

    def place_names(self, year: int) -> list[str]:
        """Commune names of that year: the merged communes from 2026, the older ones before."""
        key = "new" if year >= REFORM_DAY.year + 1 else "old"
        if key not in self.places:
            units = Unit.objects.filter(kind__code__in=["commune", "township", "ward"])
            if key == "new":
                units = units.filter(valid_from__gte=REFORM_DAY)
            else:
                units = units.filter(valid_to__isnull=False)
            self.places[key] = sorted(_place(u.name) for u in units)
        return self.places[key]

    def record(
        self,
        sched: Schedule,
        rng: random.Random,
        template: texts.Template,
        *,
        cadre: Cadre | None,
        unit_name: str,
        fate: Fate,
        decider: User,
        assignee_unit: Unit | None = None,
        accountable: Cadre | None = None,
        author: User | None = None,
        origin: str = TaskOrigin.REGISTERED,
        places: Sequence[str] = (),
        co_units: Sequence[Unit] = (),
    ) -> Record:
        year = sched.period.start_date.year
        names = list(places) or self.place_names(year)
        xa, xa2 = rng.sample(names, 2) if len(names) > 1 else (names[0], names[0])
        value = None
        if template.target is not None:
            name, uom, lo, hi = template.target
            number = rng.randint(lo, hi)
            if hi - lo > 200:
                number = round(number, -2)
            elif hi - lo > 40:
                number = round(number, -1) or lo
            value = (name, uom, Decimal(number))
        else:
            number = 0
        title = template.title.format(xa=xa, xa2=xa2, n=number, don_vi=unit_name, nam=year)
        kinds = sched.programme.task_kinds
        kind = template.kind if template.kind in kinds else kinds[0]
        authority = (
            cadre.managing_unit if cadre is not None and cadre.managing_unit else sched.programme.issuing_unit
        )
        assert authority is not None
        rec = Record(
            sched=sched,
            rng=rng,
            template=template,
            title=title,
            kind=kind,
            area=self.fields.get(template.field),
            assignee_cadre=cadre,
            assignee_unit=assignee_unit,
            accountable=accountable,
            author=author or self.organizer,  # replaced by the cadre's account once accounts exist
            doer=author or self.organizer,
            decider=decider,
            authority=authority,
            origin=origin,
            target=value,
            co_units=list(co_units),
            fate=fate,
        )
        self.records.append(rec)
        return rec

    # ---- fates

    def draw_fate(self, sched: Schedule, rng: random.Random, *, live_batch_ok: bool = True) -> Fate:
        fate = Fate()
        period_name = sched.period.name
        if sched.state == "running":
            fate.status = _weighted(
                rng,
                [
                    (TaskStatus.DRAFT, 4),
                    (TaskStatus.SUBMITTED, 6),
                    (TaskStatus.RETURNED, 3),
                    (TaskStatus.REJECTED, 3),
                    (TaskStatus.APPROVED, 84),
                ],
            )
            fate.recent = rng.random() < 0.5
            if fate.status == TaskStatus.APPROVED:
                fate.live_batch = live_batch_ok and rng.random() < 0.04
                fate.progress = _weighted(
                    rng,
                    [
                        (ProgressState.ON_TRACK, 42),
                        (ProgressState.AT_RISK, 15),
                        (ProgressState.STALE, 11),
                        (ProgressState.OVERDUE, 8),
                        (ProgressState.COMPLETED_ON_TIME, 11),
                        (ProgressState.COMPLETED_LATE, 5),
                        (ProgressState.AHEAD_OF_PLAN, 8),
                    ],
                )
                fate.obstacle = _weighted(rng, [("", 82), ("resolved", 9), ("answered", 5), ("open", 4)])
                fate.adjustment = _weighted(rng, [("", 92), ("approved", 3), ("refused", 2), ("pending", 3)])
        else:
            fate.status = _weighted(rng, [(TaskStatus.APPROVED, 96), (TaskStatus.REJECTED, 4)])
            weights = GRADE_WEIGHTS.get(period_name, DEFAULT_GRADE_WEIGHTS)
            fate.grade = _weighted(rng, list(zip(GRADES, weights, strict=True)))
            outcomes: dict[str, str] = {
                Grade.EXCELLENT: _weighted(
                    rng, [(ProgressState.AHEAD_OF_PLAN, 50), (ProgressState.COMPLETED_ON_TIME, 50)]
                ),
                Grade.GOOD: _weighted(
                    rng,
                    [
                        (ProgressState.AHEAD_OF_PLAN, 15),
                        (ProgressState.COMPLETED_ON_TIME, 80),
                        (ProgressState.COMPLETED_LATE, 5),
                    ],
                ),
                Grade.COMPLETED: _weighted(
                    rng, [(ProgressState.COMPLETED_ON_TIME, 45), (ProgressState.COMPLETED_LATE, 55)]
                ),
                Grade.NOT_COMPLETED: ProgressState.OVERDUE,
            }
            fate.progress = outcomes[fate.grade]
            if sched.state == "evaluating":
                fate.evaluation = _weighted(rng, [("graded", 80), ("self", 13), ("none", 7)])
            fate.obstacle = _weighted(rng, [("", 86), ("resolved", 12), ("answered", 2)])
            fate.adjustment = _weighted(rng, [("", 94), ("approved", 4), ("refused", 2)])
        fate.adjust_target = rng.random() < 0.3
        fate.returned_once = rng.random() < 0.08
        fate.batch = _weighted(rng, [(0, 72), (1, 18), (2, 10)])
        return fate

    # ---- stories

    def tell(self, rec: Record) -> None:
        """Turns the record's fate into dated steps."""
        fate, sched, rng = rec.fate, rec.sched, rec.rng
        if fate.status == TaskStatus.APPROVED:
            batch = self._batch_for(rec)
            if batch is None and rec.origin == TaskOrigin.ASSIGNED:
                return  # no decision to assign it by yet
            if batch is None:
                fate.status = TaskStatus.SUBMITTED
                fate.recent = False
            else:
                self._approved(rec, batch)
                return
        # registered, then perhaps submitted and decided: placed so the decision falls before today
        rooms: dict[str, int] = {TaskStatus.DRAFT: 1, TaskStatus.SUBMITTED: 3}
        room = rooms.get(fate.status, 12)
        if sched.state != "running":
            first = sched.batches[0].day if sched.batches else sched.period.start_date + _days(100)
            lo, hi = sched.opens, min(sched.closes, first - _days(12))
        elif fate.recent:
            lo, hi = max(sched.opens, self.cutoff), min(sched.closes, self.today - _days(room))
        else:
            lo, hi = sched.opens, min(sched.closes, self.cutoff - _days(room))
        created = _between(rng, lo, hi) or _between(
            rng, sched.opens, min(sched.closes, self.today - _days(room))
        )
        if created is None:
            return
        self._plan_dates(rec, created, None)
        self.step(rec, created, "create")
        if fate.status == TaskStatus.DRAFT:
            return
        submitted = created + _days(rng.randint(0, 2))
        if not self.step(rec, submitted, "submit") or fate.status == TaskStatus.SUBMITTED:
            return
        decided = submitted + _days(rng.randint(2, 8))
        if fate.status == TaskStatus.RETURNED:
            self.step(rec, decided, "return_", comment=rng.choice(texts.RETURN_COMMENTS))
        elif fate.status == TaskStatus.REJECTED:
            self.step(rec, decided, "reject", reason=rng.choice(texts.REJECT_REASONS))

    def _batch_for(self, rec: Record) -> Batch | None:
        if rec.origin == TaskOrigin.ASSIGNED:
            rec.fate.live_batch = False
        batches = [b for b in rec.sched.batches if b.live == rec.fate.live_batch]
        if not batches:
            if rec.fate.live_batch:
                rec.fate.live_batch = False
                return self._batch_for(rec)
            return None
        return batches[min(rec.fate.batch, len(batches) - 1)]

    def _plan_dates(self, rec: Record, created: Day, approved: Day | None) -> None:
        """start, deadline and milestones, as registered."""
        period = rec.sched.period
        if period.kind == PeriodKind.PHASE or created <= period.start_date + _days(30):
            start = period.start_date
        else:
            # the first of the next month; a late registration starts when it is made
            start = Day(created.year, created.month, 1) + _days(31)
            start = Day(start.year, start.month, 1)
            if start > period.end_date - _days(45):
                start = max(created, period.start_date)
        rec.start = start
        rec.deadline = self._deadline(rec, start, approved or created)
        anchor = max(start, (approved or created) + _days(10))
        titles = rec.template.milestones
        span = max((rec.deadline - anchor).days, len(titles) * 2)
        dues = [anchor + _days(round(span * f)) for f in (0.3, 0.65)][: len(titles) - 1]
        dues = [min(d, rec.deadline - _days(1)) for d in dues]
        rec.milestones = [*zip(titles[:-1], dues, strict=True), (titles[-1], rec.deadline)]

    def _deadline(self, rec: Record, start: Day, approved: Day) -> Day:
        period, rng, fate = rec.sched.period, rec.rng, rec.fate
        earliest = max(start + _days(100), approved + _days(70))
        if period.kind == PeriodKind.PHASE:
            years = list(range(max(period.start_date.year + 1, earliest.year), period.end_date.year + 1))
            candidates = [Day(y, 12, 31) for y in years] + [Day(y, 6, 30) for y in years]
        else:
            candidates = [_month_end(period.end_date.year, m) for m in (6, 8, 9, 10, 11, 12)]
        candidates = sorted(d for d in candidates if earliest <= d <= period.end_date) or [period.end_date]
        today = self.today
        wanted = fate.progress if fate.status == TaskStatus.APPROVED else ""
        if rec.sched.state == "running" and wanted:
            if wanted in (ProgressState.OVERDUE, ProgressState.COMPLETED_LATE):
                options = [d for d in candidates if d <= today - _days(12)]
            elif wanted == ProgressState.COMPLETED_ON_TIME:
                options = [d for d in candidates if d <= today + _days(20)]
            elif wanted == ProgressState.AHEAD_OF_PLAN:
                options = [d for d in candidates if d >= approved + _days(90)]
            else:
                options = [d for d in candidates if d >= today + _days(3)]
            if fate.adjustment == "pending":
                options = [d for d in options if d < period.end_date] or options
            if not options:
                fate.progress = ProgressState.ON_TRACK
                options = [d for d in candidates if d >= today + _days(3)] or candidates
            candidates = options
        elif fate.adjustment in ("approved", "refused"):
            candidates = [d for d in candidates if d < period.end_date] or candidates
        if period.kind == PeriodKind.YEAR and period.end_date in candidates and rng.random() < 0.6:
            return period.end_date
        return rng.choice(candidates)

    def _approved(self, rec: Record, batch: Batch) -> None:
        fate, sched, rng = rec.fate, rec.sched, rec.rng
        approved = batch.day
        lo = sched.opens
        hi = min(sched.closes, approved - _days(12))
        if batch.live and fate.recent:
            lo = max(lo, self.cutoff)
            hi = approved - _days(2)
        created = _between(rng, lo, hi) or _between(rng, lo, approved - _days(2)) or lo
        self._plan_dates(rec, created, approved)
        if rec.origin != TaskOrigin.ASSIGNED:
            self.step(rec, created, "create")
            submitted = min(created + _days(rng.randint(0, 6)), approved - _days(2))
            self.step(rec, submitted, "submit")
            if fate.returned_once and (approved - submitted).days > 8:
                returned = submitted + _days(rng.randint(2, 4))
                self.step(rec, returned, "return_", comment=rng.choice(texts.RETURN_COMMENTS))
                self.step(rec, min(returned + _days(rng.randint(1, 3)), approved - _days(1)), "submit")
        batch.records.append(rec)
        rec.batch = batch
        rec.clock = datetime.datetime.combine(approved, datetime.time(15, 0), self.tz)
        rec.approved_on = approved
        self._execution(rec, approved)

    def _execution(self, rec: Record, approved: Day) -> None:
        """Reports, milestones, obstacles, adjustments and the year-end evaluation after approval."""
        fate, sched, rng = rec.fate, rec.sched, rec.rng
        assert rec.start is not None and rec.deadline is not None
        running = sched.state == "running"
        horizon = self.today - _days(1) if running else sched.self_window[0] - _days(2)
        deadline = rec.deadline
        plan: list[tuple[Day, str, dict[str, Any]]] = []

        # adjustment: decided before the outcome, which is measured against the new deadline
        if fate.adjustment and deadline < sched.period.end_date:
            if fate.adjustment == "pending":
                asked = _between(
                    rng, max(approved + _days(20), self.today - _days(10)), self.today - _days(1)
                )
                decided = None
            else:
                asked = _between(rng, approved + _days(30), min(deadline - _days(20), horizon - _days(25)))
                decided = asked + _days(rng.randint(5, 15)) if asked else None
            if asked is not None:
                later = deadline + _days(rng.randint(30, 85))
                new_deadline = min(_month_end(later.year, later.month), sched.period.end_date)
                target_change = fate.adjust_target and rec.target is not None and rec.target[2] >= 8
                ref = len(plan)
                if target_change:
                    assert rec.target is not None
                    new_value = (rec.target[2] * Decimal("0.75")).quantize(Decimal(1))
                    plan.append(
                        (
                            asked,
                            "adjustment_request",
                            {
                                "ref": ref,
                                "target_value": new_value,
                                "reason": rng.choice(texts.ADJUSTMENT_TARGET_REASONS),
                            },
                        )
                    )
                else:
                    plan.append(
                        (
                            asked,
                            "adjustment_request",
                            {
                                "ref": ref,
                                "deadline": new_deadline,
                                "reason": rng.choice(
                                    texts.ADJUSTMENT_REASONS_WORKS
                                    if rec.template.field in texts.WORKS_FIELDS
                                    else texts.ADJUSTMENT_REASONS
                                ),
                            },
                        )
                    )
                if decided is not None:
                    approve = fate.adjustment == "approved"
                    comment = rng.choice(texts.ADJUSTMENT_APPROVALS if approve else texts.ADJUSTMENT_REFUSALS)
                    plan.append(
                        (decided, "adjustment_decide", {"ref": ref, "approve": approve, "comment": comment})
                    )
                    if approve and not target_change:
                        deadline = new_deadline
                    if approve and target_change:
                        rec.target = (rec.target[0], rec.target[1], new_value)  # type: ignore[index]
        rec.final_deadline = deadline

        # the outcome: when it was completed (if it was) and the last report
        progress = fate.progress
        start = rec.start
        completed: Day | None = None
        last: Day | None = None
        last_percent = 0
        first_report = approved + _days(rng.randint(20, 45))
        if progress == ProgressState.AHEAD_OF_PLAN:
            completed = _between(
                rng, max(approved + _days(40), start + _days(40)), min(deadline - _days(32), horizon)
            )
        elif progress == ProgressState.COMPLETED_ON_TIME:
            completed = _between(rng, max(deadline - _days(27), approved + _days(35)), min(deadline, horizon))
        elif progress == ProgressState.COMPLETED_LATE:
            completed = _between(rng, deadline + _days(3), min(deadline + _days(60), horizon))
        if progress == ProgressState.AHEAD_OF_PLAN and completed is None:
            progress = ProgressState.COMPLETED_ON_TIME
        if progress == ProgressState.COMPLETED_ON_TIME and completed is None:
            completed = _between(rng, max(deadline - _days(27), approved + _days(35)), min(deadline, horizon))
        if progress in (
            ProgressState.AHEAD_OF_PLAN,
            ProgressState.COMPLETED_ON_TIME,
            ProgressState.COMPLETED_LATE,
        ):
            if completed is None:
                progress = ProgressState.OVERDUE if deadline < self.today else ProgressState.ON_TRACK
            else:
                last, last_percent = completed, 100
        today = self.today
        elapsed = _elapsed_percent(start, deadline, today)
        if progress == ProgressState.OVERDUE:
            last = _between(rng, max(first_report, deadline - _days(45)), min(deadline + _days(20), horizon))
            last_percent = rng.randint(40, 90)
        elif progress == ProgressState.STALE:
            floor = int(elapsed) - 14
            last = _between(rng, first_report, today - _days(sched.cadence + 4))
            if last is None or floor > 95:
                progress = ProgressState.ON_TRACK
            else:
                last_percent = min(95, max(floor + rng.randint(1, 8), 5))
        if progress == ProgressState.AT_RISK:
            past = [
                i
                for i, (_t, due) in enumerate(rec.milestones[:-1])
                if approved + _days(10) < due < today - _days(3)
            ]
            if past and rng.random() < 0.6:
                fate.progress = "at_risk_milestone"
                last = _between(rng, max(first_report, today - _days(25)), today - _days(1))
                last_percent = min(95, max(int(elapsed) - 10 + rng.randint(0, 10), 10))
            elif elapsed > 35:
                last = _between(rng, max(first_report, today - _days(30)), today - _days(1))
                last_percent = max(5, int(elapsed) - 15 - rng.randint(6, 25))
            else:
                progress = ProgressState.ON_TRACK
        if progress == ProgressState.ON_TRACK:
            # the last report within the cadence (for a quarterly one, mostly before the last weeks)
            last = _between(rng, max(first_report, today - _days(sched.cadence * 4 // 5)), today - _days(1))
            last_percent = min(95, max(int(elapsed) - 8 + rng.randint(0, 12), 8))
        if last is None and progress in (ProgressState.ON_TRACK, ProgressState.AT_RISK):
            last = _between(rng, first_report, today - _days(1))
        # reports on the cadence up to the last one
        reports: list[tuple[Day, int]] = []
        if last is not None and last >= first_report:
            day = first_report
            gap = sched.cadence
            dates = []
            while day < last - _days(10):
                dates.append(day)
                day += _days(gap - rng.randint(4, max(5, gap // 4)))
            dates.append(last)
            span = max((last - start).days, 1)
            previous = 0
            for i, day in enumerate(dates):
                if i == len(dates) - 1:
                    percent = last_percent
                else:
                    share = max((day - start).days, 1) / span
                    percent = int(last_percent * share) + rng.randint(-4, 4)
                    percent = max(previous + 1, min(percent, last_percent - 1, 95))
                percent = max(percent, previous)
                reports.append((day, percent))
                previous = percent
        for day, percent in reports:
            plan.append((day, "report", {"percent": percent}))
        # what was planned is what happened: the grade follows the outcome
        if fate.progress != "at_risk_milestone":
            fate.progress = progress
        if sched.state != "running":
            if completed is None:
                fate.grade = Grade.NOT_COMPLETED
            elif fate.grade == Grade.NOT_COMPLETED:
                fate.grade = Grade.COMPLETED
        rec.reports = [r for r in reports if r[0] < today]

        # milestones
        for i, (_title, due) in enumerate(rec.milestones):
            if completed is not None:
                done = max(min(due - _days(rng.randint(0, 10)), completed), approved + _days(1))
                if i == len(rec.milestones) - 1:
                    done = completed
            elif fate.progress == "at_risk_milestone":
                past = [j for j, (_t, d) in enumerate(rec.milestones[:-1]) if d < today - _days(3)]
                if i == max(past, default=-1) or due >= today:
                    continue
                done = max(due - _days(rng.randint(0, 7)), approved + _days(1))
            elif progress == ProgressState.OVERDUE:
                if last is None or due > last:
                    continue
                done = max(due + _days(rng.randint(-5, 10)), approved + _days(1))
            else:
                if due >= today:
                    continue
                done = max(min(due - _days(rng.randint(0, 7)), today - _days(1)), approved + _days(1))
            plan.append((done, "milestone", {"index": i}))
            rec.milestone_done[i] = done

        # obstacles
        end_of_work = completed or min(deadline, horizon)
        if fate.obstacle == "open" and running:
            raised = _between(rng, max(approved + _days(15), today - _days(12)), today - _days(1))
            if raised:
                plan.append((raised, "obstacle_raise", {"ref": 100}))
        elif fate.obstacle:
            raised = _between(rng, approved + _days(15), end_of_work - _days(12))
            if raised:
                plan.append((raised, "obstacle_raise", {"ref": 100}))
                answered = raised + _days(rng.randint(3, 12))
                plan.append((answered, "obstacle_answer", {"ref": 100}))
                resolved = answered + _days(rng.randint(7, 30))
                if fate.obstacle == "resolved" and resolved <= horizon:
                    plan.append(
                        (resolved, "obstacle_resolve", {"ref": 100, "by_decider": rng.random() < 0.4})
                    )

        # the year-end evaluation
        if sched.state != "running" and fate.evaluation != "none":
            self_day = _between(rng, *sched.self_window)
            assert self_day is not None
            plan.append((self_day, "self_assess", {}))
            if fate.evaluation == "graded":
                eval_day = _between(rng, *sched.eval_window)
                assert eval_day is not None
                plan.append((eval_day, "evaluate", {}))

        # a milestone reached on the day of a report comes first: the report counts it (a 100% report with
        # a milestone still open would be a contradiction its reporter must confirm)
        for day, kind, args in sorted(plan, key=lambda p: (p[0], p[1] != "milestone")):
            if day < approved + _days(1):
                day = approved + _days(1)
            self.step(rec, day, kind, **args)

    # ---- the programmes

    def plan_provincial(self) -> None:
        programme = self.programme(
            self.organizer,
            self.committee,
            number="45-QĐ/TU",
            title=(
                "Quy định về giao việc đột phá, đổi mới đối với một số chức danh cán bộ lãnh đạo, quản lý "
                "thuộc diện Ban Thường vụ Tỉnh ủy quản lý"
            ),
            issued_on=Day(2020, 6, 12),
            document_kind=DocumentKind.REGULATION,
            kinds=list(TaskKind.values),
            cadence=ReportCadence.QUARTERLY,
            max_tasks=5,
        )
        self.provincial = programme
        programme_services.routine_duties_add(
            actor=self.organizer, programme=programme, unit=self.home_affairs, text=HOME_AFFAIRS_DUTIES
        )
        departments = list(
            Unit.objects.filter(
                kind__code__in=["department", "central_agency"], valid_to__isnull=True
            ).order_by("code")
        )
        periods: list[tuple[str, Day, Day, str]] = [
            (f"{a}–{b}", Day(a, 1, 1), Day(b, 12, 31), PeriodKind.PHASE) for a, b in PHASES
        ]
        periods += [
            (str(y), Day(y, 1, 1), Day(y, 12, 31), PeriodKind.YEAR)
            for y in range(FIRST_YEAR, self.today.year + 1)
        ]
        for name, start, end, kind in sorted(periods, key=lambda p: (p[1], p[3] != PeriodKind.PHASE)):
            what = f"giai đoạn {name}" if kind == PeriodKind.PHASE else f"năm {name}"
            sched = self.schedule(
                programme,
                self.organizer,
                name,
                start,
                end,
                kind=kind,
                opens=Day(start.year - 1, 12, 15),
                closes=Day(start.year, 3, 31),
                batch_days=[Day(start.year, 4, 10), Day(start.year, 6, 22), Day(start.year, 9, 16)][
                    : 1 if kind == PeriodKind.PHASE else 3
                ],
                batch_actor=self.approver,
                issuing_unit=self.standing,
                suffix="-QĐ/TU",
                title_format=(
                    f"Phê duyệt việc đột phá, đổi mới {what} (đợt {{batch}}) đối với cán bộ lãnh đạo, "
                    "quản lý thuộc diện Ban Thường vụ Tỉnh ủy quản lý: {tasks}"
                ),
            )
            if sched is None:
                continue
            rng = random.Random(f"{self.seed}:provincial:{name}")
            pool = self.provincial_pool(start, end, settle=400 if kind == PeriodKind.PHASE else 90)
            scripted = self.scripted_cadres() if sched.state == "running" and kind == PeriodKind.YEAR else {}
            for cadre, post, category in pool:
                if cadre.pk in scripted:
                    continue
                if kind == PeriodKind.PHASE:
                    leader = post.position.is_head or post.position.rank <= 6
                    if not leader or category != "province" or rng.random() > 0.75:
                        continue
                    count = 1 if rng.random() < 0.8 else 2
                else:
                    # since the reform the commune secretaries and chairs are the province's too: many of
                    # them, with fewer tasks each
                    share = {"province": 0.52, "district": 1.0, "commune": 0.4}[category]
                    if cadre.pk not in self.demo_cadre_ids and rng.random() > share:
                        continue
                    weights = [(1, 14), (2, 30), (3, 33), (4, 16), (5, 7)]
                    if category == "commune":
                        weights = [(1, 40), (2, 45), (3, 15)]
                    count = _weighted(rng, weights)
                for template in self.pick_templates(rng, post, category, count, texts.TEMPLATES):
                    self._provincial_record(sched, rng, template, cadre, post, category, departments)
            if scripted:
                self.tell_scripted(sched, scripted)
            if kind == PeriodKind.YEAR:
                self.plan_collectives(sched, rng, departments)

    def _provincial_record(
        self,
        sched: Schedule,
        rng: random.Random,
        template: texts.Template,
        cadre: Cadre,
        post: Appointment,
        category: str,
        departments: list[Unit],
        fate: Fate | None = None,
    ) -> Record:
        places: list[str] = []
        if category == "commune":
            places = [_place(post.unit.name)]
        elif category == "district":
            places = [
                _place(u.name)
                for u in Unit.objects.filter(
                    path__startswith=post.unit.path, depth=post.unit.depth + 1
                ).order_by("code")
            ]
        co_units = []
        if template.field in ("giai-phong-mat-bang", "ha-tang", "quan-ly-dat-dai") and rng.random() < 0.4:
            co_units = [u for u in rng.sample(departments, 2) if u.pk != post.unit_id][:1]
        own = self.approver.cadre_id == cadre.pk
        rec = self.record(
            sched,
            rng,
            template,
            cadre=cadre,
            unit_name=post.unit.name,
            fate=fate or self.draw_fate(sched, rng, live_batch_ok=not own),
            decider=self.secretary if own else self.approver,
            places=places,
            co_units=co_units,
        )
        if own and rec.fate.live_batch:
            rec.fate.live_batch = False
        self.tell(rec)
        return rec

    def plan_collectives(self, sched: Schedule, rng: random.Random, departments: list[Unit]) -> None:
        """Tasks for a collective (tập thể): assigned top-down by the standing committee, with the unit's head
        answerable for them; and one the Department of Home Affairs registered itself."""
        heads = {
            a.unit_id: a
            for a in Appointment.objects.filter(
                unit__in=departments, position__is_head=True, end_date__isnull=True
            ).select_related("cadre", "position", "unit")
        }
        chosen = rng.sample([d for d in departments if d.pk in heads], 5)
        manager_unit = (
            Appointment.objects.filter(cadre=self.unit_manager.cadre, end_date__isnull=True)
            .values_list("unit_id", flat=True)
            .first()
        )
        home_affairs = heads.get(manager_unit) if manager_unit else None
        for unit in chosen:
            head = heads[unit.pk]
            template = self.pick_templates(rng, head, "province", 1, texts.TEMPLATES)[0]
            fate = self.draw_fate(sched, rng, live_batch_ok=False)
            if fate.status != TaskStatus.APPROVED:
                fate = Fate(progress=fate.progress or ProgressState.ON_TRACK, grade=fate.grade or Grade.GOOD)
                if sched.state != "running":
                    fate.progress = ProgressState.COMPLETED_ON_TIME
            fate.batch = 0
            rec = self.record(
                sched,
                rng,
                template,
                cadre=None,
                assignee_unit=unit,
                accountable=head.cadre,
                unit_name=unit.name,
                fate=fate,
                decider=self.secretary,
                author=self.secretary,
                origin=TaskOrigin.ASSIGNED,
            )
            rec.doer = None  # type: ignore[assignment]  # the accountable head's account, once it exists
            self.tell(rec)
        if home_affairs and sched.period.start_date.year >= self.today.year - 1:
            template = next(t for t in texts.TEMPLATES if t.title.startswith("Rút ngắn"))
            fate = self.draw_fate(sched, rng, live_batch_ok=False)
            fate.status, fate.batch = TaskStatus.APPROVED, 0
            if sched.state == "running":
                fate.progress, fate.obstacle, fate.adjustment = ProgressState.ON_TRACK, "answered", ""
            rec = self.record(
                sched,
                rng,
                template,
                cadre=None,
                assignee_unit=home_affairs.unit,
                accountable=home_affairs.cadre,
                unit_name=home_affairs.unit.name,
                fate=fate,
                decider=self.secretary,
                author=self.unit_manager,
            )
            rec.doer = self.unit_manager
            self.tell(rec)

    # ---- the demo accounts' own tasks this year

    @property
    def demo_cadre_ids(self) -> set[int]:
        return {
            u.cadre_id
            for u in (self.cadre_user, self.unit_manager, self.approver, self.commune_user, self.secretary)
            if u.cadre_id
        }

    def scripted_cadres(self) -> dict[int, list[Fate]]:
        """This year's tasks of the demo cadre (canbo): one of each kind a cadre meets."""
        canbo = self.cadre_user.cadre_id
        if canbo is None:
            return {}
        return {
            canbo: [
                Fate(progress=ProgressState.ON_TRACK, obstacle="resolved"),
                Fate(progress=ProgressState.AT_RISK, obstacle="open", adjustment="pending"),
                Fate(progress=ProgressState.AHEAD_OF_PLAN, batch=0),
                Fate(status=TaskStatus.RETURNED, recent=True),
                Fate(status=TaskStatus.DRAFT, recent=True),
                Fate(status=TaskStatus.SUBMITTED, recent=True),
            ]
        }

    def tell_scripted(self, sched: Schedule, scripted: dict[int, list[Fate]]) -> None:
        templates: dict[str, str] = {
            ProgressState.ON_TRACK: "Chuyển đổi số 100% hồ sơ",
            ProgressState.AT_RISK: "Số hóa 100% hồ sơ cán bộ",
            ProgressState.AHEAD_OF_PLAN: "Đào tạo, bồi dưỡng",
            TaskStatus.RETURNED: "Xây dựng cơ sở dữ liệu chuyên ngành",
            TaskStatus.DRAFT: "Số hóa {n} hồ sơ, tài liệu",
            TaskStatus.SUBMITTED: "Rút ngắn {n}%",
        }
        departments = list(
            Unit.objects.filter(kind__code="department", valid_to__isnull=True).order_by("code")
        )
        for cadre_id, fates in scripted.items():
            post = (
                Appointment.objects.filter(cadre_id=cadre_id, end_date__isnull=True)
                .select_related("cadre", "position", "unit")
                .order_by("position__rank")
                .first()
            )
            if post is None:
                continue
            for fate in fates:
                key = fate.progress if fate.status == TaskStatus.APPROVED else fate.status
                template = next(t for t in texts.TEMPLATES if t.title.startswith(templates[key]))
                self._provincial_record(
                    sched,
                    random.Random(f"{self.seed}:canbo:{key}"),
                    template,
                    post.cadre,
                    post,
                    "province",
                    departments,
                    fate=fate,
                )

    def plan_council_office(self) -> None:
        programme = self.programme(
            self.council_chief,
            self.council_office,
            number="03-QĐ/VP",
            title=(
                "Quy định giao việc đột phá, đổi mới đối với lãnh đạo phòng, công chức, người lao động "
                "Văn phòng Đoàn ĐBQH và HĐND tỉnh"
            ),
            issued_on=Day(2021, 3, 10),
            document_kind=DocumentKind.REGULATION,
            kinds=[TaskKind.BREAKTHROUGH],
            cadence=ReportCadence.MONTHLY,
            max_tasks=3,
        )
        for year in range(self.today.year - 2, self.today.year + 1):
            sched = self.schedule(
                programme,
                self.council_chief,
                str(year),
                Day(year, 1, 1),
                Day(year, 12, 31),
                opens=Day(year - 1, 12, 20),
                closes=Day(year, 2, 28),
                batch_days=[Day(year, 3, 12)],
                batch_actor=self.council_chief,
                issuing_unit=self.council_office,
                suffix="/QĐ-VP",
                title_format=(
                    f"Phê duyệt việc đột phá, đổi mới năm {year} (đợt {{batch}}) của công chức, "
                    "người lao động Văn phòng: {tasks}"
                ),
            )
            if sched is None:
                continue
            self.register_staff(
                sched,
                random.Random(f"{self.seed}:council:{year}"),
                self.council_staff,
                texts.COUNCIL_OFFICE_TEMPLATES,
                counts=[(1, 45), (2, 40), (3, 15)],
                waiting=2,  # sent in the last weeks, for the chief to decide
                decider=self.council_chief,
            )

    def register_staff(
        self,
        sched: Schedule,
        rng: random.Random,
        staff: Iterable[Cadre],
        templates: Sequence[texts.Template],
        *,
        counts: list[tuple[int, int]],
        waiting: int,
        decider: User,
    ) -> None:
        """A unit's own staff register under its plan; in the running year the last `waiting` registrations
        are still waiting for the unit's leadership."""
        if sched.state != "running":
            waiting = 0
        for cadre, post, _category in self.staff_pool(staff, sched.period.start_date):
            for template in rng.sample(templates, _weighted(rng, counts)):
                fate = self.draw_fate(sched, rng, live_batch_ok=False)
                if waiting:
                    fate, waiting = Fate(status=TaskStatus.SUBMITTED, recent=True), waiting - 1
                rec = self.record(
                    sched, rng, template, cadre=cadre, unit_name=post.unit.name, fate=fate, decider=decider
                )
                self.tell(rec)

    def plan_home_affairs(self) -> None:
        """The department's own plan, opened and run by its director as the unit's leadership: staff
        register, the director approves under the department's decisions and evaluates (no extra grants)."""
        programme = self.programme(
            self.unit_manager,
            self.home_affairs,
            number="15/KH-SNV",
            title=f"Kế hoạch thực hiện việc đột phá, đổi mới của công chức {self.home_affairs.name}",
            issued_on=Day(self.today.year - 1, 1, 10),
            document_kind=DocumentKind.PLAN,
            kinds=[TaskKind.BREAKTHROUGH],
            cadence=ReportCadence.MONTHLY,
            max_tasks=3,
        )
        for year in range(self.today.year - 1, self.today.year + 1):
            sched = self.schedule(
                programme,
                self.unit_manager,
                str(year),
                Day(year, 1, 1),
                Day(year, 12, 31),
                opens=Day(year - 1, 12, 20) if year >= self.today.year else Day(year, 1, 10),
                closes=Day(year, 2, 28),
                batch_days=[Day(year, 3, 16)],
                batch_actor=self.unit_manager,
                issuing_unit=self.home_affairs,
                suffix="/QĐ-SNV",
                title_format=(
                    f"Phê duyệt việc đột phá, đổi mới năm {year} (đợt {{batch}}) của công chức Sở: {{tasks}}"
                ),
            )
            if sched is None:
                continue
            self.register_staff(
                sched,
                random.Random(f"{self.seed}:home-affairs:{year}"),
                self.home_affairs_staff,
                texts.HOME_AFFAIRS_TEMPLATES,
                counts=[(1, 50), (2, 50)],
                waiting=3,  # sent in the last weeks, for the director
                decider=self.unit_manager,
            )

    def plan_commune(self) -> None:
        name = self.commune.name
        programme = self.programme(
            self.commune_user,
            self.commune,
            number="09-KH/ĐU",
            title=f"Kế hoạch thực hiện việc khó, nhiệm vụ trọng tâm của cán bộ, công chức {name}",
            issued_on=Day(2025, 8, 20),
            document_kind=DocumentKind.PLAN,
            kinds=[TaskKind.DIFFICULT, TaskKind.KEY],
            cadence=ReportCadence.MONTHLY,
            max_tasks=3,
        )
        place = _place(name)
        for year in range(2025, self.today.year + 1):
            first = year == 2025
            sched = self.schedule(
                programme,
                self.commune_user,
                str(year),
                REFORM_DAY if first else Day(year, 1, 1),
                Day(year, 12, 31),
                opens=Day(2025, 8, 20) if first else Day(year - 1, 12, 20),
                closes=Day(2025, 9, 10) if first else Day(year, 2, 28),
                batch_days=[Day(2025, 9, 19)] if first else [Day(year, 3, 9)],
                batch_actor=self.commune_user,
                issuing_unit=self.commune,
                suffix="-QĐ/ĐU",
                title_format=(
                    f"Giao việc khó, nhiệm vụ trọng tâm năm {year} (đợt {{batch}}) cho cán bộ, công chức xã: "
                    "{tasks}"
                ),
            )
            if sched is None:
                continue
            rng = random.Random(f"{self.seed}:commune:{year}")
            waiting = 3 if sched.state == "running" else 0  # sent in the last weeks, for the secretary
            for cadre, _post, _category in self.staff_pool(self.commune_staff, sched.period.start_date):
                count = _weighted(rng, [(1, 40), (2, 45), (3, 15)])
                for template in rng.sample(texts.COMMUNE_TEMPLATES, count):
                    fate = self.draw_fate(sched, rng, live_batch_ok=False)
                    if waiting:
                        fate, waiting = Fate(status=TaskStatus.SUBMITTED, recent=True), waiting - 1
                    elif sched.state == "running" and fate.status == TaskStatus.SUBMITTED:
                        fate.recent = True
                    rec = self.record(
                        sched,
                        rng,
                        template,
                        cadre=cadre,
                        unit_name=name,
                        fate=fate,
                        decider=self.commune_user,
                        places=[place],
                    )
                    self.tell(rec)

    # ---- decisions

    def number_batches(self) -> None:
        """Decision numbers grow through each issuer's year; titles count what each decision approves."""
        by_issuer: dict[tuple[str, int], list[Batch]] = defaultdict(list)
        for batch in self.batches:
            if batch.records:
                by_issuer[(batch.issuing_unit.code, batch.day.year)].append(batch)
        for (issuer, year), batches in by_issuer.items():
            rng = random.Random(f"{self.seed}:decisions:{issuer}:{year}")
            previous = 0
            for batch in sorted(batches, key=lambda b: (b.day, b.period.start_date)):
                day_of_year = batch.day.timetuple().tm_yday
                scale = 1.9 if batch.suffix == "-QĐ/TU" else 0.15
                number = max(previous + rng.randint(2, 6), int(day_of_year * scale) + rng.randint(1, 9))
                previous = number
                batch.number = f"{number}{batch.suffix}"
                cadres = {r.assignee_cadre.pk for r in batch.records if r.assignee_cadre}
                units = {r.assignee_unit.pk for r in batch.records if r.assignee_unit}
                counted = f"{len(batch.records)} việc cho {len(cadres)} đồng chí"
                if units:
                    counted += f" và {len(units)} tập thể"
                batch.title = batch.title_format.format(batch=batch.number_in_year, tasks=counted)
        for batch in self.batches:
            if batch.records:
                self.order += 1
                when = datetime.datetime.combine(batch.day, datetime.time(15, 0), self.tz)
                self.steps.append(Step(when, self.order, "batch", None, {"batch": batch}))

    # ---- run

    def plan(self) -> list[Record]:
        """Accounts, programmes and periods, and every task's story (nothing of the tasks written yet)."""
        self.setup_people()
        self.plan_provincial()
        self.plan_council_office()
        self.plan_home_affairs()
        self.plan_commune()
        return self.records

    def run(self) -> DemoTasks:
        self.plan()
        self.ensure_users()
        self.number_batches()
        steps = sorted(self.steps, key=lambda s: (s.when, s.order))
        history = _History(self)
        live = _Live(self)
        for step in steps:
            executor: _History | _Live = history if step.when.date() < self.cutoff else live
            if executor is live and not history.flushed:
                history.flush()
            getattr(executor, step.kind)(step.rec, step.when, **step.args)
            if executor is live:
                live.stamp(step)
        if not history.flushed:
            history.flush()
        self.review_phase_years()
        self.close_periods()
        self.grant_assistant()
        self.count()
        return self.result

    def grant_assistant(self) -> None:
        """nhập thay: a clerk of the party committee's office drafts for the standing deputy secretary
        (thuongtruc) this year, granted by the organisation board through the service, as on its page."""
        office = Unit.objects.get(code="HS-VP")
        assistant = User(username="trolyts", first_name="Nguyễn Thu Trang")
        assistant.set_password(DEMO_PASSWORD)
        assistant.save()
        RoleGrant.objects.create(user=assistant, role=Role.CADRE, unit=office)
        task_services.assistant_grant_create(
            actor=self.organizer,
            leader=self.approver,
            assistant=assistant,
            valid_from=self.today.replace(month=1, day=1),
            valid_to=self.today.replace(month=12, day=31),
            today=self.today,
        )
        self.result.accounts.append(
            (
                "trolyts",
                "Trợ lý nhập thay cho Thường trực Tỉnh ủy (thuongtruc); thuongtruc xác nhận",
                office.name,
            )
        )

    def review_phase_years(self) -> None:
        """One task of the provincial 2021–2025 phase, graded at the phase's end, was also reviewed each
        year of the phase before its last: the cadre's report, then the standing committee's grade, through
        the services (`year_review_self_report`, `year_review_grade`) before the phase is closed, dated in
        the December of each year."""
        first, last = PHASES[0]
        found = (
            rec
            for rec in self.records
            if rec.sched.programme == self.provincial
            and rec.sched.period.name == f"{first}–{last}"
            and rec.task is not None
            and rec.assignee_cadre is not None
            and rec.approved_on is not None
            and rec.approved_on.year == first
            and Evaluation.objects.filter(task_id=rec.task.pk).exclude(grade="").exists()
        )
        rec = next(found, None)
        if rec is None or rec.task is None:
            return
        task = Task.objects.get(pk=rec.task.pk)
        grades = [Grade.COMPLETED, Grade.GOOD, Grade.GOOD, Grade.EXCELLENT]
        for i, (year, grade) in enumerate(zip(range(first, last), grades, strict=True)):
            day = Day(year, 12, 20)
            mark = TaskEvent.objects.aggregate(m=Max("pk"))["m"] or 0
            percent = 20 * (i + 1)
            review = task_services.year_review_self_report(
                actor=rec.doer,
                task=task,
                year=year,
                percent=percent,
                report=f"Năm {year}: hoàn thành {percent}% khối lượng của cả giai đoạn theo kế hoạch.",
                today=day,
            )
            task_services.year_review_grade(
                actor=rec.decider,
                task=task,
                year=year,
                grade=grade,
                comment=f"Kết quả năm {year} đạt yêu cầu đề ra.",
                today=day + _days(7),
            )
            reported = datetime.datetime.combine(day, datetime.time(9), self.tz)
            graded = datetime.datetime.combine(day + _days(7), datetime.time(15), self.tz)
            YearReview.objects.filter(pk=review.pk).update(
                self_reported_at=reported, graded_at=graded, created_at=reported, updated_at=graded
            )
            events = TaskEvent.objects.filter(pk__gt=mark).order_by("pk")
            events.filter(kind=TaskEventKind.YEAR_SELF_REPORTED).update(at=reported)
            events.filter(kind=TaskEventKind.YEAR_REVIEWED).update(at=graded)

    def close_periods(self) -> None:
        for sched in self.schedules:
            if sched.close_on is None:
                continue
            actor = (
                self.organizer
                if sched.programme.issuing_unit.code.startswith("HS-T")
                else (
                    self.council_chief
                    if sched.programme.issuing_unit == self.council_office
                    else self.commune_user
                )
            )
            programme_services.period_close(actor=actor, period=sched.period)
            moment = datetime.datetime.combine(sched.close_on, datetime.time(16, 30), self.tz)
            Period.objects.filter(pk=sched.period.pk).update(closed_at=moment)
        # Ban Tổ chức corrected one grade after the lock, to match the standing committee's conclusion.
        closed = [s for s in self.schedules if s.close_on and s.programme == self.provincial]
        if closed:
            sched = closed[-1]
            task = (
                Task.objects.filter(
                    period=sched.period, evaluation__grade=Grade.GOOD, evaluation__ahead_of_plan=False
                )
                .order_by("pk")
                .first()
            )
            if task is not None:
                mark = TaskEvent.objects.aggregate(m=Max("pk"))["m"] or 0
                task_services.evaluation_correct(
                    actor=self.organizer,
                    task=task,
                    reason="Theo Kết luận của Ban Thường vụ Tỉnh ủy tại Hội nghị tổng kết năm "
                    f"{sched.period.name}",
                    grade=Grade.EXCELLENT,
                )
                assert sched.close_on is not None
                moment = datetime.datetime.combine(sched.close_on + _days(20), datetime.time(10), self.tz)
                TaskEvent.objects.filter(pk__gt=mark).update(at=moment)

    def count(self) -> None:
        qs = Task.objects.all()
        self.result.tasks = qs.count()
        self.result.decisions = Decision.objects.count()
        self.result.by_status = {s: qs.filter(status=s).count() for s in TaskStatus.values}
        annotated = with_progress(qs, self.today)
        self.result.by_progress = {s: annotated.filter(Q(progress=s)).count() for s in ProgressState.values}


# --------------------------------------------------------------------------------------------- writers


class _History:
    """Writes steps that happened before the last weeks straight to the tables, as the services would have
    left them, with timeline events and history rows dated when each step happened."""

    def __init__(self, builder: _Builder) -> None:
        self.b = builder
        self.flushed = False
        self.tasks: list[Task] = []
        self.milestones: list[Milestone] = []
        self.targets: list[Target] = []
        self.partners: list[CoResponsibleUnit] = []
        self.reports: list[ProgressReport] = []
        self.values: list[ReportTargetValue] = []
        self.obstacles: list[Obstacle] = []
        self.adjustments: list[AdjustmentRequest] = []
        self.evaluations: list[Evaluation] = []
        self.events: list[
            tuple[Record, When, str, User, str, Callable[[], dict[str, Any]] | dict[str, Any]]
        ] = []

    @staticmethod
    def touch(obj: Model, when: When, actor: User) -> None:
        if not hasattr(obj, "_demo_created"):
            obj._demo_created = when  # type: ignore[attr-defined]
        obj._demo_updated = when  # type: ignore[attr-defined]
        obj._history_user = actor  # type: ignore[attr-defined]

    def event(
        self,
        rec: Record,
        when: When,
        kind: str,
        actor: User,
        comment: str = "",
        payload: Callable[[], dict[str, Any]] | dict[str, Any] | None = None,
    ) -> None:
        self.events.append((rec, when, kind, actor, comment, payload or {}))

    # ---- steps

    def create(self, rec: Record, when: When, *, origin: str = TaskOrigin.REGISTERED) -> None:
        task = Task(
            programme=rec.sched.programme,
            period=rec.sched.period,
            kind=rec.kind,
            field=rec.area,
            title=rec.title,
            description=rec.template.description,
            assignee_cadre=rec.assignee_cadre,
            assignee_unit=rec.assignee_unit,
            accountable_cadre=rec.accountable,
            start_date=rec.start,
            deadline=rec.deadline,
            deliverable=rec.template.deliverable,
            authority_unit=rec.authority,
            author=rec.author,
            origin=origin,
            status=TaskStatus.DRAFT,
        )
        task.set_search_text()
        self.touch(task, when, rec.author)
        rec.task = task
        self.tasks.append(task)
        for title, due in rec.milestones:
            milestone = Milestone(task=task, title=title, due_date=due)
            self.touch(milestone, when, rec.author)
            rec.ms.append(milestone)
        if rec.target is not None:
            name, uom, value = rec.target
            target = Target(task=task, name=name, unit_of_measure=uom, target_value=value)
            self.touch(target, when, rec.author)
            rec.tg.append(target)
        for unit in rec.co_units:
            partner = CoResponsibleUnit(task=task, unit=unit)
            partner._history_user = rec.author  # type: ignore[attr-defined]
            partner._demo_updated = when  # type: ignore[attr-defined]
            self.partners.append(partner)
        self.milestones.extend(rec.ms)
        self.targets.extend(rec.tg)
        if origin == TaskOrigin.REGISTERED:
            self.event(rec, when, TaskEventKind.CREATED, rec.author)

    def submit(self, rec: Record, when: When) -> None:
        task = rec.task
        assert task is not None
        resubmission = task.status == TaskStatus.RETURNED
        task.status = TaskStatus.SUBMITTED
        task.submitted_at = when
        self.touch(task, when, rec.author)
        self.event(rec, when, TaskEventKind.SUBMITTED, rec.author, payload={"resubmission": resubmission})

    def return_(self, rec: Record, when: When, *, comment: str) -> None:
        task = rec.task
        assert task is not None
        task.status = TaskStatus.RETURNED
        task.review_comment = comment
        self.touch(task, when, rec.decider)
        self.event(rec, when, TaskEventKind.RETURNED, rec.decider, comment)

    def reject(self, rec: Record, when: When, *, reason: str) -> None:
        task = rec.task
        assert task is not None
        task.status = TaskStatus.REJECTED
        task.review_comment = reason
        self.touch(task, when, rec.decider)
        self.event(rec, when, TaskEventKind.REJECTED, rec.decider, reason)

    def batch(self, _rec: None, when: When, *, batch: Batch) -> None:
        signer_name, signer_post = _signature(batch)
        decision = programme_services.decision_create(
            actor=batch.actor,
            programme=batch.programme,
            period=batch.period,
            number=batch.number,
            title=batch.title,
            signed_on=batch.day,
            issuing_unit=batch.issuing_unit,
            batch_number=batch.number_in_year,
            signer_name=signer_name,
            signer_post=signer_post,
            recipients=DECISION_RECIPIENTS,
            today=batch.day,
        )
        Decision.objects.filter(pk=decision.pk).update(created_at=when, updated_at=when)
        batch.decision = decision
        payload = {"decision_id": decision.pk, "decision_number": decision.number}
        for rec in batch.records:
            comment = rec.rng.choice(texts.APPROVAL_COMMENTS)
            if rec.origin == TaskOrigin.ASSIGNED:
                self.create(rec, when, origin=TaskOrigin.ASSIGNED)
            task = rec.task
            assert task is not None
            task.status = TaskStatus.APPROVED
            task.approved_on = batch.day
            task.approved_by = rec.decider
            task.decision = decision
            task.review_comment = comment
            self.touch(task, when, rec.decider)
            kind = TaskEventKind.ASSIGNED if rec.origin == TaskOrigin.ASSIGNED else TaskEventKind.APPROVED
            self.event(rec, when, kind, rec.decider, comment, dict(payload))

    def report(self, rec: Record, when: When, *, percent: int) -> None:
        task = rec.task
        assert task is not None
        narrative = _narrative(rec, percent)
        report = ProgressReport(
            task=task, reported_on=when.date(), percent_done=percent, narrative=narrative, author=rec.doer
        )
        self.touch(report, when, rec.doer)
        self.reports.append(report)
        values: list[tuple[Target, Decimal]] = []
        for target in rec.tg:
            value = _value_at(target.target_value, percent, rec)
            values.append((target, value))
            row = ReportTargetValue(report=report, target=target, value=value)
            row._history_user = rec.doer  # type: ignore[attr-defined]
            row._demo_updated = when  # type: ignore[attr-defined]
            self.values.append(row)
            target.achieved_value = value
            self.touch(target, when, rec.doer)
        self.event(
            rec,
            when,
            TaskEventKind.PROGRESS_REPORTED,
            rec.doer,
            narrative,
            lambda: {
                "report_id": report.pk,
                "percent_done": percent,
                "targets": {str(t.pk): f"{v.normalize():f}" for t, v in values},
                "files": 0,
            },
        )

    def milestone(self, rec: Record, when: When, *, index: int) -> None:
        milestone = rec.ms[index]
        milestone.done_on = when.date()
        milestone.completed_by = rec.doer
        milestone.completed_at = when
        self.touch(milestone, when, rec.doer)
        self.event(
            rec,
            when,
            TaskEventKind.MILESTONE_COMPLETED,
            rec.doer,
            milestone.title,
            lambda: {"milestone_id": milestone.pk, "done_on": when.date().isoformat()},
        )

    def obstacle_raise(self, rec: Record, when: When, *, ref: int) -> None:
        assert rec.task is not None
        content, proposal, _answer = _obstacle_text(rec)
        obstacle = Obstacle(task=rec.task, content=content, proposal=proposal, raised_by=rec.doer)
        self.touch(obstacle, when, rec.doer)
        rec.obstacles[ref] = obstacle
        self.obstacles.append(obstacle)
        self.event(
            rec, when, TaskEventKind.OBSTACLE_RAISED, rec.doer, content, lambda: {"obstacle_id": obstacle.pk}
        )

    def obstacle_answer(self, rec: Record, when: When, *, ref: int) -> None:
        obstacle = rec.obstacles[ref]
        obstacle.answer = _obstacle_text(rec)[2]
        obstacle.answered_by = rec.decider
        obstacle.answered_at = when
        obstacle.status = ObstacleStatus.ANSWERED
        self.touch(obstacle, when, rec.decider)
        self.event(
            rec,
            when,
            TaskEventKind.OBSTACLE_ANSWERED,
            rec.decider,
            obstacle.answer,
            lambda: {"obstacle_id": obstacle.pk},
        )

    def obstacle_resolve(self, rec: Record, when: When, *, ref: int, by_decider: bool) -> None:
        obstacle = rec.obstacles[ref]
        actor = rec.decider if by_decider else rec.doer
        comment = rec.rng.choice(texts.RESOLVED_COMMENTS)
        obstacle.status = ObstacleStatus.RESOLVED
        obstacle.resolved_by = actor
        obstacle.resolved_at = when
        self.touch(obstacle, when, actor)
        self.event(
            rec, when, TaskEventKind.OBSTACLE_RESOLVED, actor, comment, lambda: {"obstacle_id": obstacle.pk}
        )

    def adjustment_request(
        self,
        rec: Record,
        when: When,
        *,
        ref: int,
        reason: str,
        deadline: Day | None = None,
        target_value: Decimal | None = None,
    ) -> None:
        task = rec.task
        assert task is not None
        target = rec.tg[0] if target_value is not None else None
        adjustment = AdjustmentRequest(
            task=task,
            reason=reason,
            requested_by=rec.doer,
            new_deadline=deadline,
            target=target,
            new_target_value=target_value,
            original_deadline=task.deadline,
            original_description=task.description,
            original_deliverable=task.deliverable,
            original_target_value=target.target_value if target is not None else None,
        )
        self.touch(adjustment, when, rec.doer)
        rec.adjustments[ref] = adjustment
        self.adjustments.append(adjustment)
        self.event(
            rec,
            when,
            TaskEventKind.ADJUSTMENT_REQUESTED,
            rec.doer,
            reason,
            lambda: {"adjustment_id": adjustment.pk},
        )

    def adjustment_decide(self, rec: Record, when: When, *, ref: int, approve: bool, comment: str) -> None:
        task = rec.task
        assert task is not None
        adjustment = rec.adjustments[ref]
        applied: dict[str, str] = {}
        if approve:
            if adjustment.new_deadline is not None:
                task.deadline = adjustment.new_deadline
                applied["deadline"] = adjustment.new_deadline.isoformat()
                self.touch(task, when, rec.decider)
            if adjustment.target is not None and adjustment.new_target_value is not None:
                adjustment.target.target_value = adjustment.new_target_value
                applied["target_value"] = f"{adjustment.new_target_value.normalize():f}"
                self.touch(adjustment.target, when, rec.decider)
        adjustment.status = AdjustmentStatus.APPROVED if approve else AdjustmentStatus.REFUSED
        adjustment.decided_by = rec.decider
        adjustment.decided_at = when
        adjustment.decision_comment = comment
        self.touch(adjustment, when, rec.decider)
        kind = TaskEventKind.ADJUSTMENT_APPROVED if approve else TaskEventKind.ADJUSTMENT_REFUSED
        self.event(
            rec,
            when,
            kind,
            rec.decider,
            comment,
            (lambda: {"adjustment_id": adjustment.pk, "applied": applied})
            if approve
            else (lambda: {"adjustment_id": adjustment.pk}),
        )

    def self_assess(self, rec: Record, when: When) -> None:
        assert rec.task is not None
        grade = _self_grade(rec)
        text = _self_text(rec, grade)
        evaluation = Evaluation(
            task=rec.task,
            self_grade=grade,
            self_assessment=text,
            self_assessed_at=when,
            self_assessed_by=rec.doer,
        )
        self.touch(evaluation, when, rec.doer)
        rec.evaluation = evaluation
        self.evaluations.append(evaluation)
        self.event(rec, when, TaskEventKind.SELF_ASSESSED, rec.doer, text, {"grade": grade})

    def evaluate(self, rec: Record, when: When) -> None:
        evaluation = rec.evaluation
        assert evaluation is not None
        grade, ahead, comment = _grade(rec)
        evaluation.grade = grade
        evaluation.ahead_of_plan = ahead
        evaluation.comment = comment
        evaluation.evaluated_at = when
        evaluation.evaluated_by = rec.decider
        self.touch(evaluation, when, rec.decider)
        self.event(
            rec, when, TaskEventKind.EVALUATED, rec.decider, comment, {"grade": grade, "ahead_of_plan": ahead}
        )

    # ---- writing

    def flush(self) -> None:
        self.flushed = True
        self._write(Task, self.tasks)
        self._write(Milestone, self.milestones)
        self._write(Target, self.targets)
        self._write(CoResponsibleUnit, self.partners, stamped=False)
        self._write(ProgressReport, self.reports)
        self._write(ReportTargetValue, self.values, stamped=False)
        self._write(Obstacle, self.obstacles)
        self._write(AdjustmentRequest, self.adjustments)
        self._write(Evaluation, self.evaluations)
        # bulk inserts send no save signals: the facts of the tasks written, once for them all
        refresh_facts([task.pk for task in self.tasks])
        events = []
        for rec, when, kind, actor, comment, payload in self.events:
            event = TaskEvent(
                task=rec.task,
                kind=kind,
                actor=actor,
                at=when,
                comment=comment,
                payload=payload() if callable(payload) else payload,
            )
            event._history_user = actor  # type: ignore[attr-defined]
            event._demo_updated = when  # type: ignore[attr-defined]
            events.append(event)
        self._write(TaskEvent, events, stamped=False)

    @staticmethod
    def _write(model: type[Model], objects: list[Any], *, stamped: bool = True) -> None:
        """Inserts the rows, dated when they were made, and their history rows, dated when they last
        changed and naming who changed them."""
        if not objects:
            return
        for obj in objects:
            if stamped:
                obj.created_at = obj._demo_created
                obj.updated_at = obj._demo_updated
            obj._history_date = obj._demo_updated
        with _dated(model) if stamped else contextlib.nullcontext():
            model._default_manager.bulk_create(objects, batch_size=500)
        model.history.bulk_history_create(  # type: ignore[attr-defined]
            objects, batch_size=500, default_change_reason=HISTORY_REASON
        )


@contextlib.contextmanager
def _dated(model: type[Model]) -> Iterator[None]:
    """`created_at` and `updated_at` stamp rows with the clock when they are inserted; the history is
    inserted with the dates it happened on, so the stamping is off while it is."""
    fields = [model._meta.get_field(name) for name in ("created_at", "updated_at")]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]  # type: ignore[union-attr]
    for f in fields:
        f.auto_now = f.auto_now_add = False  # type: ignore[union-attr]
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add  # type: ignore[union-attr]


class _Live:
    """Writes the last weeks through the services, as the people would have done in the pages."""

    def __init__(self, builder: _Builder) -> None:
        self.b = builder
        self.mark = 0

    def stamp(self, step: Step) -> None:
        """The services stamp their rows with the clock; the demo dates them when the step happened."""
        self.b.result.live_steps += 1
        events = TaskEvent.objects.filter(pk__gt=self.mark)
        events.update(at=step.when)
        self.mark = TaskEvent.objects.aggregate(m=Max("pk"))["m"] or self.mark

    def _start(self) -> None:
        if not self.mark:
            self.mark = TaskEvent.objects.aggregate(m=Max("pk"))["m"] or 0

    def create(self, rec: Record, when: When) -> None:
        self._start()
        assert rec.start is not None and rec.deadline is not None
        task = task_services.task_create_draft(
            actor=rec.author,
            programme=rec.sched.programme,
            period=rec.sched.period,
            title=rec.title,
            assignee_cadre=rec.assignee_cadre,
            assignee_unit=rec.assignee_unit,
            kind=rec.kind,
            field=rec.area,
            description=rec.template.description,
            start_date=rec.start,
            deadline=rec.deadline,
            deliverable=rec.template.deliverable,
            accountable_cadre=rec.accountable,
            co_units=rec.co_units,
            milestones=[task_services.MilestoneInput(title, due) for title, due in rec.milestones],
            targets=[task_services.TargetInput(*rec.target)] if rec.target else [],
            today=when.date(),
        )
        rec.task = task
        Task.objects.filter(pk=task.pk).update(created_at=when, updated_at=when)
        Milestone.objects.filter(task=task).update(created_at=when, updated_at=when)
        Target.objects.filter(task=task).update(created_at=when, updated_at=when)
        rec.ms = list(Milestone.objects.filter(task=task).order_by("due_date", "pk"))
        rec.tg = list(Target.objects.filter(task=task).order_by("pk"))

    def submit(self, rec: Record, when: When) -> None:
        self._start()
        assert rec.task is not None
        task_services.task_submit(actor=rec.author, task=rec.task, today=when.date())
        Task.objects.filter(pk=rec.task.pk).update(submitted_at=when, updated_at=when)

    def return_(self, rec: Record, when: When, *, comment: str) -> None:
        self._start()
        assert rec.task is not None
        task_services.task_return_for_revision(actor=rec.decider, task=rec.task, comment=comment)
        Task.objects.filter(pk=rec.task.pk).update(updated_at=when)

    def reject(self, rec: Record, when: When, *, reason: str) -> None:
        self._start()
        assert rec.task is not None
        task_services.task_reject(actor=rec.decider, task=rec.task, reason=reason)
        Task.objects.filter(pk=rec.task.pk).update(updated_at=when)

    def batch(self, _rec: None, when: When, *, batch: Batch) -> None:
        self._start()
        tasks = [r.task.pk for r in batch.records if r.task is not None]
        signer_name, signer_post = _signature(batch)
        decision = task_services.decision_approve_batch(
            actor=batch.actor,
            tasks=tasks,
            number=batch.number,
            title=batch.title,
            signed_on=batch.day,
            issuing_unit=batch.issuing_unit,
            batch_number=batch.number_in_year,
            signer_name=signer_name,
            signer_post=signer_post,
            recipients=DECISION_RECIPIENTS,
            today=batch.day,
        )
        batch.decision = decision
        Decision.objects.filter(pk=decision.pk).update(created_at=when, updated_at=when)
        Task.objects.filter(pk__in=tasks).update(updated_at=when)

    def report(self, rec: Record, when: When, *, percent: int) -> None:
        self._start()
        assert rec.task is not None
        values = {t: _value_at(t.target_value, percent, rec) for t in Target.objects.filter(task=rec.task)}
        # some reports of the last weeks come with their minutes (biên bản) as evidence
        files = []
        if percent >= 40 and sum(map(ord, rec.title)) % 3 == 0:
            name = f"Biên bản kiểm tra tiến độ {when:%d-%m-%Y}.pdf"
            files.append(ContentFile(_evidence_pdf(rec.title, percent, when.date()), name=name))
        report = task_services.progress_report_submit(
            actor=rec.doer,
            task=rec.task,
            percent_done=percent,
            narrative=_narrative(rec, percent),
            target_values=values,  # type: ignore[arg-type]
            files=files,
            today=when.date(),
            # The timeline draws percentages and milestone dates separately, so on some days a report runs
            # ahead of the milestones; the reporter then confirms the figure, as the page lets a user do, and
            # the report keeps the accepted warning.
            confirmed=True,
        )
        ProgressReport.objects.filter(pk=report.pk).update(created_at=when, updated_at=when)
        Evidence.objects.filter(report=report).update(created_at=when, updated_at=when)

    def milestone(self, rec: Record, when: When, *, index: int) -> None:
        self._start()
        milestone = Milestone.objects.filter(task=rec.task).order_by("due_date", "pk")[index]
        task_services.milestone_complete(
            actor=rec.doer, milestone=milestone, done_on=when.date(), today=when.date()
        )
        Milestone.objects.filter(pk=milestone.pk).update(completed_at=when, updated_at=when)

    def obstacle_raise(self, rec: Record, when: When, *, ref: int) -> None:
        self._start()
        assert rec.task is not None
        content, proposal, _answer = _obstacle_text(rec)
        obstacle = task_services.obstacle_raise(
            actor=rec.doer, task=rec.task, content=content, proposal=proposal
        )
        rec.obstacles[ref] = obstacle
        Obstacle.objects.filter(pk=obstacle.pk).update(created_at=when, updated_at=when)

    def obstacle_answer(self, rec: Record, when: When, *, ref: int) -> None:
        self._start()
        obstacle = rec.obstacles[ref]
        task_services.obstacle_answer(actor=rec.decider, obstacle=obstacle, answer=_obstacle_text(rec)[2])
        Obstacle.objects.filter(pk=obstacle.pk).update(answered_at=when, updated_at=when)

    def obstacle_resolve(self, rec: Record, when: When, *, ref: int, by_decider: bool) -> None:
        self._start()
        obstacle = rec.obstacles[ref]
        actor = rec.decider if by_decider else rec.doer
        task_services.obstacle_resolve(
            actor=actor, obstacle=obstacle, comment=rec.rng.choice(texts.RESOLVED_COMMENTS)
        )
        Obstacle.objects.filter(pk=obstacle.pk).update(resolved_at=when, updated_at=when)

    def adjustment_request(
        self,
        rec: Record,
        when: When,
        *,
        ref: int,
        reason: str,
        deadline: Day | None = None,
        target_value: Decimal | None = None,
    ) -> None:
        self._start()
        assert rec.task is not None
        target = (
            Target.objects.filter(task=rec.task).order_by("pk").first() if target_value is not None else None
        )
        adjustment = task_services.adjustment_request(
            actor=rec.doer,
            task=rec.task,
            reason=reason,
            new_deadline=deadline,
            target=target,
            new_target_value=target_value,
        )
        rec.adjustments[ref] = adjustment
        AdjustmentRequest.objects.filter(pk=adjustment.pk).update(created_at=when, updated_at=when)

    def adjustment_decide(self, rec: Record, when: When, *, ref: int, approve: bool, comment: str) -> None:
        self._start()
        adjustment = rec.adjustments[ref]
        if approve:
            task_services.adjustment_approve(actor=rec.decider, adjustment=adjustment, comment=comment)
        else:
            task_services.adjustment_refuse(actor=rec.decider, adjustment=adjustment, comment=comment)
        AdjustmentRequest.objects.filter(pk=adjustment.pk).update(decided_at=when, updated_at=when)

    def self_assess(self, rec: Record, when: When) -> None:
        self._start()
        assert rec.task is not None
        grade = _self_grade(rec)
        evaluation = task_services.task_self_assess(
            actor=rec.doer, task=rec.task, self_grade=grade, self_assessment=_self_text(rec, grade)
        )
        Evaluation.objects.filter(pk=evaluation.pk).update(
            self_assessed_at=when, created_at=when, updated_at=when
        )

    def evaluate(self, rec: Record, when: When) -> None:
        self._start()
        assert rec.task is not None
        grade, ahead, comment = _grade(rec)
        evaluation = task_services.task_evaluate(
            actor=rec.decider, task=rec.task, grade=grade, ahead_of_plan=ahead, comment=comment
        )
        Evaluation.objects.filter(pk=evaluation.pk).update(evaluated_at=when, updated_at=when)


# --------------------------------------------------------------------------------------------- words


def _evidence_pdf(title: str, percent: int, day: Day) -> bytes:
    """A one-page PDF: the minutes of a progress check (the built-in PDF font has no Vietnamese marks, so
    the text is written without them)."""
    plain = "".join(c for c in unicodedata.normalize("NFD", title) if not unicodedata.combining(c))
    plain = plain.replace("đ", "d").replace("Đ", "D").encode("ascii", "replace").decode()
    lines = [
        "BIEN BAN KIEM TRA TIEN DO VIEC DOT PHA, DOI MOI",
        f"Ngay {day:%d/%m/%Y}",
        "",
        *textwrap.wrap(f"Viec: {plain}", 80),
        f"Ty le hoan thanh: {percent}%",
        "Ket luan: tiep tuc thuc hien theo ke hoach da duoc phe duyet.",
    ]
    text = "".join(
        f"({line.replace(chr(92), '').replace('(', '[').replace(')', ']')}) Tj 0 -18 Td " for line in lines
    )
    stream = f"BT /F1 11 Tf 56 780 Td {text}ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _value_at(target: Decimal, percent: int, rec: Record) -> Decimal:
    if percent >= 100:
        extra = Decimal(1) if rec.fate.grade == Grade.EXCELLENT and target >= 10 else Decimal(0)
        return target + extra
    return (target * percent / 100).quantize(Decimal(1))


def _narrative(rec: Record, percent: int) -> str:
    phrase = next(p for limit, p in texts.REPORT_PHRASES if percent <= limit)
    if rec.target is None:
        return phrase
    name, uom, value = rec.target
    reached = _value_at(value, percent, rec)
    if uom == "%":
        return f"{name}: đạt {reached.normalize():f}%. {phrase}"
    return f"Đã thực hiện {reached.normalize():f}/{value.normalize():f} {uom}. {phrase}"


def _obstacle_text(rec: Record) -> tuple[str, str, str]:
    options = texts.OBSTACLES.get(rec.template.field) or texts.OBSTACLES[""]
    return options[len(rec.title) % len(options)]


def _final_grade(rec: Record) -> str:
    return rec.fate.grade or Grade.GOOD


def _self_grade(rec: Record) -> str:
    grade = _final_grade(rec)
    roll = sum(map(ord, rec.title)) % 100
    ladder = {
        Grade.EXCELLENT: Grade.EXCELLENT if roll < 80 else Grade.GOOD,
        Grade.GOOD: Grade.GOOD if roll < 65 else Grade.EXCELLENT,
        Grade.COMPLETED: Grade.COMPLETED if roll < 50 else Grade.GOOD,
        Grade.NOT_COMPLETED: Grade.COMPLETED if roll < 60 else Grade.NOT_COMPLETED,
    }
    return ladder[Grade(grade)]


def _self_text(rec: Record, grade: str) -> str:
    text = texts.SELF_ASSESSMENTS[grade]
    if rec.target is not None and rec.reports:
        name, uom, value = rec.target
        reached = _value_at(value, rec.reports[-1][1], rec)
        text += f" Kết quả: {name.lower()} {reached.normalize():f}/{value.normalize():f} {uom}."
    return text


def _grade(rec: Record) -> tuple[str, bool, str]:
    grade = _final_grade(rec)
    ahead = (
        rec.fate.progress == ProgressState.AHEAD_OF_PLAN
        and grade in (Grade.EXCELLENT, Grade.GOOD)
        and len(rec.title) % 7 != 0
    )
    options = texts.EVALUATION_COMMENTS[grade]
    comment = options[len(rec.title) % len(options)]
    if ahead:
        comment += " Hoàn thành trước kế hoạch."
    return grade, ahead, comment


def build_demo_tasks(seed: int = 2025, today: Day | None = None) -> DemoTasks:
    """Programmes, periods, decisions and tasks over the demo province (call after build_demo_province,
    inside the same transaction: the notifications of the last weeks' steps go out when it commits)."""
    builder = _Builder(seed, today or timezone.localdate())
    return builder.run()


def plan_demo_tasks(seed: int = 2025, today: Day | None = None) -> list[tuple[str, str, str, str]]:
    """What `build_demo_tasks` would register, as (programme, period, title, assignee code), without
    writing the tasks (the accounts, programmes and periods are created). For checking determinism."""
    builder = _Builder(seed, today or timezone.localdate())
    return sorted(
        (
            rec.sched.programme.number,
            rec.sched.period.name,
            rec.title,
            (rec.assignee_cadre.code if rec.assignee_cadre else rec.assignee_unit.code),  # type: ignore[union-attr]
        )
        for rec in builder.plan()
        if rec.steps or rec.batch is not None
    )


__all__ = ["DemoTasks", "build_demo_tasks", "plan_demo_tasks"]
