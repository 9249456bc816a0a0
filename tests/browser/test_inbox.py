"""An official's inbox in Chromium at a phone's, a tablet's and a laptop's width: overdue
actions first and marked, filters, an answer sent from the phone with the office filled
in the second time; and the administrator's grouped, searchable area list.
(Skipped without a browser.)"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.extensions import db
from app.models import ConsensusScore
from app.services.action_plan import ActionInput, add_action
from app.services.rounds import publish
from scorecards.lifecycle import Phase
from tests.browser.staff_pages import (
    WIDTHS,
    outside_viewport,
    page_scrolls_sideways,
    serving,
    sign_in,
)
from tests.support.factories import PASSWORD

OFFICE = "Дорнод аймгийн Эрүүл мэндийн газар"


@pytest.fixture
def live_server(base_app):
    with serving(base_app) as url:
        yield url


@pytest.fixture
def official(create_user, create_round):
    """A published Dornod round with an overdue and a later action, and its official."""
    facilitator = create_user("facilitator", ["MN-061"])
    round_ = create_round(facilitator)
    for text, days in (("Эмийн сан нээх хугацаа хойшлох", 40),
                       ("Хүлээлгийн танхимыг халаах", -5)):
        add_action(round_, ActionInput(f"ri-{round_.indicators[0].id}", text, "soum_governor",
                                       due_date=date.today() + timedelta(days=days)))
    group = next(g for g in round_.groups if g.side == "community")
    db.session.add(ConsensusScore(round_id=round_.id, group_id=group.id,
                                  round_indicator_id=round_.indicators[0].id, value=3))
    round_.state = Phase.REVIEW
    db.session.flush()
    publish(round_)
    db.session.commit()
    return create_user("official", ["MN-061"])


@pytest.mark.parametrize("width", WIDTHS)
def test_official_answers_from_the_inbox(browser, live_server, official, width):
    page = browser.new_context(viewport={"width": width, "height": 740}).new_page()
    sign_in(page, live_server, official.email, PASSWORD)
    page.get_by_role("link", name="Хариулах арга хэмжээ").first.click()
    page.wait_for_url(f"{live_server}/inbox/")
    assert not page_scrolls_sideways(page)
    titles = page.locator("ul.inbox > li h2").all_inner_texts()
    assert titles == ["Хүлээлгийн танхимыг халаах", "Эмийн сан нээх хугацаа хойшлох"]
    first = page.locator("ul.inbox > li").first
    assert "Хугацаа хэтэрсэн" in first.inner_text()
    assert outside_viewport(page, "ul.inbox h2, ul.inbox button, ul.inbox textarea") == []

    page.check('input[name="overdue"]')
    with page.expect_navigation():
        page.get_by_role("button", name="Шүүх").click()
    assert page.locator("ul.inbox > li h2").all_inner_texts() == ["Хүлээлгийн танхимыг халаах"]

    first = page.locator("ul.inbox > li").first
    first.locator('input[name$="-office"]').fill(OFFICE)
    first.locator('textarea[name$="-body"]').fill("Зуух сэлбэнэ.")
    with page.expect_navigation():
        first.get_by_role("button", name="Хариу илгээх").click()
    assert "нийтэллээ" in page.locator(".flash").inner_text()
    assert not page_scrolls_sideways(page)

    page.goto(f"{live_server}/inbox/")
    later = page.locator("ul.inbox > li", has_text="Эмийн сан нээх хугацаа хойшлох")
    assert later.locator('input[name$="-office"]').input_value() == OFFICE
    later.locator('textarea[name$="-body"]').fill("Төсөвт тусгана.")
    with page.expect_navigation():
        later.get_by_role("button", name="Хариу илгээх").click()
    history = page.locator("#history table")
    assert history.locator("tbody tr").count() == 2
    assert OFFICE in history.inner_text()
    assert not page_scrolls_sideways(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_admin_finds_areas_by_aimag(browser, live_server, create_user, width):
    admin = create_user("admin")
    page = browser.new_context(viewport={"width": width, "height": 740}).new_page()
    sign_in(page, live_server, admin.email, PASSWORD)
    page.goto(f"{live_server}/admin/users/new")
    assert not page_scrolls_sideways(page)
    assert page.locator('select[name="role"]').input_value() == "provider"
    page.fill("#area_ids-filter", "Матад")
    visible = page.eval_on_selector_all(
        "#area_ids optgroup", "(groups) => groups.filter((g) => !g.hidden).map((g) => g.label)"
    )
    assert visible == ["Дорнод"]
    page.select_option("#area_ids", label="Матад")
    assert "Матад" in page.inner_text(".area-chosen")
    page.goto(f"{live_server}/admin/audit")
    assert not page_scrolls_sideways(page)  # the wide table scrolls in its own box
