"""The working-day calendar as data.

`NonWorkingDay` holds one row per day that is not worked (weekends, public holidays, the days off the
government announces, the organizers' additions), each with the working day that follows it, so a
deadline's effective date is one indexed look-up in SQL as in Python (`dotpha.workdays.calendar`). It is
derived: rebuilt for a year from the rule (`dotpha.workdays.rules`) and the organizers' changes whenever
those change, never edited by hand. `CalendarChange` holds the organizers' changes, with their history.
`CalendarYear` lists the years built; a day of a year not built counts as a working day.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from dotpha.core.models import TimeStampedModel


class DayKind(models.TextChoices):
    WEEKEND = "weekend", _("Nghỉ cuối tuần")
    HOLIDAY = "holiday", _("Nghỉ lễ, Tết")
    DAY_OFF = "day_off", _("Nghỉ bù, nghỉ theo thông báo")


class NonWorkingDay(models.Model):
    day = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=16, choices=DayKind.choices)
    name = models.CharField(_("tên"), max_length=200, blank=True)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200, blank=True)
    next_working_day = models.DateField(_("ngày làm việc kế tiếp"))

    class Meta:
        ordering = ["day"]
        verbose_name = _("ngày nghỉ")
        verbose_name_plural = pgettext_lazy("plural", "ngày nghỉ")

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.name}".strip()


class ChangeKind(models.TextChoices):
    DAY_OFF = "day_off", _("Ngày nghỉ thêm")
    WORKING = "working", _("Ngày làm việc")


class CalendarChange(TimeStampedModel):
    """An organizer's change to the rule for one day: an extra day off, or a day worked (a Saturday
    worked in exchange for a weekday off, or a holiday the rule gives that the government did not)."""

    day = models.DateField(_("ngày"), unique=True)
    change = models.CharField(_("thay đổi"), max_length=16, choices=ChangeKind.choices)
    name = models.CharField(_("tên, lý do"), max_length=200)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người sửa"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["day"]
        verbose_name = _("thay đổi lịch ngày làm việc")
        verbose_name_plural = pgettext_lazy("plural", "thay đổi lịch ngày làm việc")

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y}: {self.get_change_display()} ({self.name})"


class CalendarYear(models.Model):
    year = models.PositiveIntegerField(_("năm"), unique=True)
    built_at = models.DateTimeField(_("tính lúc"), auto_now=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("năm của lịch")
        verbose_name_plural = pgettext_lazy("plural", "năm của lịch")

    def __str__(self) -> str:
        return str(self.year)
