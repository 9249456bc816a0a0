"""Parse speed of a large paper-scorecard upload: 50,000 respondents x 15 indicators.

Run: python bench/import_parse.py  (prints how long a zip bomb and a million blank CSV rows
take to be refused, then rows/s for CSV and XLSX, reading and validating)
Not a test; numbers depend on the machine.
"""

from __future__ import annotations

import io
import random
import sys
import time
import zipfile
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scorecards.errors import DomainError  # noqa: E402
from scorecards.exports import rows_to_csv  # noqa: E402
from scorecards.imports import (  # noqa: E402
    RoundSheetSpec,
    SheetGroup,
    SheetIndicator,
    read_table,
    template_rows,
    validate_responses,
)
from scorecards.scales import FACES_1_5  # noqa: E402
from scorecards.vocab import Side  # noqa: E402

ROWS, INDICATORS = 50_000, 15


def build() -> tuple[RoundSheetSpec, list[list[str]]]:
    spec = RoundSheetSpec(
        indicators=tuple(
            SheetIndicator(f"EDU{n:02d}", 100 + n, f"Шалгуур {n}", Side.COMMUNITY)
            for n in range(1, INDICATORS + 1)
        ),
        groups=(SheetGroup(1, "Эцэг эх"), SheetGroup(2, "Сурагчид"), SheetGroup(3, "Багш нар")),
        scale=FACES_1_5,
    )
    rng = random.Random(7)
    rows = template_rows(spec, "responses", {})
    answers = ["1", "2", "3", "4", "5", "5", "4", "", "ХХ", "Мэдэхгүй"]
    for n in range(ROWS):
        rows.append(
            [
                f"R{n:06d}",
                rng.choice(["Эцэг эх", "Сурагчид", "3"]),
                rng.choice(["эм", "эр", "female", ""]),
                rng.choice(["18_34", "35-59", "42", ""]),
                rng.choice(["үгүй", "no", ""]),
                *(rng.choice(answers) for _ in range(INDICATORS)),
            ]
        )
    return spec, rows


def xlsx_bytes(rows: list[list[str]], write_only: bool) -> bytes:
    """Excel and openpyxl's normal mode put ``<dimension>`` before the cells; openpyxl's
    write-only mode does not, which makes openpyxl's reader scan the sheet twice."""
    workbook = Workbook(write_only=write_only)
    sheet = workbook.create_sheet("Data") if write_only else workbook.active
    for row in rows:
        sheet.append([int(c) if c.isdigit() and len(c) == 1 else c for c in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def measure(label: str, data: bytes, filename: str, spec: RoundSheetSpec) -> None:
    started = time.perf_counter()
    table = read_table(data, filename, max_bytes=200_000_000)
    read = time.perf_counter()
    preview = validate_responses(table, spec)
    done = time.perf_counter()
    assert len(preview.valid_rows) == ROWS, preview.problem_counts
    print(
        f"{label}: {len(data) / 1e6:.1f} MB, read {read - started:.2f} s, "
        f"validate {done - read:.2f} s, total {done - started:.2f} s "
        f"= {ROWS / (done - started):,.0f} rows/s "
        f"(validation alone {ROWS / (done - read):,.0f} rows/s)"
    )


def refusal(label: str, data: bytes, filename: str, **limits) -> None:
    """Time how long a hostile file takes to be refused (and with which code)."""
    started = time.perf_counter()
    try:
        read_table(data, filename, max_bytes=20_000_000, **limits)
    except DomainError as error:
        code = error.code
    else:
        code = "accepted"
    print(f"{label}: {len(data) / 1e3:,.0f} KB, {code} in {time.perf_counter() - started:.2f} s")


def bomb() -> bytes:
    """A valid workbook with 72 MB of blank XML beside its sheet (about 70 KB packed)."""
    out = io.BytesIO()
    Workbook().save(out)
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/padding.xml", b" " * 72_000_000)
    return out.getvalue()


def main() -> None:
    refusal("XLSX bomb (72 MB unpacked)", bomb(), "bomb.xlsx", max_unpacked=50_000_000)
    blank = b"respondent_id,group,EDU01\n" + b"\n" * 1_000_000
    refusal("CSV of 1,000,000 blank rows", blank, "blank.csv", max_rows=100_000)
    spec, rows = build()
    measure("CSV ", rows_to_csv(rows), "bench.csv", spec)
    measure("XLSX", xlsx_bytes(rows, write_only=False), "bench.xlsx", spec)
    measure("XLSX without <dimension>", xlsx_bytes(rows, write_only=True), "bench.xlsx", spec)


if __name__ == "__main__":
    main()
