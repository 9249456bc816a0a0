"""Group consensus scores are public results, as their own source, under their own k rule.

A hand-built published round in an aimag the demo leaves empty (Govi-Altai) has five
groups on the 1–5 faces scale (positive from 4), and k = 5:

    group        side       recorded people           indicator 1   indicator 2
    women        community  4 women + 2 men = 6        4             2
    parents      community  5 women = 5 (exactly k)    3             not applicable
    men          community  3 men (< k)                1             1
    youth        community  none counted (planned 12)  5             5
    teachers     provider   5 + 2 = 7                  5             4

Shown: women, parents, teachers. Hidden: men (below k), youth (size not recorded).

    community, indicator 1: 4 and 3 -> n 2, mean 3.5, median 3.5,
        0–100: (3.5 - 1) / 4 * 100 = 62.5; positive (>= 4): 1 of 2 = 0.5;
        people 6 + 5 = 11
    community, indicator 2: 2 (parents: missing) -> n 1, n_missing 1, mean 2.0,
        0–100 (2 - 1) / 4 * 100 = 25.0; people 6 (only groups with a score)
    provider, indicator 1: 5 -> 100.0; indicator 2: 4 -> 75.0; people 7

Five people also vote 1 on indicator 1 individually: votes give 0–100 = 0.0, and
the consensus figures above do not move (never pooled).
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from app.extensions import db
from app.models import Area, ConsensusScore, ParticipantGroup
from app.services.publication import rollup_round
from scorecards.lifecycle import Phase
from tests.app.report_data import EMPTY_AIMAG, indicator_id, make_round

GROUPS = [
    # label, kind, side, (female, male), expected size, {position: value}
    ("Эмэгтэйчүүд", "women", "community", (4, 2), 6, {1: 4.0, 2: 2.0}),
    ("Эцэг эхчүүд", "parents", "community", (5, 0), 5, {1: 3.0, 2: None}),
    ("Эрэгтэйчүүд", "men", "community", (0, 3), 3, {1: 1.0, 2: 1.0}),
    ("Залуучууд", "youth", "community", (0, 0), 12, {1: 5.0, 2: 5.0}),
    ("Багш нар", "providers", "provider", (5, 2), 7, {1: 5.0, 2: 4.0}),
]
NOT_RECORDED_EN = "Consensus of 1 group not shown: its number of participants was not recorded."
BELOW_K_EN = "Consensus of 1 group not shown: it recorded fewer than 5 participants."


def consensus_round(votes: bool = True, state: str = Phase.PUBLISHED, aimag: str = EMPTY_AIMAG):
    """The round of the module docstring, published through the rollup."""
    answers = {1: [1, 1, 1, 1, 1], 2: [3, 3, 3, 3, 3]} if votes else {1: [], 2: []}
    round_ = make_round(answers, state=Phase.REVIEW, aimag=aimag, name="Зөвшлийн сургууль")
    by_position = {ri.position: ri for ri in round_.indicators}
    for label, kind, side, (female, male), planned, scores in GROUPS:
        group = ParticipantGroup(
            round=round_,
            kind=kind,
            side=side,
            label=label,
            expected_size=planned,
            count_female=female,
            count_male=male,
        )
        db.session.add(group)
        db.session.flush()
        for position, value in scores.items():
            db.session.add(
                ConsensusScore(
                    round_id=round_.id,
                    group_id=group.id,
                    round_indicator_id=by_position[position].id,
                    value=value,
                    missing_reason=None if value is not None else "na",
                    reason=f"{label}: шалтгаан {position}",
                )
            )
    round_.state = state
    db.session.flush()
    rollup_round(round_)
    db.session.commit()
    return round_


def _results(client, **params):
    query = {"aimag": EMPTY_AIMAG, "source": "consensus", "lang": "en", **params}
    response = client.get("/api/v1/results", query_string=query)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def _by_indicator_and_side(rows):
    return {(row["indicator"], row["side"]): row for row in rows}


def test_api_reports_consensus_per_group_rule_apart_from_votes(client):
    consensus_round()
    body = _results(client, by="indicator,side")
    assert body["source"] == "consensus"
    rows = _by_indicator_and_side(body["results"])
    first, second = indicator_id(1), indicator_id(2)
    row = rows[(first, "community")]
    assert (row["n"], row["n_missing"], row["groups_shown"]) == (2, 0, 2)
    assert row["mean"] == 3.5 and row["median"] == 3.5
    assert row["mean_100"] == 62.5 and row["share_positive"] == 0.5
    assert row["people"] == 11  # 6 + 5 recorded participants
    assert (row["groups_below_k"], row["groups_size_not_recorded"]) == (1, 1)
    assert row["source"] == "consensus" and row["suppressed"] is False
    row = rows[(second, "community")]
    assert (row["n"], row["n_missing"], row["mean_100"], row["people"]) == (1, 1, 25.0, 6)
    assert rows[(first, "provider")]["mean_100"] == 100.0
    assert rows[(second, "provider")]["mean_100"] == 75.0
    assert rows[(first, "provider")]["people"] == 7
    # The same round's votes: five people voting 1 -> 0.0; not pooled with consensus.
    votes = client.get(
        "/api/v1/results",
        query_string={"aimag": EMPTY_AIMAG, "by": "indicator", "side": "community"},
    ).get_json()["results"]
    assert {r["indicator"]: r["mean_100"] for r in votes}[first] == 0.0
    assert all(r["source"] != "consensus" for r in votes)


def test_api_consensus_by_group_kind_and_without_demographics(client):
    consensus_round()
    rows = _results(client, by="group_kind", indicator=str(indicator_id(1)))["results"]
    by_kind = {row["group_kind"]: row for row in rows}
    assert by_kind["women"]["mean"] == 4.0 and not by_kind["women"]["suppressed"]
    # A group of 3 is hidden: no figure, and the reason is counted.
    assert by_kind["men"]["suppressed"] is True and by_kind["men"]["mean"] is None
    assert by_kind["men"]["groups_below_k"] == 1
    assert by_kind["youth"]["groups_size_not_recorded"] == 1 and by_kind["youth"]["mean"] is None
    # Consensus has no gender: everything is "undisclosed", never a 500.
    rows = _results(client, by="gender")["results"]
    assert [r["gender"] for r in rows] == ["undisclosed"]
    assert _results(client, by="indicator", gender="female")["results"] == []


@pytest.mark.app_config(PRIVACY_K=3)
def test_k_is_read_at_report_time(client):
    consensus_round()
    rows = _by_indicator_and_side(_results(client, by="indicator,side")["results"])
    row = rows[(indicator_id(1), "community")]
    # k = 3: the men's group of 3 is shown too: (4 + 3 + 1) / 3
    assert row["n"] == 3 and row["mean"] == pytest.approx(8 / 3, abs=1e-3)  # 3 decimals
    assert (row["groups_below_k"], row["groups_size_not_recorded"]) == (0, 1)


def test_openapi_documents_the_consensus_source(client):
    document = client.get("/api/v1/openapi.json").get_json()
    parameters = document["paths"]["/results"]["get"]["parameters"]
    source = next(p for p in parameters if p["name"] == "source")
    assert "consensus" in source["schema"]["enum"]
    assert "recorded number of participants" in source["description"]
    properties = document["components"]["schemas"]["Results"]["properties"]["results"]["items"]
    assert {"groups_shown", "groups_below_k", "groups_size_not_recorded"} <= set(
        properties["properties"]
    )


def test_aimag_report_shows_consensus_and_why_groups_are_missing(client):
    consensus_round(votes=False)  # a round scored only by consensus is still reported
    page = client.get(f"/reports/{EMPTY_AIMAG}?lang=en")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Group consensus scores" in text
    assert "3.5" in text and "62" in text  # mean and 0–100 (62.5 shown rounded)
    assert NOT_RECORDED_EN in text and BELOW_K_EN in text
    assert "recorded for the group" in text  # the method note states the rule
    assert client.get(f"/reports/{EMPTY_AIMAG}/charts/trend.svg").status_code == 200
    mongolian = client.get(f"/reports/{EMPTY_AIMAG}?lang=mn").get_data(as_text=True)
    assert "Бүлгийн зөвшилцсөн оноо" in mongolian
    assert "оролцогчдын тоог бүртгээгүй" in mongolian


def test_aimag_consensus_downloads(client):
    consensus_round()
    base = f"/reports/{EMPTY_AIMAG}/consensus"
    rows = list(csv.DictReader(io.StringIO(client.get(f"{base}.csv").data.decode("utf-8-sig"))))
    first = next(
        r for r in rows if r["indicator"] == str(indicator_id(1)) and r["side"] == "community"
    )
    assert (first["mean"], first["mean_100"], first["groups_shown"]) == ("3.5", "62.5", "2")
    assert (first["groups_below_k"], first["groups_size_not_recorded"]) == ("1", "1")
    document = json.loads(client.get(f"{base}.json").data)
    assert document["meta"]["table"] == "consensus"
    provider = next(
        r for r in document["rows"] if r["indicator"] == indicator_id(2) and r["side"] == "provider"
    )
    assert provider["mean"] == 4.0 and provider["people"] == 7
    sheet = load_workbook(io.BytesIO(client.get(f"{base}.xlsx").data)).active
    header = [c.value for c in sheet[2]]  # the codes, under the names
    values = [dict(zip(header, [c.value for c in row], strict=True)) for row in sheet.iter_rows(3)]
    assert any(v["mean_100"] == 62.5 and v["side"] == "community" for v in values)


def test_facility_page_and_downloads_show_consensus_per_round_and_side(client):
    round_ = consensus_round()
    page = client.get(f"/facilities/{round_.facility_id}?lang=en")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Group consensus scores" in text
    assert "Service providers" in text and "3.5" in text and "5.0" in text
    assert NOT_RECORDED_EN in text and BELOW_K_EN in text
    rows = json.loads(client.get(f"/facilities/{round_.facility_id}/consensus.json").data)["rows"]
    table = {(r["round"], r["side"], r["indicator"]): r for r in rows}
    assert table[(round_.id, "community", indicator_id(1))]["mean"] == 3.5
    assert table[(round_.id, "provider", indicator_id(2))]["mean"] == 4.0
    csv_text = client.get(f"/facilities/{round_.facility_id}/consensus.csv").data.decode(
        "utf-8-sig"
    )
    assert "groups_below_k" in csv_text.splitlines()[0]
    assert client.get(f"/facilities/{round_.facility_id}/consensus.xlsx").status_code == 200
    assert client.get(f"/facilities/{round_.facility_id}/consensus.txt").status_code == 404


def test_pdf_prints_consensus_and_the_reason_groups_are_missing(client):
    consensus_round()
    response = client.get(f"/reports/{EMPTY_AIMAG}.pdf?lang=en")
    assert response.status_code == 200
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    flat = " ".join(text.split())
    assert "Group consensus scores" in flat
    assert "3.5" in flat and "63" in flat  # 62.5 rounded half up for display
    assert NOT_RECORDED_EN in flat and BELOW_K_EN in flat


def test_unpublished_consensus_is_not_public(client):
    consensus_round(state=Phase.REVIEW)
    assert _results(client, by="indicator")["results"] == []
    aimag = db.session.scalar(select(Area).where(Area.code == EMPTY_AIMAG))
    assert aimag is not None
    text = client.get(f"/reports/{EMPTY_AIMAG}?lang=en").get_data(as_text=True)
    assert 'class="data consensus"' not in text and NOT_RECORDED_EN not in text


def test_demo_consensus_is_public(client):
    # The demo counts the participants of the groups of its published rounds.
    body = client.get(
        "/api/v1/results", query_string={"source": "consensus", "by": "side"}
    ).get_json()
    sides = {row["side"]: row for row in body["results"]}
    assert sides["community"]["groups_shown"] > 0 and not sides["community"]["suppressed"]


def test_officials_see_unpublished_consensus_under_the_same_rule(client, login):
    from app.services.reports import query as reports
    from scorecards.aggregation import records

    round_ = consensus_round(state=Phase.REVIEW, aimag="MN-061")
    q = reports.ResultQuery(
        ("indicator", "side"),
        (("facility", round_.facility_id),),
        "consensus",
        (round_.id,),
    )
    rows = {(r["indicator"], r["side"]): r for r in records(reports.figures(q))}
    row = rows[(indicator_id(1), "community")]
    # the same figures as when published: 4 and 3 shown, 1 group below k, 1 unknown
    assert (row["n"], row["mean"], row["people"]) == (2, 3.5, 11)
    assert (row["groups_below_k"], row["groups_size_not_recorded"]) == (1, 1)
    login("official.dornod@egekh.demo")
    page = client.get("/reports/MN-061?lang=en")
    assert page.status_code == 200 and 'class="data consensus"' in page.get_data(as_text=True)
