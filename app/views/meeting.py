"""The interface meeting page (projected and printed), its chart and its record."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.messages import side_name
from app.permissions import can, requires
from app.services import meeting as service
from app.services import moderation
from app.views.rounds import load_round, refuse
from forms.cycle import MeetingForm
from scorecards import charts
from scorecards.errors import DomainError

bp = Blueprint("meeting", __name__, url_prefix="/rounds")


@bp.route("/<int:round_id>/meeting", methods=["GET", "POST"])
@requires("round.view")
def show(round_id: int):
    round_ = load_round(round_id)
    meeting = service.meeting_of(round_)
    form = MeetingForm(obj=meeting) if request.method == "GET" else MeetingForm()
    status = 200
    if request.method == "POST":
        round_ = load_round(round_id, "round.edit")
        if form.validate_on_submit():
            try:
                service.save_meeting(round_, {k: form[k].data for k in service.MEETING_FIELDS})
            except DomainError as error:
                return refuse(error, round_, "meeting.show")
            db.session.commit()
            flash(_("The meeting record is saved."), "success")
            return redirect(url_for("meeting.show", round_id=round_.id) + "#record")
        status = 400
    rows = service.comparison(round_)
    return render_template(
        "meeting/show.html",
        round=round_,
        rows=rows,
        meeting=meeting,
        form=form,
        gaps=service.input_gaps(round_),
        previous_actions=service.previous_open_actions(round_),
        texts=moderation.texts_by_indicator(round_, moderation.round_texts(round_)),
        can_moderate=can(current_user, "round.edit", round_),
        can_edit=can(current_user, "round.edit", round_) and not round_.is_published,
    ), status


@bp.get("/<int:round_id>/meeting/chart.<fmt>")
@requires("round.view")
def chart(round_id: int, fmt: str):
    round_ = load_round(round_id)
    if fmt not in ("svg", "png"):
        abort(404)
    rows = service.comparison(round_)
    from app.templating import current_language

    language = current_language()
    # Each pair of bars compares like with like: votes when both sides voted, else the
    # groups' consensus (marked in the label), else each side's votes as they are.
    consensus_mark = _("consensus")
    bars = []
    for i, row in enumerate(rows, start=1):
        gap = row.like_for_like
        mark = f" ({consensus_mark})" if gap.source == "consensus" else ""
        bars.append(
            charts.GapRow(
                label=f"{i}. {row.ri.indicator.text(language)}{mark}",
                community=gap.community if gap.source else row.community.mean,
                provider=gap.provider if gap.source else row.provider.mean,
            )
        )
    figure = charts.gap_chart(
        bars,
        _("Community and provider scores by indicator"),
        _("Score"),
        side_name("community"),
        side_name("provider"),
        suppressed_label="—",
        no_data_label="—",
        scale=(round_.scale.min_value, round_.scale.max_value),
    )
    body = charts.render_svg(figure) if fmt == "svg" else charts.render_png(figure)
    mimetype = "image/svg+xml" if fmt == "svg" else "image/png"
    return Response(body, mimetype=mimetype, headers={"Cache-Control": "private, max-age=60"})
