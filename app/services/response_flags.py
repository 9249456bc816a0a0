"""Flagging unusual phone and tablet sends for the facilitator, never refusing them.

A hall of phones often shares one address (a school's or a soum centre's network), so
the per-address rate limit is set high (``CITIZEN_RATE_LIMIT``, 600 a minute) and
nothing is refused for looking unusual. Instead, each send is checked as it is stored
and gets at most one flag (``Response.flag``), the first that applies:

``burst_device``
    the same device (a random id in the signed ``egekh_device`` cookie) already sent
    to this round and side; on a round set up for one shared tablet, it sent less than
    ``SHARED_DEVICE_GAP`` ago (nobody fills a scorecard that fast).
``burst_address``
    more sends to this round and side came from the client's address in the last
    ``ADDRESS_WINDOW`` than the side's groups expect in all (at least
    ``ADDRESS_FLOOR``): a crowd the facilitator planned for is not flagged, a script
    sending with fresh cookies each time soon is.
``over_group_size``
    the group already has as many counted responses as its expected size (when one
    is recorded).

The facilitator filters the stored answers by "flagged" and withdraws what they judge
to be stuffing (``app.services.corrections.withdraw_response``). The device id and
the address are stored only as keyed hashes (``app.hashing``). Counts are read in the
send's own transaction: two sends racing may both see the count before the other,
which can only leave a flag off, never lose a response.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, select

from app.models import ParticipantGroup, Response

SHARED_DEVICE_GAP = timedelta(seconds=30)
ADDRESS_WINDOW = timedelta(minutes=10)
ADDRESS_FLOOR = 20
NEVER = datetime(2000, 1, 1)

_SIDE_RESPONSES = (Response.round_id == bindparam("round_id"), Response.side == bindparam("side"))

_FIGURES = select(
    select(ParticipantGroup.expected_size)
    .where(ParticipantGroup.id == bindparam("group_id"))
    .scalar_subquery(),
    select(func.coalesce(func.sum(ParticipantGroup.expected_size), 0))
    .where(
        ParticipantGroup.round_id == bindparam("round_id"),
        ParticipantGroup.side == bindparam("side"),
    )
    .scalar_subquery(),
    select(func.count(Response.id))
    .where(Response.group_id == bindparam("group_id"), Response.counted())
    .scalar_subquery(),
    select(func.count(Response.id))
    .where(
        *_SIDE_RESPONSES,
        Response.device_hash == bindparam("device_hash"),
        Response.submitted_at > bindparam("device_since"),
    )
    .scalar_subquery(),
    select(func.count(Response.id))
    .where(
        *_SIDE_RESPONSES,
        Response.address_hash == bindparam("address_hash"),
        Response.submitted_at > bindparam("address_since"),
    )
    .scalar_subquery(),
)


def flag_for(
    connection,
    *,
    round_id: int,
    side: str,
    group_id: int | None,
    shared_device: bool,
    device_hash: str | None,
    address_hash: str | None,
    now: datetime,
) -> str:
    """The flag for a send about to be stored ('' for none), from one read."""
    row = connection.execute(
        _FIGURES,
        {
            "round_id": round_id,
            "side": side,
            "group_id": group_id,
            "device_hash": device_hash,
            "device_since": now - SHARED_DEVICE_GAP if shared_device else NEVER,
            "address_hash": address_hash,
            "address_since": now - ADDRESS_WINDOW,
        },
    ).one()
    expected, expected_side, in_group, from_device, from_address = (int(v or 0) for v in row)
    if device_hash and from_device:
        return "burst_device"
    if address_hash and from_address >= max(expected_side, ADDRESS_FLOOR):
        return "burst_address"
    if expected and in_group >= expected:
        return "over_group_size"
    return ""
