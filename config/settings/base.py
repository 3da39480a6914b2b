"""Settings shared by every environment. Secrets and URLs come from the environment only."""

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from .database import databases

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("DOTPHA_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "dotpha.core",
    "dotpha.core.admin_apps.DotphaAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "treebeard",
    "simple_history",
    "axes",
    "django_tasks_db",
    "ninja",
    "dotpha.org",
    "dotpha.structure",
    "dotpha.accounts",
    "dotpha.workdays",
    "dotpha.audit",
    "dotpha.programmes",
    "dotpha.tasks",
    "dotpha.notifications",
    "dotpha.reports",
    "dotpha.ratings",
    "dotpha.monitoring",
    "dotpha.imports",
    "dotpha.api",
    "dotpha.demo",
]

MIDDLEWARE = [
    # First, so a database outage anywhere below is answered 503 in the product's shape (see its module).
    "dotpha.core.outage.DatabaseOutageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "dotpha.core.locale.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "dotpha.accounts.middleware.IdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "dotpha.accounts.middleware.ForcedPasswordChangeMiddleware",
    # Axes must be last: it turns a locked-out request into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "dotpha" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dotpha.core.navigation.navigation",
                "dotpha.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

DATABASES = databases(f"sqlite:///{VAR_DIR / 'dotpha.sqlite3'}")
DATABASE_ROUTERS = ["dotpha.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# An index's INCLUDE columns (PostgreSQL's covering indexes, as the approval queue's) are left out on SQLite,
# where the same index still serves by its key: expected, not a fault of the model.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_USER_MODEL = "accounts.User"
# New hashes with Argon2id at a measured cost (dotpha/accounts/hashers.py); PBKDF2 hashes still verify and
# are upgraded at the next login.
PASSWORD_HASHERS = [
    "dotpha.accounts.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Production accounts' passwords (the demo's shared one is set by load_demo without these rules).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "dotpha.accounts.password_rules.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "dotpha.accounts.password_rules.CommonPasswordValidator"},
    {"NAME": "dotpha.accounts.password_rules.NumericPasswordValidator"},
    {"NAME": "dotpha.accounts.password_rules.UserAttributeSimilarityValidator"},
    {"NAME": "dotpha.accounts.password_rules.NoNameValidator"},
    {"NAME": "dotpha.accounts.password_rules.PasswordHistoryValidator"},
]

# Idle timeout: a signed-in person's session is renewed while they are active (at most once a minute, by
# dotpha.accounts.middleware.IdleTimeoutMiddleware), so it expires after this much inactivity.
SESSION_COOKIE_AGE = int(os.environ.get("DOTPHA_SESSION_IDLE_MINUTES", "15")) * 60
SESSION_ENGINE = "dotpha.accounts.sessions"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Lockout after 5 failed logins (level-3 information-system rules, Circular 12/2022), counted per login name
# AND client address: the attacker's address is stopped for that name, the owner still signs in from theirs.
# Names are folded (spaces, full-width forms) before counting, as before signing in.
AXES_FAILURE_LIMIT = int(os.environ.get("DOTPHA_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("DOTPHA_LOCKOUT_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "dotpha.accounts.login_names.lockout_username"
AXES_HANDLER = "dotpha.accounts.lockout.LockoutHandler"
# One address failing this often, over any names, within the cool-off is stopped for all names (password
# spraying); high because an office shares one NAT address. 0 turns it off. See dotpha/accounts/lockout.py.
DOTPHA_LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("DOTPHA_LOGIN_ADDRESS_FAILURE_LIMIT", "50"))
# The client's address: REMOTE_ADDR unless behind this many trusted reverse proxies that append to
# X-Forwarded-For (production sets 1, the TLS proxy); never read the header without one, and read it only
# from a request whose socket peer is one of DOTPHA_TRUSTED_PROXY_ADDRESSES (addresses or CIDRs, comma-
# separated; production: the local proxy). IPv6 clients are counted by their /64.
AXES_CLIENT_IP_CALLABLE = "dotpha.accounts.lockout.client_address"
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("DOTPHA_TRUSTED_PROXIES", "0"))
DOTPHA_TRUSTED_PROXY_ADDRESSES = os.environ.get("DOTPHA_TRUSTED_PROXY_ADDRESSES", "")
AXES_LOCKOUT_CALLABLE = "dotpha.accounts.lockout.lockout_response"  # registration/locked_out.html
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "dotpha" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Selects written in Python: see dotpha/core/form_renderer.py.
FORM_RENDERER = "dotpha.core.form_renderer.FormRenderer"

# Django's vi locale has no DATE_INPUT_FORMATS: without ours "05/03/2026" would be read as 3 May.
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATIC_ROOT: Path | None = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "dotpha" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Without DJANGO_EMAIL_HOST, mail is printed to the console (the demo); with it, sent by SMTP.
if os.environ.get("DJANGO_EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["DJANGO_EMAIL_HOST"],
                "port": int(os.environ.get("DJANGO_EMAIL_PORT", "587")),
                "username": os.environ.get("DJANGO_EMAIL_USER", ""),
                "password": os.environ.get("DJANGO_EMAIL_PASSWORD", ""),
                "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", True),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "dotpha@localhost")
# The address people open the product at (https://dotpha.example.gov.vn): the links of the daily digest,
# written by the worker outside any request, start with it. Empty: the links are paths only.
DOTPHA_SITE_URL = os.environ.get("DOTPHA_SITE_URL", "").rstrip("/")

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
# Reads of personal data (cadre profiles, exports) are kept this many days; 90 (3 months) at the least.
DOTPHA_READ_LOG_DAYS = int(os.environ.get("DOTPHA_READ_LOG_DAYS", "90"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

APP_NAME = _("Đột phá")

# Background work: reminders, long imports and exports. `manage.py db_worker` runs what is queued.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# "figures": the statistics board's sums as read from the rollups, in each worker's memory, under the rollups'
# version (`dotpha.reports.selectors.rolled.cached_facts`); at a million tasks an entry is about 525 KB.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "figures": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "figures",
        "TIMEOUT": 600,
        "OPTIONS": {"MAX_ENTRIES": 30},
    },
}

# Imports (issue 11, #6): what an uploaded .xlsx may unpack to, checked from the zip's directory before
# anything is unpacked, and the ceilings of the child process that reads it.
DOTPHA_IMPORT_MAX_UNPACKED_BYTES = int(os.environ.get("DOTPHA_IMPORT_MAX_UNPACKED_BYTES", 50 * 1024 * 1024))
DOTPHA_IMPORT_MAX_ARCHIVE_MEMBERS = 1000
DOTPHA_IMPORT_MAX_COMPRESSION_RATIO = 200
DOTPHA_IMPORT_PARSE_MEMORY_BYTES = int(os.environ.get("DOTPHA_IMPORT_PARSE_MEMORY_BYTES", 512 * 1024 * 1024))
DOTPHA_IMPORT_PARSE_SECONDS = 60
# A task list of more rows is committed by the worker, with a progress page (issue 18); up to this many
# rows it is written in the request, so a small file needs no worker.
DOTPHA_IMPORT_INLINE_ROWS = 500

# Evidence files of one progress report (issue 11, #10): how many, and how much together.
DOTPHA_EVIDENCE_MAX_FILES = 10
DOTPHA_EVIDENCE_MAX_REPORT_BYTES = 25 * 1024 * 1024
