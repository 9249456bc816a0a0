"""Input tracking: the sheet of entitlements against reality, with each item's gap."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.extensions import db
from app.models import InputItem, Round
from app.services.audit import record
from app.services.rounds import ensure_editable
from app.services.texts import shipped_text
from scorecards.inputs import COMMON_INPUT_ITEMS, InputGap, InputItemSuggestion, gap


def suggestions_for(round_: Round) -> list[InputItemSuggestion]:
    """The commonly tracked items for the round's facility type."""
    return COMMON_INPUT_ITEMS.get(round_.facility.facility_type.code, [])


def suggestion_text(suggestion: InputItemSuggestion, field: str, language: str) -> str:
    """A suggested item's ``label`` or ``unit`` in ``language``: Mongolian and English
    come with the suggestion; another language (Kazakh) has its shipped translation
    (``app/data/kazakh_texts.csv``, keyed by the English text), else Mongolian."""
    mn, en = getattr(suggestion, f"{field}_mn"), getattr(suggestion, f"{field}_en")
    if language == "mn":
        return mn
    if language == "en":
        return en
    return shipped_text(f"input_{'item' if field == 'label' else field}", en, field, language) or mn


def localised_suggestions(round_: Round, language: str) -> list[tuple[str, str]]:
    """(label, unit) of each commonly tracked item for the round, in ``language``."""
    return [
        (suggestion_text(s, "label", language), suggestion_text(s, "unit", language))
        for s in suggestions_for(round_)
    ]


def _names(suggestion: InputItemSuggestion) -> set[str]:
    """Every name a sheet may hold for a suggested item (any offered language)."""
    from flask import current_app

    return {suggestion_text(suggestion, "label", code) for code in current_app.config["LANGUAGES"]}


def _higher_is_better(round_: Round, item: InputItem) -> bool:
    """Known items (waiting time, pupils per class…) say which way is better; others: more."""
    for suggestion in suggestions_for(round_):
        if item.item in _names(suggestion) | {suggestion.label_mn, suggestion.label_en}:
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
    """Add the facility type's common items that the sheet lacks (in any language),
    named in ``language``; returns how many."""
    ensure_editable(round_)
    names = {item.item for item in round_.input_items}
    position = max((i.position for i in round_.input_items), default=0)
    added = 0
    for suggestion in suggestions_for(round_):
        if names & (_names(suggestion) | {suggestion.label_mn, suggestion.label_en}):
            continue
        position += 1
        db.session.add(
            InputItem(
                round=round_,
                position=position,
                item=suggestion_text(suggestion, "label", language),
                unit=suggestion_text(suggestion, "unit", language),
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
