"""Production: PostgreSQL through DATABASE_URL, served by gunicorn behind a TLS proxy."""

import ipaddress
import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("Đặt biến môi trường DJANGO_SECRET_KEY.")
if "DATABASE_URL" not in os.environ:
    raise ImproperlyConfigured("Đặt biến môi trường DATABASE_URL (postgres://...).")

# The demo loader writes a fictional province whose accounts share one published password: it has no place
# on a server with real people's data, so production does not install it (`load_demo` is unknown there).
INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "dotpha.demo"]  # noqa: F405

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The TLS proxy appends the client's address to X-Forwarded-For, so lockouts see the real client (README).
# The header is read only from a request whose socket peer is that proxy (on this machine by default):
# were gunicorn ever reachable directly, a forged header per attempt would otherwise dodge every limit.
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("DOTPHA_TRUSTED_PROXIES", "1"))
DOTPHA_TRUSTED_PROXY_ADDRESSES = os.environ.get("DOTPHA_TRUSTED_PROXY_ADDRESSES", "127.0.0.1,::1")
try:
    for _proxy in DOTPHA_TRUSTED_PROXY_ADDRESSES.split(","):
        if _proxy.strip():
            ipaddress.ip_network(_proxy.strip(), strict=False)
except ValueError as exc:
    raise ImproperlyConfigured(f"DOTPHA_TRUSTED_PROXY_ADDRESSES: {exc}") from exc
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

# The cache the public results pages are answered from (reports/views/public.py). Shared by the gunicorn
# workers through files under DOTPHA_VAR_DIR, not held in each worker's memory: withdrawing a publication
# changes the version every worker reads, so the page is gone at once in all of them.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": VAR_DIR / "cache",  # noqa: F405
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
    "figures": CACHES["figures"],  # noqa: F405
}
