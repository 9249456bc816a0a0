"""Shared helpers for the citizen tests: the demo round, a complete answer set, counts.

The helpers take the round they are about (``answers(round_=…)``); without one they use
the demo's open round (join code DEMO01), for the tests still on the demo."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

from app.extensions import db
from app.models import Response, Round, Score


def demo_round() -> Round:
    return db.session.scalar(select(Round).where(Round.community_code == "DEMO01"))


def counts() -> tuple[int, int]:
    """(responses, scores) stored in the whole database."""
    return (
        db.session.scalar(select(func.count(Response.id))),
        db.session.scalar(select(func.count(Score.id))),
    )


def paper_forms_csv(round_: Round, prefix: str, count: int) -> bytes:
    """A CSV of ``count`` paper forms of the round's community side, as the import
    template reads it: respondent ids ``<prefix>0``…, the side's first group, genders
    alternating, every indicator scored 1 to 5 in turn."""
    group = next(g for g in round_.groups if g.side == "community")
    codes = [ri.indicator.code for ri in round_.indicators if ri.asked_of("community")]
    lines = [",".join(["respondent_id", "group", "gender", *codes])]
    lines += [
        ",".join([f"{prefix}{n}", group.label, "mf"[n % 2], *[str(1 + n % 5)] * len(codes)])
        for n in range(count)
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def side_groups(round_: Round, side: str) -> list:
    return [g for g in round_.groups if g.side == side]


def side_indicators(round_: Round, side: str) -> list:
    return [ri for ri in round_.indicators if ri.asked_of(side)]


def answers(
    of_side: str = "community", value: str = "4", *, round_: Round | None = None, **extra
) -> dict[str, str]:
    """A complete, valid scorecard for ``round_`` (the demo round by default) as form
    fields: ``value`` everywhere, "na" for the second indicator, a reason for the first."""
    round_ = round_ or demo_round()
    data = {
        "uuid": str(uuid.uuid4()),
        "group": str(side_groups(round_, of_side)[0].id),
        "gender": "female",
        "age_band": "35_59",
        "disability": "undisclosed",
        "comment": "",
    }
    for index, ri in enumerate(side_indicators(round_, of_side)):
        data[f"q{ri.id}"] = "na" if index == 1 else value
        data[f"r{ri.id}"] = "Багш дутуу" if index == 0 else ""
    data.update(extra)
    return data
