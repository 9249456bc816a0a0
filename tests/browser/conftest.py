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


@pytest.fixture
def browser(live_server):
    with chromium() as browser:
        yield browser
