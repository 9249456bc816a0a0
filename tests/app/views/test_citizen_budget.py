"""Budgets of the citizen pages: 30 KB gzip with CSS and JS, no other hosts, no web fonts,
WCAG AA contrast of the colours the citizen stylesheet uses (a factory-made round with
the standard template's indicators, on a database without the demo)."""

import gzip
import re

import pytest

from app.extensions import db
from tests.app.citizen_helpers import answers

BUDGET = 30 * 1024
ASSET = re.compile(r'<(?:link[^>]+href|script[^>]+src)="([^"]+)"')
ABSOLUTE = re.compile(r"(?:https?:)?//[a-z0-9.-]+", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style>(.*?)</style>", re.S)


@pytest.fixture
def client(base_app):
    """A citizen's phone: nobody signed in."""
    return base_app.test_client()


def _pages(client, round_) -> dict[str, str]:
    code = round_.community_code
    pages = {
        "join": client.get("/j").get_data(as_text=True),
        "scorecard": client.get(f"/j/{code}").get_data(as_text=True),
        "provider": client.get(f"/j/{round_.provider_code}").get_data(as_text=True),
        "unknown": client.get("/j/ZZZZZZ").get_data(as_text=True),
    }
    ri = round_.indicators[0]
    data = answers(round_=round_)
    del data[f"q{ri.id}"]
    pages["errors"] = client.post(f"/j/{code}", data=data).get_data(as_text=True)
    sent = client.post(f"/j/{code}", data=answers(round_=round_))
    pages["thanks"] = client.get(sent.headers["Location"]).get_data(as_text=True)
    pages["already"] = client.get(f"/j/{code}").get_data(as_text=True)
    round_.community_open = False
    db.session.commit()
    pages["closed"] = client.get(f"/j/{code}").get_data(as_text=True)
    return pages


def _gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def test_every_citizen_page_with_its_css_and_js_is_under_30_kb_gzip(client, open_round):
    for name, html in _pages(client, open_round).items():
        total = _gzip_size(html.encode())
        assets = ASSET.findall(html)
        assert assets or INLINE_STYLE.search(html), f"{name}: expected a stylesheet"
        for path in assets:
            response = client.get(path)
            assert response.status_code == 200, path
            total += _gzip_size(response.data)
        assert total <= BUDGET, f"{name}: {total} bytes gzip"


def test_citizen_pages_ask_no_other_host_and_load_no_web_font(client, open_round):
    stylesheet = client.get("/static/css/citizen.css").get_data(as_text=True)
    for name, html in _pages(client, open_round).items():
        # the link preview tags name this site's own pages by absolute address
        own = html.replace("http://www.w3.org", "").replace('content="http://localhost/', '"/')
        assert not ABSOLUTE.search(own), name
        inline = INLINE_STYLE.findall(html)
        assert inline in ([], [stylesheet]), name  # only the site's own stylesheet, inline
        for text in [*inline, *(client.get(p).get_data(as_text=True) for p in ASSET.findall(html))]:
            assert not ABSOLUTE.search(text), name
            assert "@font-face" not in text and "@import" not in text, name
        rest = INLINE_STYLE.sub("", html)
        assert "<script>" not in rest and "style=" not in rest and "<style" not in rest, name


def _luminance(hex_colour: str) -> float:
    hex_colour = hex_colour.lstrip("#")
    if len(hex_colour) == 3:
        hex_colour = "".join(c * 2 for c in hex_colour)
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_helper_matches_known_values():
    assert contrast("#000", "#fff") == pytest.approx(21, rel=0.01)
    assert contrast("#777", "#fff") < 4.5


def test_text_colours_of_the_citizen_stylesheet_meet_wcag_aa(client):
    css = client.get("/static/css/citizen.css").get_data(as_text=True)
    colours = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{3,6})", css))
    pairs = [  # (text, background) as used by the stylesheet
        (colours["ink"], "#fff"),
        (colours["muted"], "#fff"),
        (colours["accent"], "#fff"),
        ("#fff", colours["accent"]),
        ("#fff", "#0b3d6e"),
        (colours["bad"], "#fff"),
        (colours["bad"], "#fdecec"),
        (colours["ink"], colours["note"]),
        (colours["ink"], "#e8f0fa"),
        (colours["accent"], "#e8f0fa"),
    ]
    for text, background in pairs:
        assert contrast(text, background) >= 4.5, (text, background)
