"""Egekh's web layer: the application factory."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

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
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(config_from_environment(Path(app.instance_path)))
    if config:
        app.config.update(config)

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
