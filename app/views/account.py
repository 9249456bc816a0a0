"""A signed-in user's own account: changing the password."""

from __future__ import annotations

import time

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from app.extensions import db
from app.messages import message_for
from app.permissions import public, requires
from app.services.accounts import change_password
from app.services.staff import accept_invitation, find_invitation
from forms.account import ChangePasswordForm, SetPasswordForm
from scorecards.errors import DomainError

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.route("/password", methods=["GET", "POST"])
@requires("account.use")
def password():
    """Changing the password signs out every other session of the user, not this one."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            change_password(user, form.current_password.data, form.new_password.data)
        except DomainError as error:
            db.session.rollback()
            getattr(form, error.field).errors.append(message_for(error))
            return render_template("account/password.html", form=form), 400
        db.session.commit()
        session.clear()
        login_user(user)  # this session carries the new token; the others no longer match
        session["signed_in_at"] = session["seen_at"] = int(time.time())
        flash(_("Your password was changed. Other devices were signed out."), "success")
        return redirect(url_for("main.home"))
    status = 400 if request.method == "POST" else 200
    return render_template("account/password.html", form=form), status


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@public
def invitation(token: str):
    """The one-time link: the invited person chooses a password and is signed in."""
    invitation = find_invitation(token)
    if invitation is None:
        return render_template("account/invitation_invalid.html"), 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            user = accept_invitation(invitation, form.new_password.data)
        except DomainError as error:
            db.session.rollback()
            form.new_password.errors.append(message_for(error))
            return render_template("account/invitation.html", form=form, user=invitation.user), 400
        db.session.commit()
        session.clear()
        login_user(user)
        session["signed_in_at"] = session["seen_at"] = int(time.time())
        flash(_("Welcome. Your password is set and you are signed in."), "success")
        return redirect(url_for("main.home"))
    status = 400 if request.method == "POST" else 200
    return render_template("account/invitation.html", form=form, user=invitation.user), status
