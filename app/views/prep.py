"""Preparation: a new round (or a follow-up), its indicators and participant groups."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.extensions import db
from app.i18n import round_language_choices
from app.messages import message_for
from app.models import (
    Area,
    Facility,
    FacilityType,
    Indicator,
    ParticipantGroup,
    Round,
    RoundIndicator,
    Template,
    User,
)
from app.permissions import can, requires
from app.services import preparation as service
from app.services.catalogue import current_templates
from app.services.rounds import visible_rounds_query
from app.services.texts import extra_languages, set_text, stored_text
from app.templating import localised
from app.views.rounds import load_round, refuse
from app.views.workspace import soums_of, user_aimags
from forms.cycle import (
    DropIndicatorForm,
    GroupForm,
    LibraryIndicatorForm,
    RoundCreateForm,
    proposed_indicator_form,
)
from scorecards.errors import DomainError
from scorecards.vocab import Role

bp = Blueprint("prep", __name__, url_prefix="/rounds")


def _fill_create_choices(form: RoundCreateForm, previous: Round | None) -> None:
    aimags = user_aimags(current_user)
    none = [(None, "—")]
    form.aimag.choices = none + [(a.id, localised(a)) for a in aimags]
    aimag_ids = [form.aimag.data] if form.aimag.data else [a.id for a in aimags]
    soums = soums_of(aimag_ids)
    form.soum.choices = none + [(s.id, localised(s)) for s in soums]
    soum_ids = [form.soum.data] if form.soum.data else [s.id for s in soums]
    facilities = db.session.scalars(
        select(Facility).where(Facility.area_id.in_(soum_ids)).order_by(Facility.name_mn)
    ).all()
    form.facility.choices = none + [
        (f.id, f"{localised(f)} — {localised(f.area)}") for f in facilities
    ]
    types = db.session.scalars(select(FacilityType).order_by(FacilityType.code)).all()
    form.new_facility_type.choices = none + [(t.id, localised(t)) for t in types]
    # Only the newest active version of each template; a follow-up keeps the one its
    # previous round started with.
    templates = current_templates()
    if previous is not None and previous.template not in templates:
        templates.append(previous.template)
    form.template.choices = [
        (t.id, localised(t) if t.version == 1 else f"{localised(t)} (v{t.version})")
        for t in templates
    ]
    staff = select(User).where(User.role.in_([Role.FACILITATOR, Role.COORDINATOR]))
    if current_user.role != Role.ADMIN:
        staff = staff.where(User.organisation_id == current_user.organisation_id)
    form.facilitators.choices = [
        (u.id, u.display_name) for u in db.session.scalars(staff.order_by(User.display_name))
    ]
    visible = db.session.scalars(visible_rounds_query(current_user)).all()
    followed = set(
        db.session.scalars(
            select(Round.previous_round_id).where(Round.previous_round_id.isnot(None))
        )
    )
    form.previous_round.choices = none + [
        (r.id, f"{localised(r.facility)} — {r.period_label}")
        for r in visible
        if r.id not in followed or (previous is not None and r.id == previous.id)
    ]


@bp.route("/new", methods=["GET", "POST"])
@requires("round.create")
def new():
    previous = None
    previous_id = request.values.get("previous", type=int)
    if previous_id:
        previous = load_round(previous_id, "round.edit")
    form = RoundCreateForm()
    if request.method == "GET":
        form.aimag.data = request.args.get("aimag", type=int)
        form.soum.data = request.args.get("soum", type=int)
        if previous is not None:
            form.aimag.data = previous.facility.area.parent_id
            form.soum.data = previous.facility.area_id
            form.facility.data = previous.facility_id
            form.template.data = previous.template_id
            form.previous_round.data = previous.id
            form.language.data = previous.language or ""
        form.facilitators.data = [current_user.id]
    _fill_create_choices(form, previous)
    form.language.choices = round_language_choices()
    if request.method == "POST" and request.form.get("narrow"):
        return render_template("prep/new.html", form=form, previous=previous)
    if form.validate_on_submit():
        try:
            round_ = _create_from(form)
        except DomainError as error:
            db.session.rollback()
            target = getattr(form, error.field or "", None) or form.facility
            target.errors = [*target.errors, message_for(error)]
        else:
            db.session.commit()
            flash(_("The round is created. Next: check the indicators."), "success")
            return redirect(url_for("prep.indicators", round_id=round_.id))
    return render_template("prep/new.html", form=form, previous=previous), (
        400 if form.errors else 200
    )


def _create_from(form: RoundCreateForm) -> Round:
    if form.facility.data:
        facility = db.session.get(Facility, form.facility.data)
    else:
        soum = db.session.get(Area, form.soum.data)
        facility = service.add_facility(
            current_user,
            soum,
            form.new_facility_name.data,
            db.session.get(FacilityType, form.new_facility_type.data),
        )
    previous = None
    if form.previous_round.data:
        previous = db.session.get(Round, form.previous_round.data)
        if previous is None or not can(current_user, "round.edit", previous):
            abort(404)
    groups = [
        service.GroupPlan(
            kind=row.form.kind.data,
            label=row.form.group_name.data,
            expected_size=row.form.expected_size.data or 0,
            side="provider" if row.form.kind.data == "providers" else "community",
        )
        for row in form.groups
        if (row.form.group_name.data or "").strip()
    ]
    facilitators = [db.session.get(User, uid) for uid in form.facilitators.data or []]
    plan = service.RoundPlan(
        facility=facility,
        template=db.session.get(Template, form.template.data),
        period_label=form.period_label.data,
        period_start=form.period_start.data,
        period_end=form.period_end.data,
        facilitators=facilitators,
        groups=groups,
        previous=previous,
        language=form.language.data or None,
    )
    return service.create_round(current_user, plan)


# ----------------------------------------------------------------------- indicators


def _indicator_forms(round_: Round):
    library = LibraryIndicatorForm(prefix="lib")
    taken = {ri.indicator_id for ri in round_.indicators}
    candidates = db.session.scalars(
        select(Indicator)
        .where(
            Indicator.in_library.is_(True),
            Indicator.superseded_at.is_(None),
            Indicator.retired_at.is_(None),
            Indicator.sector_id == round_.template.sector_id,
        )
        .order_by(Indicator.code)
    ).all()
    library.indicator.choices = [
        (i.id, f"{i.code} — {i.text(current_lang())}") for i in candidates if i.id not in taken
    ]
    proposed = proposed_indicator_form(extra_languages())(prefix="new")
    proposed.groups.choices = [(g.id, g.label) for g in round_.groups]
    return library, proposed


def current_lang() -> str:
    from app.templating import current_language

    return current_language()


@bp.get("/<int:round_id>/indicators")
@requires("round.view")
def indicators(round_id: int):
    round_ = load_round(round_id)
    library, proposed = _indicator_forms(round_)
    return _indicators_page(
        round_, library, proposed, can_edit=can(current_user, "round.edit", round_)
    )


def _indicators_page(round_: Round, library, proposed, can_edit: bool) -> str:
    return render_template(
        "prep/indicators.html",
        round=round_,
        library=library,
        proposed=proposed,
        can_edit=can_edit,
        can_promote=can(current_user, "catalogue.edit"),
    )


@bp.post("/<int:round_id>/indicators/add")
@requires("round.edit")
def add_indicator(round_id: int):
    round_ = load_round(round_id, "round.edit")
    library, proposed = _indicator_forms(round_)
    if not library.validate_on_submit():
        return _indicators_page(round_, library, proposed, can_edit=True), 400
    try:
        service.add_library_indicator(round_, db.session.get(Indicator, library.indicator.data))
    except DomainError as error:
        return refuse(error, round_, "prep.indicators")
    db.session.commit()
    return redirect(url_for("prep.indicators", round_id=round_.id))


@bp.post("/<int:round_id>/indicators/propose")
@requires("round.edit")
def propose_indicator(round_id: int):
    round_ = load_round(round_id, "round.edit")
    library, proposed = _indicator_forms(round_)
    if not proposed.validate_on_submit():
        return _indicators_page(round_, library, proposed, can_edit=True), 400
    groups = [g for g in round_.groups if g.id in set(proposed.groups.data or [])]
    try:
        service.propose_indicator(
            round_,
            proposed.text_mn.data,
            proposed.text_en.data,
            proposed.origin.data,
            groups,
            asked_of=proposed.asked_of.data,
            translations={
                code: proposed[f"text_{code}"].data or ""
                for code in proposed.translated_languages
            },
        )
    except DomainError as error:
        db.session.rollback()
        if error.code != "indicator_text_taken":
            return refuse(error, round_, "prep.indicators")
        target = getattr(proposed, error.field or "", None) or proposed.text_mn
        target.errors = [*target.errors, message_for(error)]
        return _indicators_page(round_, library, proposed, can_edit=True), 400
    db.session.commit()
    flash(_("The proposed indicator is added."), "success")
    return redirect(url_for("prep.indicators", round_id=round_.id))


def _round_indicator(round_: Round, ri_id: int) -> RoundIndicator:
    ri = db.session.get(RoundIndicator, ri_id)
    if ri is None or ri.round_id != round_.id:
        abort(404)
    return ri


@bp.post("/<int:round_id>/indicators/<int:ri_id>/move")
@requires("round.edit")
def move_indicator(round_id: int, ri_id: int):
    round_ = load_round(round_id, "round.edit")
    ri = _round_indicator(round_, ri_id)
    step = -1 if request.form.get("direction") == "up" else 1
    try:
        service.move_indicator(round_, ri, step)
    except DomainError as error:
        return refuse(error, round_, "prep.indicators")
    db.session.commit()
    return redirect(url_for("prep.indicators", round_id=round_.id) + f"#ri-{ri.id}")


@bp.route("/<int:round_id>/indicators/<int:ri_id>/drop", methods=["GET", "POST"])
@requires("round.edit")
def drop_indicator(round_id: int, ri_id: int):
    """Remove an indicator: a page asks for confirmation (a box to tick, plain POST)."""
    round_ = load_round(round_id, "round.edit")
    ri = _round_indicator(round_, ri_id)
    form = DropIndicatorForm()
    if request.method == "GET" or not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("prep/drop_indicator.html", round=round_, ri=ri, form=form), status
    try:
        service.drop_indicator(round_, ri)
    except DomainError as error:
        return refuse(error, round_, "prep.indicators")
    db.session.commit()
    flash(_("The indicator is removed from the round."), "success")
    return redirect(url_for("prep.indicators", round_id=round_.id))


# --------------------------------------------------------------------------- groups


@bp.route("/<int:round_id>/groups", methods=["GET", "POST"])
@requires("round.view")
def groups(round_id: int):
    round_ = load_round(round_id)
    form = GroupForm()
    if request.method == "POST":
        load_round(round_id, "round.edit")
        if form.validate_on_submit():
            group = None
            group_id = request.form.get("group_id", type=int)
            if group_id:
                group = db.session.get(ParticipantGroup, group_id)
                if group is None or group.round_id != round_.id:
                    abort(404)
            try:
                saved = service.save_group(
                    round_, group, **{k: f.data for k, f in form._fields.items()}
                )
                if "kk" in extra_languages():
                    set_text(saved, "label", "kk", form.label_kk.data or "")
            except DomainError as error:
                db.session.rollback()
                field = getattr(form, error.field or "", None) or form.label
                field.errors = [*field.errors, message_for(error)]
            else:
                db.session.commit()
                flash(_("The group is saved."), "success")
                return redirect(url_for("prep.groups", round_id=round_.id))
        editing = db.session.get(ParticipantGroup, request.form.get("group_id", type=int) or 0)
        return (
            render_template(
                "prep/groups.html", round=round_, form=form, can_edit=True, editing=editing
            ),
            400,
        )
    editing = None
    if request.args.get("group"):
        # "Change" on a row: the same form, filled with that group's name, size and counts.
        editing = db.session.get(ParticipantGroup, request.args.get("group", type=int) or 0)
        if editing is None or editing.round_id != round_.id:
            abort(404)
        form = GroupForm(obj=editing)
        form.label_kk.data = stored_text(editing, "label", "kk")
    return render_template(
        "prep/groups.html",
        round=round_,
        form=form,
        can_edit=can(current_user, "round.edit", round_),
        editing=editing,
    )
