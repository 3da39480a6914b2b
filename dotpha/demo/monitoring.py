"""Commune monitoring in the demo province of Hòa Sơn (Quy định 26-QĐ/TU style): every page shows something.

After the reform of 1 July 2025 the standing committee assigns the leaders of the provincial agencies one per
commune by decision 268-QĐ/TU. The demo then has last year (forms from most communes, commendations and two
replacement requests) and this year under way, with what went wrong in Hòa Bình: a commune never assigned, a
cadre following two communes, a transfer followed by a reassignment (history kept), a retirement a few days
ago leaving a gap (the organizers were alerted), plans and reports late or missing.

Written in two ways, like the tasks demo: the past is history, written in bulk with its history rows (forms
of communes without an account are entered by Ban Tổ chức from the paper forms); the last weeks go through
the real services (visits, the retirement) with their notifications. Seeded: the same on every machine.
"""

import datetime
import io
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from PIL import Image
from simple_history.utils import bulk_create_with_history

from dotpha.accounts.models import Role, RoleGrant, User
from dotpha.core.history import as_actor
from dotpha.demo.province import REFORM_DAY, ROOT_CODE
from dotpha.monitoring import services
from dotpha.monitoring.models import (
    AssignmentEndReason,
    CommuneFeedback,
    CompletionLevel,
    MonitoringAssignment,
    MonitoringPlan,
    MonitoringProgramme,
    MonitoringReport,
    MonitoringYear,
    Visit,
    VisitKind,
)
from dotpha.monitoring.selectors import feedback_duties, plan_duties, report_duties
from dotpha.org.models import Appointment, EndReason, Unit
from dotpha.structure.services import appointment_end
from dotpha.workdays.calendar import WorkCalendar

MAP_CENTRE = (20.8, 105.3)  # the demo province's fictional communes lie around here
ASSIGN_DAY = REFORM_DAY + datetime.timedelta(days=14)  # 15/07/2025
DECISION = ("268-QĐ/TU", REFORM_DAY + datetime.timedelta(days=9))
AGENCY_KINDS = ["department", "central_agency", "party_agency", "office", "mass_organisation"]
RECENT_DAYS = (
    21  # visits in the last three weeks go through the service (the committees are asked to confirm)
)

VISIT_TEXTS = {
    VisitKind.PARTY_CONFERENCE: "Dự hội nghị Ban Chấp hành Đảng bộ {c} đánh giá kết quả {q}.",
    VisitKind.WORKING_VISIT: "Làm việc với Thường trực Đảng ủy {c} về {t}.",
    VisitKind.PEOPLES_MEETING: "Dự họp dân, tiếp xúc cử tri tại {c}, nghe ý kiến về {t}.",
    VisitKind.OTHER: "Dự ngày hội đại đoàn kết toàn dân tộc ở khu dân cư của {c}.",
}
TOPICS = [
    "xây dựng nông thôn mới nâng cao",
    "chuyển đổi số cấp xã",
    "giải phóng mặt bằng đường liên xã",
    "giảm nghèo bền vững",
    "phát triển đảng viên",
    "chương trình mục tiêu quốc gia vùng đồng bào dân tộc",
    "sắp xếp cán bộ sau sáp nhập",
]
ISSUES = [
    "Tiến độ giải ngân vốn chương trình mục tiêu quốc gia chậm.",
    "Thiếu công chức chuyên môn về công nghệ thông tin.",
    "Một số hộ chưa đồng thuận với phương án bồi thường.",
    "Trụ sở làm việc sau sáp nhập chưa đủ diện tích.",
    "",
    "",
]
PROPOSALS = [
    "Đề nghị tỉnh sớm bố trí vốn đối ứng.",
    "Đề nghị Sở Nội vụ hướng dẫn bố trí công chức dôi dư.",
    "Đề nghị tăng cường tập huấn kỹ năng số cho cán bộ xã.",
    "",
    "",
]
PLAN_TEXT = (
    "Chương trình theo dõi {c} năm {y}: dự hội nghị Ban Chấp hành Đảng bộ hằng quý; làm việc về {t}; "
    "báo cáo 6 tháng, năm."
)
REPORT_TEXT = "{c} hoàn thành cơ bản các chỉ tiêu; đã dự các hội nghị của Đảng ủy, nắm tình hình về {t}."
COMMENT = (
    "Đồng chí {p} thường xuyên nắm tình hình, dự các hội nghị của Đảng ủy {c}, kịp thời phản ánh kiến nghị "
    "của cơ sở."
)
COMMENT_ASKS = "Đồng chí chưa bố trí thời gian về cơ sở theo kế hoạch."
REPLACEMENT_REASONS = [
    "Đồng chí ít về cơ sở, không dự hội nghị Ban Chấp hành Đảng bộ xã trong năm.",
    "Đồng chí đang chờ nghỉ chế độ, không bố trí được thời gian đi cơ sở.",
]


@dataclass
class DemoMonitoring:
    programme: MonitoringProgramme
    years: list[MonitoringYear] = field(default_factory=list)
    uncovered: list[Unit] = field(default_factory=list)
    shared: list[MonitoringAssignment] = field(default_factory=list)
    retired: MonitoringAssignment | None = None
    reassigned: MonitoringAssignment | None = None

    def summary(self) -> str:
        years = ", ".join(str(y.year) for y in self.years)
        return (
            f"Theo dõi xã ({years}): {MonitoringAssignment.objects.count()} phân công, "
            f"{Visit.objects.count()} lượt đi cơ sở, {CommuneFeedback.objects.count()} phiếu nhận xét."
        )


def _current(day: datetime.date) -> Q:
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gt=day))


class _Builder:
    def __init__(
        self, seed: int, today: datetime.date, programme: MonitoringProgramme, organizer: User
    ) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.programme = programme
        self.organizer = organizer
        self.root = programme.scope_unit
        self.users = {u.cadre_id: u for u in User.objects.filter(cadre__isnull=False).order_by("pk")}
        # the demo's own accounts, which people sign in with (the others' passwords are unusable)
        self.signs_in = {c for c, u in self.users.items() if u.has_usable_password()}
        # cadre -> the day they leave in the demo's story: their visits stop the day before
        self.leaving: dict[int, datetime.date] = {}
        self.committees = {
            g.unit_id: g.user
            for g in RoleGrant.objects.filter(role=Role.COMMUNE_COMMITTEE)
            .select_related("user")
            .order_by("pk")
        }
        self.communes = list(
            Unit.objects.filter(path__startswith=self.root.path, level__code="commune", valid_to__isnull=True)
            .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=ASSIGN_DAY))
            .order_by("code")
        )

    def day_between(self, first: datetime.date, last: datetime.date) -> datetime.date:
        return first + datetime.timedelta(days=self.rng.randint(0, max(0, (last - first).days)))

    def leaver(
        self, candidates: list[MonitoringAssignment], assignments: list[MonitoringAssignment]
    ) -> MonitoringAssignment | None:
        """The first candidate who may leave in the demo's story: follows one commune only and is not a demo
        account's cadre. A cadre with no account comes first, then one whose account nobody signs in with:
        which cadres register tasks, and so have an account, changes with the day the demo is built."""
        able = [a for a in candidates if _single(a, assignments) and a.cadre_id not in self.signs_in]
        return min(able, key=lambda a: a.cadre_id in self.users, default=None)

    def author(self, assignment: MonitoringAssignment) -> User:
        return self.users.get(assignment.cadre_id, self.organizer)

    def leaders(self, day: datetime.date) -> list[Appointment]:
        posts = (
            Appointment.objects.filter(
                _current(day),
                unit__kind__code__in=AGENCY_KINDS,
                unit__level__code="province",
                position__is_leadership=True,  # only leaders follow a commune, as the service requires
            )
            .filter(unit__path__startswith=self.root.path)
            .select_related("cadre", "unit", "position")
            .order_by("unit__code", "position__rank", "cadre__code")
        )
        seen, found = set(), []
        for post in posts:
            if post.cadre_id not in seen:
                seen.add(post.cadre_id)
                found.append(post)
        return found

    def assign_all(self) -> tuple[list[MonitoringAssignment], list[Unit]]:
        """One leader per commune; the communes left over: one stays uncovered, the others go to a leader
        already following a commune (with the standing committee's reason)."""
        leaders = self.leaders(ASSIGN_DAY)
        self.rng.shuffle(leaders)
        communes = list(self.communes)
        pinned = self.communes[10]  # the demo commune committee "xa": followed by the demo cadre "canbo"
        canbo = User.objects.filter(username="canbo").values_list("cadre_id", flat=True).first()
        leaders.sort(key=lambda p: p.cadre_id != canbo)
        communes.remove(pinned)
        self.rng.shuffle(communes)
        communes.insert(0, pinned)
        extra = max(1, len(communes) - len(leaders) + 1)
        pairs = list(zip(leaders, communes[: len(communes) - extra], strict=False))
        second = communes[len(pairs) : len(communes) - 1]
        pairs += [(leaders[1 + i], commune) for i, commune in enumerate(second)]
        rows = [
            MonitoringAssignment(
                programme=self.programme,
                cadre=post.cadre,
                appointment=post,
                commune=commune,
                decision_number=DECISION[0],
                decision_date=DECISION[1],
                start_date=ASSIGN_DAY,
                second_commune_reason="Cơ quan chưa đủ số lãnh đạo so với số xã được giao."
                if i >= len(pairs) - len(second)
                else "",
                created_by=self.organizer,
            )
            for i, (post, commune) in enumerate(pairs)
        ]
        bulk_create_with_history(
            rows, MonitoringAssignment, default_user=self.organizer, default_date=_at(DECISION[1])
        )
        made = list(
            MonitoringAssignment.objects.filter(programme=self.programme).select_related("appointment")
        )
        return made, [communes[-1]]

    def transfer(self, assignments: list[MonitoringAssignment]) -> MonitoringAssignment | None:
        """A leader moved in March; a colleague took the commune over on 1 April (history kept)."""
        moved_on = datetime.date(self.today.year, 3, 20)
        taken_on = datetime.date(self.today.year, 4, 1)
        if taken_on > self.today - datetime.timedelta(days=RECENT_DAYS) or moved_on <= ASSIGN_DAY:
            return None
        busy = {a.cadre_id for a in assignments}
        old = self.leaver(assignments[5:], assignments)
        if old is None:
            return None
        free = [p for p in self.leaders(taken_on) if p.cadre_id not in busy]
        same = [p for p in free if p.unit_id == old.appointment.unit_id]
        if not (same or free):
            return None
        successor = (same or free)[0]
        post = old.appointment
        post.end_date, post.end_reason = moved_on, EndReason.TRANSFERRED
        as_actor(post, self.organizer).save()
        old.end_date, old.end_reason = taken_on - datetime.timedelta(days=1), AssignmentEndReason.CADRE_LEFT
        as_actor(old, self.organizer).save()
        new = MonitoringAssignment(
            programme=self.programme,
            cadre=successor.cadre,
            appointment=successor,
            commune=old.commune,
            decision_number="57-QĐ/TU",
            decision_date=taken_on - datetime.timedelta(days=3),
            start_date=taken_on,
            replaces=old,
            created_by=self.organizer,
        )
        as_actor(new, self.organizer).save()
        return new

    def visits(self, years: list[MonitoringYear]) -> None:
        """Up to yesterday; for the cadres with an account up to three weeks ago (then `recent`)."""
        yesterday = self.today - datetime.timedelta(days=1)
        rows = []
        for a in MonitoringAssignment.objects.filter(programme=self.programme).select_related(
            "commune", "appointment"
        ):
            history_end = (
                yesterday
                if a.cadre_id not in self.users
                else self.today - datetime.timedelta(days=RECENT_DAYS)
            )
            leaves = self.leaving.get(a.cadre_id)
            gone = leaves - datetime.timedelta(days=1) if leaves else None
            last = min(d for d in (a.effective_end, history_end, gone) if d is not None)
            for year in years:
                first, stop = max(a.start_date, year.first_day), min(last, year.last_day)
                if stop < first:
                    continue
                months = (stop - first).days / 30.4
                for _ in range(max(0, round(months * self.rng.uniform(0.2, 0.55)))):
                    rows.append(self._visit(a, self.day_between(first, stop)))
        rows.sort(key=lambda v: (v.visit_date, v.assignment_id))
        bulk_create_with_history(rows, Visit, default_user=self.organizer, default_date=_at(yesterday))

    def _visit(self, a: MonitoringAssignment, day: datetime.date, **extra) -> Visit:
        kind = self.rng.choices(list(VisitKind), weights=[4, 4, 2, 1])[0]
        quarter = f"quý {(day.month - 1) // 3 + 1} năm {day.year}"
        content = VISIT_TEXTS[kind].format(c=a.commune.name, q=quarter, t=self.rng.choice(TOPICS))
        confirmed = self.rng.random() < 0.9
        return Visit(
            assignment=a,
            visit_date=day,
            kind=kind,
            content=content,
            issues_found=self.rng.choice(ISSUES),
            proposals=self.rng.choice(PROPOSALS),
            logged_by=self.author(a),
            confirmed_at=_at(day + datetime.timedelta(days=3)) if confirmed else None,
            confirmed_by=self.organizer if confirmed else None,
            **extra,
        )

    def submitted_on(
        self, deadline: datetime.date, *, late_share: float, missing_share: float
    ) -> datetime.date | None:
        draw = self.rng.random()
        if draw < missing_share:
            return None
        if draw < missing_share + late_share:
            day = deadline + datetime.timedelta(days=self.rng.randint(2, 45))
        else:
            day = deadline - datetime.timedelta(days=self.rng.randint(0, 20))
        return day if day <= self.today else None

    def plans_and_reports(self, year: MonitoringYear) -> None:
        plans = []
        calendar = WorkCalendar()
        for duty in plan_duties(year, today=self.today):
            day = self.submitted_on(duty.deadline, late_share=0.1, missing_share=0.04)
            if day is not None:
                plans.append(
                    MonitoringPlan(
                        assignment=duty.assignment,
                        year=year,
                        content=PLAN_TEXT.format(
                            c=duty.assignment.commune, y=year.year, t=self.rng.choice(TOPICS)
                        ),
                        deadline=duty.deadline,
                        submitted_on=day,
                        days_late=calendar.working_days_late(duty.deadline, day),
                        submitted_by=self.author(duty.assignment),
                    )
                )
        bulk_create_with_history(
            plans, MonitoringPlan, default_user=self.organizer, default_date=_at(year.plan_deadline)
        )
        reports = []
        for owed in report_duties(year, today=self.today):
            day = self.submitted_on(owed.period.due_date, late_share=0.1, missing_share=0.05)
            if day is not None:
                reports.append(
                    MonitoringReport(
                        assignment=owed.assignment,
                        report_period=owed.period,
                        content=REPORT_TEXT.format(c=owed.assignment.commune, t=self.rng.choice(TOPICS)),
                        issues=self.rng.choice(ISSUES),
                        proposals=self.rng.choice(PROPOSALS),
                        submitted_on=day,
                        submitted_by=self.author(owed.assignment),
                    )
                )
        bulk_create_with_history(
            reports, MonitoringReport, default_user=self.organizer, default_date=_at(self.today)
        )

    def forms(self, year: MonitoringYear) -> None:
        """Most communes sent their forms by the deadline; a few did not; two asked for a replacement."""
        duties = [d for d in feedback_duties(year) if d.assignment.start_date < year.form_deadline]
        replace = {d.assignment.pk for d in self.rng.sample(duties, k=min(2, len(duties)))}
        rows = []
        for duty in duties:
            if duty.assignment.pk not in replace and self.rng.random() < 0.06:
                continue
            asks = duty.assignment.pk in replace
            level = (
                CompletionLevel.COMPLETED
                if asks
                else self.rng.choices(
                    [CompletionLevel.EXCELLENT, CompletionLevel.GOOD, CompletionLevel.COMPLETED],
                    weights=[2, 7, 1],
                )[0]
            )
            day = self.day_between(year.form_deadline - datetime.timedelta(days=25), year.form_deadline)
            rows.append(
                CommuneFeedback(
                    year=year,
                    commune=duty.commune,
                    cadre=duty.cadre,
                    assignment=duty.assignment,
                    completion_level=level,
                    comments=COMMENT_ASKS
                    if asks
                    else COMMENT.format(p=duty.cadre.full_name, c=duty.commune.name),
                    proposes_commendation=not asks
                    and level != CompletionLevel.COMPLETED
                    and self.rng.random() < 0.93,
                    requests_replacement=asks,
                    replacement_reason=REPLACEMENT_REASONS[sorted(replace).index(duty.assignment.pk)]
                    if asks
                    else "",
                    submitted_on=day,
                    submitted_by=self.committees.get(duty.commune.pk, self.organizer),
                )
            )
        bulk_create_with_history(
            rows, CommuneFeedback, default_user=self.organizer, default_date=_at(year.form_deadline)
        )

    def place_communes(self) -> None:
        """Hòa Sơn is fictional: its communes' centres are scattered over a fictional map (so that the
        photos of a visit can be compared with the commune)."""
        rng = random.Random(len(self.communes))  # its own: the rest of the demo draws as before
        for commune in self.communes:
            commune.latitude = Decimal(f"{MAP_CENTRE[0] + rng.uniform(-0.4, 0.4):.6f}")
            commune.longitude = Decimal(f"{MAP_CENTRE[1] + rng.uniform(-0.4, 0.4):.6f}")
        Unit.objects.bulk_update(self.communes, ["latitude", "longitude"])

    def recent(self, assignments: list[MonitoringAssignment]) -> None:
        """The last weeks of the cadres with an account, through the service: the committee is asked to
        confirm each visit. The demo cadre's second visit comes with two photos from the phone, one taken
        the day before (flagged)."""
        first = self.today - datetime.timedelta(days=RECENT_DAYS - 1)
        for a in assignments:
            user = self.users.get(a.cadre_id)
            if (
                user is None
                or a.end_date is not None
                or a.cadre_id in self.leaving
                or not a.cadre_present_on(self.today)
            ):
                continue
            for number in range(2):
                day = self.day_between(max(first, a.start_date), self.today)
                photos = []
                if user.username == "canbo" and number == 1:
                    photos = [
                        _demo_photo("hoi-truong-xa.jpg", a.commune, day, (150, 30, 30)),
                        _demo_photo(
                            "khu-dan-cu.jpg", a.commune, day - datetime.timedelta(days=1), (40, 110, 60)
                        ),
                    ]
                services.visit_log(
                    actor=user,
                    assignment=a,
                    visit_date=day,
                    kind=self.rng.choice(list(VisitKind)),
                    content=VISIT_TEXTS[VisitKind.WORKING_VISIT].format(
                        c=a.commune.name, t=self.rng.choice(TOPICS)
                    ),
                    issues_found=self.rng.choice(ISSUES),
                    files=photos,
                    today=self.today,
                )


def _demo_photo(name: str, commune: Unit, day: datetime.date, colour: tuple[int, int, int]) -> ContentFile:
    """A plain picture with the EXIF a phone writes: taken at 09:30 on `day`, a few hundred metres from
    the commune's centre."""
    image = Image.new("RGB", (1200, 900), colour)
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = f"{day:%Y:%m:%d} 09:30:00"  # DateTimeOriginal
    gps = exif.get_ifd(0x8825)
    for ref_tag, tag, value, positive in (
        (1, 2, float(commune.latitude or 0) + 0.002, "N"),
        (3, 4, float(commune.longitude or 0) + 0.003, "E"),
    ):
        minutes, seconds = divmod(abs(value) * 3600, 60)
        degrees, minutes = divmod(minutes, 60)
        gps[ref_tag] = positive
        gps[tag] = (float(degrees), float(minutes), round(seconds, 2))
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return ContentFile(out.getvalue(), name=name)


def _single(a: MonitoringAssignment, assignments: list[MonitoringAssignment]) -> bool:
    """Follows one commune only, and was never reassigned."""
    return a.replaces_id is None and not any(o.cadre_id == a.cadre_id and o.pk != a.pk for o in assignments)


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9), tzinfo=timezone.get_current_timezone())


@transaction.atomic
def build_demo_monitoring(today: datetime.date | None = None, seed: int = 2025) -> DemoMonitoring:
    """Needs the demo province (`build_demo_province`). Fast: the past is written in bulk."""
    today = today or timezone.localdate()
    organizer = User.objects.get(username="tochuc")
    programme = services.monitoring_programme_create(
        actor=organizer,
        number="26-QĐ/TU",
        title="Quy định cán bộ lãnh đạo các cơ quan, đơn vị cấp tỉnh theo dõi các xã, phường",
        issued_on=datetime.date(2022, 12, 14),
        issuing_unit=Unit.objects.get(code="HS-BTV"),
        scope_unit=Unit.objects.get(code=ROOT_CODE),
    )
    b = _Builder(seed, today, programme, organizer)
    demo = DemoMonitoring(programme=programme)
    for number in sorted({max(ASSIGN_DAY.year, today.year - 1), today.year}):
        demo.years.append(
            services.monitoring_year_create(
                actor=organizer,
                programme=programme,
                year=number,
                plan_deadline=datetime.date(number, 1, 31),
                form_deadline=datetime.date(number, 12, 31),
            )
        )
    assignments, demo.uncovered = b.assign_all()
    demo.shared = [a for a in assignments if a.second_commune_reason]
    demo.reassigned = b.transfer(assignments)
    # A few days ago a leader retired: the organizers were alerted, the commune waits for its new monitor.
    assignments = list(
        MonitoringAssignment.objects.filter(programme=programme).select_related("commune", "appointment")
    )
    retiree = b.leaver(
        [a for a in reversed(assignments) if a.end_date is None and a.commune != b.communes[10]], assignments
    )
    if retiree is not None:
        b.leaving[retiree.cadre_id] = today - datetime.timedelta(days=12)
    b.visits(demo.years)
    for year in demo.years:
        b.plans_and_reports(year)
        if year.form_deadline <= today:
            b.forms(year)
    b.place_communes()
    assignments = list(
        MonitoringAssignment.objects.filter(programme=programme).select_related("commune", "appointment")
    )
    b.recent(assignments)
    if retiree is not None:
        appointment_end(
            actor=organizer,
            appointment=retiree.appointment,
            end_date=b.leaving[retiree.cadre_id],
            end_reason=EndReason.RETIRED,
        )
        demo.retired = retiree
    return demo
