"""Settings shared by every environment. Everything is wired here; the
environment modules only choose defaults (dev) or tighten (production)."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# dev and test set one; production requires it (no default there).
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
# True only in settings.production: the checks in kaptraining.core.checks then
# refuse unsafe defaults (demo checkout, console e-mail, local-memory cache...).
KAP_PRODUCTION = False
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    # Project apps first so their templates override libraries', listed by
    # layer from the bottom up (pyproject.toml [tool.importlinter] enforces it):
    "kaptraining.core",
    "kaptraining.accounts",
    "kaptraining.curriculum",
    "kaptraining.credits",
    "cohorts",
    "kaptraining.certificates",
    "kaptraining.study",
    "kaptraining.directory",
    "kaptraining.mentorship",
    "kaptraining.practicums",
    "kaptraining.ce",  # features: continuing education (issue 16)
    "kaptraining.practice",
    "kaptraining.payments",
    "kaptraining.pages",
    "kaptraining.retreats",
    "kaptraining.workspace",
    "kaptraining.newsletter",
    "anymail",
    # Top layer: demo data (load_demo); imports every app, nothing imports it.
    "kaptraining.demo",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtailmedia",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # accounts and security
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "auditlog",
    "django_celery_beat",
    "pgtrigger",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sites",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the body, a cookie or the session: refuse NUL
    # bytes, non-ASCII digits in the path and bodies over the route's cap.
    "kaptraining.core.middleware.RequestGuardMiddleware",
    # Signed-in pages are never stored by browsers or shared caches.
    "kaptraining.core.middleware.PrivateCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Public pages for visitors not signed in, from the cache (issue 19):
    # after LocaleMiddleware (the language is part of the key), before the
    # work a stored page does not need. kaptraining.core.pagecache.
    "kaptraining.core.pagecache.AnonymousPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kaptraining.accounts.middleware.TimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Every route's declared access (kaptraining.routes): sign-in, a verified
    # e-mail, the role, and MFA where the role needs it.
    "kaptraining.accounts.middleware.AccessMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # axes last, as its documentation asks
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kaptraining.urls"
WSGI_APPLICATION = "kaptraining.wsgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kaptraining.core.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The working set fits in memory or SSD, where a random page costs about
    # what a sequential one does. PostgreSQL's default (4.0) models spinning
    # disks and makes the planner scan whole tables instead of following the
    # directory's and the ledger's indexes (tests/bench/bench_directory.py
    # measured searches twice as slow). Set per connection so it holds on any
    # server this is deployed to; PG_RANDOM_PAGE_COST overrides it.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c random_page_cost={env.float('PG_RANDOM_PAGE_COST', default=1.1)}"
    )
    SILENCED_SYSTEM_CHECKS: list[str] = []
else:
    # The directory's covering index (INCLUDE) is a PostgreSQL optimisation;
    # SQLite builds the same index without the extra column.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Database connections (issue 19) ---------------------------------------
# Opening a PostgreSQL connection per request cost more than most pages do
# (a signed-in hello: ~150 req/s with a new connection each time, ~740 with
# persistent ones). On PostgreSQL each process keeps a psycopg 3 pool
# (DB_POOL, on by default) of at most DB_POOL_MAX_SIZE connections: size it
# to the threads of a web worker (WEB_THREADS in the compose stack), so that
# workers x max_size stays under the server's max_connections. With the pool
# off, connections persist for CONN_MAX_AGE seconds and are health-checked
# before reuse. SQLite keeps Django's default (a connection per request).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    if env.bool("DB_POOL", default=True):
        DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool decides reuse
        DATABASES["default"]["OPTIONS"]["pool"] = {
            "min_size": env.int("DB_POOL_MIN_SIZE", default=1),
            "max_size": env.int("DB_POOL_MAX_SIZE", default=8),
            # Seconds a request waits for a free connection before failing.
            "timeout": env.float("DB_POOL_TIMEOUT", default=10.0),
        }
    else:
        DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "/"

# allauth: e-mail is the login, and must be verified.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SIGNUP_FORM_CLASS = "kaptraining.accounts.forms.SignupExtraForm"
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
# Its mail goes through core.mail, its links come from SITE_URL, and it reads
# the client address through core.clientip.
ACCOUNT_ADAPTER = "kaptraining.accounts.adapter.AccountAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "kaptraining"
# Staff and trainers cannot remove their own TOTP (kaptraining.accounts.privilege).
MFA_ADAPTER = "kaptraining.accounts.adapter.MFAAdapter"
# Staff and trainers must have signed in with TOTP to use any route that
# gives staff or trainer power (kaptraining.routes declares which).
KAP_REQUIRE_STAFF_MFA = env.bool("KAP_REQUIRE_STAFF_MFA", default=True)
# What each URL allows (who, and how large a request body): every route is
# declared there; a system check and a test refuse undeclared ones.
KAP_ROUTES = "kaptraining.routes"

# The client address behind our own proxies: how many proxies in front of the
# application append to X-Forwarded-For (0: clients connect directly).
# kaptraining.core.clientip.client_ip reads it; axes, allauth and
# django-ratelimit all go through that function.
KAP_TRUSTED_PROXY_COUNT = env.int("KAP_TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = KAP_TRUSTED_PROXY_COUNT
AXES_CLIENT_IP_CALLABLE = "kaptraining.core.clientip.client_ip"
RATELIMIT_IP_META_KEY = "kaptraining.core.clientip.client_ip"
RATELIMIT_USE_CACHE = "default"

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "kaptraining.accounts.axes.axes_username"

LANGUAGE_CODE = "en-us"
LANGUAGES = [("en", _("English"))]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
# Private files (certificate PDFs, receipts) are served through views that
# check permissions, never from MEDIA_URL.
PRIVATE_ROOT = Path(env("PRIVATE_ROOT", default=str(BASE_DIR / "var" / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage",
    },
}

# Request bodies: a route takes at most its declared cap (kaptraining.routes;
# KAP_MAX_REQUEST_BYTES otherwise), refused with 413 before the body is read.
KAP_MAX_REQUEST_BYTES = env.int("KAP_MAX_REQUEST_BYTES", default=1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # form fields other than files
FILE_UPLOAD_MAX_MEMORY_SIZE = 2621440  # larger uploads spool to a temporary file

EMAIL_BACKEND = env(
    "EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="kaptraining <no-reply@localhost>"
)
# The SMTP server (EMAIL_BACKEND django.core.mail.backends.smtp.EmailBackend).
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# core.mail: transient SMTP and network errors are retried after 1, 2, 4 ...
# minutes, at most 30 minutes apart (below the broker's visibility timeout),
# then the message is given up and shown as failed to staff.
MAIL_RETRY_BASE_SECONDS = env.int("MAIL_RETRY_BASE_SECONDS", default=60)
MAIL_RETRY_MAX_SECONDS = env.int("MAIL_RETRY_MAX_SECONDS", default=30 * 60)
MAIL_MAX_RETRIES = env.int("MAIL_MAX_RETRIES", default=8)
STAFF_NOTIFICATION_EMAIL = env("STAFF_NOTIFICATION_EMAIL", default="staff@localhost")

# django-auditlog stores changes as text (its default), named here because the
# ledger's bulk writes build the same rows themselves (audit_log_bulk).
AUDITLOG_STORE_JSON_CHANGES = False

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    # One process (make demo, tests): room for every trainee's cached progress
    # (issue 19) rather than local memory's 300 entries.
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 20000)

# --- Anonymous page cache (issue 19, kaptraining.core.pagecache) -------------
# Declared routes (kaptraining/routes.py ANONYMOUS_CACHE) are served from the
# default cache to visitors not signed in, and dropped when a declared source
# model changes; these bound how long a stored page may live besides.
KAP_ANON_CACHE = env.bool("KAP_ANON_CACHE", default=True)
KAP_ANON_CACHE_SECONDS = env.int("KAP_ANON_CACHE_SECONDS", default=300)
KAP_ANON_CACHE_QUERY_SECONDS = env.int("KAP_ANON_CACHE_QUERY_SECONDS", default=60)
# Signed-in pages read each trainee's evaluated progress from the cache
# (kaptraining.credits.progress_cache), dropped when their rows change.
KAP_PROGRESS_CACHE = env.bool("KAP_PROGRESS_CACHE", default=True)
# /__hello/, the page benchmark's baseline (tests/bench/bench_pages.py): 404
# unless turned on.
KAP_BENCH_HELLO = env.bool("KAP_BENCH_HELLO", default=False)

# Celery: with no broker configured, tasks run in-process (the embedded default).
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool(
    "CELERY_TASK_ALWAYS_EAGER",
    default=not (REDIS_URL or env("CELERY_BROKER_URL", default="")),
)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 120
CELERY_TASK_TIME_LIMIT = 180
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Every periodic schedule lives here. Tasks are named explicitly (name=...) so
# that moving a module never renames one; core/migrations/0003 rewrote the
# database scheduler's rows from the old auto-generated names.
CELERY_BEAT_SCHEDULE: dict = {
    "cohorts-expire-seat-offers": {
        "task": "cohorts.seat_offers_expire",
        "schedule": 600.0,
    },
    "cohorts-session-reminders": {
        "task": "cohorts.session_reminders_send",
        "schedule": 900.0,
    },
}
CELERY_BEAT_SCHEDULE["payments-charge-due-instalments"] = {  # daily, then retries
    "task": "payments.instalments_charge_due",
    "schedule": 24 * 60 * 60,
}
CELERY_BEAT_SCHEDULE["payments-reconcile-stripe-events"] = {  # missed webhooks
    "task": "payments.stripe_events_reconcile",
    "schedule": 60 * 60,
}
CELERY_BEAT_SCHEDULE["certificates-review-expiry"] = {  # recertify or remind, daily
    "task": "certificates.review_expiry",
    "schedule": 24 * 60 * 60,
}
CELERY_BEAT_SCHEDULE["directory-refresh-certification"] = {  # repairs drift, daily
    "task": "directory.refresh_certification",
    "schedule": 24 * 60 * 60,
}
CELERY_BEAT_SCHEDULE["retreats-purge-sensitive"] = {  # retreat details, daily
    "task": "retreats.purge_sensitive",
    "schedule": 24 * 60 * 60,
}
CELERY_BEAT_SCHEDULE["directory-listings-review-freshness"] = {  # ask/stale/hide, daily
    "task": "directory.listings_review_freshness",
    "schedule": 24 * 60 * 60,
}

# Demo data (manage.py load_demo, kaptraining.demo): accounts with a published
# password. Off unless an environment module turns it on (dev and test do);
# production.py forces it off, and a system check refuses demo accounts there.
KAP_DEMO_ALLOWED = False

# Payments: "offline" (demo checkout, no network) or "stripe". Production has
# no default and refuses "offline" (kaptraining.core.checks).
PAYMENTS_BACKEND = env("PAYMENTS_BACKEND", default="offline")
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env("STRIPE_API_BASE", default="")

# Wagtail
WAGTAIL_SITE_NAME = "kaptraining"
# Wagtail appends paths to it: no trailing slash (core.urls normalises the rest).
WAGTAILADMIN_BASE_URL = SITE_URL.strip().rstrip("/")
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
# allauth (throttled, with MFA and verification) is the only way to sign in or
# manage a password; Wagtail's own password reset and change are switched
# off, and staff cannot set other people's passwords in the admin.
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = False
# Documents are streamed through Django, which checks collection privacy;
# the media server does not serve their files directly.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "txt", "epub", "png", "jpg"]
TAGGIT_CASE_INSENSITIVE = True

# Content Security Policy (django-csp 4). The Wagtail admin uses inline
# scripts, so it is left out of the strict policy.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "frame-src": [
            "'self'",
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
        ],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# Open Badges 3.0 reference data (schemas and JSON-LD contexts).
OPENBADGES_DATA_DIR = Path(
    env(
        "OPENBADGES_DATA_DIR",
        default=str(BASE_DIR.parent / "shared" / "data" / "openbadges-3.0"),
    )
)
# Ed25519 key that signs credentials (base64 of the 32-byte seed, or PEM).
# Without one, dev and tests generate a key under PRIVATE_ROOT; production requires it.
OB_SIGNING_KEY = env("OB_SIGNING_KEY", default="")
OB_SIGNING_KEY_AUTOGENERATE = env.bool("OB_SIGNING_KEY_AUTOGENERATE", default=DEBUG)

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "SAMEORIGIN"
SESSION_COOKIE_HTTPONLY = True
# Sessions are read from the cache (Redis in production) and written through
# to the database: a signed-in page does not query the session table (issue 19).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Retreat trainings (kaptraining.retreats) ---------------------------------
# Dietary, allergy, accessibility and emergency-contact details of a retreat
# registration are blanked this many days after the run ends (daily task).
RETREAT_SENSITIVE_RETENTION_DAYS = env.int(
    "RETREAT_SENSITIVE_RETENTION_DAYS", default=30
)

# --- Mailing list (kaptraining.newsletter) -----------------------------------------
# Newsletters go through core.mail like every message. Production may send through
# an e-mail service provider: EMAIL_BACKEND=anymail.backends.<esp>.EmailBackend with
# its keys in ANYMAIL_SETTINGS (JSON, e.g. {"POSTMARK_SERVER_TOKEN": "..."}).
# Bounces and complaints arrive at /anymail/<esp>/tracking/, guarded by HTTP basic
# auth with ANYMAIL_WEBHOOK_SECRET ("user:password").
ANYMAIL = {
    **env.json("ANYMAIL_SETTINGS", default={}),
    "WEBHOOK_SECRET": env("ANYMAIL_WEBHOOK_SECRET", default="") or None,
}
NEWSLETTER_BATCH_SIZE = env.int("NEWSLETTER_BATCH_SIZE", default=500)
NEWSLETTER_CONFIRM_MAX_AGE_DAYS = env.int("NEWSLETTER_CONFIRM_MAX_AGE_DAYS", default=7)

# --- Lesson audio and video, consent-practice recordings (issue 20) ---------
# wagtailmedia's media item is curriculum.LessonMedia (private storage, WebVTT
# captions). Files are judged by their content (core.uploads) and capped in
# size; the admin's request cap (routes.py, 50 MB) bounds the video cap.
WAGTAILMEDIA = {
    "MEDIA_MODEL": "curriculum.LessonMedia",
    "AUDIO_EXTENSIONS": ["mp3", "m4a", "ogg"],
    "VIDEO_EXTENSIONS": ["mp4", "webm"],
}
KAP_MEDIA_MAX_VIDEO_BYTES = env.int("KAP_MEDIA_MAX_VIDEO_BYTES", default=48 * 1024**2)
KAP_MEDIA_MAX_AUDIO_BYTES = env.int("KAP_MEDIA_MAX_AUDIO_BYTES", default=24 * 1024**2)
KAP_MEDIA_MAX_CAPTIONS_BYTES = 512 * 1024
# With a prefix (the compose stack: /_private/), private audio and video are
# handed to nginx by X-Accel-Redirect (docker/nginx.conf), which answers range
# requests; without one, Django serves the ranges itself.
KAP_PRIVATE_ACCEL_PREFIX = env("KAP_PRIVATE_ACCEL_PREFIX", default="")
# Players load media from this site, and from a storage origin if one serves it.
KAP_MEDIA_ORIGINS = env.list("KAP_MEDIA_ORIGINS", default=[])
CONTENT_SECURITY_POLICY["DIRECTIVES"]["media-src"] = ["'self'", *KAP_MEDIA_ORIGINS]
KAP_PRACTICE_MAX_RECORDING_BYTES = env.int(
    "KAP_PRACTICE_MAX_RECORDING_BYTES", default=48 * 1024**2
)
# Role-play recordings are deleted this many days after their result.
KAP_PRACTICE_RETENTION_DAYS = env.int("KAP_PRACTICE_RETENTION_DAYS", default=90)
CELERY_BEAT_SCHEDULE["practice-purge-recordings"] = {  # retention, daily
    "task": "practice.recordings_purge",
    "schedule": 24 * 60 * 60,
}
# --- Spanish (issue 21) ------------------------------------------------------
# English stays at every existing URL; Spanish is served under /es/
# (kaptraining/urls.py: i18n_patterns with prefix_default_language=False). The
# default stays "en-us" so that unprefixed URLs, e-mails and tasks reverse
# without a prefix. The catalogue is locale/es/LC_MESSAGES/django.po; the
# build compiles it (`manage.py compile_translations`, no gettext needed).
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# -- Notifications and role homes (issue 18) ----------------------------------
# The notifications app sits just above accounts; the header shows the unread
# count; the daily digest goes out once a day (batches of 200 people).
INSTALLED_APPS.insert(
    INSTALLED_APPS.index("kaptraining.accounts") + 1, "kaptraining.notifications"
)
TEMPLATES[0]["OPTIONS"]["context_processors"].append(
    "kaptraining.notifications.context_processors.unread"
)
CELERY_BEAT_SCHEDULE["notifications-send-digests"] = {  # daily digest e-mails
    "task": "notifications.digests_send",
    "schedule": 24 * 60 * 60,
}
# -- Enrolment follows the calendar (issue 15) --------------------------------
# A place is only sold with an explicit consent when the program's required
# hours over the days left in the window exceed this many hours a day
# (credits.windows.implausible_pace); 150 hours in 39 days is 3.8 a day.
IMPLAUSIBLE_HOURS_PER_DAY = env.float("IMPLAUSIBLE_HOURS_PER_DAY", default=2.0)
# -- Editors' pages in two languages (issue 21) -------------------------------
# Wagtail's locales with wagtail-localize (it replaces wagtail.locales): an
# editor translates a page in the admin ("Translate" on a page, Settings >
# Locales); /es/ serves a page's published Spanish translation, and where
# there is none wagtail-localize keeps an alias of the English page in the
# Spanish tree, so every address still answers (in English). The languages
# are the site's (en, es); Locale "es" is created by pages/0003.
INSTALLED_APPS.insert(
    INSTALLED_APPS.index("wagtail.contrib.forms"), "wagtail_localize.locales"
)
INSTALLED_APPS.insert(
    INSTALLED_APPS.index("wagtail_localize.locales"), "wagtail_localize"
)
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
# Dates and numbers per language (kaptraining/formats/<lang>/formats.py):
# templates use the named formats (|date:"DATE_FORMAT") so Spanish pages
# show "4 dic 2026" where English ones show "Dec 4, 2026".
FORMAT_MODULE_PATH = ["kaptraining.formats"]
