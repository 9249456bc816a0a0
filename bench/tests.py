"""How long the test suite takes: one web test re-run, and the whole suite.

The figures of the "fast tests" targets, measured as a developer meets them, from the
shell, wall-clock time including Python's start, plugin loading and collection:

* ``rerun``: one web test (``--test``, a sign-in page test by default) run alone in
  one process, ``--runs`` times after one warm-up run (the template database already
  built and cached, as on every run but the first after a change); median and range.
* ``suite``: the whole suite as ``make test`` runs it (one pytest-xdist worker per
  core, idle workers taking tests queued for the others), on SQLite, and on
  PostgreSQL when ``--postgres URL`` is given; the pytest summary line and the wall
  time of each.

The machine's cores and load average are printed with the figures: on 2 cores, a
run beside another heavy process takes about twice as long. Usage::

    python bench/tests.py [--only rerun|suite] [--runs 5]
                          [--postgres postgresql://postgres@127.0.0.1:5432/egekh_bench]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_TEST = "tests/app/views/test_auth.py::test_wrong_password_shows_a_message_not_a_stack_trace"


def timed(arguments: list[str], environment: dict[str, str] | None = None) -> tuple[float, str]:
    """Run pytest with ``arguments`` in the project; (wall seconds, last output line).
    A failing run stops the benchmark: a time of a broken suite means nothing."""
    started = time.perf_counter()
    finished = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", *arguments],
        cwd=PROJECT,
        env={**os.environ, **(environment or {})},
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    lines = finished.stdout.strip().splitlines()
    if finished.returncode != 0:
        sys.exit(f"pytest {' '.join(arguments)} failed:\n" + "\n".join(lines[-30:]))
    return seconds, lines[-1] if lines else ""


def machine() -> str:
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"{os.cpu_count()} cores, load average {load}"


def rerun(test: str, runs: int) -> None:
    timed(["-n", "0", test])  # warm-up: builds the template database if it is missing
    seconds = [timed(["-n", "0", test])[0] for _ in range(runs)]
    print(f"one test re-run ({test}), {runs} runs, {machine()}:")
    print(
        f"  median {statistics.median(seconds):.2f} s "
        f"(fastest {min(seconds):.2f} s, slowest {max(seconds):.2f} s)"
    )


def suite(postgres: str | None) -> None:
    databases = [("SQLite", {})]
    if postgres:
        databases.append(("PostgreSQL", {"TEST_DATABASE_URL": postgres}))
    for name, environment in databases:
        print(f"whole suite on {name}, as make test runs it, {machine()} at the start:")
        seconds, summary = timed(["-n", "auto", "--dist", "worksteal"], environment)
        print(f"  {seconds / 60:.1f} min ({seconds:.0f} s): {summary}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=("rerun", "suite"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--test", default=DEFAULT_TEST)
    parser.add_argument("--postgres", help="also run the suite on this PostgreSQL URL")
    options = parser.parse_args()
    if options.only in (None, "rerun"):
        rerun(options.test, options.runs)
    if options.only in (None, "suite"):
        suite(options.postgres)


if __name__ == "__main__":
    main()
