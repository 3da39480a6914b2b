"""Writes on the working-day calendar: the organizers' changes to the rule, one day at a time. Each
records (or withdraws) a `CalendarChange`, audited with its actor, and rebuilds the day's year.

A change that would only restate the rule is not kept: taking back a day off the organizers added deletes
their change (the deletion is in the history), so the calendar is always the rule plus what differs."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from dotpha.accounts.models import User
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.core.history import as_actor
from dotpha.workdays.build import rebuild_years
from dotpha.workdays.errors import WorkdaysRefusal
from dotpha.workdays.models import CalendarChange, CalendarYear, ChangeKind, DayKind, NonWorkingDay
from dotpha.workdays.permissions import may_edit_calendar
from dotpha.workdays.rules import rule_year, weekend_name


def _fmt(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _check(actor: User, day: datetime.date) -> NonWorkingDay | None:
    if not may_edit_calendar(actor):
        raise PermissionDeniedError(_("Chỉ Ban Tổ chức cấp tỉnh sửa lịch ngày làm việc."))
    if not CalendarYear.objects.filter(year=day.year).exists():
        raise ApplicationError(
            _("Năm %(year)s chưa có lịch ngày làm việc.") % {"year": day.year},
            code=WorkdaysRefusal.YEAR_NOT_BUILT,
        )
    return NonWorkingDay.objects.filter(day=day).first()


def _name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ApplicationError(_("Nhập tên hoặc lý do của ngày này."), code=WorkdaysRefusal.NAME_REQUIRED)
    return name


def _record(actor: User, day: datetime.date, change: str, name: str) -> CalendarChange:
    found = CalendarChange.objects.select_for_update().filter(day=day).first()
    record = found or CalendarChange(day=day)
    record.change, record.name, record.changed_by = change, name, actor
    as_actor(record, actor).save()
    rebuild_years([day.year])
    return record


def _withdraw(actor: User, day: datetime.date) -> None:
    found = CalendarChange.objects.select_for_update().filter(day=day).first()
    if found is not None:
        as_actor(found, actor).delete()
    rebuild_years([day.year])


@transaction.atomic
def day_off_add(*, actor: User, day: datetime.date, name: str) -> CalendarChange:
    """A day off the government announced (or the province decided): not worked, with its name."""
    current = _check(actor, day)
    name = _name(name)
    if current is not None:
        raise ApplicationError(
            _("Ngày %(day)s đã là ngày nghỉ (%(name)s).")
            % {"day": _fmt(day), "name": current.name or current.get_kind_display()},
            code=WorkdaysRefusal.ALREADY_OFF,
        )
    return _record(actor, day, ChangeKind.DAY_OFF, name)


@transaction.atomic
def day_off_remove(*, actor: User, day: datetime.date, reason: str = "") -> CalendarChange | None:
    """A holiday or day off on a weekday that is worked after all: the organizers' own addition is
    withdrawn, a day the rule gives is recorded as worked. A weekend day stays off (mark it worked)."""
    current = _check(actor, day)
    if current is None or day.weekday() >= 5:
        raise ApplicationError(
            _("Ngày %(day)s không phải ngày nghỉ lễ, nghỉ bù trong tuần nên không bỏ được.")
            % {"day": _fmt(day)},
            code=WorkdaysRefusal.NOT_DAY_OFF,
        )
    if day in rule_year(day.year).off:
        return _record(actor, day, ChangeKind.WORKING, " ".join(reason.split()) or _("Đi làm"))
    _withdraw(actor, day)
    return None


@transaction.atomic
def weekend_work(*, actor: User, day: datetime.date, name: str) -> CalendarChange:
    """A Saturday (or Sunday) worked in exchange for a weekday off."""
    current = _check(actor, day)
    name = _name(name)
    if day.weekday() < 5 or current is None or current.kind != DayKind.WEEKEND:
        raise ApplicationError(
            _(
                "Chỉ thứ Bảy, Chủ nhật đang nghỉ và không trùng ngày lễ mới đánh dấu làm việc được; "
                "ngày %(day)s thì không."
            )
            % {"day": _fmt(day)},
            code=WorkdaysRefusal.NOT_WEEKEND,
        )
    return _record(actor, day, ChangeKind.WORKING, name)


@transaction.atomic
def weekend_work_undo(*, actor: User, day: datetime.date) -> CalendarChange | None:
    """The weekend day worked is a day off again."""
    current = _check(actor, day)
    if day.weekday() < 5 or current is not None:
        raise ApplicationError(
            _("Ngày %(day)s không phải ngày cuối tuần làm việc.") % {"day": _fmt(day)},
            code=WorkdaysRefusal.NOT_WORKED_WEEKEND,
        )
    if day in rule_year(day.year).off:
        _withdraw(actor, day)
        return None
    # a swap the rule itself knows (the government's announcement): undone by a change of its own
    return _record(actor, day, ChangeKind.DAY_OFF, weekend_name(day)[0])
