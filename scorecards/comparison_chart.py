"""The interface meeting's chart: community against provider score per indicator.

Drawn with a matplotlib ``Figure`` (never pyplot, so it is safe in a web server) in
DejaVu Sans, which has Cyrillic. Labels and titles come in already translated.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence

from matplotlib.figure import Figure

FONT = "DejaVu Sans"
LABEL_CHARS = 38


def wrap_label(label: str, width: int = LABEL_CHARS) -> str:
    """``label`` on lines of at most ``width`` characters, broken between words (a
    single longer word stays whole); the whole text is kept."""
    return "\n".join(textwrap.wrap(label, width, break_long_words=False)) or label
COMMUNITY_COLOUR = "#0b5cad"
PROVIDER_COLOUR = "#c75b12"


def comparison_chart(
    labels: Sequence[str],
    community: Sequence[float | None],
    provider: Sequence[float | None],
    *,
    scale_min: float,
    scale_max: float,
    legend: tuple[str, str],
    title: str,
    fmt: str = "svg",
) -> bytes:
    """Horizontal paired bars, one pair per indicator, top to bottom in the given order.

    A missing side (``None``) draws no bar; its absence is visible, never a zero.
    ``fmt`` is ``"svg"`` or ``"png"`` (96 dpi). Long labels are wrapped onto lines of
    at most :data:`LABEL_CHARS` characters (never cut), and each indicator's row grows
    with its number of lines.
    """
    if fmt not in ("svg", "png"):
        raise ValueError("fmt must be svg or png")
    wrapped = [wrap_label(label) for label in labels]
    lines = sum(max(text.count("\n") + 1, 2) for text in wrapped) or 2
    figure = Figure(figsize=(9, 1.2 + 0.3 * lines), dpi=96)
    axes = figure.add_subplot()
    positions = list(range(len(labels)))[::-1]
    height = 0.38
    for offset, values, colour, name in (
        (height / 2, community, COMMUNITY_COLOUR, legend[0]),
        (-height / 2, provider, PROVIDER_COLOUR, legend[1]),
    ):
        ys = [p + offset for p, v in zip(positions, values, strict=True) if v is not None]
        xs = [v - scale_min for v in values if v is not None]
        axes.barh(ys, xs, height=height, left=scale_min, color=colour, label=name)
    axes.set_yticks(positions, wrapped, fontfamily=FONT, fontsize=9)
    axes.set_xlim(scale_min, scale_max)
    axes.set_title(title, fontfamily=FONT, fontsize=12)
    axes.legend(
        prop={"family": FONT, "size": 9}, loc="upper center", bbox_to_anchor=(0.5, -0.05), ncol=2
    )
    axes.grid(axis="x", alpha=0.3)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    return out.getvalue()
