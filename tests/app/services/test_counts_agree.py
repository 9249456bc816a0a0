"""One meaning per count: people, responses (forms) and answers (scores) agree on the
home page, /aimags/, /reports/, the aimag report, the downloads and the API; staff pages
name each count in words; the projector shows each side apart."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from app.extensions import db
from app.models import ConsensusScore, ParticipantGroup, Response, Score, Tally
from tests.app.views.helpers import EAST, open_demo_round

DORNOD = "MN-061"
SENTENCE = re.compile(
    r"([\d\u202f]+) (?:person|people), ([\d\u202f]+) forms?, ([\d\u202f]+) answers?"
)


def _int(text: str) -> int:
    return int(text.replace("\u202f", ""))


def _sentences(html: str) -> list[tuple[int, int, int]]:
    return [tuple(_int(part) for part in match) for match in SENTENCE.findall(html)]


def _row_counts(html: str, code: str) -> tuple[int, int, int]:
    """people, forms, answers of the counts table's row linking to ``code`` (the map and
    other tables link to it too)."""
    for match in re.finditer(re.escape(f'/{code}"'), html):
        end = html.find("</tr>", match.start())
        row = html[match.start() : end] if end != -1 else ""
        cells = {
            name: _int(value)
            for name, value in re.findall(r'data-count="(\w+)">([\d\u202f]+)<', row)
        }
        if "people" in cells:
            return cells["people"], cells["responses"], cells["answers"]
    raise AssertionError(f"no counts row links to {code}")


def test_the_same_counts_everywhere_for_the_same_scope(client):
    api = client.get("/api/v1/counts").get_json()
    total = api["total"]
    national = (total["people"], total["responses"], total["answers"])
    assert all(n > 0 for n in national)

    home = client.get("/?lang=en").get_data(as_text=True)
    assert _sentences(home)[0] == national

    dornod_api = client.get(f"/api/v1/counts?aimag={DORNOD}").get_json()
    (row,) = dornod_api["aimags"]
    dornod = (row["people"], row["responses"], row["answers"])
    assert dornod_api["total"]["people"] == row["people"] and 0 < dornod[0] < national[0]
    listed = next(r for r in api["aimags"] if r["aimag"] == DORNOD)
    assert (listed["people"], listed["responses"], listed["answers"]) == dornod

    aimags = client.get("/aimags/?lang=en").get_data(as_text=True)
    assert _row_counts(aimags, DORNOD) == dornod
    assert _row_counts(home, DORNOD) == dornod

    reports = client.get("/reports/?lang=en").get_data(as_text=True)
    assert _row_counts(reports, DORNOD) == dornod

    report = client.get(f"/reports/{DORNOD}?lang=en").get_data(as_text=True)
    coverage = report[report.index('<li class="counts">') :]
    assert _sentences(coverage)[0] == dornod

    download = client.get("/reports/aimags.json").get_json()
    row = next(r for r in download["rows"] if r["aimag_code"] == DORNOD)
    assert (row["participants"], row["responses"], row["answers"]) == dornod
    assert sum(r["participants"] for r in download["rows"]) == national[0]
    assert (
        row["participants_female"] + row["participants_male"] + row["participants_other"]
        == row["participants"]
    )
    by_side = [
        client.get(f"/api/v1/counts?aimag={DORNOD}&side={side}").get_json()["total"]
        for side in ("community", "provider")
    ]
    assert tuple(sum(s[k] for s in by_side) for k in ("people", "responses", "answers")) == dornod


def _by_hand(round_id: int, side: str) -> tuple[int, int]:
    """(forms, answers) of one round and side, counted from the stored rows."""
    forms = db.session.scalar(
        select(func.count())
        .select_from(Response)
        .where(Response.round_id == round_id, Response.side == side, Response.counted())
    )
    scores = db.session.scalar(
        select(func.count())
        .select_from(Score)
        .join(Response, Response.id == Score.response_id)
        .where(
            Response.round_id == round_id,
            Response.side == side,
            Response.counted(),
            Score.value.isnot(None),
        )
    )
    tallied = db.session.scalar(
        select(func.coalesce(func.sum(Tally.count), 0))
        .join(ParticipantGroup, ParticipantGroup.id == Tally.group_id)
        .where(Tally.round_id == round_id, ParticipantGroup.side == side, Tally.value.isnot(None))
    )
    agreed = db.session.scalar(
        select(func.count())
        .select_from(ConsensusScore)
        .join(ParticipantGroup, ParticipantGroup.id == ConsensusScore.group_id)
        .where(
            ConsensusScore.round_id == round_id,
            ParticipantGroup.side == side,
            ConsensusScore.value.isnot(None),
        )
    )
    return forms, scores + tallied + agreed


def test_round_page_workspace_and_projector_name_each_count(client, login):
    login(EAST)
    round_ = open_demo_round()
    rid = round_.id
    page = client.get(f"/rounds/{rid}?lang=en").get_data(as_text=True)
    workspace = client.get("/workspace/?lang=en").get_data(as_text=True)
    projector = client.get(f"/rounds/{rid}/projector?lang=en").get_data(as_text=True)
    live = client.get(f"/rounds/{rid}/projector.json").get_json()
    for side in ("community", "provider"):
        forms, answers = _by_hand(rid, side)
        part = page[page.index(f'data-side="{side}"') :]
        people, shown_forms, shown_answers = _sentences(part)[0]
        assert (shown_forms, shown_answers) == (forms, answers)
        assert people >= forms  # every form is a person; groups add their members
        listed = workspace[workspace.index(f'href="/rounds/{rid}"') :]
        listed = listed[listed.index(f'data-side="{side}"') :]
        assert _sentences(listed)[0] == (people, forms, answers)
        section = projector[
            projector.index(f'<section class="projector-side" data-side="{side}"') :
        ]
        assert _sentences(section)[0] == (people, forms, answers)
        data = next(s for s in live["sides"] if s["side"] == side)
        assert data["counts"] == {"people": people, "responses": forms, "answers": answers}
        asked = {ri.id for ri in round_.indicators if ri.asked_of(side)}
        assert {i["id"] for i in data["indicators"]} == asked
        assert all(g["side"] == side for g in data["groups"])
    assert "Service providers" in projector and "Community" in projector
