"""Moderating a round's free text: the facilitator approves or hides each text for
publication, one by one or several at once, with filters."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.extensions import db
from app.messages import message_for
from app.models import Round
from app.permissions import requires
from app.services import moderation as service
from app.templating import current_language
from app.views.rounds import load_round
from forms.moderation import ModerationForm, TextFilterForm
from scorecards.errors import DomainError
from scorecards.moderation import TextKind, TextStatus

bp = Blueprint("moderation", __name__, url_prefix="/rounds")

FILTER_KEYS = ("side", "indicator", "status", "kind")
# The most texts one page lists; narrower filters show the rest.
PAGE_LIMIT = 500

TEXT_KIND_NAMES = {
    TextKind.REASON.value: _l("Reason given with a score"),
    TextKind.COMMENT.value: _l("Closing comment"),
    TextKind.CONSENSUS.value: _l("Group consensus reason"),
}
TEXT_STATUS_NAMES = {
    TextStatus.PENDING.value: _l("Not reviewed yet"),
    TextStatus.APPROVED.value: _l("Approved for publication"),
    TextStatus.HIDDEN.value: _l("Hidden"),
}


def _filters(round_: Round) -> tuple[TextFilterForm, service.TextFilters | None]:
    """The filter form read from the query string, and the filters it gives (``None``
    when a filter is not valid, so nothing is applied to a selection nobody chose)."""
    form = TextFilterForm(formdata=None)
    form.process(request.args)
    language = current_language()
    form.indicator.choices = [(None, _("Every indicator"))] + [
        (ri.id, f"{ri.position}. {ri.indicator.text(language)}") for ri in round_.indicators
    ]
    if not form.validate():
        return form, None
    return form, service.TextFilters(
        side=form.side.data or None,
        round_indicator_id=form.indicator.data,
        status=form.status.data or None,
        kind=form.kind.data or None,
    )


def _decision(form: ModerationForm, matching: set[str]) -> tuple[str, list[str]] | None:
    """(status, text names) the buttons ask for, or ``None`` when they ask for nothing.

    A bulk decision covers only texts the page showed that still match the filters."""
    if form.one.data:
        action, _sep, ref = form.one.data.partition(":")
        return _STATUS_OF[action], [ref]
    if not form.bulk.data:
        return None
    action, _sep, scope = form.bulk.data.partition("_")
    chosen = form.selected.data if scope == "selected" else form.shown.data
    refs = [ref for ref in dict.fromkeys(chosen or []) if ref in matching]
    return _STATUS_OF[action], refs


_STATUS_OF = {"approve": TextStatus.APPROVED, "hide": TextStatus.HIDDEN}


def _here(round_: Round) -> str:
    """The moderation page with the filters of this request."""
    kept = {key: request.args[key] for key in FILTER_KEYS if request.args.get(key)}
    return url_for("moderation.texts", round_id=round_.id, **kept)


@bp.route("/<int:round_id>/texts", methods=["GET", "POST"])
@requires("round.edit")
def texts(round_id: int):
    round_ = load_round(round_id, "round.edit")
    filter_form, filters = _filters(round_)
    matching = service.round_texts(round_, filters or service.TextFilters())
    form = ModerationForm()
    status = 200
    if request.method == "POST":
        decision = _decision(form, {t.ref for t in matching}) if form.validate() else None
        if filters is None or decision is None:
            flash(_("Nothing was changed: choose texts and a decision."), "error")
            status = 400
        elif not decision[1]:
            flash(_("Nothing was changed: no text shown was selected."), "error")
            status = 400
        else:
            try:
                changed = service.set_status(round_, decision[1], decision[0])
            except DomainError as error:
                db.session.rollback()
                flash(message_for(error), "error")
                return redirect(_here(round_))
            db.session.commit()
            if decision[0] == TextStatus.APPROVED:
                flash(_("Approved for publication: %(num)d.", num=changed), "success")
            else:
                flash(_("Hidden from the public: %(num)d.", num=changed), "success")
            return redirect(_here(round_))
    shown = matching[:PAGE_LIMIT]
    return render_template(
        "moderation/texts.html",
        round=round_,
        filter_form=filter_form,
        form=form,
        action=_here(round_),
        texts=shown,
        total=len(matching),
        limit=PAGE_LIMIT,
        indicators={ri.id: ri for ri in round_.indicators},
        groups={g.id: g for g in round_.groups},
        counts=service.status_counts(round_),
    ), status
