"""The phase stepper of the round pages in Chromium at a phone's, a tablet's and a
laptop's width: the seven phases in view with the current one marked, what blocks the
next step in words, the round's pages grouped under the phases, a coordinator's
send-back comment and the publication confirmation. (Skipped without a browser.)"""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import ConsensusScore
from scorecards.lifecycle import Phase
from tests.browser.staff_pages import (
    WIDTHS,
    outside_viewport,
    page_scrolls_sideways,
    serving,
    sign_in,
)
from tests.support.factories import PASSWORD


@pytest.fixture
def live_server(base_app):
    with serving(base_app) as url:
        yield url


@pytest.fixture
def staff(create_user, create_organisation):
    organisation = create_organisation()
    return (
        create_user("facilitator", ["MN-061"], organisation=organisation),
        create_user("coordinator", ["MN-061"], organisation=organisation),
    )


def _page(browser, server, user, width: int):
    page = browser.new_context(viewport={"width": width, "height": 740}).new_page()
    sign_in(page, server, user.email, PASSWORD)
    return page


@pytest.mark.parametrize("width", WIDTHS)
def test_stepper_marks_the_phase_and_says_what_blocks_it(
    browser, live_server, staff, create_round, width
):
    facilitator, _coordinator = staff
    round_ = create_round(facilitator)
    round_.state = Phase.COMMUNITY_SCORING
    db.session.commit()
    page = _page(browser, live_server, facilitator, width)
    for path in ("", "/indicators", "/actions", "/meeting"):
        page.goto(f"{live_server}/rounds/{round_.id}{path}")
        assert page.locator("ol.steps li").count() == 7
        current = page.locator('ol.steps li[aria-current="step"]')
        assert current.count() == 1 and current.locator(".step-n").inner_text() == "3"
        assert outside_viewport(page, "ol.steps .step-n, .step-now, .round-pages summary") == []
        assert "Иргэдийн оноо хараахан оруулаагүй байна." in page.inner_text(".step-now")
    page.goto(f"{live_server}/rounds/{round_.id}")
    assert not page_scrolls_sideways(page)
    # The scoring pages are in view in the first screen; every other page one tap away.
    paper = page.locator(f'.step-pages a[href="/rounds/{round_.id}/paper"]')
    box = paper.bounding_box()
    assert paper.is_visible() and box["y"] + box["height"] <= 740
    actions = page.locator(f'.all-pages a[href="/rounds/{round_.id}/actions"]')
    assert not actions.is_visible()
    page.locator(".all-pages summary").click()
    actions.click()
    page.wait_for_url(f"{live_server}/rounds/{round_.id}/actions")
    assert page.locator('ol.steps li[aria-current="step"] .step-n').inner_text() == "3"


@pytest.mark.parametrize("width", WIDTHS)
def test_send_back_comment_and_confirmed_publication(
    browser, live_server, staff, create_round, width
):
    facilitator, coordinator = staff
    round_ = create_round(facilitator)
    group = next(g for g in round_.groups if g.side == "community")
    db.session.add(ConsensusScore(round_id=round_.id, group_id=group.id,
                                  round_indicator_id=round_.indicators[0].id, value=4))
    round_.state = Phase.REVIEW
    db.session.commit()

    page = _page(browser, live_server, coordinator, width)
    page.goto(f"{live_server}/rounds/{round_.id}")
    assert not page_scrolls_sideways(page)
    page.fill("#comment", "Шалтгааныг нэмж бичнэ үү.")
    with page.expect_navigation():
        page.get_by_role("button", name="Хөтлөгчид буцаах").click()
    assert page.locator('ol.steps li[aria-current="step"] .step-n').inner_text() == "6"

    page = _page(browser, live_server, facilitator, width)
    page.goto(f"{live_server}/rounds/{round_.id}/actions")
    note = page.locator(".send-back")
    assert note.is_visible() and "Шалтгааныг нэмж бичнэ үү." in note.inner_text()
    assert not page_scrolls_sideways(page)
    db.session.refresh(round_)  # handed in again (the server moved it back)
    round_.state = Phase.REVIEW
    db.session.commit()

    page = _page(browser, live_server, coordinator, width)
    page.goto(f"{live_server}/rounds/{round_.id}")
    publish = page.get_by_role("button", name="Үнэлгээг нийтлэх")
    with page.expect_navigation():
        publish.click()  # the box is not ticked: the server refuses and says why
    error = page.locator("#confirm-error")
    assert error.is_visible() and "чагтална уу" in error.inner_text()
    assert page.locator(".badge.locked").count() == 0
    page.get_by_label("Би энэ үнэлгээг хянасан", exact=False).check()
    with page.expect_navigation():
        publish.click()
    assert page.locator(".badge.locked").is_visible()
    assert page.locator('ol.steps li[aria-current="step"]').count() == 0  # every step done
