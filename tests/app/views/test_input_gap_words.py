"""The input-tracking gap in words: shortfall and share of the norm met, labelled.

Issue 10: norm 1, actual 0 read "-1 (0.0%)" on the sheet, and the meeting page listed
the gap without saying how much was short.
"""

from __future__ import annotations

from decimal import Decimal

from app.extensions import db
from scorecards.inputs import gap
from tests.app.views.helpers import EAST, open_demo_round


def _one_short_item():
    round_ = open_demo_round()
    item = round_.input_items[0]
    item.norm, item.actual = Decimal("1"), Decimal("0")  # e.g. a school doctor: 1, none
    db.session.commit()
    return round_, item


def test_sheet_says_shortfall_and_share_of_norm_met_in_mongolian_then_english(client, login):
    login(EAST)
    round_, _ = _one_short_item()
    page = client.get(f"/rounds/{round_.id}/inputs").get_data(as_text=True)
    assert "-1 (0.0%)" not in page
    assert "Дутагдал 1; Нормын 0% хангагдсан" in page  # Mongolian first
    page = client.get(f"/rounds/{round_.id}/inputs?lang=en").get_data(as_text=True)
    assert "Shortfall 1; 0% of the norm met" in page


def test_meeting_page_lists_the_shortfall_with_its_unit(client, login):
    login(EAST)
    round_, item = _one_short_item()
    page = client.get(f"/rounds/{round_.id}/meeting?lang=en").get_data(as_text=True)
    unit = f" {item.unit}" if item.unit else ""
    assert f"Shortfall 1{unit}; 0% of the norm met" in page


def test_gap_amounts_are_positive_and_follow_which_way_is_better():
    short = gap(4, 2)  # 2 doctors of 4: shortfall 2, 50% of the norm met
    assert (short.shortfall, short.surplus, short.share_pct) == (2.0, None, 50.0)
    crowded = gap(30, 40, higher_is_better=False)  # 40 pupils per class, norm 30
    assert (crowded.status, crowded.shortfall) == ("short", 10.0)
    better = gap(4, 5)
    assert (better.shortfall, better.surplus) == (None, 1.0)
    assert gap(1, 1).shortfall is None and gap(None, 1).shortfall is None
