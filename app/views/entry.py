"""Typing in what was scored in the room: group tallies with consensus, paper forms,
and the provider side's status."""

from __future__ import annotations

import re
import uuid

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select

from app.extensions import db
from app.messages import message_for
from app.models import ConsensusScore, ParticipantGroup, Response, Round, Tally
from app.permissions import can, requires
from app.services import entry as service
from app.services.answers import groups_of
from app.templating import current_language
from app.views.rounds import load_round, refuse
from scorecards.errors import DomainError
from scorecards.scales import format_value
from scorecards.vocab import AgeBand, Gender, Side

bp = Blueprint("entry", __name__, url_prefix="/rounds")

PAPER_ROWS = 10
CHOICE_REQUIRED = _l("Choose one.")
_NUMBER = re.compile(r"^[0-9]+(\.[0-9]+)?$")


def _side() -> str:
    side = request.values.get("side", Side.COMMUNITY)
    if side not in set(Side):
        abort(404)
    return side


def _group(round_: Round, side: str) -> ParticipantGroup | None:
    """The group asked for; without one, the side's only group, or (when it has several)
    none on a page shown, so the facilitator chooses rather than typing into the first."""
    groups = groups_of(round_, side)
    wanted = request.values.get("group", type=int)
    if wanted is None:
        if len(groups) > 1 and request.method == "GET":
            return None
        return groups[0] if groups else None
    group = next((g for g in groups if g.id == wanted), None)
    if group is None:
        abort(404)
    return group


def _client_uuid() -> str:
    """The page's client UUID as sent (kept through a save that failed or was refused),
    or a new one for a page shown afresh."""
    sent = request.form.get("client_uuid", "")
    try:
        return str(uuid.UUID(sent))
    except ValueError:
        return str(uuid.uuid4())


def _scale_words(round_: Round) -> dict[str, str]:
    """Each point's word by its value as typed ("1" -> "Very bad"), in the page's
    language; empty for a scale without words."""
    scale = round_.scale.domain()
    language = current_language()
    return {
        format_value(value): scale.label(value, language) or ""
        for value in scale.point_values()
        if scale.label(value, language)
    }


@bp.route("/<int:round_id>/tallies", methods=["GET", "POST"])
@requires("round.view")
def tallies(round_id: int):
    round_ = load_round(round_id)
    side = _side()
    group = _group(round_, side)
    indicators = [ri for ri in round_.indicators if ri.asked_of(side)]
    columns = service.grid_columns(round_)
    problems: dict[str, str] = {}
    typed: dict[str, str] | None = None
    status = 200
    if request.method == "POST":
        round_ = load_round(round_id, "round.edit")
        if group is None:
            abort(404)
        cells = {
            (ri.id, point): request.form.get(service.tally_cell(ri.id, point), "")
            for ri in indicators
            for point in columns
        }
        consensus = {
            ri.id: (
                request.form.get(f"c-{ri.id}-value", ""),
                request.form.get(f"c-{ri.id}-reason", ""),
            )
            for ri in indicators
        }
        try:
            result = service.save_group_entry(round_, group, cells, consensus, current_user.id)
        except DomainError as error:
            return refuse(error, round_, "rounds.show")
        if result.ok:
            db.session.commit()
            flash(_("Saved for %(group)s.", group=group.label), "success")
            return redirect(url_for("entry.tallies", round_id=round_.id, side=side, group=group.id))
        db.session.rollback()
        allowed = {
            "c": round_.agreed_scale.domain().allowed_values_text(),
            "t": round_.scale.domain().allowed_values_text(),
        }
        problems = {
            name: message_for(code, allowed=allowed[name[0]])
            for name, code in result.problems.items()
        }
        typed = dict(request.form)
        status = 400
    stored, consensus_rows = service.stored_grid(round_, group) if group else ({}, {})
    if typed is None:
        typed = {service.tally_cell(ri, p): str(c) for (ri, p), c in stored.items()}
        for ri, row in consensus_rows.items():
            typed[f"c-{ri}-value"] = (
                format_value(row.value) if row.value is not None else (row.missing_reason or "")
            )
            typed[f"c-{ri}-reason"] = row.reason
    return render_template(
        "entry/tallies.html",
        round=round_,
        side=side,
        group=group,
        groups=groups_of(round_, side),
        indicators=indicators,
        columns=columns,
        typed=typed,
        problems=problems,
        can_edit=can(current_user, "round.edit", round_),
        agreed_scale=round_.agreed_scale.domain(),
        words=_scale_words(round_),
        client_uuid=_client_uuid(),
    ), status


@bp.route("/<int:round_id>/paper", methods=["GET", "POST"])
@requires("round.view")
def paper(round_id: int):
    round_ = load_round(round_id)
    side = _side()
    indicators = [ri for ri in round_.indicators if ri.asked_of(side)]
    count = min(max(request.values.get("rows", PAPER_ROWS, type=int), 1), 100)
    problems: dict[tuple[int, str], str] = {}
    typed: list[dict[str, str]] = [{} for _ in range(count)]
    status = 200
    if request.method == "POST":
        round_ = load_round(round_id, "round.edit")
        keys = [*service.PAPER_FIXED, *(ri.indicator.code for ri in indicators)]
        typed = [{key: request.form.get(f"r-{i}-{key}", "") for key in keys} for i in range(count)]
        client_uuid = _client_uuid()
        already = service.stored_paper_forms(round_, client_uuid, count)
        if already:
            flash(ngettext_stored(already), "success")
            return redirect(url_for("entry.paper", round_id=round_.id, side=side))
        unchosen = _unchosen(typed, [ri.indicator.code for ri in indicators])
        try:
            result = (
                service.PaperResult(problems=unchosen)
                if unchosen
                else service.save_paper_rows(
                    round_, side, typed, current_user.id, client_uuid=client_uuid
                )
            )
        except DomainError as error:
            return refuse(error, round_, "rounds.show")
        if result.ok:
            db.session.commit()
            flash(ngettext_stored(result.stored), "success")
            return redirect(url_for("entry.paper", round_id=round_.id, side=side))
        db.session.rollback()
        allowed = round_.scale.domain().allowed_values_text()
        problems = {
            key: message_for(code, allowed=allowed) for key, code in result.problems.items()
        }
        problems.update({key: str(CHOICE_REQUIRED) for key in unchosen})
        status = 400
    stored = db.session.scalar(
        select(func.count(Response.id)).where(
            Response.round_id == round_.id,
            Response.side == side,
            Response.channel == "paper",
            Response.counted(),
        )
    )
    column_totals = [_column_total(typed, ri.indicator.code) for ri in indicators]
    words = _scale_words(round_)
    return render_template(
        "entry/paper.html",
        round=round_,
        side=side,
        indicators=indicators,
        typed=typed,
        problems=problems,
        groups=groups_of(round_, side),
        genders=list(Gender),
        age_bands=list(AgeBand),
        stored=stored,
        count=count,
        column_totals=column_totals,
        can_edit=can(current_user, "round.edit", round_),
        words=words,
        scale_words=list(words.items()),
        client_uuid=_client_uuid(),
    ), status


def _unchosen(rows: list[dict[str, str]], codes: list[str]) -> dict[tuple[int, str], str]:
    """Choices sent blank on a form that has something typed: the page offers no silent
    default, so a group, gender and age band must be chosen (one left out of the request
    altogether keeps its old meaning, "not said")."""
    problems = {}
    for index, row in enumerate(rows):
        if not (row.get("respondent_id") or "").strip() and not any(
            (row.get(code) or "").strip() for code in codes
        ):
            continue
        for key in ("group", "gender", "age_band"):
            if f"r-{index}-{key}" in request.form and not row.get(key, "").strip():
                problems[(index, key)] = "choice_required"
    return problems


def _column_total(rows: list[dict[str, str]], key: str) -> str:
    """ "answers / average" of one column as typed (the same figure the script shows)."""
    values = []
    for row in rows:
        text = (row.get(key) or "").strip().replace(",", ".")
        if _NUMBER.match(text):
            values.append(float(text))
    return f"{len(values)} / {sum(values) / len(values):.1f}" if values else "—"


def ngettext_stored(number: int) -> str:
    from flask_babel import ngettext

    return ngettext("%(num)d form stored.", "%(num)d forms stored.", number)


@bp.get("/<int:round_id>/provider")
@requires("round.view")
def provider(round_id: int):
    round_ = load_round(round_id)
    side = Side.PROVIDER
    counts = {
        "responses": db.session.scalar(
            select(func.count(Response.id)).where(
                Response.round_id == round_.id, Response.side == side, Response.counted()
            )
        ),
        "consensus": db.session.scalar(
            select(func.count(ConsensusScore.id))
            .join(ParticipantGroup, ParticipantGroup.id == ConsensusScore.group_id)
            .where(ConsensusScore.round_id == round_.id, ParticipantGroup.side == side)
        ),
        "tallies": db.session.scalar(
            select(func.coalesce(func.sum(Tally.count), 0))
            .join(ParticipantGroup, ParticipantGroup.id == Tally.group_id)
            .where(Tally.round_id == round_.id, ParticipantGroup.side == side)
        ),
    }
    indicators = [ri for ri in round_.indicators if ri.asked_of(side)]
    return render_template(
        "entry/provider.html",
        round=round_,
        counts=counts,
        indicators=indicators,
        groups=groups_of(round_, side),
    )
