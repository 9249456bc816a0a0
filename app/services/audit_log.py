"""Reading the audit log for administrators: filters and pages, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, User

PAGE_SIZE = 50


@dataclass
class AuditFilter:
    user_email: str = ""
    action: str = ""
    entity: str = ""
    entity_id: int | None = None
    date_from: date | None = None  # inclusive, a day in Ulaanbaatar
    date_to: date | None = None  # inclusive, a day in Ulaanbaatar


@dataclass
class AuditPage:
    events: list[tuple[AuditEvent, User | None]]
    total: int
    page: int
    pages: int


LOCAL_ZONE = ZoneInfo("Asia/Ulaanbaatar")


def _utc_start_of(day: date) -> datetime:
    """Midnight of ``day`` in Ulaanbaatar as the naive UTC time events are stored in."""
    local = datetime.combine(day, time.min, tzinfo=LOCAL_ZONE)
    try:
        return local.astimezone(UTC).replace(tzinfo=None)
    except OverflowError:  # the first day there is: everything is after it
        return datetime.min


def search_audit(filters: AuditFilter, page: int = 1, page_size: int = PAGE_SIZE) -> AuditPage:
    """Events matching every filter; ``action`` and ``entity`` match a prefix
    (``user.`` finds every account event); dates are days in Ulaanbaatar, as the log
    shows its times. Pages count from 1 and are clamped."""
    query = select(AuditEvent, User).outerjoin(User, AuditEvent.user_id == User.id)
    if filters.user_email:
        pattern = f"%{filters.user_email.strip().lower()}%"
        query = query.where(func.lower(User.email).like(pattern))
    if filters.action:
        query = query.where(AuditEvent.action.startswith(filters.action.strip(), autoescape=True))
    if filters.entity:
        query = query.where(AuditEvent.entity.startswith(filters.entity.strip(), autoescape=True))
    if filters.entity_id is not None:
        query = query.where(AuditEvent.entity_id == filters.entity_id)
    if filters.date_from:
        query = query.where(AuditEvent.at >= _utc_start_of(filters.date_from))
    if filters.date_to and filters.date_to < date.max:
        query = query.where(AuditEvent.at < _utc_start_of(filters.date_to + timedelta(days=1)))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    pages = max(1, -(-total // page_size))
    page = min(max(1, page), pages)
    rows = db.session.execute(
        query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(page_size)
        .offset((page - 1) * page_size)
    ).all()
    return AuditPage([(event, user) for event, user in rows], total, page, pages)
