"""Staff work survives the network, in Chromium: a save made while the network is down
is kept on the device with a visible count, survives a reload, and is sent once when
the network returns; a save whose answer was lost is not stored twice.
(Skipped without a browser.)"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Response, Tally
from tests.app.views.helpers import EAST, open_demo_round
from tests.browser.staff_pages import sign_in


@pytest.fixture
def context(browser):
    return browser.new_context(viewport={"width": 800, "height": 800})


def _expect_waiting(page, count: int) -> None:
    """The page says ``count`` saves are kept, waiting to be sent (the words come from
    the page's own catalogue: only the number is checked)."""
    from playwright.sync_api import expect

    status = page.locator("[data-outbox-status]")
    expect(status).to_have_attribute("data-state", "kept")
    expect(status).to_contain_text(re.compile(rf"\b{count}\b"))


def _tallies(group_id: int) -> set[tuple[int, str, int]]:
    db.session.expire_all()
    return {
        (t.round_indicator_id, t.point, t.count)
        for t in db.session.scalars(select(Tally).where(Tally.group_id == group_id))
    }


def _paper_forms(round_id: int) -> int:
    db.session.expire_all()
    return db.session.scalar(
        select(func.count(Response.id)).where(
            Response.round_id == round_id, Response.channel == "paper"
        )
    )


def test_group_entry_saved_offline_is_kept_and_sent_once_when_online(context, live_server):
    round_ = open_demo_round()
    group = next(g for g in round_.groups if g.side == "community")
    first = next(ri for ri in round_.indicators if ri.asked_of("community"))
    page = context.new_page()
    sign_in(page, live_server, EAST, "demo-password")
    url = f"{live_server}/rounds/{round_.id}/tallies?group={group.id}"
    page.goto(url)
    page.fill(f'input[name="t-{first.id}-1"]', "4")
    page.fill(f'input[name="c-{first.id}-reason"]', "Багш нар цагтаа ирдэг")
    page.fill(f'input[name="c-{first.id}-value"]', "3")

    context.set_offline(True)
    page.click("form.grid-form button[type=submit]")
    _expect_waiting(page, 1)
    assert page.url == url  # still the page with the typing, not the browser's error
    assert _tallies(group.id) == set()

    # The page is opened again while saving still fails (a server error): the kept save
    # stays, counted, and the form shows what was typed.
    def server_error(route):
        if route.request.method == "POST":
            return route.fulfill(status=503)
        return route.continue_()

    page.route("**/tallies?*", server_error)
    context.set_offline(False)
    page.goto(url)
    _expect_waiting(page, 1)
    assert page.input_value(f'input[name="t-{first.id}-1"]') == "4"
    assert _tallies(group.id) == set()

    page.unroute("**/tallies?*")
    context.set_offline(True)
    with page.expect_navigation():
        context.set_offline(False)  # the network returns: the kept save is sent
    page.wait_for_load_state()
    assert page.locator(".flash-success").count() == 1
    assert not page.locator("[data-outbox-status]").is_visible()  # nothing waits
    assert _tallies(group.id) == {(first.id, "1", 4)}
    assert page.input_value(f'input[name="c-{first.id}-reason"]') == "Багш нар цагтаа ирдэг"
    kept = page.evaluate("JSON.parse(localStorage.getItem('egekh.staff.outbox') || '[]')")
    assert kept == []


def test_paper_forms_whose_answer_was_lost_are_stored_once(context, live_server):
    round_ = open_demo_round()
    group = next(g for g in round_.groups if g.side == "community")
    code = next(ri for ri in round_.indicators if ri.asked_of("community")).indicator.code
    page = context.new_page()
    sign_in(page, live_server, EAST, "demo-password")
    url = f"{live_server}/rounds/{round_.id}/paper?side=community&rows=2"
    page.goto(url)
    before = _paper_forms(round_.id)
    page.fill('input[name="r-0-respondent_id"]', "LOST-1")
    page.select_option('select[name="r-0-group"]', str(group.id))
    page.select_option('select[name="r-0-gender"]', "male")
    page.select_option('select[name="r-0-age_band"]', "18_34")
    page.fill(f'input[name="r-0-{code}"]', "5")

    # The save reaches the server, but its answer is lost on the way back.
    def lose_the_answer(route):
        if route.request.method != "POST":
            return route.continue_()
        route.fetch(max_redirects=0)
        return route.abort("internetdisconnected")

    page.route("**/paper?*", lose_the_answer)
    page.click("form.grid-form button[type=submit]")
    _expect_waiting(page, 1)
    page.unroute("**/paper?*")
    with page.expect_navigation():
        page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_load_state()
    # The repeat is recognised by the page's UUID as the save already stored: not a
    # second form, and not refused as a form number typed twice.
    assert _paper_forms(round_.id) == before + 1
    assert "1" in page.text_content(".flash-success")
    assert page.locator(".flash-error, .error").count() == 0
    assert not page.locator("[data-outbox-status]").is_visible()


def test_the_meeting_record_saved_offline_is_sent_when_online(context, live_server):
    from app.models import InterfaceMeeting

    round_ = open_demo_round()
    page = context.new_page()
    sign_in(page, live_server, EAST, "demo-password")
    page.goto(f"{live_server}/rounds/{round_.id}/meeting")
    page.fill("#place", "Сумын соёлын төвийн танхим")
    page.fill("#held_on", "2026-11-20")
    context.set_offline(True)
    page.click("form[data-keep-offline] button[type=submit]")
    _expect_waiting(page, 1)
    db.session.expire_all()
    assert (
        db.session.scalar(select(InterfaceMeeting).where(InterfaceMeeting.round_id == round_.id))
        is None
    )
    with page.expect_navigation():
        context.set_offline(False)
    page.wait_for_load_state()
    db.session.expire_all()
    meeting = db.session.scalar(
        select(InterfaceMeeting).where(InterfaceMeeting.round_id == round_.id)
    )
    assert meeting is not None and meeting.place == "Сумын соёлын төвийн танхим"
    assert page.locator(".flash-success").count() == 1


def test_a_kept_save_the_server_refuses_shows_its_problems(context, live_server):
    round_ = open_demo_round()
    group = next(g for g in round_.groups if g.side == "community")
    first = next(ri for ri in round_.indicators if ri.asked_of("community"))
    page = context.new_page()
    sign_in(page, live_server, EAST, "demo-password")
    page.goto(f"{live_server}/rounds/{round_.id}/tallies?group={group.id}")
    page.fill(f'input[name="t-{first.id}-2"]', "abc")
    context.set_offline(True)
    page.click("form.grid-form button[type=submit]")
    _expect_waiting(page, 1)
    with page.expect_navigation():
        context.set_offline(False)
    page.wait_for_load_state()
    # The server's answer, as a plain post shows it: the cell marked, what was typed kept.
    assert page.locator(".flash-error").count() == 1
    assert page.input_value(f'input[name="t-{first.id}-2"]') == "abc"
    assert page.get_attribute(f'input[name="t-{first.id}-2"]', "aria-invalid") == "true"
    assert _tallies(group.id) == set()
    kept = page.evaluate("JSON.parse(localStorage.getItem('egekh.staff.outbox') || '[]')")
    assert kept == []
