"""Flask-Login user loading: the session carries the user id and a session token."""

from __future__ import annotations

from flask import abort, flash, redirect, request
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, login_url

from app.extensions import db


def init_login(login_manager: LoginManager) -> None:
    from app.models import User

    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to open this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(session_id: str) -> User | None:
        user_id, _, token = session_id.partition(":")
        if not user_id.isdigit():
            return None
        user = db.session.get(User, int(user_id))
        if user is None or not user.active or user.session_token != token:
            return None
        return user

    @login_manager.unauthorized_handler
    def unauthorized():
        """API clients get a 401 JSON error; people get the sign-in page, then come back."""
        if request.path.startswith("/api/"):
            abort(401)
        flash(login_manager.login_message, login_manager.login_message_category)
        return redirect(login_url(login_manager.login_view, next_url=request.full_path.rstrip("?")))
