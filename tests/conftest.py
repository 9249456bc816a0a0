"""Shared fixtures: an app on a fresh copy of a seeded database for every test.

The database is SQLite by default; set TEST_DATABASE_URL=postgresql://… to run the
same tests on PostgreSQL. Template databases are built once and kept across runs
(``tests/support/databases.py``); every test gets its own copy, dropped afterwards.
``app`` starts from the demo; ``base_app`` from geography and the indicator library
only, as a new installation does (the journeys use it).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext

import pytest
from flask import g
from flask.testing import FlaskClient

from tests.support.databases import database_factory

pytest_plugins = ["tests.support.factories"]


class FreshGlobalsClient(FlaskClient):
    """A test client whose every request starts with an empty ``g``, as in production.

    The ``app`` fixture keeps one app context open for the whole test (so the test can
    use ``db.session``), and Flask reuses an open app context for requests: without
    this, the language, the signed-in user and the CSRF token cached on ``g`` by one
    request would leak into the next.
    """

    def open(self, *args, **kwargs):
        g.__dict__.clear()
        # Read the whole body and close it, as a server does: a streamed file left
        # open by a test would otherwise be reported as a ResourceWarning (an error here).
        kwargs.setdefault("buffered", True)
        return super().open(*args, **kwargs)


def _databases(tmp_path_factory, kind: str):
    factory = database_factory(
        tmp_path_factory.mktemp(f"db-{kind}"),
        os.environ.get("TEST_DATABASE_URL", "").strip(),
        os.environ.get("PYTEST_XDIST_WORKER", "main"),
        kind,
    )
    factory.build_template()
    return factory


@pytest.fixture(scope="session")
def databases(tmp_path_factory):
    """Copies of the demo database."""
    factory = _databases(tmp_path_factory, "demo")
    yield factory
    factory.close()


@pytest.fixture(scope="session")
def base_databases(tmp_path_factory):
    """Copies of a database with only geography and the indicator library."""
    factory = _databases(tmp_path_factory, "base")
    yield factory
    factory.close()


def make_app(database_url: str, **overrides):
    from app import create_app

    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": "localhost",
    }
    config.update(overrides)
    return create_app(config)


@pytest.fixture(scope="session")
def shared_app():
    """One app per test process, bound anew to each test's database copy.

    Building another app costs about 0.1 s once the modules are imported (werkzeug
    compiles some 140 URL rules), a good part of what most tests take; the app holds
    no state of its own besides its config, its engine and the report cache, which
    ``_rebound`` sets and restores around each test.
    A test marked ``app_config`` (with or without overrides) gets an app of its own,
    as does one that adds routes.
    """
    return make_app("sqlite://")


@contextmanager
def _rebound(application, url: str) -> Iterator:
    """``application`` on the database at ``url`` for one test, as a new app would be."""
    from app.extensions import db

    saved_config = dict(application.config)
    options = dict(application.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}))
    options["pool_pre_ping"] = not url.startswith("sqlite")
    options["url"] = url
    db._apply_driver_defaults(options, application)
    engines = db._app_engines[application]
    engines[None] = db._make_engine(None, options, application)
    application.config["SQLALCHEMY_DATABASE_URI"] = url
    application.extensions.pop("egekh_report_cache", None)
    try:
        yield application
    finally:
        engines.pop(None).dispose()
        application.config.clear()
        application.config.update(saved_config)
        application.extensions.pop("egekh_report_cache", None)


def _app_on(factory, request) -> Iterator:
    url = factory.fresh()
    marker = request.node.get_closest_marker("app_config")
    if marker is None:
        binding = _rebound(request.getfixturevalue("shared_app"), url)
    else:
        binding = nullcontext(make_app(url, **marker.kwargs))
    with binding as application:
        application.test_client_class = FreshGlobalsClient
        with application.app_context():
            yield application
            from app.extensions import db

            db.session.remove()
            if marker is not None:
                db.engine.dispose()
    factory.drop(url)


@pytest.fixture
def app(databases, request) -> Iterator:
    """An app bound to its own copy of the seeded demo database."""
    yield from _app_on(databases, request)


@pytest.fixture
def base_app(base_databases, request) -> Iterator:
    """An app on a new installation: geography and indicator library, no demo, no users."""
    yield from _app_on(base_databases, request)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def login(client):
    """Sign a demo account in: ``login("facilitator@egekh.demo")``."""

    def sign_in(email: str, password: str = "demo-password"):
        response = client.post("/auth/login", data={"email": email, "password": password})
        assert response.status_code == 302, "demo sign-in failed"
        return response

    return sign_in


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "app_config(**kwargs): an app of the test's own, with extra config"
    )
    _hash_passwords_cheaply()


def _hash_passwords_cheaply() -> None:
    """Hash with argon2's cheapest parameters for the whole run, templates included.

    The production parameters cost about 0.3 s a hash or a check on 2 cores; the suite
    signs in over a thousand times. A hash keeps its parameters, so what is stored in a
    template is checked at the cost it was made with, and signing in sees no need to
    rehash. ``tests/app/services/test_passwords.py`` checks the production parameters.
    """
    from argon2 import PasswordHasher, profiles

    from app.services import passwords

    passwords._hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)
