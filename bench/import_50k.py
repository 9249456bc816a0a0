"""How long checking and importing a 50,000-row paper-scorecard file takes.

Usage: python -m bench.import_50k [--rows 50000] [--database postgresql://…]
Builds a seeded demo database (SQLite in a temporary folder unless --database names an
empty PostgreSQL database), writes a CSV for the demo's open round and prints the time
of each step. Prints figures only; it asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--database", default="")
    args = parser.parse_args()

    from tests.conftest import make_app
    from tests.support.databases import PostgresDatabases, SqliteDatabases

    if args.database:
        factory = PostgresDatabases(args.database, worker="bench")
    else:
        factory = SqliteDatabases(Path(tempfile.mkdtemp()))
    factory.build_template()
    url = factory.fresh()
    app = make_app(url, IMPORT_IN_BACKGROUND=False)
    with app.app_context():
        from sqlalchemy import func, select

        from app.extensions import db
        from app.models import Response, Round, Score
        from app.services import answers
        from app.services.file_imports import preview
        from scorecards.vocab import Channel

        round_ = db.session.scalar(select(Round).where(Round.community_code == "DEMO01"))
        groups = [g.label for g in round_.groups if g.side == "community"]
        codes = [ri.indicator.code for ri in round_.indicators if ri.asked_of("community")]
        rng = random.Random(7)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["respondent_id", "group", "gender", "age_band", *codes])
        for n in range(args.rows):
            writer.writerow(
                [f"P{n}", rng.choice(groups), rng.choice("fm"), rng.randint(16, 80)]
                + [rng.choice(["1", "2", "3", "4", "5", "na"]) for _ in codes]
            )
        data = out.getvalue().encode("utf-8")
        print(
            f"database: {db.engine.dialect.name}; rows: {args.rows}; "
            f"indicators: {len(codes)}; file: {len(data) / 1e6:.1f} MB"
        )
        started = time.perf_counter()
        result = preview(round_, "responses", "community", data, "bench.csv")
        checked = time.perf_counter()
        print(
            f"read + check: {checked - started:.2f} s; valid rows: {len(result.valid_rows)}; "
            f"problems: {len(result.problems)}"
        )
        stored = answers.insert_responses(
            round_, "community", result.valid_rows, Channel.IMPORT, None
        )
        db.session.commit()
        done = time.perf_counter()
        scores = db.session.scalar(
            select(func.count(Score.id)).join(Response).where(Response.round_id == round_.id)
        )
        print(
            f"insert + commit (one transaction): {done - checked:.2f} s; "
            f"responses: {stored}; scores: {scores}"
        )
        db.session.remove()
    factory.drop(url)
    factory.close()


if __name__ == "__main__":
    main()
