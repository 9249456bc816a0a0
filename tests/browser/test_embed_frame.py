"""Another site frames Egekh in real Chromium: the /embed chart shows, with its credit;
the report page itself refuses to be framed."""

from __future__ import annotations

import contextlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import make_app

CHROMIUM = Path("/usr/bin/chromium")

if not CHROMIUM.exists():
    pytest.skip("browser tests need Chromium at /usr/bin/chromium", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need Playwright")


@pytest.fixture
def server(databases):
    from werkzeug.serving import make_server

    url = databases.fresh()
    application = make_app(url, SERVER_NAME=None)
    httpd = make_server("127.0.0.1", 0, application, threaded=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    with application.app_context():
        from app.extensions import db

        db.engine.dispose()
    databases.drop(url)


@contextlib.contextmanager
def _site(html: str):
    """Another site (another origin: another port) serving one article page."""
    body = html.encode()

    class Article(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the handler's API)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Article)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://localhost:{httpd.server_port}/article"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_news_site_can_frame_the_chart_but_not_the_report(server, shared_chromium):
    article = (
        "<!doctype html><title>News</title><h1>Dornod</h1>"
        f'<iframe id="chart" src="{server}/embed/aimag/MN-061" width="600" height="400"></iframe>'
        f'<iframe id="report" src="{server}/reports/MN-061" width="600" height="400"></iframe>'
    )
    context = shared_chromium.new_context()
    with _site(article) as parent:
        try:
            page = context.new_page()
            page.goto(parent, wait_until="load")
            chart = page.frame_locator("#chart")
            chart.locator("figcaption").wait_for()
            assert "CC BY 4.0" in chart.locator("figcaption").inner_text()
            assert chart.locator("img").evaluate("img => img.complete && img.naturalWidth") == 1200
            report = page.locator("#report").element_handle().content_frame()
            # refused by frame-ancestors 'none': Chromium shows its own error page instead
            assert report.url.startswith("chrome-error://"), report.url
            assert report.locator("main#main").count() == 0
        finally:
            context.close()
