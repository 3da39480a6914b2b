import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dotpha.accounts.models import User
from dotpha.core.search import normalize_search
from dotpha.imports.task_authority import target_refusal
from dotpha.imports.task_layout import BY_KEY, KEYS
from dotpha.imports.task_parser import can_import_tasks, task_import_parse
from dotpha.imports.task_plan import TaskImportPlan, TaskImportTarget, TaskMapping
from dotpha.imports.task_services import TaskImportRejected, task_import_apply, task_import_check
from dotpha.imports.task_sheet import column_index
from dotpha.programmes.models import Period
from dotpha.programmes.selectors import decisions_visible_to, programmes_visible_to


class Command(BaseCommand):
    help = (
        "Nhập danh sách giao việc đột phá từ tệp Excel: tạo các việc đã phê duyệt theo một quyết định "
        "(tất cả hoặc không dòng nào). Tên trùng phải chọn bằng --choose DÒNG=MÃ_CÁN_BỘ."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Tệp .xlsx")
        parser.add_argument("--user", required=True, help="Tên đăng nhập của người nhập (ghi vào lịch sử)")
        parser.add_argument("--programme", required=True, type=int, help="Mã số (id) chương trình")
        parser.add_argument("--period", required=True, type=int, help="Mã số (id) kỳ của chương trình")
        parser.add_argument(
            "--decision", required=True, help="Số quyết định: đã nhập trong kỳ, hoặc số của quyết định mới"
        )
        parser.add_argument("--signed-on", help="Ngày ký quyết định mới, dd/mm/yyyy (mặc định: hôm nay)")
        parser.add_argument("--decision-title", default="", help="Trích yếu quyết định mới")
        parser.add_argument("--sheet", help="Tên trang (mặc định: trang giống danh sách việc nhất)")
        parser.add_argument(
            "--column",
            action="append",
            default=[],
            metavar="KHÓA=CỘT",
            help=f"Chọn cột, ví dụ deadline=E; khóa: {', '.join(KEYS)}",
        )
        parser.add_argument(
            "--choose", action="append", default=[], metavar="DÒNG=MÃ", help="Người được giao cho tên trùng"
        )
        parser.add_argument(
            "--accept-warnings",
            action="store_true",
            help="Đã xem các cảnh báo (chức vụ trong tệp khác hệ thống) và vẫn nhập",
        )
        parser.add_argument(
            "--update-existing",
            action="store_true",
            help="Cập nhật các việc đã có mà tệp ghi khác (thời hạn, sản phẩm…); mặc định: bỏ qua",
        )
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không lưu")

    def handle(self, *args, file: Path, user: str, dry_run: bool, accept_warnings: bool, **options):
        actor = User.objects.filter(username=user, is_active=True).first()
        if actor is None:
            raise CommandError(f"Không có tài khoản “{user}”.")
        if not can_import_tasks(actor):
            raise CommandError(f"Tài khoản “{user}” không có quyền nhập danh sách việc.")
        target = self._target(actor, options)
        refusal = target_refusal(actor, target)
        if refusal:
            raise CommandError(refusal)
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Không đọc được tệp {file}: {error.strerror}") from None

        plan = task_import_parse(data, actor=actor, target=target, sheet=options["sheet"])
        mapping = self._mapping(plan, options["column"])
        if mapping is not None:
            plan = task_import_parse(data, actor=actor, target=target, mapping=mapping)
        choices = self._choices(plan, options["choose"])
        if choices or options["update_existing"]:
            plan = task_import_parse(
                data,
                actor=actor,
                target=target,
                mapping=plan.mapping,
                choices=choices,
                update_all=options["update_existing"],
            )
        self._describe(plan, target)
        if plan.rivals and not options["column"]:
            raise CommandError(
                "Chưa rõ cột hoặc trang nào là danh sách: chọn bằng --sheet, --column KHÓA=CỘT."
            )
        issues = plan.issues + plan.choice_issues()
        if not issues and dry_run:
            issues = task_import_check(actor=actor, plan=plan, target=target)
        if issues:
            self._fail(issues)
        if dry_run:
            self.stdout.write(f"Kiểm tra xong, không có lỗi (chưa lưu): {len(plan.rows)} việc.")
            return
        try:
            summary = task_import_apply(actor=actor, plan=plan, target=target, acknowledged=accept_warnings)
        except TaskImportRejected as rejected:
            self._fail(rejected.issues)
        self.stdout.write(self.style.SUCCESS(summary.describe()))

    def _target(self, actor: User, options) -> TaskImportTarget:
        programme = programmes_visible_to(actor).filter(pk=options["programme"]).first()
        if programme is None:
            raise CommandError(f"Không có chương trình số {options['programme']} trong phạm vi của bạn.")
        period = Period.objects.filter(pk=options["period"], programme=programme).first()
        if period is None:
            raise CommandError(f"Chương trình {programme.number} không có kỳ số {options['period']}.")
        number = options["decision"].strip()
        wanted = normalize_search(number)  # "90-qđ/tu" is 90-QĐ/TU: the database folds no "đ"
        decision = next(
            (
                d
                for d in decisions_visible_to(actor)
                .filter(programme=programme, period=period)
                .order_by("-signed_on")
                if normalize_search(d.number) == wanted
            ),
            None,
        )
        if decision is not None:
            return TaskImportTarget(programme=programme, period=period, decision=decision)
        signed_on = self._date(options["signed_on"]) if options["signed_on"] else timezone.localdate()
        return TaskImportTarget(
            programme=programme,
            period=period,
            decision_number=number,
            decision_title=options["decision_title"],
            signed_on=signed_on,
        )

    def _date(self, text: str) -> datetime.date:
        try:
            return datetime.datetime.strptime(text.strip(), "%d/%m/%Y").date()  # noqa: DTZ007
        except ValueError:
            raise CommandError(f"Ngày ký “{text}” phải ghi dạng dd/mm/yyyy.") from None

    def _mapping(self, plan: TaskImportPlan, columns: list[str]) -> TaskMapping | None:
        if not columns or plan.mapping is None:
            return None
        chosen = dict(plan.mapping.columns)
        for item in columns:
            key, _, letter = item.partition("=")
            index = column_index(letter) if letter else None
            if key.strip() not in BY_KEY or index is None:
                raise CommandError(f"--column “{item}” không hợp lệ: ghi KHÓA=CỘT, ví dụ deadline=E.")
            chosen = {k: v for k, v in chosen.items() if v != index}
            chosen[key.strip()] = index
        return TaskMapping(plan.mapping.sheet, chosen)

    def _choices(self, plan: TaskImportPlan, picks: list[str]) -> dict[int, int]:
        chosen = {}
        for item in picks:
            row_text, _, code = item.partition("=")
            row = next((r for r in plan.rows if row_text.strip().isdigit() and r.row == int(row_text)), None)
            if row is None or row.match is None:
                raise CommandError(f"--choose “{item}”: dòng {row_text} không có trong danh sách.")
            cadre = next((c for c in row.match.candidates if c.code == code.strip()), None)
            if cadre is None:
                raise CommandError(
                    f"--choose “{item}”: mã “{code}” không phải người cùng tên ở dòng {row_text}."
                )
            chosen[row.row] = cadre.pk
        return chosen

    def _describe(self, plan: TaskImportPlan, target: TaskImportTarget) -> None:
        self.stdout.write(target.describe())
        if plan.mapping is not None and plan.columns:
            shown = "; ".join(f"{label} ← {column}" for label, column in plan.mapping.describe(plan.columns))
            self.stdout.write(f"Trang “{plan.sheet}”, dòng tiêu đề {plan.header_row}. Ghép cột: {shown}")
            for note in plan.rivals:
                self.stdout.write(note)
            if not plan.mapping_confident:
                letters = "; ".join(c.choice_label for c in plan.columns)
                self.stdout.write(
                    f"Tiêu đề cột khác mẫu; kiểm tra cách ghép (--column KHÓA=CỘT). Các cột: {letters}"
                )
        for row in plan.rows:
            self.stdout.write(row.summary())
        counts = plan.counts()
        self.stdout.write(
            f"Tổng: {counts['rows']} dòng việc; tìm được cán bộ {counts['found']}; cần chọn "
            f"{counts['ambiguous']}; cảnh báo {counts['warnings']}; có lỗi {counts['with_errors']}."
        )

    def _fail(self, issues) -> None:
        for issue in issues:
            self.stderr.write(issue.describe())
        raise CommandError(f"Tệp có {len(issues)} lỗi; không nhập gì.")
