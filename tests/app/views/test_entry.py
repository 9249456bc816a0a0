"""Group tallies with consensus, paper forms typed in, and the provider side (factory-made
organisations and rounds, on a database without the demo)."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import ConsensusScore, Response, Score, Tally
from scorecards.lifecycle import Phase


def _community_group(round_):
    return next(g for g in round_.groups if g.side == "community")


def test_group_tallies_and_consensus_are_stored_as_what_they_are(east, make_round, staff_client):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    group = _community_group(round_)
    first, second = round_.indicators[0], round_.indicators[1]
    data = {
        "group": group.id,
        f"t-{first.id}-1": "2",
        f"t-{first.id}-4": "3",
        f"t-{first.id}-na": "1",
        f"c-{first.id}-value": "2",
        f"c-{first.id}-reason": "Эмч байхгүй",
        f"c-{second.id}-value": "na",
    }
    response = client.post(f"/rounds/{round_.id}/tallies", data=data)
    assert response.status_code == 302
    tallies = {
        (t.point, t.count)
        for t in db.session.scalars(
            select(Tally).where(Tally.group_id == group.id, Tally.round_indicator_id == first.id)
        )
    }
    assert tallies == {("1", 2), ("4", 3), ("na", 1)}
    consensus = {
        c.round_indicator_id: (c.value, c.missing_reason, c.reason)
        for c in db.session.scalars(
            select(ConsensusScore).where(ConsensusScore.group_id == group.id)
        )
    }
    assert consensus == {first.id: (2.0, None, "Эмч байхгүй"), second.id: (None, "na", "")}
    page = client.get(f"/rounds/{round_.id}/tallies?group={group.id}").get_data(as_text=True)
    assert f'name="t-{first.id}-4" value="3"' in page


def test_bad_tally_cell_is_marked_and_nothing_is_stored(east, make_round, staff_client):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    group = _community_group(round_)
    ri = round_.indicators[0]
    data = {"group": group.id, f"t-{ri.id}-1": "2", f"t-{ri.id}-2": "abc", f"c-{ri.id}-value": "9"}
    response = client.post(f"/rounds/{round_.id}/tallies", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    # The bad count and the consensus off its scale are both marked.
    assert page.count('aria-invalid="true"') == 2 and page.count('class="error"') >= 2
    assert db.session.scalar(select(Tally).where(Tally.group_id == group.id)) is None


def test_tally_above_the_group_size_is_refused(east, make_round, staff_client):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    group = _community_group(round_)
    ri = round_.indicators[0]
    size = group.participants or group.expected_size
    response = client.post(
        f"/rounds/{round_.id}/tallies", data={"group": group.id, f"t-{ri.id}-3": str(size + 1)}
    )
    assert response.status_code == 400
    assert db.session.scalar(select(Tally).where(Tally.group_id == group.id)) is None


def test_paper_forms_are_stored_one_response_per_row(east, make_round, staff_client):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    group = _community_group(round_)
    codes = [ri.indicator.code for ri in round_.indicators]
    data = {"rows": 3}
    for i, ref in enumerate(["P-1", "P-2"]):
        data.update(
            {
                f"r-{i}-respondent_id": ref,
                f"r-{i}-group": group.id,
                f"r-{i}-gender": "female",
                f"r-{i}-age_band": "35_59",
            }
        )
        data[f"r-{i}-{codes[0]}"] = str(i + 3)
        data[f"r-{i}-{codes[1]}"] = "na"
    data.update({"r-2-group": group.id, "r-2-gender": "undisclosed"})  # an untouched row
    response = client.post(f"/rounds/{round_.id}/paper", data=data)
    assert response.status_code == 302
    stored = db.session.scalars(
        select(Response).where(Response.round_id == round_.id, Response.channel == "paper")
    ).all()
    assert sorted(r.respondent_ref for r in stored) == ["P-1", "P-2"]
    assert {r.gender for r in stored} == {"female"}
    scores = db.session.scalars(
        select(Score).where(Score.response_id.in_([r.id for r in stored]))
    ).all()
    assert sorted((s.value, s.missing_reason) for s in scores if s.value) == [
        (3.0, None),
        (4.0, None),
    ]
    assert sum(1 for s in scores if s.missing_reason == "na") == 2
    # The same form number typed again is caught as a duplicate.
    again = client.post(
        f"/rounds/{round_.id}/paper",
        data={
            "rows": 1,
            "r-0-respondent_id": "P-1",
            "r-0-group": group.id,
            f"r-0-{codes[0]}": "5",
        },
    )
    assert again.status_code == 400
    assert (
        len(
            db.session.scalars(
                select(Response).where(Response.round_id == round_.id, Response.channel == "paper")
            ).all()
        )
        == 2
    )


def test_paper_row_out_of_scale_stores_nothing(east, make_round, staff_client):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    group = _community_group(round_)
    code = round_.indicators[0].indicator.code
    response = client.post(
        f"/rounds/{round_.id}/paper",
        data={
            "rows": 2,
            "r-0-respondent_id": "A1",
            "r-0-group": group.id,
            f"r-0-{code}": "4",
            "r-1-respondent_id": "A2",
            "r-1-group": group.id,
            f"r-1-{code}": "7",
        },
    )
    assert response.status_code == 400
    assert f'name="r-1-{code}" value="7"' in response.get_data(as_text=True)
    assert db.session.scalar(select(Response).where(Response.respondent_ref == "A1")) is None


def test_scores_cannot_be_entered_in_a_published_round(east, make_round, staff_client):
    client = staff_client(east["facilitator"])
    round_ = make_round(Phase.PUBLISHED, answered=1)
    group = _community_group(round_)
    ri = round_.indicators[0]
    before = db.session.scalar(select(db.func.count(Tally.id)).where(Tally.group_id == group.id))
    client.post(f"/rounds/{round_.id}/tallies", data={"group": group.id, f"t-{ri.id}-1": "1"})
    db.session.expire_all()
    assert (
        db.session.scalar(select(db.func.count(Tally.id)).where(Tally.group_id == group.id))
        == before
    )


def test_provider_status_and_entry_views_are_scoped(east, west, make_round, staff_client):
    round_ = make_round()
    client = staff_client(east["facilitator"])
    page = client.get(f"/rounds/{round_.id}/provider").get_data(as_text=True)
    assert round_.provider_code in page
    assert client.get(f"/rounds/{round_.id}/tallies?side=provider").status_code == 200
    client = staff_client(west["facilitator"])
    for path in ("provider", "tallies", "paper"):
        assert client.get(f"/rounds/{round_.id}/{path}").status_code == 404
    assert client.post(f"/rounds/{round_.id}/paper", data={"rows": 1}).status_code == 404


def test_scoring_outside_the_scoring_phases_is_refused_with_the_reason(
    east, make_round, staff_client
):
    client = staff_client(east["facilitator"])
    round_ = make_round(Phase.INTERFACE_MEETING, answered=1)
    group = _community_group(round_)
    ri = round_.indicators[0]
    before = db.session.scalar(select(db.func.count(Tally.id)).where(Tally.round_id == round_.id))
    response = client.post(
        f"/rounds/{round_.id}/tallies",
        data={"group": group.id, f"t-{ri.id}-1": "1"},
        follow_redirects=True,
    )
    assert "Оноог зөвхөн иргэдийн үнэлгээний үе шатанд оруулна." in response.get_data(as_text=True)
    assert (
        db.session.scalar(select(db.func.count(Tally.id)).where(Tally.round_id == round_.id))
        == before
    )


def test_workspace_link_in_the_navigation_for_staff(east, staff_client):
    client = staff_client(east["facilitator"])
    assert 'href="/workspace/"' in client.get("/").get_data(as_text=True)


def test_form_numbers_are_unique_across_both_sides(east, make_round, staff_client):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    community = _community_group(round_)
    staff = next(g for g in round_.groups if g.side == "provider")
    code = round_.indicators[0].indicator.code
    first = {"rows": 1, "r-0-respondent_id": "7", "r-0-group": community.id, f"r-0-{code}": "3"}
    assert client.post(f"/rounds/{round_.id}/paper", data=first).status_code == 302
    second = {
        "side": "provider",
        "rows": 1,
        "r-0-respondent_id": "7",
        "r-0-group": staff.id,
        f"r-0-{code}": "5",
    }
    response = client.post(f"/rounds/{round_.id}/paper", data=second)
    assert response.status_code == 400
    assert "Энэ оролцогчийн дугаар давхардсан байна." in response.get_data(as_text=True)


def test_paper_totals_are_shown_without_javascript_after_a_refusal(east, make_round, staff_client):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    group = _community_group(round_)
    code = round_.indicators[0].indicator.code
    response = client.post(
        f"/rounds/{round_.id}/paper",
        data={
            "rows": 3,
            "r-0-respondent_id": "T1",
            "r-0-group": group.id,
            f"r-0-{code}": "4",
            "r-1-respondent_id": "T2",
            "r-1-group": group.id,
            f"r-1-{code}": "2",
            "r-2-respondent_id": "T3",
            "r-2-group": group.id,
            f"r-2-{code}": "8",
        },
    )
    assert response.status_code == 400
    assert '<strong data-col-total="0">3 / 4.7</strong>' in response.get_data(as_text=True)
