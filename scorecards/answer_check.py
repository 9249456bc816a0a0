"""One checker for a respondent's answers, whatever brought them: the phone page (a form
POST or the script's JSON), an SMS, or another channel that builds the same fields.

It reads the fields as sent, as text, under the scorecard's field names:

* ``uuid`` — the client-generated id of the send;
* ``group`` — the participant group's id (digits); may be left empty when the side
  has one group, which is then the group;
* ``gender``, ``age_band``, ``disability`` — a code of the demographic's options, or
  empty for "prefer not to say";
* ``comment`` — free text;
* per asked indicator ``q<id>`` (a value on the round's scale, written with a comma or
  a point as the decimal mark, or a missing reason code: ``na``, ``dont_know``),
  ``n<id>`` (the "don't know" box: ticked unless empty or ``false``) and ``r<id>`` (the
  reason, free text).

:func:`check_answers` returns the answers parsed (:class:`Checked`) or every problem
found (:class:`Refused`), each with the field it is about and a code; it never stops
at the first. The limits below are the only ones: the web pages, the JSON send, the
SMS channel and the import read them from here.
"""

from __future__ import annotations

import re
import uuid as uuid_module
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

from scorecards.errors import DomainError
from scorecards.scales import Scale, format_value
from scorecards.vocab import AgeBand, Disability, Gender, MissingReason

MAX_REASON_LENGTH = 1000
"""Characters in one indicator's reason, on a phone, by SMS and in an import alike."""
MAX_COMMENT_LENGTH = 2000
"""Characters in the closing comment."""
MAX_UUID_TEXT = 45
"""Longest text read as a UUID (``urn:uuid:`` and 36 characters); anything longer is
refused before parsing."""

NOT_APPLICABLE = MissingReason.NOT_APPLICABLE.value
MISSING_CODES = frozenset(m.value for m in MissingReason)
ANSWER_KEY = re.compile(r"^[qnr]([0-9]+)$")
"""Field names that carry an answer: ``q<id>`` (value), ``n<id>`` ("don't know"), ``r<id>``."""
UNTICKED = frozenset({"", "false"})
"""Values of a "don't know" box that mean it is not ticked (as WTForms reads a box)."""

DEMOGRAPHIC_OPTIONS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "gender": frozenset(m.value for m in Gender),
        "age_band": frozenset(m.value for m in AgeBand),
        "disability": frozenset(m.value for m in Disability),
    }
)
UNDISCLOSED = "undisclosed"
"""What an empty demographic is stored as ("prefer not to say"), in every option list."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a send: the field at fault (``None`` for the whole send), a
    stable code (``answer_required``, ``value_out_of_range``…) and values the message
    may need (``max``, ``min``, ``allowed``…)."""

    field: str | None
    code: str
    params: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class AnswerShape:
    """What one side of one round asks: its indicators in order, its groups, its scale
    and the options of each demographic question."""

    indicator_ids: tuple[int, ...]
    group_ids: tuple[int, ...]
    scale: Scale
    demographics: Mapping[str, frozenset[str]] = field(
        default_factory=lambda: DEMOGRAPHIC_OPTIONS
    )

    @cached_property
    def asked_texts(self) -> frozenset[str]:
        return frozenset(str(i) for i in self.indicator_ids)

    @cached_property
    def point_texts(self) -> Mapping[str, float]:
        """Each accepted value as the page writes it (``"3"``, ``"9.5"``) to its stored
        float: most answers are read by one lookup, the rest by ``Scale.validate``."""
        return {format_value(v): float(v) for v in self.scale.point_values()}

    @property
    def single_group(self) -> int | None:
        """The side's group when it has exactly one (then nobody has to choose it)."""
        return self.group_ids[0] if len(self.group_ids) == 1 else None


@dataclass(frozen=True)
class Checked:
    """A send that passed every rule, ready to store.

    ``uuid`` is in canonical lower-case form; ``answers`` maps each asked round
    indicator (in the round's order) to (value or ``None``, missing reason or ``None``,
    reason with surrounding blanks removed); ``comment`` is trimmed the same way.
    """

    uuid: str
    group_id: int
    demographics: Mapping[str, str]
    answers: Mapping[int, tuple[float | None, str | None, str]]
    comment: str


@dataclass(frozen=True)
class Refused:
    """A send that broke at least one rule: every problem found, in field order."""

    problems: tuple[Problem, ...]

    def first_error(self) -> DomainError:
        """The first problem as a ``DomainError`` (with ``problems`` in its params), for
        callers that raise."""
        first = self.problems[0]
        return DomainError(first.code, first.field, **{**first.params, "problems": self.problems})


def canonical_uuid(text: str) -> str | None:
    """The UUID in ``text`` in canonical lower-case form, or ``None`` when it is not
    one. Accepts what :class:`uuid.UUID` reads (dashes or none, braces, a ``uuid:`` or
    ``urn:uuid:`` prefix), up to :data:`MAX_UUID_TEXT` characters."""
    cleaned = text.strip()
    if not cleaned or len(cleaned) > MAX_UUID_TEXT:
        return None
    try:
        return str(uuid_module.UUID(cleaned))
    except ValueError:
        return None


def check_answers(fields: Mapping[str, str], shape: AnswerShape) -> Checked | Refused:
    """Read one send against what its round side asks; collect every problem.

    Codes (field in brackets): ``uuid_invalid`` (uuid); ``group_required``,
    ``group_invalid`` (group); ``choice_invalid`` (a demographic); ``text_too_long``
    (comment or ``r<id>``; param ``max``); ``indicator_not_in_round`` (each answer field
    for an indicator not asked); ``answer_required``, ``value_and_missing`` and the
    scale's own ``value_not_number``, ``value_out_of_range``, ``value_not_on_step``
    (``q<id>``, with the scale's params). Text limits count characters as sent.
    """
    problems: list[Problem] = []
    get = fields.get

    submission_uuid = canonical_uuid(get("uuid") or "")
    if submission_uuid is None:
        problems.append(Problem("uuid", "uuid_invalid"))

    group_text = (get("group") or "").strip()
    group_id: int | None = None
    if not group_text:
        group_id = shape.single_group
        if group_id is None:
            problems.append(Problem("group", "group_required"))
    elif group_text.isdigit() and int(group_text) in shape.group_ids:
        group_id = int(group_text)
    else:
        problems.append(Problem("group", "group_invalid"))

    demographics: dict[str, str] = {}
    for name, options in shape.demographics.items():
        chosen = get(name) or UNDISCLOSED
        if chosen not in options:
            problems.append(Problem(name, "choice_invalid"))
        demographics[name] = chosen

    comment = get("comment") or ""
    if len(comment) > MAX_COMMENT_LENGTH:
        problems.append(Problem("comment", "text_too_long", {"max": MAX_COMMENT_LENGTH}))

    asked = shape.asked_texts
    for key in fields:
        match = ANSWER_KEY.match(key)
        if match and match.group(1) not in asked:
            problems.append(Problem(key, "indicator_not_in_round"))

    answers: dict[int, tuple[float | None, str | None, str]] = {}
    points = shape.point_texts
    scale = shape.scale
    for ri_id in shape.indicator_ids:
        name = f"q{ri_id}"
        raw = (get(name) or "").strip()
        ticked = (get(f"n{ri_id}") or "").strip().lower() not in UNTICKED
        reason = get(f"r{ri_id}") or ""
        if len(reason) > MAX_REASON_LENGTH:
            problems.append(Problem(f"r{ri_id}", "text_too_long", {"max": MAX_REASON_LENGTH}))
        reason = reason.strip()
        if raw in MISSING_CODES:
            answers[ri_id] = (None, raw, reason)
        elif raw == "":
            if ticked:
                answers[ri_id] = (None, NOT_APPLICABLE, reason)
            else:
                problems.append(Problem(name, "answer_required"))
        else:
            value = points.get(raw)
            if value is None:
                try:
                    value = scale.validate(raw, name)
                except DomainError as error:
                    problems.append(Problem(name, error.code, error.params))
                    continue
            if ticked:
                problems.append(Problem(name, "value_and_missing"))
            else:
                answers[ri_id] = (value, None, reason)

    if problems:
        return Refused(tuple(problems))
    return Checked(
        uuid=submission_uuid,
        group_id=group_id,
        demographics=demographics,
        answers=answers,
        comment=comment.strip(),
    )


def value_text(value: object) -> str:
    """A stored-form value (a number, ``None``) as the text field the checker reads:
    ``4.0`` → ``"4"``, ``None`` → ``""``; anything that is not a finite number is
    written as itself, so the checker refuses it as not a number."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if value != value or value in (float("inf"), float("-inf")):
        return "nan"
    return format_value(value)
