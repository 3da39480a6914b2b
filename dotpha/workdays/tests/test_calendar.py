"""The calendar as seeded by the migration: the official 2026 schedule, the rule's holidays, and the
effective deadline, lateness and last working day in Python and in SQL."""

import datetime

import pytest
from django.db.models import DateField, Value
from django.db.models.functions import Cast

from dotpha.workdays.calendar import (
    WorkCalendar,
    effective_date,
    effective_deadline,
    is_working_day,
    last_working_day_before,
    working_days_late,
)
from dotpha.workdays.models import CalendarYear, DayKind, NonWorkingDay

pytestmark = pytest.mark.django_db

D = datetime.date


def test_the_migration_builds_2020_to_2035():
    assert list(CalendarYear.objects.values_list("year", flat=True)) == list(range(2020, 2036))


def test_tet_binh_ngo_2026_is_off_from_saturday_14_to_sunday_22_february():
    # the government's schedule: Tết from 16/02 (29 tháng Chạp) to 20/02 (mùng 4), with both weekends 9 days
    for day in range(14, 23):
        assert not is_working_day(D(2026, 2, day)), day
    assert is_working_day(D(2026, 2, 13))
    assert is_working_day(D(2026, 2, 23))
    tet = NonWorkingDay.objects.get(day=D(2026, 2, 17))
    assert tet.kind == DayKind.HOLIDAY
    assert "Tết Nguyên Đán" in tet.name
    # a deadline anywhere in it moves to Monday 23/02
    assert {effective_deadline(D(2026, 2, d)) for d in range(14, 23)} == {D(2026, 2, 23)}


def test_hung_kings_day_from_the_lunar_calendar_and_its_day_in_lieu():
    # 10/3 lunar is Sunday 26/04/2026: Monday 27/04 is given in lieu
    assert "Giỗ Tổ Hùng Vương" in NonWorkingDay.objects.get(day=D(2026, 4, 26)).name
    day_in_lieu = NonWorkingDay.objects.get(day=D(2026, 4, 27))
    assert day_in_lieu.kind == DayKind.DAY_OFF
    # 2025: Monday 07/04
    assert not is_working_day(D(2025, 4, 7))


def test_30_april_and_1_may():
    assert not is_working_day(D(2026, 4, 30))
    assert not is_working_day(D(2026, 5, 1))
    # Thursday 30/04 to Sunday 03/05: a deadline of 30/04 is met on Monday 04/05
    assert effective_deadline(D(2026, 4, 30)) == D(2026, 5, 4)
    assert working_days_late(D(2026, 4, 30), D(2026, 5, 4)) == 0
    assert working_days_late(D(2026, 4, 30), D(2026, 5, 5)) == 1


def test_2_september_with_its_adjacent_day_and_the_swap_for_a_saturday():
    # 2026: 1/9 (adjacent) and 2/9; Monday 31/08 off in exchange for Saturday 22/08 worked
    for day in (D(2026, 8, 31), D(2026, 9, 1), D(2026, 9, 2)):
        assert not is_working_day(day)
    assert is_working_day(D(2026, 8, 22))
    assert is_working_day(D(2026, 9, 3))
    # 2025: 1/9 and 2/9
    assert not is_working_day(D(2025, 9, 1))
    assert not is_working_day(D(2025, 9, 2))


def test_a_weekend_deadline_and_lateness_in_working_days():
    saturday = D(2026, 3, 7)
    assert effective_deadline(saturday) == D(2026, 3, 9)
    assert working_days_late(saturday, D(2026, 3, 9)) == 0
    # done Monday 16/03: Tuesday 10 to Monday 16 is five working days
    assert working_days_late(saturday, D(2026, 3, 16)) == 5
    # done early: not late
    assert working_days_late(saturday, D(2026, 3, 2)) == 0


def test_last_working_day_before():
    assert last_working_day_before(D(2026, 3, 9)) == D(2026, 3, 6)  # Monday → Friday
    assert last_working_day_before(D(2026, 2, 23)) == D(2026, 2, 13)  # after Tết → the Friday before
    assert last_working_day_before(D(2026, 3, 11)) == D(2026, 3, 10)


def test_the_turn_of_the_year():
    # Saturday 31/12/2033, Sunday 01/01/2034 (New Year), Monday 02/01 given in lieu: Tuesday 03/01
    assert effective_deadline(D(2033, 12, 31)) == D(2034, 1, 3)
    assert last_working_day_before(D(2034, 1, 3)) == D(2033, 12, 30)


def test_a_year_not_built_counts_every_day_as_worked():
    assert is_working_day(D(2040, 1, 1))
    assert effective_deadline(D(2040, 1, 1)) == D(2040, 1, 1)


def test_sql_effective_date_equals_python():
    calendar = WorkCalendar()
    days = [D(2026, 2, 14) + datetime.timedelta(days=n) for n in range(0, 240, 3)]
    for day in days:
        row = (
            CalendarYear.objects.annotate(d=Cast(Value(day), DateField()))
            .annotate(effective=effective_date("d"))
            .values_list("effective", flat=True)
            .first()
        )
        assert row == calendar.effective_deadline(day), day


def test_the_command_builds_a_year():
    from django.core.management import call_command

    assert is_working_day(D(2036, 1, 1))
    call_command("calendar_year", "2036")
    assert not is_working_day(D(2036, 1, 1))
    # Tết Bính Thìn 2036 falls on 28/01: days off around it
    assert not is_working_day(D(2036, 1, 28))
    assert CalendarYear.objects.filter(year=2036).exists()


def test_done_on_a_day_off_after_the_deadline_is_late_by_at_least_one_day():
    # due Friday 06/03/2026, sent Saturday 07/03: late, by one day as if sent on Monday 09/03
    assert working_days_late(D(2026, 3, 6), D(2026, 3, 7)) == 1
    assert working_days_late(D(2026, 3, 6), D(2026, 3, 9)) == 1
