"""E-mail from the account pages: "Forgot password?", one's own e-mail notification
settings, and e-mailing an invitation link from the administrator's link page."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db, limiter
from app.i18n import LANGUAGE_NAMES
from app.messages import message_for
from app.models import User
from app.permissions import public, requires
from app.services import mail
from app.services.account_mail import (
    RESET_MINUTES,
    complete_reset,
    email_invitation,
    find_reset,
    request_reset,
)
from app.services.audit import record
from app.services.staff import find_invitation
from forms.account import SetPasswordForm
from forms.account_mail import EmailInvitationForm, NotificationSettingsForm, ResetRequestForm
from scorecards.errors import DomainError
from scorecards.notifications import DUE_SOON_DAYS
from scorecards.vocab import Role

bp = Blueprint("account_mail", __name__)


def _reset_rate_limit() -> str:
    """Reset requests per client address: the sign-in limit (``LOGIN_RATE_LIMIT``)."""
    return current_app.config.get("LOGIN_RATE_LIMIT", "20 per minute")


@bp.route("/account/reset", methods=["GET", "POST"])
@public
@limiter.limit(_reset_rate_limit, methods=["POST"])
def reset_request():
    """Ask for a reset link. The answer is the same page whether or not an account has
    the address, and the e-mail is sent after the answer has gone out."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        message = request_reset(form.email.data)
        db.session.commit()
        if message is not None:
            mail.send_after_response(message.id)
        return render_template(
            "account/reset_sent.html", email=form.email.data, minutes=RESET_MINUTES
        )
    status = 400 if request.method == "POST" else 200
    return render_template("account/reset_request.html", form=form), status


@bp.route("/account/reset/<token>", methods=["GET", "POST"])
@public
def reset(token: str):
    """The link from the e-mail: choose a new password. A used, expired or unknown link
    says which, and offers a new one."""
    link = find_reset(token)
    if link.state != "usable":
        status = 404 if link.state == "unknown" else 410
        return render_template("account/reset_invalid.html", state=link.state), status
    user = link.reset.user
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            complete_reset(link.reset, form.new_password.data)
        except DomainError as error:
            db.session.rollback()
            form.new_password.errors.append(message_for(error))
            return render_template("account/reset.html", form=form, user=user), 400
        db.session.commit()
        flash(_("Your password was changed. Sign in with the new password."), "success")
        return redirect(url_for("auth.login"))
    status = 400 if request.method == "POST" else 200
    return render_template("account/reset.html", form=form, user=user), status


def _language_choices() -> list[tuple[str, str]]:
    return [(code, LANGUAGE_NAMES.get(code, code)) for code in current_app.config["LANGUAGES"]]


@bp.route("/account/notifications", methods=["GET", "POST"])
@requires("account.use")
def notifications():
    """One's own e-mail notifications: on or off, and their language."""
    user = current_user._get_current_object()
    form = NotificationSettingsForm(
        data=None if request.method == "POST" else {
            "notify_email": user.notify_email,
            "email_language": mail.mail_language(user),
        }
    )
    form.email_language.choices = _language_choices()
    if form.validate_on_submit():
        before = {"notify_email": user.notify_email, "email_language": user.email_language}
        user.notify_email = bool(form.notify_email.data)
        user.email_language = form.email_language.data
        after = {"notify_email": user.notify_email, "email_language": user.email_language}
        if after != before:
            record("user.notifications_changed", "user", user.id, before=before, after=after)
        db.session.commit()
        flash(_("Your e-mail settings were saved."), "success")
        return redirect(url_for("account_mail.notifications"))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "account/notifications.html",
        form=form,
        official=user.role == Role.OFFICIAL,
        notified=user.role in (Role.COORDINATOR, Role.FACILITATOR),
        days=DUE_SOON_DAYS,
    ), status


@bp.post("/admin/users/<int:user_id>/invitation/email")
@requires("admin.users")
def email_invitation_link(user_id: int):
    """E-mail the invitation link just shown to the administrator to the invited
    person. The link must still be that person's usable invitation."""
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    form = EmailInvitationForm()
    token = (form.link.data or "").rstrip("/").rsplit("/", 1)[-1]
    invitation = find_invitation(token) if form.validate_on_submit() else None
    if invitation is None or invitation.user_id != user.id:
        flash(
            _("This invitation link no longer works. Make a new one from the account page."),
            "error",
        )
        return redirect(url_for("admin.edit_user", user_id=user.id))
    hours = current_app.config.get("INVITATION_HOURS", 72)
    message = email_invitation(invitation, token, hours)
    db.session.commit()
    delivery = mail.deliver_queued([message.id])
    if delivery.sent:
        flash(_("The invitation was e-mailed to %(email)s.", email=user.email), "success")
    else:
        flash(
            _(
                "The e-mail could not be sent now; it stays queued and is sent again by "
                "the next run of flask notify send."
            ),
            "error",
        )
    return redirect(url_for("admin.edit_user", user_id=user.id))
