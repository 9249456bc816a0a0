"""Sign-in and sign-out for staff."""

from __future__ import annotations

import time

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from app.extensions import db, limiter
from app.messages import message_for
from app.permissions import can, public, requires
from app.services.accounts import authenticate, new_session_token
from app.services.audit import record
from app.views.main import safe_next
from forms.auth import LoginForm
from scorecards.errors import DomainError
from scorecards.vocab import Role

bp = Blueprint("auth", __name__, url_prefix="/auth")


def landing_page(user) -> str:
    """Where a user goes after signing in: facilitators and coordinators to their workspace."""
    if can(user, "round.create"):
        return url_for("workspace.index")
    if user.role == Role.OFFICIAL and user.areas:
        aimag = user.areas[0] if user.areas[0].is_top_level else user.areas[0].parent
        return url_for("reports.aimag", code=aimag.code)
    return url_for("main.home")


def _login_rate_limit() -> str:
    return current_app.config.get("LOGIN_RATE_LIMIT", "20 per minute")


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(_login_rate_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = authenticate(
                form.email.data,
                form.password.data,
                max_failures=current_app.config.get("LOGIN_LOCKOUT_ATTEMPTS", 5),
                lock_minutes=current_app.config.get("LOGIN_LOCKOUT_MINUTES", 15),
            )
        except DomainError as error:
            db.session.commit()
            until = error.params["until"]
            # The same words whether or not an account has this address (an unknown
            # address is counted and locked alike), so the answer reveals neither.
            form.email.errors.append(message_for(error, time=format_datetime(until, "short")))
            return render_template("auth/login.html", form=form), 429
        if user is None:
            db.session.commit()  # keeps the count of failures
            form.password.errors.append(_("The e-mail or password is not correct."))
        else:
            session.clear()  # a fresh session at sign-in
            login_user(user)
            session["signed_in_at"] = session["seen_at"] = int(time.time())
            record("user.signed_in", "user", user.id, user_id=user.id)
            db.session.commit()
            flash(_("Signed in as %(name)s.", name=user.display_name), "success")
            return redirect(safe_next(request.args.get("next"), landing_page(user)))
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@requires("account.use")
def logout():
    """Sign out here and on the server: the user's session token is replaced, so a copy
    of this session's cookie (or of any other session of theirs) no longer signs in."""
    user = current_user._get_current_object()
    user.session_token = new_session_token()
    record("user.signed_out", "user", user.id, user_id=user.id)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You have signed out."), "info")
    return redirect(url_for("main.home"))
