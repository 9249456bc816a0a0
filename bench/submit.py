"""Benchmark of citizen submissions: gunicorn + the real endpoint vs a bare Core insert.

    python bench/submit.py [--seconds 20] [--clients 50] [--workers 2] [--threads 1]
                           [--worker-class gthread|sync] [--only sqlite|postgresql]

Runs on SQLite (a fresh file under a temporary directory) and, when DATABASE_URL
points to PostgreSQL, also on PostgreSQL (a fresh database ``egekh_bench_submit``
created on that server and dropped afterwards). For each database it:

1. migrates and seeds the demo, then adds a round with 15 indicators, both sides
   open, in shared-tablet mode (so one client may send many responses);
2. starts gunicorn (gthread workers by default) on a free local port;
3. runs ``--clients`` concurrent clients for ``--seconds``: each opens the scorecard
   page once (cookie + CSRF token, as a phone does), then sends complete 15-indicator
   scorecards as JSON to ``/j/<code>/submit.json`` over a kept-alive connection
   (the bodies are made before the clock starts; each send gets a fresh UUID);
4. checks in the database that every acknowledged submission is stored exactly once,
   with its 15 scores and the receipt the client was given;
5. inserts the same shape of rows with bare SQLAlchemy Core (one transaction per
   submission, the same number of concurrent threads) for the same time;
6. once (with the SQLite run) sends the same requests to the same gunicorn serving a
   Flask view that does nothing (``bench/wsgi_floor.py``): the floor of the stack.

It prints submissions per second, p50 and p99 latency, errors, lost and duplicated
counts for each, so the cost of the web layer and of the application is visible.

    python bench/submit.py --compare COMMIT [--rounds 3] [--seconds 10] [--only sqlite]

compares this checkout with an earlier commit in one run: the commit is checked out
into a temporary ``git worktree`` (``/tmp/egekh-base-<commit>``, removed afterwards;
this checkout is not touched), each side gets its own fresh database prepared by its
own code and its own gunicorn, both started before the first load, and the same load
is sent to one then the other, alternating for ``--rounds`` rounds so that whatever
else loads the machine falls on both alike. It prints every round and, for each side,
the median submissions per second and the median CPU time the gunicorn workers spent
per submission (read from ``/proc``; on a machine shared with other work the rate
follows the load, the CPU time per submission much less).

Measured 2026-12-01 on the project's machine (2 cores, shared with other work running
at the same time), one answer checker (``scorecards.answer_check``) against the commit
before it (fc3b65a)::

    python bench/submit.py --compare fc3b65a --rounds 5 --seconds 10 --only sqlite

    (50 clients, 2 gunicorn gthread workers x 1 thread, 15 indicators; load average
    9-11 from other work during the run)
                   median rate   server CPU per submission   rounds (submissions/s)
    this checkout  76/s          5.60 ms                     170, 89, 76, 62, 46
    commit fc3b65a 63/s          6.34 ms                     151, 71, 46, 63, 47
    errors 0, lost 0, duplicated 0 on both sides.

An earlier run of 3 rounds (load average 6) gave medians of 203/s against 159/s. The
rate follows the load of the machine from one round to the next; taken side by side,
one check instead of two (the quick path's and the service's) shows no loss.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, func, insert, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

BENCH_CODES = ("BENCH1", "BENCH2")
INDICATORS = 15


@dataclass
class Figures:
    label: str
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    lost: int = 0
    duplicated: int = 0
    unacknowledged_stored: int = 0
    checked: bool = True

    def line(self) -> str:
        done = sorted(self.latencies)
        rate = len(done) / self.seconds if self.seconds else 0.0

        def pct(p: float) -> float:
            return done[min(len(done) - 1, int(p * len(done)))] * 1000 if done else float("nan")

        stored = (
            f"lost {self.lost}  duplicated {self.duplicated}  "
            f"stored-unacknowledged {self.unacknowledged_stored}"
            if self.checked
            else "(stores nothing)"
        )
        return (
            f"{self.label:<28} {len(done):>7} ok {rate:>8.0f}/s  p50 {pct(0.50):6.1f} ms  "
            f"p99 {pct(0.99):6.1f} ms  errors {self.errors}  {stored}"
        )


# -- database ---------------------------------------------------------------------


def prepare(url: str) -> dict:
    """Migrate, seed the demo and add the 15-indicator bench round; return its ids."""
    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db
    from app.models import Indicator, ParticipantGroup, Round, RoundIndicator
    from app.services.demo import seed_demo
    from app.services.geography import seed_geography
    from app.services.library import seed_library

    application = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with application.app_context():
        upgrade()
        seed_geography()
        seed_library()
        seed_demo()
        model = db.session.scalar(select(Round).where(Round.community_code == "DEMO01"))
        indicators = [
            Indicator(
                code=f"bench-{n:02d}",
                sector=model.template.sector,
                origin="community",
                text_mn=f"Туршилтын шалгуур {n}",
                text_en=f"Bench indicator {n}",
                in_library=False,
            )
            for n in range(1, INDICATORS + 1)
        ]
        bench = Round(
            facility=model.facility,
            template=model.template,
            scale=model.scale,
            organisation=model.organisation,
            round_number=9,
            title_mn="Туршилт",
            title_en="Benchmark",
            period_label="bench",
            period_start=model.period_start,
            period_end=model.period_end,
            state="community_scoring",
            community_code=BENCH_CODES[0],
            provider_code=BENCH_CODES[1],
            community_open=True,
            provider_open=True,
            shared_device=True,
            indicators=[
                RoundIndicator(indicator=ind, position=n)
                for n, ind in enumerate(indicators, start=1)
            ],
        )
        group = ParticipantGroup(round=bench, kind="parents", side="community", label="Bench")
        db.session.add_all([bench, group])
        db.session.commit()
        info = {
            "round_id": bench.id,
            "group_id": group.id,
            "ri_ids": [ri.id for ri in bench.indicators],
        }
        db.session.remove()
        db.engine.dispose()
    return info


def encoded_payloads(info: dict, count: int = 1000) -> list[tuple[str, bytes]]:
    """``count`` scorecards as (uuid, JSON body), made before the clock starts so the
    load generator spends its time sending; each send gets a fresh UUID spliced in."""
    import json

    result = []
    for _ in range(count):
        body = payload(info)
        rest = json.dumps({k: v for k, v in body.items() if k != "uuid"})
        result.append(rest[1:].encode())
    return result


def payload(info: dict) -> dict:
    body = {"uuid": str(uuid.uuid4()), "group": str(info["group_id"]), "gender": "female"}
    for ri_id in info["ri_ids"]:
        body[f"q{ri_id}"] = "na" if random.random() < 0.05 else str(random.randint(1, 5))
        body[f"r{ri_id}"] = ""
    body["comment"] = ""
    return body


def verify(url: str, round_id: int, acknowledged: dict[str, str], figures: Figures) -> None:
    """Every acknowledged UUID stored once, with its receipt and all its scores."""
    from app.models import Response, Score

    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            select(Response.uuid, Response.receipt, func.count(Score.id))
            .join(Score, Score.response_id == Response.id, isouter=True)
            .where(Response.round_id == round_id)
            .group_by(Response.id, Response.uuid, Response.receipt)
        ).all()
    engine.dispose()
    seen: dict[str, int] = {}
    stored: dict[str, tuple[str, int]] = {}
    for row_uuid, receipt, score_count in rows:
        seen[row_uuid] = seen.get(row_uuid, 0) + 1
        stored[row_uuid] = (receipt, score_count)
    figures.duplicated = sum(count - 1 for count in seen.values() if count > 1)
    for ack_uuid, receipt in acknowledged.items():
        found = stored.get(ack_uuid)
        if found is None or found[0] != receipt or found[1] != INDICATORS:
            figures.lost += 1
    figures.unacknowledged_stored = len(set(stored) - set(acknowledged))


# -- the HTTP run -------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(url: str, port: int, args, module: str, cwd: Path = ROOT) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": "bench-" + "k" * 40,
        "EGEKH_ENV": "development",
    }
    command = [
        sys.executable, "-m", "gunicorn",
        "--workers", str(args.workers), "--threads", str(args.threads),
        "--worker-class", args.worker_class,
        "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--keep-alive", "30",
        module,
    ]
    process = subprocess.Popen(command, cwd=cwd, env=env)
    deadline = time.time() + 60
    answered = 0
    while time.time() < deadline and answered < 4 * args.workers:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as reply:
                answered += reply.status == 200
        except OSError:
            time.sleep(0.2)
    if answered < 4 * args.workers:
        process.terminate()
        raise RuntimeError("gunicorn did not start")
    time.sleep(1)  # let every worker finish booting
    return process


async def _exchange(reader, writer, raw: bytes) -> tuple[int, dict[str, str], bytes]:
    writer.write(raw)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers: dict[str, str] = {}
    cookies = []
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            if name.lower() == "set-cookie":
                cookies.append(value.strip().split(";", 1)[0])
            headers[name.lower()] = value.strip()
    headers["set-cookie"] = "; ".join(cookies)
    body = await reader.readexactly(int(headers.get("content-length", "0")))
    return status, headers, body


def _request(method: str, path: str, port: int, cookie: str, extra: str = "", body=b""):
    return (
        f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {cookie}\r\n"
        f"Accept: application/json\r\nContent-Length: {len(body)}\r\n{extra}\r\n"
    ).encode() + body


async def _open(port: int) -> dict:
    """A phone opening the scorecard: a connection, the session cookie, the CSRF token."""
    connection = await asyncio.open_connection("127.0.0.1", port)
    _status, headers, body = await _exchange(
        *connection, _request("GET", f"/j/{BENCH_CODES[0]}", port, "")
    )
    token = re.search(rb'data-csrf="([^"]+)"', body).group(1).decode()
    return {"connection": connection, "cookie": headers["set-cookie"], "token": token}


async def _client(port, phone, bodies, deadline, figures, acknowledged, problems):
    import json

    code = BENCH_CODES[0]
    connection = phone["connection"]
    while time.perf_counter() < deadline:
        try:
            if connection is None:
                connection = await asyncio.open_connection("127.0.0.1", port)
            body_uuid = str(uuid.uuid4())
            raw = b'{"uuid": "' + body_uuid.encode() + b'", ' + random.choice(bodies)
            started = time.perf_counter()
            status, headers, answer = await _exchange(
                *connection,
                _request(
                    "POST", f"/j/{code}/submit.json", port, phone["cookie"],
                    f"Content-Type: application/json\r\nX-CSRFToken: {phone['token']}\r\n", raw,
                ),
            )
            elapsed = time.perf_counter() - started
            if status in (200, 201):
                figures.latencies.append(elapsed)
                acknowledged[body_uuid] = json.loads(answer)["receipt"]
            else:
                figures.errors += 1
                problems.append((status, answer[:200]))
            if headers.get("connection", "").lower() == "close":
                connection[1].close()
                connection = None
        except (OSError, asyncio.IncompleteReadError, ValueError) as error:
            figures.errors += 1
            problems.append(("exception", repr(error)[:200]))
            if connection is not None:
                connection[1].close()
            connection = None
            await asyncio.sleep(0.01)
    if connection is not None:
        connection[1].close()


def run_http(url: str, info: dict, args, floor: bool = False) -> Figures:
    """The real endpoint (``bench.wsgi_bench``), or with ``floor`` the same requests to
    an endpoint that does nothing (``bench.wsgi_floor``: the stack's own cost)."""
    port = free_port()
    module = "bench.wsgi_floor:app" if floor else "bench.wsgi_bench:app"
    process = start_gunicorn(url, port, args, module)
    label = "gunicorn + Flask, empty view" if floor else "HTTP (gunicorn + Flask)"
    figures = Figures(label, args.seconds)
    acknowledged: dict[str, str] = {}
    problems: list = []
    bodies = encoded_payloads(info)
    try:
        async def main() -> float:
            phones = await asyncio.gather(*(_open(port) for _ in range(args.clients)))
            started = time.perf_counter()
            deadline = started + args.seconds
            await asyncio.gather(
                *(
                    _client(port, phone, bodies, deadline, figures, acknowledged, problems)
                    for phone in phones
                )
            )
            return time.perf_counter() - started

        figures.seconds = asyncio.run(main())
    finally:
        process.terminate()
        process.wait(timeout=30)
    if problems:
        print("  first problems:", problems[:3])
    if floor:
        figures.checked = False
    else:
        verify(url, info["round_id"], acknowledged, figures)
    return figures


# -- the bare Core insert -------------------------------------------------------------


def run_core(url: str, info: dict, args) -> Figures:
    """The same rows, inserted with SQLAlchemy Core by as many threads, one commit each."""
    import app  # noqa: F401  (registers the SQLite pragmas: WAL, busy timeout)
    from app.models import Response, Score
    from scorecards.codes import receipt_for

    engine = create_engine(url, pool_size=args.clients, max_overflow=0)
    figures = Figures("bare SQLAlchemy Core insert", args.seconds)
    acknowledged: dict[str, str] = {}
    deadline = time.perf_counter() + args.seconds

    def worker():
        with engine.connect() as connection:
            while time.perf_counter() < deadline:
                body = payload(info)
                started = time.perf_counter()
                try:
                    with connection.begin():
                        response_id = connection.scalar(
                            insert(Response).values(
                                uuid=body["uuid"], receipt=receipt_for(body["uuid"]),
                                content_hash="0" * 64, round_id=info["round_id"],
                                side="community", channel="tablet", group_id=info["group_id"],
                                gender="female", comment="",
                            ).returning(Response.id)
                        )
                        connection.execute(
                            insert(Score),
                            [
                                {
                                    "response_id": response_id, "round_indicator_id": ri_id,
                                    "value": None if body[f"q{ri_id}"] == "na"
                                    else float(body[f"q{ri_id}"]),
                                    "missing_reason": "na" if body[f"q{ri_id}"] == "na" else None,
                                    "reason": "",
                                }
                                for ri_id in info["ri_ids"]
                            ],
                        )
                except Exception:  # noqa: BLE001 - counted, the run goes on
                    figures.errors += 1
                    continue
                figures.latencies.append(time.perf_counter() - started)
                acknowledged[body["uuid"]] = receipt_for(body["uuid"])

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    figures.seconds = time.perf_counter() - started
    engine.dispose()
    found = Figures("", 0)
    verify(url, info["round_id"], acknowledged, found)
    figures.lost, figures.duplicated = found.lost, found.duplicated
    return figures


# -- driver -------------------------------------------------------------------------------


def databases() -> list[tuple[str, str, object]]:
    """(name, url, cleanup) for SQLite and, when DATABASE_URL is PostgreSQL, PostgreSQL."""
    from app.config import normalise_database_url

    directory = tempfile.mkdtemp(prefix="egekh-bench-")
    result = [("SQLite", f"sqlite:///{directory}/bench.db", lambda: None)]
    given = os.environ.get("DATABASE_URL", "")
    if given.startswith(("postgres://", "postgresql")):
        import psycopg

        server = make_url(normalise_database_url(given))
        admin = server.set(drivername="postgresql", database="postgres").render_as_string(
            hide_password=False
        )

        def execute(sql: str) -> None:
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(sql)

        execute('DROP DATABASE IF EXISTS "egekh_bench_submit" WITH (FORCE)')
        execute('CREATE DATABASE "egekh_bench_submit"')
        url = server.set(database="egekh_bench_submit").render_as_string(hide_password=False)
        drop = 'DROP DATABASE IF EXISTS "egekh_bench_submit" WITH (FORCE)'
        result.append(("PostgreSQL", url, lambda: execute(drop)))
    return result


# -- one checkout against an earlier commit ----------------------------------------------


def base_worktree(commit: str) -> Path:
    """``commit`` checked out into a temporary worktree (this checkout is untouched)."""
    path = Path(tempfile.gettempdir()) / f"egekh-base-{commit[:12]}"
    if path.exists():
        subprocess.run(["git", "worktree", "remove", "--force", str(path)], cwd=ROOT, check=False)
    subprocess.run(
        ["git", "worktree", "add", "--detach", str(path), commit], cwd=ROOT, check=True,
        stdout=subprocess.DEVNULL,
    )
    return path


def prepare_in(checkout: Path, url: str) -> dict:
    """``prepare`` run by the code of ``checkout`` in its own process."""
    import json

    script = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); from bench.submit import prepare; "
        "print('BENCH-INFO ' + json.dumps(prepare(sys.argv[2])))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(checkout), url], cwd=checkout, check=True,
        capture_output=True, text=True,
        env={**os.environ, "SECRET_KEY": "bench-" + "k" * 40, "EGEKH_ENV": "development"},
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("BENCH-INFO "))
    return json.loads(line.removeprefix("BENCH-INFO "))


def load(port: int, info: dict, args, label: str) -> tuple[Figures, dict[str, str]]:
    """``--clients`` phones sending to the gunicorn on ``port`` for ``--seconds``."""
    figures = Figures(label, args.seconds)
    acknowledged: dict[str, str] = {}
    problems: list = []
    bodies = encoded_payloads(info)

    async def main() -> float:
        phones = await asyncio.gather(*(_open(port) for _ in range(args.clients)))
        started = time.perf_counter()
        deadline = started + args.seconds
        await asyncio.gather(
            *(
                _client(port, phone, bodies, deadline, figures, acknowledged, problems)
                for phone in phones
            )
        )
        return time.perf_counter() - started

    figures.seconds = asyncio.run(main())
    if problems:
        print("  first problems:", problems[:3])
    return figures, acknowledged


def worker_cpu_seconds(master_pid: int) -> float:
    """CPU seconds (user + system) used so far by a gunicorn master and its workers,
    read from ``/proc``: unlike the rate, hardly moved by other work on the machine."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # a process that ended meanwhile
        pid = int(text.split(" ", 1)[0])
        fields = text.rsplit(")", 1)[1].split()
        if pid == master_pid or int(fields[1]) == master_pid:
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def compare(args) -> None:
    """This checkout and ``args.compare`` under the same load, alternating."""
    base = base_worktree(args.compare)
    sides = [("this checkout", ROOT), (f"commit {args.compare[:9]}", base)]
    processes = []
    try:
        for name, _url, cleanup in databases():
            if args.only and args.only != name.lower():
                continue
            if name != "SQLite":
                print("--compare measures SQLite only; use --only sqlite")
                continue
            runs = []
            for label, checkout in sides:
                directory = tempfile.mkdtemp(prefix="egekh-bench-")
                url = f"sqlite:///{directory}/bench.db"
                info = prepare_in(checkout, url)
                port = free_port()
                process = start_gunicorn(url, port, args, "bench.wsgi_bench:app", cwd=checkout)
                processes.append(process)
                runs.append({"label": label, "url": url, "info": info, "port": port,
                             "pid": process.pid, "rates": [], "cpu": [],
                             "figures": Figures(label, 0), "ack": {}})
            print(f"\n{name}: {args.rounds} rounds of {args.seconds:.0f} s per side, alternating")
            for number in range(1, args.rounds + 1):
                order = runs if number % 2 else list(reversed(runs))
                for run in order:
                    cpu_before = worker_cpu_seconds(run["pid"])
                    figures, acknowledged = load(run["port"], run["info"], args, run["label"])
                    cpu_ms = (worker_cpu_seconds(run["pid"]) - cpu_before) * 1000
                    run["cpu"].append(cpu_ms / max(1, len(figures.latencies)))
                    run["rates"].append(len(figures.latencies) / figures.seconds)
                    run["figures"].latencies += figures.latencies
                    run["figures"].errors += figures.errors
                    run["figures"].seconds += figures.seconds
                    run["ack"].update(acknowledged)
                    print(f"  round {number}: " + figures.line().split("  lost")[0]
                          + f"  server CPU {run['cpu'][-1]:.2f} ms/submission")
            for process in processes:
                process.terminate()
                process.wait(timeout=30)
            processes.clear()
            for run in runs:
                verify(run["url"], run["info"]["round_id"], run["ack"], run["figures"])
                rates = sorted(run["rates"])
                median = rates[len(rates) // 2]
                cpu = sorted(run["cpu"])[len(run["cpu"]) // 2]
                print(
                    f"  {run['label']:<22} median {median:6.0f}/s, server CPU {cpu:.2f} ms per "
                    "submission  (rounds: "
                    + ", ".join(f"{r:.0f}" for r in run["rates"]) + ")  all: "
                    + run["figures"].line().split(" ok ", 1)[1]
                )
            cleanup()
    finally:
        for process in processes:
            process.terminate()
        subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=ROOT, check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2))
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--worker-class", default="gthread", choices=("gthread", "sync"))
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    parser.add_argument("--compare", metavar="COMMIT", help="also run an earlier commit")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if args.compare:
        print(
            f"{os.cpu_count()} CPU cores; {args.clients} clients; gunicorn {args.workers} "
            f"{args.worker_class} workers x {args.threads} threads; {INDICATORS} indicators"
        )
        compare(args)
        return
    print(
        f"{os.cpu_count()} CPU cores; {args.clients} clients for {args.seconds:.0f} s; "
        f"gunicorn {args.workers} {args.worker_class} workers x {args.threads} threads; "
        f"{INDICATORS} indicators per scorecard"
    )
    for name, url, cleanup in databases():
        if args.only and args.only != name.lower():
            continue
        try:
            info = prepare(url)
            with create_engine(url).connect() as connection:
                connection.execute(text("SELECT 1"))
            print(f"\n{name}")
            print("  " + run_http(url, info, args).line())
            print("  " + run_core(url, info, args).line())
            if name == "SQLite":
                print("  " + run_http(url, info, args, floor=True).line())
        finally:
            cleanup()


if __name__ == "__main__":
    main()
