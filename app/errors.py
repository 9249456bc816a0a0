"""Error pages in the user's language, never a stack trace."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


def _messages() -> dict[int, str]:
    return {
        400: _("The request could not be understood. Please check what you sent and try again."),
        401: _("Please sign in first."),
        403: _("You do not have permission to open this page."),
        404: _("This page does not exist. Check the address, or go back to the start page."),
        405: _("This address does not accept that kind of request."),
        409: _("This change conflicts with what is already stored. Nothing was changed."),
        413: _("What you sent is too large. Nothing was stored."),
        429: _("Too many requests from your connection. Please wait a minute and try again."),
        500: _("Something went wrong on our side. Nothing you sent was lost; please try again."),
    }


# Stable machine-readable codes for JSON clients (the citizen page's script, the API).
ERROR_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    429: "rate_limited",
    500: "server_error",
}


def _wants_json() -> bool:
    """JSON for the API, for clients that ask for it and for requests that sent JSON."""
    return (
        request.path.startswith("/api/")
        or request.accept_mimetypes.best == "application/json"
        or request.is_json
    )


def render_error(status: int, message: str | None = None):
    text = message or _messages().get(status, _messages()[400])
    if _wants_json():
        code = ERROR_CODES.get(status, "bad_request")
        return jsonify({"error": {"status": status, "code": code, "message": text}}), status
    return render_template("errors/error.html", status=status, message=text), status


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_error(
            400,
            _("The form expired or was sent from elsewhere. Please reload the page and try again."),
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        return render_error(status if status in _messages() else 400)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        app.logger.exception("unhandled error")
        from app.extensions import db

        db.session.rollback()
        return render_error(500)
