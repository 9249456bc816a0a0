"""Screenshots of the key pages for the README (``make screens``).

Starts the app with gunicorn on a fresh demo database (``bench.phone.served_demo``),
signs the demo people in through the sign-in page in Chromium, and saves PNG files
under ``docs/screens/``:

* ``citizen-phone.png`` — the scorecard a citizen opens (``/j/DEMO01``) at 360×740,
* ``round-stepper.png`` — the demo round's page with its phase stepper (facilitator),
* ``tally-grid.png`` — group entry (tallies and consensus) for the first community group,
* ``meeting.png`` — the interface meeting of the facility's published round,
* ``official-inbox.png`` — the Dornod official's actions to answer (``/inbox``),
* ``aimag-report.png`` — Dornod's public report,
* ``aimag-pdf.png`` — the first page of Dornod's PDF (rendered with pypdfium2).

Staff pages are taken at 1366×900. A page that answers 404 is reported and skipped.
Usage: ``python bench/screens.py [--out docs/screens]``.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from bench.phone import CHROMIUM, served_demo  # noqa: E402

PASSWORD = "demo-password"
PHONE = {"width": 360, "height": 740}
DESK = {"width": 1366, "height": 900}


def demo_ids(database: Path) -> dict[str, int]:
    """The demo's open Dornod round (DEMO01), its first community group and the
    facility's latest published round (the one with a meeting record)."""
    with sqlite3.connect(database) as connection:
        (round_id, facility_id) = connection.execute(
            "SELECT id, facility_id FROM round WHERE community_code = 'DEMO01'"
        ).fetchone()
        (group_id,) = connection.execute(
            "SELECT id FROM participant_group WHERE round_id = ? AND side = 'community' "
            "ORDER BY id LIMIT 1",
            (round_id,),
        ).fetchone()
        (published_id,) = connection.execute(
            "SELECT id FROM round WHERE facility_id = ? AND state = 'published' "
            "ORDER BY period_start DESC LIMIT 1",
            (facility_id,),
        ).fetchone()
    return {"round": round_id, "group": group_id, "published": published_id}


def _signed_in(browser, base: str, email: str):
    context = browser.new_context(viewport=DESK, locale="mn-MN")
    page = context.new_page()
    page.goto(f"{base}/auth/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_load_state("load")
    return context, page


def _shoot(page, base: str, path: str, out: Path, name: str, full_page: bool = False) -> None:
    """Open ``path`` and save a screenshot as ``out/name`` (skipped on a 404)."""
    response = page.goto(base + path, wait_until="load")
    if response is None or response.status == 404:
        print(f"  {name}: {path} answered 404 — skipped")
        return
    page.screenshot(path=str(out / name), full_page=full_page)
    _shrink(out / name)
    print(f"  {name}: {path}")


def _shrink(target: Path) -> None:
    """Save the PNG with a 256-colour palette: a third of the size, the same to the eye."""
    from PIL import Image

    with Image.open(target) as image:
        small = image.convert("RGB").quantize(colors=256, dither=Image.Dither.NONE)
    small.save(target, optimize=True)


def pdf_first_page(body: bytes, target: Path) -> None:
    """Render page 1 of a PDF to PNG at 110 dpi (about 910×1290 px for A4)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(body)
    try:
        image = document[0].render(scale=110 / 72).to_pil()
        image.save(target)
        _shrink(target)
    finally:
        document.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(PROJECT / "docs" / "screens"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with (
        tempfile.TemporaryDirectory(prefix="egekh-screens-") as tmp,
        served_demo(Path(tmp)) as base,
    ):
        ids = demo_ids(Path(tmp) / "egekh.db")
        print(f"screens of {base} into {out}")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            try:
                phone = browser.new_context(
                    viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
                )
                _shoot(phone.new_page(), base, "/j/DEMO01", out, "citizen-phone.png")
                phone.close()

                context, page = _signed_in(browser, base, "facilitator@egekh.demo")
                _shoot(page, base, f"/rounds/{ids['round']}", out, "round-stepper.png")
                tallies = f"/rounds/{ids['round']}/tallies?side=community&group={ids['group']}"
                _shoot(page, base, tallies, out, "tally-grid.png")
                _shoot(page, base, f"/rounds/{ids['published']}/meeting", out, "meeting.png")
                context.close()

                context, page = _signed_in(browser, base, "official.dornod@egekh.demo")
                _shoot(page, base, "/inbox", out, "official-inbox.png")
                context.close()

                public = browser.new_context(viewport=DESK, locale="mn-MN")
                page = public.new_page()
                _shoot(page, base, "/reports/MN-061", out, "aimag-report.png")
                pdf = page.request.get(f"{base}/reports/MN-061.pdf")
                if pdf.ok:
                    pdf_first_page(pdf.body(), out / "aimag-pdf.png")
                    print("  aimag-pdf.png: /reports/MN-061.pdf, page 1")
                public.close()
            finally:
                browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
