"""A citizen's send in flight never holds up the end of an import or a correction.

Storing a citizen's answers inserts rows that refer to the round, and PostgreSQL's
foreign-key check holds a key-share lock on the round's row until the send commits
(``SELECT … FOR KEY SHARE``, as below). The end of an import and a correction lock
the same row so that a publication cannot cross them. Asked as ``FOR UPDATE``, that
lock waited for every send in flight, and sends that overlap can keep it waiting as
long as they go on: beside four short overlapping key-share lockers, ``FOR UPDATE``
waited 3.5 s here and ``FOR NO KEY UPDATE`` 1 ms. Each test holds a lock in a second
transaction and gives the first one 2 s before PostgreSQL refuses the wait.
SQLite has no row locks (one writer at a time), so these run on PostgreSQL only.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError

from app.extensions import db
from app.services import file_imports
from app.services.corrections import withdraw_response
from tests.app.citizen_helpers import paper_forms_csv

LOCK_WAIT = "2s"  # how long the transaction under test may wait for a row lock


@pytest.fixture(autouse=True)
def _postgresql_only(base_app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("row locks: PostgreSQL only (SQLite lets one writer in at a time)")


@contextmanager
def _held_elsewhere(statement: str, round_id: int) -> Iterator[None]:
    """Run ``statement`` in a second transaction and keep it open; every transaction
    begun meanwhile waits at most ``LOCK_WAIT`` for a row lock."""
    db.session.commit()
    connection = db.engine.connect()
    transaction = connection.begin()
    connection.execute(text(statement), {"id": round_id})

    def short_wait(session_connection) -> None:
        session_connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{LOCK_WAIT}'")

    event.listen(db.engine, "begin", short_wait)
    try:
        yield
    finally:
        event.remove(db.engine, "begin", short_wait)
        db.session.rollback()
        transaction.rollback()
        connection.close()


SEND_IN_FLIGHT = 'SELECT 1 FROM "round" WHERE id = :id FOR KEY SHARE'
PUBLICATION_IN_FLIGHT = 'UPDATE "round" SET published_at = published_at WHERE id = :id'


def test_a_correction_goes_through_while_a_citizen_send_is_in_flight(
    open_round, create_response, create_user
):
    response = create_response(open_round)
    coordinator = create_user("coordinator", ["MN-061"])
    with _held_elsewhere(SEND_IN_FLIGHT, open_round.id):
        withdraw_response(open_round, response, "Entered twice", coordinator.id)
        db.session.commit()
    db.session.refresh(response)
    assert response.withdrawn_at is not None


def test_a_correction_still_waits_for_a_publication_in_flight(
    open_round, create_response, create_user
):
    response = create_response(open_round)
    coordinator = create_user("coordinator", ["MN-061"])
    with _held_elsewhere(PUBLICATION_IN_FLIGHT, open_round.id):
        with pytest.raises(OperationalError, match="lock timeout"):
            withdraw_response(open_round, response, "Entered twice", coordinator.id)
    db.session.refresh(response)
    assert response.withdrawn_at is None


def test_an_import_ends_while_a_citizen_send_is_in_flight(open_round):
    data = paper_forms_csv(open_round, "L", 30)
    checked = file_imports.preview(open_round, "responses", "community", data, "f.csv")
    job = file_imports.command_line_job(
        open_round, "responses", "community", "f.csv", checked.rows_seen, len(checked.valid_rows)
    )
    with _held_elsewhere(SEND_IN_FLIGHT, open_round.id):
        stored = file_imports.import_rows(job, checked.valid_rows)
    db.session.refresh(job)
    assert (stored, job.state, job.imported) == (30, "done", 30)
