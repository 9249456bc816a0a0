"""Every stored response of a round: the list with its filters, one form to correct,
and withdrawing a response or a whole imported file. Staff of the round only."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.extensions import db
from app.messages import message_for
from app.models import Round
from app.permissions import requires
from app.services import corrections as service
from app.services.answers import groups_of
from app.views.rounds import load_round
from forms.answers import CHANNEL_CHOICES, SIDE_CHOICES, AnswerFilterForm, WithdrawForm
from scorecards.errors import DomainError
from scorecards.vocab import AgeBand, Disability, Gender

bp = Blueprint("answers", __name__, url_prefix="/rounds")

CHANNEL_NAMES = {choice.value: choice.label for choice in CHANNEL_CHOICES if choice.value}
SIDE_NAMES = {choice.value: choice.label for choice in SIDE_CHOICES if choice.value}
# What each flag of ``app.services.response_flags`` tells the facilitator.
FLAG_NAMES = {
    "over_group_size": _l("More sends than the group's expected size"),
    "burst_device": _l("Another send from the same phone or tablet"),
    "burst_address": _l("Many sends from one network address in a few minutes"),
}


def _response(round_: Round, response_id: int):
    """The round's response ``response_id``, or 404 (also for another round's)."""
    response = service.response_of(round_, response_id)
    if response is None:
        abort(404)
    return response


def _filters(round_: Round) -> tuple[AnswerFilterForm, service.AnswerFilters]:
    """The filter form read from the query string; a value it does not know is ignored."""
    form = AnswerFilterForm(formdata=None)
    form.process(request.args)
    every = [SelectChoice("", "—")]
    form.group.choices = every + [SelectChoice(str(g.id), g.label) for g in round_.groups]
    form.batch.choices = every + [
        SelectChoice(str(b.job.id), b.job.filename or f"#{b.job.id}")
        for b in service.batches(round_)
    ]
    filters = service.AnswerFilters()
    if form.validate():
        filters = service.AnswerFilters(
            side=form.side.data if form.side.data in SIDE_NAMES else "",
            channel=form.channel.data if form.channel.data in CHANNEL_NAMES else "",
            group_id=form.group.data,
            import_job_id=form.batch.data,
            state=form.state.data if form.state.data in service.STATES else "",
        )
    return form, filters


@bp.get("/<int:round_id>/answers")
@requires("round.edit")
def index(round_id: int):
    """Every stored response of the round, filtered and paginated, with its import files."""
    round_ = load_round(round_id, "round.edit")
    form, filters = _filters(round_)
    page = service.list_answers(round_, filters, request.args.get("page", 1, type=int))
    arguments = {key: value for key, value in request.args.items() if key != "page" and value}
    return render_template(
        "answers/list.html",
        round=round_,
        form=form,
        page=page,
        arguments=arguments,
        batches=service.batches(round_),
        withdraw_form=WithdrawForm(),
        channel_names=CHANNEL_NAMES,
        side_names=SIDE_NAMES,
        flag_names=FLAG_NAMES,
    )


def _cells_from_request(round_: Round, side: str) -> dict[str, str]:
    """The correction form's cells, keyed as a row of the paper sheet."""
    fixed, indicators = service.sheet_keys(round_, side)
    keys = [*fixed, "comment", *(k for _ri, key, reason in indicators for k in (key, reason))]
    return {key: request.form.get(key, "") for key in keys}


@bp.route("/<int:round_id>/answers/<int:response_id>", methods=["GET", "POST"])
@requires("round.edit")
def show(round_id: int, response_id: int):
    """One response: its answers, the correction form (paper and imported forms of a
    round that is not published) and the withdrawal form."""
    round_ = load_round(round_id, "round.edit")
    response = _response(round_, response_id)
    problems: dict[str, str] = {}
    cells = service.typed_cells(response)
    status = 200
    if request.method == "POST":
        cells = _cells_from_request(round_, response.side)
        try:
            result = service.correct_response(round_, response, cells, current_user.id)
        except DomainError as error:
            db.session.rollback()
            flash(message_for(error), "error")
            return redirect(url_for("answers.show", round_id=round_.id, response_id=response_id))
        if result.ok:
            db.session.commit()
            flash(_("The form is corrected."), "success")
            return redirect(url_for("answers.show", round_id=round_.id, response_id=response_id))
        db.session.rollback()
        problems = {key: message_for(code) for key, code in result.problems.items()}
        status = 400
    _fixed, indicators = service.sheet_keys(round_, response.side)
    return render_template(
        "answers/show.html",
        round=round_,
        response=response,
        cells=cells,
        problems=problems,
        indicators=indicators,
        groups=groups_of(round_, response.side),
        genders=list(Gender),
        age_bands=list(AgeBand),
        disabilities=list(Disability),
        editable=response.channel in service.EDITABLE_CHANNELS
        and response.withdrawn_at is None
        and not round_.is_published,
        withdraw_form=WithdrawForm(),
        channel_names=CHANNEL_NAMES,
        side_names=SIDE_NAMES,
    ), status


@bp.post("/<int:round_id>/answers/<int:response_id>/withdraw")
@requires("round.edit")
def withdraw(round_id: int, response_id: int):
    """Withdraw one response with a reason; it stays stored and leaves every figure."""
    round_ = load_round(round_id, "round.edit")
    response = _response(round_, response_id)
    form = WithdrawForm()
    try:
        service.withdraw_response(round_, response, form.reason.data or "", current_user.id)
    except DomainError as error:
        db.session.rollback()
        flash(message_for(error), "error")
        return redirect(url_for("answers.show", round_id=round_.id, response_id=response_id))
    db.session.commit()
    flash(_("The response is withdrawn: it no longer counts in any figure."), "success")
    if request.form.get("back") == "flagged":  # withdrawn from the list of flagged sends
        return redirect(url_for("answers.index", round_id=round_.id, state="flagged"))
    return redirect(url_for("answers.show", round_id=round_.id, response_id=response_id))


@bp.post("/<int:round_id>/answers/batches/<int:job_id>/withdraw")
@requires("round.edit")
def withdraw_batch(round_id: int, job_id: int):
    """Withdraw every form an imported file stored that still counts, with one reason."""
    round_ = load_round(round_id, "round.edit")
    job = service.batch_of(round_, job_id)
    if job is None:
        abort(404)
    form = WithdrawForm()
    try:
        count = service.withdraw_batch(round_, job, form.reason.data or "", current_user.id)
    except DomainError as error:
        db.session.rollback()
        flash(message_for(error), "error")
        return redirect(url_for("answers.index", round_id=round_.id))
    db.session.commit()
    flash(
        ngettext(
            "%(num)d imported form is withdrawn.", "%(num)d imported forms are withdrawn.", count
        ),
        "success",
    )
    return redirect(url_for("answers.index", round_id=round_.id, batch=job.id))
