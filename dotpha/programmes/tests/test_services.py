import datetime

import pytest

from dotpha.accounts.models import Role
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.org.tests.factories import make_user
from dotpha.programmes.models import (
    Decision,
    Field,
    Grade,
    Period,
    PeriodKind,
    Programme,
    ReportCadence,
    TaskKind,
)
from dotpha.programmes.selectors import programmes_visible_to, registration_is_open
from dotpha.programmes.services import (
    decision_create,
    field_create,
    period_close,
    period_create,
    period_reopen,
    programme_create,
    programme_update,
)
from dotpha.programmes.tests.factories import PeriodFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def create(world, **kwargs):
    args = {
        "actor": world.users["organizer"],
        "number": "30-QĐ/TU",
        "title": "Quy định về giao việc đột phá, việc đổi mới đối với cán bộ lãnh đạo",
        "issued_on": datetime.date(2020, 5, 20),
        "issuing_unit": world.standing,
        "registration_opens": datetime.date(2024, 1, 1),
        "registration_closes": datetime.date(2024, 3, 31),
    }
    args.update(kwargs)
    return programme_create(**args)


def test_organizer_creates_a_programme_with_the_default_rules(world):
    # when
    programme = create(world, report_cadence=ReportCadence.QUARTERLY)
    # then
    programme.refresh_from_db()
    assert str(programme) == "Quy định 30-QĐ/TU"
    assert programme.task_kinds == [TaskKind.BREAKTHROUGH, TaskKind.DIFFICULT, TaskKind.KEY]
    assert programme.grades == [Grade.EXCELLENT, Grade.GOOD, Grade.COMPLETED, Grade.NOT_COMPLETED]
    assert (programme.min_tasks_per_assignee, programme.max_tasks_per_assignee) == (1, 5)
    assert programme.cadence_days == 92
    assert programme.history.get().history_user == world.users["organizer"]


def test_a_commune_runs_its_own_programme_through_its_organizer(world):
    commune_organizer = make_user("tochucxa", Role.ORGANIZER, world.commune)
    programme = create(
        world,
        actor=commune_organizer,
        issuing_unit=world.commune,
        number="05-KH/ĐU",
        document_kind="plan",
        task_kinds=[TaskKind.DIFFICULT, TaskKind.KEY],
    )
    assert programme.issuing_unit == world.commune
    with pytest.raises(PermissionDeniedError):
        create(world, actor=commune_organizer, issuing_unit=world.standing)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"min_tasks_per_assignee": 6}, "tối thiểu"),
        ({"min_tasks_per_assignee": 0}, "tối thiểu"),
        ({"registration_closes": datetime.date(2023, 12, 1)}, "Hạn đăng ký"),
        ({"task_kinds": []}, "loại việc"),
        ({"task_kinds": ["magic"]}, "loại việc"),
        ({"grades": ["A+"]}, "thang đánh giá"),
        ({"report_cadence": "daily"}, "kỳ báo cáo"),
        ({"number": " "}, "số văn bản"),
    ],
)
def test_programme_rules_are_validated(world, kwargs, message):
    with pytest.raises(ApplicationError, match=message):
        create(world, **kwargs)
    assert not Programme.objects.exists()


@pytest.mark.parametrize("role", ["approver", "unit_manager", "cadre", "inspector", "commune_committee"])
def test_only_organizers_run_programmes(world, role):
    with pytest.raises(PermissionDeniedError):
        create(world, actor=world.users[role])


def test_programme_update(world):
    programme = create(world)
    programme_update(actor=world.users["organizer"], programme=programme, max_tasks_per_assignee=3)
    programme.refresh_from_db()
    assert programme.max_tasks_per_assignee == 3
    assert programme.history.count() == 2
    with pytest.raises(ApplicationError, match="tối thiểu"):
        programme_update(actor=world.users["organizer"], programme=programme, max_tasks_per_assignee=0)
    with pytest.raises(ApplicationError, match="Không sửa được"):
        programme_update(actor=world.users["organizer"], programme=programme, issuing_unit=world.commune)


def test_periods_year_and_phase(world):
    organizer = world.users["organizer"]
    programme = create(world)
    year = period_create(
        actor=organizer,
        programme=programme,
        name="2024",
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2024, 12, 31),
    )
    phase = period_create(
        actor=organizer,
        programme=programme,
        name="2021–2025",
        kind=PeriodKind.PHASE,
        start_date=datetime.date(2021, 1, 1),
        end_date=datetime.date(2025, 12, 31),
        registration_opens=datetime.date(2021, 1, 1),
        registration_closes=datetime.date(2021, 6, 30),
    )
    assert str(year) == "Năm 2024" and str(phase) == "Giai đoạn 2021–2025"
    assert year.registration_window() == (datetime.date(2024, 1, 1), datetime.date(2024, 3, 31))
    assert phase.registration_window() == (datetime.date(2021, 1, 1), datetime.date(2021, 6, 30))
    assert registration_is_open(year, on=datetime.date(2024, 2, 1))
    assert not registration_is_open(year, on=datetime.date(2024, 4, 1))
    with pytest.raises(ApplicationError, match="đã có kỳ"):
        period_create(
            actor=organizer,
            programme=programme,
            name="2024",
            start_date=datetime.date(2024, 1, 1),
            end_date=datetime.date(2024, 12, 31),
        )
    with pytest.raises(ApplicationError, match="Ngày kết thúc"):
        period_create(
            actor=organizer,
            programme=programme,
            name="2025",
            start_date=datetime.date(2025, 12, 1),
            end_date=datetime.date(2025, 1, 1),
        )
    with pytest.raises(ApplicationError, match="cả hai"):
        period_create(
            actor=organizer,
            programme=programme,
            name="2026",
            start_date=datetime.date(2026, 1, 1),
            end_date=datetime.date(2026, 12, 31),
            registration_opens=datetime.date(2026, 1, 1),
        )
    with pytest.raises(PermissionDeniedError):
        period_create(
            actor=world.users["approver"],
            programme=programme,
            name="2027",
            start_date=datetime.date(2027, 1, 1),
            end_date=datetime.date(2027, 12, 31),
        )
    assert Period.objects.count() == 2


def test_period_close_and_reopen_are_audited(world):
    organizer = world.users["organizer"]
    period = PeriodFactory.create(programme=ProgrammeFactory.create(issuing_unit=world.standing))
    period_close(actor=organizer, period=period)
    period.refresh_from_db()
    assert period.is_closed and period.closed_by == organizer
    assert not registration_is_open(period, on=datetime.date(2024, 2, 1))
    with pytest.raises(ApplicationError, match="lý do"):
        period_reopen(actor=organizer, period=period, reason="")
    period_reopen(actor=organizer, period=period, reason="Bổ sung kết quả đánh giá")
    period.refresh_from_db()
    assert not period.is_closed
    latest = period.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (organizer, "Bổ sung kết quả đánh giá")
    with pytest.raises(ApplicationError, match="chưa khóa"):
        period_reopen(actor=organizer, period=period, reason="x")


def test_fields_are_seeded_and_organizers_add_more(world):
    assert Field.objects.filter(name="Giải phóng mặt bằng").exists()
    assert Field.objects.filter(name="Chuyển đổi số").exists()
    assert Field.objects.count() >= 15
    field = field_create(actor=world.users["organizer"], name="  Thu hút   đầu tư ", code="thu-hut-dau-tu")
    assert field.name == "Thu hút đầu tư"
    assert field.history.get().history_user == world.users["organizer"]
    with pytest.raises(ApplicationError, match="đã có"):
        field_create(actor=world.users["organizer"], name="Chuyển đổi số", code="cds-2")
    with pytest.raises(PermissionDeniedError):
        field_create(actor=world.users["approver"], name="Khác nữa", code="khac-nua")


def test_decision_create_by_an_approver_of_the_issuing_unit(world):
    programme = ProgrammeFactory.create(issuing_unit=world.standing)
    period = PeriodFactory.create(programme=programme)
    approver = world.users["approver"]
    decision = decision_create(
        actor=approver,
        programme=programme,
        period=period,
        number="125-QĐ/TU",
        title="Phê duyệt đợt 1",
        signed_on=datetime.date(2024, 4, 15),
        batch_number=1,
    )
    assert (decision.issuing_unit, decision.created_by) == (world.standing, approver)
    assert str(decision) == "Quyết định 125-QĐ/TU ngày 15/04/2024"
    # the same number may come back the next year, not the same year
    decision_create(
        actor=approver,
        programme=programme,
        period=period,
        number="125-QĐ/TU",
        title="Năm sau",
        signed_on=datetime.date(2025, 4, 15),
    )
    with pytest.raises(ApplicationError, match="đã được nhập"):
        decision_create(
            actor=approver,
            programme=programme,
            period=period,
            number="125-QĐ/TU",
            title="Trùng",
            signed_on=datetime.date(2024, 5, 1),
        )
    with pytest.raises(PermissionDeniedError):
        decision_create(
            actor=world.users["organizer"],
            programme=programme,
            period=period,
            number="1",
            title="x",
            signed_on=datetime.date(2024, 5, 1),
        )
    period_close(actor=world.users["organizer"], period=period)
    with pytest.raises(ApplicationError, match="đã khóa"):
        decision_create(
            actor=approver,
            programme=programme,
            period=period,
            number="2",
            title="x",
            signed_on=datetime.date(2024, 5, 1),
        )
    assert Decision.objects.count() == 2


def test_programmes_visible_to(world):
    province = ProgrammeFactory.create(issuing_unit=world.standing)
    ward = ProgrammeFactory.create(issuing_unit=world.other_commune)
    assert set(programmes_visible_to(world.users["organizer"])) == {province, ward}
    # a cadre sees the programmes of the unit that manages them and of the units above theirs
    assert set(programmes_visible_to(world.users["cadre"])) == {province}
    assert set(programmes_visible_to(world.users["commune_committee"])) == {province}
    assert set(programmes_visible_to(world.users["nobody"])) == set()
