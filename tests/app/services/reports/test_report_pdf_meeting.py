"""The aimag PDF an official brings to a meeting, read back with pypdf: page 1 is a
summary whose figures are computed here by hand from a small round built in the test,
the soums' map follows, then the tables by sector and the actions with the answers.

Govi-Altai (MN-065), period 2025-H2, one school; faces scale 1–5, 0–100 = (mean − 1) × 25.

Community (6 people):     position 1: 5 4 4 3 5 3 = 24 → 4.0 → 75
                          position 2: 2 1 2 3 2 2 = 12 → 2.0 → 25
                          position 3: 3 3 2 3 4 3 = 18 → 3.0 → 50
Providers (5 people):     position 1: all 5 → 100; position 2: all 4 → 75; position 3: all 3 → 50
Lowest first:             position 2 (25), position 3 (50), position 1 (75)
Gaps, largest first:      position 2: 25 − 75 = −50; position 1: 75 − 100 = −25; position 3: 0
Coverage:                 1 facility, 2 rounds (the community's and the providers'),
                          6 + 5 = 11 people and forms, 6 × 3 + 5 × 3 = 33 answers
Actions (community round), every one agreed on 1 March 2026:
  A planned, due 2099-01-01, answered 11 March by the education department: 10 days, on time
  B in progress, due 5 March 2026, answered 21 March by the same office: 20 days, late;
    open after its due date: overdue
  C done, never answered
  Action status: 3 agreed, 1 done, 1 in progress, 1 planned, 0 dropped, 1 overdue
  Answers: 3 agreed, 2 answered, 1 by the due date, median (10 + 20) / 2 = 15 days,
  1 overdue now
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime

import pypdf
from sqlalchemy import select

from app.extensions import db
from app.models import Action, Area, OfficialResponse, RoundIndicator, Template
from tests.app.report_data import make_round

OFFICE = "Говь-Алтай аймгийн Боловсролын газар"


def _pages(body: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(body))
    return [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]


def _build(create_organisation):
    create_organisation()
    community = make_round(
        {1: [5, 4, 4, 3, 5, 3], 2: [2, 1, 2, 3, 2, 2], 3: [3, 3, 2, 3, 4, 3]}
    )
    make_round(
        {1: [5] * 5, 2: [4] * 5, 3: [3] * 5}, side="provider", facility=community.facility
    )
    by_position = {ri.position: ri for ri in db.session.scalars(
        select(RoundIndicator).where(RoundIndicator.round_id == community.id))}
    agreed = datetime(2026, 3, 1, 9, 0)
    plan = [
        ("Багш нарын ирцийг хянах", "planned", date(2099, 1, 1), datetime(2026, 3, 11, 10)),
        ("Сурах бичиг нэмэх", "in_progress", date(2026, 3, 5), datetime(2026, 3, 21, 10)),
        ("Анги засах", "done", date(2026, 2, 1), None),
    ]
    for position, (text, status, due, answered) in enumerate(plan, start=1):
        action = Action(
            round=community, round_indicator=by_position[position], description=text,
            responsible="provider", due_date=due, status=status, created_at=agreed,
            completed_on=date(2026, 1, 20) if status == "done" else None,
        )
        db.session.add(action)
        db.session.flush()
        if answered:
            db.session.add(OfficialResponse(
                action_id=action.id, office=OFFICE, body=f"Хариу: {text}",
                commitment_date=date(2026, 9, 1), created_at=answered,
            ))
    db.session.commit()
    template = db.session.scalar(select(Template).where(Template.code == "education-standard"))
    return {item.position: item.indicator.text_en for item in template.items}


def test_page_one_is_a_summary_computed_by_hand(base_app, create_organisation):
    names = _build(create_organisation)
    client = base_app.test_client()
    client.get("/lang/en")
    response = client.get("/reports/MN-065.pdf")
    assert response.status_code == 200
    pages = _pages(response.data)
    first = pages[0]
    for heading in ("Coverage", "Lowest-scoring indicators",
                    "Largest gaps between the community and the service providers",
                    "Action status", "How officials answer"):
        assert heading in first, heading
    assert "Govi-Altai" in first and "Period: 2025, second half" in first
    assert "1 2 11 11 33" in first  # facilities, rounds, people, forms, answers
    lowest = first.split("Lowest-scoring indicators")[1].split("Largest gaps")[0]
    positions = [lowest.index(names[p][:25]) for p in (2, 3, 1)]
    assert positions == sorted(positions), lowest  # 25, then 50, then 75
    assert " 25 " in lowest and " 75 " in lowest
    gaps = first.split("Largest gaps")[1].split("Action status")[0]
    assert "-50" in gaps and "-25" in gaps and "+0" in gaps
    assert gaps.index("-50") < gaps.index("-25") < gaps.index("+0")
    status = first.split("Action status")[1].split("How officials answer")[0]
    assert "3 1 1 1 0 1" in status  # agreed, done, in progress, planned, dropped, overdue
    answers = first.split("How officials answer")[1]
    assert "3 2 1 15 1" in answers  # agreed, answered, on time, median days, overdue now
    assert OFFICE in answers  # the office's own line: 2 answered, 1 on time, 15 days
    assert "2 1 15 1" in answers.split(OFFICE)[1]


def test_map_page_names_the_soums_then_tables_and_answers(base_app, create_organisation):
    names = _build(create_organisation)
    client = base_app.test_client()
    client.get("/lang/en")
    pages = _pages(client.get("/reports/MN-065.pdf").data)
    assert 3 <= len(pages) <= 6, len(pages)  # a small aimag: a few full pages
    aimag = db.session.scalar(select(Area).where(Area.code == "MN-065"))
    soums = [a.name_en for a in aimag.children]
    assert len(soums) == 18
    assert all(name in pages[1] for name in soums), pages[1][:400]  # the map's key
    rest = " ".join(pages[1:])
    assert "Community score per indicator" in rest
    assert f"{names[2]} 6 25" in rest  # indicator, people, score, then its interval
    assert "Хариу: Сурах бичиг нэмэх" in rest and OFFICE in rest  # the official's answer
    assert "overdue" in rest


def test_the_summary_in_mongolian(base_app, create_organisation):
    _build(create_organisation)
    client = base_app.test_client()
    client.get("/lang/mn")
    first = _pages(client.get("/reports/MN-065.pdf").data)[0]
    assert "Говь-Алтай" in first
    assert "3 2 1 15 1" in first
