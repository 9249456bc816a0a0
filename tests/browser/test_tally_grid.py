"""Group entry in Chromium at a phone's, a tablet's and a laptop's width: one card per
indicator with its text, the scale's words beside the points, the consensus and reason
boxes on screen, no group chosen silently, and typing by keyboard only.
(Skipped without a browser.)"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Tally
from tests.app.views.helpers import EAST, open_demo_round
from tests.browser.staff_pages import (
    WIDTHS,
    outside_viewport,
    page_scrolls_sideways,
    sign_in,
)


def _signed_in_page(browser, live_server, width: int):
    page = browser.new_context(viewport={"width": width, "height": 800}).new_page()
    sign_in(page, live_server, EAST, "demo-password")
    return page


def test_group_tally_grid_by_keyboard_shows_totals(browser, live_server):
    round_ = open_demo_round()
    group = next(g for g in round_.groups if g.side == "community")
    first, second = [ri for ri in round_.indicators if ri.asked_of("community")][:2]
    page = _signed_in_page(browser, live_server, 1366)
    page.goto(f"{live_server}/rounds/{round_.id}/tallies?group={group.id}")
    page.focus(f'input[name="t-{first.id}-1"]')
    page.keyboard.type("2")
    page.keyboard.press("Tab")
    page.keyboard.type("3")
    total = page.text_content(f'[data-row]:has(input[name="t-{first.id}-1"]) [data-total]')
    assert total.strip() == "5"
    page.keyboard.press("Enter")  # down to the next indicator, same point
    assert page.evaluate("document.activeElement.name") == f"t-{second.id}-2"
    page.keyboard.type("1")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.name") == f"t-{first.id}-2"
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.name") == f"t-{second.id}-2"
    with page.expect_navigation():
        page.click("form.grid-form button[type=submit]")
    db.session.expire_all()
    stored = {
        (t.round_indicator_id, t.point, t.count)
        for t in db.session.scalars(select(Tally).where(Tally.group_id == group.id))
    }
    assert stored == {(first.id, "1", 2), (first.id, "2", 3), (second.id, "2", 1)}


@pytest.mark.parametrize("width", WIDTHS)
def test_tally_grid_fits_the_screen_with_every_indicator_named(browser, live_server, width):
    round_ = open_demo_round()
    group = next(g for g in round_.groups if g.side == "community")
    indicators = [ri for ri in round_.indicators if ri.asked_of("community")]
    scale = round_.scale.domain()
    page = _signed_in_page(browser, live_server, width)
    page.goto(f"{live_server}/rounds/{round_.id}/tallies?group={group.id}")

    assert not page_scrolls_sideways(page)
    legends = page.locator(".entry-card legend")
    assert legends.count() == len(indicators)
    for index, ri in enumerate(indicators):
        assert ri.indicator.text("mn") in legends.nth(index).text_content()
        assert legends.nth(index).is_visible()
    # Every box, the consensus and the reason included, is on screen.
    assert outside_viewport(page, ".entry-card input, .entry-card legend") == []
    head = page.text_content(f'label[for="t-{indicators[0].id}-{scale.max_value}"]')
    assert scale.label(scale.max_value, "mn") in head


def test_a_group_is_chosen_not_assumed(browser, live_server):
    round_ = open_demo_round()
    groups = [g for g in round_.groups if g.side == "community"]
    assert len(groups) > 1
    page = _signed_in_page(browser, live_server, 360)
    page.goto(f"{live_server}/rounds/{round_.id}/tallies")
    assert page.locator("input[data-count]").count() == 0
    assert not page_scrolls_sideways(page)
    with page.expect_navigation():
        page.get_by_role("link", name=groups[1].label, exact=True).first.click()
    assert page.locator("input[data-count]").count() > 0
    assert groups[1].label in page.text_content("h2")


@pytest.mark.parametrize("width", WIDTHS)
def test_provider_side_fits_the_screen(browser, live_server, width):
    round_ = open_demo_round()
    page = _signed_in_page(browser, live_server, width)
    page.goto(f"{live_server}/rounds/{round_.id}/provider")
    assert not page_scrolls_sideways(page)
    assert outside_viewport(page, "main table.data th, main .button") == []
    page.goto(f"{live_server}/rounds/{round_.id}/tallies?side=provider")
    assert not page_scrolls_sideways(page)
