from django.core.management.base import BaseCommand
from django.utils import timezone

from dotpha.notifications.tasks import daily_reminders, next_morning


class Command(BaseCommand):
    help = "Xếp lịch việc nhắc hằng ngày cho db_worker (chạy một lần; việc tự xếp lịch lần sau)."

    def handle(self, *args, **options):
        result = daily_reminders.using(run_after=next_morning(timezone.now())).enqueue()
        self.stdout.write(f"Đã xếp lịch nhắc việc: {result.id}")
