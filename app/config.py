"""Configuration from environment variables, checked before the app starts.

| variable | default | meaning |
|---|---|---|
| EGEKH_ENV | development | development, testing or production |
| DATABASE_URL | sqlite:///<instance>/egekh.db | SQLAlchemy URL; plain postgresql:// works |
| SECRET_KEY | generated under instance/ in development | signs sessions and CSRF tokens |
| PORT | 5000 | port for `make run` |
| LANGUAGES | mn,en,kk | offered languages, the first is the default |
| RATELIMIT_STORAGE_URI | memory:// | Flask-Limiter storage (redis://… for several servers) |
| PRIVACY_K | 5 | public figures from fewer respondents are suppressed |
| LOGIN_RATE_LIMIT | 20 per minute | sign-in attempts per address (Flask-Limiter syntax) |
| LOGIN_LOCKOUT_ATTEMPTS | 5 | failed sign-ins in a row that lock an account |
| LOGIN_LOCKOUT_MINUTES | 15 | how long the lock lasts |
| SESSION_IDLE_MINUTES | 30 | staff are signed out after this long without a request |
| INVITATION_HOURS | 72 | how long an invitation link stays valid |
| TRUSTED_PROXIES | 0 | reverse proxies in front whose X-Forwarded-For/-Proto are believed |
| JOIN_RATE_LIMIT | 600 per minute | scorecard pages (`GET /j/<code>`) per address |
| JOIN_FAILED_RATE_LIMIT | 30 per minute | lookups of codes that do not exist, per address |
| CITIZEN_RATE_LIMIT | 600 per minute | scorecard sends per address (a hall shares one) |
| PDF_RATE_LIMIT | 6 per minute | aimag PDFs built (not served from the cache) per address |
| IMPORT_PREVIEW_SECONDS | 20 | checking an uploaded file stops (with a message) after this |
| IMPORT_MAX_ROWS | 100000 | rows an imported file may have (blank rows included) |
| IMPORT_MAX_UNPACKED_BYTES | 52428800 | what an XLSX may unpack to (50 MB) |
| IMPORT_STUCK_MINUTES | 60 | an import "importing" longer than this is marked failed |
| PUBLIC_URL | http://127.0.0.1:<PORT> in development | the site's address, for links in e-mails |
| MAIL_SERVER | (none) | SMTP host; without it e-mails are written to instance/mail/*.eml |
| MAIL_PORT | 587 (465 with MAIL_USE_SSL, 25 with neither) | SMTP port |
| MAIL_USERNAME, MAIL_PASSWORD | (none) | SMTP login, when the server asks for one |
| MAIL_USE_TLS, MAIL_USE_SSL | true, false | STARTTLS on a plain connection, or TLS from the start |
| MAIL_FROM | Egekh <noreply@PUBLIC_URL's host> | the From address of every e-mail |
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

ENVIRONMENTS = ("development", "testing", "production")
SUPPORTED_LANGUAGES = ("mn", "en", "kk")
MIN_SECRET_KEY_LENGTH = 32
WEAK_SECRET_KEYS = {"dev", "secret", "changeme", "change-me", "development", "egekh"}


class ConfigError(RuntimeError):
    """The configuration is unsafe or invalid; the message says which variable and why."""


def normalise_database_url(url: str) -> str:
    """Let a plain ``postgres://``/``postgresql://`` URL use the psycopg 3 driver we ship."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _development_secret(instance_path: Path) -> str:
    """Read or create a random key kept under ``instance/`` (development and testing only)."""
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def load_config(env: Mapping[str, str], instance_path: Path) -> dict[str, object]:
    """Build the Flask config from ``env``; raise ``ConfigError`` for an unsafe setup.

    Production refuses to start without a SECRET_KEY of at least 32 characters,
    with a well-known weak key, or with an unknown language list.
    """
    environment = env.get("EGEKH_ENV", "development").strip().lower()
    if environment not in ENVIRONMENTS:
        raise ConfigError(
            f"EGEKH_ENV must be one of {', '.join(ENVIRONMENTS)}, not {environment!r}"
        )
    production = environment == "production"

    secret_key = env.get("SECRET_KEY", "").strip()
    if production:
        if not secret_key:
            raise ConfigError(
                "SECRET_KEY is required in production (at least 32 random characters)"
            )
        if len(secret_key) < MIN_SECRET_KEY_LENGTH or secret_key.lower() in WEAK_SECRET_KEYS:
            raise ConfigError(
                f"SECRET_KEY is too weak: use at least {MIN_SECRET_KEY_LENGTH} random characters"
            )
    elif not secret_key:
        secret_key = _development_secret(instance_path)

    default_db = f"sqlite:///{instance_path / 'egekh.db'}"
    database_url = normalise_database_url(env.get("DATABASE_URL", "").strip() or default_db)
    if not database_url.startswith(("sqlite:", "postgresql+psycopg:")):
        raise ConfigError("DATABASE_URL must be a sqlite:/// or postgresql:// URL")

    offered = env.get("LANGUAGES", ",".join(SUPPORTED_LANGUAGES))
    languages = [code.strip() for code in offered.split(",") if code.strip()]
    unknown = [code for code in languages if code not in SUPPORTED_LANGUAGES]
    if not languages or unknown:
        raise ConfigError(
            f"LANGUAGES must list codes from {', '.join(SUPPORTED_LANGUAGES)}; unknown: {unknown}"
        )

    try:
        port = int(env.get("PORT", "5000"))
        privacy_k = int(env.get("PRIVACY_K", "5"))
        lockout_attempts = int(env.get("LOGIN_LOCKOUT_ATTEMPTS", "5"))
        lockout_minutes = int(env.get("LOGIN_LOCKOUT_MINUTES", "15"))
        idle_minutes = int(env.get("SESSION_IDLE_MINUTES", "30"))
        invitation_hours = int(env.get("INVITATION_HOURS", "72"))
        import_max_bytes = int(env.get("IMPORT_MAX_BYTES", str(15 * 1024 * 1024)))
        report_cache_size = int(env.get("REPORT_CACHE_SIZE", "256"))
        trusted_proxies = int(env.get("TRUSTED_PROXIES", "0"))
        import_max_rows = int(env.get("IMPORT_MAX_ROWS", "100000"))
        import_max_unpacked = int(env.get("IMPORT_MAX_UNPACKED_BYTES", str(50 * 1024 * 1024)))
        import_stuck_minutes = int(env.get("IMPORT_STUCK_MINUTES", "60"))
        import_preview_seconds = int(env.get("IMPORT_PREVIEW_SECONDS", "20"))
    except ValueError as error:
        raise ConfigError(
            f"{error}: PORT, PRIVACY_K, LOGIN_LOCKOUT_*, SESSION_IDLE_MINUTES, INVITATION_HOURS, "
            "IMPORT_MAX_*, IMPORT_STUCK_MINUTES, IMPORT_PREVIEW_SECONDS, TRUSTED_PROXIES and "
            "REPORT_CACHE_SIZE must be whole numbers"
        ) from None
    if trusted_proxies < 0:
        raise ConfigError("TRUSTED_PROXIES must be 0 (no proxy) or the number of proxies")
    if min(import_max_rows, import_max_unpacked, import_stuck_minutes, import_preview_seconds) < 1:
        raise ConfigError(
            "IMPORT_MAX_*, IMPORT_STUCK_MINUTES and IMPORT_PREVIEW_SECONDS must be at least 1"
        )
    if min(lockout_attempts, lockout_minutes, idle_minutes, invitation_hours) < 1:
        raise ConfigError(
            "LOGIN_LOCKOUT_*, SESSION_IDLE_MINUTES and INVITATION_HOURS must be at least 1"
        )
    if not 1 <= port <= 65535:
        raise ConfigError("PORT must be between 1 and 65535")
    if privacy_k < 1:
        raise ConfigError("PRIVACY_K must be at least 1")

    return {
        "EGEKH_ENV": environment,
        "TESTING": environment == "testing",
        "SECRET_KEY": secret_key,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "PORT": port,
        "LANGUAGES": languages,
        "BABEL_DEFAULT_LOCALE": languages[0],
        "BABEL_DEFAULT_TIMEZONE": "Asia/Ulaanbaatar",
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "PRIVACY_K": privacy_k,
        "LOGIN_RATE_LIMIT": env.get("LOGIN_RATE_LIMIT", "20 per minute"),
        "CITIZEN_RATE_LIMIT": env.get("CITIZEN_RATE_LIMIT", "600 per minute"),
        "PDF_RATE_LIMIT": env.get("PDF_RATE_LIMIT", "6 per minute"),
        "IMPORT_PREVIEW_SECONDS": import_preview_seconds,
        "IMPORT_MAX_BYTES": import_max_bytes,
        "IMPORT_MAX_ROWS": import_max_rows,
        "IMPORT_MAX_UNPACKED_BYTES": import_max_unpacked,
        "IMPORT_STUCK_MINUTES": import_stuck_minutes,
        "TRUSTED_PROXIES": trusted_proxies,
        "JOIN_RATE_LIMIT": env.get("JOIN_RATE_LIMIT", "600 per minute"),
        "JOIN_FAILED_RATE_LIMIT": env.get("JOIN_FAILED_RATE_LIMIT", "30 per minute"),
        "REPORT_CACHE_SIZE": report_cache_size,
        "LOGIN_LOCKOUT_ATTEMPTS": lockout_attempts,
        "LOGIN_LOCKOUT_MINUTES": lockout_minutes,
        "SESSION_IDLE_MINUTES": idle_minutes,
        "INVITATION_HOURS": invitation_hours,
        "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "PERMANENT_SESSION_LIFETIME": 8 * 3600,
        "WTF_CSRF_TIME_LIMIT": 8 * 3600,
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        **mail_config(env, instance_path, port, production),
        **sms_config(env),
    }


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    value = env.get(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word not in TRUE_WORDS | FALSE_WORDS:
        raise ConfigError(f"{name} must be true or false, not {value!r}")
    return word in TRUE_WORDS


def mail_config(
    env: Mapping[str, str], instance_path: Path, port: int, production: bool
) -> dict[str, object]:
    """E-mail settings: the SMTP server (none: e-mails are written as ``.eml`` files under
    ``instance/mail/``) and ``PUBLIC_URL``, the address links in e-mails start with.

    Links in e-mails never come from a request's Host header (anyone can send one, and
    a reset link to another host would hand over the account), so production refuses
    to start with an SMTP server but no ``PUBLIC_URL``, or with one that is not an
    http(s) address.
    """
    use_ssl = _flag(env, "MAIL_USE_SSL", False)
    use_tls = _flag(env, "MAIL_USE_TLS", not use_ssl)
    if use_ssl and use_tls:
        raise ConfigError("MAIL_USE_TLS and MAIL_USE_SSL cannot both be true: choose one")
    server = env.get("MAIL_SERVER", "").strip()
    default_port = 465 if use_ssl else 587 if use_tls else 25
    try:
        mail_port = int(env.get("MAIL_PORT", "").strip() or default_port)
    except ValueError:
        raise ConfigError("MAIL_PORT must be a whole number") from None
    if not 1 <= mail_port <= 65535:
        raise ConfigError("MAIL_PORT must be between 1 and 65535")
    public_url = env.get("PUBLIC_URL", "").strip().rstrip("/")
    if production and server and not public_url:
        raise ConfigError(
            "PUBLIC_URL is required in production when MAIL_SERVER is set "
            "(the site's address for links in e-mails, e.g. https://egekh.example.mn)"
        )
    if public_url and not public_url.startswith(("http://", "https://")):
        raise ConfigError("PUBLIC_URL must start with http:// or https://")
    public_url = public_url or f"http://127.0.0.1:{port}"
    host = urlsplit(public_url).hostname or "localhost"
    return {
        "PUBLIC_URL": public_url,
        "MAIL_SERVER": server,
        "MAIL_PORT": mail_port,
        "MAIL_USERNAME": env.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": use_tls,
        "MAIL_USE_SSL": use_ssl,
        "MAIL_FROM": env.get("MAIL_FROM", "").strip() or f"Egekh <noreply@{host}>",
        "MAIL_FILE_DIR": str(instance_path / "mail"),
    }


def sms_config(env: Mapping[str, str]) -> dict[str, object]:
    """The SMS gateways' secrets and reply addresses (``app.services.sms``). A gateway
    without its secret refuses every delivery (403), so nothing is set by default."""
    names = (
        "SMS_ANDROID_SIGNING_KEY", "SMS_ANDROID_SEND_URL", "SMS_ANDROID_USERNAME",
        "SMS_ANDROID_PASSWORD", "SMS_RAPIDPRO_SECRET", "SMS_RAPIDPRO_SEND_URL",
        "SMS_RAPIDPRO_ADDRESS",
    )
    config: dict[str, object] = {name: env.get(name, "").strip() for name in names}
    config["SMS_RATE_LIMIT"] = env.get("SMS_RATE_LIMIT", "600 per minute")
    return config


def config_from_environment(instance_path: Path) -> dict[str, object]:
    return load_config(os.environ, instance_path)
