"""Sharing: a shared link shows a preview card (Open Graph and Twitter tags with a
1200×630 chart picture), and the /embed pages may be framed by other sites while every
other page still refuses framing."""

from __future__ import annotations

import re
import struct
from html.parser import HTMLParser

import pytest

from scorecards.lifecycle import Phase
from tests.app.report_data import EMPTY_AIMAG, make_round


class _Meta(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        key = attributes.get("property") or attributes.get("name")
        if tag == "meta" and key and "content" in attributes:
            self.tags.setdefault(key, attributes["content"])


def meta_tags(html: str) -> dict[str, str]:
    parser = _Meta()
    parser.feed(html)
    return parser.tags


def png_size(body: bytes) -> tuple[int, int]:
    assert body[:8] == b"\x89PNG\r\n\x1a\n" and body[12:16] == b"IHDR"
    return struct.unpack(">II", body[16:24])


@pytest.fixture
def published(base_app, create_organisation):
    create_organisation()
    return make_round({1: [1, 2, 2, 3, 1], 2: [4, 4, 5, 5, 3]})


@pytest.fixture
def open_round(base_app, create_user, create_round):
    from app.extensions import db

    round_ = create_round(create_user(role="facilitator", areas=["MN-061"]))
    round_.state = Phase.COMMUNITY_SCORING
    round_.community_open = True
    db.session.commit()
    return round_


def _pages(published, open_round) -> dict[str, str]:
    return {
        "aimag report": f"/reports/{EMPTY_AIMAG}",
        "facility": f"/facilities/{published.facility_id}",
        "join": "/j/",
        "scorecard": f"/j/{open_round.community_code}",
    }


def test_shared_pages_carry_preview_tags_with_absolute_urls(base_app, published, open_round):
    client = base_app.test_client()
    for what, path in _pages(published, open_round).items():
        page = client.get(path)
        assert page.status_code == 200, what
        tags = meta_tags(page.get_data(as_text=True))
        for key in ("og:title", "og:description", "og:image", "og:url", "twitter:image"):
            assert tags.get(key), (what, key)
        assert tags["twitter:card"] == "summary_large_image", what
        assert tags["og:url"] == f"http://localhost{path}", what
        assert re.match(r"https?://localhost/", tags["og:image"]), what
        assert tags["og:image:width"] == "1200" and tags["og:image:height"] == "630", what


def test_the_preview_picture_is_a_1200_by_630_png(base_app, published, open_round):
    client = base_app.test_client()
    for what, path in _pages(published, open_round).items():
        image_url = meta_tags(client.get(path).get_data(as_text=True))["og:image"]
        picture = client.get(image_url.removeprefix("http://localhost"))
        assert picture.status_code == 200 and picture.mimetype == "image/png", what
        assert png_size(picture.data) == (1200, 630), what
        assert "public" in picture.headers["Cache-Control"], what


def test_a_picture_is_drawn_once_per_data_version(base_app, published, monkeypatch):
    from app.services import share_cards

    drawn = []
    real = share_cards.card_png
    monkeypatch.setattr(share_cards, "card_png", lambda *a: drawn.append(a) or real(*a))
    client = base_app.test_client()
    url = f"/share/aimag/{EMPTY_AIMAG}.png"
    first = client.get(url).data
    assert client.get(url).data == first and len(drawn) == 1  # the second is the cached one
    make_round({1: [5, 5, 5, 5, 5]}, facility=published.facility)  # a publication
    assert client.get(url).data != first and len(drawn) == 2


def test_the_picture_speaks_the_pages_language(base_app, published):
    client = base_app.test_client()
    english = meta_tags(client.get(f"/reports/{EMPTY_AIMAG}?lang=en").get_data(as_text=True))
    assert english["og:image"].endswith("lang=en")
    assert english["og:locale"] == "en_GB"


@pytest.mark.parametrize("kind", ["aimag", "facility"])
def test_embed_pages_may_be_framed_and_credit_the_source(base_app, published, kind):
    client = base_app.test_client()
    target = EMPTY_AIMAG if kind == "aimag" else published.facility_id
    page = client.get(f"/embed/{kind}/{target}")
    assert page.status_code == 200
    assert "X-Frame-Options" not in page.headers
    assert "frame-ancestors *" in page.headers["Content-Security-Policy"]
    html = page.get_data(as_text=True)
    assert "CC BY 4.0" in html and 'rel="license"' in html
    back = "/reports/" + EMPTY_AIMAG if kind == "aimag" else f"/facilities/{target}"
    assert f'href="http://localhost{back}"' in html  # a link back, absolute
    assert f"/share/{kind}/{target}.png" in html


def test_every_other_page_still_refuses_framing(base_app, published, open_round):
    client = base_app.test_client()
    paths = [*_pages(published, open_round).values(), "/", f"/share/aimag/{EMPTY_AIMAG}.png",
             f"/reports/{EMPTY_AIMAG}/indicators.csv", "/embed", "/embedded", "/no/such/page"]
    for path in paths:
        response = client.get(path)
        assert response.headers["X-Frame-Options"] == "DENY", path
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"], path


def test_unknown_embeds_and_pictures_are_not_found(base_app):
    client = base_app.test_client()
    for path in ("/embed/aimag/MN-999", "/embed/facility/999999", "/share/aimag/XX.png",
                 "/share/facility/999999.png"):
        assert client.get(path).status_code == 404, path


def test_the_embed_policy_differs_only_in_who_may_frame():
    from app.security import CONTENT_SECURITY_POLICY, EMBED_CONTENT_SECURITY_POLICY

    def directives(policy: str) -> dict[str, str]:
        return dict(part.strip().split(" ", 1) for part in policy.split(";"))

    page, embed = directives(CONTENT_SECURITY_POLICY), directives(EMBED_CONTENT_SECURITY_POLICY)
    assert (page.pop("frame-ancestors"), embed.pop("frame-ancestors")) == ("'none'", "*")
    assert page == embed  # scripts, styles, forms, objects: as strict as everywhere
