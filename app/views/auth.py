"""Sign-in and sign-out for staff."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from app.extensions import db, limiter
from app.permissions import can, public, requires
from app.services.accounts import authenticate
from app.views.main import safe_next
from forms.auth import LoginForm
from scorecards.vocab import Role

bp = Blueprint("auth", __name__, url_prefix="/auth")


def landing_page(user) -> str:
    """Where a user goes after signing in: facilitators and coordinators to their workspace."""
    if can(user, "round.create"):
        return url_for("workspace.index")
    if user.role == Role.OFFICIAL and user.areas:
        aimag = user.areas[0] if user.areas[0].is_top_level else user.areas[0].parent
        return url_for("areas.aimag", code=aimag.code)
    return url_for("main.home")


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit("20 per minute", methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("The e-mail or password is not correct."))
        else:
            session.clear()  # a fresh session at sign-in
            login_user(user)
            db.session.commit()
            flash(_("Signed in as %(name)s.", name=user.display_name), "success")
            return redirect(safe_next(request.args.get("next"), landing_page(user)))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@requires("account.use")
def logout():
    logout_user()
    session.clear()
    flash(_("You have signed out."), "info")
    return redirect(url_for("main.home"))
