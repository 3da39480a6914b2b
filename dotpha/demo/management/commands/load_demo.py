import contextlib
import io

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from dotpha.demo.monitoring import build_demo_monitoring
from dotpha.demo.province import DEMO_PASSWORD, build_demo_province, demo_exists
from dotpha.demo.ratings import build_demo_ratings
from dotpha.demo.tasks import build_demo_tasks
from dotpha.org.models import Cadre, Unit
from dotpha.reports.rollups import rebuild


class Command(BaseCommand):
    help = "Tạo tỉnh mẫu Hòa Sơn (đơn vị, cán bộ, tài khoản, chương trình, việc) nếu chưa có."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2025)

    def handle(self, *args, seed: int, **options):
        if demo_exists():
            self.stdout.write("Dữ liệu mẫu đã có, không tạo lại.")
            return
        # One transaction: the notifications of the last weeks' steps go out when it commits. The console
        # mailer of the demo would print each of their e-mails; they are kept out of this command's output.
        mails = io.StringIO()
        with contextlib.redirect_stdout(mails), transaction.atomic():
            demo = build_demo_province(seed=seed)
            tasks = build_demo_tasks(seed=seed)
            monitoring = build_demo_monitoring(seed=seed)
            ratings = build_demo_ratings(seed=seed)
        # as after the worker's nightly job: the board reads the rollups today (`dotpha.reports.rollups`)
        rebuild()
        if connection.vendor == "postgresql":
            # the planner's statistics of the tables just filled: without them the first pages of the demo
            # choose plans for empty tables (a count of 70 ms instead of 2)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã tạo tỉnh mẫu: {Unit.objects.count()} đơn vị, {Cadre.objects.count()} cán bộ."
            )
        )
        self.stdout.write(self.style.SUCCESS(tasks.summary()))
        self.stdout.write(self.style.SUCCESS(monitoring.summary()))
        self.stdout.write(self.style.SUCCESS(ratings.summary()))
        self.stdout.write(f"Tài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):")
        for username, role, unit in demo.accounts:
            self.stdout.write(f"  {username:<12} {role} — {unit}")
        for username, role, unit in tasks.accounts:
            self.stdout.write(f"  {username:<12} {role} — {unit}")
