"""Egekh's web layer: the application factory."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from werkzeug.middleware.proxy_fix import ProxyFix

from app.config import config_from_environment
from app.extensions import babel, csrf, db, limiter, login_manager, migrate

APP_DIR = Path(__file__).resolve().parent
PROJECT_DIR = APP_DIR.parent


def create_app(config: dict | None = None) -> Flask:
    """Build the app from the environment, then apply ``config`` overrides (tests).

    Raises ``app.config.ConfigError`` with a clear sentence when the configuration
    is unsafe, so a misconfigured production server does not start.
    """
    app = Flask(__name__, instance_path=str(PROJECT_DIR / "instance"))
    Path(app.instance_path).mkdir(mode=0o700, parents=True, exist_ok=True)
    app.config.update(config_from_environment(Path(app.instance_path)))
    if config:
        app.config.update(config)
    trust_proxies(app, int(app.config.get("TRUSTED_PROXIES", 0)))
    create_private_database_file(str(app.config.get("SQLALCHEMY_DATABASE_URI", "")))

    from app import i18n

    app.config["BABEL_TRANSLATION_DIRECTORIES"] = i18n.translation_directories(APP_DIR)
    # A server can drop a connection (restart, failover), so it is pinged at checkout;
    # a database file cannot, and pinging it would cost a query a request.
    on_file = str(app.config.get("SQLALCHEMY_DATABASE_URI", "")).startswith("sqlite")
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"pool_pre_ping": not on_file})
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_DIR / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.init_language(app)
    login_manager.init_app(app)

    from app import auth_loader, errors, security, templating
    from app.cli import register_cli
    from app.views import register_blueprints

    auth_loader.init_login(login_manager)
    templating.init_templating(app)
    errors.register_error_handlers(app)
    security.init_security(app)
    register_blueprints(app)
    register_cli(app)
    return app


def trust_proxies(app: Flask, count: int) -> None:
    """Believe ``X-Forwarded-For`` and ``-Proto`` from ``count`` reverse proxies in front.

    With 0 (the default) the headers are ignored: anyone can send them, and believing
    them would let one person pose as many addresses (or as another person) to the rate
    limits, the sign-in lock-out and the audit log. Behind nginx on the same machine,
    set ``TRUSTED_PROXIES=1``: the address the proxy appended becomes
    ``request.remote_addr`` and the scheme it saw becomes the request's.
    """
    if count > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)


def create_private_database_file(database_url: str) -> None:
    """Create a SQLite database file readable by its owner only (mode 600) before SQLite
    does, since SQLite would create it with the process umask (often world-readable).

    SQLite gives the ``-wal`` and ``-shm`` files it makes beside a database the same
    permissions as the database file, so they are private too. An existing file is left
    as it is; a server database (PostgreSQL) and an in-memory one need nothing.
    """
    if not database_url.startswith("sqlite"):
        return
    path = make_url(database_url).database
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    file = Path(path)
    if file.exists():
        return
    file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        os.close(os.open(file, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        pass  # another worker made it at the same moment, with the same mode


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """WAL for concurrent readers, enforced foreign keys and a wait instead of 'locked'."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
