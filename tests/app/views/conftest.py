"""Factory-made people and rounds for the cycle tests, on a database without the demo.

``east`` and ``west`` are two organisations' staff (``tests.support.factories``
``create_staff``) in Dornod (MN-061) and Khovd (MN-043); ``make_round`` makes a round
of east's facilitator in a given phase, collecting when the phase is a scoring phase.
"""

from __future__ import annotations

import pytest

from scorecards.lifecycle import Phase


@pytest.fixture
def east(create_staff):
    """Staff of one organisation in Dornod: facilitator, coordinator, provider, admin,
    official."""
    return create_staff(("MN-061",))


@pytest.fixture
def west(create_staff):
    """Staff of another organisation in Khovd."""
    return create_staff(("MN-043",))


@pytest.fixture
def make_round(east, create_round, create_response, move_to):
    """``make_round(phase=Phase.COMMUNITY_SCORING, answered=0, **kwargs)``: a round of
    east's facilitator in a Dornod school, with ``answered`` citizens' answers (all 4)
    sent while it collected; ``create_round``'s other arguments pass through."""

    def make(phase: Phase = Phase.COMMUNITY_SCORING, answered: int = 0, **kwargs):
        if not answered:
            return create_round(east["facilitator"], phase=phase, **kwargs)
        round_ = create_round(east["facilitator"], phase=Phase.COMMUNITY_SCORING, **kwargs)
        for _ in range(answered):
            create_response(round_)
        return move_to(round_, phase)

    return make


@pytest.fixture
def stocked_round(make_round, create_input_item, move_to):
    """``stocked_round(phase=Phase.COMMUNITY_SCORING)``: a round of east with two lines on
    its input sheet (desks 24 of 30, textbooks 80 of 120), then put in ``phase``."""

    def make(phase: Phase = Phase.COMMUNITY_SCORING):
        round_ = make_round(answered=1 if phase is Phase.PUBLISHED else 0)
        create_input_item(round_, "Ширээ", 30, 24, "ш")
        create_input_item(round_, "Сурах бичиг", 120, 80, "ш")
        return move_to(round_, phase)

    return make


@pytest.fixture
def move_to(base_app):
    """``move_to(round_, phase)``: put a round in ``phase`` (collecting only in the scoring
    phases); a round is published by the publication service, so its public figures are
    written as when a coordinator publishes it."""
    from app.extensions import db
    from app.services.rounds import publish

    def move(round_, phase: Phase):
        if phase is Phase.PUBLISHED:
            round_.state = Phase.REVIEW
            publish(round_)
        else:
            round_.state = phase
        collecting = phase in (Phase.COMMUNITY_SCORING, Phase.SELF_ASSESSMENT)
        round_.community_open = round_.provider_open = collecting
        db.session.commit()
        return round_

    return move


@pytest.fixture
def staff_client(base_app, sign_in):
    """``staff_client(user)``: a fresh test client signed in as ``user``."""

    def make(user):
        client = base_app.test_client()
        sign_in(client, user)
        return client

    return make
