"""`make run`: the product on an embedded SQLite database under var/."""

import os

from .base import *  # noqa: F403

DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "local-only-not-secret-0b9f3c1e7a"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Served from the source folders by whitenoise; `collectstatic` is for production only.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
