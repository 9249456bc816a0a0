"""The symbols beside a scale's points on the citizen pages (faces, colours); the sentences
for refused answers are in ``app.messages``."""

from __future__ import annotations

FACES = {1: "😞", 2: "🙁", 3: "😐", 4: "🙂", 5: "😀"}
# What a point's mark (``scorecards.scales.MARKS``) shows beside its label.
MARK_SYMBOLS = {
    "face1": "😞",
    "face2": "🙁",
    "face3": "😐",
    "face4": "🙂",
    "face5": "😀",
    "red": "🔴",
    "amber": "🟠",
    "yellow": "🟡",
    "green": "🟢",
    "blue": "🔵",
    "grey": "⚪",
}


def point_symbols(scale) -> dict[int, str]:
    """The symbol beside each point of ``scale``: its marks when it has any (users'
    scales), else the five faces on the built-in faces scale, else none."""
    marked = {p.value: MARK_SYMBOLS[p.mark] for p in scale.points if p.mark in MARK_SYMBOLS}
    if marked:
        return marked
    return FACES if scale.kind == "faces" else {}
