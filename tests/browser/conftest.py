"""Fixtures of the browser tests: the demo served on a live port, and Chromium.

A test module that needs another database (an empty one, ``base_app``) defines its own
``live_server``."""

from __future__ import annotations

import pytest

from tests.browser.staff_pages import chromium, serving


@pytest.fixture
def live_server(app):
    with serving(app) as url:
        yield url


@pytest.fixture(scope="session")
def shared_chromium():
    """One Chromium per test process: starting it costs seconds, a context per test
    keeps tests apart (cookies, storage, viewport) at a fraction of that."""
    with chromium() as browser:
        yield browser


@pytest.fixture
def browser(shared_chromium):
    """The process's Chromium; the contexts a test opens are closed after it."""
    yield shared_chromium
    for context in list(shared_chromium.contexts):
        context.close()
