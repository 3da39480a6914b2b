"""A synthetic province for the dashboard benchmark: 20 departments, 8 dissolved districts with 320 old
communes merged three-into-one into 107 new communes on 1 July 2025, about 940 cadres, three yearly
periods and as many tasks as asked, with evaluations, progress reports and milestones. Deterministic."""

import datetime
import random
from dataclasses import dataclass

from dotpha.accounts.models import Role, RoleGrant, User
from dotpha.core.search import normalize_search
from dotpha.org.models import Appointment, Cadre, EndReason, Position, Unit, UnitKind, UnitLevel, UnitMerger
from dotpha.programmes.models import Field, Grade, Period, PeriodKind, Programme, TaskKind
from dotpha.tasks.facts import refresh_facts
from dotpha.tasks.models import Evaluation, Milestone, ProgressReport, Task, TaskOrigin, TaskStatus

REFORM = datetime.date(2025, 7, 1)
# the tasks' titles: what provinces register (the seeds' articles), numbered, so that a search finds a
# twelfth of the tasks by a phrase and one task by its number, as the list's search does on real data
TOPICS = (
    "Chuyển đổi số cấp xã",
    "Giải phóng mặt bằng dự án trọng điểm",
    "Cải cách thủ tục hành chính",
    "Thu hút đầu tư vào khu công nghiệp",
    "Xây dựng nông thôn mới nâng cao",
    "Nâng cao chỉ số năng lực cạnh tranh",
    "Phát triển du lịch cộng đồng",
    "Sắp xếp tổ chức bộ máy tinh gọn",
    "Giảm nghèo bền vững",
    "Chỉnh trang đô thị",
    "Phòng, chống tham nhũng, lãng phí",
    "Đào tạo nguồn nhân lực chất lượng cao",
)
YEARS = (2023, 2024, 2025)
BATCH = 5000
STATUS_WEIGHTS = [
    (TaskStatus.APPROVED, 86),
    (TaskStatus.SUBMITTED, 5),
    (TaskStatus.RETURNED, 3),
    (TaskStatus.REJECTED, 2),
    (TaskStatus.DRAFT, 4),
]
GRADE_WEIGHTS = [(Grade.EXCELLENT, 33), (Grade.GOOD, 40), (Grade.COMPLETED, 20), (Grade.NOT_COMPLETED, 7)]


@dataclass
class BenchProvince:
    root: Unit
    organizer: User
    periods: dict[int, Period]
    tasks: int


class _Tree:
    def __init__(self) -> None:
        self.kinds = {k.code: k for k in UnitKind.objects.all()}
        self.levels = {lv.code: lv for lv in UnitLevel.objects.all()}
        self.seq = 0

    def add(self, parent: Unit | None, name: str, kind: str, level: str, **dates) -> Unit:
        self.seq += 1
        node = Unit(
            name=name, code=f"B{self.seq:05d}", kind=self.kinds[kind], level=self.levels[level], **dates
        )
        if parent is None:
            return Unit.objects.add_root(instance=node)
        return Unit.objects.add_child(Unit.objects.get(pk=parent.pk), instance=node)


def _units(tree: _Tree, districts: int) -> tuple[Unit, Unit, list[Unit], list[tuple[Unit, list[Unit]]]]:
    root = tree.add(None, "Tỉnh Thử Tải", "province", "province")
    committee = tree.add(root, "Tỉnh ủy Thử Tải", "party_committee", "province")
    standing = tree.add(committee, "Ban Thường vụ Tỉnh ủy", "standing_committee", "province")
    tree.add(committee, "Ban Tổ chức Tỉnh ủy", "organisation_board", "province")
    people = tree.add(root, "Ủy ban nhân dân tỉnh", "peoples_committee", "province")
    departments = [tree.add(people, f"Sở số {i}", "department", "province") for i in range(1, 21)]
    old_communes: list[Unit] = []
    last_day = REFORM - datetime.timedelta(days=1)
    for d in range(1, districts + 1):
        district = tree.add(root, f"Huyện ủy số {d}", "district_committee", "district", valid_to=last_day)
        for c in range(1, 41):
            old_communes.append(tree.add(district, f"Xã cũ {d}-{c}", "commune", "commune", valid_to=last_day))
    communes = []
    for i in range(0, len(old_communes), 3):
        commune = tree.add(root, f"Xã mới {i // 3 + 1}", "commune", "commune", valid_from=REFORM)
        group = old_communes[i : i + 3]
        UnitMerger.objects.bulk_create(
            UnitMerger(predecessor=old, successor=commune, effective_date=REFORM) for old in group
        )
        communes.append((commune, group))
    return root, standing, departments, communes


def other_provinces(count: int, *, departments: int = 20, communes: int = 90) -> list[Unit]:
    """`count` more provinces, units only (their departments and communes, in force), as an instance that
    serves every province holds them: about 4,000 units for the 34 provinces. Written in bulk."""
    kinds = {k.code: k for k in UnitKind.objects.filter(code__in=("province", "department", "commune"))}
    levels = {lv.code: lv for lv in UnitLevel.objects.filter(code__in=("province", "commune"))}
    specs = [("Sở", "department", "province")] * departments + [("Xã", "commune", "commune")] * communes
    roots = []
    for p in range(1, count + 1):
        root = Unit.objects.add_root(
            instance=Unit(
                name=f"Tỉnh khác số {p}", code=f"K{p:02d}", kind=kinds["province"], level=levels["province"]
            )
        )
        names = [f"{word} số {i} tỉnh {p}" for i, (word, _kind, _level) in enumerate(specs, start=1)]
        Unit.objects.bulk_create(
            Unit(
                name=name,
                code=f"K{p:02d}-{i:03d}",
                kind=kinds[kind],
                level=levels[level],
                path=Unit._get_path(root.path, 2, i),
                depth=2,
                numchild=0,
                search_text=normalize_search(name),
            )
            for i, (name, (_word, kind, level)) in enumerate(zip(names, specs, strict=True), start=1)
        )
        Unit.objects.filter(pk=root.pk).update(numchild=len(specs))
        roots.append(root)
    return roots


def _cadres(rng: random.Random, standing: Unit, departments, communes) -> list[Cadre]:
    position, _ = Position.objects.get_or_create(name="Thử tải", defaults={"rank": 50})
    cadres: list[Cadre] = []
    posts: list[tuple[int, Unit, datetime.date, datetime.date | None]] = []
    n = 0
    for unit in departments:
        for _ in range(4):
            n += 1
            cadres.append(
                Cadre(code=f"BC{n:06d}", full_name=f"Cán bộ Sở {n}", gender="male", managing_unit=standing)
            )
            posts.append((len(cadres) - 1, unit, datetime.date(2018, 1, 1), None))
    for commune, group in communes:
        for _ in range(8):
            n += 1
            cadres.append(
                Cadre(code=f"BC{n:06d}", full_name=f"Cán bộ xã {n}", gender="female", managing_unit=commune)
            )
            if rng.random() < 0.8:
                posts.append(
                    (
                        len(cadres) - 1,
                        rng.choice(group),
                        datetime.date(2019, 1, 1),
                        REFORM - datetime.timedelta(days=1),
                    )
                )
            posts.append((len(cadres) - 1, commune, REFORM, None))
    for cadre in cadres:
        cadre.fill_derived()
    created = Cadre.objects.bulk_create(cadres)
    Appointment.objects.bulk_create(
        Appointment(
            cadre=created[i],
            position=position,
            unit=unit,
            start_date=start,
            end_date=end,
            end_reason=EndReason.MERGED if end else "",
        )
        for i, unit, start, end in posts
    )
    return created


def _pick(rng: random.Random, weights):
    return rng.choices([v for v, _ in weights], weights=[w for _, w in weights])[0]


def build(count: int, *, seed: int = 2025, districts: int = 8) -> BenchProvince:
    rng = random.Random(seed)
    tree = _Tree()
    root, standing, departments, communes = _units(tree, districts)
    cadres = _cadres(rng, standing, departments, communes)
    organizer = User.objects.create_user(username="bench-organizer", password="-")
    RoleGrant.objects.create(user=organizer, role=Role.ORGANIZER, unit=root)
    programme = Programme.objects.create(
        number="30-QĐ/TU",
        title="Quy định giao việc đột phá, đổi mới",
        issued_on=datetime.date(2020, 5, 20),
        issuing_unit=standing,
        registration_opens=datetime.date(2023, 1, 1),
        registration_closes=datetime.date(2025, 3, 31),
    )
    periods = {
        y: Period.objects.create(
            programme=programme,
            name=str(y),
            kind=PeriodKind.YEAR,
            start_date=datetime.date(y, 1, 1),
            end_date=datetime.date(y, 12, 31),
        )
        for y in YEARS
    }
    fields = list(Field.objects.all())
    collectives = [c for c, _ in communes] + departments
    made = 0
    while made < count:
        size = min(BATCH, count - made)
        tasks = []
        for i in range(size):
            year = rng.choice(YEARS)
            status = _pick(rng, STATUS_WEIGHTS)
            cadre = rng.choice(cadres) if rng.random() < 0.9 else None
            tasks.append(
                Task(
                    programme=programme,
                    period=periods[year],
                    kind=rng.choice(TaskKind.values),
                    field=rng.choice(fields),
                    title=f"{TOPICS[(made + i) % len(TOPICS)]} {made + i}",
                    assignee_cadre=cadre,
                    assignee_unit=None if cadre else rng.choice(collectives),
                    authority_unit=cadre.managing_unit if cadre else standing,
                    author=organizer,
                    origin=TaskOrigin.ASSIGNED,
                    status=status,
                    start_date=datetime.date(year, 1, 15),
                    deadline=datetime.date(year, 12, 15),
                    approved_on=datetime.date(year, 3, 1) if status == TaskStatus.APPROVED else None,
                )
            )
        for task in tasks:
            task.set_search_text()  # Task.save's part that bulk_create skips
        created = Task.objects.bulk_create(tasks)
        _details(rng, [t for t in created if t.status == TaskStatus.APPROVED], organizer)
        # bulk inserts send no save signals: the batch's facts in one statement
        refresh_facts([t.pk for t in created])
        made += size
    return BenchProvince(root=root, organizer=organizer, periods=periods, tasks=made)


def _details(rng: random.Random, tasks: list[Task], author: User) -> None:
    evaluations, reports, milestones = [], [], []
    for task in tasks:
        year = task.period.start_date.year
        if rng.random() < 0.6:
            grade = _pick(rng, GRADE_WEIGHTS)
            ahead = grade != Grade.NOT_COMPLETED and rng.random() < 0.05
            evaluations.append(Evaluation(task=task, self_grade=grade, grade=grade, ahead_of_plan=ahead))
        for month in range(rng.choice((0, 0, 1, 2))):
            reports.append(
                ProgressReport(
                    task=task,
                    author=author,
                    reported_on=datetime.date(year, 4 + 3 * month, 1),
                    percent_done=rng.choice((30, 60, 100)),
                    narrative="Báo cáo tiến độ.",
                )
            )
        if rng.random() < 0.1:
            milestones.append(Milestone(task=task, title="Mốc giữa năm", due_date=datetime.date(year, 6, 30)))
    Evaluation.objects.bulk_create(evaluations)
    ProgressReport.objects.bulk_create(reports)
    Milestone.objects.bulk_create(milestones)
