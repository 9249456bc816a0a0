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


def _app_on(factory, request) -> Iterator:
    url = factory.fresh()
    marker = request.node.get_closest_marker("app_config")
    overrides = marker.kwargs if marker else {}
    application = make_app(url, **overrides)
    application.test_client_class = FreshGlobalsClient
    with application.app_context():
        yield application
        from app.extensions import db

        db.session.remove()
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
    config.addinivalue_line("markers", "app_config(**kwargs): extra config for the app fixture")
