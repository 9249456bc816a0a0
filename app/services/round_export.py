"""A round's data as tables, one per part, for XLSX and CSV export.

Column headers are machine keys (stable for re-use); :func:`column_labels` names them
in the reader's language for the XLSX (a row above the keys). Scores are numbers, a
missing answer its code (``na``, ``dont_know``). Every file is written by
``scorecards.exports``, which neutralises formula-like text.
"""

from __future__ import annotations

import pandas as pd
from flask_babel import lazy_pgettext
from sqlalchemy import select

from app.extensions import db
from app.models import (
    Action,
    ConsensusScore,
    ParticipantGroup,
    Response,
    Round,
    RoundIndicator,
    Score,
    Tally,
)
from app.services import moderation
from app.services.inputs import sheet
from app.services.meeting import MEETING_FIELDS, meeting_of

PARTS = ("responses", "tallies", "consensus", "texts", "inputs", "meeting", "actions")


def _codes(round_: Round) -> dict[int, str]:
    return {ri.id: ri.indicator.code for ri in round_.indicators}


def _number(value) -> int | float | str | None:
    """A stored score or scale point as a spreadsheet number: whole values as integers
    (``3``, not ``3.0``), others as floats; ``None`` for no value; a missing-answer
    code (a tally's ``na`` point) stays text."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    try:
        number = float(value)
    except ValueError:
        return value
    return int(number) if number.is_integer() else number


def responses_frame(round_: Round) -> pd.DataFrame:
    """One row per respondent, one column per indicator code (``na``/``dont_know`` for a
    missing answer, empty when not answered)."""
    codes = _codes(round_)
    groups = {g.id: g.label for g in round_.groups}
    base = db.session.execute(
        select(
            Response.id,
            Response.respondent_ref,
            Response.receipt,
            Response.side,
            Response.channel,
            Response.group_id,
            Response.gender,
            Response.age_band,
            Response.disability,
            Response.submitted_at,
            Response.comment,
        )
        .where(Response.round_id == round_.id, Response.counted())
        .order_by(Response.id)
    ).all()
    columns = [
        "id",
        "respondent_ref",
        "receipt",
        "side",
        "channel",
        "group",
        "gender",
        "age_band",
        "disability",
        "submitted_at",
        "comment",
    ]
    frame = pd.DataFrame(
        [(r[0], r[1], r[2], r[3], r[4], groups.get(r[5], ""), *r[6:]) for r in base],
        columns=columns,
    )
    scores = db.session.execute(
        select(Score.response_id, Score.round_indicator_id, Score.value, Score.missing_reason)
        .join(Response, Response.id == Score.response_id)
        .where(Response.round_id == round_.id, Response.counted())
    ).all()
    if scores:
        long = pd.DataFrame(scores, columns=["id", "ri", "value", "missing"])
        long["cell"] = long["value"].map(_number).astype(object)
        long.loc[long["value"].isna(), "cell"] = long["missing"]
        wide = long.pivot(index="id", columns="ri", values="cell")
        wide.columns = [codes.get(c, str(c)) for c in wide.columns]
        frame = frame.merge(wide, how="left", left_on="id", right_index=True)
    for code in codes.values():
        if code not in frame.columns:
            frame[code] = ""
    return frame.drop(columns=["id"])


def tallies_frame(round_: Round) -> pd.DataFrame:
    codes = _codes(round_)
    rows = db.session.execute(
        select(
            ParticipantGroup.label,
            ParticipantGroup.side,
            Tally.round_indicator_id,
            Tally.point,
            Tally.count,
        )
        .join(ParticipantGroup, ParticipantGroup.id == Tally.group_id)
        .where(Tally.round_id == round_.id)
        .order_by(ParticipantGroup.id, Tally.round_indicator_id, Tally.point)
    ).all()
    return pd.DataFrame(
        [(g, s, codes.get(ri, ri), _number(p), c) for g, s, ri, p, c in rows],
        columns=["group", "side", "indicator", "point", "count"],
    )


def consensus_frame(round_: Round) -> pd.DataFrame:
    codes = _codes(round_)
    rows = db.session.execute(
        select(
            ParticipantGroup.label,
            ParticipantGroup.side,
            ConsensusScore.round_indicator_id,
            ConsensusScore.value,
            ConsensusScore.missing_reason,
            ConsensusScore.reason,
        )
        .join(ParticipantGroup, ParticipantGroup.id == ConsensusScore.group_id)
        .where(ConsensusScore.round_id == round_.id)
        .order_by(ParticipantGroup.id, ConsensusScore.round_indicator_id)
    ).all()
    return pd.DataFrame(
        [(g, s, codes.get(ri, ri), _number(v), m or "", r) for g, s, ri, v, m, r in rows],
        columns=["group", "side", "indicator", "value", "missing_reason", "reason"],
    )


def texts_frame(round_: Round) -> pd.DataFrame:
    """Every free text of the round (reasons, closing comments, consensus reasons, both
    sides), with its moderation state, so staff can read and review them offline."""
    codes = _codes(round_)
    groups = {g.id: g for g in round_.groups}
    rows = []
    for text in moderation.round_texts(round_):
        group = groups.get(text.group_id)
        rows.append(
            (
                codes.get(text.round_indicator_id, "") if text.round_indicator_id else "",
                text.side,
                group.label if group else "",
                group.kind if group else "",
                text.kind.value,
                text.text,
                text.status.value,
                text.status == "approved",
            )
        )
    return pd.DataFrame(
        rows,
        columns=[
            "indicator",
            "side",
            "group",
            "group_kind",
            "kind",
            "text",
            "status",
            "approved",
        ],
    )


def inputs_frame(round_: Round) -> pd.DataFrame:
    return pd.DataFrame(
        [
            (
                line.item.item,
                line.gap.norm,
                line.gap.actual,
                line.gap.gap,
                line.gap.share_pct,
                line.item.unit,
                line.item.source,
                line.item.note,
            )
            for line in sheet(round_)
        ],
        columns=["item", "norm", "actual", "gap", "share_pct", "unit", "source", "note"],
    )


def meeting_frame(round_: Round) -> pd.DataFrame:
    meeting = meeting_of(round_)
    keys = list(MEETING_FIELDS)
    if meeting is None:
        return pd.DataFrame(columns=keys)
    return pd.DataFrame([[getattr(meeting, k) for k in keys]], columns=keys)


def actions_frame(round_: Round) -> pd.DataFrame:
    actions = db.session.scalars(
        select(Action)
        .where(Action.round_id == round_.id, Action.withdrawn_at.is_(None))
        .order_by(Action.id)
    ).all()
    indicators = {
        ri.id: ri
        for ri in db.session.scalars(
            select(RoundIndicator).where(RoundIndicator.round_id == round_.id)
        )
    }
    return pd.DataFrame(
        [
            (
                indicators[a.round_indicator_id].indicator.code
                if a.round_indicator_id in indicators
                else "",
                a.input_item.item if a.input_item else "",
                a.description,
                a.responsible,
                a.responsible_detail,
                a.due_date,
                a.resources,
                a.status,
                a.completed_on,
                a.carried_from_id,
                "; ".join(f"{u.on_date} {u.status}: {u.note}" for u in a.updates),
            )
            for a in actions
        ],
        columns=[
            "indicator",
            "input_item",
            "description",
            "responsible",
            "responsible_detail",
            "due_date",
            "resources",
            "status",
            "completed_on",
            "carried_from",
            "updates",
        ],
    )


FRAMES = {
    "responses": responses_frame,
    "tallies": tallies_frame,
    "consensus": consensus_frame,
    "texts": texts_frame,
    "inputs": inputs_frame,
    "meeting": meeting_frame,
    "actions": actions_frame,
}


def round_frames(round_: Round) -> dict[str, pd.DataFrame]:
    return {part: FRAMES[part](round_) for part in PARTS}


COLUMN_LABELS = {
    "respondent_ref": lazy_pgettext("column", "Form reference"),
    "receipt": lazy_pgettext("column", "Receipt"),
    "side": lazy_pgettext("column", "Side"),
    "channel": lazy_pgettext("column", "Channel"),
    "group": lazy_pgettext("column", "Group"),
    "group_kind": lazy_pgettext("column", "Group kind"),
    "gender": lazy_pgettext("column", "Gender"),
    "age_band": lazy_pgettext("column", "Age band"),
    "disability": lazy_pgettext("column", "Disability"),
    "submitted_at": lazy_pgettext("column", "Sent at (UTC)"),
    "comment": lazy_pgettext("column", "Comment"),
    "indicator": lazy_pgettext("column", "Indicator code"),
    "point": lazy_pgettext("column", "Scale point"),
    "count": lazy_pgettext("column", "Count"),
    "value": lazy_pgettext("column", "Score"),
    "missing_reason": lazy_pgettext("column", "Missing answer"),
    "reason": lazy_pgettext("column", "Reason"),
    "kind": lazy_pgettext("column", "Kind of text"),
    "text": lazy_pgettext("column", "Text"),
    "status": lazy_pgettext("column", "Status"),
    "approved": lazy_pgettext("column", "Approved"),
    "item": lazy_pgettext("column", "Item"),
    "norm": lazy_pgettext("column", "Norm"),
    "actual": lazy_pgettext("column", "Actual"),
    "gap": lazy_pgettext("column", "Gap"),
    "share_pct": lazy_pgettext("column", "Share of the norm met (%)"),
    "unit": lazy_pgettext("column", "Unit"),
    "source": lazy_pgettext("column", "Source"),
    "note": lazy_pgettext("column", "Note"),
    "held_on": lazy_pgettext("column", "Held on"),
    "place": lazy_pgettext("column", "Place"),
    "community_female": lazy_pgettext("column", "Community: women"),
    "community_male": lazy_pgettext("column", "Community: men"),
    "provider_female": lazy_pgettext("column", "Service providers: women"),
    "provider_male": lazy_pgettext("column", "Service providers: men"),
    "officials": lazy_pgettext("column", "Officials"),
    "notes": lazy_pgettext("column", "Notes"),
    "decisions": lazy_pgettext("column", "Decisions"),
    "input_item": lazy_pgettext("column", "Input item"),
    "description": lazy_pgettext("column", "Action"),
    "responsible": lazy_pgettext("column", "Responsible"),
    "responsible_detail": lazy_pgettext("column", "Responsible: detail"),
    "due_date": lazy_pgettext("column", "Due date"),
    "resources": lazy_pgettext("column", "Resources"),
    "completed_on": lazy_pgettext("column", "Completed on"),
    "carried_from": lazy_pgettext("column", "Carried from action"),
    "updates": lazy_pgettext("column", "Progress updates"),
}


def column_labels(round_: Round, lang: str) -> dict[str, str]:
    """Column key -> name in the current language for every part's columns; an
    indicator's code column is named by the indicator's text in ``lang``."""
    labels = {key: str(label) for key, label in COLUMN_LABELS.items()}
    for ri in round_.indicators:
        labels[ri.indicator.code] = ri.indicator.text(lang) or ri.indicator.code
    return labels
