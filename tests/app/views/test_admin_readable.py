"""Administration that reads: invitations start at the least privileged role, areas are
chosen by aimag, and the audit log is a table in words and Ulaanbaatar time."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select

from app.extensions import db
from app.models import Area, AuditEvent, User
from app.services.audit import record


def _admin(base_app, create_user, sign_in):
    admin = create_user("admin")
    client = base_app.test_client()
    sign_in(client, admin)
    return admin, client


def test_invitation_starts_at_the_least_privileged_role(base_app, create_user, sign_in):
    _admin_user, client = _admin(base_app, create_user, sign_in)
    page = client.get("/admin/users/new").get_data(as_text=True)
    role = re.search(r'<select[^>]*name="role".*?</select>', page, re.S).group(0)
    options = re.findall(r"<option[^>]*>", role)
    selected = [re.search(r'value="([^"]+)"', o).group(1) for o in options if "selected" in o]
    assert selected == ["provider"]
    assert role.index('value="admin"') > role.index('value="provider"')  # admin is last


def test_areas_are_grouped_by_aimag_and_chosen_without_javascript(
    base_app, create_user, create_organisation, sign_in
):
    _admin_user, client = _admin(base_app, create_user, sign_in)
    page = client.get("/admin/users/new").get_data(as_text=True)
    areas = re.search(r'<select[^>]*name="area_ids".*?</select>', page, re.S).group(0)
    groups = re.findall(r'<optgroup label="([^"]+)"', areas)
    assert len(groups) == 22  # 21 aimags and the capital
    assert groups[0] == "Улаанбаатар" and groups[1:] == sorted(groups[1:])
    dornod = areas.split('<optgroup label="Дорнод">', 1)[1].split("</optgroup>", 1)[0]
    soums = re.findall(r"<option[^>]*>([^<]+)</option>", dornod)
    assert soums[0].startswith("Дорнод") and soums[1:] == sorted(soums[1:])
    assert "Матад" in soums and "data-area-picker" in areas
    matad = db.session.scalar(select(Area).where(Area.name_en == "Matad"))
    organisation = create_organisation()
    response = client.post(
        "/admin/users/new",
        data={
            "email": "khurelbaatar@example.org",
            "display_name": "Хүрэлбаатар",
            "role": "facilitator",
            "organisation_id": str(organisation.id),
            "area_ids": [str(matad.id)],
        },
    )
    assert response.status_code == 200
    user = db.session.scalar(select(User).where(User.email == "khurelbaatar@example.org"))
    assert [a.name_en for a in user.areas] == ["Matad"]


def test_audit_log_reads_in_words_and_ulaanbaatar_time(base_app, create_user, sign_in):
    admin, client = _admin(base_app, create_user, sign_in)
    published = record(
        "round.transition", "round", 12, {"state": "review"}, {"state": "published"},
        user_id=admin.id,
    )
    published.at = datetime(2026, 3, 1, 20, 30)
    unlocked = record(
        "round.unlock", "round", 12, {"state": "published"}, {"state": "review"},
        "Буруу файл импортолсон", user_id=admin.id,
    )
    unlocked.at = datetime(2026, 3, 2, 1, 0)
    record("user.updated", "user", admin.id, {"areas": ["MN-043"]}, {"areas": ["MN-061"]},
           user_id=admin.id)
    db.session.commit()
    page = client.get("/admin/audit").get_data(as_text=True)
    rows = {}
    for chunk in page.split('<tr data-action="')[1:]:
        action, row = chunk.split('"', 1)
        rows[action] = row.split("</table>\n</div>", 1)[0]
    publication = rows["round.transition"]
    assert "Үнэлгээг нийтэлсэн" in publication and "round.transition" not in publication
    assert "2026-03-02 04:30" in publication  # 20:30 UTC is 04:30 the next day in Ulaanbaatar
    # A before/after table with the phase in words, not JSON.
    assert re.search(r"<th scope=\"row\">Үе шат</th><td>Хянах</td><td>Нийтэлсэн</td>", publication)
    assert "{" not in publication
    unlocking = rows["round.unlock"]
    assert "Үнэлгээний түгжээг тайлсан" in unlocking and "2026-03-02 09:00" in unlocking
    assert "Буруу файл импортолсон" in unlocking
    account = rows["user.updated"]  # areas by name, not by code
    assert "Ховд" in account and "Дорнод" in account and "MN-061" not in account
    # The date filter counts days in Ulaanbaatar: both events are on the 2nd of March there.
    page = client.get("/admin/audit?entity=round&date_from=2026-03-02&date_to=2026-03-02")
    assert page.get_data(as_text=True).count('data-entity="round"') == 2
    page = client.get("/admin/audit?entity=round&date_from=2026-03-01&date_to=2026-03-01")
    assert page.get_data(as_text=True).count('data-entity="round"') == 0
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.id == published.id))
