"""Benchmark of the public reports on a large synthetic database.

    python bench/report.py                      # 1,000,000 responses on SQLite
    python bench/report.py --responses 100000   # smaller and faster
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/egekh_bench python bench/report.py

Builds a database of ``--responses`` published responses × 15 indicators spread over
every aimag, ``--facilities`` facilities and 4 periods with a bulk loader (executemany
on SQLite; on PostgreSQL binary COPY in one transaction, with the big tables' foreign
keys and secondary indexes re-created after the load; not the ORM), writing the raw
scores AND the report summary rows directly (as ``app.services.publication`` would
after publishing each round). Then, in a fresh process, it times the national
overview and one aimag report (the real pages through the Flask test client), cold
(empty cache) and cached, times one plain GROUP BY over the raw scores for comparison,
and prints the peak memory of that process after the pages, after the PDF and after
that GROUP BY.

The PostgreSQL database is wiped first, so its name must contain "bench".
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

INDICATORS = 15
PERIODS = (
    ("2023-H2", date(2023, 9, 1)),
    ("2024-H2", date(2024, 9, 1)),
    ("2025-H1", date(2025, 3, 1)),
    ("2025-H2", date(2025, 9, 1)),
)
GENDERS = np.array(["female", "male", "other", "undisclosed"])
AGES = np.array(["under_18", "18_34", "35_59", "60_plus", "undisclosed"])
DISABILITIES = np.array(["yes", "no", "undisclosed"])
SIDES = np.array(["community", "provider"])
BREAKDOWNS = ("all", "group_kind", "gender", "age_band", "disability")
AIMAG_FOR_REPORT = "MN-061"


def _app(url: str):
    from app import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True, "SERVER_NAME": "bench"})


# --------------------------------------------------------------------------- schema


def prepare_schema(url: str) -> None:
    """A fresh migrated database with the geography and library seeded."""
    from flask_migrate import upgrade

    from app.extensions import db
    from app.services.geography import seed_geography
    from app.services.library import seed_library

    if url.startswith("sqlite"):
        path = Path(url.split("sqlite:///", 1)[1])
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        import psycopg
        from sqlalchemy.engine import make_url

        parsed = make_url(url)
        if "bench" not in (parsed.database or ""):
            raise SystemExit("refusing to wipe a PostgreSQL database whose name lacks 'bench'")
        admin = parsed.set(drivername="postgresql", database="postgres")
        with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')
            c.execute(f'CREATE DATABASE "{parsed.database}"')
    application = _app(url)
    with application.app_context():
        upgrade()
        seed_geography()
        seed_library()
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


# --------------------------------------------------------------------------- loader

PG_EPOCH = pd.Timestamp("2000-01-01")
NUMERIC = {"int2": ">i2", "int4": ">i4", "int8": ">i8", "float4": ">f4", "float8": ">f8"}


def _field(kind: str, value) -> bytes:
    """One value in PostgreSQL's binary COPY format, with its length word."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return b"\xff\xff\xff\xff"
    if kind in NUMERIC:
        data = np.array(value).astype(NUMERIC[kind]).tobytes()
    elif kind == "bool":
        data = b"\x01" if value else b"\x00"
    elif kind == "timestamp":
        micros = (pd.Timestamp(value) - PG_EPOCH) // pd.Timedelta(microseconds=1)
        data = int(micros).to_bytes(8, "big", signed=True)
    elif kind == "date":
        days = (pd.Timestamp(value) - PG_EPOCH).days
        data = int(days).to_bytes(4, "big", signed=True)
    elif kind in ("varchar", "text", "bpchar"):
        data = str(value).encode()
    else:
        raise TypeError(kind)
    return len(data).to_bytes(4, "big", signed=True) + data


def binary_copy(frame: pd.DataFrame, kinds: dict[str, str]) -> tuple[list[str], bytes] | None:
    """``frame`` as one PostgreSQL binary COPY stream built with numpy, and the column
    order of that stream; ``None`` when the text format is needed instead (too many
    distinct combinations of values of varying length).

    A row is a fixed-layout part (the numbers without NULLs and the strings of one
    length, packed by a numpy record type) followed by the other columns, whose
    bytes depend only on the combination of their values."""
    n = len(frame)
    layout: list[tuple[str, str]] = [("_n", ">i2")]
    values: dict[str, object] = {"_n": len(frame.columns)}
    fixed, varying, tail_codes, tail_parts = [], [], [], []
    for i, name in enumerate(frame.columns):
        kind, column = kinds[name], frame[name]
        if kind in NUMERIC and not column.isna().any():
            data = column.to_numpy()
            if kind.startswith("int") and len(data) and max(-data.min(), data.max()) >= 2**31:
                return None
            layout += [(f"l{i}", ">i4"), (f"v{i}", NUMERIC[kind])]
            values[f"l{i}"] = np.dtype(NUMERIC[kind]).itemsize
            values[f"v{i}"] = data
            fixed.append(name)
            continue
        codes, uniques = pd.factorize(column, use_na_sentinel=True)
        fields = [_field(kind, u) for u in uniques]
        if (codes >= 0).all() and len({len(f) for f in fields}) == 1:
            layout.append((f"v{i}", f"S{len(fields[0])}"))
            values[f"v{i}"] = np.array(fields, dtype=f"S{len(fields[0])}")[codes]
            fixed.append(name)
        else:
            tail_codes.append(codes + 1)  # 0: NULL
            tail_parts.append([b"\xff\xff\xff\xff", *fields])
            varying.append(name)
    which, tails = np.zeros(n, np.int64), [b""]
    if varying:
        if np.prod([float(len(parts)) for parts in tail_parts]) >= 2**62:
            return None
        combined = np.zeros(n, np.int64)
        for codes, parts in zip(tail_codes, tail_parts, strict=True):
            combined = combined * len(parts) + codes
        combos, which = np.unique(combined, return_inverse=True)
        if len(combos) > 10_000:
            return None
        tails = []
        for combo in combos.tolist():
            pieces = []
            for parts in reversed(tail_parts):
                combo, code = divmod(combo, len(parts))
                pieces.append(parts[code])
            tails.append(b"".join(reversed(pieces)))
    prefix = np.empty(n, np.dtype(layout))
    for key, value in values.items():
        prefix[key] = value
    rows = prefix.view(f"V{prefix.itemsize}").tolist()  # bytes, trailing zeros kept
    if varying:
        parts = [b""] * (2 * n)
        parts[0::2] = rows
        parts[1::2] = np.array(tails, dtype=object)[which.ravel()].tolist()
        rows = parts
    return fixed + varying, b"".join([b"PGCOPY\n\xff\r\n\x00" + bytes(8), *rows, b"\xff\xff"])


class Loader:
    """Writes rows with the fastest plain interface of each database.

    The big tables (``BULK``) are filled between ``start_bulk`` and ``finish_bulk``.
    On PostgreSQL that is one transaction: the tables are truncated in it so that
    COPY can write the rows already frozen, and their foreign keys, unique
    constraints and secondary indexes are dropped first and re-created (checked)
    at the end, as they were, from their own definitions. Otherwise every row
    would fire one foreign-key check per referenced table and update every index.
    """

    BULK = ("response", "score", "result_summary", "result_distribution", "result_participation")

    def __init__(self, url: str) -> None:
        self.url = url
        self.postgres = not url.startswith("sqlite")
        self.deferred: list[str] = []
        self.in_bulk = False
        self.kinds: dict[str, dict[str, str]] = {}
        if self.postgres:
            import psycopg
            from sqlalchemy.engine import make_url

            dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
            self.connection = psycopg.connect(dsn)
            # one core for this process, one for the server: no parallel workers
            for setting in (
                "synchronous_commit = off",
                "maintenance_work_mem = '512MB'",
                "max_parallel_maintenance_workers = 0",
                "max_parallel_workers_per_gather = 0",
            ):
                self.connection.execute(f"SET {setting}")
        else:
            import sqlite3

            self.connection = sqlite3.connect(url.split("sqlite:///", 1)[1])
            self.connection.execute("PRAGMA synchronous=OFF")
            self.connection.execute("PRAGMA foreign_keys=OFF")

    def query(self, sql: str) -> list[tuple]:
        cursor = self.connection.cursor()
        cursor.execute(sql)
        return cursor.fetchall()

    def start_bulk(self) -> None:
        if not self.postgres:
            return
        self.commit()
        tables = ", ".join(f"'{t}'::regclass" for t in self.BULK)
        indexes = self.query(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            f"WHERE i.indrelid IN ({tables}) AND NOT i.indisprimary AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1"
        )
        constraints = self.query(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype "
            f"FROM pg_constraint WHERE conrelid IN ({tables}) AND contype IN ('u', 'f') "
            "ORDER BY contype DESC, 1, 2"
        )
        for table, name, _, _ in constraints:
            self.connection.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
        for name, _ in indexes:
            self.connection.execute(f"DROP INDEX {name}")
        self.deferred = [sql for _, sql in indexes] + [
            f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}"
            for table, name, definition, _ in constraints
        ]
        self.connection.execute(
            "TRUNCATE " + ", ".join(f'"{t}"' for t in self.BULK) + " RESTART IDENTITY"
        )
        self.in_bulk = True

    def finish_bulk(self) -> None:
        if self.postgres:
            for sql in self.deferred:
                self.connection.execute(sql)
            for table in self.BULK:
                self.connection.execute(f'ANALYZE "{table}"')
            self.deferred = []
            self.in_bulk = False
        self.commit()

    def write(self, table: str, frame: pd.DataFrame) -> None:
        if frame.empty:
            return
        columns = list(frame.columns)
        names = ", ".join(f'"{c}"' for c in columns)
        if self.postgres:
            if table not in self.kinds:
                self.kinds[table] = dict(
                    self.query(
                        "SELECT a.attname, t.typname FROM pg_attribute a JOIN pg_type t "
                        f"ON t.oid = a.atttypid WHERE a.attrelid = '{table}'::regclass "
                        "AND a.attnum > 0 AND NOT a.attisdropped"
                    )
                )
            binary = binary_copy(frame, self.kinds[table])
            if binary is not None:
                columns, data = binary
                options = ["FORMAT binary"]
            else:
                data = frame.to_csv(sep="\t", header=False, index=False, na_rep="\\N")
                options = ["FORMAT text"]
            names = ", ".join(f'"{c}"' for c in columns)
            if self.in_bulk and table in self.BULK:
                options.append("FREEZE")
            with self.connection.cursor() as cursor:
                sql = f'COPY "{table}" ({names}) FROM STDIN ({", ".join(options)})'
                with cursor.copy(sql) as copy:
                    copy.write(data)
        else:
            marks = ", ".join("?" for _ in columns)
            values = frame.astype(object).where(frame.notna(), None).itertuples(index=False)
            self.connection.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', values)

    def commit(self) -> None:
        """Commit, except inside a PostgreSQL bulk load (one transaction)."""
        if not (self.postgres and self.in_bulk):
            self.connection.commit()

    def analyse(self) -> None:
        if self.postgres:
            self.connection.commit()
            self.connection.autocommit = True
            self.connection.execute("VACUUM ANALYZE")
        else:
            self.connection.execute("ANALYZE")
            self.connection.commit()


def build(url: str, responses: int, facilities: int, seed: int = 7) -> dict[str, int]:
    """Fill the database; returns row counts."""
    rng = np.random.default_rng(seed)
    loader = Loader(url)
    now = "2026-01-01 00:00:00.000000"  # as SQLAlchemy stores DateTime on SQLite
    soums = loader.query(
        "SELECT s.id, a.id FROM area s JOIN area a ON a.id = s.parent_id "
        "WHERE s.level IN ('soum', 'district') ORDER BY s.id"
    )
    types = loader.query("SELECT id, sector_id FROM facility_type ORDER BY id")
    templates = dict(loader.query("SELECT sector_id, id FROM template ORDER BY id DESC"))
    scale_id, scale_code = loader.query("SELECT id, code FROM scale WHERE code = 'faces5'")[0]

    loader.write(
        "organisation",
        pd.DataFrame([{"name_mn": "Бенч", "name_en": "Bench", "kind": "ngo", "is_demo": False}]),
    )
    org_id = loader.query("SELECT id FROM organisation")[0][0]

    sectors = sorted({sector for _, sector in types})
    indicator_rows = [
        {
            "code": f"bench-{sector}-{i + 1}",
            "sector_id": sector,
            "origin": "standard",
            "text_mn": f"Шалгуур {i + 1}",
            "text_en": f"Indicator {i + 1}",
            "hint_mn": "",
            "hint_en": "",
            "in_library": False,
        }
        for sector in sectors
        for i in range(INDICATORS)
    ]
    loader.write("indicator", pd.DataFrame(indicator_rows))
    indicator_ids = {
        sector: [
            row[0]
            for row in loader.query(
                f"SELECT id FROM indicator WHERE code LIKE 'bench-{sector}-%' ORDER BY id"
            )
        ]
        for sector in sectors
    }

    # facilities spread over every soum and district
    soum_index = rng.integers(0, len(soums), facilities)
    type_index = rng.integers(0, len(types), facilities)
    facility_frame = pd.DataFrame(
        {
            "name_mn": [f"Байгууллага {i}" for i in range(facilities)],
            "name_en": [f"Facility {i}" for i in range(facilities)],
            "facility_type_id": [types[t][0] for t in type_index],
            "area_id": [soums[s][0] for s in soum_index],
            "is_demo": False,
            "created_at": now,
        }
    )
    loader.write("facility", facility_frame)
    facility_ids = np.array([r[0] for r in loader.query("SELECT id FROM facility ORDER BY id")])
    facility_aimag = np.array([soums[s][1] for s in soum_index])
    facility_area = np.array([soums[s][0] for s in soum_index])
    facility_type = np.array([types[t][0] for t in type_index])
    facility_sector = np.array([types[t][1] for t in type_index])

    # rounds: every facility in every period, all published
    rounds = []
    for p, (label, start) in enumerate(PERIODS):
        for f in range(facilities):
            rounds.append((f, p, label, start))
    round_count = len(rounds)
    round_frame = pd.DataFrame(
        {
            "facility_id": [facility_ids[f] for f, *_ in rounds],
            "template_id": [templates[facility_sector[f]] for f, *_ in rounds],
            "scale_id": scale_id,
            "organisation_id": org_id,
            "round_number": [p + 1 for _, p, *_ in rounds],
            "title_mn": "",
            "title_en": "",
            "period_label": [label for *_, label, _ in rounds],
            "period_start": [start.isoformat() for *_, start in rounds],
            "period_end": [start.isoformat() for *_, start in rounds],
            "state": "published",
            "community_code": [f"C{i:09d}" for i in range(round_count)],
            "provider_code": [f"P{i:09d}" for i in range(round_count)],
            "community_open": False,
            "provider_open": False,
            "shared_device": False,
            "published_at": now,
            "is_demo": False,
            "created_at": now,
        }
    )
    loader.write("round", round_frame)
    round_ids = np.array([r[0] for r in loader.query("SELECT id FROM round ORDER BY id")])
    round_facility = np.array([f for f, *_ in rounds])
    round_period = np.array([p for _, p, *_ in rounds])

    ri_frame = pd.DataFrame(
        {
            "round_id": np.repeat(round_ids, INDICATORS),
            "indicator_id": np.concatenate(
                [indicator_ids[facility_sector[f]] for f in round_facility]
            ),
            "position": np.tile(np.arange(1, INDICATORS + 1), round_count),
        }
    )
    loader.write("round_indicator", ri_frame)
    loader.commit()
    ri_ids = np.array(
        [r[0] for r in loader.query("SELECT id FROM round_indicator ORDER BY round_id, position")]
    ).reshape(round_count, INDICATORS)
    ri_indicator = ri_frame["indicator_id"].to_numpy().reshape(round_count, INDICATORS)

    # responses per round: as even as possible
    per_round = np.full(round_count, responses // round_count)
    per_round[: responses % round_count] += 1
    quality = rng.uniform(1.8, 4.2, facilities)
    indicator_effect = rng.normal(0, 0.5, INDICATORS)
    counts = {"summary": 0, "distribution": 0, "scores": 0}
    loader.start_bulk()
    next_response = 1
    chunk = 500
    for start in range(0, round_count, chunk):
        stop = min(start + chunk, round_count)
        chunk_rounds = np.arange(start, stop)
        sizes = per_round[start:stop]
        n = int(sizes.sum())
        which = np.repeat(chunk_rounds, sizes)
        response_ids = np.arange(next_response, next_response + n)
        next_response += n
        side = np.where(rng.random(n) < 0.9, "community", "provider")
        gender = GENDERS[rng.choice(4, n, p=[0.52, 0.44, 0.01, 0.03])]
        age = AGES[rng.choice(5, n, p=[0.1, 0.35, 0.35, 0.15, 0.05])]
        disability = DISABILITIES[rng.choice(3, n, p=[0.06, 0.84, 0.1])]
        loader.write(
            "response",
            pd.DataFrame(
                {
                    "id": response_ids,
                    "uuid": [f"bench-{i:030d}" for i in response_ids],
                    "receipt": "BENCH",
                    "content_hash": "bench",
                    "round_id": round_ids[which],
                    "side": side,
                    "channel": "phone",
                    "gender": gender,
                    "age_band": age,
                    "disability": disability,
                    "comment": "",
                    "comment_approved": False,
                    "submitted_at": now,
                }
            ),
        )
        # one score per response and indicator
        latent = quality[round_facility[which]] + 0.25 * round_period[which]
        raw = latent[:, None] + indicator_effect[None, :] + rng.normal(0, 1.0, (n, INDICATORS))
        values = np.clip(np.rint(raw), 1, 5)
        missing = rng.random((n, INDICATORS)) < 0.05
        values[missing] = np.nan
        flat_values = values.ravel()
        scores = pd.DataFrame(
            {
                "response_id": np.repeat(response_ids, INDICATORS),
                "round_indicator_id": ri_ids[which].ravel(),
                "value": flat_values,
                "missing_reason": np.where(np.isnan(flat_values), "na", None),
                "reason": "",
                "reason_approved": False,
            }
        )
        loader.write("score", scores)
        counts["scores"] += len(scores)

        # the summary rows a rollup would write, computed from the same values
        cells = pd.DataFrame(
            {
                "r": np.repeat(which, INDICATORS),
                "position": np.tile(np.arange(INDICATORS), n),
                "side": np.repeat(side, INDICATORS),
                "gender": np.repeat(gender, INDICATORS),
                "age_band": np.repeat(age, INDICATORS),
                "disability": np.repeat(disability, INDICATORS),
                "group_kind": "none",
                "value": flat_values,
            }
        )
        present = cells["value"].notna()
        cells["n"] = present.astype("int64")
        cells["n_missing"] = (~present).astype("int64")
        cells["total"] = cells["value"].fillna(0.0)
        cells["total_squares"] = cells["total"] ** 2
        summaries, distributions = [], []
        for breakdown in BREAKDOWNS:
            keys = ["r", "position", "side"] + ([] if breakdown == "all" else [breakdown])
            part = (
                cells.groupby(keys, sort=False)[["n", "n_missing", "total", "total_squares"]]
                .sum()
                .reset_index()
            )
            dist = (
                cells[present]
                .groupby([*keys, "value"], sort=False)
                .size()
                .rename("count")
                .reset_index()
            )
            for frame, target in ((part, summaries), (dist, distributions)):
                frame["breakdown"] = breakdown
                frame["category"] = "all" if breakdown == "all" else frame.pop(breakdown)
                target.append(frame)
        for frame, table in (
            (pd.concat(summaries, ignore_index=True), "result_summary"),
            (pd.concat(distributions, ignore_index=True), "result_distribution"),
        ):
            r = frame.pop("r").to_numpy()
            position = frame.pop("position").to_numpy()
            f = round_facility[r]
            frame["round_id"] = round_ids[r]
            frame["aimag_id"] = facility_aimag[f]
            frame["area_id"] = facility_area[f]
            frame["facility_id"] = facility_ids[f]
            frame["facility_type_id"] = facility_type[f]
            frame["sector_id"] = facility_sector[f]
            frame["period_label"] = [PERIODS[p][0] for p in round_period[r]]
            frame["round_number"] = round_period[r] + 1
            frame["round_indicator_id"] = ri_ids[r, position]
            frame["indicator_id"] = ri_indicator[r, position]
            frame["scale_code"] = scale_code
            frame["source"] = "individual"
            if "value" in frame:
                frame["point"] = frame.pop("value").astype("int64")
            loader.write(table, frame)
            counts["summary" if table == "result_summary" else "distribution"] += len(frame)
        people = (
            pd.DataFrame({"r": which, "side": side, "gender": gender})
            .groupby(["r", "side", "gender"])
            .size()
            .rename("people")
            .reset_index()
        )
        r = people.pop("r").to_numpy()
        people["round_id"] = round_ids[r]
        people["aimag_id"] = facility_aimag[round_facility[r]]
        people["facility_id"] = facility_ids[round_facility[r]]
        people["sector_id"] = facility_sector[round_facility[r]]
        loader.write("result_participation", people)
        loader.commit()
        print(f"  loaded rounds {stop:>6}/{round_count}", end="\r", flush=True)
    print()
    loader.finish_bulk()
    aimags = [
        row[0] for row in loader.query("SELECT code FROM area WHERE level IN ('aimag', 'capital')")
    ]
    loader.write(
        "report_version",
        pd.DataFrame({"scope": ["national", *aimags], "version": 1, "updated_at": now}),
    )
    loader.commit()
    started = time.perf_counter()
    refresh_areas(url)
    counts["area refresh s"] = round(time.perf_counter() - started)
    loader.analyse()
    return {
        "facilities": facilities,
        "rounds": round_count,
        "responses": responses,
        **counts,
    }


def refresh_areas(url: str) -> None:
    """Sum the round-level rows per aimag with the app's own code (as a rollup does).

    On PostgreSQL the transaction gets a larger work_mem, so that the per-aimag
    GROUP BY over millions of round-level rows is not sorted on disk."""
    from sqlalchemy import select, text

    from app.extensions import db
    from app.models import Area
    from app.services.publication import refresh_area

    application = _app(url)
    with application.app_context():
        if url.startswith("postgresql"):
            db.session.execute(text("SET LOCAL work_mem = '256MB'"))
        for aimag_id in db.session.scalars(
            select(Area.id).where(Area.level.in_(["aimag", "capital"]))
        ):
            refresh_area(aimag_id)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


# --------------------------------------------------------------------------- measure


def peak_memory_mb() -> float:
    """This process's peak resident memory: VmHWM on Linux (reset at exec, unlike
    ru_maxrss, which a child started from a big parent inherits), else ru_maxrss."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def measure(url: str) -> None:
    """Time the pages in this (fresh) process and print the figures."""
    from sqlalchemy import text

    from app.extensions import db
    from app.services.reports import cache as report_cache

    application = _app(url)
    client = application.test_client()
    results = {}
    with application.app_context():

        def get(path: str) -> None:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        facility_id = db.session.execute(
            text(
                "SELECT facility_id FROM round WHERE state = 'published' "
                "GROUP BY facility_id ORDER BY facility_id"
            )
        ).scalars().all()[-1]
        pages = (
            ("national overview", "/reports/"),
            (f"aimag report {AIMAG_FOR_REPORT}", f"/reports/{AIMAG_FOR_REPORT}"),
            (f"facility page {facility_id}", f"/facilities/{facility_id}"),
        )
        # "cold" means an empty report cache in a running server: imports and
        # template compilation are done once here, then the cache is emptied.
        for _name, path in pages:
            get(path)
        for name, path in pages:
            report_cache.clear()
            cold = _timed(lambda p=path: get(p))
            cached = min(_timed(lambda p=path: get(p)) for _ in range(5))
            results[name] = (cold, cached)
        pages_peak_mb = peak_memory_mb()
        report_cache.clear()
        pdf = _timed(lambda: get(f"/reports/{AIMAG_FOR_REPORT}.pdf"))
        pdf_peak_mb = peak_memory_mb()
        group_by = _timed(
            lambda: db.session.execute(
                text(
                    "SELECT round_indicator_id, COUNT(value), AVG(value) "
                    "FROM score GROUP BY round_indicator_id"
                )
            ).all()
        )
    peak_mb = peak_memory_mb()
    for name, (cold, cached) in results.items():
        print(f"  {name:<28} cold {cold * 1000:8.0f} ms   cached {cached * 1000:6.1f} ms")
    print(f"  {'aimag PDF (cold)':<28}      {pdf * 1000:8.0f} ms")
    print(f"  {'plain GROUP BY raw scores':<28}      {group_by * 1000:8.0f} ms")
    print(
        f"  peak memory of the measuring process (imports included): {pages_peak_mb:.0f} MB"
        f" after the pages, {pdf_peak_mb:.0f} MB after the PDF, {peak_mb:.0f} MB after the"
        " raw GROUP BY (its 300,000 result rows fetched into Python)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--facilities", type=int, default=5_000)
    parser.add_argument("--sqlite", default="/tmp/egekh-bench.db", help="SQLite file to build")
    parser.add_argument("--skip-build", action="store_true", help="measure existing databases")
    parser.add_argument("--only", choices=("sqlite", "postgresql"), help="one database only")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure)
        return
    targets = [f"sqlite:///{args.sqlite}"]
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        from app.config import normalise_database_url

        targets.append(normalise_database_url(os.environ["DATABASE_URL"]))
    if args.only:
        targets = [u for u in targets if u.startswith(args.only)]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    for url in targets:
        kind = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
        print(f"{kind}: {args.responses:,} responses × {INDICATORS} indicators")
        if not args.skip_build:
            started = time.perf_counter()
            prepare_schema(url)
            counts = build(url, args.responses, args.facilities)
            print(
                f"  built in {time.perf_counter() - started:.0f} s: "
                + ", ".join(f"{v:,} {k}" for k, v in counts.items())
            )
        subprocess.run([sys.executable, __file__, "--measure", url], check=True)


if __name__ == "__main__":
    main()
