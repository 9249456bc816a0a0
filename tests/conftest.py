"""Shared fixtures: an app on a fresh copy of a seeded database for every test.

The database is SQLite by default; set TEST_DATABASE_URL=postgresql://… to run the
same tests on PostgreSQL (a template database is built once, copied per test and
dropped afterwards).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from flask import g
from flask.testing import FlaskClient

from tests.support.databases import PostgresDatabases, SqliteDatabases


class FreshGlobalsClient(FlaskClient):
    """A test client whose every request starts with an empty ``g``, as in production.

    The ``app`` fixture keeps one app context open for the whole test (so the test can
    use ``db.session``), and Flask reuses an open app context for requests: without
    this, the language, the signed-in user and the CSRF token cached on ``g`` by one
    request would leak into the next.
    """

    def open(self, *args, **kwargs):
        g.__dict__.clear()
        return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def databases(tmp_path_factory):
    url = os.environ.get("TEST_DATABASE_URL", "").strip()
    if url.startswith(("postgres://", "postgresql")):
        factory = PostgresDatabases(url, worker=os.environ.get("PYTEST_XDIST_WORKER", "main"))
    else:
        factory = SqliteDatabases(tmp_path_factory.mktemp("db"))
    factory.build_template()
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


@pytest.fixture
def app(databases, request) -> Iterator:
    """An app bound to its own copy of the seeded demo database."""
    url = databases.fresh()
    marker = request.node.get_closest_marker("app_config")
    overrides = marker.kwargs if marker else {}
    application = make_app(url, **overrides)
    application.test_client_class = FreshGlobalsClient
    with application.app_context():
        yield application
        from app.extensions import db

        db.session.remove()
        db.engine.dispose()
    databases.drop(url)


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
