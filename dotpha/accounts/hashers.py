"""The password hasher the product stores new hashes with: Argon2id, at a cost measured for the server.

Django's default, PBKDF2 at 1,500,000 iterations, costs about 1.5 s of a CPU per login on the 2-CPU machines
the product is measured on (`manage.py bench_login`); a morning's logins of a province then queue behind each
other. Argon2id (RFC 9106, the password-hashing competition's winner) is memory-hard, so a cheaper time cost
does not make guessing cheaper on GPUs. The parameters are RFC 9106's second recommended option (t = 3,
m = 64 MiB) with one lane, since the server's CPUs already serve other requests in parallel: about 0.25 s
per login here, 64 MiB while it runs. Hashes stored with PBKDF2 are still accepted and are rehashed with
Argon2id at the person's next login (Django does it when the preferred hasher differs).
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    time_cost = 3
    memory_cost = 64 * 1024  # KiB
    parallelism = 1
