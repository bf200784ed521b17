"""Complete settings for every environment; production.py only hardens them.

Everything that varies comes from the environment through ``env`` and is listed in
``.env.example``. With nothing set, the product runs on SQLite with a Celery worker on
a filesystem broker, so ``make run`` needs no server.
"""

import secrets
from pathlib import Path
from urllib.parse import urlsplit

import environ
import plotly
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(environ.Env().str("VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")


def _development_secret_key() -> str:
    """A key generated on first run and kept in var/ (outside git)."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env.str("SECRET_KEY", default="") or _development_secret_key()
# Keys SECRET_KEY replaced, still accepted for what they signed (sessions, and the
# hashes of recovery codes) until they are dropped from the list (comma-separated).
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
DEBUG = env.bool("DEBUG", default=False)
# load_demo and other development-only tools refuse to run when this is "production".
ENVIRONMENT = "development"
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "coventry_pm.audit",
    "coventry_pm.accounts",
    "coventry_pm.core",
    "strategies",
    "scorecard",
    "appraisals",
    "reports",
    "performance",
    "hub",
    # The demo data and the seed commands; imported by no other app.
    "demo",
]

MIDDLEWARE = [
    # First, so every log line of a request carries its id (X-Request-ID).
    "coventry_pm.core.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "coventry_pm.core.middleware.SessionIdleTimeoutMiddleware",
    "coventry_pm.core.middleware.TwoFactorRequiredMiddleware",
    "coventry_pm.core.middleware.LoginRequiredByDefaultMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "config.navigation.navigation",
            ],
            # period_label for every template, unloaded: periods read "2025/26 Q2".
            "builtins": ["scorecard.templatetags.formats"],
        },
    },
]

# SQLite by default (WAL journal and a busy timeout, so the web server and the Celery
# worker can share it); DATABASE_URL selects PostgreSQL with persistent connections.
DATABASES = {
    "default": env.db(
        "DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'coventry_pm.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A database host that does not answer fails a request (503) within seconds
    # rather than holding a gunicorn worker.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env.int(
        "DATABASE_CONNECT_TIMEOUT", default=5
    )

# The live performance pages cache what they render, keyed by a fingerprint of the
# data (performance/cache.py). Unset: each process's own memory; CACHE_URL=redis://…
# shares one cache between processes.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {
        "NAME": f"{_VALIDATORS}.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# One date format where people read dates: "2 December 2026" (config/formats/en_GB).
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
# Plotly's JavaScript is served from the installed package, never from a CDN.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/plotly", Path(plotly.__file__).parent / "package_data"),
]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="performance@coventry.gov.uk"
)

# The address the error pages tell people to write to when a problem persists
# (empty: they are told to tell the insight team).
SUPPORT_EMAIL = env.str("SUPPORT_EMAIL", default="")

# The site's address, for links in emails and the report's PDF (built by
# coventry_pm.core.links.site_link). Set it in production; in development it is
# the address `make run` serves on (SITE_PORT, from PORT; 8000 unless set).
SITE_URL = env.str(
    "SITE_URL", default=f"http://127.0.0.1:{env.int('SITE_PORT', default=8000)}"
)

# A published report's open data is copied into OPEN_DATA_DIR and, when
# OPEN_DATA_REPOSITORY names a git repository (a URL or a path the worker can push
# to), committed and pushed there (docs/how-to/annual-report.md).
OPEN_DATA_DIR = Path(env.str("OPEN_DATA_DIR", default=str(VAR_DIR / "open-data")))
OPEN_DATA_REPOSITORY = env.str("OPEN_DATA_REPOSITORY", default="")
OPEN_DATA_COMMIT_NAME = env.str("OPEN_DATA_COMMIT_NAME", default="Coventry performance")
# The council's own area: the "home" place every comparator group is compared with
# (issue 19). Its figures are the metrics' own; its ONS code finds it in a source.
HOME_AREA_CODE = env.str("HOME_AREA_CODE", default="E08000026")
HOME_AREA_NAME = env.str("HOME_AREA_NAME", default="Coventry")
OPEN_DATA_COMMIT_EMAIL = env.str(
    "OPEN_DATA_COMMIT_EMAIL", default="performance@coventry.gov.uk"
)

# Celery: an empty or unset CELERY_BROKER_URL means the filesystem broker under var/,
# which needs no server and lets `make run` start a real worker beside runserver.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
if not CELERY_BROKER_URL:
    _broker_dir = VAR_DIR / "broker"
    for _folder in ("queue", "processed", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
    BROKER_CONFIGURED = False
else:
    BROKER_CONFIGURED = True
    # A broker that is down or unreachable must not hang a page: connect and socket
    # timeouts are short, and a publish is retried briefly before the task is
    # recorded as not queued (coventry_pm.core.taskbase). The visibility timeout
    # is how long a task taken by a worker that died waits before it is delivered
    # again; it must outlast the longest task (CELERY_TASK_TIME_LIMIT).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_connect_timeout": 2,
        "socket_timeout": 10,
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    }
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
# A task running when the worker loses the broker is cancelled and delivered again
# (acks_late), rather than finishing unacknowledged and then running twice.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
# The worker logs through LOGGING below (JSON in production), not its own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # Stored verdicts left stale (a new engine version, a deferred refresh).
    "reassess-stale-verdicts": {
        "task": "scorecard.tasks.reassess_verdicts_task",
        "schedule": 300.0,
    },
    "data-due-reminders": {
        "task": "scorecard.tasks.send_data_due_reminders_task",
        "schedule": crontab(hour=7, minute=30, day_of_week="mon-fri"),
    },
    "appraisal-reminders": {
        "task": "appraisals.tasks.send_appraisal_reminders_task",
        "schedule": crontab(hour=7, minute=30, day_of_week="mon"),
    },
    "one-to-one-reminders": {
        "task": "appraisals.tasks.send_one_to_one_reminders_task",
        "schedule": crontab(hour=7, minute=45, day_of_week="mon"),
    },
    "appraisal-completion-metric": {
        "task": "appraisals.tasks.record_appraisal_completion_metric_task",
        "schedule": crontab(hour=2, minute=15),
    },
    "fail-stalled-report-runs": {
        "task": "reports.tasks.fail_stalled_report_runs_task",
        "schedule": crontab(minute="*/5"),
    },
    "requeue-unqueued-tasks": {
        "task": "coventry_pm.core.tasks.requeue_unqueued_tasks_task",
        "schedule": crontab(minute="*/5"),
    },
    "delete-expired-access-events": {
        "task": "coventry_pm.audit.tasks.delete_expired_access_events_task",
        "schedule": crontab(hour=3, minute=10),
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "coventry_pm.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Coventry performance management API",
    "VERSION": "1.0.0",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # The docs page's scripts are served from the installed package, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name per vocabulary, so the schema has no colliding enum names.
    "ENUM_NAME_OVERRIDES": {
        "PlanStatusEnum": "strategies.models.Plan.Status",
        "StrategyStatusEnum": "strategies.models.Strategy.Status",
        "ActionStatusEnum": "strategies.models.Action.Status",
        "ProgressUpdateApprovalEnum": "strategies.models.ProgressUpdate.Approval",
        "MetricStatusEnum": "scorecard.models.Metric.Status",
        "TargetAgreementEnum": "scorecard.models.Target.Status",
        "ApprovalEnum": "scorecard.models.Submission.Status",
        "MetricValueApprovalEnum": "scorecard.models.MetricValue.Approval",
        "ProgressEnum": "scorecard.filters.PROGRESS_CHOICES",
        "TargetStatusEnum": "scorecard.filters.TARGET_STATUS_CHOICES",
        "AppraisalStatusEnum": "appraisals.models.Appraisal.Status",
        "RatingLevelEnum": "appraisals.models.AppraisalRating.Level",
    },
    # Never send the schema's address to an outside validator.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    # The default hook, then the refusals every read and PATCH shares.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "coventry_pm.core.api.document_query_errors",
    ],
}

# LOG_FORMAT=json (production's default) writes one JSON object a line, with the
# request id (X-Request-ID) or the Celery task id, for a log collector to index.
LOG_FORMAT = env.str("LOG_FORMAT", default="plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "coventry_pm.core.logs.ContextFilter"}},
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
        },
        "json": {
            "()": "coventry_pm.core.logs.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["context"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

SESSION_COOKIE_HTTPONLY = True
# A form refused for its CSRF token is the product's 403 page (reload and resend).
CSRF_FAILURE_VIEW = "coventry_pm.core.views.csrf_failure"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Security a council can sign off (docs/how-to/security.md): sessions, sign-in
# throttling, two-factor, single sign-on and the Content-Security-Policy.

# A session ends after SESSION_IDLE_TIMEOUT seconds without a request (0: never),
# and in any case SESSION_COOKIE_AGE seconds after signing in.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=12 * 60 * 60)

# LOGIN_FAILURE_LIMIT failed sign-ins for one username from one address within
# LOGIN_LOCKOUT_MINUTES lock that username out from there until the oldest of them
# is that old (0: no lock-out).
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_LOCKOUT_MINUTES = env.int("LOGIN_LOCKOUT_MINUTES", default=15)

# The access audit (sign-ins, two-factor steps, role changes, exports) keeps each
# event ACCESS_AUDIT_RETENTION_DAYS days, then a nightly task deletes it (0: keep
# every event). The default, a year, is more than the six months the NCSC advises
# and covers a year's internal audit; the events name people and their addresses,
# so they are not kept for ever (UK GDPR storage limitation).
ACCESS_AUDIT_RETENTION_DAYS = env.int("ACCESS_AUDIT_RETENTION_DAYS", default=365)

# Two-factor sign-in (TOTP, with recovery codes) is open to everyone; it is
# mandatory for the roles listed here (role keys, comma-separated; "*": every role).
TWO_FACTOR_REQUIRED_ROLES = env.list("TWO_FACTOR_REQUIRED_ROLES", default=[])
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Coventry performance")

AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]

# Single sign-on through OpenID Connect (e.g. Microsoft Entra ID), off unless
# OIDC_ENABLED. OIDC_GROUP_ROLES maps the provider's groups to roles:
# "group-id=officer,other-group-id=manager" (a group may appear more than once).
OIDC_ENABLED = env.bool("OIDC_ENABLED", default=False)
OIDC_PROVIDER_NAME = env.str("OIDC_PROVIDER_NAME", default="Microsoft Entra ID")
OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT", default="")
OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = env.str("OIDC_RP_SCOPES", default="openid email profile")
OIDC_USERNAME_CLAIM = env.str("OIDC_USERNAME_CLAIM", default="preferred_username")
OIDC_GROUPS_CLAIM = env.str("OIDC_GROUPS_CLAIM", default="groups")
OIDC_GROUP_ROLES = env.list("OIDC_GROUP_ROLES", default=[])
# The provider's own multi-factor sign-in (Entra ID conditional access) stands for
# the product's second step; false asks SSO users for the product's code as well.
OIDC_SATISFIES_TWO_FACTOR = env.bool("OIDC_SATISFIES_TWO_FACTOR", default=True)
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
# Signing out ends the provider's session too (RP-initiated logout), at
# OIDC_OP_END_SESSION_ENDPOINT or the end_session_endpoint of the provider's
# metadata at OIDC_OP_METADATA_URL (Entra ID: https://login.microsoftonline.com/
# <tenant>/v2.0/.well-known/openid-configuration); neither: sign-out is local. The
# ID token is kept in the session as the hint of whose session that is.
OIDC_OP_METADATA_URL = env.str("OIDC_OP_METADATA_URL", default="")
OIDC_OP_END_SESSION_ENDPOINT = env.str("OIDC_OP_END_SESSION_ENDPOINT", default="")
OIDC_STORE_ID_TOKEN = True
LOGIN_REDIRECT_URL_FAILURE = "/accounts/login/?sso=failed"
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("coventry_pm.accounts.sso.SingleSignOnBackend")

# Content-Security-Policy (django-csp): scripts and styles from this site, inline
# ones only with the request's nonce; nothing from anywhere else; no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
if OIDC_ENABLED:
    # Signing out posts a form here that redirects to the provider's end-session
    # endpoint, and browsers hold a form's redirects to form-action: allow the
    # provider's origin (that of the end-session endpoint, else of its metadata).
    _end_session = urlsplit(OIDC_OP_END_SESSION_ENDPOINT or OIDC_OP_METADATA_URL)
    if _end_session.netloc:
        CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(
            f"{_end_session.scheme}://{_end_session.netloc}"
        )
