"""The subtraction attack on ``/api/v1/results`` finds nothing (issue 12).

The attacker asks the API for every grouping of facility / area / aimag / indicator /
side, with and without each demographic breakdown, for votes and for each source,
and subtracts: a published parent figure (``n`` answers, ``n × mean`` their sum)
minus the published parts of one split of it — its breakdown categories, its sides
(``side`` not given pools both), its sources (votes = forms + tallies), its
facilities (a soum), its soums (an aimag), its indicators (a figure over all
indicators). What is left is the hidden rest. It is a leak when the rest holds some
answers but fewer than k, or fewer than k people with the "don't know" answers:
``total × mean − Σ published n × mean`` would then be the answers of fewer than k
people. (Over several indicators the rest is counted in answers, which may hide
a small group answering many indicators; the same subtraction is also tried per
indicator, where answers are people.) Every published row must also stand on at
least k people.

The data: the demo (one aimag, and the national tables), and crafted rounds in an
aimag the demo leaves empty — one person alone in a category, two small categories
hidden together, a small category that is exactly one group kind, a facility alone
in its soum, and three or four staff per school.
"""

from __future__ import annotations

import uuid
from datetime import date
from itertools import combinations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import (
    Area,
    Facility,
    FacilityType,
    Organisation,
    ParticipantGroup,
    Response,
    Round,
    RoundIndicator,
    Score,
    Template,
)
from app.services.publication import rollup_round
from app.services.reports import cache as report_cache
from app.services.reports import query as reports
from scorecards.lifecycle import Phase
from tests.app.report_data import EMPTY_AIMAG

K = 5
BREAKDOWNS = ("group_kind", "gender", "age_band", "disability")
SPLITS = ("aimag", "area", "facility", "indicator", "side")


class Attacker:
    """Asks the API (each question once) and subtracts."""

    def __init__(self, client, filters: dict[str, str]):
        self.client = client
        self.filters = filters
        self.answers: dict[tuple[tuple[str, ...], str], list[dict]] = {}

    def ask(self, by: tuple[str, ...], source: str = "votes") -> list[dict]:
        key = (by, source)
        if key not in self.answers:
            query = "&".join(f"{name}={value}" for name, value in self.filters.items())
            response = self.client.get(f"/api/v1/results?by={','.join(by)}&source={source}&{query}")
            assert response.status_code == 200, (by, source, response.data[:300])
            self.answers[key] = response.get_json()["results"]
        return self.answers[key]

    def rests(self, parent_by, child_by, parent_source="votes", child_sources=("votes",)):
        """(parent row, rest n, rest people) per published parent row: the parent minus
        the published rows of the split that refine it."""
        children: dict[tuple, list[int]] = {}
        for source in child_sources:
            for row in self.ask(child_by, source):
                if row["n"] is None:  # hidden: the attacker does not see it
                    continue
                sums = children.setdefault(tuple(row[name] for name in parent_by), [0, 0])
                sums[0] += row["n"]
                sums[1] += row["n"] + row["n_missing"]
        for row in self.ask(parent_by, parent_source):
            if row["n"] is None:
                continue
            n, people = children.get(tuple(row[name] for name in parent_by), [0, 0])
            yield row, row["n"] - n, row["n"] + row["n_missing"] - people


def _leak(n: int, people: int) -> bool:
    return 0 < n < K or 0 < people < K


def attack(client, filters: dict[str, str], splits=SPLITS) -> tuple[list, int]:
    """Every subtraction over ``splits``; returns (leaks, subtractions tried)."""
    attacker = Attacker(client, filters)
    leaks, tried = [], 0
    shown = []
    for size in range(0, 4):
        for base in combinations(splits, size):
            for breakdown in (None, *BREAKDOWNS):
                parent = (*base, breakdown) if breakdown else base
                pairs = []
                if breakdown is None:  # parent against its categories
                    pairs += [(parent, (*base, b), "votes", ("votes",)) for b in BREAKDOWNS]
                # parent against one more split (sides, facilities, soums, indicators)
                pairs += [
                    (parent, (*base, extra, *parent[len(base) :]), "votes", ("votes",))
                    for extra in splits
                    if extra not in base and len(parent) < 4
                ]
                # votes against forms and tallies
                pairs.append((parent, parent, "votes", ("individual", "tally")))
                for parent_by, child_by, parent_source, child_sources in pairs:
                    for row, n, people in attacker.rests(
                        parent_by, child_by, parent_source, child_sources
                    ):
                        tried += 1
                        if _leak(n, people):
                            leaks.append((parent_by, child_by, child_sources, row, n, people))
                for source in ("votes", "individual", "tally"):
                    shown += [r for r in attacker.ask(parent, source) if r["n"] is not None]
    small = [r for r in shown if r["people"] is not None and r["people"] < K]
    assert small == [], small[:3]
    return leaks, tried


# --------------------------------------------------------------------------- crafted data


def _publish(facility: Facility, people: list[dict], side: str = "community") -> Round:
    """A published round at ``facility``: each person scores indicators 1 and 2 of the
    education template (``score``, default 4; ``None`` = "don't know") with their
    gender, age band, disability and group kind."""
    template = db.session.scalar(select(Template).where(Template.code == "education-standard"))
    code = uuid.uuid4().hex[:8].upper()
    round_ = Round(
        facility=facility,
        template=template,
        scale=template.scale,
        organisation=db.session.scalar(select(Organisation).limit(1)),
        period_label="2025-H2",
        period_start=date(2025, 9, 1),
        period_end=date(2025, 12, 1),
        state=Phase.PUBLISHED,
        community_code=f"C{code}",
        provider_code=f"P{code}",
        indicators=[
            RoundIndicator(indicator=item.indicator, position=item.position)
            for item in template.items
            if item.position in (1, 2)
        ],
    )
    db.session.add(round_)
    db.session.flush()
    groups: dict[str, ParticipantGroup] = {}
    for person in people:
        kind = person.get("group")
        if kind and kind not in groups:
            groups[kind] = ParticipantGroup(round=round_, kind=kind, side=side, label=kind)
            db.session.add(groups[kind])
        response = Response(
            uuid=str(uuid.uuid4()),
            receipt=uuid.uuid4().hex[:8],
            content_hash=uuid.uuid4().hex,
            round=round_,
            side=side,
            channel="phone",
            gender=person.get("gender", "female"),
            age_band=person.get("age", "35_59"),
            disability=person.get("disability", "no"),
            group=groups.get(kind),
        )
        for ri in round_.indicators:
            value = person.get("score", 4) if ri.position == 1 else person.get("score2", 3)
            response.scores.append(
                Score(
                    round_indicator=ri, value=value, missing_reason=None if value else "dont_know"
                )
            )
        db.session.add(response)
    db.session.flush()
    rollup_round(round_)
    db.session.commit()
    return round_


def _facility(name: str, soum: Area, kind: str = "school") -> Facility:
    facility = Facility(
        name_mn=name,
        name_en=name,
        facility_type=db.session.scalar(select(FacilityType).where(FacilityType.code == kind)),
        area=soum,
    )
    db.session.add(facility)
    db.session.flush()
    return facility


def _people(count: int, **attributes) -> list[dict]:
    return [dict(attributes, score=1 + i % 5) for i in range(count)]


@pytest.fixture
def crafted(app):
    """Rounds in the empty aimag: soum 1 holds schools A and B, soum 2 only school C."""
    aimag = db.session.scalar(select(Area).where(Area.code == EMPTY_AIMAG))
    soum_one, soum_two = aimag.children[0], aimag.children[1]
    a = _facility("А сургууль", soum_one)
    b = _facility("Б сургууль", soum_one)
    c = _facility("В сургууль", soum_two)
    # A: one man alone among nine women; one person aged 60+; two herders among parents
    _publish(
        a,
        _people(9, gender="female", group="parents")
        + _people(1, gender="male", age="60_plus", group="herders")
        + _people(1, gender="female", group="herders", disability="yes"),
    )
    # B: two small categories hidden together (men 2 + other 3 = 5); the women's group
    # is exactly the female respondents (a category equal to a group kind), 3 of them
    _publish(
        b,
        _people(3, gender="female", group="women")
        + _people(2, gender="male", group="parents", age="18_34")
        + _people(3, gender="other", group="parents", age="18_34")
        + _people(6, gender="undisclosed", group="parents"),
    )
    # C: alone in its soum, 3 people, one of whom answered "don't know"
    _publish(c, [*_people(2, gender="male"), {"gender": "male", "score": None}])
    # staff: 3 at A, 4 at B, 3 at C (each below k; 10 together)
    for facility, staff in ((a, 3), (b, 4), (c, 3)):
        _publish(facility, _people(staff, gender="undisclosed", group="providers"), "provider")
    return aimag


def test_the_attack_finds_nothing_on_crafted_data(client, crafted):
    leaks, tried = attack(client, {"aimag": EMPTY_AIMAG})
    assert tried > 500
    assert leaks == [], leaks[:5]
    # and the providers' aimag figure survives: 10 staff pooled, each school hidden
    rows = client.get(
        f"/api/v1/results?by=indicator,side&aimag={EMPTY_AIMAG}&side=provider"
    ).get_json()["results"]
    assert rows and all(r["n"] == 10 and not r["suppressed"] for r in rows)
    rows = client.get(
        f"/api/v1/results?by=facility,side&aimag={EMPTY_AIMAG}&side=provider"
    ).get_json()["results"]
    assert rows and all(r["suppressed"] and r["n"] is None for r in rows)


def test_the_attack_would_find_the_hidden_cells_without_protection(client, crafted, monkeypatch):
    # The same attack with the protection switched off finds the small cells: the
    # attack is a real test, not a tautology.
    empty = (reports.pd.DataFrame(), reports.pd.DataFrame())
    monkeypatch.setattr(reports, "withheld_frames", lambda *args, **kwargs: empty)
    report_cache.clear()
    leaks, _tried = attack(client, {"aimag": EMPTY_AIMAG}, splits=("facility", "indicator", "side"))
    found = {(parent, child) for parent, child, *_ in leaks}
    assert any("gender" in child for _parent, child in found)  # e.g. the man alone at A
    # a facility against its soum or aimag (school C alone in soum 2, the staff)
    assert any(set(child) - set(parent) == {"facility"} for parent, child in found)


def test_the_attack_finds_nothing_on_the_demo(client):
    # within one aimag (Dornod) the aimag grouping is that one row: no split
    leaks, tried = attack(
        client, {"aimag": "MN-061"}, splits=("area", "facility", "indicator", "side")
    )
    assert tried > 1000
    assert leaks == [], leaks[:5]


def test_the_attack_finds_nothing_in_the_national_tables(client):
    leaks, tried = attack(client, {}, splits=("aimag", "indicator", "side"))
    assert tried > 100
    assert leaks == [], leaks[:5]


def test_pages_downloads_and_the_pdf_read_the_same_protected_figures(client, crafted):
    # The aimag report's tables come from the same protected figures as the API.
    api = client.get(
        f"/api/v1/results?by=sector,facility&aimag={EMPTY_AIMAG}&side=community"
    ).get_json()["results"]
    rows = client.get(f"/reports/{EMPTY_AIMAG}/facilities.json").get_json()["rows"]
    by_facility = {r["facility"]: (r["n"], r["suppressed"]) for r in rows}
    assert by_facility == {r["facility"]: (r["n"], r["suppressed"]) for r in api}
    assert client.get(f"/reports/{EMPTY_AIMAG}.pdf").status_code == 200
