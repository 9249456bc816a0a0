"""The catalogue: the indicator library and templates (coordinators and administrators),
sectors and facility types (administrators), and promoting a proposed indicator.

Editing something rounds use makes a new version, and the page says so; rounds keep
the version they started with. Refused input is shown next to its field and nothing
is stored.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select
from sqlalchemy.orm import aliased

from app.extensions import db
from app.i18n import LANGUAGE_NAMES
from app.messages import message_for
from app.models import FacilityType, Indicator, RoundIndicator, Scale, Sector, Template
from app.permissions import requires
from app.services import catalogue as service
from app.services.texts import (
    DEMOGRAPHIC_KINDS,
    DEMOGRAPHIC_LABEL_MAX,
    demographic_label,
    demographic_labels_of,
    demographic_options,
    extra_languages,
    stored_text,
)
from app.templating import current_language, localised
from app.views.rounds import load_round
from forms.catalogue import (
    ConfirmForm,
    FacilityTypeForm,
    IndicatorForm,
    IndicatorSearchForm,
    SectorForm,
    TemplateForm,
    TemplateIndicatorForm,
    demographic_labels_form,
    with_name_translations,
)
from scorecards.errors import DomainError

bp = Blueprint("catalogue", __name__, url_prefix="/catalogue")

def _field_error(form, error: DomainError, fallback: str) -> None:
    field = getattr(form, error.field or "", None) or getattr(form, fallback)
    field.errors = [*field.errors, message_for(error)]


def _get(model, row_id: int):
    row = db.session.get(model, row_id)
    if row is None:
        abort(404)
    return row


def _sectors() -> list[Sector]:
    return list(db.session.scalars(select(Sector).order_by(Sector.id)))


def _facility_types() -> list[FacilityType]:
    return list(
        db.session.scalars(select(FacilityType).order_by(FacilityType.sector_id, FacilityType.code))
    )


def _type_choices() -> list[tuple[int, str]]:
    return [(t.id, f"{localised(t)} — {localised(t.sector)}") for t in _facility_types()]


def _selected_types(ids) -> list[FacilityType]:
    ids = [i for i in ids or [] if i]
    if not ids:
        return []
    return list(db.session.scalars(select(FacilityType).where(FacilityType.id.in_(ids))))


@bp.get("/")
@requires("catalogue.edit")
def index():
    return render_template(
        "catalogue/index.html",
        sectors=_sectors(),
        scales_url=_scales_url(),
    )


def _scales_url() -> str | None:
    """The scale pages, where another part of the catalogue provides them."""
    from flask import current_app

    for endpoint in ("scales.index", "catalogue.scales", "scales.list"):
        if endpoint in current_app.view_functions:
            return url_for(endpoint)
    return None


# ------------------------------------------------------------------------ indicators


@bp.get("/indicators")
@requires("catalogue.edit")
def indicators():
    form = IndicatorSearchForm(request.args)
    form.sector.choices = [(0, _("All sectors"))] + [(s.id, localised(s)) for s in _sectors()]
    form.facility_type.choices = [(0, _("All facility types"))] + _type_choices()
    status = 200
    found: list[Indicator] = []
    if form.validate():
        found = service.search_indicators(
            form.sector.data or 0, form.facility_type.data or 0, form.q.data or "",
            form.status.data or "current",
        )
    else:
        status = 400
    kazakh = {}
    if "kk" in extra_languages():
        kazakh = {i.id: stored_text(i, "text", "kk") for i in found}
    return render_template(
        "catalogue/indicators.html", form=form, indicators=found, kazakh=kazakh
    ), status


def _indicator_form(indicator: Indicator | None = None, formdata=None) -> IndicatorForm:
    data = {}
    if indicator is not None and formdata is None:
        data = {
            "sector": indicator.sector_id,
            "facility_types": [t.id for t in indicator.facility_types],
        }
        for language in extra_languages():
            for name in service.INDICATOR_FIELDS:
                data[f"{name}_{language}"] = stored_text(indicator, name, language)
    form = IndicatorForm(formdata=formdata, obj=indicator, data=data)
    if indicator is not None and formdata is None:
        # The row's ``sector`` and ``facility_types`` are rows, not the ids the selects
        # hold (WTForms prefers the object's attribute over ``data``).
        form.sector.data = indicator.sector_id
        form.facility_types.data = [t.id for t in indicator.facility_types]
    form.sector.choices = [(s.id, localised(s)) for s in _sectors()]
    form.facility_types.choices = _type_choices()
    return form


def _indicator_values(form: IndicatorForm) -> service.IndicatorValues:
    return service.IndicatorValues(
        sector=db.session.get(Sector, form.sector.data) if form.sector.data else None,
        facility_types=_selected_types(form.facility_types.data),
        text_mn=form.text_mn.data or "",
        text_en=form.text_en.data or "",
        hint_mn=form.hint_mn.data or "",
        hint_en=form.hint_en.data or "",
        translations={
            (name, language): form[f"{name}_{language}"].data or ""
            for language in extra_languages()
            for name in service.INDICATOR_FIELDS
        },
    )


@bp.route("/indicators/new", methods=["GET", "POST"])
@requires("catalogue.edit")
def new_indicator():
    form = _indicator_form(formdata=request.form if request.method == "POST" else None)
    if request.method == "GET":
        form.sector.data = request.args.get("sector", type=int)
        return render_template("catalogue/indicator.html", form=form, indicator=None)
    if form.validate_on_submit():
        try:
            indicator = service.create_indicator(_indicator_values(form), form.code.data or "")
        except DomainError as error:
            db.session.rollback()
            _field_error(form, error, "text_mn")
        else:
            db.session.commit()
            flash(_("The indicator %(code)s is added to the library.", code=indicator.code),
                  "success")
            return redirect(url_for("catalogue.edit_indicator", indicator_id=indicator.id))
    return render_template("catalogue/indicator.html", form=form, indicator=None), 400


def _library_indicator(indicator_id: int) -> Indicator:
    indicator = _get(Indicator, indicator_id)
    if not indicator.in_library:
        abort(404)
    return indicator


def _indicator_page(indicator: Indicator, form: IndicatorForm, status: int = 200):
    return render_template(
        "catalogue/indicator.html",
        form=form,
        indicator=indicator,
        in_use=service.indicator_in_use(indicator),
        versions=service.versions_of(indicator),
        confirm=ConfirmForm(),
        kazakh={name: stored_text(indicator, name, "kk") for name in service.INDICATOR_FIELDS},
    ), status


@bp.route("/indicators/<int:indicator_id>", methods=["GET", "POST"])
@requires("catalogue.edit")
def edit_indicator(indicator_id: int):
    indicator = _library_indicator(indicator_id)
    if request.method == "GET":
        return _indicator_page(indicator, _indicator_form(indicator))
    form = _indicator_form(indicator, formdata=request.form)
    if form.validate_on_submit():
        try:
            saved, new_version = service.update_indicator(indicator, _indicator_values(form))
        except DomainError as error:
            db.session.rollback()
            _field_error(form, error, "text_mn")
        else:
            db.session.commit()
            if new_version:
                flash(
                    _(
                        "Rounds use this indicator, so a new version (%(code)s) was made; "
                        "rounds keep the version they used, and current templates now hold "
                        "the new one.",
                        code=saved.code,
                    ),
                    "success",
                )
            else:
                flash(_("The indicator is saved."), "success")
            return redirect(url_for("catalogue.edit_indicator", indicator_id=saved.id))
    return _indicator_page(indicator, form, 400)


def _retire_view(model, row_id: int, retired: bool, change, endpoint: str, arg: str, message):
    row = _get(model, row_id)
    if model is Indicator and not row.in_library:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        change(row, retired)
    except DomainError as error:
        db.session.rollback()
        flash(message_for(error), "error")
    else:
        db.session.commit()
        flash(str(message), "success")
    return redirect(url_for(endpoint, **{arg: row.id}))


@bp.post("/indicators/<int:indicator_id>/retire")
@requires("catalogue.edit")
def retire_indicator(indicator_id: int):
    return _retire_view(
        Indicator, indicator_id, True, service.set_indicator_retired,
        "catalogue.edit_indicator", "indicator_id",
        _l("The indicator is retired: new templates and rounds no longer offer it."),
    )


@bp.post("/indicators/<int:indicator_id>/restore")
@requires("catalogue.edit")
def restore_indicator(indicator_id: int):
    return _retire_view(
        Indicator, indicator_id, False, service.set_indicator_retired,
        "catalogue.edit_indicator", "indicator_id", _l("The indicator is offered again."),
    )


@bp.post("/rounds/<int:round_id>/indicators/<int:ri_id>/promote")
@requires("catalogue.edit")
def promote_indicator(round_id: int, ri_id: int):
    """The round's indicators page: "Add to the library" on a proposed indicator."""
    round_ = load_round(round_id)
    ri = db.session.get(RoundIndicator, ri_id)
    if ri is None or ri.round_id != round_.id:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        indicator = service.promote_indicator(round_, ri)
    except DomainError as error:
        db.session.rollback()
        flash(message_for(error), "error")
    else:
        db.session.commit()
        flash(
            _("The indicator %(code)s is now in the library.", code=indicator.code), "success"
        )
    return redirect(url_for("prep.indicators", round_id=round_.id) + f"#ri-{ri.id}")


# ------------------------------------------------------------------------- templates


@bp.get("/templates")
@requires("catalogue.edit")
def templates():
    show_all = request.args.get("all") == "1"
    query = select(Template).order_by(Template.lineage, Template.version.desc())
    if not show_all:
        query = query.where(Template.superseded_at.is_(None))
    return render_template(
        "catalogue/templates.html",
        templates=db.session.scalars(query).all(),
        show_all=show_all,
    )


def _scale_choices(kept: list[int | None]) -> list[tuple[int, str]]:
    """The newest version of each scale (a scale no other replaces), and the ones the
    template already has."""
    newer = aliased(Scale)
    scales = db.session.scalars(
        select(Scale)
        .where(
            ~exists().where(newer.replaces_id == Scale.id)
            | Scale.id.in_([k for k in kept if k])
        )
        .order_by(Scale.id)
    )
    return [(s.id, localised(s)) for s in scales]


def _template_form(template: Template | None = None, formdata=None) -> TemplateForm:
    data = {}
    if template is not None and formdata is None:
        data = {
            "sector": template.sector_id,
            "scale": template.scale_id,
            "facility_types": [t.id for t in template.facility_types],
            "consensus_scale": template.consensus_scale_id or 0,
        }
    form = TemplateForm(formdata=formdata, obj=template, data=data)
    form.sector.choices = [(s.id, localised(s)) for s in _sectors()]
    form.facility_types.choices = _type_choices()
    kept = [template.scale_id, template.consensus_scale_id] if template is not None else []
    form.scale.choices = _scale_choices(kept)
    form.consensus_scale.choices = [(0, _("The same as the votes"))] + _scale_choices(kept)
    return form


def _template_values(form: TemplateForm) -> service.TemplateValues:
    consensus = None
    if form.consensus_scale.data:
        consensus = db.session.get(Scale, form.consensus_scale.data)
    return service.TemplateValues(
        name_mn=form.name_mn.data or "",
        name_en=form.name_en.data or "",
        sector=db.session.get(Sector, form.sector.data) if form.sector.data else None,
        facility_types=_selected_types(form.facility_types.data),
        scale=db.session.get(Scale, form.scale.data) if form.scale.data else None,
        consensus_scale=consensus,
    )


@bp.route("/templates/new", methods=["GET", "POST"])
@requires("catalogue.edit")
def new_template():
    form = _template_form(formdata=request.form if request.method == "POST" else None)
    if request.method == "GET":
        return render_template("catalogue/template_new.html", form=form)
    if form.validate_on_submit():
        try:
            template = service.create_template(_template_values(form), form.code.data or "")
        except DomainError as error:
            db.session.rollback()
            _field_error(form, error, "name_mn")
        else:
            db.session.commit()
            flash(_("The template is added. Next: add its indicators."), "success")
            return redirect(url_for("catalogue.edit_template", template_id=template.id))
    return render_template("catalogue/template_new.html", form=form), 400


def _item_form(template: Template) -> TemplateIndicatorForm:
    form = TemplateIndicatorForm(prefix="add")
    taken = {item.indicator_id for item in template.items}
    language = current_language()
    form.indicator.choices = [
        (i.id, f"{i.code} — {i.text(language)}")
        for i in service.current_library(template.sector_id)
        if i.id not in taken
    ]
    return form


def _template_page(template: Template, form=None, item_form=None, status: int = 200):
    return render_template(
        "catalogue/template.html",
        template=template,
        form=form or _template_form(template),
        item_form=item_form or _item_form(template),
        in_use=service.template_in_use(template),
        versions=service.versions_of(template),
        confirm=ConfirmForm(),
    ), status


def _saved(template: Template, new_version: bool, message: str, anchor: str = ""):
    db.session.commit()
    if new_version:
        flash(
            _(
                "Rounds started with this template, so a new version (%(code)s, version "
                "%(version)s) was made; those rounds keep the version they started with.",
                code=template.code,
                version=template.version,
            ),
            "success",
        )
    flash(message, "success")
    return redirect(url_for("catalogue.edit_template", template_id=template.id) + anchor)


@bp.route("/templates/<int:template_id>", methods=["GET", "POST"])
@requires("catalogue.edit")
def edit_template(template_id: int):
    template = _get(Template, template_id)
    if request.method == "GET":
        return _template_page(template)
    form = _template_form(template, formdata=request.form)
    if form.validate_on_submit():
        try:
            saved, new_version = service.update_template(template, _template_values(form))
        except DomainError as error:
            db.session.rollback()
            _field_error(form, error, "name_mn")
        else:
            return _saved(saved, new_version, _("The template is saved."))
    return _template_page(template, form=form, status=400)


@bp.post("/templates/<int:template_id>/indicators")
@requires("catalogue.edit")
def add_template_indicator(template_id: int):
    template = _get(Template, template_id)
    item_form = _item_form(template)
    if not item_form.validate_on_submit():
        return _template_page(template, item_form=item_form, status=400)
    try:
        saved, new_version = service.add_template_indicator(
            template, db.session.get(Indicator, item_form.indicator.data)
        )
    except DomainError as error:
        db.session.rollback()
        _field_error(item_form, error, "indicator")
        return _template_page(template, item_form=item_form, status=400)
    return _saved(saved, new_version, _("The indicator is added to the template."), "#items")


def _item_change(template_id: int, indicator_id: int, change, message):
    template = _get(Template, template_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        saved, new_version = change(template, indicator_id)
    except DomainError as error:
        db.session.rollback()
        if error.code == "indicator_not_in_template":
            abort(404)
        flash(message_for(error), "error")
        return redirect(url_for("catalogue.edit_template", template_id=template.id))
    return _saved(saved, new_version, str(message), "#items")


@bp.post("/templates/<int:template_id>/indicators/<int:indicator_id>/move")
@requires("catalogue.edit")
def move_template_indicator(template_id: int, indicator_id: int):
    step = -1 if request.form.get("direction") == "up" else 1
    return _item_change(
        template_id, indicator_id,
        lambda template, ind: service.move_template_indicator(template, ind, step),
        _l("The order is saved."),
    )


@bp.post("/templates/<int:template_id>/indicators/<int:indicator_id>/remove")
@requires("catalogue.edit")
def remove_template_indicator(template_id: int, indicator_id: int):
    return _item_change(
        template_id, indicator_id, service.remove_template_indicator,
        _l("The indicator is removed from the template."),
    )


@bp.post("/templates/<int:template_id>/retire")
@requires("catalogue.edit")
def retire_template(template_id: int):
    return _retire_view(
        Template, template_id, True, service.set_template_retired,
        "catalogue.edit_template", "template_id",
        _l("The template is retired: new rounds no longer offer it."),
    )


@bp.post("/templates/<int:template_id>/restore")
@requires("catalogue.edit")
def restore_template(template_id: int):
    return _retire_view(
        Template, template_id, False, service.set_template_retired,
        "catalogue.edit_template", "template_id", _l("The template is offered again."),
    )


# --------------------------------------------------------------- sectors and types


def _stored_names(row) -> dict[str, str]:
    """A sector's or facility type's names in the languages without a column, as the
    form's ``name_<code>`` data."""
    if row is None:
        return {}
    return {f"name_{code}": stored_text(row, "name", code) for code in extra_languages()}


def _typed_names(form) -> dict[str, str]:
    """The names typed in the languages without a column, by language."""
    return {code: form[f"name_{code}"].data or "" for code in form.translated_languages}


def _sector_form(sector: Sector | None = None, formdata=None, prefix: str = ""):
    form_class = with_name_translations(SectorForm, extra_languages())
    data = _stored_names(sector) if formdata is None else {}
    return form_class(formdata=formdata, obj=sector, data=data, prefix=prefix)


def _type_form(facility_type: FacilityType | None = None, formdata=None) -> FacilityTypeForm:
    data = {"sector": facility_type.sector_id} if facility_type and formdata is None else {}
    if formdata is None:
        data |= _stored_names(facility_type)
    form_class = with_name_translations(FacilityTypeForm, extra_languages())
    form = form_class(formdata=formdata, obj=facility_type, data=data, prefix="type")
    form.sector.choices = [(s.id, localised(s)) for s in _sectors()]
    return form


def _sectors_page(sector_form=None, type_form=None, status: int = 200):
    sectors = _sectors()
    return render_template(
        "catalogue/sectors.html",
        sectors=sectors,
        facility_types=_facility_types(),
        sector_form=sector_form or _sector_form(prefix="sector"),
        type_form=type_form or _type_form(),
        translated_languages=extra_languages(),
        sector_names={s.id: _stored_names(s) for s in sectors},
    ), status


@bp.get("/sectors")
@requires("catalogue.admin")
def sectors():
    return _sectors_page()


@bp.post("/sectors")
@requires("catalogue.admin")
def add_sector():
    form = _sector_form(formdata=request.form, prefix="sector")
    if form.validate_on_submit():
        try:
            sector = service.save_sector(
                None, form.code.data, form.name_mn.data, form.name_en.data, _typed_names(form)
            )
        except DomainError as error:
            db.session.rollback()
            _field_error(form, error, "code")
        else:
            db.session.commit()
            flash(_("The sector %(name)s is added.", name=localised(sector)), "success")
            return redirect(url_for("catalogue.sectors"))
    return _sectors_page(sector_form=form, status=400)


@bp.route("/sectors/<int:sector_id>", methods=["GET", "POST"])
@requires("catalogue.admin")
def edit_sector(sector_id: int):
    sector = _get(Sector, sector_id)
    if request.method == "GET":
        form = _sector_form(sector)
        return render_template("catalogue/sector.html", form=form, sector=sector)
    form = _sector_form(sector, formdata=request.form)
    form.code.data = sector.code  # the code stays: reports and links use it
    if form.validate_on_submit():
        try:
            service.save_sector(
                sector, sector.code, form.name_mn.data, form.name_en.data, _typed_names(form)
            )
        except DomainError as error:
            db.session.rollback()
            _field_error(form, error, "name_mn")
        else:
            db.session.commit()
            flash(_("The sector is saved."), "success")
            return redirect(url_for("catalogue.sectors"))
    return render_template("catalogue/sector.html", form=form, sector=sector), 400


@bp.post("/facility-types")
@requires("catalogue.admin")
def add_facility_type():
    form = _type_form(formdata=request.form)
    if form.validate_on_submit():
        try:
            facility_type = service.save_facility_type(
                None, form.code.data, db.session.get(Sector, form.sector.data),
                form.name_mn.data, form.name_en.data, _typed_names(form),
            )
        except DomainError as error:
            db.session.rollback()
            _field_error(form, error, "code")
        else:
            db.session.commit()
            flash(
                _("The facility type %(name)s is added.", name=localised(facility_type)),
                "success",
            )
            return redirect(url_for("catalogue.sectors"))
    return _sectors_page(type_form=form, status=400)


@bp.route("/facility-types/<int:facility_type_id>", methods=["GET", "POST"])
@requires("catalogue.admin")
def edit_facility_type(facility_type_id: int):
    facility_type = _get(FacilityType, facility_type_id)
    if request.method == "GET":
        return render_template(
            "catalogue/facility_type.html", form=_type_form(facility_type),
            facility_type=facility_type,
        )
    form = _type_form(facility_type, formdata=request.form)
    form.code.data = facility_type.code
    if form.validate_on_submit():
        try:
            service.save_facility_type(
                facility_type, facility_type.code, db.session.get(Sector, form.sector.data),
                form.name_mn.data, form.name_en.data, _typed_names(form),
            )
        except DomainError as error:
            db.session.rollback()
            _field_error(form, error, "name_mn")
        else:
            db.session.commit()
            flash(_("The facility type is saved."), "success")
            return redirect(url_for("catalogue.sectors"))
    return render_template(
        "catalogue/facility_type.html", form=form, facility_type=facility_type
    ), 400


# ------------------------------------------------------------ demographic answers

QUESTION_NAMES = {
    "gender": _l("Gender"),
    "age_band": _l("Age"),
    "disability": _l("Disability"),
}


def _answer_fields(options) -> list[tuple[str, str, bool]]:
    """(field name, label, required) per answer and offered language: ``o<id>_<code>``,
    labelled with the language's own name; Mongolian is required."""
    return [
        (f"o{option.id}_{code}", LANGUAGE_NAMES.get(code, code), code == "mn")
        for option in options
        for code in current_app.config["LANGUAGES"]
    ]


def _answers_form(options, formdata=None):
    form_class = demographic_labels_form(_answer_fields(options), DEMOGRAPHIC_LABEL_MAX)
    data = {}
    if formdata is None:
        for option in options:
            stored = demographic_labels_of(option)
            for code in current_app.config["LANGUAGES"]:
                data[f"o{option.id}_{code}"] = stored.get(code, "")
    return form_class(formdata=formdata, data=data)


def _answers_page(options, form, status: int = 200):
    language = current_language()
    questions = [
        (
            QUESTION_NAMES[kind],
            [
                (option, demographic_label(option.kind, option.code, language))
                for option in options
                if option.kind == kind
            ],
        )
        for kind in DEMOGRAPHIC_KINDS
    ]
    return render_template(
        "catalogue/answers.html",
        form=form,
        questions=questions,
        has_options=bool(options),
        label_languages=list(current_app.config["LANGUAGES"]),
    ), status


@bp.route("/answers", methods=["GET", "POST"])
@requires("catalogue.admin")
def answers():
    """The labels of the demographic questions' answers (gender, age band, disability)
    in every offered language: what the phone form, the paper-form page, imports and
    the XLSForm show. Saving changes the labels at once for every round."""
    options = demographic_options()
    if request.method == "GET":
        return _answers_page(options, _answers_form(options))
    form = _answers_form(options, formdata=request.form)
    if form.validate_on_submit():
        typed = {
            (option.id, code): form[f"o{option.id}_{code}"].data or ""
            for option in options
            for code in current_app.config["LANGUAGES"]
        }
        try:
            changed = service.save_demographic_labels(typed)
        except DomainError as error:
            db.session.rollback()
            _field_error(form, error, f"o{options[0].id}_mn")
        else:
            db.session.commit()
            flash(
                _("The labels are saved.")
                if changed
                else _("Nothing was changed."),
                "success",
            )
            return redirect(url_for("catalogue.answers"))
    flash(_("Nothing was saved: correct the marked labels."), "error")
    return _answers_page(options, form, 400)
