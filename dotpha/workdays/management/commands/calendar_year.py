"""Builds (or rebuilds) the working-day calendar of one or more years: `manage.py calendar_year 2036`."""

from django.core.management.base import BaseCommand
from django.db import transaction

from dotpha.workdays.build import rebuild_years
from dotpha.workdays.models import NonWorkingDay


class Command(BaseCommand):
    help = "Lập (hoặc lập lại) lịch ngày làm việc của các năm đã cho, từ quy định và các thay đổi đã nhập."

    def add_arguments(self, parser):
        parser.add_argument("years", nargs="+", type=int)

    def handle(self, *args, years: list[int], **options):
        for year in years:
            if not 1900 < year < 2200:
                self.stderr.write(f"Năm {year} không hợp lệ.")
                return
        with transaction.atomic():
            rebuild_years(years)
        for year in sorted(set(years)):
            count = NonWorkingDay.objects.filter(day__year=year).count()
            self.stdout.write(f"Năm {year}: {count} ngày nghỉ.")
