"""Importing paper scorecards or tallies: template, upload, preview, choice, progress."""

from __future__ import annotations

from functools import partial

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_number
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.extensions import db
from app.messages import message_for
from app.models.imports import ImportJob
from app.permissions import requires
from app.services import answers, file_imports, import_values
from app.services.texts import DEMOGRAPHIC_KINDS, demographic_choices
from app.templating import current_language
from app.views.rounds import load_round
from forms.cycle import ImportChoiceForm, ImportUploadForm
from scorecards.errors import DomainError
from scorecards.exports import rows_to_csv
from scorecards.imports import accepted_value_rows, template_csv, template_xlsx
from scorecards.vocab import Side

bp = Blueprint("imports", __name__, url_prefix="/rounds")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _kind_side() -> tuple[str, str]:
    kind = request.values.get("kind", "responses")
    side = request.values.get("side", Side.COMMUNITY)
    if kind not in ("responses", "tallies") or side not in set(Side):
        abort(404)
    return kind, side


@bp.get("/<int:round_id>/import/template.<fmt>")
@requires("round.edit")
def template(round_id: int, fmt: str):
    round_ = load_round(round_id, "round.edit")
    kind, side = _kind_side()
    spec = answers.sheet_spec(round_, side)
    name = f"egekh-{round_.id}-{kind}-{side}"
    if fmt == "xlsx":
        accepted = None
        if kind == "responses":  # a second sheet: what the coded columns accept
            accepted = (import_values.accepted_sheet_name(), _accepted_rows(spec))
        body = template_xlsx(
            spec, kind, answers.HEADERS_MN, "Загвар", with_reasons=True, accepted_sheet=accepted
        )
        mimetype = XLSX
    elif fmt == "csv":
        body = template_csv(spec, kind, answers.HEADERS_MN, with_reasons=True)
        mimetype = "text/csv; charset=utf-8"
    else:
        abort(404)
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )


def _accepted_rows(spec) -> list[list[str]]:
    return accepted_value_rows(
        spec,
        import_values.accepted_values(),
        import_values.accepted_sheet_header(),
        range_words=import_values.range_words(),
        point_labels=import_values.point_labels(spec.scale),
    )


@bp.get("/<int:round_id>/import/values.csv")
@requires("round.edit")
def accepted_values(round_id: int):
    """The accepted values of the respondents template as its own CSV: a CSV holds one
    table, so the list a typist needs beside the CSV template is a second download
    (the XLSX template has it as a second sheet)."""
    round_ = load_round(round_id, "round.edit")
    side = request.args.get("side", Side.COMMUNITY)
    if side not in set(Side):
        abort(404)
    body = rows_to_csv(_accepted_rows(answers.sheet_spec(round_, side)))
    name = f"egekh-{round_.id}-accepted-values-{side}.csv"
    return Response(
        body,
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.route("/<int:round_id>/import", methods=["GET", "POST"])
@requires("round.edit")
def upload(round_id: int):
    round_ = load_round(round_id, "round.edit")
    form = ImportUploadForm()
    if request.method == "GET":
        form.side.data = request.args.get("side", "community")
        if request.args.get("kind") in ("responses", "tallies"):
            form.kind.data = request.args["kind"]
    status = 200
    if form.validate_on_submit():
        upload_file = form.file.data
        if upload_file is None or not getattr(upload_file, "filename", ""):
            form.file.errors = [_("Choose a file.")]
        else:
            data = upload_file.read(file_imports.max_bytes() + 1)
            try:
                job = file_imports.create_job(
                    round_,
                    current_user.id,
                    form.kind.data,
                    form.side.data,
                    upload_file.filename,
                    data,
                )
            except DomainError as error:
                db.session.rollback()
                form.file.errors = [message_for(error, **limit_values(error))]
            else:
                db.session.commit()
                return redirect(url_for("imports.job", round_id=round_.id, token=job.token))
        status = 400
    elif request.method == "POST":
        status = 400
    file_imports.reap_stuck_imports()
    recent = db.session.scalars(
        select(ImportJob)
        .where(ImportJob.round_id == round_.id)
        .order_by(ImportJob.id.desc())
        .limit(5)
    ).all()
    return render_template(
        "imports/upload.html",
        round=round_,
        form=form,
        recent=recent,
        demographic_answers=_demographic_answers(),
    ), status


def _demographic_answers() -> list[tuple[str, list[tuple[str, str]]]]:
    """Each demographic question's name and its answers (code, label in the reader's
    language), listed on the upload page as a typist may write them."""
    language = current_language()
    names = {"gender": _("Gender"), "age_band": _("Age"), "disability": _("Disability")}
    return [(names[kind], demographic_choices(kind, language)) for kind in DEMOGRAPHIC_KINDS]


MEGABYTE = 1024 * 1024


def limit_values(error: DomainError) -> dict[str, object]:
    """The values of an import limit as people read them, for the limit's sentence in
    ``app.messages``: numbers with thin spaces, sizes in megabytes."""
    values: dict[str, object] = {}
    limit = error.params.get("max")
    if isinstance(limit, int):
        if error.code == "file_too_large":
            values["mb"] = limit // MEGABYTE
        elif error.code == "file_unpacks_too_large":
            values["mb"] = format_number(limit // MEGABYTE)
        else:
            values["max"] = format_number(limit)
    if error.params.get("seconds") is not None:
        values["seconds"] = format_number(error.params["seconds"])
    return values


def _job(round_id: int, token: str, action: str = "round.edit") -> ImportJob:
    round_ = load_round(round_id, action)
    job = db.session.scalar(select(ImportJob).where(ImportJob.token == token))
    if job is None or job.round_id != round_.id:
        abort(404)
    return job


@bp.get("/<int:round_id>/import/<token>")
@requires("round.edit")
def job(round_id: int, token: str):
    file_imports.reap_stuck_imports()
    job = _job(round_id, token)
    return render_template(
        "imports/job.html",
        round=job.round,
        job=job,
        form=ImportChoiceForm(),
        problem_text=partial(
            message_for, allowed=job.round.scale.domain().allowed_values_text()
        ),
    )


@bp.get("/<int:round_id>/import/<token>.json")
@requires("round.edit")
def progress(round_id: int, token: str):
    file_imports.reap_stuck_imports()
    job = _job(round_id, token)
    return jsonify(
        state=job.state, processed=job.processed, total=job.valid_rows, imported=job.imported
    )


@bp.post("/<int:round_id>/import/<token>")
@requires("round.edit")
def choose(round_id: int, token: str):
    job = _job(round_id, token)
    form = ImportChoiceForm()
    if not form.validate_on_submit() or form.choice.data not in ("valid", "nothing", "retry"):
        abort(400)
    try:
        if form.choice.data == "nothing":
            file_imports.discard(job)
            db.session.commit()
            flash(_("Nothing was imported."), "info")
            return redirect(url_for("imports.upload", round_id=job.round_id))
        if form.choice.data == "retry":
            return _retry(job)
        file_imports.begin(job)
    except DomainError as error:
        db.session.rollback()
        if error.code == "import_already_started":
            flash(message_for(error), "info")
        else:
            flash(message_for(error, **limit_values(error)), "error")
        return redirect(url_for("imports.job", round_id=job.round_id, token=job.token))
    db.session.commit()
    file_imports.start_import(current_app._get_current_object(), job.id)
    return redirect(url_for("imports.job", round_id=round_id, token=token))


def _retry(job: ImportJob):
    """Try a failed import again: check its kept file anew and show the new check, or,
    when the file is no longer kept (it is deleted once a job ends), set the failed job
    aside and ask for the file again on the upload page."""
    if file_imports.retry(job):
        db.session.commit()
        flash(_("The file was checked again. Choose what to import."), "info")
        return redirect(url_for("imports.job", round_id=job.round_id, token=job.token))
    kind, side = job.kind, job.side
    file_imports.discard(job)
    db.session.commit()
    flash(
        _(
            "The file of the failed import is no longer kept. Choose it again below; "
            "nothing from the failed import was stored."
        ),
        "info",
    )
    return redirect(url_for("imports.upload", round_id=job.round_id, kind=kind, side=side))
