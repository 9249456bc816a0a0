"""Chromium on a live server for the staff pages, at the widths people use them
(a phone, a tablet, a laptop), and the checks those pages share."""

from __future__ import annotations

import shutil
import threading
from contextlib import contextmanager

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
WIDTHS = (360, 800, 1366)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@contextmanager
def serving(app):
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@contextmanager
def chromium():
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    if not shutil.which(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM}: browser test skipped")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def sign_in(page, server: str, email: str, password: str) -> None:
    page.goto(f"{server}/auth/login")
    page.fill("#email", email)
    page.fill("#password", password)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def page_scrolls_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def outside_viewport(page, selector: str) -> list[str]:
    """Texts of the visible elements matching ``selector`` that are hidden, cut or
    reach beyond the viewport's width."""
    return page.evaluate(
        """(selector) => Array.from(document.querySelectorAll(selector)).filter((el) => {
            const box = el.getBoundingClientRect();
            const style = getComputedStyle(el);
            return box.width === 0 || box.left < 0 || box.right > window.innerWidth + 0.5
                || style.visibility === 'hidden' || el.scrollWidth > el.clientWidth + 1
                || el.scrollHeight > el.clientHeight + 1 && style.overflow !== 'visible';
        }).map((el) => el.textContent.trim())""",
        selector,
    )


def cut_choices(page, selector: str) -> list[str]:
    """Options of the ``selector`` drop-downs shown narrower than the browser would
    draw them with room for their longest option (so that option's text is cut)."""
    return page.evaluate(
        """(selector) => {
            const cut = [];
            document.querySelectorAll(selector).forEach((select) => {
                const free = select.cloneNode(true);
                free.style.cssText = 'width:auto;max-width:none;min-width:0;position:absolute';
                document.body.appendChild(free);
                const wanted = free.getBoundingClientRect().width;
                free.remove();
                if (select.getBoundingClientRect().width + 0.5 < wanted) {
                    cut.push(...Array.from(select.options).map((option) => option.text));
                }
            });
            return cut;
        }""",
        selector,
    )
