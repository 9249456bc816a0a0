"""Fault bench: is every acknowledged scorecard stored exactly once, whatever happens?

Runs the app under gunicorn with several workers on a fresh migrated and seeded
database, sends scorecards from concurrent clients (each retrying with the same UUID
until it gets an answer, as the citizen page's offline queue does), kills a worker
with SIGKILL several times during the run, reloads every worker once (new database
connection pools) and, on PostgreSQL, terminates the app's database connections
once. Then it checks that the app still serves and counts, for the submissions that
got a success answer: acknowledged, stored, lost (acknowledged but not stored) and
duplicated (stored more than once). Exit status 1 when anything is lost or duplicated.

    python bench/faults.py                                  # SQLite, 3 workers
    python bench/faults.py --database-url postgresql://postgres@127.0.0.1:5432/postgres

The app is served as ``bench/wsgi_bench.py`` serves it (rate limit off: every client
shares one address). Submissions go through the citizen page's own endpoint
(``submit`` below is the only function that knows it):
    GET  /j/<code>                -> the scorecard page holding the CSRF token
    POST /j/<code>/submit.json    the form's fields as JSON: {"uuid", "group",
                                  "q<round_indicator_id>": "1".."5"}, header X-CSRFToken
    success: 201 (new) or 200 (already stored: a retry); anything else is not an
    acknowledgement, and the client retries with the same UUID. The one-response-per-
    phone cookie is dropped after each acknowledgement, so one client plays many phones.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import requests

PROJECT = Path(__file__).resolve().parent.parent
JOIN_CODE = "DEMO01"
CSRF_PATTERN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def submit(session: requests.Session, base_url: str, payload: dict) -> bool:
    """Send one scorecard; True when the server acknowledged it as stored.

    ``payload`` is {"uuid", "group_id", "answers": {round_indicator_id: {"value": n}}}.
    The CSRF token is read once per session from the join page and kept on the session.
    """
    token = getattr(session, "egekh_csrf", None)
    if token is None:
        page = session.get(f"{base_url}/j/{JOIN_CODE}", timeout=10)
        match = CSRF_PATTERN.search(page.text)
        if page.status_code != 200 or match is None:
            return False
        token = session.egekh_csrf = match.group(1)
    body = {"uuid": payload["uuid"], "group": str(payload["group_id"])}
    body.update({f"q{ri}": str(a["value"]) for ri, a in payload["answers"].items()})
    response = session.post(
        f"{base_url}/j/{JOIN_CODE}/submit.json",
        json=body,
        headers={"X-CSRFToken": token, "Accept": "application/json"},
        timeout=15,
    )
    if response.status_code == 400 and "csrf" in response.text.lower():
        session.egekh_csrf = None
    acknowledged = response.status_code in (200, 201)
    if acknowledged:
        for cookie in [c for c in session.cookies if c.name == "egekh_done"]:
            session.cookies.clear(cookie.domain, cookie.path, cookie.name)
    return acknowledged


@dataclass
class Tally:
    acknowledged: set[str] = field(default_factory=set)
    attempted: set[str] = field(default_factory=set)
    failed_attempts: int = 0
    given_up: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment(database_url: str, instance: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url,
            "FLASK_APP": "wsgi.py",
            "EGEKH_ENV": "development",
            "SECRET_KEY": "bench-faults-" + "x" * 40,
            "PYTHONPATH": str(PROJECT),
        }
    )
    return env


def _prepare_database(args, workdir: Path) -> tuple[str, callable]:
    """A fresh database URL and a function that removes it afterwards."""
    if args.database_url and args.database_url.startswith("postgres"):
        import psycopg
        from sqlalchemy.engine import make_url

        url = make_url(args.database_url)
        name = f"egekh_faults_{uuid.uuid4().hex[:8]}"
        admin = url.set(drivername="postgresql", database="postgres").render_as_string(
            hide_password=False
        )
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')

        def drop() -> None:
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        return url.set(database=name).render_as_string(hide_password=False), drop
    return f"sqlite:///{workdir / 'faults.db'}", lambda: None


def _flask(env: dict[str, str], *arguments: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "flask", *arguments],
        cwd=PROJECT, env=env, check=True, capture_output=True,
    )


def _round_shape(database_url: str) -> tuple[list[int], list[int]]:
    """Group ids and community indicator ids of the open demo round (read directly)."""
    from sqlalchemy import create_engine, text

    from app.config import normalise_database_url

    engine = create_engine(normalise_database_url(database_url))
    with engine.connect() as connection:
        round_id = connection.execute(
            text("SELECT id FROM round WHERE community_code = :code"), {"code": JOIN_CODE}
        ).scalar_one()
        groups = connection.execute(
            text("SELECT id FROM participant_group WHERE round_id = :r AND side = 'community'"),
            {"r": round_id},
        ).scalars().all()
        indicators = connection.execute(
            text(
                "SELECT id FROM round_indicator WHERE round_id = :r "
                "AND (side IS NULL OR side = 'community')"
            ),
            {"r": round_id},
        ).scalars().all()
    engine.dispose()
    return list(groups), list(indicators)


def _stored_counts(database_url: str, uuids: set[str]) -> tuple[Counter, int]:
    """How many times each of ``uuids`` is stored, and how many of them have no scores
    (a scorecard must arrive whole or not at all)."""
    from sqlalchemy import create_engine, text

    from app.config import normalise_database_url

    engine = create_engine(normalise_database_url(database_url))
    counts: Counter = Counter()
    without_scores = 0
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT r.uuid, count(s.id) FROM response r "
                "LEFT JOIN score s ON s.response_id = r.id GROUP BY r.id, r.uuid"
            )
        )
        for stored_uuid, scores in rows:
            if stored_uuid in uuids:
                counts[stored_uuid] += 1
                without_scores += scores == 0
    engine.dispose()
    return counts, without_scores


def _workers(master_pid: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master_pid:
            children.append(int(entry.name))
    return children


def _wait_until_serving(base_url: str, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base_url}/healthz", timeout=2).status_code == 200:
                return True
        except requests.RequestException:
            pass
        time.sleep(0.2)
    return False


def _client(base_url: str, jobs: list[dict], tally: Tally, retries: int) -> None:
    session = requests.Session()
    for payload in jobs:
        with tally.lock:
            tally.attempted.add(payload["uuid"])
        for attempt in range(retries):
            try:
                if submit(session, base_url, payload):
                    with tally.lock:
                        tally.acknowledged.add(payload["uuid"])
                    break
            except requests.RequestException:
                session = requests.Session()  # the connection died with its worker
            with tally.lock:
                tally.failed_attempts += 1
            time.sleep(min(0.05 * 2**attempt, 1.0))
        else:
            with tally.lock:
                tally.given_up += 1


def _chaos(master_pid: int, kills: int, stop: threading.Event, events: list[str],
           database_url: str, seconds: float) -> None:
    """Kill a random worker ``kills`` times, reload all workers once (new pools) and, on
    PostgreSQL, cut the app's database connections once, spread over ``seconds``."""
    plan = ["kill"] * kills + ["reload"] + (["cut"] if database_url.startswith("postgres") else [])
    random.shuffle(plan)
    interval = seconds / (len(plan) + 1)
    for step in plan:
        if stop.wait(interval):
            return
        if step == "kill":
            workers = _workers(master_pid)
            if workers:
                victim = random.choice(workers)
                os.kill(victim, signal.SIGKILL)
                events.append(f"SIGKILL worker {victim}")
        elif step == "reload":
            os.kill(master_pid, signal.SIGHUP)
            events.append("SIGHUP: every worker restarted with a new connection pool")
        else:
            import psycopg
            from sqlalchemy.engine import make_url

            url = make_url(database_url)
            admin = url.set(drivername="postgresql", database="postgres").render_as_string(
                hide_password=False
            )
            with psycopg.connect(admin, autocommit=True) as connection:
                cut = connection.execute(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> pg_backend_pid()",
                    (url.database,),
                ).fetchone()[0]
            events.append(f"terminated {cut} database connections")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--submissions", type=int, default=400)
    parser.add_argument("--kills", type=int, default=4)
    parser.add_argument("--retries", type=int, default=30)
    parser.add_argument("--chaos-seconds", type=float, default=8.0,
                        help="spread the faults over this many seconds from the start")
    parser.add_argument("--database-url", default="",
                        help="a PostgreSQL server URL (a new database is made on it); "
                        "default: a new SQLite file")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    random.seed(args.seed)
    if shutil.which("gunicorn") is None and not (Path(sys.executable).parent / "gunicorn").exists():
        print("gunicorn is not installed", file=sys.stderr)
        return 2

    workdir = Path(tempfile.mkdtemp(prefix="egekh-faults-"))
    database_url, drop_database = _prepare_database(args, workdir)
    env = _environment(database_url, workdir)
    sys.path.insert(0, str(PROJECT))
    master = None
    try:
        _flask(env, "db", "upgrade")
        _flask(env, "seed", "all")
        groups, indicators = _round_shape(database_url)
        port = _free_port()
        base_url = f"http://127.0.0.1:{port}"
        gunicorn = Path(sys.executable).parent / "gunicorn"
        module = "bench.wsgi_bench:app"
        log = (workdir / "gunicorn.log").open("w")
        master = subprocess.Popen(
            [str(gunicorn) if gunicorn.exists() else "gunicorn", "--workers", str(args.workers),
             "--bind", f"127.0.0.1:{port}", "--graceful-timeout", "5", module],
            cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        if not _wait_until_serving(base_url):
            print(f"the app did not start; see {workdir / 'gunicorn.log'}", file=sys.stderr)
            return 2
        probe = requests.Session()
        sample = {
            "uuid": str(uuid.uuid4()),
            "group_id": groups[0],
            "answers": {str(i): {"value": 3} for i in indicators},
        }
        if not submit(probe, base_url, sample):
            print(
                "the citizen endpoint did not acknowledge a valid scorecard; "
                f"see {workdir / 'gunicorn.log'}",
                file=sys.stderr,
            )
            return 2

        jobs = [
            {
                "uuid": str(uuid.uuid4()),
                "group_id": random.choice(groups),
                "answers": {str(i): {"value": random.randint(1, 5)} for i in indicators},
            }
            for _ in range(args.submissions)
        ]
        tally = Tally()
        tally.attempted.add(sample["uuid"])
        tally.acknowledged.add(sample["uuid"])
        stop = threading.Event()
        events: list[str] = []
        chaos = threading.Thread(
            target=_chaos,
            args=(master.pid, args.kills, stop, events, database_url, args.chaos_seconds),
        )
        started = time.monotonic()
        chaos.start()
        with ThreadPoolExecutor(args.clients) as pool:
            for index in range(args.clients):
                pool.submit(_client, base_url, jobs[index :: args.clients], tally, args.retries)
        elapsed = time.monotonic() - started
        stop.set()
        chaos.join()
        serving = _wait_until_serving(base_url, 30)
        counts, without_scores = _stored_counts(database_url, tally.attempted)
        stored = sum(1 for u in tally.acknowledged if counts[u] >= 1)
        lost = len(tally.acknowledged) - stored
        duplicated = sum(count - 1 for count in counts.values() if count > 1)
        backend = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
        print(f"database: {backend}; workers: {args.workers}; clients: {args.clients}")
        for event in events:
            print(f"fault: {event}")
        print(f"submitted: {len(tally.attempted)} in {elapsed:.1f} s "
              f"({len(tally.attempted) / elapsed:.0f}/s), failed attempts retried: "
              f"{tally.failed_attempts}, given up: {tally.given_up}")
        print(f"acknowledged: {len(tally.acknowledged)}")
        print(f"stored: {stored}")
        print(f"lost: {lost}")
        print(f"duplicated: {duplicated}")
        print(f"stored without an acknowledgement (kept; a retry returns the receipt): "
              f"{sum(1 for u in counts if u not in tally.acknowledged)}")
        print(f"responses without scores: {without_scores}")
        print(f"still serving: {'yes' if serving else 'NO'}")
        return 0 if serving and lost == 0 and duplicated == 0 and without_scores == 0 else 1
    finally:
        if master is not None:
            master.terminate()
            try:
                master.wait(15)
            except subprocess.TimeoutExpired:
                master.kill()
        drop_database()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
