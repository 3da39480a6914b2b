from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dotpha.accounts.access import can_manage_org
from dotpha.accounts.models import User
from dotpha.imports.org_parser import org_import_parse
from dotpha.imports.services import OrgImportRejected, org_import_apply


class Command(BaseCommand):
    help = "Nhập đơn vị, cán bộ từ tệp Excel theo mẫu (tất cả hoặc không dòng nào)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Tệp .xlsx theo mẫu")
        parser.add_argument("--user", required=True, help="Tên đăng nhập của người nhập (ghi vào lịch sử)")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không lưu")

    def handle(self, *args, file: Path, user: str, dry_run: bool, **options):
        actor = User.objects.filter(username=user, is_active=True).first()
        if actor is None:
            raise CommandError(f"Không có tài khoản “{user}”.")
        if not can_manage_org(actor):
            raise CommandError(f"Tài khoản “{user}” không có quyền nhập đơn vị, cán bộ.")
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Không đọc được tệp {file}: {error.strerror}") from None

        plan = org_import_parse(data, actor=actor)
        if not plan.is_valid:
            self._fail(plan.issues)
        if dry_run:
            self.stdout.write(f"Kiểm tra xong, không có lỗi (chưa lưu). {plan.summary().describe()}")
            return
        try:
            summary = org_import_apply(actor=actor, plan=plan)
        except OrgImportRejected as rejected:
            self._fail(rejected.issues)
        self.stdout.write(self.style.SUCCESS(f"Đã nhập xong. {summary.describe()}"))

    def _fail(self, issues) -> None:
        for issue in issues:
            self.stderr.write(issue.describe())
        raise CommandError(f"Tệp có {len(issues)} lỗi; không nhập gì.")
