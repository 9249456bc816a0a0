"""Scripts and formulas typed into any free-text field come out inert everywhere:
HTML pages, SVG charts, CSV and XLSX downloads (checked on every GET route)."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import text

from app.extensions import db
from tests.support.routes import SHARDS, best_url, collect_routes, in_shard

MARK = "cmd|calc"
PAYLOAD = f'={MARK}!A1 <script>alert(1)</script><img src=x onerror=alert(2)> "\' &'
# A tab or a carriage return before the formula: Excel and LibreOffice skip them.
PAYLOADS = (PAYLOAD, f"\t={MARK}!A1 <script>alert(1)</script>", f"\r={MARK}x")
FREE_TEXT = {
    "response": ("comment",),
    "score": ("reason",),
    "consensus_score": ("reason",),
    "interface_meeting": ("place", "notes"),
    "action": ("description",),
    "official_response": ("body",),
    "round": ("title_mn", "title_en"),
    "participant_group": ("label",),
    "input_item": ("entitlement",),
    "facility": ("name_mn", "name_en"),
    "user": ("display_name",),
}


def _poison_free_text() -> None:
    for table, columns in FREE_TEXT.items():
        # Rows take the payloads in turn (by id), so every kind reaches every output.
        payload = "CASE (id % 3) WHEN 0 THEN :p0 WHEN 1 THEN :p1 ELSE :p2 END"
        assignments = ", ".join(
            f'"{column}" = CAST({payload} AS TEXT) || CAST(id AS TEXT)' for column in columns
        )
        db.session.execute(
            text(f'UPDATE "{table}" SET {assignments}'),
            {f"p{i}": p for i, p in enumerate(PAYLOADS)},
        )
    db.session.commit()


def _check(response, where: str) -> list[str]:
    kind = response.mimetype or ""
    body = response.get_data()
    problems = []
    if kind in ("text/html", "image/svg+xml", "application/xhtml+xml"):
        page = body.decode("utf-8", "replace")
        for raw in ("<script>alert(1)", "<img src=x onerror"):
            if raw in page:
                problems.append(f"{where}: unescaped {raw!r}")
    elif kind == "text/csv":
        text_ = body.decode("utf-8-sig", "replace")
        for row in csv.reader(io.StringIO(text_, newline="")):
            for cell in row:
                if MARK in cell and _runnable(cell):
                    problems.append(f"{where}: formula cell {cell[:30]!r}")
    elif kind.endswith("spreadsheetml.sheet"):
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(body))
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    # safe: text behind an apostrophe, or kept as typed in a text
                    # cell marked "quote prefix" (files programs read back)
                    if isinstance(cell.value, str) and MARK in cell.value and (
                        cell.data_type == "f"
                        or (_runnable(cell.value) and not cell.quotePrefix)
                    ):
                        problems.append(f"{where}: formula cell {cell.coordinate}")
    return problems


def _runnable(cell: str) -> bool:
    """Whether a spreadsheet could take the text for a formula: it starts with
    ``= + - @``, a tab or a carriage return, also after leading whitespace."""
    starts = ("=", "+", "-", "@", "\t", "\r")
    return cell.startswith(starts) or cell.lstrip().startswith(starts)


def _with_xlsx(url: str) -> list[str]:
    """``url`` and, for a CSV download, the same table as XLSX."""
    path, _sep, query = url.partition("?")
    if path.endswith(".csv"):
        return [url, path[: -len(".csv")] + ".xlsx" + (f"?{query}" if query else "")]
    return [url]


@pytest.mark.parametrize("shard", range(SHARDS))
@pytest.mark.parametrize("who", [None, "admin@egekh.demo"])
def test_free_text_is_inert_on_every_page_and_download(app, client, login, who, shard):
    _poison_free_text()
    if who:
        login(who)
    problems: list[str] = []
    checked = 0
    for route in collect_routes(app):
        if "GET" not in route.methods or route.endpoint == "auth.logout":
            continue
        urls = route.urls(app)[:4] if len(route.arguments) else [best_url(app, route)]
        for url in [u for candidate in urls for u in _with_xlsx(candidate)]:
            if not in_shard(url, shard):
                continue
            response = client.get(url)
            if response.status_code == 200:
                checked += 1
                problems += _check(response, f"{who or 'anonymous'} {url}")
    assert checked >= 3
    assert not problems, "\n".join(problems)


def test_the_check_catches_an_unescaped_page(app):
    from flask import Response

    bad = Response(f"<p>{PAYLOAD}</p>", mimetype="text/html")
    assert _check(bad, "planted")
    csv_bad = Response(f"a,{PAYLOAD.split(' ')[0]}\n", mimetype="text/csv")
    assert _check(csv_bad, "planted")
    for payload in PAYLOADS[1:]:
        quoted = payload.replace('"', '""')
        assert _check(Response(f'a,"{quoted}"\r\n', mimetype="text/csv"), "planted")
        assert _check(Response(f'a," {quoted}"\r\n', mimetype="text/csv"), "planted")
