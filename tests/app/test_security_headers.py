"""Every response carries the browser protections: strict CSP, no sniffing, no framing."""

import base64
import hashlib
import re

import pytest

from app.security import CONTENT_SECURITY_POLICY, EMBED_CONTENT_SECURITY_POLICY, EMBED_PREFIX
from tests.support.routes import SHARDS, best_url, collect_routes, in_shard

EXPECTED = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
# The one inline style: a stylesheet of the site, allowed by its hash in the policy.
ALLOWED_INLINE = re.compile(r"<style>\{\{ inline_stylesheet\('[\w/.-]+'\) \}\}</style>")


def _assert_protected(response, where: str, embed: bool = False) -> None:
    """``embed``: a page made for other sites' frames (``/embed/…``), which alone may
    be framed by anyone; every other protection is the same."""
    for name, value in EXPECTED.items():
        if embed and name == "X-Frame-Options":
            assert name not in response.headers, f"{where}: {name}"
            continue
        if embed and name == "Content-Security-Policy":
            value = EMBED_CONTENT_SECURITY_POLICY
        assert response.headers.get(name) == value, f"{where}: {name}"
    assert "camera=()" in response.headers.get("Permissions-Policy", ""), where


def test_policy_forbids_inline_code_framing_and_other_hosts():
    directives = dict(
        part.strip().split(" ", 1) for part in CONTENT_SECURITY_POLICY.split(";")
    )
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    self_, *hashes = directives["style-src"].split(" ")
    assert self_ == "'self'"  # and the citizen stylesheet, allowed inline by its hash only
    assert hashes and all(h.startswith("'sha256-") for h in hashes)
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "http" not in CONTENT_SECURITY_POLICY


@pytest.mark.parametrize("shard", range(SHARDS))
@pytest.mark.parametrize("who", [None, "admin@egekh.demo"])
def test_every_page_carries_the_security_headers_and_no_inline_code(app, client, login, who, shard):
    if who:
        login(who)
    checked = 0
    for route in collect_routes(app):
        if "GET" not in route.methods:
            continue
        url = best_url(app, route)
        if not in_shard(url, shard):
            continue
        response = client.get(url)
        where = f"{who or 'anonymous'} GET {url}"
        _assert_protected(response, where, url.startswith(EMBED_PREFIX))
        _assert_no_inline_code(response, where)
        checked += 1
    assert checked >= 3


def _assert_no_inline_code(response, where: str) -> None:
    """The CSP blocks inline code: a page relying on it would silently break."""
    if response.mimetype != "text/html":
        return  # images, downloads and scripts are not pages
    text = response.get_data(as_text=True)
    lowered = text.lower()
    for style in re.findall(r"<style>(.*?)</style>", text, re.S):
        assert _allowed_inline(style), where  # only what the policy's hash allows
    assert "<style " not in lowered, where
    assert " style=" not in lowered, where
    assert " onclick=" not in lowered and " onload=" not in lowered, where
    for chunk in lowered.split("<script")[1:]:
        assert chunk.split(">", 1)[0].strip().startswith("src="), where


def test_errors_static_files_and_posts_carry_them_too(client):
    _assert_protected(client.get("/no/such/page"), "404")
    _assert_protected(client.get("/static/css/egekh.css"), "static")
    _assert_protected(client.post("/auth/login", data={}), "POST")


def test_signed_in_pages_are_not_stored_by_the_browser(client, login):
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    login("admin@egekh.demo")
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_no_https_pinning_outside_production(client):
    assert "Strict-Transport-Security" not in client.get("/").headers


@pytest.mark.app_config(EGEKH_ENV="production")
def test_https_is_pinned_in_production(client):
    hsts = client.get("/").headers["Strict-Transport-Security"]
    assert hsts.startswith("max-age=31536000")


def _allowed_inline(style: str) -> bool:
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    return f"'sha256-{digest}'" in CONTENT_SECURITY_POLICY


def test_no_template_has_inline_code_or_styles():
    """The CSP blocks inline code; a template relying on it would silently break."""
    from pathlib import Path

    import app as package

    inline = re.compile(
        r"<style|\sstyle\s*=|\son[a-z]+\s*=|javascript:|<script(?![^>]*\ssrc=)[^>]*>", re.I
    )
    offenders = []
    for template in Path(package.__file__).parent.joinpath("templates").rglob("*.html"):
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1):
            if ALLOWED_INLINE.fullmatch(line.strip()):
                continue
            if inline.search(line):
                offenders.append(f"{template.name}:{number}: {line.strip()[:80]}")
    assert not offenders, "\n".join(offenders)
