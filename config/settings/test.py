"""Tests: SQLite in memory unless DATABASE_URL names a PostgreSQL server."""

import os

import dj_database_url

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"
DEBUG = False
if "DATABASE_URL" in os.environ:
    DATABASES = {"default": dj_database_url.config()}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
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
