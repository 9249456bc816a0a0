"""Chart figures: no pyplot, Cyrillic glyphs, labelled gaps, phone-sized."""

import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from scorecards import charts

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("flask", "sqlalchemy", "wtforms", "app", "forms", "matplotlib.pyplot")


def test_domain_imports_no_web_layer_and_no_pyplot():
    code = (
        "import sys, scorecards.summaries, scorecards.aggregation, scorecards.privacy, "
        "scorecards.charts, scorecards.geo, scorecards.reports, scorecards.pdf\n"
        f"bad = [m for m in sys.modules if m.split('.')[0] in {FORBIDDEN[:5]!r} "
        "or m == 'matplotlib.pyplot']\n"
        "print(','.join(bad))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""


def bars():
    return [
        charts.BarRow("Эмчийн хүрэлцээ", 72.5, 60.0, 85.0),
        charts.BarRow("Бие засах газар", None, suppressed=True),
        charts.BarRow("Өдрийн хоол", 30.0, -5.0, 50.0),
        charts.BarRow("Шинэ асуудал", None),
    ]


def texts_of(figure):
    return [t.get_text() for t in figure.findobj(Text)]


def test_indicator_chart_bars_and_labelled_gaps():
    figure = charts.indicator_chart(bars(), "Эрүүл мэнд", "Оноо (0–100)", "n < 5", "—")
    assert isinstance(figure, Figure)
    widths = [p.get_width() for p in figure.axes[0].patches if isinstance(p, Rectangle)]
    assert widths == [72.5, 30.0]  # no bar for the gaps
    shown = texts_of(figure)
    assert "n < 5" in shown and "—" in shown
    assert "73" in shown  # 72.5 rounded half up
    assert figure.get_figwidth() <= charts.MAX_WIDTH_IN


def test_bar_rows_from_a_suppressed_frame():
    frame = pd.DataFrame({
        "label": ["A", "B"], "mean_100": [50.0, float("nan")],
        "ci_low_100": [40.0, float("nan")], "ci_high_100": [60.0, float("nan")],
        "suppressed": [False, True],
    })
    rows = charts.bar_rows(frame)
    assert rows[0] == charts.BarRow("A", 50.0, 40.0, 60.0, False)
    assert rows[1] == charts.BarRow("B", None, None, None, True)


def glyph_id(char, bold=False):
    font = FT2Font(str(charts.font_path(bold)))
    prefix = "DejaVuSans-Bold" if bold else "DejaVuSans"
    return f'id="{prefix}-{font.get_char_index(ord(char)):x}"'.encode()


def test_cyrillic_renders_with_dejavu_glyphs():
    figure = charts.indicator_chart(bars(), "Төв", "Оноо", "n < 5")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph is a warning in matplotlib
        svg = charts.render_svg(figure)
    for char in "ӨүэЭ":  # in the tick labels (regular)
        assert glyph_id(char) in svg, char
    for char in "Төв":  # the title is bold
        assert glyph_id(char, bold=True) in svg, char


@pytest.mark.parametrize(
    "build",
    [
        lambda: charts.gap_chart(
            [charts.GapRow("Эмч", 70, 90), charts.GapRow("Хоол", None, 80, True)],
            "Зөрүү", "Оноо", "Иргэд", "Үйлчилгээ үзүүлэгч", "n < 5",
        ),
        lambda: charts.trend_chart(
            ["2024", "2025", "2026"],
            [charts.TrendSeries("Эмч", (50, None, 70)), charts.TrendSeries("Хоол", (30, 40, 45))],
            "Чиг хандлага", "Оноо",
        ),
    ],
)
def test_other_charts_render(build):
    figure = build()
    assert figure.get_figwidth() <= charts.MAX_WIDTH_IN
    assert charts.render_svg(figure).lstrip().startswith(b"<?xml")
    assert charts.render_png(figure, dpi=50).startswith(b"\x89PNG")


def test_gap_chart_legend_and_missing_side():
    figure = charts.gap_chart(
        [charts.GapRow("Эмч", 70, 90), charts.GapRow("Хоол", None, 80, True)],
        "Зөрүү", "Оноо", "Иргэд", "Үйлчилгээ үзүүлэгч", "n < 5",
    )
    legend = [t.get_text() for t in figure.legends[0].get_texts()]  # under the chart
    assert legend == ["Иргэд", "Үйлчилгээ үзүүлэгч"]
    widths = [p.get_width() for p in figure.axes[0].patches if isinstance(p, Rectangle)]
    assert widths == [70, 90, 80]
    assert "n < 5" in texts_of(figure)


def test_trend_chart_needs_one_value_per_period():
    with pytest.raises(ValueError):
        charts.trend_chart(["a", "b"], [charts.TrendSeries("x", (1.0,))], "t", "y")


def test_png_dpi_scales_pixels():
    figure = charts.indicator_chart(bars(), "t", "x", "n < 5")
    small, large = charts.render_png(figure, dpi=50), charts.render_png(figure, dpi=100)
    width = lambda png: int.from_bytes(png[16:20], "big")  # noqa: E731
    assert width(large) == 2 * width(small) == int(2 * 50 * figure.get_figwidth())


def test_the_gap_chart_draws_on_the_meeting_scale():
    """The meeting draws the same chart on the round's own scale (1–5 here): bars start
    at the low end, values carry one decimal, and a missing side draws no bar."""
    figure = charts.gap_chart(
        [charts.GapRow("Эмч", 2.5, None), charts.GapRow("Хоол", 4.0, 3.25)],
        "Оноо", "", "Иргэд", "Үйлчилгээ үзүүлэгчид", "—", "—", scale=(1, 5),
    )
    bars = [p for p in figure.axes[0].patches if isinstance(p, Rectangle)]
    assert [(b.get_x(), b.get_width()) for b in bars] == [(1, 1.5), (1, 3.0), (1, 2.25)]
    assert {"2.5", "4.0", "3.3"} <= set(texts_of(figure))  # 3.25 rounded half up
    assert list(figure.axes[0].get_xticks()) == [1, 2, 3, 4, 5]
    colours = {b.get_facecolor()[:3] for b in bars}
    assert len(colours) == 2  # one colour per side, the same as the report's chart


def test_the_gap_chart_refuses_an_empty_scale():
    with pytest.raises(ValueError):
        charts.gap_chart([], "t", "x", "a", "b", "-", scale=(5, 5))
