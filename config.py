"""Configuration classes, read from the environment.

Every key is documented in the README's configuration table.
"""

import os
from datetime import timedelta


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


class Config:
    ENV_NAME = "development"
    HUB_NAME = os.environ.get("HUB_NAME", "Knowledge Hub")
    #: The feature packages to run, by package name: each plugs in through hub/features.py.
    FEATURES = tuple(
        name.strip()
        for name in os.environ.get(
            "HUB_FEATURES", "wiki,forums,documents,events,wiki.toolkit"
        ).split(",")
        if name.strip()
    )
    SECRET_KEY = os.environ.get("SECRET_KEY")
    #: Unset: a SQLite file in the instance folder (filled in by create_app).
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    #: Filled in by create_app: PostgreSQL connections are pinged before use (they can drop);
    #: a SQLite file cannot, so its requests skip the extra round trip.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    SQLITE_BUSY_TIMEOUT_MS = _env_int("SQLITE_BUSY_TIMEOUT_MS", 15000)

    #: Where e-mailed links point when no request is at hand (CLI digests).
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000")
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME", "https")
    #: Number of proxies in front of the app; when set, ProxyFix trusts that many hops.
    TRUSTED_PROXIES = _env_int("TRUSTED_PROXIES", 0)

    # Request limits: uploaded files stream to temporary files (forms stay small); a request
    # may carry a document of DOCUMENTS_MAX_FILE_SIZE and the rest of its form.
    MAX_CONTENT_LENGTH = _env_int("MAX_CONTENT_LENGTH", 128 * 1024 * 1024)
    MAX_FORM_MEMORY_SIZE = _env_int("MAX_FORM_MEMORY_SIZE", 1024 * 1024)
    MAX_FORM_PARTS = _env_int("MAX_FORM_PARTS", 1000)

    SESSION_COOKIE_NAME = "hub_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", True)
    #: A signed-in session ends after this much inactivity...
    SESSION_IDLE_TIMEOUT = timedelta(minutes=_env_int("SESSION_IDLE_MINUTES", 120))
    #: ...and in any case this long after sign-in ("remember me" uses the longer one).
    SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=_env_int("SESSION_ABSOLUTE_HOURS", 12))
    SESSION_REMEMBER_TIMEOUT = timedelta(days=_env_int("SESSION_REMEMBER_DAYS", 14))
    PERMANENT_SESSION_LIFETIME = SESSION_REMEMBER_TIMEOUT

    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = None  # the CSRF token lives as long as the session

    PASSWORD_HASH_METHOD = os.environ.get("PASSWORD_HASH_METHOD", "scrypt")
    PASSWORD_MIN_LENGTH = 12
    EMAIL_TOKEN_MAX_AGE = timedelta(hours=_env_int("EMAIL_TOKEN_HOURS", 48))
    RESET_TOKEN_MAX_AGE = timedelta(hours=_env_int("RESET_TOKEN_HOURS", 2))
    INVITATION_MAX_AGE = timedelta(days=_env_int("INVITATION_DAYS", 14))

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = False
    #: Failed sign-ins allowed per account and per client address.
    SIGNIN_LIMIT_PER_ACCOUNT = os.environ.get("SIGNIN_LIMIT_PER_ACCOUNT", "5 per 15 minutes")
    SIGNIN_LIMIT_PER_IP = os.environ.get("SIGNIN_LIMIT_PER_IP", "20 per 15 minutes")

    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = _env_int("MAIL_PORT", 587)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", True)
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Knowledge Hub <hub@localhost>")

    #: Where the library's files are stored (unset: files/ in the instance folder).
    DOCUMENTS_STORAGE = os.environ.get("DOCUMENTS_STORAGE")
    #: The largest file the library accepts, in bytes.
    DOCUMENTS_MAX_FILE_SIZE = _env_int("DOCUMENTS_MAX_FILE_SIZE", 100 * 1024 * 1024)
    #: Reading a PDF's or DOCX's text may take this long and this much memory (bytes).
    DOCUMENTS_EXTRACT_SECONDS = _env_int("DOCUMENTS_EXTRACT_SECONDS", 30)
    DOCUMENTS_EXTRACT_MEMORY = _env_int("DOCUMENTS_EXTRACT_MEMORY", 1024 * 1024 * 1024)

    #: Where the search index lives (unset: index/ in the instance folder).
    SEARCH_INDEX_DIR = os.environ.get("SEARCH_INDEX_DIR")
    #: How long applying queued changes waits for another process's hold on the index (s).
    SEARCH_WRITE_TIMEOUT = float(os.environ.get("SEARCH_WRITE_TIMEOUT", "2"))
    #: Queued changes applied per index commit, and commits after one request at most.
    SEARCH_BATCH_SIZE = _env_int("SEARCH_BATCH_SIZE", 200)
    SEARCH_BATCHES_PER_REQUEST = _env_int("SEARCH_BATCHES_PER_REQUEST", 5)
    #: After a failed apply, a request of the same process tries again this much later (s).
    SEARCH_RETRY_SECONDS = _env_int("SEARCH_RETRY_SECONDS", 10)
    #: Apply the queue after each response that committed a change (off: only
    #: `flask hub reindex --pending`, e.g. from a timer).
    SEARCH_APPLY_AFTER_REQUEST = _env_bool("SEARCH_APPLY_AFTER_REQUEST", True)

    MEMBERS_PER_PAGE = 25
    #: Flood control: the most posts a member may send to the forums in a minute.
    FORUM_POSTS_PER_MINUTE = int(os.environ.get("FORUM_POSTS_PER_MINUTE", "6"))
    AUDIT_PER_PAGE = 50


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", False)
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME", "http")


class ProductionConfig(Config):
    """SECRET_KEY must come from the environment; create_app refuses to start without it."""

    ENV_NAME = "production"


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "test-secret-key"
    SESSION_COOKIE_SECURE = False
    PREFERRED_URL_SCHEME = "http"
    WTF_CSRF_ENABLED = False
    # A fast hash keeps the suite quick; production keeps scrypt.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    RATELIMIT_STORAGE_URI = "memory://"
    MAIL_SERVER = None


CONFIGS = {
    "development": DevelopmentConfig,
    "production": ProductionConfig,
    "testing": TestingConfig,
}


def config_from_environment() -> type[Config]:
    return CONFIGS[os.environ.get("HUB_ENV", "development")]
