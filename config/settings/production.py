"""Production: PostgreSQL through DATABASE_URL, served by gunicorn behind a TLS proxy."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("Đặt biến môi trường DJANGO_SECRET_KEY.")
if "DATABASE_URL" not in os.environ:
    raise ImproperlyConfigured("Đặt biến môi trường DATABASE_URL (postgres://...).")

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The TLS proxy appends the client's address to X-Forwarded-For, so lockouts see the real client (README).
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("DOTPHA_TRUSTED_PROXIES", "1"))
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0"))
