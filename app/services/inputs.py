"""Input tracking: the sheet of entitlements against reality, with each item's gap."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.extensions import db
from app.models import InputItem, Round
from app.services.audit import record
from app.services.rounds import ensure_editable
from scorecards.inputs import COMMON_INPUT_ITEMS, InputGap, InputItemSuggestion, gap


def suggestions_for(round_: Round) -> list[InputItemSuggestion]:
    """The commonly tracked items for the round's facility type."""
    return COMMON_INPUT_ITEMS.get(round_.facility.facility_type.code, [])


def _higher_is_better(round_: Round, item: InputItem) -> bool:
    """Known items (waiting time, pupils per class…) say which way is better; others: more."""
    for suggestion in suggestions_for(round_):
        if item.item in (suggestion.label_mn, suggestion.label_en):
            return suggestion.higher_is_better
    return True


@dataclass(frozen=True)
class SheetLine:
    item: InputItem
    gap: InputGap


def sheet(round_: Round) -> list[SheetLine]:
    return [
        SheetLine(
            item, gap(item.norm, item.actual, higher_is_better=_higher_is_better(round_, item))
        )
        for item in round_.input_items
    ]


@dataclass(frozen=True)
class SheetRow:
    item_id: int | None
    item: str
    norm: Decimal | None
    actual: Decimal | None
    unit: str = ""
    source: str = ""
    note: str = ""


def save_sheet(round_: Round, rows: list[SheetRow]) -> None:
    """Apply the edited sheet: existing rows are updated (emptied item name: removed), new
    rows with an item name are added at the end. Every change is audited."""
    ensure_editable(round_)
    existing = {item.id: item for item in round_.input_items}
    position = max((i.position for i in existing.values()), default=0)
    for row in rows:
        item = existing.get(row.item_id) if row.item_id else None
        name = row.item.strip()
        if item is not None and not name:
            record("input.remove", "input_item", item.id, before={"item": item.item})
            round_.input_items.remove(item)
            continue
        if item is None:
            if not name:
                continue
            position += 1
            item = InputItem(round=round_, position=position, item=name)
            db.session.add(item)
        before = {"norm": _plain(item.norm), "actual": _plain(item.actual)}
        item.item = name
        item.norm, item.actual = row.norm, row.actual
        item.unit, item.source, item.note = row.unit.strip(), row.source.strip(), row.note.strip()
        after = {"norm": _plain(item.norm), "actual": _plain(item.actual)}
        db.session.flush()
        if before != after or item.id not in existing:
            record("input.save", "input_item", item.id, before, {**after, "item": name})
    db.session.flush()


def add_common_items(round_: Round, language: str) -> int:
    """Add the facility type's common items that the sheet lacks; returns how many."""
    ensure_editable(round_)
    names = {item.item for item in round_.input_items}
    position = max((i.position for i in round_.input_items), default=0)
    added = 0
    for suggestion in suggestions_for(round_):
        if suggestion.label_mn in names or suggestion.label_en in names:
            continue
        position += 1
        db.session.add(
            InputItem(
                round=round_,
                position=position,
                item=suggestion.label_mn if language == "mn" else suggestion.label_en,
                unit=suggestion.unit_mn if language == "mn" else suggestion.unit_en,
                norm=None if suggestion.norm_hint is None else Decimal(str(suggestion.norm_hint)),
            )
        )
        added += 1
    db.session.flush()
    if added:
        record("input.add_common", "round", round_.id, after={"added": added})
    return added


def _plain(value: Decimal | None) -> str | None:
    return None if value is None else str(value)
