import contextlib
import io

from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import NoReverseMatch

from dotpha.demo.province import DEMO_PASSWORD, build_demo_province, demo_exists
from dotpha.demo.tasks import build_demo_tasks
from dotpha.org.models import Cadre, Unit


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
        built: dict = {}
        try:
            with contextlib.redirect_stdout(mails), transaction.atomic():
                built["demo"] = build_demo_province(seed=seed)
                built["tasks"] = build_demo_tasks(seed=seed)
        except NoReverseMatch as exc:
            if len(built) < 2:
                raise
            # the data is committed; a page the notifications link to is not wired yet
            self.stderr.write(f"Chưa gửi được thông báo của dữ liệu mẫu: {exc}")
        demo, tasks = built["demo"], built["tasks"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã tạo tỉnh mẫu: {Unit.objects.count()} đơn vị, {Cadre.objects.count()} cán bộ."
            )
        )
        self.stdout.write(self.style.SUCCESS(tasks.summary()))
        self.stdout.write(f"Tài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):")
        for username, role, unit in demo.accounts:
            self.stdout.write(f"  {username:<12} {role} — {unit}")
        for username, role, unit in tasks.accounts:
            self.stdout.write(f"  {username:<12} {role} — {unit}")
