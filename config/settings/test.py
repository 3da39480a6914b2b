"""Tests: SQLite in memory unless DATABASE_URL names a PostgreSQL server."""

from .base import *  # noqa: F403
from .database import database

SECRET_KEY = "test-only-not-secret"
DEBUG = False
DATABASES = {"default": database("sqlite://:memory:")}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
LANGUAGE_CODE = "vi"
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
# Jobs are stored, not run, so tests can assert what was enqueued.
TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
# The board's sums are kept only after the writers' transactions commit, which a test's never does: tests
# read them fresh, but those of the cache itself (reports/tests/test_figures_cache.py).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "figures": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}
