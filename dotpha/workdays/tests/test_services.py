"""The organizers' edits: who may make them, what each changes in the calendar, and their history."""

import datetime

import pytest

from dotpha.accounts.models import Role
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.org.tests.factories import make_user
from dotpha.workdays.calendar import effective_deadline, is_working_day
from dotpha.workdays.errors import WorkdaysRefusal
from dotpha.workdays.models import CalendarChange, ChangeKind, DayKind, NonWorkingDay
from dotpha.workdays.services import day_off_add, day_off_remove, weekend_work, weekend_work_undo

pytestmark = pytest.mark.django_db

D = datetime.date


def test_a_swap_a_friday_off_for_a_saturday_worked(world):
    organizer = world.users["organizer"]
    # given: Friday 08/01/2027 is worked and Saturday 16/01/2027 off, by the rule
    friday, saturday = D(2027, 1, 8), D(2027, 1, 16)
    assert is_working_day(friday) and not is_working_day(saturday)
    # when the government swaps them
    day_off_add(actor=organizer, day=friday, name="Nghỉ bù cho thứ Bảy 16/01/2027")
    weekend_work(actor=organizer, day=saturday, name="Làm bù cho thứ Sáu 08/01/2027")
    # then the Friday is a named day off, the Saturday worked, and a Thursday deadline is unchanged
    row = NonWorkingDay.objects.get(day=friday)
    assert (row.kind, row.name) == (DayKind.DAY_OFF, "Nghỉ bù cho thứ Bảy 16/01/2027")
    assert is_working_day(saturday)
    # a deadline on the Friday moves to Monday 11/01; one on Friday 15/01 stays
    assert effective_deadline(friday) == D(2027, 1, 11)
    assert effective_deadline(D(2027, 1, 15)) == D(2027, 1, 15)
    # both changes are audited with their actor
    history = CalendarChange.history.filter(day__in=[friday, saturday]).order_by("day")
    assert [(h.day, h.change, h.history_user) for h in history] == [
        (friday, ChangeKind.DAY_OFF, organizer),
        (saturday, ChangeKind.WORKING, organizer),
    ]


def test_the_weekend_before_a_day_off_points_past_it(world):
    # Friday 08/01/2027 off: its own row points to Monday 11/01, a Thursday deadline stays
    day_off_add(actor=world.users["organizer"], day=D(2027, 1, 8), name="Nghỉ thêm")
    assert NonWorkingDay.objects.get(day=D(2027, 1, 8)).next_working_day == D(2027, 1, 11)
    assert effective_deadline(D(2027, 1, 7)) == D(2027, 1, 7)


def test_removing_an_added_day_off_withdraws_it_and_history_keeps_it(world):
    organizer = world.users["organizer"]
    day = D(2027, 3, 5)
    day_off_add(actor=organizer, day=day, name="Nghỉ theo thông báo")
    day_off_remove(actor=organizer, day=day)
    assert is_working_day(day)
    assert not CalendarChange.objects.filter(day=day).exists()
    assert [h.history_type for h in CalendarChange.history.filter(day=day).order_by("history_date")] == [
        "+",
        "-",
    ]


def test_removing_a_rule_holiday_records_the_day_as_worked(world):
    # the rule gives 24/11/2026 (Ngày Văn hóa Việt Nam); a province that works it records the change
    day = D(2026, 11, 24)
    assert not is_working_day(day)
    change = day_off_remove(actor=world.users["organizer"], day=day, reason="Chưa có văn bản cho nghỉ")
    assert change is not None and change.change == ChangeKind.WORKING
    assert is_working_day(day)


def test_undoing_a_swap_the_rule_knows(world):
    # Saturday 22/08/2026 is worked by the government's swap; undoing it makes it a day off again
    organizer = world.users["organizer"]
    day = D(2026, 8, 22)
    assert is_working_day(day)
    weekend_work_undo(actor=organizer, day=day)
    assert not is_working_day(day)


def test_undoing_an_organizers_worked_saturday(world):
    organizer = world.users["organizer"]
    day = D(2027, 1, 16)
    weekend_work(actor=organizer, day=day, name="Làm bù")
    weekend_work_undo(actor=organizer, day=day)
    assert not is_working_day(day)
    assert NonWorkingDay.objects.get(day=day).kind == DayKind.WEEKEND
    assert not CalendarChange.objects.filter(day=day).exists()


@pytest.mark.parametrize(
    ("call", "kwargs", "code"),
    [
        (day_off_add, {"day": D(2026, 2, 17), "name": "Tết"}, WorkdaysRefusal.ALREADY_OFF),
        (day_off_add, {"day": D(2026, 3, 4), "name": "  "}, WorkdaysRefusal.NAME_REQUIRED),
        (day_off_add, {"day": D(2040, 3, 5), "name": "Nghỉ"}, WorkdaysRefusal.YEAR_NOT_BUILT),
        (day_off_remove, {"day": D(2026, 3, 4)}, WorkdaysRefusal.NOT_DAY_OFF),
        (day_off_remove, {"day": D(2026, 3, 7)}, WorkdaysRefusal.NOT_DAY_OFF),
        (weekend_work, {"day": D(2026, 3, 4), "name": "Làm bù"}, WorkdaysRefusal.NOT_WEEKEND),
        # a holiday on a weekend is not a plain weekend
        (weekend_work, {"day": D(2026, 4, 26), "name": "Làm bù"}, WorkdaysRefusal.NOT_WEEKEND),
        (weekend_work_undo, {"day": D(2026, 3, 7)}, WorkdaysRefusal.NOT_WORKED_WEEKEND),
    ],
)
def test_refusals(world, call, kwargs, code):
    with pytest.raises(ApplicationError) as refused:
        call(actor=world.users["organizer"], **kwargs)
    assert refused.value.code == code
    assert not CalendarChange.objects.exists()


@pytest.mark.parametrize(
    "role", ["approver", "unit_manager", "cadre", "commune_committee", "inspector", "nobody"]
)
def test_only_the_provinces_organizers_edit(world, role):
    with pytest.raises(PermissionDeniedError):
        day_off_add(actor=world.users[role], day=D(2026, 3, 4), name="Nghỉ")
    assert is_working_day(D(2026, 3, 4))


def test_a_communes_organizer_may_not_edit_the_provinces_calendar(world):
    commune_organizer = make_user("tochucxa", Role.ORGANIZER, world.commune)
    with pytest.raises(PermissionDeniedError):
        weekend_work(actor=commune_organizer, day=D(2026, 3, 7), name="Làm bù")
    assert not CalendarChange.objects.exists()
