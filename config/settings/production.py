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
# The proxy in front answers plain HTTP with a redirect too; this one covers a proxy that forwards it.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", True)  # noqa: F405
# HSTS for a year once the site has answered over HTTPS: the product is only ever served over TLS. Set
# DJANGO_HSTS_SECONDS=0 (or a short value) while trying a new domain out. Subdomains are included and the
# preload directive sent: browsers only act on preload for a domain its owner submits to their list.
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)  # noqa: F405
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)  # noqa: F405

if not os.environ.get("DJANGO_EMAIL_HOST"):
    # E-mail is optional (notifications are always in the app): none is sent, and none printed to the log.
    MAILERS = {"default": {"BACKEND": "dotpha.core.mail.UnsentMailBackend"}}
