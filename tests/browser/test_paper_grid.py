"""The paper-entry grid used by keyboard only, in Chromium (skipped without a browser)."""

from __future__ import annotations

import shutil
import threading

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Response
from tests.app.cycle.helpers import EAST, open_demo_round

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def live_server(app):
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def page(live_server):
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    if not shutil.which(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM}: browser test skipped")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        yield context.new_page()
        browser.close()


def test_paper_forms_typed_with_the_keyboard(page, live_server):
    round_ = open_demo_round()
    group = next(g for g in round_.groups if g.side == "community")
    page.goto(f"{live_server}/auth/login")
    page.fill("#email", EAST)
    page.fill("#password", "demo-password")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/workspace/")
    page.goto(f"{live_server}/rounds/{round_.id}/paper?rows=3")

    page.focus('input[name="r-0-respondent_id"]')
    page.keyboard.type("K1")
    for _ in range(4):  # group, gender, age, then the first indicator
        page.keyboard.press("Tab")
    page.keyboard.type("4")
    page.keyboard.press("Enter")  # the same column of the next form
    focused = page.evaluate("document.activeElement.name")
    assert focused == f"r-1-{round_.indicators[0].indicator.code}"
    page.keyboard.type("2")
    page.keyboard.press("Tab")
    page.keyboard.type("na")
    total = page.text_content('[data-col-total="0"]')
    assert total.strip() == "2 / 3.0"  # totals as you type
    page.focus('input[name="r-1-respondent_id"]')
    page.keyboard.type("K2")
    page.select_option('select[name="r-1-group"]', str(group.id))
    page.focus(f'input[name="r-2-{round_.indicators[0].indicator.code}"]')
    page.keyboard.press("Enter")  # past the last row: the save button
    assert page.evaluate("document.activeElement.type") == "submit"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    db.session.expire_all()
    refs = db.session.scalars(
        select(Response.respondent_ref).where(
            Response.round_id == round_.id, Response.channel == "paper"
        )
    ).all()
    assert sorted(refs) == ["K1", "K2"]


def test_group_tally_grid_by_keyboard_shows_totals(page, live_server):
    round_ = open_demo_round()
    group = next(g for g in round_.groups if g.side == "community")
    first, second = round_.indicators[0], round_.indicators[1]
    page.goto(f"{live_server}/auth/login")
    page.fill("#email", EAST)
    page.fill("#password", "demo-password")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/workspace/")
    page.goto(f"{live_server}/rounds/{round_.id}/tallies?group={group.id}")
    page.focus(f'input[name="t-{first.id}-1"]')
    page.keyboard.type("2")
    page.keyboard.press("Tab")
    page.keyboard.type("3")
    assert page.text_content(f'tr:has(input[name="t-{first.id}-1"]) [data-total]').strip() == "5"
    page.keyboard.press("Enter")  # down to the next indicator, same point
    assert page.evaluate("document.activeElement.name") == f"t-{second.id}-2"
    page.keyboard.type("1")
    with page.expect_navigation():
        page.click("form.grid-form button[type=submit]")
    db.session.expire_all()
    from app.models import Tally

    stored = {
        (t.round_indicator_id, t.point, t.count)
        for t in db.session.scalars(select(Tally).where(Tally.group_id == group.id))
    }
    assert stored == {(first.id, "1", 2), (first.id, "2", 3), (second.id, "2", 1)}
