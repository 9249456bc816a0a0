"""The public pages on a 360 px phone in Chromium: nothing scrolls sideways (a wide
table scrolls inside its own box), and the national map names every aimag and links
each to its report; the map also opens on its own. (Skipped without a browser.)"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Area, Facility, Round
from scorecards.lifecycle import Phase
from tests.browser.staff_pages import page_scrolls_sideways

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def phone(browser):
    return browser.new_context(viewport=PHONE).new_page()


def _public_pages() -> list[str]:
    published = db.session.scalars(
        select(Facility.id).join(Round, Round.facility_id == Facility.id)
        .where(Round.state == Phase.PUBLISHED).order_by(Facility.id)
    ).first()
    return [
        "/", "/reports/", "/reports/?sector=health", "/reports/MN-061", "/reports/MN-043",
        "/reports/MN-1", "/reports/MN-064",  # a report with data, and ones without
        "/aimags/", "/aimags/MN-061", f"/facilities/{published}", "/data",
    ]


def _wider_than_the_screen(page) -> list[str]:
    """Elements (tag.class: text) whose right edge passes the screen's, outside any box
    that scrolls on its own."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('main *, header *, footer *'))
        .filter((el) => {
            const box = el.getBoundingClientRect();
            if (box.width === 0 || box.right <= window.innerWidth + 0.5) { return false; }
            for (let up = el.parentElement; up; up = up.parentElement) {
                if (['auto', 'scroll'].includes(getComputedStyle(up).overflowX)) { return false; }
            }
            return true;
        }).slice(0, 5).map((el) => el.tagName + '.' + el.className + ': '
                            + el.textContent.trim().slice(0, 60))"""
    )


def test_no_public_page_scrolls_sideways_on_a_phone(app, live_server, phone):
    for path in _public_pages():
        for lang in ("mn", "en", "kk"):
            phone.goto(f"{live_server}/lang/{lang}")
            phone.goto(f"{live_server}{path}")
            assert phone.title(), path
            assert not page_scrolls_sideways(phone), (path, lang, _wider_than_the_screen(phone))
            assert _wider_than_the_screen(phone) == [], (path, lang)


def test_wide_tables_scroll_inside_their_own_box(app, live_server, phone):
    phone.goto(f"{live_server}/lang/en")
    phone.goto(f"{live_server}/reports/")
    wide = phone.evaluate(
        """() => Array.from(document.querySelectorAll('table')).filter(
            (t) => t.scrollWidth > window.innerWidth).map((t) => getComputedStyle(
            t.parentElement).overflowX)"""
    )
    assert wide and set(wide) == {"auto"}, wide


def test_the_map_names_every_aimag_and_links_to_its_report(app, live_server, phone):
    aimags = db.session.scalars(select(Area).where(Area.top_level())).all()
    phone.goto(f"{live_server}/lang/en")
    phone.goto(f"{live_server}/reports/")
    names = phone.evaluate(
        "() => Array.from(document.querySelectorAll('.map-box svg text')).map(t => t.textContent)"
    )
    shown = " ".join(names).replace("- ", "-")
    for area in aimags:
        for part in area.name_en.split("-"):
            assert part in shown, (area.name_en, names)
    links = phone.evaluate(
        "() => Array.from(document.querySelectorAll('.map-box svg a'))"
        ".map(a => a.getAttribute('href'))"
    )
    assert {f"/reports/{a.code}" for a in aimags} == set(links)
    # the texts are at least 11 px high on the phone
    smallest = phone.evaluate(
        """() => Math.min(...Array.from(document.querySelectorAll('.map-box svg text')).map(
            (t) => t.getBoundingClientRect().height))"""
    )
    assert smallest >= 11, smallest
    # an aimag is a link people follow: tap a point inside Dornod
    x, y = phone.evaluate(
        """() => {
            const box = document.querySelector('.map-box svg a[href="/reports/MN-061"]')
                .getBoundingClientRect();
            for (let i = 1; i < 10; i++) { for (let j = 1; j < 10; j++) {
                const x = box.x + box.width * i / 10, y = box.y + box.height * j / 10;
                const hit = document.elementFromPoint(x, y).closest('a');
                if (hit && hit.getAttribute('href') === '/reports/MN-061') { return [x, y]; }
            } }
            return [null, null];
        }"""
    )
    assert x is not None
    with phone.expect_navigation():
        phone.mouse.click(x, y)
    assert phone.url.endswith("/reports/MN-061")
    assert "Dornod" in phone.text_content("h1")


def test_the_map_opens_on_its_own(app, live_server, phone):
    phone.goto(f"{live_server}/lang/en")
    response = phone.goto(f"{live_server}/reports/map.svg")
    assert response.headers["content-type"].startswith("image/svg+xml")
    # rendered as an SVG document with its colours (no style the page policy refuses)
    fills = phone.evaluate(
        """() => Array.from(document.querySelectorAll('path')).map(
            (p) => getComputedStyle(p).fill)"""
    )
    assert len(fills) >= 22 and "rgb(0, 0, 0)" not in fills
    assert phone.evaluate("document.documentElement.namespaceURI") == "http://www.w3.org/2000/svg"
    assert "Dornod" in phone.evaluate("document.documentElement.textContent")
