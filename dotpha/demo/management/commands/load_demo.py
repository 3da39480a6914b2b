from django.core.management.base import BaseCommand

from dotpha.demo.province import DEMO_PASSWORD, build_demo_province, demo_exists
from dotpha.org.models import Cadre, Unit


class Command(BaseCommand):
    help = "Tạo tỉnh mẫu Hòa Sơn (đơn vị, cán bộ, tài khoản mẫu) nếu chưa có."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2025)

    def handle(self, *args, seed: int, **options):
        if demo_exists():
            self.stdout.write("Dữ liệu mẫu đã có, không tạo lại.")
            return
        demo = build_demo_province(seed=seed)
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã tạo tỉnh mẫu: {Unit.objects.count()} đơn vị, {Cadre.objects.count()} cán bộ."
            )
        )
        self.stdout.write(f"Tài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):")
        for username, role, unit in demo.accounts:
            self.stdout.write(f"  {username:<12} {role} — {unit}")
