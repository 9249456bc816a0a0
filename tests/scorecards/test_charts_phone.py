"""Chart text stays readable on a phone: drawn so that, with the image scaled down to
the 328 px a 360 px screen gives it, no text is smaller than 11 px; the map's names and
legend likewise."""

from __future__ import annotations

import re

import pytest
from matplotlib.text import Text

from scorecards import charts, geo, svg_map

SHOWN_PX = 328


def smallest_text_px(figure) -> float:
    """Font size in CSS px once the SVG (width in points, 1 pt = 4/3 px) is shown
    SHOWN_PX wide."""
    natural_px = figure.get_figwidth() * 96
    sizes = [t.get_fontsize() for t in figure.findobj(Text) if t.get_text().strip()]
    return min(sizes) * 4 / 3 * SHOWN_PX / natural_px


LONG = "Сурах бичиг, сургалтын хэрэглэгдэхүүн хүрэлцээтэй байдаг эсэх"


@pytest.mark.parametrize(
    ("build", "wraps"),
    [
    (
        lambda: charts.indicator_chart(
            [charts.BarRow(LONG, 75, 52, 98), charts.BarRow("Эмч", None, suppressed=True)],
            "Боловсрол", "Оноо (0–100)", "нууцалсан", mixed_note="өөр хэмжүүр",
        ),
        True,
    ), (
        lambda: charts.gap_chart(
            [charts.GapRow(LONG, 50, 85)], "Боловсрол", "Оноо", "Иргэд", "Үйлчилгээ үзүүлэгч",
            "нууцалсан",
        ),
        True,
    ), (
        lambda: charts.trend_chart(
            ["2024-H2", "2025-H2"], [charts.TrendSeries("Боловсрол", (50, 75))], "Хандлага",
            "Оноо",
        ),
        False,
    )],
)
def test_chart_text_is_at_least_11_px_on_a_phone(build, wraps):
    figure = build()
    assert smallest_text_px(figure) >= 11
    if wraps:  # the long name is wrapped onto several lines, never cut
        shown = [t.get_text() for t in figure.findobj(Text) if "Сурах" in t.get_text()]
        assert shown and "\n" in shown[0] and shown[0].replace("\n", " ") == LONG


def test_map_text_is_at_least_11_px_on_a_phone():
    boundaries = geo.load_boundaries()
    areas = [svg_map.MapArea(code, code, 40.0 + i, str(40 + i), f"/reports/{code}")
             for i, code in enumerate(sorted(boundaries))]
    svg = svg_map.national_map_svg(areas, boundaries, "Гарчиг", "Оноо (0–100)", "тоо алга")
    width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))
    sizes = [float(s) for s in re.findall(r'font-size="([\d.]+)"', svg)]
    assert len(sizes) > 22 + 5  # names, legend steps, title
    assert min(sizes) * SHOWN_PX / width >= 11
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert "style=" not in svg and "<style" not in svg  # opens under the page's policy
    for code in boundaries:
        assert f'href="/reports/{code}"' in svg


def test_colour_scale_is_fitted_to_the_values():
    classes = charts.class_breaks([41.2, 47.0, 52.5, 58.9, None])
    # from 41 (41.2 rounded down) to 59 (58.9 rounded up) in 4 steps (4 distinct values)
    assert [c.label for c in classes] == ["41–46", "46–50", "50–55", "55–59"]
    assert len({c.colour for c in classes}) == 4
    assert charts.class_of(41.2, classes) is classes[0]
    assert charts.class_of(58.9, classes) is classes[-1]
    assert charts.class_of(None, classes) is None
    assert charts.class_breaks([None]) == []
