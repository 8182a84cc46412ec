"""Homeward's one settings module, driven by environment variables.

With nothing set it runs embedded: SQLite under var/, secrets generated once into var/secrets.json.
With HOMEWARD_ENV=production it refuses to start without real secrets and turns on HTTPS-only
cookies, HSTS and the rest that `manage.py check --deploy` asks for (SECURITY.md S6).
"""

import json
import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("HOMEWARD_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


PRODUCTION = os.environ.get("HOMEWARD_ENV", "embedded") == "production"


def _embedded_secrets() -> dict[str, str]:
    """Secrets for the embedded mode, made once and kept in var/ (never used in production)."""
    path = VAR_DIR / "secrets.json"
    if path.exists():
        return json.loads(path.read_text())
    from cryptography.fernet import Fernet

    values = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "HOMEWARD_FIELD_KEYS": Fernet.generate_key().decode(),
        "HOMEWARD_HASH_KEY": secrets.token_urlsafe(32),
    }
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.write_text(json.dumps(values, indent=2))
    return values


def _secret(name: str) -> str:
    if name in os.environ:
        return os.environ[name]
    if PRODUCTION:
        raise RuntimeError(f"{name} must be set in production (HOMEWARD_ENV=production)")
    return _embedded_secrets()[name]


SECRET_KEY = _secret("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "csp",  # Content-Security-Policy (its checks; the middleware sets the header)
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # recovery codes for the second factor
    "axes",
    "django_tasks",
    "django_tasks_db",
    "homeward.core",
    "homeward.regions",
    "homeward.accounts",
    "homeward.audit",
    "homeward.background",
    "homeward.employers",
    "homeward.jobs",
    "homeward.matching",
    "homeward.outreach",
    "homeward.workers",
    "homeward.signin_codes",
    "homeward.content",
    "homeward.placements",
    "homeward.campaigns",
    "homeward.fairs",
    "homeward.surveys",
    "homeward.followups",
    "homeward.subsidies",
    "homeward.training",
    "homeward.wages",
    "homeward.disputes",
    "homeward.ambassadors",
    "homeward.trips",
    "homeward.teams",
    "homeward.agencies",
    "homeward.ventures",
    "homeward.loans",
    "homeward.stations",
    "homeward.gigs",
    "homeward.stats",
    "homeward.reports",
    "homeward.targets",
    "homeward.api",
    "homeward.welfare",
    "homeward.cooperatives",
    "homeward.portal",
    "homeward.operations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "homeward.core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "homeward.accounts.middleware.SessionExpiryMiddleware",
    "homeward.accounts.middleware.SecondFactorMiddleware",
    "homeward.accounts.middleware.PasswordAgeMiddleware",
    "homeward.scoping.AreaScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "homeward.urls"
WSGI_APPLICATION = "homeward.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "homeward" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# SQLite under var/ unless DATABASE_URL says otherwise (postgres://user@host:5432/name).
# Each web thread keeps its connection for DB_CONN_MAX_AGE seconds (checked before reuse): a new
# connection per request cost the portal home more than its page work on PostgreSQL (a server
# process forked each time) and SQLite (the file opened, the WAL pragmas run) alike.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'homeward.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the worker writes; IMMEDIATE avoids upgrade deadlocks.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["TEST"] = {"NAME": None}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Argon2id first (SECURITY.md S2); older hashes are upgraded on the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

# Password rules. 等保 2.0 (GB/T 22239) asks for complexity and periodic change; OWASP ASVS 5.0
# (V6.2) advises against both because they push people to predictable patterns. We follow 等保 by
# default, since that is what the platform is assessed against, and keep both as settings.
PASSWORD_MIN_LENGTH = env_int("HOMEWARD_PASSWORD_MIN_LENGTH", 10)
PASSWORD_MIN_CLASSES = env_int("HOMEWARD_PASSWORD_MIN_CLASSES", 3)  # of lower/upper/digit/symbol
PASSWORD_MAX_AGE_DAYS = env_int("HOMEWARD_PASSWORD_MAX_AGE_DAYS", 90)  # 0 turns rotation off
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "homeward.accounts.passwords.CharacterClassValidator",
        "OPTIONS": {"min_classes": PASSWORD_MIN_CLASSES},
    },
]

# Accounts unused this long are disabled by `homeward accounts disable-inactive` (S1).
ACCOUNT_INACTIVE_DAYS = env_int("HOMEWARD_ACCOUNT_INACTIVE_DAYS", 90)

# Lockout after repeated failed logins (S3), by user name so one attacker cannot lock a town out.
AXES_FAILURE_LIMIT = env_int("HOMEWARD_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("HOMEWARD_LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username"]
# A typed name holding a phone or ID number is counted under its keyed hash (accounts/lockout.py).
AXES_USERNAME_CALLABLE = "homeward.accounts.lockout.axes_username"
# axes.W006 asks to lock by address too; village offices share one NAT address, so one person's
# typos would lock out the whole office. Lockout by user name is not bypassed by new cookies.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False  # attempts carry no region; area admins unlock from the user list
AXES_IPWARE_PROXY_COUNT = env_int("HOMEWARD_PROXY_COUNT", 0)

# Sessions (S4): idle timeout and an absolute lifetime; logout deletes the session row.
# In the database, read with one plain query (core/sessions.py); never in the cache (S22).
SESSION_ENGINE = "homeward.core.sessions"
SESSION_IDLE_SECONDS = env_int("HOMEWARD_SESSION_IDLE_MINUTES", 30) * 60
# A self-service terminal signs its person out after this long untouched (portal/kiosk_views.py)
KIOSK_IDLE_MINUTES = env_int("HOMEWARD_KIOSK_IDLE_MINUTES", 2)
SESSION_COOKIE_AGE = env_int("HOMEWARD_SESSION_MAX_HOURS", 12) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Second factor (S5): required for these roles at these levels; empty turns it off.
SECOND_FACTOR_REQUIRED = {
    "roles": env_list("HOMEWARD_2FA_ROLES", ["admin"]),
    "levels": env_list("HOMEWARD_2FA_LEVELS", ["city", "county"]),
}
OTP_TOTP_ISSUER = "Homeward 农民工服务平台"
# django-otp's back-off refused even the right code for 2^(n-1) s after n wrong ones, without
# bound; homeward/accounts/second_factor.py counts wrong codes and locks instead (limits there).
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Encrypted personal data (S13): Fernet keys, newest first (older ones still decrypt, so keys
# rotate with `homeward keys rotate`), and a separate key for the lookup hashes.
FIELD_ENCRYPTION_KEYS = [k.strip() for k in _secret("HOMEWARD_FIELD_KEYS").split(",") if k.strip()]
FIELD_HASH_KEY = _secret("HOMEWARD_HASH_KEY")

# An uploaded ledger left unconfirmed is discarded (its file deleted) after this many days, and
# the names in an import's report are dropped after the second period; the counts stay (S22).
LEDGER_UPLOAD_RETENTION_DAYS = env_int("HOMEWARD_LEDGER_UPLOAD_DAYS", 7)
LEDGER_REPORT_RETENTION_DAYS = env_int("HOMEWARD_LEDGER_REPORT_DAYS", 30)

# Audit rows are kept at least this long (S16: the Cybersecurity Law asks for six months).
AUDIT_RETENTION_DAYS = max(184, env_int("HOMEWARD_AUDIT_RETENTION_DAYS", 365))

TASKS = {
    "default": {
        "BACKEND": os.environ.get("HOMEWARD_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Background jobs (homeward/background): a running job whose heartbeat is older than this is shown
# failed ("后台任务中断"); result files (exports holding personal data) are deleted after so many
# hours. Exports of fewer rows than HOMEWARD_DIRECT_EXPORT_ROWS, and ledger files smaller than
# HOMEWARD_DIRECT_IMPORT_BYTES, are still done inside the request.
HOMEWARD_JOB_FILES_DIR = Path(
    os.environ.get("HOMEWARD_JOB_FILES_DIR", VAR_DIR / "background")
)  # result files and uploads waiting for their task: personal data, never under static/
HOMEWARD_JOB_STALE_SECONDS = int(os.environ.get("HOMEWARD_JOB_STALE_SECONDS", "120"))
HOMEWARD_JOB_RESULT_HOURS = int(os.environ.get("HOMEWARD_JOB_RESULT_HOURS", "24"))
HOMEWARD_DIRECT_EXPORT_ROWS = int(os.environ.get("HOMEWARD_DIRECT_EXPORT_ROWS", "2000"))
HOMEWARD_DIRECT_IMPORT_BYTES = int(os.environ.get("HOMEWARD_DIRECT_IMPORT_BYTES", str(512 * 1024)))

# Django's cache, shared by every process of `homeward serve`: Redis when HOMEWARD_REDIS_URL is
# set (redis://127.0.0.1:6379/0), else files under var/cache (the embedded mode: nothing to run).
# Entries are found by keys that change with what they depend on (matching/cache.py), so a stale
# one is never read, only left to expire; none holds unmasked personal data (S22).
HOMEWARD_REDIS_URL = os.environ.get("HOMEWARD_REDIS_URL", "")
if HOMEWARD_REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": HOMEWARD_REDIS_URL,
            "KEY_PREFIX": "homeward",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": VAR_DIR / "cache",
            "OPTIONS": {"MAX_ENTRIES": env_int("HOMEWARD_CACHE_MAX_ENTRIES", 20_000)},
        }
    }

# The portal (homeward/portal): workers and employers sign in with a mobile number and an SMS
# code. HOMEWARD_SERVICE_AREA is the code of the area the platform serves (e.g. a city): codes
# sent to numbers no record knows yet are kept in its outbox. Sign-in limits: see signin_codes/services.py.
HOMEWARD_SERVICE_AREA = os.environ.get("HOMEWARD_SERVICE_AREA", "")
PORTAL_SESSION_DAYS = env_int("HOMEWARD_PORTAL_SESSION_DAYS", 30)
PORTAL_SIGNIN_LIMITS: dict[str, int] = {}

# Push campaigns (homeward/campaigns). Personal links start with HOMEWARD_PUBLIC_URL. Messages a
# second per channel, shared by every worker process (HOMEWARD_CAMPAIGN_RATES="sms=100,…"; 0: no
# limit); campaign messages one person may get in 7 days; no SMS in the quiet hours, Beijing time
# [21:00, 08:00). A batch task sends up to CAMPAIGN_BATCH_SIZE messages; a failed send is retried
# after CAMPAIGN_RETRY_SECONDS, doubling each time, CAMPAIGN_MAX_ATTEMPTS times in all. A
# delivery left "sending" longer than CAMPAIGN_LEASE_SECONDS was abandoned by a dead worker; the
# watchdog task looks for such every CAMPAIGN_WATCH_SECONDS.
HOMEWARD_PUBLIC_URL = os.environ.get("HOMEWARD_PUBLIC_URL", "http://127.0.0.1:8000")
CAMPAIGN_RATES = {
    "sms": 100,
    "wechat": 200,
    "inapp": 1000,
    **{
        channel.strip(): int(rate)
        for channel, _eq, rate in (
            item.partition("=") for item in env_list("HOMEWARD_CAMPAIGN_RATES", [])
        )
    },
}
CAMPAIGN_WEEKLY_CAP = env_int("HOMEWARD_CAMPAIGN_WEEKLY_CAP", 2)
CAMPAIGN_QUIET_HOURS = (21, 8)
CAMPAIGN_BATCH_SIZE = env_int("HOMEWARD_CAMPAIGN_BATCH_SIZE", 2000)
CAMPAIGN_MAX_ATTEMPTS = env_int("HOMEWARD_CAMPAIGN_MAX_ATTEMPTS", 5)
CAMPAIGN_RETRY_SECONDS = env_int("HOMEWARD_CAMPAIGN_RETRY_SECONDS", 60)
CAMPAIGN_LEASE_SECONDS = env_int("HOMEWARD_CAMPAIGN_LEASE_SECONDS", 600)
CAMPAIGN_WATCH_SECONDS = env_int("HOMEWARD_CAMPAIGN_WATCH_SECONDS", 60)

# Message gateways (homeward/outreach): "outbox" keeps messages in the database, where staff read
# them (the embedded mode's SMS); "webhook" POSTs signed JSON to HOMEWARD_WEBHOOK_URL; "tencent"
# sends SMS through Tencent Cloud (HOMEWARD_TENCENT_SMS below).
HOMEWARD_MESSAGE_GATEWAY = os.environ.get("HOMEWARD_MESSAGE_GATEWAY", "outbox")
HOMEWARD_WEBHOOK_URL = os.environ.get("HOMEWARD_WEBHOOK_URL", "")
# Signs the webhook's messages and verifies delivery receipts posted to receipts:webhook.
HOMEWARD_WEBHOOK_SECRET = os.environ.get("HOMEWARD_WEBHOOK_SECRET", "")
HOMEWARD_WEBHOOK_TIMEOUT = float(os.environ.get("HOMEWARD_WEBHOOK_TIMEOUT", "5"))
# The gateway of each channel; blank means HOMEWARD_MESSAGE_GATEWAY. In-app messages always go
# to the outbox, which is the portal's inbox.
HOMEWARD_SMS_GATEWAY = os.environ.get("HOMEWARD_SMS_GATEWAY", "")
HOMEWARD_WECHAT_GATEWAY = os.environ.get("HOMEWARD_WECHAT_GATEWAY", "")
# Tencent Cloud SMS: the API key pair (secret_id, secret_key), the SMS application (SmsSdkAppId),
# the approved signature (sign_name, 签名), the API region, endpoint, scheme (https; http only for
# a local test server) and request timeout in seconds, and our template codes mapped to Tencent's
# approved TemplateIds, given as HOMEWARD_TENCENT_SMS_TEMPLATES="signin_code=123456,job_push=7890".
# The codes: signin_code (code), job_push (name, jobs, link), notice (name, link: a campaign naming
# no jobs), subsidy_invite (name, link: an invitation to apply for a subsidy).
HOMEWARD_TENCENT_SMS = {
    "secret_id": os.environ.get("HOMEWARD_TENCENT_SECRET_ID", ""),
    "secret_key": os.environ.get("HOMEWARD_TENCENT_SECRET_KEY", ""),
    "sdk_app_id": os.environ.get("HOMEWARD_TENCENT_SMS_APP_ID", ""),
    "sign_name": os.environ.get("HOMEWARD_TENCENT_SMS_SIGN", ""),
    "region": os.environ.get("HOMEWARD_TENCENT_SMS_REGION", "ap-guangzhou"),
    "endpoint": os.environ.get("HOMEWARD_TENCENT_SMS_ENDPOINT", "sms.tencentcloudapi.com"),
    "scheme": os.environ.get("HOMEWARD_TENCENT_SMS_SCHEME", "https"),
    "timeout": float(os.environ.get("HOMEWARD_TENCENT_SMS_TIMEOUT", "5")),
    "templates": {
        code.strip(): template_id.strip()
        for code, _eq, template_id in (
            item.partition("=") for item in env_list("HOMEWARD_TENCENT_SMS_TEMPLATES", [])
        )
        if code.strip() and template_id.strip()
    },
}
# Tencent's delivery-status callbacks cannot be signed: the callback URL configured at Tencent
# carries this as receipts:tencent?token=…, others are refused; unset, the endpoint is closed (404)
# and `check --deploy` fails a production that sends SMS through Tencent (homeward.E003).
HOMEWARD_TENCENT_RECEIPT_TOKEN = os.environ.get("HOMEWARD_TENCENT_RECEIPT_TOKEN", "")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "homeward" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "homeward" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # served from the apps' folders meanwhile
MEDIA_ROOT = VAR_DIR / "media"

# Content-Security-Policy (django-csp): scripts and styles from this site only, never inline —
# behaviour lives in static files (homeward/static/homeward/*.js, data-* attributes), styles in
# the CSS files; htmx's own indicator <style> is turned off by a meta tag in base.html, ECharts
# draws SVG through the DOM. No CDN: front-end libraries are vendored (static/vendor). Reports of
# violations go to the browser's console (tests/browser/test_csp.py fails on any).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # data: the admin's and ECharts' small inline images
        "font-src": ["'self'"],
        "connect-src": ["'self'"],  # htmx
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Every log record is masked as it is made (crypto.install_log_masking), whichever handler gets it;
# the filter masks again what a handler adds (S12).
LOGGING_CONFIG = "homeward.crypto.configure_logging"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal_data": {"()": "homeward.crypto.MaskingLogFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_personal_data"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}, "axes": {"level": "WARNING"}},
}
