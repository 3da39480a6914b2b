import time

from django.core.management.base import BaseCommand

from dotpha.reports.rollups import rebuild


class Command(BaseCommand):
    help = (
        "Dựng lại ngay số liệu tổng hợp của bảng thống kê cho hôm nay (việc hằng đêm của db_worker làm "
        "việc này; dùng sau khi sửa dữ liệu trực tiếp)."
    )

    def handle(self, *args, **options):
        start = time.perf_counter()
        stored = rebuild()
        self.stdout.write(f"Đã dựng lại {stored:,} dòng trong {time.perf_counter() - start:.1f} s.")
