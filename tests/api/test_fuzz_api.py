"""Schemathesis fuzzes every operation of /api/v1/openapi.json: no request may produce a 500,
and anonymous API calls change no data.

Skips with a message while the app serves no OpenAPI document (404), so it starts
checking the API as soon as the API exists. ``test_the_fuzzer_finds_a_server_error``
proves on a tiny API with a planted bug that the harness really fails.
"""

from __future__ import annotations

import hashlib

import schemathesis
from flask import Flask, jsonify, request
from hypothesis import HealthCheck, given, settings
from sqlalchemy import inspect, select, text

OPENAPI_PATH = "/api/v1/openapi.json"
EXAMPLES_PER_OPERATION = 40


def fuzz(app: Flask, path: str = OPENAPI_PATH, examples: int = EXAMPLES_PER_OPERATION):
    """Run generated requests against every operation; return the failing ones."""
    schema = schemathesis.openapi.from_wsgi(path, app)
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case) -> None:
            where = (
                f"{case.method} {case.formatted_path} {case.query or ''} "
                f"{case.body if case.body is not None else ''}"
            )
            try:
                status = case.call().status_code
            except Exception as error:  # an exception escaping the app is a server error
                failures.append(f"{where} -> {type(error).__name__}: {error}")
                return
            if status >= 500:
                failures.append(f"{where} -> {status}")

        run()
    return failures


def _data_fingerprint() -> str:
    """A hash of every row of every table but the audit log (which may grow)."""
    from app.extensions import db

    digest = hashlib.sha256()
    for table in sorted(inspect(db.engine).get_table_names()):
        if table in ("audit_event", "alembic_version"):
            continue
        rows = db.session.execute(text(f'SELECT * FROM "{table}" ORDER BY 1')).all()
        digest.update(f"{table}:{rows!r}".encode())
    return digest.hexdigest()


def test_api_survives_fuzzing_and_changes_nothing(app, client):
    assert client.get(OPENAPI_PATH).status_code == 200, f"{OPENAPI_PATH} is not served"
    before = _data_fingerprint()
    failures = fuzz(app)
    assert not failures, "server errors:\n" + "\n".join(failures[:20])
    assert _data_fingerprint() == before, "an anonymous API request changed data"


def test_the_fuzzer_finds_a_server_error():
    planted = Flask("planted")

    @planted.get("/api/v1/openapi.json")
    def document():
        return jsonify(
            {
                "openapi": "3.0.3",
                "info": {"title": "planted", "version": "1"},
                "paths": {
                    "/api/v1/item": {
                        "get": {
                            "parameters": [
                                {
                                    "name": "by",
                                    "in": "query",
                                    "required": True,
                                    "schema": {"type": "integer"},
                                }
                            ],
                            "responses": {"200": {"description": "ok"}},
                        }
                    }
                },
            }
        )

    @planted.get("/api/v1/item")
    def item():
        by = int(request.args["by"])
        return jsonify({"result": [1, 2, 3][by]})  # the planted bug: 500 when by is out of range

    assert fuzz(planted, examples=200)


def test_the_data_fingerprint_sees_a_change(app):
    from app.extensions import db
    from app.models import User

    before = _data_fingerprint()
    user = db.session.scalar(select(User).limit(1))
    user.display_name += "!"
    db.session.commit()
    assert _data_fingerprint() != before
