"""The facilitator's workspace: their organisation's rounds in their areas, by phase."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import select

from app.extensions import db
from app.models import Area, Sector
from app.permissions import requires
from app.services.counts import round_counts
from app.services.rounds import RoundFilters, facts_for, forward_blocker, rounds_by_phase
from app.templating import localised
from forms.cycle import WorkspaceFilterForm
from scorecards.vocab import Role

bp = Blueprint("workspace", __name__, url_prefix="/workspace")


def user_aimags(user) -> list[Area]:
    """The aimags (and the capital) the user works in; every one for an administrator."""
    if user.role == Role.ADMIN:
        return list(
            db.session.scalars(
                select(Area)
                .where(Area.top_level())
                .order_by(Area.name_mn)
            )
        )
    return sorted(
        (a for a in user.areas if a.is_top_level),
        key=lambda a: a.name_mn,
    )


def soums_of(aimag_ids: list[int]) -> list[Area]:
    return list(
        db.session.scalars(select(Area).where(Area.parent_id.in_(aimag_ids)).order_by(Area.name_mn))
    )


@bp.get("/")
@requires("round.create")
def index():
    form = WorkspaceFilterForm(formdata=None)
    from flask import request

    form.process(request.args)
    aimags = user_aimags(current_user)
    everything = [(None, "—")]
    form.aimag.choices = everything + [(a.id, localised(a)) for a in aimags]
    chosen = [form.aimag.data] if form.aimag.data else [a.id for a in aimags]
    form.soum.choices = everything + [(s.id, localised(s)) for s in soums_of(chosen)]
    sectors = db.session.scalars(select(Sector).order_by(Sector.code)).all()
    form.sector.choices = everything + [(s.id, localised(s)) for s in sectors]
    filters = RoundFilters()
    if form.validate():
        filters = RoundFilters(
            aimag_id=form.aimag.data,
            soum_id=form.soum.data,
            facility=form.facility.data or "",
            sector_id=form.sector.data,
            period=form.period.data or "",
        )
    groups = rounds_by_phase(current_user, filters)
    rounds = [r for g in groups for r in g.rounds]
    facts = facts_for([r.id for r in rounds])
    blockers = {r.id: forward_blocker(r, facts[r.id]) for r in rounds}
    counts = round_counts([r.id for r in rounds])
    return render_template(
        "workspace/index.html",
        form=form,
        groups=groups,
        total=len(rounds),
        facts=facts,
        counts=counts,
        blockers=blockers,
    )
