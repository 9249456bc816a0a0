"""Administrators: staff accounts (invite, role, organisation, areas, deactivate) and the
audit log. Nothing here deletes an account or changes an audit event."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.extensions import db
from app.messages import message_for
from app.models import Area, Organisation, User
from app.permissions import requires
from app.services import staff
from app.services.audit_log import AuditFilter, search_audit
from app.templating import localised
from app.views import audit_text
from forms.admin import (
    AuditFilterForm,
    EditUserForm,
    InviteForm,
    OrganisationForm,
    UserFilterForm,
    organisation_kind_choices,
    role_choices,
)
from scorecards.errors import DomainError
from scorecards.vocab import AreaLevel

bp = Blueprint("admin", __name__, url_prefix="/admin")


def role_label_text(code: str) -> str:
    """A role's name in the user's language (the code itself if unknown)."""
    return str(dict(role_choices()).get(code, code))


def _organisation_choices(blank: str) -> list[tuple[int, str]]:
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.name_mn))
    return [(0, blank)] + [(o.id, localised(o)) for o in organisations]


def _area_choices() -> dict[str, list[tuple[int, str]]]:
    """Aimags (the capital first, then by name in the user's language) each with the whole
    aimag first and then its soums or districts by name, for a grouped select that a
    small script makes searchable (it works as a plain grouped list without it)."""
    tops = db.session.scalars(
        select(Area).where(Area.top_level())
    ).all()
    tops = sorted(tops, key=lambda a: (a.level != AreaLevel.CAPITAL, localised(a)))
    whole = _("(whole aimag)")
    return {
        localised(top): [(top.id, f"{localised(top)} {whole}")]
        + sorted(((child.id, localised(child)) for child in top.children), key=lambda c: c[1])
        for top in tops
    }


def _fill_choices(form) -> None:
    form.organisation_id.choices = _organisation_choices(_("No organisation"))
    form.area_ids.choices = _area_choices()


def _selected(form) -> tuple[Organisation | None, list[Area]]:
    organisation = (
        db.session.get(Organisation, form.organisation_id.data)
        if form.organisation_id.data
        else None
    )
    ids = [i for i in form.area_ids.data or [] if i]
    areas = list(db.session.scalars(select(Area).where(Area.id.in_(ids)))) if ids else []
    return organisation, areas


def _field_error(form, error: DomainError) -> None:
    field = getattr(form, error.field or "", None) or form.display_name
    field.errors = [*field.errors, message_for(error)]


def _load_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _invitation_url(token: str) -> str:
    return url_for("account.invitation", token=token, _external=True)


@bp.get("/users")
@requires("admin.users")
def users():
    form = UserFilterForm(request.args)
    form.organisation_id.choices = _organisation_choices(_("All organisations"))
    filters = staff.UserFilter()
    if form.validate():
        filters = staff.UserFilter(
            role=form.role.data or "",
            organisation_id=form.organisation_id.data or 0,
            status=form.status.data or "",
            text=form.q.data or "",
        )
    return render_template(
        "admin/users.html", form=form, users=staff.list_users(filters), now=staff.utcnow()
    )


@bp.route("/users/new", methods=["GET", "POST"])
@requires("admin.users")
def invite():
    form = InviteForm()
    _fill_choices(form)
    if form.validate_on_submit():
        organisation, areas = _selected(form)
        try:
            invited = staff.invite_user(
                form.email.data,
                form.display_name.data,
                form.role.data,
                organisation,
                areas,
                hours=current_app.config.get("INVITATION_HOURS", 72),
            )
        except DomainError as error:
            db.session.rollback()
            _field_error(form, error)
            return render_template("admin/invite.html", form=form), 400
        db.session.commit()
        return render_template(
            "admin/invitation_link.html",
            user=invited.user,
            link=_invitation_url(invited.token),
            hours=current_app.config.get("INVITATION_HOURS", 72),
        )
    status = 400 if request.method == "POST" else 200
    return render_template("admin/invite.html", form=form), status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@requires("admin.users")
def edit_user(user_id: int):
    user = _load_user(user_id)
    if request.method == "GET":
        return _render_user(user)
    form = EditUserForm()
    _fill_choices(form)
    if form.validate_on_submit():
        organisation, areas = _selected(form)
        try:
            staff.update_user(
                current_user._get_current_object(), user, form.display_name.data,
                form.role.data, organisation, areas,
            )
        except DomainError as error:
            db.session.rollback()
            _field_error(form, error)
            return _render_user(user, form), 400
        db.session.commit()
        flash(_("The account was saved."), "success")
        return redirect(url_for("admin.edit_user", user_id=user.id))
    return _render_user(user, form), 400


def _edit_form(user: User) -> EditUserForm:
    form = EditUserForm(
        obj=user,
        data={"organisation_id": user.organisation_id or 0, "area_ids": [a.id for a in user.areas]},
    )
    _fill_choices(form)
    return form


def _render_user(user: User, form=None):
    form = form or _edit_form(user)
    return render_template(
        "admin/user.html",
        user=user,
        form=form,
        invitation=staff.pending_invitation(user),
        locked=user.locked_until is not None and user.locked_until > staff.utcnow(),
    )


def _account_action(user_id: int, change, message: str):
    user = _load_user(user_id)
    try:
        change(user)
    except DomainError as error:
        db.session.rollback()
        flash(message_for(error), "error")
        return _render_user(user), 409
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))


@bp.post("/users/<int:user_id>/deactivate")
@requires("admin.users")
def deactivate(user_id: int):
    actor = current_user._get_current_object()
    return _account_action(
        user_id, lambda user: staff.set_active(actor, user, False),
        _("The account was deactivated and signed out. Its history is kept."),
    )


@bp.post("/users/<int:user_id>/reactivate")
@requires("admin.users")
def reactivate(user_id: int):
    actor = current_user._get_current_object()
    return _account_action(
        user_id, lambda user: staff.set_active(actor, user, True),
        _("The account was reactivated."),
    )


@bp.post("/users/<int:user_id>/unlock")
@requires("admin.users")
def unlock(user_id: int):
    return _account_action(user_id, staff.unlock, _("The account was unlocked."))


@bp.post("/users/<int:user_id>/invitation")
@requires("admin.users")
def reinvite(user_id: int):
    user = _load_user(user_id)
    if not user.active:
        flash(_("Reactivate the account before sending a new invitation."), "error")
        return _render_user(user), 409
    hours = current_app.config.get("INVITATION_HOURS", 72)
    token = staff.reinvite(user, hours=hours)
    db.session.commit()
    return render_template(
        "admin/invitation_link.html", user=user, link=_invitation_url(token), hours=hours
    )


@bp.route("/organisations", methods=["GET", "POST"])
@requires("admin.organisations")
def organisations():
    """The organisations staff work for, and a form to add one (names are unique)."""
    form = OrganisationForm()
    status = 200
    if form.validate_on_submit():
        try:
            organisation = staff.create_organisation(
                form.name_mn.data, form.name_en.data or "", form.kind.data
            )
        except DomainError:
            db.session.rollback()
            form.name_mn.errors = [_("An organisation with this name already exists.")]
            status = 400
        else:
            db.session.commit()
            flash(
                _("The organisation %(name)s was added. You can now invite its staff.",
                  name=organisation.name_mn),
                "success",
            )
            return redirect(url_for("admin.organisations"))
    elif request.method == "POST":
        status = 400
    return render_template(
        "admin/organisations.html",
        form=form,
        organisations=staff.list_organisations(),
        kind_label=dict(organisation_kind_choices()),
    ), status


@bp.get("/audit")
@requires("admin.audit")
def audit():
    form = AuditFilterForm(request.args)
    form.action.choices = [("", _("All actions"))] + sorted(
        ((code, str(words)) for code, words in audit_text.ACTION_WORDS.items()),
        key=lambda choice: choice[1],
    )
    form.entity.choices = [("", _("Everything"))] + sorted(
        ((code, str(words)) for code, words in audit_text.ENTITY_WORDS.items()),
        key=lambda choice: choice[1],
    )
    filters = AuditFilter()
    status = 200
    if form.validate():
        filters = AuditFilter(
            user_email=form.user.data or "",
            action=form.action.data or "",
            entity=form.entity.data or "",
            entity_id=form.entity_id.data,
            date_from=form.date_from.data,
            date_to=form.date_to.data,
        )
    elif request.args:
        status = 400
    page = request.args.get("page", "1")
    result = search_audit(filters, page=int(page) if page.isdigit() and len(page) < 9 else 1)
    arguments = {k: v for k, v in request.args.items() if k != "page"}
    return render_template(
        "admin/audit.html",
        form=form,
        result=result,
        arguments=arguments,
        action_words=audit_text.action_words,
        entity_words=audit_text.entity_words,
        changes=audit_text.changes,
        names=_audit_names([event for event, _user in result.events]),
    ), status


def _audit_names(events) -> dict:
    """Names for the area codes and organisation ids the shown events recorded, so the
    before/after tables read "Dornod" rather than "MN-061"."""
    codes, organisation_ids = set(), set()
    for event in events:
        for values in (event.before, event.after):
            if not isinstance(values, dict):
                continue
            areas = values.get("areas")
            if isinstance(areas, list):
                codes.update(code for code in areas if isinstance(code, str))
            if isinstance(values.get("organisation_id"), int):
                organisation_ids.add(values["organisation_id"])
    areas = db.session.scalars(select(Area).where(Area.code.in_(codes))) if codes else []
    organisations = (
        db.session.scalars(select(Organisation).where(Organisation.id.in_(organisation_ids)))
        if organisation_ids
        else []
    )
    return {
        "areas": {area.code: localised(area) for area in areas},
        "organisation_id": {o.id: localised(o) for o in organisations},
    }
