"""Scoring scales: the built-in ones used in the field (1–5 faces, 0–10, 0–100,
red/amber/green) and the ones administrators and coordinators define.

Two shapes exist:

* **ordered labelled points** — 2 to 11 points valued 1, 2, … n, each with a label
  in every offered language and optionally a face or a colour (``ScalePoint.mark``);
* **numeric ranges** — a minimum, a maximum and a ``step`` (0–10 in steps of 0.5,
  0–100 in steps of 1); only the ends carry labels.

A value is a number on the scale's own range that lies on one of its steps
(``min + k × step``); a missing answer ("not applicable", "don't know") is ``None``
and is never counted as zero. Steps are exact decimals (``Decimal``), so "9.5" on a
step-0.5 scale is accepted and "9.3" is not, whatever binary float would say.

``kind`` says how the points are shown (faces, numbers or colours); what a scale
accepts comes only from ``min_value``, ``max_value`` and ``step``. The ``code`` is
unique per scale *version*: summary rows name the scale they were counted on by
this code, so a changed scale gets a new code and old figures keep their meaning.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import cached_property

from scorecards.errors import DomainError

MAX_RADIO_POINTS = 11
MIN_POINTS = 2
MAX_POINTS = 11
MAX_RANGE_STEPS = 1000
"""A range may have at most this many steps (0–100 in steps of 0.1 is the largest)."""
STEP_DIGITS = 3
"""Steps and values carry at most three decimals (the stored precision)."""

FACE_MARKS: tuple[str, ...] = ("face1", "face2", "face3", "face4", "face5")
COLOUR_MARKS: tuple[str, ...] = ("red", "amber", "yellow", "green", "blue", "grey")
MARKS: tuple[str, ...] = (*FACE_MARKS, *COLOUR_MARKS)
"""What a labelled point may show besides its label: a face (1 saddest … 5 happiest)
or a colour. Codes only; the web layer draws them."""


class ScaleKind(StrEnum):
    FACES = "faces"
    NUMERIC = "numeric"
    TRAFFIC_LIGHT = "traffic_light"


Number = int | float | Decimal


def to_decimal(value: Number | str) -> Decimal:
    """A number as an exact decimal: floats by their shortest text (``0.1`` -> 0.1)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def plain_number(value: Number) -> int | float:
    """``int`` when the value is whole (``3``), else ``float`` (``9.5``)."""
    number = to_decimal(value)
    if number == number.to_integral_value():
        return int(number)
    return float(number)


def format_value(value: Number) -> str:
    """A value as people write it: ``"3"``, ``"9.5"``, ``"0.25"`` (point as the mark)."""
    number = to_decimal(value)
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


def parse_number(text: object) -> Decimal | None:
    """An exact decimal from a typed value, a comma or a point as the decimal mark;
    ``None`` when it is not a finite number."""
    if isinstance(text, bool):
        return None
    if isinstance(text, (int, float, Decimal)):
        if isinstance(text, float) and not math.isfinite(text):
            return None
        number = to_decimal(text)
    else:
        cleaned = str(text).strip().replace(",", ".")
        if not cleaned or cleaned.count(".") > 1:
            return None
        try:
            number = Decimal(cleaned)
        except (InvalidOperation, ValueError):
            return None
    return number if number.is_finite() else None


@dataclass(frozen=True)
class ScalePoint:
    """One labelled point of a scale (labels are data, in both languages);
    ``mark`` is one of :data:`MARKS` or empty."""

    value: int
    label_mn: str
    label_en: str
    mark: str = ""


@dataclass(frozen=True)
class Scale:
    """A closed range ``min_value``–``max_value`` walked in ``step`` s, with labelled points.

    ``positive_from`` is the lowest value counted as a positive answer (for the
    "share of positive answers" figure): 4 on 1–5, 7 on 0–10, 70 on 0–100, 3 (green)
    on red/amber/green; on a user's labelled scale, the lowest point marked positive
    (every point above it is positive too: the points are ordered).
    """

    code: str
    kind: ScaleKind
    min_value: int
    max_value: int
    positive_from: int
    name_mn: str
    name_en: str
    points: tuple[ScalePoint, ...] = ()
    step: Decimal = Decimal(1)
    version: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "step", to_decimal(self.step))
        if self.min_value >= self.max_value:
            raise DomainError("scale_range_empty", "max_value")
        if self.step <= 0 or self.step != self.step.quantize(Decimal(1).scaleb(-STEP_DIGITS)):
            raise DomainError("scale_step_invalid", "step")
        if (Decimal(self.max_value) - Decimal(self.min_value)) % self.step != 0:
            raise DomainError("scale_step_not_dividing", "step")
        if (Decimal(self.max_value) - Decimal(self.min_value)) / self.step > MAX_RANGE_STEPS:
            raise DomainError("scale_too_many_steps", "step", max=MAX_RANGE_STEPS)
        if not self.min_value <= self.positive_from <= self.max_value:
            raise DomainError("scale_positive_outside", "positive_from")
        for point in self.points:
            if not self.min_value <= point.value <= self.max_value:
                raise DomainError("scale_point_outside", "points", value=point.value)

    @property
    def span(self) -> int:
        return self.max_value - self.min_value

    @cached_property
    def _values(self) -> tuple[int | float, ...]:
        low = Decimal(self.min_value)
        count = int((Decimal(self.max_value) - low) / self.step)
        return tuple(plain_number(low + self.step * i) for i in range(count + 1))

    @property
    def labelled(self) -> bool:
        """True for an ordered labelled scale: every point has a label."""
        labelled = {p.value for p in self.points if p.label_mn or p.label_en}
        return all(v in labelled for v in self._values)

    @property
    def wants_number_box(self) -> bool:
        """Scales with more points than fit as a row of radio buttons (more than
        ``MAX_RADIO_POINTS``) are answered with a number box."""
        return len(self._values) > MAX_RADIO_POINTS

    def point_values(self) -> list[int | float]:
        """Every value the scale accepts, lowest first: ints for whole values, floats
        for the others (101 values on 0–100; 0, 0.5, 1, … 10 on 0–10 step 0.5)."""
        return list(self._values)

    def allowed_values_text(self) -> str:
        """The accepted values written out, language-neutral: ``"1, 2, 3"`` for a few,
        ``"0, 0.5, 1, … 10"`` for many (the web layer puts it in a sentence)."""
        texts = [format_value(v) for v in self._values]
        if len(texts) <= MAX_RADIO_POINTS:
            return ", ".join(texts)
        return f"{', '.join(texts[:3])}, … {texts[-1]}"

    def validate(self, value: object, field: str | None = None) -> float | None:
        """Return the value as a float, ``None`` for a missing answer.

        Accepts numbers and their text (a comma or a point as the decimal mark);
        empty strings and ``None`` are missing. The check is done on exact decimals,
        so the float returned is the shortest binary form of an exact step value.
        Raises ``DomainError`` with code ``value_not_number``, ``value_out_of_range``
        (params ``min``, ``max``) or ``value_not_on_step`` (between the scale's steps,
        a fraction on a step-1 scale too; params ``allowed``, ``step``, ``min``,
        ``max``), so the refusal can name the allowed values.
        """
        if value is None or (isinstance(value, str) and value.strip() == ""):
            return None
        number = parse_number(value)
        if number is None:
            raise DomainError("value_not_number", field)
        if not self.min_value <= number <= self.max_value:
            raise DomainError("value_out_of_range", field, min=self.min_value, max=self.max_value)
        if (number - Decimal(self.min_value)) % self.step != 0:
            raise DomainError(
                "value_not_on_step",
                field,
                allowed=self.allowed_values_text(),
                step=format_value(self.step),
                min=self.min_value,
                max=self.max_value,
            )
        return float(number)

    def is_on_scale(self, value: Number) -> bool:
        """Whether ``value`` is one of :meth:`point_values` (exact decimal check)."""
        number = to_decimal(value)
        return (
            self.min_value <= number <= self.max_value
            and (number - Decimal(self.min_value)) % self.step == 0
        )

    def normalise(self, value: float | None) -> float | None:
        """Map a value to 0–100 linearly (min -> 0, max -> 100); ``None`` stays ``None``.

        Rounding rule: computed on the exact decimal value and not rounded (2 on a
        three-point 1–3 scale is 50; 2 on 1–4 is 33.333…); figures are rounded only
        for display, half away from zero (``scorecards.aggregation.round_half_up``),
        to whole numbers on 0–100 unless a page shows one decimal.
        """
        if value is None:
            return None
        exact = (to_decimal(value) - Decimal(self.min_value)) * 100 / Decimal(self.span)
        return float(exact)

    def is_positive(self, value: float) -> bool:
        return value >= self.positive_from

    def point(self, value: Number) -> ScalePoint | None:
        for point in self.points:
            if point.value == value:
                return point
        return None

    def label(self, value: Number, language: str) -> str | None:
        point = self.point(value)
        if point is None:
            return None
        return point.label_en if language == "en" else point.label_mn

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_mn


def scale_from_record(record: object, points: Iterable[object]) -> Scale:
    """The domain scale of a stored scale: ``record`` has the scale's columns (code,
    kind, min_value, max_value, positive_from, name_mn, name_en, step, version) and each
    of ``points`` a value, label_mn, label_en and mark — an ORM row and a Core result
    row both do. The one converter, so every reader fills gaps alike: a missing step is
    1, a missing version 1, a missing mark none; points without a value are skipped
    (an outer join yields one for a scale without labels)."""
    return Scale(
        code=record.code,
        kind=ScaleKind(record.kind),
        min_value=record.min_value,
        max_value=record.max_value,
        positive_from=record.positive_from,
        name_mn=record.name_mn,
        name_en=record.name_en,
        points=tuple(
            ScalePoint(p.value, p.label_mn, p.label_en, p.mark or "")
            for p in points
            if p.value is not None
        ),
        step=record.step if record.step is not None else 1,
        version=record.version or 1,
    )


def changes_meaning(old: Scale, new: Scale) -> bool:
    """Whether replacing ``old`` by ``new`` would reinterpret answers stored on ``old``.

    Anything but the scale's name counts: the range, the step, the positive
    threshold, and every point's value, label and mark (a relabelled point would
    make a stored "2" mean something else). A scale in use is then versioned, not
    edited.
    """
    return (
        old.min_value,
        old.max_value,
        old.step,
        old.positive_from,
        old.kind,
        tuple(sorted((p.value, p.label_mn, p.label_en, p.mark) for p in old.points)),
    ) != (
        new.min_value,
        new.max_value,
        new.step,
        new.positive_from,
        new.kind,
        tuple(sorted((p.value, p.label_mn, p.label_en, p.mark) for p in new.points)),
    )


def _names(name_mn: str, name_en: str) -> tuple[str, str]:
    name_mn, name_en = (name_mn or "").strip(), (name_en or "").strip()
    if not name_mn:
        raise DomainError("scale_name_missing", "name_mn")
    if not name_en:
        raise DomainError("scale_name_missing", "name_en")
    return name_mn, name_en


def labelled_scale(
    code: str,
    name_mn: str,
    name_en: str,
    labels: Sequence[tuple[str, str, str]],
    positive_from: int,
    version: int = 1,
) -> Scale:
    """An ordered labelled scale from ``labels`` (lowest first): ``(label_mn, label_en,
    mark)`` per point, valued 1…n. ``positive_from`` is the lowest positive point.

    Codes (with the field at fault, ``points-<i>-label_<lang>`` 0-based):
    ``scale_name_missing``, ``scale_too_few_points`` / ``scale_too_many_points``
    (field ``points``), ``scale_label_missing``, ``scale_label_duplicate`` (the same
    label twice in one language, ignoring case and spaces), ``scale_mark_unknown``,
    ``scale_positive_outside``.
    """
    name_mn, name_en = _names(name_mn, name_en)
    if len(labels) < MIN_POINTS:
        raise DomainError("scale_too_few_points", "points", min=MIN_POINTS)
    if len(labels) > MAX_POINTS:
        raise DomainError("scale_too_many_points", "points", max=MAX_POINTS)
    seen: dict[str, set[str]] = {"mn": set(), "en": set()}
    points = []
    for index, (label_mn, label_en, mark) in enumerate(labels):
        texts = {"mn": (label_mn or "").strip(), "en": (label_en or "").strip()}
        for language, text in texts.items():
            field = f"points-{index}-label_{language}"
            if not text:
                raise DomainError("scale_label_missing", field)
            key = " ".join(text.casefold().split())
            if key in seen[language]:
                raise DomainError("scale_label_duplicate", field, label=text)
            seen[language].add(key)
        if mark and mark not in MARKS:
            raise DomainError("scale_mark_unknown", f"points-{index}-mark")
        points.append(ScalePoint(index + 1, texts["mn"], texts["en"], mark or ""))
    if not 1 <= positive_from <= len(points):
        raise DomainError("scale_positive_outside", "positive_from")
    marks = {p.mark for p in points if p.mark}
    if marks and marks <= set(FACE_MARKS):
        kind = ScaleKind.FACES
    elif marks and marks <= set(COLOUR_MARKS):
        kind = ScaleKind.TRAFFIC_LIGHT
    else:
        kind = ScaleKind.NUMERIC
    return Scale(
        code=code,
        kind=kind,
        min_value=1,
        max_value=len(points),
        positive_from=positive_from,
        name_mn=name_mn,
        name_en=name_en,
        points=tuple(points),
        version=version,
    )


def range_scale(
    code: str,
    name_mn: str,
    name_en: str,
    min_value: Number,
    max_value: Number,
    step: Number,
    positive_from: Number,
    low_label: tuple[str, str] = ("", ""),
    high_label: tuple[str, str] = ("", ""),
    version: int = 1,
) -> Scale:
    """A numeric range scale. The ends are whole numbers (they are stored as such);
    the step may be a decimal with up to three places that divides the range.

    Codes (field): ``scale_name_missing``, ``scale_bound_not_integer`` (``min_value``
    / ``max_value``), ``scale_range_empty`` (``max_value``: the minimum is not below
    the maximum), ``scale_step_invalid`` / ``scale_step_not_dividing`` /
    ``scale_too_many_steps`` (``step``), ``scale_positive_outside`` (``positive_from``:
    outside the range or between steps).
    """
    name_mn, name_en = _names(name_mn, name_en)
    bounds = {}
    for field, value in (("min_value", min_value), ("max_value", max_value)):
        number = parse_number(value)
        if number is None or number != number.to_integral_value():
            raise DomainError("scale_bound_not_integer", field)
        bounds[field] = int(number)
    if bounds["min_value"] >= bounds["max_value"]:
        raise DomainError("scale_range_empty", "max_value")
    step_number = parse_number(step)
    if step_number is None:
        raise DomainError("scale_step_invalid", "step")
    threshold = parse_number(positive_from)
    if threshold is None or threshold != threshold.to_integral_value():
        raise DomainError("scale_positive_outside", "positive_from")
    points = []
    for value, (label_mn, label_en) in (
        (bounds["min_value"], low_label),
        (bounds["max_value"], high_label),
    ):
        if (label_mn or "").strip() or (label_en or "").strip():
            points.append(ScalePoint(value, (label_mn or "").strip(), (label_en or "").strip()))
    scale = Scale(
        code=code,
        kind=ScaleKind.NUMERIC,
        min_value=bounds["min_value"],
        max_value=bounds["max_value"],
        positive_from=int(threshold),
        name_mn=name_mn,
        name_en=name_en,
        points=tuple(points),
        step=step_number,
        version=version,
    )
    if not scale.is_on_scale(threshold):
        raise DomainError("scale_positive_outside", "positive_from")
    return scale


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
