"""Fast on a slow network: HTML, CSS, JavaScript, JSON and SVG are compressed when the
browser accepts it, and the citizen page with everything it loads moves at most 12 KB."""

from __future__ import annotations

import gzip
import re

import brotli
import pytest

from scorecards.lifecycle import Phase

# The encoding every browser accepts, and the largest of those offered (Chromium asks
# for zstd, which is smaller): the budget then holds for every browser.
PLAIN_HTTP = "gzip, deflate"
BUDGET_BYTES = 12 * 1024


@pytest.fixture
def join_code(base_app, create_user, create_round):
    from app.extensions import db

    facilitator = create_user(role="facilitator", areas=["MN-061"])
    round_ = create_round(facilitator)
    round_.state = Phase.COMMUNITY_SCORING
    round_.community_open = True
    db.session.commit()
    return round_.community_code


def _assets(page: str) -> list[str]:
    """The stylesheets and scripts a page loads from this site."""
    return re.findall(r'<link rel="stylesheet" href="([^"]+)"', page) + re.findall(
        r'<script src="([^"]+)"', page
    )


def _fixed(body: bytes) -> bytes:
    """``body`` without what changes on every request (a form's id and CSRF token)."""
    body = re.sub(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", b"U", body)
    return re.sub(rb'(csrf[^=]*=")[^"]+"', rb'\1T"', body)


def _decoded(response) -> bytes:
    body = response.get_data()
    encoding = response.headers.get("Content-Encoding")
    if encoding == "gzip":
        return gzip.decompress(body)
    if encoding == "br":
        return brotli.decompress(body)
    assert encoding is None, encoding
    return body


@pytest.mark.parametrize(("accept", "encoding"), [("gzip", "gzip"), ("br", "br")])
def test_text_responses_are_compressed_when_accepted(base_app, join_code, accept, encoding):
    client = base_app.test_client()
    page = client.get(f"/j/{join_code}").get_data(as_text=True)
    urls = [f"/j/{join_code}", *_assets(page), "/static/css/egekh.css", "/api/v1/areas",
            "/reports/map.svg", "/j"]
    kinds = set()
    for url in urls:
        plain = client.get(url)
        packed = client.get(url, headers={"Accept-Encoding": accept})
        assert plain.status_code == packed.status_code == 200, url
        assert "Content-Encoding" not in plain.headers, url
        assert packed.headers["Content-Encoding"] == encoding, url
        assert "Accept-Encoding" in packed.headers["Vary"], url
        assert _fixed(_decoded(packed)) == _fixed(plain.get_data()), url
        assert len(packed.get_data()) < len(plain.get_data()), url
        kinds.add(packed.mimetype)
    assert kinds >= {"text/html", "text/css", "text/javascript", "application/json",
                     "image/svg+xml"}


def test_the_citizen_page_moves_at_most_12_kb(base_app, join_code):
    client = base_app.test_client()
    page = client.get(f"/j/{join_code}", headers={"Accept-Encoding": PLAIN_HTTP})
    assets = _assets(_decoded(page).decode())
    assert assets  # its stylesheet and script are counted too
    moved = len(page.get_data()) + sum(
        len(client.get(url, headers={"Accept-Encoding": PLAIN_HTTP}).get_data()) for url in assets
    )
    assert moved <= BUDGET_BYTES, moved


def test_signed_in_staff_pages_are_not_compressed_but_their_files_are(
    base_app, create_user, sign_in
):
    """A staff page holds the session's CSRF token beside text the user typed:
    compressing it would let someone measuring the traffic guess the token (BREACH)."""
    client = base_app.test_client()
    sign_in(client, create_user(role="admin"))
    page = client.get("/account/password", headers={"Accept-Encoding": "gzip"})
    assert page.status_code == 200 and "Content-Encoding" not in page.headers
    (stylesheet, *_rest) = _assets(page.get_data(as_text=True))
    css = client.get(stylesheet, headers={"Accept-Encoding": "gzip"})
    assert css.headers["Content-Encoding"] == "gzip"
