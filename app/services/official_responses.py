"""Officials answering actions of joint action plans (shown on the public report)."""

from __future__ import annotations

from datetime import date

from app.extensions import db
from app.models import Action, OfficialResponse, User
from app.services import audit
from app.services.publication import bump_versions


def respond(
    action: Action, user: User, office: str, body: str, commitment_date: date | None
) -> OfficialResponse:
    """Add ``user``'s answer to ``action``; audit-logged; flush, no commit.

    The aimag's report version is bumped so cached reports show the answer at once.
    """
    response = OfficialResponse(
        action_id=action.id,
        user_id=user.id,
        office=office.strip(),
        body=body.strip(),
        commitment_date=commitment_date,
    )
    db.session.add(response)
    db.session.flush()
    audit.record(
        "official_response.create",
        "action",
        action.id,
        after={
            "office": response.office,
            "body": response.body,
            "commitment_date": commitment_date.isoformat() if commitment_date else None,
        },
    )
    area = action.round.facility.area
    aimag = area if area.is_top_level or area.parent is None else area.parent
    bump_versions({"national", aimag.code})
    db.session.flush()
    return response
