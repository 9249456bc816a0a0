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

``--scenario import`` asks another question: does an import of the largest allowed
file ever fail a citizen? A facilitator uploads a file of IMPORT_MAX_ROWS records (the
header and 99,999 paper scorecards) through the real import pages and chooses "import
valid rows" (``--import-via cli`` runs ``flask rounds import`` instead), while
``--clients`` citizens keep sending scorecards until the import is done. It prints
every answer's status, the sends' latency, acknowledged / stored / lost / duplicated,
and whether the import stored every form and counted none before it was done. Exit
status 1 on any 5xx answer, any loss or duplicate, or an import that did not finish.

    python bench/faults.py --scenario import --clients 24

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
import csv
import io
import os
import random
import re
import shutil
import signal
import socket
import statistics
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
    parser.add_argument("--scenario", choices=["faults", "import"], default="faults",
                        help="faults: kill workers while citizens send; import: run the "
                        "largest allowed import while citizens send")
    parser.add_argument("--import-via", choices=["http", "cli"], default="http",
                        help="import scenario: the import pages or flask rounds import")
    parser.add_argument("--import-rows", type=int, default=0,
                        help="import scenario: records in the file, header included "
                        "(default: IMPORT_MAX_ROWS, the largest allowed)")
    args = parser.parse_args()
    random.seed(args.seed)
    if shutil.which("gunicorn") is None and not (Path(sys.executable).parent / "gunicorn").exists():
        print("gunicorn is not installed", file=sys.stderr)
        return 2

    workdir = Path(tempfile.mkdtemp(prefix="egekh-faults-"))
    database_url, drop_database = _prepare_database(args, workdir)
    env = _environment(database_url, workdir)
    if args.scenario == "import":
        # The upload's check is not what is measured; on a machine shared with other
        # work it can pass its own time limit (IMPORT_PREVIEW_SECONDS): raised here.
        env.setdefault("IMPORT_PREVIEW_SECONDS", "300")
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
             "--bind", f"127.0.0.1:{port}", "--graceful-timeout", "5",
             *_access_log(args, workdir), module],
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

        if args.scenario == "import":
            return _import_scenario(args, env, base_url, database_url, workdir, sample)
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


# -- the import scenario ------------------------------------------------------------

FACILITATOR = "facilitator@egekh.demo"  # a demo account that may edit the DEMO01 round


def _import_file(database_url: str, records: int) -> tuple[int, bytes]:
    """The demo round's id and a CSV of ``records`` records (a header, then paper
    scorecards with fresh form numbers) for it, made as the import template asks."""
    from sqlalchemy import create_engine, text

    from app.config import normalise_database_url

    engine = create_engine(normalise_database_url(database_url))
    with engine.connect() as connection:
        round_id = connection.execute(
            text("SELECT id FROM round WHERE community_code = :code"), {"code": JOIN_CODE}
        ).scalar_one()
        groups = connection.execute(
            text("SELECT label FROM participant_group WHERE round_id = :r "
                 "AND side = 'community'"),
            {"r": round_id},
        ).scalars().all()
        codes = connection.execute(
            text("SELECT i.code FROM round_indicator ri JOIN indicator i "
                 "ON i.id = ri.indicator_id WHERE ri.round_id = :r "
                 "AND (ri.side IS NULL OR ri.side = 'community') "
                 "ORDER BY ri.position, ri.id"),
            {"r": round_id},
        ).scalars().all()
    engine.dispose()
    rng = random.Random(11)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["respondent_id", "group", "gender", "age_band", *codes])
    for n in range(records - 1):
        writer.writerow(
            [f"BENCH{n}", rng.choice(groups), rng.choice("fm"), rng.randint(16, 80)]
            + [rng.choice(["1", "2", "3", "4", "5", "na"]) for _ in codes]
        )
    return round_id, out.getvalue().encode("utf-8")


def _token(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=30)
    match = CSRF_PATTERN.search(page.text)
    if page.status_code != 200 or match is None:
        raise RuntimeError(f"no form at {url} (HTTP {page.status_code})")
    return match.group(1)


def _import_over_http(base_url: str, round_id: int, data: bytes) -> tuple[requests.Session, str]:
    """Sign the facilitator in, upload the file, choose "import valid rows"; returns the
    session and the job's progress URL (the import runs in a gunicorn worker's thread)."""
    staff = requests.Session()
    staff.post(
        f"{base_url}/auth/login",
        data={"email": FACILITATOR, "password": "demo-password",
              "csrf_token": _token(staff, f"{base_url}/auth/login")},
        timeout=30, allow_redirects=False,
    ).raise_for_status()
    upload_url = f"{base_url}/rounds/{round_id}/import"
    answer = staff.post(
        upload_url,
        data={"kind": "responses", "side": "community",
              "csrf_token": _token(staff, upload_url)},
        files={"file": ("bench.csv", data, "text/csv")},
        timeout=120, allow_redirects=False,
    )
    if answer.status_code != 302:
        said = re.findall(r'class="[^"]*error[^"]*"[^>]*>([^<]+)<', answer.text)
        raise RuntimeError(f"the upload was answered HTTP {answer.status_code}: {said}")
    job_url = answer.headers["Location"]
    job_url = job_url if job_url.startswith("http") else base_url + job_url
    chosen = staff.post(
        job_url, data={"choice": "valid", "csrf_token": _token(staff, job_url)},
        timeout=60, allow_redirects=False,
    )
    if chosen.status_code != 302:
        raise RuntimeError(f"\"import valid rows\" was answered HTTP {chosen.status_code}")
    return staff, job_url + ".json"


def _import_progress(database_url: str) -> tuple[str, int, int, int]:
    """The newest import job's state and imported count, with the forms of the file
    stored so far and how many of them count (``Response.counted``), read in one
    statement so all four come from one moment."""
    from sqlalchemy import create_engine, func, select

    from app.config import normalise_database_url
    from app.models import Response
    from app.models.imports import ImportJob

    newest = select(ImportJob).order_by(ImportJob.id.desc()).limit(1).subquery()
    of_file = Response.respondent_ref.like("BENCH%")
    statement = select(
        select(newest.c.state).scalar_subquery(),
        select(newest.c.imported).scalar_subquery(),
        select(func.count(Response.id)).where(of_file).scalar_subquery(),
        select(func.count(Response.id)).where(of_file, Response.counted()).scalar_subquery(),
    )
    engine = create_engine(normalise_database_url(database_url))
    with engine.connect() as connection:
        state, imported, stored, counted = connection.execute(statement).one()
    engine.dispose()
    return state or "none", imported or 0, stored, counted


def _counted_forms(database_url: str) -> int:
    """Forms the figures count (``Response.counted``), read through the app's own rule."""
    from sqlalchemy import create_engine, func, select

    from app.config import normalise_database_url
    from app.models import Response

    engine = create_engine(normalise_database_url(database_url))
    with engine.connect() as connection:
        counted = connection.execute(
            select(func.count(Response.id)).where(Response.counted())
        ).scalar_one()
    engine.dispose()
    return counted


@dataclass
class Sends:
    """Every citizen send of the import scenario: statuses, latencies, outcomes."""

    statuses: Counter = field(default_factory=Counter)
    seconds: list[float] = field(default_factory=list)
    slow: list[tuple[float, float]] = field(default_factory=list)  # (started, seconds) > 1 s
    acknowledged: set[str] = field(default_factory=set)
    attempted: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _citizen(base_url: str, groups: list[int], indicators: list[int], sends: Sends,
             stop: threading.Event) -> None:
    """Send scorecards one after another until ``stop`` (then finish the one in hand),
    retrying each with its UUID until acknowledged, as the page's offline queue does."""
    session = requests.Session()
    while not stop.is_set():
        payload = {
            "uuid": str(uuid.uuid4()),
            "group_id": random.choice(groups),
            "answers": {str(i): {"value": random.randint(1, 5)} for i in indicators},
        }
        with sends.lock:
            sends.attempted.add(payload["uuid"])
        for attempt in range(30):
            started = time.monotonic()
            try:
                acknowledged, statuses = _send_once(session, base_url, payload)
            except requests.RequestException as error:
                acknowledged, statuses = False, [("send", type(error).__name__)]
                session = requests.Session()
            with sends.lock:
                sends.statuses.update(statuses)
                sends.seconds.append(time.monotonic() - started)
                if sends.seconds[-1] > 1.0:
                    sends.slow.append((started, sends.seconds[-1]))
                if acknowledged:
                    sends.acknowledged.add(payload["uuid"])
            if acknowledged:
                break
            time.sleep(min(0.05 * 2**attempt, 1.0))


def _send_once(session: requests.Session, base_url: str, payload: dict) -> tuple[bool, list]:
    """``submit`` with the HTTP status of every request it made kept, as ("page", 200)
    or ("send", 201): the scenario counts every 5xx, of the join page too."""
    statuses: list[tuple[str, int]] = []

    def keep(response, *args, **kwargs):
        kind = "send" if "/submit.json" in response.url else "page"
        statuses.append((kind, response.status_code))

    session.hooks["response"] = [keep]
    acknowledged = submit(session, base_url, payload)
    return acknowledged, statuses


def _access_log(args, workdir: Path) -> list[str]:
    """Gunicorn options to log each request's time in the server (import scenario)."""
    if args.scenario != "import":
        return []
    return ["--access-logfile", str(workdir / "access.log"),
            "--access-logformat", "%(m)s %(U)s %(s)s %(D)s"]


def _server_seconds(workdir: Path) -> list[float]:
    """Seconds each scorecard send spent in the server (from the access log), sorted:
    what the send's database wait is part of, without the queue for a free worker."""
    path = workdir / "access.log"
    if not path.exists():
        return []
    seconds = []
    for line in path.read_text().splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[0] == "POST" and parts[1].endswith("/submit.json"):
            seconds.append(int(parts[3]) / 1e6)
    return sorted(seconds)


def _import_scenario(args, env: dict[str, str], base_url: str, database_url: str,
                     workdir: Path, sample: dict) -> int:
    from app.services.file_imports import DEFAULT_MAX_ROWS

    records = args.import_rows or int(env.get("IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))
    groups, indicators = _round_shape(database_url)
    round_id, data = _import_file(database_url, records)
    counted_before = _counted_forms(database_url)
    sends = Sends()
    sends.attempted.add(sample["uuid"])
    sends.acknowledged.add(sample["uuid"])
    stop = threading.Event()
    clients = [
        threading.Thread(target=_citizen, args=(base_url, groups, indicators, sends, stop))
        for _ in range(args.clients)
    ]
    for client in clients:
        client.start()
    time.sleep(1.0)  # the citizens are sending before the import starts
    started = time.monotonic()
    midway: list[tuple[int, int]] = []
    cli = None
    try:
        if args.import_via == "http":
            _import_over_http(base_url, round_id, data)
        else:
            path = workdir / "bench.csv"
            path.write_bytes(data)
            cli = subprocess.Popen(
                [sys.executable, "-m", "flask", "rounds", "import", str(round_id), str(path)],
                cwd=PROJECT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            )
        deadline = started + 1800
        while time.monotonic() < deadline:
            time.sleep(1.0)
            state, imported, stored_so_far, counted_so_far = _import_progress(database_url)
            if state in ("done", "failed", "discarded"):
                break
            # Forms stored so far by a job that is not done must count nowhere.
            midway.append((stored_so_far, counted_so_far))
        if cli is not None:
            output = cli.communicate(timeout=120)[0].decode()
            if cli.returncode != 0:
                print(output[-2000:], file=sys.stderr)
    finally:
        stop.set()
        for client in clients:
            client.join()
    import_seconds = time.monotonic() - started
    state, imported, _stored, _counted = _import_progress(database_url)
    counts, without_scores = _stored_counts(database_url, sends.attempted)
    stored = sum(1 for u in sends.acknowledged if counts[u] >= 1)
    lost = len(sends.acknowledged) - stored
    duplicated = sum(count - 1 for count in counts.values() if count > 1)
    errors_5xx = sum(n for (_kind, status), n in sends.statuses.items()
                     if isinstance(status, int) and status >= 500)
    counted_after = _counted_forms(database_url)
    extra = sum(1 for u in counts if u not in sends.acknowledged)
    counted_early = max((counted for _stored, counted in midway), default=0)
    stored_midway = max((stored for stored, _counted in midway), default=0)
    latencies = sorted(sends.seconds)
    backend = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    print(f"database: {backend}; workers: {args.workers}; citizens: {args.clients}; "
          f"import via: {args.import_via}")
    print(f"import: {records:,} records ({records - 1:,} forms, {len(data) / 1e6:.1f} MB), "
          f"state {state}, imported {imported:,}, in {import_seconds:.1f} s")
    print(f"while importing ({len(midway)} looks): up to {stored_midway:,} of its forms "
          f"stored, up to {counted_early} of them counted")
    print("citizen answers by status: "
          + ", ".join(f"{kind} {status}: {n}"
                      for (kind, status), n in sorted(sends.statuses.items(), key=str)))
    if latencies:
        print(f"send latency seen by the client: p50 {statistics.median(latencies) * 1000:.0f} ms, "
              f"p99 {latencies[int(len(latencies) * 0.99) - 1] * 1000:.0f} ms, "
              f"max {latencies[-1] * 1000:.0f} ms")
    in_server = _server_seconds(workdir)
    if in_server:
        print(f"time in the server of a send: p50 {statistics.median(in_server) * 1000:.0f} ms, "
              f"p99 {in_server[int(len(in_server) * 0.99) - 1] * 1000:.0f} ms, "
              f"max {in_server[-1] * 1000:.0f} ms (the rest is the queue for a free worker)")
    if sends.slow:
        print(f"sends slower than 1 s: {len(sends.slow)}; the slowest began at "
              + ", ".join(f"{begun - started:+.0f} s ({took:.1f} s)"
                          for begun, took in sorted(sends.slow, key=lambda x: -x[1])[:6])
              + " from the start of the import")
    print(f"5xx answers: {errors_5xx}")
    print(f"acknowledged: {len(sends.acknowledged)}")
    print(f"stored: {stored}")
    print(f"lost: {lost}")
    print(f"duplicated: {duplicated}")
    print(f"stored without an acknowledgement (kept; a retry returns the receipt): {extra}")
    print(f"responses without scores: {without_scores}")
    expected = counted_before + len(sends.acknowledged) - 1 + extra + (records - 1)
    print(f"counted forms: {counted_before:,} before, {counted_after:,} after "
          f"(expected {expected:,})")
    ok = (
        errors_5xx == 0 and lost == 0 and duplicated == 0 and without_scores == 0
        and state == "done" and imported == records - 1 and counted_early == 0
        and counted_after == expected
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
