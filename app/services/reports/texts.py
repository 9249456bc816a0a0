"""Explanations printed on the report pages and in the PDF."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext


def method_note(k: int) -> str:
    note = _(
        "Scores come from published scorecard rounds only. Each answer is placed on a "
        "0–100 scale (the lowest point of its scale is 0, the highest 100); a score is the "
        "average of the answers of community members, individual and from paper tallies. "
        "Answers 'not applicable' or 'don't know' are left out, never counted as zero. "
        "The interval shown is the 95%% confidence interval of the average. Group consensus "
        "scores are reported separately. Any figure based on fewer than %(k)s people is "
        "hidden to protect the anonymity of participants.",
        k=k,
    )
    return (
        f"{note} {protection_note(k)} {scale_note()} {interval_note()} {consensus_method_note(k)}"
    )


def protection_note(k: int) -> str:
    """Why hiding small figures is not enough, and what is done instead (the rule of
    ``scorecards.privacy.withheld_cells`` and ``pools_reaching_k``), in plain words."""
    return _(
        "Hiding a small figure is not enough: a total minus its published parts would "
        "give it back. So before any figure is computed, the answers of each round, "
        "indicator, side and source are checked once, the same way for every page, "
        "download, the PDF and the API: if fewer than %(k)s people answered, those answers "
        "are left out of every figure; in a breakdown (group, gender, age, disability), a "
        "category of fewer than %(k)s people is left out of the breakdown together with "
        "the next-smallest categories until at least %(k)s people are left out. Answers "
        "left out of a facility's figures count in the aimag's figure only when at least "
        "%(k)s such answers come together there (so the providers of several schools are "
        "shown for the aimag, never school by school). No subtraction between published "
        "figures can therefore single out fewer than %(k)s people, and a hidden figure "
        "shows no count either. Figures may thus leave out a few answers.",
        k=k,
    )


def scale_note() -> str:
    """How values of different scales meet (``scorecards.scales.Scale.normalise``): the
    0–100 value is computed from the exact stored value and rounded only for display,
    half away from zero; averages on a scale's own points never mix scales."""
    return _(
        "Scales differ between rounds (faces, three options, 0–10 in half points, 0–100). "
        "An answer's 0–100 value is (answer − lowest point) × 100 ÷ (highest − lowest point), "
        "computed from the exact stored answer and rounded only when shown, halves upwards "
        "(62.5 shows as 63). Averages on a scale's own points and its labels are given only "
        "for answers on that one scale; figures from different scales are combined only on "
        "0–100, and such figures say so. A consensus score may be on another scale than "
        "the votes and is never pooled with them."
    )


def interval_note() -> str:
    """Why an interval may stop at 0 or 100: intervals are cut at the ends of the scale
    (``scorecards.stats.ci95_from_moments`` with the scale's bounds)."""
    return _(
        "An interval never goes past the ends of the scale (0 and 100, or the lowest "
        "and highest point of an indicator's own scale): with few answers it would, "
        "but an average cannot lie outside its scale, so the interval is cut there."
    )


def consensus_method_note(k: int) -> str:
    """How consensus scores are published (the rule of ``scorecards.privacy.consensus_status``)."""
    return _(
        "A consensus score is the one score a participant group agreed together, with its "
        "reason; it is shown as its own source, never averaged with individual votes or "
        "tallies. It is a group's public statement, so it is published when the number "
        "of participants recorded for the group (women, men and others counted at the "
        "session, not the planned size) is at least %(k)s. The consensus of a group whose "
        "number of participants was not recorded, or is below %(k)s, is not shown, and "
        "the page says how many groups were left out and why. For consensus, n counts "
        "groups and people the participants of the groups shown.",
        k=k,
    )


def consensus_hidden_notes(not_recorded: int, below_k: int, k: int) -> list[str]:
    """Sentences saying how many groups' consensus is not shown and why (none: ``[]``).

    ``not_recorded`` groups had no recorded number of participants; ``below_k``
    groups recorded fewer than ``k`` participants.
    """
    notes = []
    if not_recorded:
        notes.append(
            ngettext(
                "Consensus of %(num)d group not shown: its number of participants was not "
                "recorded.",
                "Consensus of %(num)d groups not shown: their number of participants was not "
                "recorded.",
                not_recorded,
            )
        )
    if below_k:
        notes.append(
            ngettext(
                "Consensus of %(num)d group not shown: it recorded fewer than %(k)s participants.",
                "Consensus of %(num)d groups not shown: each recorded fewer than %(k)s "
                "participants.",
                below_k,
                k=k,
            )
        )
    return notes
