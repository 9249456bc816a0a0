"""Scoring scales used in the field: 1–5 faces, 0–10, 0–100 and red/amber/green.

A value is a number on the scale's own range; a missing answer ("not applicable",
"don't know") is ``None`` and is never counted as zero.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from scorecards.errors import DomainError

MAX_RADIO_POINTS = 11


class ScaleKind(StrEnum):
    FACES = "faces"
    NUMERIC = "numeric"
    TRAFFIC_LIGHT = "traffic_light"


@dataclass(frozen=True)
class ScalePoint:
    """One labelled point of a scale (labels are data, in both languages)."""

    value: int
    label_mn: str
    label_en: str


@dataclass(frozen=True)
class Scale:
    """A closed integer range with optional labelled points.

    ``positive_from`` is the lowest value counted as a positive answer (for the
    "share of positive answers" figure): 4 on 1–5, 7 on 0–10, 70 on 0–100, 3 (green)
    on red/amber/green.
    """

    code: str
    kind: ScaleKind
    min_value: int
    max_value: int
    positive_from: int
    name_mn: str
    name_en: str
    points: tuple[ScalePoint, ...] = ()

    def __post_init__(self) -> None:
        if self.min_value >= self.max_value:
            raise DomainError("scale_range_empty", "max_value")
        if not self.min_value <= self.positive_from <= self.max_value:
            raise DomainError("scale_positive_outside", "positive_from")
        for point in self.points:
            if not self.min_value <= point.value <= self.max_value:
                raise DomainError("scale_point_outside", "points", value=point.value)

    @property
    def span(self) -> int:
        return self.max_value - self.min_value

    @property
    def wants_number_box(self) -> bool:
        """Scales with more points than fit as a row of radio buttons (more than
        ``MAX_RADIO_POINTS``) are answered with a number box."""
        return self.span + 1 > MAX_RADIO_POINTS

    def point_values(self) -> list[int]:
        """Every integer the scale accepts, lowest first (101 values on 0–100)."""
        return list(range(self.min_value, self.max_value + 1))

    def validate(self, value: object, field: str | None = None) -> float | None:
        """Return the value as a float, ``None`` for a missing answer.

        Accepts ints, integral floats and their string forms; empty strings and
        ``None`` are missing. Anything else, fractions and values outside the range
        raise ``DomainError`` with code ``value_not_number``, ``value_not_integer``
        or ``value_out_of_range``.
        """
        if value is None or (isinstance(value, str) and value.strip() == ""):
            return None
        if isinstance(value, bool):
            raise DomainError("value_not_number", field)
        try:
            number = (
                float(value.strip().replace(",", ".")) if isinstance(value, str) else float(value)
            )
        except (TypeError, ValueError):
            raise DomainError("value_not_number", field) from None
        if not math.isfinite(number):
            raise DomainError("value_not_number", field)
        if number != int(number):
            raise DomainError("value_not_integer", field)
        if not self.min_value <= number <= self.max_value:
            raise DomainError("value_out_of_range", field, min=self.min_value, max=self.max_value)
        return number

    def normalise(self, value: float | None) -> float | None:
        """Map a value to 0–100 linearly (min -> 0, max -> 100); ``None`` stays ``None``.

        Not rounded: rounding is for display only.
        """
        if value is None:
            return None
        return (float(value) - self.min_value) * 100.0 / self.span

    def is_positive(self, value: float) -> bool:
        return value >= self.positive_from

    def label(self, value: int, language: str) -> str | None:
        for point in self.points:
            if point.value == value:
                return point.label_mn if language == "mn" else point.label_en
        return None


FACES_1_5 = Scale(
    code="faces5",
    kind=ScaleKind.FACES,
    min_value=1,
    max_value=5,
    positive_from=4,
    name_mn="1–5 царай",
    name_en="1–5 faces",
    points=(
        ScalePoint(1, "Маш муу", "Very bad"),
        ScalePoint(2, "Муу", "Bad"),
        ScalePoint(3, "Дунд зэрэг", "Average"),
        ScalePoint(4, "Сайн", "Good"),
        ScalePoint(5, "Маш сайн", "Very good"),
    ),
)

ZERO_TEN = Scale(
    code="zero10",
    kind=ScaleKind.NUMERIC,
    min_value=0,
    max_value=10,
    positive_from=7,
    name_mn="0–10 оноо",
    name_en="0–10 points",
    points=(
        ScalePoint(0, "Огт хангалтгүй", "Not at all"),
        ScalePoint(10, "Бүрэн хангалттай", "Fully"),
    ),
)

ZERO_HUNDRED = Scale(
    code="zero100",
    kind=ScaleKind.NUMERIC,
    min_value=0,
    max_value=100,
    positive_from=70,
    name_mn="0–100 хувь",
    name_en="0–100 per cent",
    points=(
        ScalePoint(0, "Огт хангалтгүй", "Not at all"),
        ScalePoint(100, "Бүрэн хангалттай", "Fully"),
    ),
)

TRAFFIC_LIGHT = Scale(
    code="rag",
    kind=ScaleKind.TRAFFIC_LIGHT,
    min_value=1,
    max_value=3,
    positive_from=3,
    name_mn="Улаан / шар / ногоон",
    name_en="Red / amber / green",
    points=(
        ScalePoint(1, "Улаан — муу", "Red — poor"),
        ScalePoint(2, "Шар — дунд", "Amber — fair"),
        ScalePoint(3, "Ногоон — сайн", "Green — good"),
    ),
)

BUILTIN_SCALES: dict[str, Scale] = {
    scale.code: scale for scale in (FACES_1_5, ZERO_TEN, ZERO_HUNDRED, TRAFFIC_LIGHT)
}
DEFAULT_SCALE_CODE = FACES_1_5.code
