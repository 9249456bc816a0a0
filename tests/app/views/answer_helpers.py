"""Storing answers through the pages for the stored-answers tests: paper forms, a file
import and a citizen's JSON send, each as the people who make them do it."""

from __future__ import annotations

import io
import uuid

from sqlalchemy import select

from app.extensions import db
from app.models import Response
from app.models.imports import ImportJob


def community_group(round_):
    return next(g for g in round_.groups if g.side == "community")


def community_codes(round_) -> list[str]:
    return [ri.indicator.code for ri in round_.indicators if ri.asked_of("community")]


def type_paper_forms(client, round_, forms: list[tuple[str, str, list[str]]]) -> None:
    """Type paper forms on the paper page: (form number, gender, scores in column order)."""
    group = community_group(round_)
    codes = community_codes(round_)
    data = {"side": "community", "rows": str(len(forms))}
    for i, (ref, gender, values) in enumerate(forms):
        data |= {
            f"r-{i}-respondent_id": ref,
            f"r-{i}-group": str(group.id),
            f"r-{i}-gender": gender,
            f"r-{i}-age_band": "35_59",
        }
        data |= {f"r-{i}-{code}": value for code, value in zip(codes, values, strict=False)}
    response = client.post(f"/rounds/{round_.id}/paper", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]


def import_forms(client, round_, forms: list[tuple[str, list[str]]], name: str) -> ImportJob:
    """Upload a CSV of paper forms (form number, scores) and import its rows."""
    group = community_group(round_)
    codes = community_codes(round_)
    lines = [",".join(["respondent_id", "group", "gender", *codes])]
    lines += [",".join([ref, group.label, "f", *values]) for ref, values in forms]
    upload = client.post(
        f"/rounds/{round_.id}/import",
        data={
            "kind": "responses",
            "side": "community",
            "file": (io.BytesIO(("\n".join(lines) + "\n").encode()), name),
        },
        content_type="multipart/form-data",
    )
    assert upload.status_code == 302, upload.get_data(as_text=True)[:2000]
    token = upload.headers["Location"].rsplit("/", 1)[-1]
    chosen = client.post(f"/rounds/{round_.id}/import/{token}", data={"choice": "valid"})
    assert chosen.status_code == 302
    job = db.session.scalar(select(ImportJob).where(ImportJob.token == token))
    db.session.refresh(job)
    assert job.state == "done", job.error
    return job


def send_from_phone(client, round_, value: str = "4") -> dict:
    """A citizen's JSON send through the join code; returns the body sent."""
    group = community_group(round_)
    body = {
        "uuid": str(uuid.uuid4()),
        "group": str(group.id),
        "gender": "male",
        "age_band": "18_34",
        "disability": "no",
        "comment": "",
    }
    for ri in round_.indicators:
        if ri.asked_of("community"):
            body[f"q{ri.id}"] = value
            body[f"r{ri.id}"] = ""
    answer = client.post(f"/j/{round_.community_code}/submit.json", json=body)
    assert answer.status_code == 201, answer.get_data(as_text=True)
    return body | {"receipt": answer.get_json()["receipt"]}


def response_by_ref(round_, ref: str) -> Response:
    return db.session.scalar(
        select(Response).where(Response.round_id == round_.id, Response.respondent_ref == ref)
    )
