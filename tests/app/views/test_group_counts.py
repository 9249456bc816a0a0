"""A facilitator records how many people took part in a group after the session."""

from app.extensions import db
from app.models import ParticipantGroup


def test_a_group_made_with_the_round_gets_its_participant_counts(
    base_app, create_user, create_round, sign_in
):
    facilitator = create_user(role="facilitator", areas=["MN-061"])
    round_ = create_round(facilitator)
    group = next(g for g in round_.groups if g.side == "community")
    client = base_app.test_client()
    sign_in(client, facilitator)

    page = client.get(f"/rounds/{round_.id}/groups?group={group.id}").get_data(as_text=True)
    assert f'name="group_id" value="{group.id}"' in page
    assert f'value="{group.label}"' in page  # the form is filled with the group's name

    response = client.post(
        f"/rounds/{round_.id}/groups",
        data={
            "group_id": group.id,
            "kind": group.kind,
            "side": group.side,
            "label": group.label,
            "expected_size": 10,
            "count_female": 6,
            "count_male": 3,
            "count_other": 0,
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    changed = db.session.get(ParticipantGroup, group.id)
    assert (changed.count_female, changed.count_male) == (6, 3)
    assert len(db.session.get(type(round_), round_.id).groups) == 2  # changed, not added
    table = client.get(f"/rounds/{round_.id}/groups").get_data(as_text=True)
    assert '<td class="num">6</td><td class="num">3</td>' in table


def test_a_group_of_another_round_cannot_be_opened(base_app, create_user, create_round, sign_in):
    facilitator = create_user(role="facilitator", areas=["MN-061"])
    first, second = create_round(facilitator), create_round(facilitator, period="2026-H2")
    client = base_app.test_client()
    sign_in(client, facilitator)
    other = second.groups[0].id
    assert client.get(f"/rounds/{first.id}/groups?group={other}").status_code == 404
