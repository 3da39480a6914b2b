"""The cost of one login's password check on this machine: Django's default PBKDF2 against the product's
Argon2id (dotpha/accounts/hashers.py), N hashes each, as seconds per hash and their ratio. Not a test; part
of `make bench`.

    python manage.py bench_login --rounds 5
"""

import time

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.management.base import BaseCommand

from dotpha.accounts.hashers import Argon2idHasher


def seconds_per_hash(hasher, rounds: int) -> float:
    salt = hasher.salt()
    start = time.perf_counter()
    for _ in range(rounds):
        hasher.encode("Mat-khau-do-dai-2026", salt)
    return (time.perf_counter() - start) / rounds


class Command(BaseCommand):
    help = "Đo thời gian kiểm tra mật khẩu: PBKDF2 mặc định của Django so với Argon2id của sản phẩm."

    def add_arguments(self, parser):
        parser.add_argument("--rounds", type=int, default=5)

    def handle(self, *args, rounds: int, **options):
        pbkdf2 = seconds_per_hash(PBKDF2PasswordHasher(), rounds)
        argon2 = seconds_per_hash(Argon2idHasher(), rounds)
        hasher = Argon2idHasher
        self.stdout.write(
            f"PBKDF2-SHA256 ({PBKDF2PasswordHasher.iterations:,} vòng): {pbkdf2 * 1000:.0f} ms/lần\n"
            f"Argon2id (t={hasher.time_cost}, m={hasher.memory_cost // 1024} MiB, p={hasher.parallelism}): "
            f"{argon2 * 1000:.0f} ms/lần\n"
            f"Tỷ lệ PBKDF2 / Argon2id: {pbkdf2 / argon2:.1f}×"
        )
