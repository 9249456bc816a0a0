"""The meeting page compares like with like: each source apart, and a labelled gap.

The round of ``tests.app.services.reports.test_consensus_public`` (1–5 scale), not yet published,
at the meeting. The meeting is the round's own: every group's consensus counts here,
whatever its size (k applies to public outputs only).

    indicator 1 consensus: community 4, 3, 1, 5 -> n 4, mean 13/4 = 3.25,
        median (3 + 4) / 2 = 3.5; providers 5 -> gap 3.25 - 5 = -1.75 ("-1.8")
    indicator 2 consensus: community 2, n/a, 1, 5 -> n 3, mean 8/3 = 2.67 ("2.7"),
        median 2; providers 4 -> gap 8/3 - 4 = -1.33 ("-1.3")
"""

from __future__ import annotations

import re

from app.extensions import db
from app.models import Tally
from app.services.meeting import comparison
from scorecards.lifecycle import Phase
from tests.app.services.reports.test_consensus_public import consensus_round
from tests.app.views.helpers import ADMIN

DORNOD = "MN-061"


def _cells(html: str) -> list[str]:
    """The text of each body row of the comparison table, tags removed."""
    body = html.split('<table class="data meeting">', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows[1:]]


def test_a_consensus_only_round_shows_its_scores_and_their_gap(client, login):
    round_ = consensus_round(votes=False, state=Phase.INTERFACE_MEETING, aimag=DORNOD)
    login(ADMIN)
    page = client.get(f"/rounds/{round_.id}/meeting?lang=en")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    first, second = _cells(html)
    assert "not scored" not in first and "not scored" not in second
    assert "Consensus, mean of groups: 3.2" in first  # 3.25 shown with one decimal
    assert "n=4, median 3.5" in first
    assert "-1.8" in first and "consensus vs consensus" in first
    assert "n=3, median 2.0" in second and "2.7" in second and "-1.3" in second
    assert "Эмэгтэйчүүд: 4.0 — Эмэгтэйчүүд: шалтгаан 1" in first  # each group's reason
    assert "Individual votes: —" in first and "Tallies: —" in first
    chart = client.get(f"/rounds/{round_.id}/meeting/chart.svg?lang=en")
    assert chart.status_code == 200 and b"<svg" in chart.data
    mongolian = client.get(f"/rounds/{round_.id}/meeting?lang=mn").get_data(as_text=True)
    assert "зөвшилцсөн ба зөвшилцсөн" in mongolian


def test_votes_on_one_side_only_fall_back_to_consensus_then_votes_win(client, login):
    # Community votes 1,1,1,1,1 on indicator 1; providers only agreed a consensus, so
    # the gap compares consensus with consensus (3.25 - 5), not votes (1.0) with it.
    round_ = consensus_round(votes=True, state=Phase.INTERFACE_MEETING, aimag=DORNOD)
    rows = {row.ri.position: row for row in comparison(round_)}
    assert rows[1].community.individual_figure.mean == 1.0
    assert (rows[1].gap_source, rows[1].gap) == ("consensus", -1.75)
    # Providers tally 2 × 4 and 2 × 5 (mean 4.5): now votes vs votes, 1.0 - 4.5 = -3.5.
    provider = next(g for g in round_.groups if g.side == "provider")
    first = rows[1].ri
    for value in (4, 5):
        db.session.add(
            Tally(
                round_id=round_.id,
                group_id=provider.id,
                round_indicator_id=first.id,
                point=str(value),
                value=float(value),
                count=2,
            )
        )
    db.session.commit()
    row = {r.ri.position: r for r in comparison(round_)}[1]
    assert row.provider.tally_figure.n == 4 and row.provider.tally_figure.median == 4.5
    assert (row.gap_source, row.gap) == ("votes", -3.5)
    login(ADMIN)
    html = client.get(f"/rounds/{round_.id}/meeting?lang=en").get_data(as_text=True)
    first_row = _cells(html)[0]
    assert "-3.5" in first_row and "votes vs votes" in first_row
    assert "Tallies: 4.5 (n=4, median 4.5)" in first_row
    assert "Individual votes: 1.0 (n=5, median 1.0)" in first_row
