from django.core.management.base import BaseCommand, CommandError

from dotpha.audit.services import purge_read_log, read_log_days
from dotpha.core.errors import ApplicationError


class Command(BaseCommand):
    help = (
        "Xóa các dòng nhật ký truy cập dữ liệu cá nhân cũ hơn DOTPHA_READ_LOG_DAYS ngày "
        "(mặc định và tối thiểu 90 ngày). Chạy định kỳ, ví dụ mỗi đêm bằng cron."
    )

    def handle(self, *args, **options):
        try:
            deleted = purge_read_log()
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Đã xóa {deleted} dòng nhật ký truy cập cũ hơn {read_log_days()} ngày.")
