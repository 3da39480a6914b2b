"""What the progress rule and the statistics read of a task, stored beside it (`TaskFacts`).

A cache of the record, not the record: `dotpha.tasks.facts` computes each row from the reports, milestones,
evaluation, appointments, period, programme and calendar (the from-scratch definition, kept in one place)
and keeps it current on every write of those inputs; `rebuild_task_facts` recomputes them all. No history:
the record it is computed from has its own.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dotpha.org.models import Unit
from dotpha.tasks.models.task import Task


class TaskFacts(models.Model):
    task = models.OneToOneField(
        Task, verbose_name=_("việc"), on_delete=models.CASCADE, primary_key=True, related_name="facts"
    )
    # the unit the task counts under (`reports.selectors.base`), before mergers are followed; no foreign
    # key constraint: a cache must never stop a unit's deletion, and the next refresh corrects it
    home_unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị tính"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # `taskfacts_home_unit` (Meta.indexes) is the index
        null=True,
        related_name="+",
    )
    latest_percent = models.PositiveSmallIntegerField(_("tỷ lệ hoàn thành gần nhất"), null=True)
    last_report_on = models.DateField(_("ngày báo cáo gần nhất"), null=True)
    completed_on = models.DateField(_("ngày báo cáo hoàn thành"), null=True)
    # the earliest due date of a milestone not done: a milestone is past due when this date is
    milestone_due = models.DateField(_("hạn mốc chưa xong sớm nhất"), null=True)
    evaluated = models.BooleanField(_("đã đánh giá"), default=False)
    effective_deadline = models.DateField(_("thời hạn theo ngày làm việc"), null=True)
    cadence_days = models.PositiveSmallIntegerField(_("số ngày giữa hai lần báo cáo"))
    # the days that move a task's progress state as time passes (`tasks.selectors.progress`), as days since
    # 01/01/1970: at risk from `behind_from` on (the time elapsed passes the percent reported plus the
    # tolerance), late reporting after `stale_after` (the last report, or approval and start, plus the
    # cadence). With them a list filters a state by comparing stored columns with today.
    behind_from = models.IntegerField(_("ngày bắt đầu chậm so với thời gian đã qua"), null=True)
    stale_after = models.IntegerField(_("ngày cuối còn trong kỳ báo cáo"), null=True)
    # the assignee's `Cadre.sort_key` (none for a collective): the order of the lists behind the figures
    assignee_key = models.BinaryField(_("khóa sắp xếp theo tên người được giao"), null=True)

    class Meta:
        verbose_name = _("số liệu của việc")
        verbose_name_plural = pgettext_lazy("plural", "số liệu của việc")
        indexes = [
            models.Index(fields=["home_unit"], name="taskfacts_home_unit"),
            models.Index(fields=["assignee_key", "task"], name="taskfacts_assignee_key"),
        ]

    def __str__(self) -> str:
        return str(self.task_id)
