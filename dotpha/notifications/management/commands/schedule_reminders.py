from django.core.management.base import BaseCommand
from django.utils import timezone

from dotpha.notifications.tasks import daily_reminders, next_morning
from dotpha.reports.rollups import next_night, rebuild_rollups


class Command(BaseCommand):
    help = (
        "Xếp lịch việc nhắc hằng ngày và việc dựng lại số liệu tổng hợp hằng đêm cho db_worker "
        "(chạy một lần; mỗi việc tự xếp lịch lần sau)."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        result = daily_reminders.using(run_after=next_morning(now)).enqueue()
        self.stdout.write(f"Đã xếp lịch nhắc việc: {result.id}")
        nightly = rebuild_rollups.using(run_after=next_night(now)).enqueue(nightly=True)
        self.stdout.write(f"Đã xếp lịch dựng lại số liệu tổng hợp: {nightly.id}")
