"""Response headers that make the browser refuse what the app never does.

Every response gets a strict Content-Security-Policy (scripts and styles only as
files from this site: no inline code, no third-party hosts; the one exception is
the citizen pages' stylesheet, inline and allowed by its hash), no MIME sniffing,
no framing (except the ``/embed/`` pages made for other sites), a same-origin
referrer and no access to camera, microphone or location. Responses are
compressed when the browser accepts it (see ``compress_response``). HTTPS is
pinned (HSTS) only in production, where TLS is guaranteed; sending it from a
development server on http would lock browsers out of it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import time
from pathlib import Path

from flask import Flask, Response, current_app, flash, request, session
from flask_babel import gettext as _
from flask_compress import Compress
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from werkzeug.routing import IntegerConverter

STATIC_DIR = Path(__file__).resolve().parent / "static"
INLINE_STYLESHEETS = ("css/citizen.css",)
"""Stylesheets a page may carry inline (the citizen pages: one request fewer, 800 ms
sooner on a 2G line). Read once at start; the policy allows exactly these texts."""
_INLINE_TEXT = {
    name: (STATIC_DIR / name).read_text(encoding="utf-8") for name in INLINE_STYLESHEETS
}


def _hash_source(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def inline_stylesheet(name: str) -> Markup:
    """The text of the stylesheet ``name`` (one of ``INLINE_STYLESHEETS``) for a
    ``<style>`` element: the Content-Security-Policy allows exactly this text by its
    SHA-256 hash, and nothing else inline."""
    return Markup(_INLINE_TEXT[name])


CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' " + " ".join(_hash_source(t) for t in _INLINE_TEXT.values()),
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'self'",
        "object-src 'none'",
    )
)
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "accelerometer=(), gyroscope=(), magnetometer=(), fullscreen=(self)"
)
HSTS_MAX_AGE_SECONDS = 365 * 24 * 3600

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
}


EMBED_PREFIX = "/embed/"
"""Pages other sites may show in a frame (a report's headline chart): only these."""
EMBED_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
    "frame-ancestors 'none'", "frame-ancestors *"
)


def apply_security_headers(response: Response) -> Response:
    """Add the headers to ``response`` without overriding one a view set on purpose.

    Pages under ``/embed/`` may be framed by any site (``frame-ancestors *`` and no
    ``X-Frame-Options``); every other response refuses framing.
    Pages for signed-in staff are also marked ``no-store`` so a shared computer's
    browser cache or back button does not show them after sign-out.
    """
    embed = request.path.startswith(EMBED_PREFIX)
    for name, value in SECURITY_HEADERS.items():
        if embed and name == "X-Frame-Options":
            continue
        if embed and name == "Content-Security-Policy":
            value = EMBED_CONTENT_SECURITY_POLICY
        response.headers.setdefault(name, value)
    if current_app.config.get("EGEKH_ENV") == "production":
        response.headers.setdefault(
            "Strict-Transport-Security", f"max-age={HSTS_MAX_AGE_SECONDS}; includeSubDomains"
        )
    from flask_login import current_user

    if "Cache-Control" not in response.headers and getattr(
        current_user, "is_authenticated", False
    ):
        response.headers["Cache-Control"] = "no-store"
    return response


SEEN_REFRESH_SECONDS = 60
MAX_SESSION_HOURS = 12


def expire_idle_session() -> None:
    """Sign staff out after ``SESSION_IDLE_MINUTES`` without a request (and after 12 hours
    in any case), so a laptop left open at a soum meeting does not stay signed in.

    The last-seen time (Unix seconds) lives in the signed session cookie; it is
    refreshed at most once a minute to keep responses cacheable for the rest.
    """
    if request.endpoint == "static" or "_user_id" not in session:
        return
    from flask_login import logout_user

    now = int(time.time())
    idle_limit = current_app.config.get("SESSION_IDLE_MINUTES", 30) * 60
    seen_at = session.get("seen_at", 0)
    signed_in_at = session.get("signed_in_at", 0)
    if now - seen_at > idle_limit or now - signed_in_at > MAX_SESSION_HOURS * 3600:
        logout_user()
        session.clear()
        flash(_("You were signed out after a period of inactivity. Please sign in again."), "info")
        return
    if now - seen_at >= SEEN_REFRESH_SECONDS:
        session["seen_at"] = now


# Text no database can store: NUL (PostgreSQL refuses it) and lone UTF-16 surrogates
# (U+D800–U+DFFF; not encodable as UTF-8, so neither driver can send them).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _unstorable(text: str) -> bool:
    return _UNSTORABLE.search(text) is not None


def _has_unstorable(values: MultiDict) -> bool:
    return any(
        _unstorable(key) or any(_unstorable(v) for v in items) for key, items in values.lists()
    )


def _json_has_nul(body: bytes) -> bool:
    return b"\\u0000" in body or b"\x00" in body


def _json_has_unstorable(payload: object) -> bool:
    """True when a string anywhere in ``payload`` (keys included) cannot be stored.

    Walks the parsed document with a list, not recursion, so any depth the JSON
    reader accepted is safe here.
    """
    pending = [payload]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if _unstorable(item):
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


def _sends_json() -> bool:
    return request.is_json or request.path.endswith(".json")


def _refused(message: str):
    """A 400 with ``message``: JSON for a JSON body (whatever its content type), else
    the error page."""
    from flask import jsonify

    from app.errors import render_error

    if request.method != "GET" and _sends_json():
        body = {"error": {"status": 400, "code": "bad_request", "message": message}}
        return jsonify(body), 400
    return render_error(400, message)


def refuse_unstorable_text():
    """Refuse (400, with a message) a request carrying text no database can store.

    NUL: no person types it, PostgreSQL cannot store or even compare it, and some tools
    cut strings at it. A lone surrogate (``"\\ud800"`` in JSON) cannot be encoded as
    UTF-8, so storing or comparing it fails on both databases. JSON nested deeper than
    Python's reader allows (a 60 KB ``[[[[…`` raises ``RecursionError``, not
    ``ValueError``) is refused here too. Checked before any view, so every form,
    filter, API query and JSON body gets a 400 instead of a server error; JSON that is
    merely malformed is left to the view, which answers it in its own words.
    """
    bad_text = _(
        "What you sent contains characters that cannot be stored. "
        "Nothing was stored; please check the text and try again."
    )
    if _unstorable(request.path) or _has_unstorable(request.args):
        return _refused(bad_text)
    if request.method not in ("POST", "PUT", "PATCH"):
        return None
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        if _has_unstorable(request.form):
            return _refused(bad_text)
    elif _sends_json():
        body = request.get_data(cache=True)
        if _json_has_nul(body):
            return _refused(bad_text)
        try:
            payload = json.loads(body)
        except RecursionError:
            return _refused(
                _("What you sent is nested too deeply to be read. Nothing was stored.")
            )
        except ValueError:
            return None  # not JSON (or not UTF-8): the view answers in its own words
        if _json_has_unstorable(payload):
            return _refused(bad_text)
    return None


DATABASE_INT_MAX = 2**31 - 1


class DatabaseIdConverter(IntegerConverter):
    """``<int:…>`` limited to what an INTEGER column holds: a larger number is a 404.

    PostgreSQL refuses to compare an INTEGER column with a larger number (an error,
    not "no row"), so an oversized id in any URL would otherwise be a server error.
    """

    def __init__(self, map, fixed_digits=0, min=None, max=DATABASE_INT_MAX, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


compress = Compress()
COMPRESSED_TYPES = [
    "text/html",
    "text/css",
    "text/javascript",
    "application/javascript",
    "application/json",
    "image/svg+xml",
    "text/csv",
    "text/plain",
]


def compress_response(response: Response) -> Response:
    """Compress (zstd, brotli or gzip, as the browser accepts) HTML, CSS, JavaScript,
    JSON, SVG and CSV: the citizen page moves about a third of its size on a 2G line.

    HTML for signed-in staff is sent uncompressed: their pages carry a CSRF token that
    lasts the session beside text they typed, which compression could leak to someone
    watching the encrypted traffic's lengths (BREACH). Anonymous pages (citizens, public
    reports) hold no secret worth that attack, and files, JSON and SVG none at all.
    """
    from flask_login import current_user

    if response.mimetype == "text/html" and getattr(current_user, "is_authenticated", False):
        return response
    if (
        response.direct_passthrough
        and response.is_streamed
        and response.mimetype in COMPRESSED_TYPES
        and 200 <= response.status_code < 300
    ):
        # A file (static files, a QR code's SVG): read whole, closing the file with the
        # response, and compressed in one piece with a length rather than streamed.
        response.direct_passthrough = False
        response.make_sequence()
    return compress.after_request(response)


def init_security(app: Flask) -> None:
    app.url_map.converters["int"] = DatabaseIdConverter
    app.before_request(refuse_unstorable_text)
    app.before_request(expire_idle_session)
    app.after_request(apply_security_headers)
    app.config.setdefault("COMPRESS_REGISTER", False)
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSED_TYPES)
    # Static files are streamed; gzip is what every browser accepts over plain HTTP.
    app.config.setdefault("COMPRESS_ALGORITHM_STREAMING", ["zstd", "br", "gzip", "deflate"])
    compress.init_app(app)
    app.after_request(compress_response)
