"""casemgmt settings.

The embedded default needs no environment variables at all: SQLite, local media folder, background
work inline. Production and scale are configured by the variables listed in the README.
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from casemgmt.env import envbool, envint, envlist
from casemgmt.files.config import storages_from_env

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", "true")
SECRET_KEY = os.getenv("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false")
    SECRET_KEY = "embedded-demo-only-not-secret"  # noqa: S105 - demo default, refused when DEBUG=false

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_celery_beat",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI / Redoc assets served locally, no CDN
    "guardian",
    "simple_history",
    "viewflow",
    "viewflow.workflow",
    "casemgmt.legalcal",
    "casemgmt.org",
    "casemgmt.jobs",
    "casemgmt.cases",
    "casemgmt.powers",
    "casemgmt.discretion",
    "documents",
    "casemgmt.archive",
    "casemgmt.evaluation",
    "casemgmt.supervision",
    "casemgmt.acts",
    "casemgmt.api",
    "casemgmt.web",
    "casemgmt.ops",
    "workflows",
    "casemgmt.demo",
]

MIDDLEWARE = [
    # Outermost: the request id is set before anything logs and reaches every response.
    "casemgmt.ops.requestid.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A view that cannot reach the database answers 503 in Chinese (JSON for the API), not an English 500.
    "casemgmt.ops.dbdown.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "casemgmt.urls"
WSGI_APPLICATION = "casemgmt.wsgi.application"
ASGI_APPLICATION = "casemgmt.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "casemgmt.legalcal.notices.calendar_notice",
                "casemgmt.web.nav.navigation",
            ],
        },
    },
]

DATA_DIR = Path(os.getenv("DATA_DIR", BASE_DIR / "var"))

# DATABASE_URL switches to PostgreSQL (postgres://user@host:5432/name); the default is embedded SQLite.
# Connections persist for DB_CONN_MAX_AGE seconds (one per gunicorn thread; 0 = a new connection per request)
# and are checked before reuse (DB_CONN_HEALTH_CHECKS), so a restarted database costs one retry, not errors.
# Measured (docs/benchmarks.md, "Serving: worker model and database connections"): with gunicorn gthread 2 x 8 a
# kept connection served the case list at 2.0x and the case detail at 1.24x the req/s of a new connection per
# request. psycopg's pool (Django 5.2 OPTIONS["pool"]) needs psycopg-pool, which is not installed: not measured.
DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL", f"sqlite:///{DATA_DIR / 'casemgmt.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", "60"),
        conn_health_checks=envbool("DB_CONN_HEALTH_CHECKS", "true"),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {})
    # Wait for a concurrent writer instead of failing at once with "database is locked".
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Test databases in UTF-8 whatever template1's encoding is (Chinese text everywhere).
    DATABASES["default"]["TEST"] = {"TEMPLATE": "template0", "CHARSET": "UTF8"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "casemgmt.accounts.passwords.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", DATA_DIR / "media"))
# Files (evidence, issued PDFs, signed receipts, case files): MEDIA_ROOT by default; FILE_STORAGE=s3 (or S3_BUCKET
# set) keeps them in an S3-compatible bucket (S3_ENDPOINT_URL, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY,
# S3_ADDRESSING_STYLE, S3_PREFIX, S3_CA_BUNDLE; see casemgmt/files/config.py and the README).
STORAGES = storages_from_env()

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "login"

# Uploads: evidence files. Size in bytes; types by extension and sniffed content.
EVIDENCE_MAX_BYTES = envint("EVIDENCE_MAX_BYTES", str(50 * 1024 * 1024))
FILE_UPLOAD_PERMISSIONS = 0o640

# Event log anchors (全过程记录): the append-only file that repeats every daily anchor outside the database, and
# the HMAC key of the anchors (empty: derived from SECRET_KEY; a dedicated key lets SECRET_KEY rotate).
EVENTLOG_ANCHOR_FILE = Path(os.getenv("EVENTLOG_ANCHOR_FILE", DATA_DIR / "eventlog-anchors.jsonl"))
EVENTLOG_ANCHOR_KEY = os.getenv("EVENTLOG_ANCHOR_KEY", "")

# Enforcement documents: the CJK TrueType font embedded in every PDF (empty: search the known Debian paths,
# fonts-arphic-uming first), and the public address printed in the verification QR code.
DOCUMENT_FONT_PATH = os.getenv("DOCUMENT_FONT_PATH", "")
DOCUMENT_VERIFY_BASE_URL = os.getenv("DOCUMENT_VERIFY_BASE_URL", "http://127.0.0.1:8000")
# Case files: an image (evidence photo, scanned receipt) above this many pixels is refused before it is decoded
# (a note in the 备考表 names it and its SHA-256); smaller ones are reduced to page resolution.
CASEFILE_IMAGE_MAX_PIXELS = envint("CASEFILE_IMAGE_MAX_PIXELS", str(40_000_000))

# Background jobs (casemgmt.jobs). CELERY_BROKER_URL (Redis, e.g. redis://127.0.0.1:6379/0) moves them to Celery
# workers; unset, the same job code runs in-process: JOBS_INPROCESS "thread" (a started job runs in a background
# thread of the web process) or "sync" (in the caller; tests). A running job beats every JOBS_STALE_AFTER/6 s;
# after JOBS_STALE_AFTER seconds without a beat its worker is taken as dead: the job fails and its lock is released.
# A job still queued after JOBS_QUEUED_STALE_AFTER seconds (no worker running) is cancelled the same way.
CELERY_BROKER_URL = os.getenv("CELERY_BROKER_URL", "").strip()
BACKGROUND_INLINE = not CELERY_BROKER_URL
JOBS_INPROCESS = os.getenv("JOBS_INPROCESS", "thread").strip()
if JOBS_INPROCESS not in ("thread", "sync"):
    raise ImproperlyConfigured(f"JOBS_INPROCESS must be thread or sync, got {JOBS_INPROCESS!r}")
JOBS_THREADS = envint("JOBS_THREADS", "2")
JOBS_STALE_AFTER = envint("JOBS_STALE_AFTER", "180")
JOBS_QUEUED_STALE_AFTER = envint("JOBS_QUEUED_STALE_AFTER", "1800")
CELERY_TASK_ACKS_LATE = True  # a task is acknowledged when it ends: a killed worker's task is delivered again
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # long jobs: a worker holds one task at a time
CELERY_TASK_IGNORE_RESULT = True  # state lives in the Job row, no result backend
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# visibility_timeout: a task taken by a worker that vanished without a word is delivered again after this long.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": envint("CELERY_VISIBILITY_TIMEOUT", "3600"),
    "socket_connect_timeout": 3,
    "socket_timeout": 10,
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE

# Search: the embedded full-text index in the database by default; ELASTICSEARCH_URL switches to Elasticsearch
# (ELASTICSEARCH_INDEX names the alias the application reads; each rebuild creates a new index behind it).
ELASTICSEARCH_URL = os.getenv("ELASTICSEARCH_URL", "").strip()
ELASTICSEARCH_INDEX = os.getenv("ELASTICSEARCH_INDEX", "casemgmt-cases").strip()

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Devices and integrators: ``Authorization: Token <key>`` (or Bearer). First, so an unauthenticated call
        # gets 401 with ``WWW-Authenticate: Token``. No Basic auth: it hashes the password (350 ms) on every call.
        "casemgmt.api.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "casemgmt.api.schema.ErrorsAutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "casemgmt.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "casemgmt API",
    "DESCRIPTION": "乡镇综合行政执法案件办理 JSON API",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Many models have a "kind" field with different choices: name each enum after its choices class.
    "ENUM_NAME_OVERRIDES": {
        f"{name}Enum": f"casemgmt.cases.models.{name}"
        for name in (
            "PartyKind",
            "RecordKind",
            "MeasureKind",
            "SuspensionKind",
            "ReviewKind",
            "StatementKind",
            "DecisionKind",
            "PaymentKind",
            "RemedyKind",
            "RemedyResult",
            "ReviewResult",
            "PenaltyType",
        )
    }
    | {
        # Several models have a "status" field with different choices.
        "CaseStatusEnum": "casemgmt.cases.models.CaseStatus",
        # The penalties of the summary procedure are a subset of PenaltyType.
        "SummaryPenaltyTypeEnum": "casemgmt.cases.models.penalty.SUMMARY_PENALTY_CHOICES",
        "TransferStatusEnum": "casemgmt.powers.models.TransferStatus",
        "ReferralStatusEnum": "casemgmt.powers.models.ReferralStatus",
        "DocumentStatusEnum": "documents.models.DocumentStatus",
    },
}

VIEWFLOW = {}

# Production hardening: on when DEBUG is false (manage.py check --deploy passes with the README's variables).
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "false" if DEBUG else "true")
# Load balancers probe the instances over plain HTTP: the health endpoints answer there too.
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"

# Logs go to stderr, each record with the request id (X-Request-ID from the proxy, or generated). LOG_FORMAT=json
# writes one JSON object per line for a log collector; plain text stays the default for development.
LOG_FORMAT = os.getenv("LOG_FORMAT", "text").strip().lower()
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, got {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "casemgmt.ops.requestid.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "json_ensure_ascii": False,
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": LOG_FORMAT},
    },
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "WARNING")},
}

# --- Backup and restore (issue 15) ---
# Recorded in each backup's manifest.json; empty: the git commit of the checkout, when there is one.
APP_VERSION = os.getenv("APP_VERSION", "").strip()

# --- Uploads (issue 15) ---
# Evidence and signed-receipt uploads are typed by their content (casemgmt.files.uploads). EVIDENCE_MAX_BYTES above
# stays the overall cap; each kind of file has its own limit below it (a video above EVIDENCE_MAX_BYTES needs that
# raised too). A ZIP-based file (DOCX, XLSX, OFD) whose entries unpack to more than EVIDENCE_ZIP_MAX_UNPACKED_BYTES
# is refused as a ZIP bomb; an image above EVIDENCE_IMAGE_MAX_PIXELS is refused from its header, before decoding.
EVIDENCE_IMAGE_MAX_BYTES = envint("EVIDENCE_IMAGE_MAX_BYTES", str(20 * 1024 * 1024))
EVIDENCE_DOCUMENT_MAX_BYTES = envint("EVIDENCE_DOCUMENT_MAX_BYTES", str(50 * 1024 * 1024))
EVIDENCE_AUDIO_MAX_BYTES = envint("EVIDENCE_AUDIO_MAX_BYTES", str(50 * 1024 * 1024))
EVIDENCE_VIDEO_MAX_BYTES = envint("EVIDENCE_VIDEO_MAX_BYTES", str(500 * 1024 * 1024))
EVIDENCE_ZIP_MAX_UNPACKED_BYTES = envint("EVIDENCE_ZIP_MAX_UNPACKED_BYTES", str(200 * 1024 * 1024))
EVIDENCE_IMAGE_MAX_PIXELS = envint("EVIDENCE_IMAGE_MAX_PIXELS", str(100_000_000))

# --- Headers and caching (issue 15) ---
# Content-Security-Policy (django-csp 4): our own scripts, styles and images only; no inline script, style attribute
# or eval anywhere (tests/security/test_inline_code.py keeps the templates so). The API's Swagger UI and Redoc pages
# relax it for themselves only (casemgmt/api/urls.py). Error pages and no-store: casemgmt/ops/errorpages.py, headers.py.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
_after_security = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1
MIDDLEWARE[_after_security:_after_security] = [
    "casemgmt.ops.headers.NoStoreMiddleware",
    # Under /api/ an HTML error (Django's debug 404/500 pages included) becomes the API's JSON error.
    "casemgmt.ops.errorpages.ApiErrorJsonMiddleware",
    # django-csp's CSPMiddleware; PDFs may be shown by the browser's viewer in a same-origin frame.
    "casemgmt.ops.headers.PolicyMiddleware",
]
CSRF_FAILURE_VIEW = "casemgmt.ops.errorpages.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# No script reads the CSRF cookie: every form carries {% csrf_token %}, Swagger UI gets the token in its page.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# --- OpenAPI contract (issue 15) ---
# The schema and its Swagger/Redoc pages need a login or an API token (anonymous: 401 with WWW-Authenticate).
# Every logged-in user sees the whole contract (SERVE_PUBLIC), not only the operations their role may call.
# Request bodies get their own components, so a string that must not be blank is documented with minLength 1.
SPECTACULAR_SETTINGS |= {
    "SERVE_PUBLIC": True,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
}

# --- API input validation (issue 15) ---
# A JSON body must be an object, and a bad page or page size is a 400 in Chinese (not silently the default).
REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"] = [
    "casemgmt.api.parsers.ObjectJSONParser",
    "rest_framework.parsers.FormParser",
    "rest_framework.parsers.MultiPartParser",
]
REST_FRAMEWORK["DEFAULT_PAGINATION_CLASS"] = "casemgmt.api.pagination.StrictPageNumberPagination"

# --- Accounts (issue 15) ---
# Login lockout and login history (django-axes): LOGIN_FAILURE_LIMIT failed logins lock the user name and the
# client address (each counted on its own) for LOGIN_LOCKOUT_MINUTES; an administrator unlocks on 登录记录 or in the
# admin. Behind TRUSTED_PROXY_COUNT reverse proxies the address is read from X-Forwarded-For (casemgmt.accounts.clientip).
INSTALLED_APPS += ["axes", "casemgmt.accounts"]
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", *AUTHENTICATION_BACKENDS]
# After sessions, auth and messages: the session clocks, then the forced password change; axes last (its docs).
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "casemgmt.accounts.sessions.SessionLifetimeMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("casemgmt.accounts.sessions.SessionLifetimeMiddleware") + 1,
    "casemgmt.accounts.middleware.PasswordChangeRequiredMiddleware",
)
MIDDLEWARE.append("axes.middleware.AxesMiddleware")
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = dt.timedelta(minutes=envint("LOGIN_LOCKOUT_MINUTES", "30"))
AXES_LOCKOUT_PARAMETERS = envlist("LOGIN_LOCKOUT_BY", "username,ip_address")
if not AXES_LOCKOUT_PARAMETERS or set(AXES_LOCKOUT_PARAMETERS) - {"username", "ip_address"}:
    raise ImproperlyConfigured(f"LOGIN_LOCKOUT_BY must name username and/or ip_address, got {AXES_LOCKOUT_PARAMETERS}")
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # every failed attempt is a row of the login history, not only a counter
AXES_LOCKOUT_CALLABLE = "casemgmt.accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "casemgmt.accounts.clientip.client_ip"
AXES_VERBOSE = False
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", "0")
# Passwords: at least PASSWORD_MIN_LENGTH characters, not like the user name or the officer's name, not a common
# password, not only digits (Django's messages, in Chinese).
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "casemgmt.accounts.passwords.OfficerSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "first_name", "last_name", "email")},
    },
    {
        "NAME": "casemgmt.accounts.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": envint("PASSWORD_MIN_LENGTH", "10")},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sessions end after SESSION_IDLE_TIMEOUT seconds without a request and SESSION_MAX_AGE seconds after login.
SESSION_IDLE_TIMEOUT = envint("SESSION_IDLE_TIMEOUT", str(30 * 60))
SESSION_MAX_AGE = envint("SESSION_MAX_AGE", str(12 * 3600))
SESSION_COOKIE_AGE = SESSION_MAX_AGE
# API rates per signed-in user, per API token and per anonymous address (DRF rate syntax: 120/min, 5000/hour).
REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = [
    "casemgmt.api.throttles.UserThrottle",
    "casemgmt.api.throttles.TokenThrottle",
    "casemgmt.api.throttles.AnonThrottle",
]
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {
    "user": os.getenv("API_THROTTLE_USER", "120/min"),
    "token": os.getenv("API_THROTTLE_TOKEN", "120/min"),
    "anon": os.getenv("API_THROTTLE_ANON", "30/min"),
}

# --- Clue intake from the 12345 hotline, the grid system and other agencies (issue 17) ---
# Platforms deliver clues to POST /api/intake/clues/ with tokens that may call nothing else (casemgmt.intake).
INSTALLED_APPS += ["casemgmt.intake"]
# 疑似重复: a delivered clue at the same place (same normalised address, or coordinates within this many metres) and
# of the same matter/案由 as a case still open that was discovered within this many days before it is flagged, never
# merged. Not statutory periods: working parameters of the brigade (a hotline's repeated complaints about one stall
# arrive within weeks; 50 m covers the spread of a phone's GPS fix around one shop front); set them here only.
INTAKE_DUPLICATE_WINDOW_DAYS = envint("INTAKE_DUPLICATE_WINDOW_DAYS", "30")
INTAKE_DUPLICATE_DISTANCE_M = envint("INTAKE_DUPLICATE_DISTANCE_M", "50")
# Attachments delivered with a clue (photos, PDF): at most this many, each at most this size (and within the
# evidence limits of casemgmt.files.uploads).
INTAKE_ATTACHMENT_MAX_COUNT = envint("INTAKE_ATTACHMENT_MAX_COUNT", "9")
INTAKE_ATTACHMENT_MAX_BYTES = envint("INTAKE_ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024))

# --- 双公示 disclosure export (issue 17) ---
INSTALLED_APPS.insert(INSTALLED_APPS.index("casemgmt.supervision") + 1, "casemgmt.disclosure")
