from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dotpha.core import backup
from dotpha.core.errors import ApplicationError


class Command(BaseCommand):
    help = (
        "Khôi phục cơ sở dữ liệu và các tệp tải lên từ tệp của lệnh backup vào cơ sở dữ liệu đang cấu hình "
        "(DATABASE_URL) và thư mục tệp (DOTPHA_VAR_DIR), rồi đối chiếu số dòng từng bảng và mã băm từng tệp."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--replace",
            action="store_true",
            help=(
                "thay thế dữ liệu đang có (mặc định: chỉ khôi phục vào cơ sở dữ liệu và thư mục trống); "
                "bản sao lưu được kiểm tra toàn vẹn trước khi thay thế, "
                "nhưng hãy sao lưu nơi đích ngay trước đó"
            ),
        )

    def handle(self, *args, archive: Path, replace: bool, **options):
        try:
            manifest = backup.restore(archive, replace=replace)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        rows, tables, files = sum(manifest.tables.values()), len(manifest.tables), len(manifest.files)
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã khôi phục từ {archive} (sao lưu lúc {manifest.created_at}): {tables} bảng, {rows} dòng, "
                f"{files} tệp; số dòng và mã băm đều khớp."
            )
        )
