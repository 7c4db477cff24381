"""One settings module for every environment.

Development defaults are safe to clone and run (`make run`); with DEBUG off the
process refuses to start unless SECRET_KEY and ALLOWED_HOSTS are given.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from lanhmanh.support.keyring import KeyringError, dev_keyring, parse_keyring

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("LANHMANH_VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    return int(raw) if raw else default


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("LANHMANH_TESTING", False)

SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not DEBUG and not TESTING:
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
if not SECRET_KEY:
    # Only reachable with DEBUG or under tests: a per-checkout key, never committed.
    SECRET_KEY = "dev-insecure-" + str(BASE_DIR)
if not ALLOWED_HOSTS:
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Keys of the field encryption of support cases (support/crypto.py, docs/support.md): comma-separated
# `keyid:base64key` entries, the first being the current key. Required outside development and tests.
LANHMANH_FIELD_KEYS = env_str("LANHMANH_FIELD_KEYS")
if not LANHMANH_FIELD_KEYS:
    if TESTING:
        # A fixed, public test key: test databases hold only synthetic people.
        LANHMANH_FIELD_KEYS = "test1:dGVzdC1vbmx5LWtleS1sYW5obWFuaC1maWVsZHMhIT0="
    elif DEBUG:
        LANHMANH_FIELD_KEYS = dev_keyring(VAR_DIR / "field-keys")
    else:
        raise ImproperlyConfigured("LANHMANH_FIELD_KEYS must be set when DEBUG is off.")
try:
    parse_keyring(LANHMANH_FIELD_KEYS)
except KeyringError as error:
    raise ImproperlyConfigured(f"LANHMANH_FIELD_KEYS: {error}") from None

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_htmx",
    "lanhmanh.core",
    "lanhmanh.places",
    "lanhmanh.accounts",
    "lanhmanh.plans",
    "lanhmanh.indicators",
    "lanhmanh.outreach",
    "lanhmanh.communes",
    "lanhmanh.establishments",
    "lanhmanh.inspections",
    "lanhmanh.support",
    "lanhmanh.peergroups",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Production serves static files from the app (no CDN, no separate server); development's
    # runserver and the test live server serve them from the app folders themselves.
    *([] if DEBUG or TESTING else ["whitenoise.middleware.WhiteNoiseMiddleware"]),
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lanhmanh.core.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "lanhmanh.core.middleware.RequestContextMiddleware",
    # Last, as django-axes asks: it turns lockouts into responses.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lanhmanh.urls"
WSGI_APPLICATION = "lanhmanh.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "lanhmanh" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lanhmanh.core.context_processors.navigation",
            ],
        },
    }
]

# Database: embedded SQLite under var/ unless DATABASE_URL names another (PostgreSQL in production).
DEFAULT_SQLITE = f"sqlite:///{VAR_DIR / 'lanhmanh.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", DEFAULT_SQLITE), conn_max_age=env_int("DB_CONN_MAX_AGE", 60)
    ),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})
    # WAL lets the dev server read while a command writes; busy timeout avoids "database is locked".
    DATABASES["default"]["OPTIONS"].update({"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "plans:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after 30 minutes without a request.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG and not TESTING and env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None

# Log-in throttling: 5 failures per username+IP lock that pair for 15 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "lanhmanh" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "lanhmanh" / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Evidence files are never served by URL; they are streamed by a view that checks access.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "lanhmanh.core.api.Pagination",
    "PAGE_SIZE": 100,
    "DEFAULT_THROTTLE_RATES": {"token": "10/minute"},
    "EXCEPTION_HANDLER": "lanhmanh.core.api.exception_handler",
    # Behind a reverse proxy, throttling must trust exactly that many X-Forwarded-For hops.
    "NUM_PROXIES": env_int("NUM_PROXIES", 0),
}
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env_int("API_TOKEN_TTL_HOURS", 12)),
    "AUTO_REFRESH": False,
    "AUTH_HEADER_PREFIX": "Token",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Lành Mạnh API",
    "DESCRIPTION": "API of the Lành Mạnh social-evils prevention programme system.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Choice sets whose field names ("kind", "status") repeat across areas get names of their own.
    "ENUM_NAME_OVERRIDES": {
        "SupportCaseKindEnum": "lanhmanh.support.models.CaseKind",
        "SupportCaseStatusEnum": "lanhmanh.support.models.CaseStatus",
        "SupportServiceKindEnum": "lanhmanh.support.models.ServiceKind",
        "SupportProviderKindEnum": "lanhmanh.support.models.ProviderKind",
        "SupportReferralStatusEnum": "lanhmanh.support.models.ReferralStatus",
        "SupportNeedAreaEnum": "lanhmanh.support.models.NeedArea",
        "SupportNeedStatusEnum": "lanhmanh.support.models.NeedStatus",
        "SupportSubjectRequestKindEnum": "lanhmanh.support.models.SubjectRequestKind",
        "SupportSubjectRequestStatusEnum": "lanhmanh.support.models.SubjectRequestStatus",
        "PeerGroupKindEnum": "lanhmanh.peergroups.models.GroupKind",
        "PeerGroupStatusEnum": "lanhmanh.peergroups.models.GroupStatus",
        "PeerGroupMemberRoleEnum": "lanhmanh.peergroups.models.MemberRole",
        "PeerGroupActivityKindEnum": "lanhmanh.peergroups.models.ActivityKind",
        "InspectionTeamLevelEnum": "lanhmanh.inspections.models.TeamLevel",
        "InspectionTeamRoleEnum": "lanhmanh.inspections.models.TeamRole",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

DEMO_PASSWORD_DEFAULT = "LanhManh@2019"

if TESTING:
    # The browser test's live server answers each request in a new thread; persistent
    # connections would outlive those threads and block dropping the test database.
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 0)
    # Fast hashing keeps the suite quick; tests never see real passwords.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "test-media")))
