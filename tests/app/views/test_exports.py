"""Exporting a round: XLSX with one sheet per part and CSV, cells neutralised."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from app.extensions import db
from app.models import ConsensusScore
from scorecards.lifecycle import Phase
from tests.app.views.helpers import EAST, WEST, east_round, open_demo_round


def test_xlsx_has_a_sheet_per_part_with_the_data(client, login):
    login(EAST)
    round_ = east_round(Phase.PUBLISHED)
    response = client.get(f"/rounds/{round_.id}/export.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    assert len(book.sheetnames) == 7  # with the free text of the round
    responses = list(book.worksheets[0].iter_rows(values_only=True))
    indicator = round_.indicators[0].indicator
    assert indicator.text("mn") in responses[0]  # the names, above the codes
    assert indicator.code in responses[1]
    assert len(responses) > 2


def test_formula_like_reason_is_neutralised_in_csv(client, login):
    round_ = open_demo_round()
    group = round_.groups[0]
    db.session.add(
        ConsensusScore(
            round_id=round_.id,
            group_id=group.id,
            round_indicator_id=round_.indicators[0].id,
            value=2,
            reason='=HYPERLINK("http://x")',
        )
    )
    db.session.commit()
    login(EAST)
    body = client.get(f"/rounds/{round_.id}/export/consensus.csv").data.decode("utf-8-sig")
    assert "'=HYPERLINK" in body
    assert ",=HYPERLINK" not in body


def test_export_of_other_organisation_is_not_found(client, login):
    login(WEST)
    round_ = open_demo_round()
    assert client.get(f"/rounds/{round_.id}/export.xlsx").status_code == 404
    assert client.get(f"/rounds/{round_.id}/export/responses.csv").status_code == 404
    assert client.get(f"/rounds/{round_.id}/export").status_code == 404
