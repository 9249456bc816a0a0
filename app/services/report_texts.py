"""Explanations printed on the report pages and in the PDF."""

from __future__ import annotations

from flask_babel import gettext as _


def method_note(k: int) -> str:
    return _(
        "Scores come from published scorecard rounds only. Each answer is placed on a "
        "0–100 scale (the lowest point of its scale is 0, the highest 100); a score is the "
        "average of the answers of community members, individual and from paper tallies. "
        "Answers 'not applicable' or 'don't know' are left out, never counted as zero. "
        "The interval shown is the 95%% confidence interval of the average. Group consensus "
        "scores are reported separately. Any figure based on fewer than %(k)s people is "
        "hidden to protect the anonymity of participants.",
        k=k,
    )
