from django.core.management.base import BaseCommand
from django.utils import timezone

from dotpha.notifications.reminders import send_task_reminders


class Command(BaseCommand):
    help = "Gửi nhắc việc hằng ngày (đến hạn báo cáo, quá hạn). Dùng với cron nếu không chạy db_worker."

    def handle(self, *args, **options):
        summary = send_task_reminders(today=timezone.localdate())
        self.stdout.write(f"Đã gửi {summary.report_due} nhắc báo cáo, {summary.overdue} cảnh báo quá hạn.")
