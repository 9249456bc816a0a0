"""The national map as a standalone, responsive SVG document: each area named, each a
link to its report, coloured by a scale fitted to the shown values, with a legend.

Written by hand (not by matplotlib) so that the document

* opens on its own in a browser tab (``xmlns`` declared, colours and sizes as
  presentation attributes, no ``style`` attribute or element, which a strict
  Content-Security-Policy would refuse),
* can be placed inline in a page, where its ``<a>`` elements are real links,
* scales with its box (``viewBox``): at :data:`PHONE_WIDTH_PX` every text is at least
  :data:`MIN_TEXT_PX` pixels high.

All texts arrive translated and are XML-escaped here.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from scorecards import geo
from scorecards.charts import MISSING_COLOUR, ColourClass, class_breaks, class_of, label_point
from scorecards.geo import Polygon

PHONE_WIDTH_PX = 328
"""The width a map gets on a 360 px phone (the page's 16 px padding on both sides)."""
MIN_TEXT_PX = 11
WIDTH = 656
"""The viewBox width: twice the phone width, so a font size of 22 units shows 11 px."""
FONT_SIZE = MIN_TEXT_PX * WIDTH / PHONE_WIDTH_PX
INK = "#1b1f24"
MARGIN = 8

# Where a name would cover its neighbours' (small aimags in the centre), it is written
# here instead (longitude, latitude of the text's centre; some above the map) and
# joined to its area by a line.
NAME_AT: dict[str, tuple[float, float]] = {
    "MN-035": (100.4, 53.0),  # Orkhon
    "MN-037": (105.2, 53.25),  # Darkhan-Uul
    "MN-1": (111.6, 53.0),  # Ulaanbaatar
    "MN-049": (107.9, 49.8),  # Selenge
    "MN-064": (107.5, 45.95),  # Govisümber
    "MN-051": (115.1, 45.6),  # Sükhbaatar
    "MN-055": (102.0, 46.9),  # Övörkhangai
    "MN-059": (106.6, 44.95),  # Dundgovi
    "MN-069": (99.9, 44.85),  # Bayankhongor
    "MN-065": (94.4, 45.5),  # Govi-Altai
    "MN-073": (101.7, 47.85),  # Arkhangai
    "MN-063": (110.6, 43.9),  # Dornogovi
}
"""Names set apart from their area's centre are joined to it by a line only when they
lie outside it (the small aimags)."""
LEADER = frozenset({"MN-035", "MN-037", "MN-1", "MN-064"})


@dataclass(frozen=True)
class MapArea:
    """One area on the map: its code, shown name, value (``None``: no figure), the
    text of its value and the address of its report."""

    code: str
    name: str
    value: float | None
    value_text: str
    href: str


def national_map_svg(
    areas: Sequence[MapArea],
    boundaries: Mapping[str, list[Polygon]],
    title: str,
    legend_title: str,
    missing_label: str,
) -> str:
    """The map as an SVG document (a string starting with ``<svg``).

    Colours: :func:`scorecards.charts.class_breaks` over the areas' values; an area
    without a value is grey. Each area is an ``<a href>`` holding its shape, with a
    ``<title>`` "name: value"; names are written over the areas (a few small ones
    moved aside, :data:`NAME_NUDGE`), dark on a white outline so they read on every
    colour. The legend under the map lists the steps, then the grey "missing" box.
    """
    classes = class_breaks([a.value for a in areas])
    shown = {a.code: a for a in areas if a.code in boundaries}
    min_x, min_y, max_x, max_y = geo.bounds(dict(boundaries))
    aspect = 1.0 / math.cos(math.radians((min_y + max_y) / 2))
    scale = (WIDTH - 2 * MARGIN) / (max_x - min_x)
    # room above the map for the names written there (two lines at most)
    above = max([lat for code, (_lon, lat) in NAME_AT.items() if code in boundaries] + [max_y])
    max_y = max(max_y, above + 1.1 * FONT_SIZE / (aspect * scale))
    map_height = (max_y - min_y) * aspect * scale

    title_lines = textwrap.wrap(title, _chars_per_line(FONT_SIZE * 1.1)) or [title]
    top = MARGIN + len(title_lines) * FONT_SIZE * 1.35 + 6

    def point(lon: float, lat: float) -> tuple[float, float]:
        return MARGIN + (lon - min_x) * scale, top + (max_y - lat) * aspect * scale

    parts: list[str] = []
    for index, line in enumerate(title_lines):
        y = MARGIN + FONT_SIZE * 1.1 + index * FONT_SIZE * 1.35
        parts.append(
            f'<text x="{MARGIN}" y="{y:.1f}" font-size="{FONT_SIZE * 1.1:.1f}" '
            f'font-weight="bold" fill="{INK}">{escape(line)}</text>'
        )
    names: list[str] = []
    for code in sorted(boundaries):
        area = shown.get(code)
        step = class_of(area.value if area else None, classes)
        fill = step.colour if step else "url(#missing)"
        path = _path(boundaries[code], point)
        shape = (
            f'<path d="{path}" fill="{fill}" fill-rule="nonzero" stroke="#ffffff" '
            f'stroke-width="1.2"/>'
        )
        if area is None:
            parts.append(shape)
            continue
        label = f"{area.name}: {area.value_text}"
        parts.append(
            f"<a href={quoteattr(area.href)} xlink:href={quoteattr(area.href)}>"
            f"<title>{escape(label)}</title>{shape}</a>"
        )
        names.append(_name(area, boundaries[code], point))
    parts.extend(names)
    legend, legend_height = _legend(classes, legend_title, missing_label, top + map_height + 12)
    parts.append(legend)
    height = top + map_height + 12 + legend_height + MARGIN
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'viewBox="0 0 {WIDTH} {height:.0f}" width="{WIDTH}" height="{height:.0f}" '
        f'class="map" role="group" aria-label={quoteattr(title)} '
        f'font-family="system-ui, -apple-system, Segoe UI, Roboto, Noto Sans, DejaVu Sans, '
        f'Arial, sans-serif">'
        f"<title>{escape(title)}</title>"
        f'<defs><pattern id="missing" width="8" height="8" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="8" height="8" fill="{MISSING_COLOUR}"/>'
        f'<line x1="0" y1="0" x2="0" y2="8" stroke="#8a8a8a" stroke-width="2"/></pattern></defs>'
        + "".join(parts)
        + "</svg>"
    )


def _chars_per_line(size: float) -> int:
    return max(10, int((WIDTH - 2 * MARGIN) / (size * 0.68)))


def _path(polygons: list[Polygon], point) -> str:
    """SVG path data of every ring (holes kept: rings in their own orientation with
    the polygon exterior first, drawn with the non-zero rule after :func:`geo.polygon_path`
    orientation)."""
    path = geo.polygon_path(polygons)
    commands = []
    for (x, y), code in zip(path.vertices, path.codes, strict=True):
        if code == path.CLOSEPOLY:
            commands.append("Z")
            continue
        px, py = point(float(x), float(y))
        commands.append(f"{'M' if code == path.MOVETO else 'L'}{px:.1f} {py:.1f}")
    return "".join(commands)


def _name(area: MapArea, polygons: list[Polygon], point) -> str:
    lon, lat = label_point(polygons)
    anchor_x, anchor_y = point(lon, lat)
    lines = _split_name(area.name)
    out = []
    x, y = point(*NAME_AT.get(area.code, (lon, lat)))
    if area.code in LEADER:
        out.append(
            f'<line x1="{anchor_x:.1f}" y1="{anchor_y:.1f}" x2="{x:.1f}" y2="{y:.1f}" '
            f'stroke="{INK}" stroke-width="1.2" pointer-events="none"/>'
            f'<circle cx="{anchor_x:.1f}" cy="{anchor_y:.1f}" r="2.5" fill="{INK}" '
            f'pointer-events="none"/>'
        )
    first = y - (len(lines) - 1) * FONT_SIZE * 0.55 + FONT_SIZE * 0.35
    for index, line in enumerate(lines):
        out.append(
            f'<text x="{x:.1f}" y="{first + index * FONT_SIZE * 1.1:.1f}" text-anchor="middle" '
            f'font-size="{FONT_SIZE:.0f}" fill="{INK}" stroke="#ffffff" stroke-width="4" '
            f'stroke-linejoin="round" paint-order="stroke" pointer-events="none">'
            f"{escape(line)}</text>"
        )
    return "".join(out)


def _split_name(name: str) -> list[str]:
    """A long name on two lines, broken after a hyphen or at a space when it has one."""
    if len(name) <= 9:
        return [name]
    for separator in ("-", " "):
        if separator in name:
            head, _sep, tail = name.partition(separator)
            return [head + ("-" if separator == "-" else ""), tail]
    return [name]


def _legend(
    classes: Sequence[ColourClass], title: str, missing_label: str, top: float
) -> tuple[str, float]:
    """The legend's SVG and height: its title, one box per step with its range, then
    the grey box for areas without a figure."""
    parts = [
        f'<text x="{MARGIN}" y="{top + FONT_SIZE:.1f}" font-size="{FONT_SIZE:.0f}" '
        f'fill="{INK}">{escape(title)}</text>'
    ]
    y = top + FONT_SIZE * 1.5
    box = FONT_SIZE * 1.3
    if classes:
        step_width = (WIDTH - 2 * MARGIN) / len(classes)
        for index, item in enumerate(classes):
            x = MARGIN + index * step_width
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{step_width - 4:.1f}" height="{box:.1f}" '
                f'fill="{item.colour}" stroke="#888888"/>'
                f'<text x="{x + (step_width - 4) / 2:.1f}" y="{y + box + FONT_SIZE * 1.05:.1f}" '
                f'text-anchor="middle" font-size="{FONT_SIZE:.0f}" fill="{INK}">'
                f"{escape(item.label)}</text>"
            )
        y += box + FONT_SIZE * 1.6
    parts.append(
        f'<rect x="{MARGIN}" y="{y:.1f}" width="{box * 1.6:.1f}" height="{box:.1f}" '
        f'fill="url(#missing)" stroke="#888888"/>'
        f'<text x="{MARGIN + box * 1.6 + 8:.1f}" y="{y + box * 0.75:.1f}" '
        f'font-size="{FONT_SIZE:.0f}" fill="{INK}">{escape(missing_label)}</text>'
    )
    return "".join(parts), y + box - top
