"""One side of a round as an XLSForm, the spreadsheet form format of ODK and KoboToolbox.

``build_xlsform`` turns what a side of a round asks (its participant groups, the
demographics, its indicators and the round's scale) into the three XLSForm sheets:

``survey``
    a ``respondent`` group with ``group`` (``select_one`` of the side's participant
    groups, required), ``gender``, ``age_band`` and ``disability`` (optional: left
    empty they are stored as "not said"); a ``scores`` group with, per indicator, a
    required question named after the indicator's code (``select_one`` of the scale's
    points and ``na``, "don't know / not applicable") and an optional ``<code>_reason``
    text; then an optional ``comment``. Every label, hint and message is given in every
    offered language, in columns named ``label::Монгол (mn)`` and ``label::English
    (en)``, so Collect offers the language switch.
``choices``
    the participant groups (named by their id), the demographic codes, the scale's
    points (named as the value is written: ``3``, ``9.5``) and ``na``.
``settings``
    ``form_title``, ``form_id``, ``version`` (from the round's shape key, so it changes
    whenever an indicator, a group or the scale of the round changes), and the default
    language.

A scale with more points than fit a list (``Scale.wants_number_box``) is asked as a
number (``integer`` or ``decimal``) within the scale's range, empty for "don't know"; up
to ``MAX_LIST_POINTS`` points stay a list shown as a drop-down (``minimal``).

``question_names`` gives the element name of each round indicator: the code when it is
a valid XML name not taken by a fixed question, else ``i_<code>`` with the characters
XML refuses replaced by ``_``. The submissions parser and the export import use the same
names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from scorecards import exports
from scorecards.answer_check import MAX_COMMENT_LENGTH, MAX_REASON_LENGTH, NOT_APPLICABLE
from scorecards.errors import DomainError
from scorecards.scales import Scale, format_value

MAX_LIST_POINTS = 101
"""Scales of up to this many points are lists; wider ones are a number question."""

FIXED_NAMES = ("respondent", "group", "gender", "age_band", "disability", "scores", "comment",
               "meta")
REASON_SUFFIX = "_reason"
ROOT_NAME = "data"

_XML_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]*$")
_NOT_XML = re.compile(r"[^A-Za-z0-9._-]")

Texts = Mapping[str, str]
"""A text in every offered language: language code -> text."""


@dataclass(frozen=True)
class Language:
    code: str  # "mn"
    name: str  # "Монгол"

    @property
    def column(self) -> str:
        """The XLSForm column suffix, ``Монгол (mn)``."""
        return f"{self.name} ({self.code})"


@dataclass(frozen=True)
class FormIndicator:
    round_indicator_id: int
    code: str
    text: Texts
    hint: Texts


@dataclass(frozen=True)
class FormGroup:
    group_id: int
    label: str


@dataclass(frozen=True)
class FormQuestion:
    """A fixed question's label and its choices (code, label per language)."""

    label: Texts
    choices: tuple[tuple[str, Texts], ...] = ()


@dataclass(frozen=True)
class FormTexts:
    """Every fixed text of the form, translated by the caller."""

    respondent: Texts
    scores: Texts
    group: FormQuestion
    gender: FormQuestion
    age_band: FormQuestion
    disability: FormQuestion
    comment: Texts
    reason: Texts
    not_applicable: Texts
    required: Texts
    number_range: Texts
    too_long: Texts


@dataclass(frozen=True)
class RoundForm:
    """What one side of one round asks, and how the form is named."""

    form_id: str
    title: str
    shape_key: int
    scale: Scale
    indicators: tuple[FormIndicator, ...]
    groups: tuple[FormGroup, ...]
    languages: tuple[Language, ...]
    texts: FormTexts


@dataclass(frozen=True)
class XlsForm:
    """The sheets as rows of cells (the first row of each is its header)."""

    survey: list[list[str]]
    choices: list[list[str]]
    settings: list[list[str]]

    def to_xlsx(self) -> bytes:
        """The XLSForm as an .xlsx file (sheets ``survey``, ``choices``, ``settings``),
        written by the one spreadsheet writer: a label that looks like a formula stays
        exactly as written, in a text cell a spreadsheet never runs."""
        sheets = [
            exports.Sheet(name, rows[0], rows[1:])
            for name, rows in (
                ("survey", self.survey), ("choices", self.choices), ("settings", self.settings)
            )
        ]
        return exports.workbook(sheets, exact_text=True)


def form_version(shape_key: int) -> str:
    """The form version of a round side: the round's shape key in hexadecimal (16 digits),
    so any change of indicators, groups or scale gives a new version."""
    return f"{shape_key:016x}"


def question_names(indicators: Sequence[FormIndicator]) -> dict[int, str]:
    """Round indicator id -> XML element name of its question (see the module docstring).

    Raises ``DomainError("question_name_duplicate")`` when two codes give one name.
    """
    names: dict[int, str] = {}
    taken = {name.casefold() for name in FIXED_NAMES}
    for indicator in indicators:
        code = indicator.code
        folded = code.casefold()
        if _XML_NAME.match(code) and folded not in taken and not folded.startswith("xml"):
            name = code
        else:
            name = "i_" + _NOT_XML.sub("_", code)
        for candidate in (name, name + REASON_SUFFIX):
            if candidate.casefold() in taken:
                raise DomainError("question_name_duplicate", "code", code=code)
            taken.add(candidate.casefold())
        names[indicator.round_indicator_id] = name
    return names


def _translated(prefix: str, texts: Texts, languages: Sequence[Language]) -> dict[str, str]:
    return {f"{prefix}::{lang.column}": texts.get(lang.code, "") for lang in languages}


def _number_constraint(scale: Scale) -> str:
    return f". >= {scale.min_value} and . <= {scale.max_value}"


def build_xlsform(form: RoundForm) -> XlsForm:
    """The XLSForm of one round side (see the module docstring).

    Raises ``DomainError``: ``form_no_groups`` when the side has no participant group
    (a response must name one), ``form_no_indicators`` when it asks nothing.
    """
    if not form.groups:
        raise DomainError("form_no_groups", "groups")
    if not form.indicators:
        raise DomainError("form_no_indicators", "indicators")
    languages = form.languages
    texts = form.texts
    scale = form.scale
    names = question_names(form.indicators)
    points = scale.point_values()
    as_list = len(points) <= MAX_LIST_POINTS
    score_type = "select_one scale"
    if not as_list:
        whole = all(float(p).is_integer() for p in points)
        score_type = "integer" if whole else "decimal"

    columns = ["type", "name", "required", "constraint", "appearance"]
    for prefix in ("label", "hint", "required_message", "constraint_message"):
        columns += [f"{prefix}::{lang.column}" for lang in languages]

    rows: list[dict[str, str]] = []

    def add(type_: str, name: str, label: Texts | None = None, **extra) -> None:
        row = {"type": type_, "name": name}
        if label is not None:
            row.update(_translated("label", label, languages))
        for key, value in extra.items():
            if isinstance(value, Mapping):
                row.update(_translated(key, value, languages))
            else:
                row[key] = value
        rows.append(row)

    add("begin_group", "respondent", texts.respondent)
    add("select_one groups", "group", texts.group.label, required="yes",
        required_message=texts.required)
    add("select_one gender", "gender", texts.gender.label)
    add("select_one age_band", "age_band", texts.age_band.label)
    add("select_one disability", "disability", texts.disability.label)
    add("end_group", "")
    add("begin_group", "scores", texts.scores)
    too_long = texts.too_long
    for indicator in form.indicators:
        name = names[indicator.round_indicator_id]
        extra: dict[str, object] = {"hint": indicator.hint} if any(
            indicator.hint.values()) else {}
        if as_list:
            extra.update(required="yes", required_message=texts.required)
            if len(points) > 11:
                extra["appearance"] = "minimal"
        else:
            extra.update(constraint=_number_constraint(scale),
                         constraint_message=texts.number_range)
        add(score_type, name, indicator.text, **extra)
        add("text", name + REASON_SUFFIX, texts.reason,
            constraint=f"string-length(.) <= {MAX_REASON_LENGTH}", constraint_message=too_long)
    add("end_group", "")
    add("text", "comment", texts.comment,
        constraint=f"string-length(.) <= {MAX_COMMENT_LENGTH}", constraint_message=too_long,
        appearance="multiline")

    def in_use(column: str) -> bool:
        # A translated column is kept in every language when any language has text.
        prefix = column.split("::")[0] + "::" if "::" in column else None
        return any(
            value
            for row in rows
            for key, value in row.items()
            if key == column or (prefix and key.startswith(prefix))
        )

    used = [c for c in columns if in_use(c)]
    survey = [used] + [[row.get(c, "") for c in used] for row in rows]

    choice_columns = ["list_name", "name", *(f"label::{lang.column}" for lang in languages)]
    choices: list[list[str]] = [choice_columns]

    def choice(list_name: str, name: str, label: Texts) -> None:
        choices.append([list_name, name, *(label.get(lang.code, "") for lang in languages)])

    for group in form.groups:
        choice("groups", str(group.group_id), {lang.code: group.label for lang in languages})
    for list_name, question in (
        ("gender", texts.gender), ("age_band", texts.age_band), ("disability", texts.disability)
    ):
        for code, label in question.choices:
            choice(list_name, code, label)
    if as_list:
        for value in points:
            text = format_value(value)
            labels = {}
            for lang in languages:
                label = scale.label(value, lang.code)
                labels[lang.code] = f"{text} — {label}" if label else text
            choice("scale", text, labels)
        choice("scale", NOT_APPLICABLE, texts.not_applicable)

    default = languages[0].column if languages else ""
    settings = [
        ["form_title", "form_id", "version", "default_language"],
        [form.title, form.form_id, form_version(form.shape_key), default],
    ]
    return XlsForm(survey, choices, settings)
