"""The citizen page on the 2G profile in real Chromium (360×740, 240 kbit/s, 800 ms round
trip, CPU ×6): it arrives compressed, within 12 KB, styled by its inline stylesheet
(which the Content-Security-Policy allows by hash), and the send still reaches the
receipt. Nothing here is timed: ``bench/phone.py`` measures the times.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tests.conftest import make_app

CHROMIUM = Path("/usr/bin/chromium")
PHONE = {"width": 360, "height": 740}
BUDGET_BYTES = 12 * 1024

if not CHROMIUM.exists():
    pytest.skip("browser tests need Chromium at /usr/bin/chromium", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need Playwright")


@pytest.fixture
def server(databases):
    from werkzeug.serving import make_server

    url = databases.fresh()
    application = make_app(url, WTF_CSRF_ENABLED=True, SERVER_NAME=None)
    httpd = make_server("127.0.0.1", 0, application, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    with application.app_context():
        from app.extensions import db

        db.engine.dispose()
    databases.drop(url)


def test_the_citizen_page_on_a_slow_phone(server, shared_chromium):
    context = shared_chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        violations = []
        page.on("console", lambda m: "Content Security Policy" in m.text
                and violations.append(m.text))
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {
            "offline": False, "latency": 800,
            "downloadThroughput": 240_000 / 8, "uploadThroughput": 240_000 / 8,
        })
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 6})
        encodings = {}
        page.on("response", lambda r: encodings.__setitem__(
            r.url, r.headers.get("content-encoding")))
        page.goto(f"{server}/j/DEMO01", wait_until="load")

        moved = page.evaluate("""() => performance.getEntriesByType("navigation")
            .concat(performance.getEntriesByType("resource"))
            .reduce((sum, e) => sum + e.encodedBodySize, 0)""")
        assert moved <= BUDGET_BYTES, moved
        assert encodings[f"{server}/j/DEMO01"] in ("gzip", "br", "zstd", "deflate")
        # the inline stylesheet applies: the header bar has its colour, not the default
        header = page.evaluate(
            "getComputedStyle(document.querySelector('header.top')).backgroundColor")
        assert header not in ("rgba(0, 0, 0, 0)", "transparent"), header
        assert violations == []
        paints = page.evaluate(
            "performance.getEntriesByType('paint').map(e => e.name)")
        assert "first-contentful-paint" in paints

        page.locator('input[name="group"]').first.check()
        names = page.eval_on_selector_all(
            'input[type="radio"][value="4"]', "els => els.map(e => e.name)")
        for name in names:
            page.locator(f'input[name="{name}"][value="4"]').check()
        page.locator("#scorecard button[type=submit]").last.click()
        page.wait_for_selector("p.receipt", timeout=60_000)
        assert page.locator("p.receipt").inner_text().strip()
    finally:
        context.close()
