"""The citizen page on a cheap phone over a 2G-like line, measured in real Chromium.

Starts gunicorn (as ``make run`` does: 2 workers, 4 threads) on a fresh migrated and
seeded SQLite database, opens the demo's scorecard (``/j/DEMO01``) in Chromium at
360×740 with the network throttled through the DevTools protocol (240 kbit/s down and
up, 800 ms round trip) and the CPU slowed six times, and prints for each run:

* first paint and first contentful paint (the page's ``paint`` performance entries),
* bytes moved: the encoded body sizes of every request (``encodedBodySize`` of the
  navigation and resource entries) and the bytes on the wire with headers (DevTools'
  ``encodedDataLength``),
* the time from pressing "send" to the receipt on the thanks page.

``--identity`` repeats the runs with ``Accept-Encoding: identity`` (nothing
compressed) for comparison. Usage::

    python bench/phone.py [--runs 3] [--identity] [--url-path /j/DEMO01]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import requests

PROJECT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
VIEWPORT = {"width": 360, "height": 740}
KBIT = 1000 / 8  # bytes per second in one kbit/s
PROFILE = {"latency_ms": 800, "down_kbps": 240, "up_kbps": 240, "cpu_slowdown": 6}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url,
            "FLASK_APP": "wsgi.py",
            "EGEKH_ENV": "development",
            "SECRET_KEY": "bench-phone-" + "x" * 40,
            "PYTHONPATH": str(PROJECT),
            # A phone per run from one address: the demo limits must not refuse the bench.
            "CITIZEN_RATE_LIMIT": "100000 per minute",
            "JOIN_RATE_LIMIT": "100000 per minute",
        }
    )
    return env


def _flask(env: dict[str, str], *arguments: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "flask", *arguments],
        cwd=PROJECT, env=env, check=True, capture_output=True,
    )


@contextlib.contextmanager
def served_demo(workdir: Path, seed: tuple[str, ...] = ("all",)) -> Iterator[str]:
    """Migrate and seed (``flask seed …``) a new SQLite database under ``workdir``,
    serve it with gunicorn as ``make run`` does, and yield its base URL; the server is
    stopped on exit. Used by this bench and ``bench/screens.py``."""
    env = _environment(f"sqlite:///{workdir / 'egekh.db'}")
    _flask(env, "db", "upgrade")
    _flask(env, "seed", *seed)
    port = _free_port()
    gunicorn = Path(sys.executable).parent / "gunicorn"
    log = (workdir / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [str(gunicorn), "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4",
         "wsgi:app"],
        cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{base_url}/healthz", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError(f"the app did not start; see {workdir / 'gunicorn.log'}")
            time.sleep(0.2)
        yield base_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


_FILL_FORM = """() => {
  const form = document.getElementById("scorecard");
  const names = new Set();
  for (const el of form.querySelectorAll("input[type=radio]")) { names.add(el.name); }
  for (const name of names) {
    const first = form.querySelector(`input[type=radio][name="${name}"]`);
    first.checked = true;
  }
  return names.size;
}"""

_PAINTS = """() => Object.fromEntries(
  performance.getEntriesByType("paint").map(e => [e.name, e.startTime]))"""

_BODIES = """() => performance.getEntriesByType("navigation")
  .concat(performance.getEntriesByType("resource"))
  .map(e => [e.name, e.encodedBodySize, e.decodedBodySize])"""


def one_run(browser, url: str, identity: bool) -> dict[str, float | str]:
    """Open ``url`` on a fresh throttled phone, then send the form and wait for the
    receipt. Times in seconds, sizes in bytes."""
    context = browser.new_context(
        viewport=VIEWPORT, device_scale_factor=2, is_mobile=True, has_touch=True,
        locale="mn-MN",
    )
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": PROFILE["latency_ms"],
            "downloadThroughput": PROFILE["down_kbps"] * KBIT,
            "uploadThroughput": PROFILE["up_kbps"] * KBIT,
        },
    )
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": PROFILE["cpu_slowdown"]})
    if identity:
        cdp.send("Network.setExtraHTTPHeaders", {"headers": {"Accept-Encoding": "identity"}})
    wire: dict[str, float] = {}
    cdp.on("Network.loadingFinished",
           lambda event: wire.__setitem__(event["requestId"], event["encodedDataLength"]))
    response = page.goto(url, wait_until="load")
    encoding = response.headers.get("content-encoding", "none") if response else "?"
    paints = page.evaluate(_PAINTS)
    bodies = page.evaluate(_BODIES)
    wire_bytes = sum(wire.values())
    page.evaluate(_FILL_FORM)
    started = time.perf_counter()
    page.locator("#scorecard button[type=submit]").last.click()
    page.wait_for_selector("p.receipt", timeout=120_000)
    send_seconds = time.perf_counter() - started
    context.close()
    return {
        "first_paint": paints.get("first-paint", float("nan")) / 1000,
        "first_contentful_paint": paints.get("first-contentful-paint", float("nan")) / 1000,
        "encoded_bytes": sum(encoded for _name, encoded, _decoded in bodies),
        "decoded_bytes": sum(decoded for _name, _encoded, decoded in bodies),
        "wire_bytes": wire_bytes,
        "requests": len(bodies),
        "send_to_receipt": send_seconds,
        "encoding": encoding,
    }


def _report(label: str, runs: list[dict[str, float | str]]) -> None:
    print(f"\n{label}: median of {len(runs)} runs (each run: a fresh phone, empty cache)")
    print(f"  {'page encoding':<24} {', '.join(sorted({r['encoding'] for r in runs})):>12}")
    for key, unit in (
        ("first_paint", "s"),
        ("first_contentful_paint", "s"),
        ("encoded_bytes", "B"),
        ("decoded_bytes", "B"),
        ("wire_bytes", "B"),
        ("requests", ""),
        ("send_to_receipt", "s"),
    ):
        values = [r[key] for r in runs]
        middle = statistics.median(values)
        shown = f"{middle:.2f} {unit}" if unit == "s" else f"{middle:,.0f} {unit}".strip()
        spread = ", ".join(f"{v:.2f}" if unit == "s" else f"{v:,.0f}" for v in values)
        print(f"  {key:<24} {shown:>12}   ({spread})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--identity", action="store_true",
                        help="also measure with compression refused (Accept-Encoding: identity)")
    parser.add_argument("--url-path", default="/j/DEMO01")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    print(
        f"profile: {PROFILE['down_kbps']} kbit/s down, {PROFILE['up_kbps']} kbit/s up, "
        f"{PROFILE['latency_ms']} ms round trip, CPU ×{PROFILE['cpu_slowdown']} slower, "
        f"{VIEWPORT['width']}×{VIEWPORT['height']}; load average {os.getloadavg()[0]:.2f}"
    )
    with tempfile.TemporaryDirectory(prefix="egekh-phone-") as tmp, served_demo(Path(tmp)) as base:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            try:
                url = base + args.url_path
                one_run(browser, url, identity=False)  # warm the server's caches
                compressed = [one_run(browser, url, identity=False) for _ in range(args.runs)]
                _report("compressed (as browsers ask)", compressed)
                if args.identity:
                    plain = [one_run(browser, url, identity=True) for _ in range(args.runs)]
                    _report("uncompressed (Accept-Encoding: identity)", plain)
            finally:
                browser.close()
    print(f"\nload average after the runs: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
