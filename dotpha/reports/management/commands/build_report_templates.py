"""Rebuilds the default Word templates under dotpha/reports/docx_templates/ (committed with the code)."""

from django.core.management.base import BaseCommand

from dotpha.reports.exports.docx_template import build_annual_report


class Command(BaseCommand):
    help = "Tạo lại các mẫu báo cáo Word mặc định (dotpha/reports/docx_templates/)."

    def handle(self, *args, **options):
        path = build_annual_report()
        self.stdout.write(self.style.SUCCESS(f"Đã tạo {path}"))
