"""ODK Collect, KoboCollect and Enketo talk to Egekh through OpenRosa 1.0.

Each side of a round is one form: its XLSForm is built from the round
(``scorecards.xlsform``) and converted to an XForm by pyxform when a device asks for
it, once per process and round shape (the round's shape key changes with any change of
indicators, groups or scale, and the form's version with it).

A submitted instance (the XML a device sends) is read with defusedxml (no DTD, no
entities: "billion laughs" and external entities are refused before anything is
expanded) and turned into the same ``Submission`` a phone sends, with channel
"tablet": it is checked and stored by ``app.services.submissions.store_submission``
like any other, once per ``meta/instanceID``.
"""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from app.extensions import db
from app.models import Round
from app.models.devices import DeviceToken
from app.services import device_tokens
from app.services.submissions import JoinTarget, Submission, find_target
from app.services.texts import demographic_codes, demographic_label
from forms.scorecard import ScorecardBase
from scorecards.errors import DomainError
from scorecards.lifecycle import can_collect
from scorecards.scales import parse_number
from scorecards.vocab import AgeBand, Channel, Disability, Gender, MissingReason, Side
from scorecards.xlsform import (
    NOT_APPLICABLE,
    REASON_SUFFIX,
    ROOT_NAME,
    FormGroup,
    FormIndicator,
    FormQuestion,
    FormTexts,
    Language,
    RoundForm,
    XlsForm,
    build_xlsform,
    form_version,
    question_names,
)

MAX_XML_BYTES = 256 * 1024
"""Largest instance accepted: an interview of 50 indicators with full reasons is
about 120 KB."""
MAX_BODY = 1024 * 1024
"""Largest submission request: the XML and anything beside it (announced to Collect in
``X-OpenRosa-Accept-Content-Length``)."""

LANGUAGE_NAMES = {"mn": "Монгол", "en": "English"}
_FORM_ID = re.compile(r"^egekh-([0-9]{1,12})-(community|provider)$")


class OpenRosaRefusal(Exception):
    """A request refused with an HTTP status and a code the view turns into a message."""

    def __init__(self, status: int, code: str, **params) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.params = params


# ----------------------------------------------------------------------------- forms


def form_id(round_: Round, side: Side | str) -> str:
    """The form id of one side of a round: ``egekh-<round id>-<side>``."""
    return f"egekh-{round_.id}-{Side(side).value}"


def _languages() -> tuple[Language, ...]:
    codes = current_app.config.get("LANGUAGES", ["mn", "en"])
    return tuple(Language(code, LANGUAGE_NAMES.get(code, code)) for code in codes)


def _each(message) -> dict[str, str]:
    """A lazily translated text in every offered language."""
    texts = {}
    for language in _languages():
        with force_locale(language.code):
            texts[language.code] = str(message)
    return texts


def _question(field, kind: str) -> FormQuestion:
    """A demographic question: its wording from the form, its answers' labels as stored
    per language (``demographic_label``, edited on the catalogue's answers page)."""
    label = field.args[0]
    choices = tuple(
        (code, {lang.code: demographic_label(kind, code, lang.code) for lang in _languages()})
        for code in demographic_codes(kind)
    )
    return FormQuestion(_each(label), choices)


def _texts() -> FormTexts:
    return FormTexts(
        respondent=_each(_l("About you")),
        scores=_each(_l("Scores")),
        group=FormQuestion(_each(ScorecardBase.group.args[0])),
        gender=_question(ScorecardBase.gender, "gender"),
        age_band=_question(ScorecardBase.age_band, "age_band"),
        disability=_question(ScorecardBase.disability, "disability"),
        comment=_each(ScorecardBase.comment.args[0]),
        reason=_each(_l("Reason (optional)")),
        not_applicable=_each(_l("Don't know / not applicable")),
        required=_each(_l("This question needs an answer.")),
        number_range=_each(_l("The answer is outside the scale.")),
        too_long=_each(_l("This text is too long.")),
    )


def _title(round_: Round, side: Side) -> str:
    with force_locale(_languages()[0].code):
        side_name = str(_l("community") if side == Side.COMMUNITY else _l("providers"))
    return f"{round_.facility.name_mn} · {round_.title('mn') or round_.period_label} · {side_name}"


def round_form(round_: Round, side: Side | str) -> RoundForm:
    """What ``side`` of ``round_`` asks, with every text translated, for the XLSForm."""
    side = Side(side)
    indicators = tuple(
        FormIndicator(
            ri.id,
            ri.indicator.code,
            {"mn": ri.indicator.text_mn, "en": ri.indicator.text_en or ri.indicator.text_mn},
            {"mn": ri.indicator.hint_mn, "en": ri.indicator.hint_en or ri.indicator.hint_mn},
        )
        for ri in round_.indicators
        if ri.asked_of(side)
    )
    groups = tuple(FormGroup(g.id, g.label) for g in round_.groups if g.side == side)
    return RoundForm(
        form_id=form_id(round_, side),
        title=_title(round_, side),
        shape_key=round_.shape_key or 0,
        scale=round_.scale.domain(),
        indicators=indicators,
        groups=groups,
        languages=_languages(),
        texts=_texts(),
    )


def xlsform(round_: Round, side: Side | str) -> XlsForm:
    """The XLSForm of one side of a round (``DomainError`` ``form_no_groups`` or
    ``form_no_indicators`` when the side cannot be answered)."""
    return build_xlsform(round_form(round_, side))


_XFORMS: dict[tuple, str] = {}
_XFORMS_LIMIT = 256
_XFORMS_LOCK = threading.Lock()


def xform(round_: Round, side: Side | str) -> str:
    """The XForm (XML text) ODK Collect downloads: the side's XLSForm converted by pyxform.

    Kept per process under the round's shape key and title, so a form is converted
    (0.18–0.27 s for 12 indicators on 2 busy cores) once per change, not once per
    device; a round with shape key 0 (rows loaded in bulk) is converted every time.
    """
    side = Side(side)
    key = (round_.id, side.value, round_.shape_key, _title(round_, side), _languages())
    if round_.shape_key:
        cached = _XFORMS.get(key)
        if cached is not None:
            return cached
    # pyxform takes about half a second to import: loaded on the first form, not by
    # every process that starts the app.
    from pyxform.errors import PyXFormError
    from pyxform.xls2xform import convert

    source = xlsform(round_, side).to_xlsx()
    try:
        result = convert(source, form_name=ROOT_NAME, file_type=".xlsx")
    except PyXFormError as error:  # a form the builder made that pyxform refuses
        raise DomainError("form_not_converted", None, reason=str(error)) from error
    if round_.shape_key:
        with _XFORMS_LOCK:
            if len(_XFORMS) >= _XFORMS_LIMIT:
                _XFORMS.clear()
            _XFORMS[key] = result.xform
    return result.xform


@dataclass(frozen=True)
class FormEntry:
    """One form in a device's form list."""

    form_id: str
    name: str
    version: str
    hash: str
    round_id: int
    side: str


def md5_hash(text: str) -> str:
    """``md5:<hex>`` of the form's bytes, as the OpenRosa form list gives it."""
    return "md5:" + hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def form_entries(token: DeviceToken) -> list[FormEntry]:
    """Forms the token's device may download: each side of each round it reaches whose
    phase collects that side's answers and that has groups and indicators (whether the
    side is open yet is checked when an interview arrives)."""
    entries = []
    for round_ in device_tokens.rounds_for(token):
        for side in Side:
            if not can_collect(round_.phase, side):
                continue
            try:
                text = xform(round_, side)
            except DomainError:
                continue
            entries.append(
                FormEntry(
                    form_id(round_, side), _title(round_, side),
                    form_version(round_.shape_key or 0), md5_hash(text), round_.id, side.value,
                )
            )
    return entries


def form_for(token: DeviceToken, wanted: str) -> tuple[Round, Side]:
    """The round and side of a form id the token reaches; ``OpenRosaRefusal`` 404
    (``form_unknown``) otherwise."""
    match = _FORM_ID.match(wanted or "")
    if match is None:
        raise OpenRosaRefusal(404, "form_unknown")
    round_ = db.session.get(Round, int(match.group(1)))
    if round_ is None or not device_tokens.covers(token, round_):
        raise OpenRosaRefusal(404, "form_unknown")
    return round_, Side(match.group(2))


# ---------------------------------------------------------------------- submissions


@dataclass(frozen=True)
class Instance:
    """What an instance says: its form, version, instance id and leaf values by name."""

    form_id: str
    version: str
    instance_id: str
    values: dict[str, str]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def read_instance(data: bytes) -> Instance:
    """Read a submitted instance safely. ``OpenRosaRefusal``: 413 ``xml_too_large``
    (over ``MAX_XML_BYTES``), 400 ``xml_malformed`` (not well-formed XML, or a DTD or
    entity declaration: defusedxml refuses them before expanding anything), 400
    ``instance_id_missing`` (no ``meta/instanceID``)."""
    if len(data) > MAX_XML_BYTES:
        raise OpenRosaRefusal(413, "xml_too_large", max=MAX_XML_BYTES)
    try:
        root: Element = fromstring(data, forbid_dtd=True, forbid_entities=True,
                                   forbid_external=True)
    except (ParseError, DefusedXmlException, ValueError):
        raise OpenRosaRefusal(400, "xml_malformed") from None
    values: dict[str, str] = {}
    instance_id = ""
    for parent in root.iter():
        for child in parent:
            name = _local(child.tag)
            if len(child):
                continue
            text = (child.text or "").strip()
            if _local(parent.tag) == "meta":
                if name == "instanceID":
                    instance_id = text
                continue
            values.setdefault(name, text)
    version = root.get("version") or root.get("{http://openrosa.org/xforms}version") or ""
    if not instance_id:
        raise OpenRosaRefusal(400, "instance_id_missing")
    return Instance(root.get("id") or "", version, instance_id, values)


def _answer(text: str, reason: str, ri_id: int) -> tuple[float | None, str | None, str]:
    if text in ("", NOT_APPLICABLE):
        return (None, MissingReason.NOT_APPLICABLE.value, reason)
    number = parse_number(text)
    if number is None:
        raise DomainError("value_not_number", f"q{ri_id}")
    return (float(number), None, reason)


def _code(text: str, enum) -> str:
    return text or enum.UNDISCLOSED.value


def submission_from(instance: Instance, round_: Round, target: JoinTarget) -> Submission:
    """The instance as the ``Submission`` a phone would send (channel "tablet"); an
    empty demographic is "not said", an empty number answer "don't know"."""
    names = question_names(round_form(round_, target.side).indicators)
    values = instance.values
    answers = {}
    for ri_id in target.indicator_ids:
        name = names.get(ri_id)
        if name is None or name not in values:
            continue  # store_submission says which answer is missing
        answers[ri_id] = _answer(values[name], values.get(name + REASON_SUFFIX, ""), ri_id)
    group = values.get("group", "")
    uuid = instance.instance_id
    if uuid.startswith("uuid:"):
        uuid = uuid[len("uuid:"):]
    return Submission(
        uuid=uuid,
        group_id=int(group) if group.isdigit() and len(group) < 12 else None,
        answers=answers,
        gender=_code(values.get("gender", ""), Gender),
        age_band=_code(values.get("age_band", ""), AgeBand),
        disability=_code(values.get("disability", ""), Disability),
        comment=values.get("comment", ""),
        channel=Channel.TABLET,
    )


def prepare(token: DeviceToken, data: bytes) -> tuple[JoinTarget, Submission]:
    """Read an instance sent with ``token`` and find where it goes; nothing is stored.

    ``OpenRosaRefusal``: the refusals of ``read_instance``, 404 ``form_unknown`` (a
    form id the token does not reach), 400 ``form_outdated`` (the form changed since the
    device downloaded it; params ``sent``, ``current``), 403 ``collection_closed``.
    ``DomainError`` for an answer that is not a number.
    """
    instance = read_instance(data)
    round_, side = form_for(token, instance.form_id)
    current = form_version(round_.shape_key or 0)
    if instance.version != current:
        raise OpenRosaRefusal(400, "form_outdated", sent=instance.version, current=current)
    target = find_target(round_.community_code if side == Side.COMMUNITY else round_.provider_code)
    if target is None:
        raise OpenRosaRefusal(404, "form_unknown")
    if not target.is_open:
        raise OpenRosaRefusal(403, "collection_closed")
    return target, submission_from(instance, round_, target)


def export_aliases(round_: Round, side: Side | str) -> dict[str, str]:
    """Texts that name a column of the round side's import template in a KoboToolbox or
    ODK export of its XLSForm: question names and every language's labels (for exports
    with label headers) -> the template's machine key."""
    form = round_form(round_, side)
    aliases: dict[str, str] = {}
    names = question_names(form.indicators)
    for indicator in form.indicators:
        aliases[names[indicator.round_indicator_id]] = indicator.code
        aliases[names[indicator.round_indicator_id] + REASON_SUFFIX] = (
            indicator.code + REASON_SUFFIX
        )
        for text in indicator.text.values():
            aliases.setdefault(text, indicator.code)
    texts = form.texts
    for key, question in (
        ("group", texts.group), ("gender", texts.gender), ("age_band", texts.age_band),
        ("disability", texts.disability),
    ):
        for text in question.label.values():
            aliases.setdefault(text, key)
    return aliases
