"""Importing paper scorecards or tallies: template, upload, preview, choice, progress."""

from __future__ import annotations

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
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.extensions import db
from app.models.imports import ImportJob
from app.permissions import requires
from app.services import answers, file_imports
from app.views.cycle_text import error_text
from app.views.rounds import load_round
from forms.cycle import ImportChoiceForm, ImportUploadForm
from scorecards.errors import DomainError
from scorecards.imports import template_csv, template_xlsx
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
        body = template_xlsx(spec, kind, answers.HEADERS_MN, "Загвар", with_reasons=True)
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


@bp.route("/<int:round_id>/import", methods=["GET", "POST"])
@requires("round.edit")
def upload(round_id: int):
    round_ = load_round(round_id, "round.edit")
    form = ImportUploadForm()
    if request.method == "GET":
        form.side.data = request.args.get("side", "community")
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
                message = error_text(error)
                if error.code == "file_too_large":
                    message = _(
                        "The file is too large (at most %(mb)d MB).",
                        mb=file_imports.max_bytes() // (1024 * 1024),
                    )
                form.file.errors = [message]
            else:
                db.session.commit()
                return redirect(url_for("imports.job", round_id=round_.id, token=job.token))
        status = 400
    elif request.method == "POST":
        status = 400
    recent = db.session.scalars(
        select(ImportJob)
        .where(ImportJob.round_id == round_.id)
        .order_by(ImportJob.id.desc())
        .limit(5)
    ).all()
    return render_template("imports/upload.html", round=round_, form=form, recent=recent), status


def _job(round_id: int, token: str, action: str = "round.edit") -> ImportJob:
    round_ = load_round(round_id, action)
    job = db.session.scalar(select(ImportJob).where(ImportJob.token == token))
    if job is None or job.round_id != round_.id:
        abort(404)
    return job


@bp.get("/<int:round_id>/import/<token>")
@requires("round.edit")
def job(round_id: int, token: str):
    job = _job(round_id, token)
    return render_template(
        "imports/job.html",
        round=job.round,
        job=job,
        form=ImportChoiceForm(),
        error_text=error_text,
    )


@bp.get("/<int:round_id>/import/<token>.json")
@requires("round.edit")
def progress(round_id: int, token: str):
    job = _job(round_id, token)
    return jsonify(
        state=job.state, processed=job.processed, total=job.valid_rows, imported=job.imported
    )


@bp.post("/<int:round_id>/import/<token>")
@requires("round.edit")
def choose(round_id: int, token: str):
    job = _job(round_id, token)
    form = ImportChoiceForm()
    if not form.validate_on_submit() or form.choice.data not in ("valid", "nothing"):
        abort(400)
    try:
        if form.choice.data == "nothing":
            file_imports.discard(job)
            db.session.commit()
            flash(_("Nothing was imported."), "info")
            return redirect(url_for("imports.upload", round_id=job.round_id))
        file_imports.begin(job)
    except DomainError as error:
        db.session.rollback()
        flash(error_text(error), "error")
        return redirect(url_for("imports.job", round_id=job.round_id, token=job.token))
    db.session.commit()
    file_imports.start_import(current_app._get_current_object(), job.id)
    return redirect(url_for("imports.job", round_id=round_id, token=token))
