"""Lanzarote Monitor settings: one file, driven by environment variables.

Every variable read here is documented in docs/configuration.md; a test checks that.
"""

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off", "")


def envbool(name: str, default: str) -> bool:
    """A yes/no setting. A value that is neither is refused at start, naming the variable: a
    mistyped ``SECURE_COOKIES=ture`` must not quietly mean "no"."""
    value = os.getenv(name, default).strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={os.getenv(name)!r} is not a yes/no value: use one of "
        f"{', '.join(TRUE_WORDS)} or {', '.join(w for w in FALSE_WORDS if w)}."
    )


def envint(name: str, default: str) -> int:
    value = os.getenv(name, default).strip()
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.getenv("LANZAROTE_DATA_DIR", "var")).resolve()

DEBUG = envbool("LANZAROTE_DEBUG", "0")


def _secret_key() -> str:
    """SECRET_KEY from the environment, or one generated once and kept in the data folder."""
    if key := os.getenv("SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    from django.core.management.utils import get_random_secret_key

    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = get_random_secret_key()
    path.write_text(key)
    path.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.getenv("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # serves its vendored Swagger UI at /api/docs (no CDN)
    "django_tasks_db",
    "axes",
    "lanzarote.audit",
    "lanzarote.accounts",
    "lanzarote.treaties",
    "lanzarote.parties",
    "lanzarote.committee",
    "lanzarote.legislation",
    "lanzarote.monitoring",
    "lanzarote.replies",
    "lanzarote.assessments",
    "lanzarote.recommendations",
    "lanzarote.cooperation",
    "lanzarote.reports",
    "lanzarote.search",
    "lanzarote.core",
]

MIDDLEWARE = [
    # First: every log line of a request carries its id (X-Request-ID, echoed in the response).
    "lanzarote.lib.logs.request_id_middleware",
    "django.middleware.security.SecurityMiddleware",
    "lanzarote.core.cache_control.page_methods_only",  # GET, HEAD, POST; anything else 405
    # A request met by a full disk or an unreachable database answers 503 in words, logged.
    "lanzarote.core.middleware.DiskFullMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "lanzarote.core.middleware.null_characters_refused",  # 400/422, never PostgreSQL's 500
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lanzarote.core.cache_control.signed_in_no_store",  # nothing signed-in is kept in a cache
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # A service's refusal its view does not handle: 409 for a conflict, 422 otherwise.
    "lanzarote.core.middleware.ServiceErrorMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into a clear 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lanzarote.urls"
WSGI_APPLICATION = "lanzarote.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "lanzarote.core.context_processors.site",
            ],
        },
    },
]

# SQLite in the data folder by default (WAL, so readers never wait for the writer);
# DATABASE_URL switches to PostgreSQL.
if database_url := os.getenv("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(database_url, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "lanzarote.sqlite3"),
            # Kept open between requests, as PostgreSQL's: opening one (and its PRAGMAs) cost a
            # signed-in request more than the rest of a minimal view (benchmarks/load.py:
            # 31 -> 51-59 requests/s for the signed-in minimal view, 16 clients).
            "CONN_MAX_AGE": 60,
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Parts of pages whose data has not changed (lanzarote/lib/pagecache.py): a folder of files, so
# that every process of the machine (the web server's workers, the task worker, the commands)
# shares what one renders and sees the versions another's writes bump; no server to run.
# Local memory would be per process: a write in one worker would leave the other serving the
# old page. "off" turns it off (the default with LANZAROTE_DEBUG, where templates change).
PAGE_CACHE = os.getenv("LANZAROTE_PAGE_CACHE", "off" if DEBUG else str(DATA_DIR / "cache"))
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": (
        {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
        if PAGE_CACHE == "off"
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": PAGE_CACHE,
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    ),
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # the project's named permissions from the user's role (apps below accounts ask has_perm)
    "lanzarote.accounts.backends.RoleBackend",
    # ModelBackend, the user read with their profile (one query a signed-in request less)
    "lanzarote.accounts.backends.ProfileModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling (accounts/throttle.py): after this many failures for one user name from one
# client address, that pair is locked for an hour; failures for a name from any address slow
# it down with a growing delay; the owner is e-mailed a link that lets them in at once.
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "lanzarote.accounts.throttle.client_address"
AXES_WHITELIST_CALLABLE = "lanzarote.accounts.throttle.is_unlocked"
AXES_LOCKOUT_CALLABLE = "lanzarote.accounts.views.locked_out"
# Proxies in front that append the client's address to X-Forwarded-For (0: none, trust no header).
LANZAROTE_TRUSTED_PROXY = envint("LANZAROTE_TRUSTED_PROXY", "0")
LOGIN_DELAY_MAX_SECONDS = envint("LOGIN_DELAY_MAX_SECONDS", "300")
LOGIN_UNLOCK_LINK_SECONDS = 3600
LOGIN_MAIL_INTERVAL_SECONDS = 15 * 60  # at most one unlock or reset e-mail per account so often
PASSWORD_RESET_PER_ADDRESS = 5  # requests per hour from one client address

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["lanzarote.formats"]  # one date format per language (lanzarote/formats)
USE_I18N = True
TIME_ZONE = "Europe/Paris"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "files"
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Stored files (reply documents, acts, meeting documents, publications) go to S3-compatible object
# storage through django-storages when a bucket is named; credentials come from boto3's usual
# places (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or the machine's role). Static files stay
# with the app (WhiteNoise).


def s3_storage(*, bucket: str, endpoint_url: str | None, region: str | None, prefix: str) -> dict:
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            "region_name": region or None,
            "location": prefix.strip("/"),
            # names are content hashes or versioned: a write to a name is that name's content
            "file_overwrite": True,
            "default_acl": None,  # the bucket's own (keep it private: the app serves the files)
        },
    }


if S3_BUCKET := os.getenv("LANZAROTE_S3_BUCKET", "").strip():
    STORAGES["default"] = s3_storage(
        bucket=S3_BUCKET,
        endpoint_url=os.getenv("LANZAROTE_S3_ENDPOINT_URL"),
        region=os.getenv("LANZAROTE_S3_REGION"),
        prefix=os.getenv("LANZAROTE_S3_PREFIX", ""),
    )
# Tests and `lanzarote serve` before collectstatic still find files in the apps.
WHITENOISE_USE_FINDERS = True

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "my_work"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 7 * 24 * 3600  # an invitation link is valid for a week, and works once
LANZAROTE_MAX_UPLOAD_MB = envint("LANZAROTE_MAX_UPLOAD_MB", "50")
LANZAROTE_MAX_PAGES = envint("LANZAROTE_MAX_PAGES", "2000")
# The work of one document is bounded (docs/documents.md): a longer document is read up to the
# first limit it reaches, and its page says so.
LANZAROTE_MAX_CHARACTERS = envint("LANZAROTE_MAX_CHARACTERS", "3000000")
LANZAROTE_MAX_PASSAGES = envint("LANZAROTE_MAX_PASSAGES", "6000")
LANZAROTE_READ_SECONDS = envint("LANZAROTE_READ_SECONDS", "60")
# Multilingual embeddings of passages (cross-language search, machine assistance), computed in
# the background after a document is read. 0 turns them off (full-text search still works).
LANZAROTE_EMBEDDINGS = envbool("LANZAROTE_EMBEDDINGS", "1")

# The treaty the menu links to, the demonstration is built on and `import_status` imports to
# unless told otherwise (its data folder's code: lanzarote/data/<code>/).
LANZAROTE_TREATY = os.getenv("LANZAROTE_TREATY", "cets201")

# Background work: Django's tasks framework on the database (django-tasks-db); `lanzarote up`
# starts a worker beside the web server, `lanzarote worker` runs one on its own.
TASKS = {
    "default": {
        "BACKEND": os.getenv("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# Finished task results (successful or failed) are deleted by the worker after this many days.
LANZAROTE_TASK_RESULTS_DAYS = envint("LANZAROTE_TASK_RESULTS_DAYS", "14")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Security: deny by default.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "0")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "0")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0")
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_TLS_PROXY", "0") else None
)
X_FRAME_OPTIONS = "DENY"
# Content Security Policy: no inline script, no third-party origin.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# E-mail goes to the console unless EMAIL_BACKEND names another backend; SMTP reads EMAIL_HOST,
# EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD and EMAIL_USE_TLS.
EMAIL_BACKEND_PATH = os.getenv("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
MAILERS: dict[str, dict[str, object]] = {"default": {"BACKEND": EMAIL_BACKEND_PATH}}
if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": os.getenv("EMAIL_HOST", "localhost"),
        "port": envint("EMAIL_PORT", "587"),
        "username": os.getenv("EMAIL_HOST_USER", ""),
        "password": os.getenv("EMAIL_HOST_PASSWORD", ""),
        "use_tls": envbool("EMAIL_USE_TLS", "1"),
    }
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "lanzarote-monitor@localhost")

# Logs go to standard error, each line with the id of the request it was written for; LOG_FORMAT
# json writes JSON lines (lib/logs.py). LOG_LEVEL INFO adds one access line a request.
LOG_FORMAT = os.getenv("LOG_FORMAT", "text").strip().lower()
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r}: use text or json.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "lanzarote.lib.logs.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "lanzarote.lib.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "WARNING")},
}

# /healthz answers 503 when the oldest task ready to run has waited longer than this (no worker
# takes the queue), or the data folder's disk has less free space than this.
LANZAROTE_HEALTH_QUEUE_SECONDS = envint("LANZAROTE_HEALTH_QUEUE_SECONDS", "900")
LANZAROTE_HEALTH_MIN_FREE_MB = envint("LANZAROTE_HEALTH_MIN_FREE_MB", "500")
# A load balancer probes /healthz over plain HTTP, by address.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

NINJA_PAGINATION_PER_PAGE = 100
NINJA_PAGINATION_MAX_LIMIT = 1000
NINJA_PAGINATION_CLASS = "lanzarote.lib.pagination.BoundedLimitOffset"
