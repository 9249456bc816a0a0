"""An official's inbox: the actions of their aimag(s) to answer, overdue first, with
filters, the office they answer for remembered, and the history of their answers."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.messages import ACTION_STATUS_NAMES
from app.permissions import authorize, requires
from app.services import inbox as service
from app.templating import localised
from app.views.actions import RESPONSIBLE_NAMES
from forms.reports import OfficialResponseForm
from forms.review import InboxFilterForm

bp = Blueprint("inbox", __name__, url_prefix="/inbox")

FILTER_KEYS = ("status", "soum", "facility", "overdue")


def _filters(form: InboxFilterForm) -> service.InboxFilters:
    statuses = {value for value, _label in form.status.choices}
    status = form.status.data if form.status.data in statuses else service.OPEN
    return service.InboxFilters(
        status=status,
        soum_id=form.soum.data,
        facility_id=form.facility.data,
        overdue_only=bool(form.overdue.data),
    )


def _page(answer_forms=None, status=200):
    form = InboxFilterForm(request.args)
    form.status.choices = [
        (service.OPEN, _("Not finished")),
        (service.ALL, _("All")),
        *((code, str(name)) for code, name in ACTION_STATUS_NAMES.items()),
    ]
    user = current_user._get_current_object()
    everything = service.inbox(user, service.InboxFilters(status=service.ALL))
    form.soum.choices = [(None, _("All"))] + [
        (a.id, f"{localised(a)}, {localised(a.parent)}" if a.parent else localised(a))
        for a in everything.soums
    ]
    form.facility.choices = [(None, _("All"))] + [
        (f.id, localised(f)) for f in everything.facilities
    ]
    form.validate()
    box = service.inbox(user, _filters(form))
    arguments = {k: v for k, v in request.args.items() if k in FILTER_KEYS}
    return render_template(
        "inbox/index.html",
        form=form,
        box=box,
        answer_forms=answer_forms or {},
        blank_form=lambda action_id: OfficialResponseForm(
            formdata=None, prefix=f"a{action_id}", data={"office": user.office}
        ),
        status_names=ACTION_STATUS_NAMES,
        responsible_names=RESPONSIBLE_NAMES,
        history=service.history(user),
        arguments=arguments,
    ), status


@bp.get("/")
@requires("action.respond")
def index():
    return _page()


@bp.post("/actions/<int:action_id>/answer")
@requires("action.respond")
def answer(action_id: int):
    user = current_user._get_current_object()
    action = service.answerable(user, action_id)
    if action is None:
        abort(404)
    authorize("action.respond", action)
    form = OfficialResponseForm(prefix=f"a{action.id}")
    if not form.validate_on_submit():
        return _page({action.id: form}, 400)
    service.answer(action, user, form.office.data, form.body.data, form.commitment_date.data)
    db.session.commit()
    if action.round.state == "published":
        flash(_("Your answer is saved and published on the aimag report."), "success")
    else:
        flash(_("Your answer is saved; it is published with the round."), "success")
    arguments = {k: v for k, v in request.args.items() if k in FILTER_KEYS}
    return redirect(url_for("inbox.index", **arguments))
