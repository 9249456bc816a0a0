"""The scorecard in real Chromium at a 360×740 phone viewport, against a real server.

Skipped with a message when /usr/bin/chromium or Playwright is not installed.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from app.models import Response
from tests.conftest import make_app

CHROMIUM = Path("/usr/bin/chromium")
PHONE = {"width": 360, "height": 740}

if not CHROMIUM.exists():
    pytest.skip(
        "browser tests need Chromium at /usr/bin/chromium (apt-get install chromium)",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need Playwright")


@pytest.fixture
def server(databases):
    """The app on a fresh seeded database, served by werkzeug on a free local port."""
    from werkzeug.serving import make_server

    url = databases.fresh()
    application = make_app(url, WTF_CSRF_ENABLED=True, SERVER_NAME=None)
    httpd = make_server("127.0.0.1", 0, application, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    engine = create_engine(application.config["SQLALCHEMY_DATABASE_URI"])

    def stored(uuid: str | None = None) -> int:
        query = select(func.count(Response.id))
        if uuid:
            query = query.where(Response.uuid == uuid)
        with engine.connect() as connection:
            return connection.scalar(query)

    def execute(sql: str) -> None:
        with engine.begin() as connection:
            connection.execute(text(sql))

    yield {
        "base": f"http://127.0.0.1:{httpd.server_port}",
        "stored": stored,
        "execute": execute,
    }
    httpd.shutdown()
    engine.dispose()
    with application.app_context():
        from app.extensions import db

        db.engine.dispose()
    databases.drop(url)


def _context(browser, javascript: bool = True):
    return browser.new_context(viewport=PHONE, java_script_enabled=javascript, is_mobile=True)


def _fill(page) -> str:
    """Answer every question (4 = good) and choose the first group; return the UUID."""
    page.locator('input[name="group"]').first.check()
    names = page.eval_on_selector_all(
        'input[type="radio"][value="4"]', "els => els.map(e => e.name)"
    )
    assert len(names) >= 8
    for name in names:
        page.locator(f'input[name="{name}"][value="4"]').check()
    page.locator("textarea").first.fill("Багш нар цагтаа ирдэг болсон")
    return page.locator('input[name="uuid"]').input_value()


def _assert_fits_a_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"horizontal scroll: page is {width}px wide"
    small = page.evaluate(
        """() => [...document.querySelectorAll('label.opt, button, .langs a, summary')]
             .filter(e => e.offsetParent !== null)
             .map(e => [e.textContent.trim().slice(0, 30), e.getBoundingClientRect().height])
             .filter(([, h]) => h < 44)"""
    )
    assert small == [], f"touch targets under 44 px: {small}"


def test_complete_a_scorecard_with_javascript(browser, server):
    context = _context(browser)
    page = context.new_page()
    page.goto(server["base"] + "/j/demo01")
    _assert_fits_a_phone(page)
    uuid = _fill(page)
    page.get_by_role("button", name="Хариултаа илгээх").click()
    page.wait_for_url("**/thanks?r=*")
    assert "Баярлалаа" in page.content()
    _assert_fits_a_phone(page)
    assert server["stored"](uuid) == 1
    context.close()


def test_complete_a_scorecard_with_javascript_disabled(browser, server):
    context = _context(browser, javascript=False)
    page = context.new_page()
    page.goto(server["base"] + "/j/DEMO01")
    before = server["stored"]()
    page.locator('input[name="group"]').first.check()
    page.get_by_role("button", name="Хариултаа илгээх").click()
    assert "Хариултаа сонгоно уу" in page.content()  # errors next to the questions
    assert page.locator('input[name="group"]').first.is_checked()  # what was chosen is kept
    assert server["stored"]() == before
    uuid = _fill(page)
    page.get_by_role("button", name="Хариултаа илгээх").click()
    page.wait_for_url("**/thanks?r=*")
    assert server["stored"](uuid) == 1
    assert server["stored"]() == before + 1
    context.close()


def test_offline_send_is_kept_on_the_phone_and_sent_once_when_back_online(browser, server):
    context = _context(browser)
    page = context.new_page()
    page.goto(server["base"] + "/j/DEMO01")
    uuid = _fill(page)
    context.set_offline(True)
    page.get_by_role("button", name="Хариултаа илгээх").click()
    status = page.locator("#status")
    sync_api.expect(status).to_contain_text("Энэ утсанд хадгалагдлаа")
    assert server["stored"](uuid) == 0
    context.set_offline(False)
    page.wait_for_url("**/thanks?r=*", timeout=30000)
    assert server["stored"](uuid) == 1
    context.close()


def test_answers_survive_a_reload_and_a_queued_send_goes_on_next_open(browser, server):
    context = _context(browser)
    page = context.new_page()
    page.goto(server["base"] + "/j/DEMO01")
    uuid = _fill(page)
    page.reload()
    assert page.locator('input[name="uuid"]').input_value() == uuid
    assert page.locator('input[name="group"]').first.is_checked()
    context.set_offline(True)
    page.get_by_role("button", name="Хариултаа илгээх").click()
    sync_api.expect(page.locator("#status")).to_contain_text("Энэ утсанд хадгалагдлаа")
    page.close()
    context.set_offline(False)
    page = context.new_page()
    page.goto(server["base"] + "/j/DEMO01")
    page.wait_for_url("**/thanks?r=*", timeout=30000)
    assert server["stored"](uuid) == 1
    context.close()


def test_the_same_response_sent_twice_is_stored_once(browser, server):
    context = _context(browser)
    page = context.new_page()
    page.goto(server["base"] + "/j/DEMO01")
    uuid = _fill(page)
    results = page.evaluate(
        """async () => {
          const form = document.getElementById('scorecard');
          const body = {};
          new FormData(form).forEach((v, k) => { if (k !== 'csrf_token') body[k] = v; });
          const send = () => fetch(form.dataset.jsonUrl, {method: 'POST',
            headers: {'Content-Type': 'application/json', 'X-CSRFToken': form.dataset.csrf},
            body: JSON.stringify(body)}).then(async r => [r.status, (await r.json()).receipt]);
          return [await send(), await send()];
        }"""
    )
    assert results[0][0] == 201 and results[1][0] == 200
    assert results[0][1] == results[1][1]
    assert server["stored"](uuid) == 1
    context.close()


def test_double_click_without_javascript_stores_one_response(browser, server):
    context = _context(browser, javascript=False)
    page = context.new_page()
    page.goto(server["base"] + "/j/DEMO01")
    uuid = _fill(page)
    page.get_by_role("button", name="Хариултаа илгээх").dblclick()
    # The second click aborts the first navigation; poll the address, not one navigation.
    sync_api.expect(page).to_have_url(re.compile(r"/thanks\?r=[0-9A-Z-]+$"), timeout=15000)
    assert server["stored"](uuid) == 1
    context.close()


def test_visited_scorecard_opens_offline(browser, server):
    context = _context(browser)
    page = context.new_page()
    page.goto(server["base"] + "/j/DEMO01")
    assert page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now controlled by the service worker, which caches the page
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    context.set_offline(True)
    page.reload()
    assert page.locator('input[name="group"]').count() > 0
    context.close()


def test_shared_tablet_starts_afresh_for_the_next_participant(browser, server):
    server["execute"]("UPDATE round SET shared_device = TRUE WHERE community_code = 'DEMO01'")
    context = _context(browser)
    page = context.new_page()
    page.goto(server["base"] + "/j/DEMO01")
    first = _fill(page)
    page.get_by_role("button", name="Хариултаа илгээх").click()
    sync_api.expect(page.locator("#status")).to_contain_text("Илгээгдлээ")
    assert not page.locator('input[name="group"]').first.is_checked()
    second = page.locator('input[name="uuid"]').input_value()
    assert second != first
    assert _fill(page) == second
    page.get_by_role("button", name="Хариултаа илгээх").click()
    sync_api.expect(page.locator("#status")).to_contain_text("Илгээгдлээ")
    assert server["stored"](first) == 1 and server["stored"](second) == 1
    context.close()
