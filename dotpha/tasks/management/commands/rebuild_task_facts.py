"""Recomputes every task's stored facts (`TaskFacts`) from the record: after a restore, a migration that
changed what they read, or a write that bypassed the services and their refresh."""

import time

from django.core.management.base import BaseCommand

from dotpha.tasks.facts import REBUILD_BATCH, rebuild_facts


class Command(BaseCommand):
    help = "Tính lại số liệu lưu sẵn của mọi việc (đơn vị tính, báo cáo gần nhất, hạn…) từ hồ sơ."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=REBUILD_BATCH, help="số việc mỗi lượt")

    def handle(self, *args, batch: int, **options):
        start = time.perf_counter()
        count = rebuild_facts(batch)
        self.stdout.write(f"Đã tính lại số liệu của {count:,} việc sau {time.perf_counter() - start:.1f} s.")
