"""The paper-entry grid in Chromium at a phone's, a tablet's and a laptop's width: one
card per paper form that fits the screen, every indicator's text beside its box, choices
that read in full and are never made silently, and typing by keyboard only.
(Skipped without a browser.)"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Response
from tests.app.views.helpers import EAST, open_demo_round
from tests.browser.staff_pages import (
    WIDTHS,
    cut_choices,
    outside_viewport,
    page_scrolls_sideways,
    sign_in,
)


def _signed_in_page(browser, live_server, width: int):
    page = browser.new_context(viewport={"width": width, "height": 800}).new_page()
    sign_in(page, live_server, EAST, "demo-password")
    return page


def test_paper_forms_typed_with_the_keyboard(browser, live_server):
    round_ = open_demo_round()
    group = next(g for g in round_.groups if g.side == "community")
    page = _signed_in_page(browser, live_server, 1280)
    page.goto(f"{live_server}/rounds/{round_.id}/paper?rows=3")
    codes = [ri.indicator.code for ri in round_.indicators if ri.asked_of("community")]

    page.focus('input[name="r-0-respondent_id"]')
    page.keyboard.type("K1")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "r-0-group"
    page.select_option('select[name="r-0-group"]', str(group.id))
    page.select_option('select[name="r-0-gender"]', "female")
    page.select_option('select[name="r-0-age_band"]', "35_59")
    page.focus('select[name="r-0-age_band"]')
    page.keyboard.press("Tab")  # the first indicator
    page.keyboard.type("4")
    page.keyboard.press("Enter")  # the same indicator of the next form
    assert page.evaluate("document.activeElement.name") == f"r-1-{codes[0]}"
    page.keyboard.type("2")
    page.keyboard.press("Tab")
    page.keyboard.type("na")
    page.keyboard.press("ArrowUp")  # back to the form above, same indicator
    assert page.evaluate("document.activeElement.name") == f"r-0-{codes[1]}"
    assert page.text_content('[data-col-total="0"]').strip() == "2 / 3.0"  # totals as you type
    page.focus('input[name="r-1-respondent_id"]')
    page.keyboard.type("K2")
    page.select_option('select[name="r-1-group"]', str(group.id))
    page.select_option('select[name="r-1-gender"]', "undisclosed")
    page.select_option('select[name="r-1-age_band"]', "undisclosed")
    page.focus(f'input[name="r-2-{codes[0]}"]')
    page.keyboard.press("Enter")  # past the last form: the save button
    assert page.evaluate("document.activeElement.type") == "submit"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "2" in page.text_content(".flash-success")
    db.session.expire_all()
    stored = db.session.scalars(
        select(Response).where(Response.round_id == round_.id, Response.channel == "paper")
    ).all()
    assert sorted((r.respondent_ref, r.gender) for r in stored) == [
        ("K1", "female"),
        ("K2", "undisclosed"),
    ]


@pytest.mark.parametrize("width", WIDTHS)
def test_paper_grid_fits_the_screen_with_every_indicator_named(browser, live_server, width):
    round_ = open_demo_round()
    indicators = [ri for ri in round_.indicators if ri.asked_of("community")]
    page = _signed_in_page(browser, live_server, width)
    page.goto(f"{live_server}/rounds/{round_.id}/paper")

    assert not page_scrolls_sideways(page)
    for ri in indicators:
        label = page.locator(f'label[for="r-0-{ri.indicator.code}"]')
        assert ri.indicator.text("mn") in label.text_content()
        assert label.is_visible()
        box = page.locator(f'input[name="r-0-{ri.indicator.code}"]').bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width
    assert outside_viewport(page, ".entry-card label, .entry-card select, .entry-card input") == []
    assert cut_choices(page, ".entry-card select") == []
    chosen = page.eval_on_selector_all(
        ".entry-card select", "(selects) => selects.map((s) => s.value)"
    )
    assert chosen and set(chosen) == {""}  # nothing chosen until someone chooses
    words = page.text_content(".scale-words")
    scale = round_.scale.domain()
    for value in scale.point_values():
        assert scale.label(value, "mn") in words


def test_the_scale_word_shows_beside_a_typed_value(browser, live_server):
    round_ = open_demo_round()
    code = next(ri for ri in round_.indicators if ri.asked_of("community")).indicator.code
    scale = round_.scale.domain()
    page = _signed_in_page(browser, live_server, 800)
    page.goto(f"{live_server}/rounds/{round_.id}/paper?rows=2")
    page.focus(f'input[name="r-0-{code}"]')
    page.keyboard.type(str(scale.max_value))
    word = page.text_content(f'li:has(input[name="r-0-{code}"]) [data-word]')
    assert word.strip() == scale.label(scale.max_value, "mn")
