"""Who is asked what: a proposed indicator goes to the side chosen when it is proposed;
the same text cannot be proposed twice; removing asks for confirmation; follow-up
rounds keep the proposing groups (factory-made organisations and rounds, on a database
without the demo)."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Round, RoundIndicator
from scorecards.lifecycle import Phase

COMMUNITY_TEXT = "Хүүхдийн тоглоомын талбай аюулгүй"
PROVIDER_TEXT = "Багш нарын сургалтын төлөвлөгөө хангалттай"


def _propose(client, round_, text, asked_of, origin="community", groups=(), text_en=""):
    data = {
        "new-text_mn": text,
        "new-text_en": text_en,
        "new-origin": origin,
        "new-asked_of": asked_of,
        "new-groups": [str(g) for g in groups],
    }
    return client.post(f"/rounds/{round_.id}/indicators/propose", data=data)


def _indicator_count(round_id: int) -> int:
    return len(
        db.session.scalars(select(RoundIndicator).where(RoundIndicator.round_id == round_id)).all()
    )


def test_each_side_is_asked_what_was_chosen(base_app, east, staff_client, make_round):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    group = next(g for g in round_.groups if g.side == "community")
    assert (
        _propose(client, round_, COMMUNITY_TEXT, "community", groups=[group.id]).status_code == 302
    )
    assert _propose(client, round_, PROVIDER_TEXT, "provider", origin="provider").status_code == 302

    page = client.get(f"/rounds/{round_.id}/indicators?lang=en").get_data(as_text=True)
    assert COMMUNITY_TEXT in page and PROVIDER_TEXT in page

    community_paper = client.get(f"/rounds/{round_.id}/paper?side=community").get_data(as_text=True)
    provider_paper = client.get(f"/rounds/{round_.id}/paper?side=provider").get_data(as_text=True)
    assert COMMUNITY_TEXT in community_paper and PROVIDER_TEXT not in community_paper
    assert PROVIDER_TEXT in provider_paper and COMMUNITY_TEXT not in provider_paper

    community_tallies = client.get(
        f"/rounds/{round_.id}/tallies?side=community&group={group.id}"
    ).get_data(as_text=True)
    assert COMMUNITY_TEXT in community_tallies and PROVIDER_TEXT not in community_tallies

    citizen = base_app.test_client().get(f"/j/{round_.community_code}").get_data(as_text=True)
    assert COMMUNITY_TEXT in citizen and PROVIDER_TEXT not in citizen


def test_both_sides_are_asked_by_default(east, staff_client, make_round):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    text = "Бие засах газар цэвэрхэн"
    response = client.post(
        f"/rounds/{round_.id}/indicators/propose",
        data={"new-text_mn": text, "new-origin": "community"},
    )
    assert response.status_code == 302
    for side in ("community", "provider"):
        page = client.get(f"/rounds/{round_.id}/paper?side={side}").get_data(as_text=True)
        assert text in page


def test_the_same_text_twice_is_refused_and_nothing_changes(east, staff_client, make_round):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    assert _propose(client, round_, "Усны цорго ажилладаг", "both").status_code == 302
    before = _indicator_count(round_.id)
    again = _propose(client, round_, "  усны   ЦОРГО ажилладаг ", "community")
    assert again.status_code == 400
    assert "Энэ үнэлгээнд ийм текстэй шалгуур үзүүлэлт аль хэдийн байна." in again.get_data(
        as_text=True
    )
    english = client.post(
        f"/rounds/{round_.id}/indicators/propose?lang=en",
        data={"new-text_mn": "УСНЫ ЦОРГО АЖИЛЛАДАГ", "new-origin": "community"},
    )
    page = english.get_data(as_text=True)
    assert english.status_code == 400
    assert "This round already has an indicator with this text." in page
    assert 'value="УСНЫ ЦОРГО АЖИЛЛАДАГ"' in page  # what was typed is kept
    # A library indicator's English text counts too.
    library_text = round_.indicators[0].indicator.text_en
    assert _propose(client, round_, "Шинэ", "both", text_en=library_text.upper()).status_code == 400
    db.session.expire_all()
    assert _indicator_count(round_.id) == before


def test_removing_an_indicator_asks_for_confirmation(east, staff_client, make_round):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    assert _propose(client, round_, "Номын сан өдөр бүр нээлттэй", "both").status_code == 302
    db.session.expire_all()
    added = round_.indicators[-1]
    before = _indicator_count(round_.id)
    listing = client.get(f"/rounds/{round_.id}/indicators?lang=en").get_data(as_text=True)
    assert f"/rounds/{round_.id}/indicators/{added.id}/drop" in listing

    confirm_page = client.get(f"/rounds/{round_.id}/indicators/{added.id}/drop?lang=en")
    text = confirm_page.get_data(as_text=True)
    assert confirm_page.status_code == 200
    assert "Номын сан өдөр бүр нээлттэй" in text
    assert 'type="checkbox"' in text and "Yes, remove this indicator from the round" in text

    unconfirmed = client.post(f"/rounds/{round_.id}/indicators/{added.id}/drop?lang=en")
    assert unconfirmed.status_code == 400
    assert "Tick the box to confirm the removal." in unconfirmed.get_data(as_text=True)
    db.session.expire_all()
    assert _indicator_count(round_.id) == before

    done = client.post(f"/rounds/{round_.id}/indicators/{added.id}/drop", data={"confirm": "y"})
    assert done.status_code == 302
    db.session.expire_all()
    assert _indicator_count(round_.id) == before - 1


def test_follow_up_keeps_the_proposing_groups(east, staff_client, make_round):
    previous = make_round(Phase.PUBLISHED, answered=1)
    previous_id = previous.id
    group = next(g for g in previous.groups if g.side == "community")
    group_label = group.label
    client = staff_client(east["coordinator"])
    unlocked = client.post(
        f"/rounds/{previous_id}/unlock", data={"reason": "Санал нэмэх", "confirm": "y"}
    )
    assert unlocked.status_code == 302
    assert (
        _propose(
            client, previous, "Хичээлийн хуваарь цагтаа гардаг", "community", groups=[group.id]
        ).status_code
        == 302
    )
    assert client.post(f"/rounds/{previous_id}/publish", data={"confirm": "y"}).status_code == 302

    data = {
        "facility": previous.facility_id,
        "template": previous.template_id,
        "previous_round": previous_id,
        "period_label": "2027-H1",
        "period_start": "2027-02-01",
        "period_end": "2027-06-30",
    }
    assert client.post(f"/rounds/new?previous={previous_id}", data=data).status_code == 302
    follow = db.session.scalar(select(Round).where(Round.previous_round_id == previous_id))
    carried = next(
        ri for ri in follow.indicators if ri.indicator.text_mn == "Хичээлийн хуваарь цагтаа гардаг"
    )
    assert carried.side == "community"
    assert [(g.label, g.round_id) for g in carried.proposed_by] == [(group_label, follow.id)]
    page = client.get(f"/rounds/{follow.id}/indicators?lang=en").get_data(as_text=True)
    row = page[page.index("Хичээлийн хуваарь цагтаа гардаг") :]
    row = row[: row.index("</tr>")]
    assert group_label in row and "Community" in row
