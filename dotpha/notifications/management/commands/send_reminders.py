from django.core.management.base import BaseCommand
from django.utils import timezone

from dotpha.monitoring.reminders import send_monitoring_reminders
from dotpha.notifications.digest import send_daily_digests
from dotpha.notifications.reminders import send_task_reminders


class Command(BaseCommand):
    help = (
        "Gửi nhắc việc hằng ngày (đến hạn báo cáo, quá hạn) và thư tổng hợp việc cần làm. "
        "Dùng với cron nếu không chạy db_worker."
    )

    def handle(self, *args, **options):
        today = timezone.localdate()
        summary = send_task_reminders(today=today)
        self.stdout.write(f"Việc: {summary.report_due} nhắc báo cáo, {summary.overdue} cảnh báo quá hạn.")
        monitoring = send_monitoring_reminders(today=today)
        self.stdout.write(
            f"Theo dõi xã: {monitoring.coverage_gaps} cảnh báo xã chưa có người theo dõi, "
            f"{monitoring.due} nhắc đến hạn, {monitoring.overdue} cảnh báo quá hạn, "
            f"{monitoring.forms} nhắc gửi phiếu nhận xét."
        )
        digests = send_daily_digests(today=today)
        self.stdout.write(f"Thư tổng hợp việc cần làm: {digests.sent} thư.")
