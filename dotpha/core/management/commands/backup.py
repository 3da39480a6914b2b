from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dotpha.core import backup
from dotpha.core.errors import ApplicationError


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và các tệp tải lên vào một tệp (tar); khôi phục bằng lệnh restore."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="tệp sao lưu sẽ tạo, ví dụ dotpha-2026-12-02.tar")

    def handle(self, *args, archive: Path, **options):
        if archive.exists():
            raise CommandError(f"Tệp {archive} đã có; chọn tên khác để không ghi đè bản sao lưu cũ.")
        try:
            manifest = backup.back_up(archive)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        rows, tables, files = sum(manifest.tables.values()), len(manifest.tables), len(manifest.files)
        self.stdout.write(
            self.style.SUCCESS(f"Đã sao lưu vào {archive}: {tables} bảng, {rows} dòng, {files} tệp.")
        )
