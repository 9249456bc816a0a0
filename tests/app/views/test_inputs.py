"""The input tracking sheet: editing, the gap, common items, refusals (factory-made
organisations and rounds, on a database without the demo)."""

from __future__ import annotations

from decimal import Decimal

from app.extensions import db
from app.models import AuditEvent, Round
from scorecards.lifecycle import Phase


def _sheet_data(round_: Round, **changes):
    data = {}
    for index, item in enumerate(round_.input_items):
        data.update(
            {
                f"rows-{index}-item_id": str(item.id),
                f"rows-{index}-item": item.item,
                f"rows-{index}-norm": str(item.norm or ""),
                f"rows-{index}-actual": str(item.actual or ""),
                f"rows-{index}-unit": item.unit,
            }
        )
    data.update(changes)
    return data


def test_sheet_shows_gap_and_saves_a_new_item(east, staff_client, stocked_round):
    client = staff_client(east["facilitator"])
    round_ = stocked_round()
    n = len(round_.input_items)
    data = _sheet_data(
        round_,
        **{
            f"rows-{n}-item": "Компьютер",
            f"rows-{n}-norm": "10",
            f"rows-{n}-actual": "4",
            f"rows-{n}-unit": "ш",
        },
    )
    assert client.post(f"/rounds/{round_.id}/inputs", data=data).status_code == 302
    db.session.expire_all()
    item = round_.input_items[-1]
    assert (item.item, item.norm, item.actual) == ("Компьютер", Decimal("10"), Decimal("4"))
    page = client.get(f"/rounds/{round_.id}/inputs").get_data(as_text=True)
    assert "Дутагдал 6; Нормын 40% хангагдсан" in page  # shortfall 6, 40% of the norm met
    assert db.session.query(AuditEvent).filter_by(action="input.save", entity_id=item.id).count()


def test_negative_norm_is_refused_next_to_the_field(east, staff_client, stocked_round):
    client = staff_client(east["facilitator"])
    round_ = stocked_round()
    first = round_.input_items[0]
    response = client.post(
        f"/rounds/{round_.id}/inputs", data=_sheet_data(round_, **{"rows-0-norm": "-3"})
    )
    assert response.status_code == 400 and 'class="error"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(type(first), first.id).norm == first.norm


def test_common_items_for_the_facility_type_are_added_once(east, staff_client, stocked_round):
    client = staff_client(east["facilitator"])
    round_ = stocked_round()
    before = len(round_.input_items)
    client.post(f"/rounds/{round_.id}/inputs/common")
    db.session.expire_all()
    after = len(round_.input_items)
    assert after > before
    client.post(f"/rounds/{round_.id}/inputs/common")
    db.session.expire_all()
    assert len(round_.input_items) == after


def test_inputs_of_published_round_cannot_change(east, staff_client, stocked_round):
    client = staff_client(east["facilitator"])
    round_ = stocked_round(Phase.PUBLISHED)
    data = _sheet_data(round_, **{"rows-0-actual": "999"})
    client.post(f"/rounds/{round_.id}/inputs", data=data)
    db.session.expire_all()
    assert db.session.get(Round, round_.id).input_items[0].actual != Decimal("999")


def test_other_organisation_gets_not_found(west, staff_client, stocked_round):
    client = staff_client(west["facilitator"])
    round_ = stocked_round()
    assert client.get(f"/rounds/{round_.id}/inputs").status_code == 404
    assert client.post(f"/rounds/{round_.id}/inputs/common").status_code == 404
