"""Notifications: derived from the data and the audit log, gathered into e-mails.

``flask notify send`` runs :func:`run`: it derives what people should hear about from
what is stored (no other part of the product calls in here), records each event once
per recipient in ``notification`` (unique per kind, subject, recipient and occurrence:
running it again finds nothing new), gathers each person's pending events into one
e-mail in their language, and sends the queued e-mails (``app.services.mail``).

Who hears what:

* **officials** — the actions of their areas' joint action plans (rounds at the action
  plan phase or later): newly agreed, due within 14 days and still unanswered, overdue
  (:mod:`scorecards.notifications`), in a **daily digest**: at most one e-mail per
  day (Ulaanbaatar time), the events of a later run that day waiting for tomorrow's;
* **coordinators** — rounds awaiting review that they may publish (their organisation
  and areas), and rounds published in their areas;
* **facilitators** — their rounds sent back to them with the reviewer's comment
  (audit action ``round.sent_back``) and their rounds published.

Round events are read from the audit log (``round.transition`` to ``review`` or to
``published``, ``round.sent_back``), so the person who acted is not told of their own
act, and a round that has moved on (no longer in review, no longer published) is not
announced. Events older than ``LOOKBACK_DAYS`` are not announced at all: a first run on
a site with years of history tells of the last two weeks, not of every past action.
Nobody is told twice of the same event; a person who turned e-mails off
(``user.notify_email``) has their events recorded as skipped, so turning them back on
does not bring a flood of old news.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Action, AuditEvent, Facility, MailMessage, Notification, Round, User
from app.models._types import utcnow
from app.models.notifications import MailKind, NotificationStatus
from app.permissions import can, covers_area
from app.services import mail
from scorecards.actions import OPEN_STATUSES
from scorecards.lifecycle import Phase
from scorecards.notifications import (
    ACTION_KINDS,
    DUE_SOON_DAYS,
    URGENCY,
    NotificationKind,
    action_reminder,
    most_urgent,
)
from scorecards.vocab import ActionStatus, Role

Kind = NotificationKind
LOOKBACK_DAYS = 14
# Items listed per section of one e-mail; the rest are counted with a link to the page.
MAX_ITEMS = 30
# Actions exist from this phase on; rounds before it have no joint action plan yet.
AGREED_PHASES = (Phase.ACTION_PLAN, Phase.REVIEW, Phase.PUBLISHED)
ROUND_AUDIT_ACTIONS = ("round.transition", "round.sent_back")
UNIQUE_KEY = ("kind", "subject_id", "user_id", "occurrence")


@dataclass(frozen=True)
class Event:
    """One thing to tell one person (a row of ``notification`` to be)."""

    kind: Kind
    subject_id: int
    user_id: int
    occurrence: str = ""
    audit_event_id: int | None = None


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Asia/Ulaanbaatar"))


def local_today(now: datetime) -> date:
    """The day in Ulaanbaatar (the site's time zone) at ``now`` (naive UTC): due dates and
    the one-digest-a-day rule count days there, not in UTC."""
    return now.replace(tzinfo=ZoneInfo("UTC")).astimezone(_zone()).date()


def _day_start(now: datetime) -> datetime:
    """Midnight of ``now``'s local day, as naive UTC."""
    start = datetime.combine(local_today(now), time(0), tzinfo=_zone())
    return start.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


# --------------------------------------------------------------------------- deriving


def _active(role: Role) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .where(User.role == role, User.active.is_(True))
            .options(selectinload(User.areas))
            .order_by(User.id)
        )
    )


def action_events(now: datetime) -> list[Event]:
    """Officials' events about the actions of their areas (see the module docstring).

    Only actions that can call for one are loaded: those agreed in the last
    ``LOOKBACK_DAYS`` and open ones due by today + ``DUE_SOON_DAYS``."""
    officials = _active(Role.OFFICIAL)
    if not officials:
        return []
    today = local_today(now)
    since = now - timedelta(days=LOOKBACK_DAYS)
    agreed_phase = Round.state.in_([str(p) for p in AGREED_PHASES])
    # An action carried into a later round's plan speaks through that copy; while the
    # later round is still being prepared, through this one.
    carried_on = (
        select(Action.carried_from_id)
        .join(Round, Round.id == Action.round_id)
        .where(Action.carried_from_id.is_not(None), agreed_phase)
    )
    reminding = Action.status.in_([str(s) for s in OPEN_STATUSES]) & (
        Action.due_date <= today + timedelta(days=DUE_SOON_DAYS)
    )
    actions = db.session.scalars(
        select(Action)
        .join(Round, Round.id == Action.round_id)
        .where(
            agreed_phase,
            Action.withdrawn_at.is_(None),
            Action.id.not_in(carried_on),
            (Action.created_at >= since) | reminding,
        )
        .options(
            selectinload(Action.official_responses),
            selectinload(Action.round).selectinload(Round.facility).selectinload(Facility.area),
        )
        .order_by(Action.id)
    )
    events = []
    for action in actions:
        kinds = []
        if action.created_at >= since and action.carried_from_id is None:
            kinds.append((Kind.ACTION_AGREED, ""))
        reminder = action_reminder(
            action.status, action.due_date, bool(action.official_responses), today
        )
        if reminder is not None:
            kinds.append((reminder, action.due_date.isoformat()))
        if not kinds:
            continue
        area = action.round.facility.area
        for official in officials:
            if covers_area(official, area):
                events += [Event(kind, action.id, official.id, when) for kind, when in kinds]
    return events


def _round_kind(event: AuditEvent) -> Kind | None:
    if event.action == "round.sent_back":
        return Kind.ROUND_SENT_BACK
    before = (event.before or {}).get("state")
    after = (event.after or {}).get("state")
    if after == Phase.REVIEW and before != Phase.PUBLISHED:
        return Kind.ROUND_AWAITING_REVIEW
    if after == Phase.PUBLISHED:
        return Kind.ROUND_PUBLISHED
    return None


def _facilitators(round_: Round) -> list[User]:
    """The facilitators who ran the round (else its creator, when a facilitator)."""
    people = [u for u in round_.facilitators if u.active]
    if not people and round_.created_by_id:
        creator = db.session.get(User, round_.created_by_id)
        if creator is not None and creator.active and creator.role == Role.FACILITATOR:
            people = [creator]
    return people


def round_events(now: datetime) -> list[Event]:
    """Coordinators' and facilitators' events, one per audit event of the last
    ``LOOKBACK_DAYS`` that moved a round into review, sent it back or published it."""
    since = now - timedelta(days=LOOKBACK_DAYS)
    audit = list(
        db.session.scalars(
            select(AuditEvent)
            .where(
                AuditEvent.entity == "round",
                AuditEvent.action.in_(ROUND_AUDIT_ACTIONS),
                AuditEvent.at >= since,
            )
            .order_by(AuditEvent.id)
        )
    )
    wanted = [(e, _round_kind(e)) for e in audit]
    wanted = [(e, k) for e, k in wanted if k is not None and e.entity_id is not None]
    if not wanted:
        return []
    rounds = {
        r.id: r
        for r in db.session.scalars(
            select(Round)
            .where(Round.id.in_({e.entity_id for e, _k in wanted}))
            .options(
                selectinload(Round.facilitators),
                selectinload(Round.facility).selectinload(Facility.area),
            )
        )
    }
    coordinators = _active(Role.COORDINATOR)
    events = []
    for audit_event, kind in wanted:
        round_ = rounds.get(audit_event.entity_id)
        if round_ is None:
            continue
        if kind is Kind.ROUND_AWAITING_REVIEW:
            if round_.state != Phase.REVIEW:
                continue
            people = [c for c in coordinators if can(c, "round.publish", round_)]
        elif kind is Kind.ROUND_PUBLISHED:
            if round_.state != Phase.PUBLISHED:
                continue
            people = [c for c in coordinators if covers_area(c, round_.facility.area)]
            people += _facilitators(round_)
        else:
            people = _facilitators(round_)
        for person in {p.id: p for p in people}.values():
            if person.id != audit_event.user_id:
                events.append(
                    Event(kind, round_.id, person.id, str(audit_event.id), audit_event.id)
                )
    return events


def enqueue(events: list[Event], now: datetime) -> int:
    """Record ``events`` that are not recorded yet; returns how many were new.

    One ``INSERT … ON CONFLICT DO NOTHING`` per event on the unique (kind, subject,
    recipient, occurrence), so two runs at once record each event once. Events of a
    person who turned e-mails off are recorded as skipped."""
    if not events:
        return 0
    if db.engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    wanting = set(
        db.session.scalars(
            select(User.id).where(
                User.id.in_({e.user_id for e in events}), User.notify_email.is_(True)
            )
        )
    )
    table = Notification.__table__
    new = 0
    for event in events:
        wants = event.user_id in wanting
        status = NotificationStatus.PENDING if wants else NotificationStatus.SKIPPED
        statement = (
            insert(table)
            .values(
                kind=str(event.kind),
                subject_id=event.subject_id,
                user_id=event.user_id,
                occurrence=event.occurrence,
                audit_event_id=event.audit_event_id,
                status=str(status),
                created_at=now,
            )
            .on_conflict_do_nothing(index_elements=UNIQUE_KEY)
            .returning(table.c.id)
        )
        new += len(db.session.execute(statement).all())
    return new


# --------------------------------------------------------------------------- composing


@dataclass
class Item:
    """One line of an e-mail: a title, details and the address that opens it."""

    title: str
    details: list[str]
    url: str


@dataclass
class Section:
    kind: str
    heading: str
    items: list[Item] = field(default_factory=list)
    more: int = 0
    more_url: str = ""


def _headings() -> dict[Kind, str]:
    return {
        Kind.ACTION_OVERDUE: _("Overdue actions"),
        Kind.ACTION_DUE_SOON: _(
            "Actions due within %(days)s days, not answered yet", days=DUE_SOON_DAYS
        ),
        Kind.ACTION_AGREED: _("New actions agreed"),
        Kind.ROUND_SENT_BACK: _("Rounds sent back to you"),
        Kind.ROUND_AWAITING_REVIEW: _("Rounds awaiting your review"),
        Kind.ROUND_PUBLISHED: _("Rounds published"),
    }


def _status_label(status: str) -> str:
    return {
        ActionStatus.PLANNED: _("planned"),
        ActionStatus.IN_PROGRESS: _("in progress"),
        ActionStatus.DONE: _("done"),
        ActionStatus.DROPPED: _("dropped"),
    }.get(status, status)


def _action_item(action: Action, language: str) -> Item:
    facility = action.round.facility
    details = [_("Facility: %(name)s", name=facility.name(language))]
    if action.round_indicator is not None:
        details.append(
            _("Indicator: %(text)s", text=action.round_indicator.indicator.text(language))
        )
    if action.due_date is not None:
        details.append(_("Due: %(date)s", date=format_date(action.due_date, "long")))
    details.append(_("Status: %(status)s", status=_status_label(action.status)))
    if action.official_responses:
        latest = action.official_responses[-1]
        details.append(_("Answered by %(office)s", office=latest.office))
    else:
        details.append(_("Not answered yet"))
    url = mail.absolute_url(
        "reports.aimag", anchor=f"action-{action.id}", code=facility.area.aimag.code
    )
    return Item(" ".join(action.description.split())[:300], details, url)


def _round_item(round_: Round, kind: Kind, audit_event: AuditEvent | None, language: str) -> Item:
    facility = round_.facility
    title = round_.title(language) or facility.name(language)
    details = [
        _("Facility: %(name)s", name=facility.name(language)),
        _("Period: %(period)s", period=round_.period_label),
    ]
    if kind is Kind.ROUND_SENT_BACK and audit_event is not None:
        comment = (audit_event.after or {}).get("comment") or audit_event.note or ""
        if comment:
            details.append(_("Comment: %(comment)s", comment=comment))
    return Item(title, details, mail.absolute_url("rounds.show", round_id=round_.id))


def _more_url(user: User, kind: Kind) -> str:
    if kind in ACTION_KINDS and user.areas:
        return mail.absolute_url("reports.aimag", code=user.areas[0].aimag.code)
    return mail.absolute_url("workspace.index")


def sections_for(user: User, notes: list[Notification], language: str) -> list[Section]:
    """The sections of ``user``'s e-mail, most urgent first; a subject met under several
    kinds is listed once, under the most urgent (``scorecards.notifications.URGENCY``)."""
    kinds_of: dict[tuple[str, int], set[str]] = defaultdict(set)
    audit_of: dict[int, int] = {}
    for note in notes:
        group = "action" if note.kind in ACTION_KINDS else "round"
        kinds_of[(group, note.subject_id)].add(note.kind)
        if note.audit_event_id is not None:
            audit_of[note.subject_id] = max(audit_of.get(note.subject_id, 0), note.audit_event_id)
    action_ids = [i for g, i in kinds_of if g == "action"]
    round_ids = [i for g, i in kinds_of if g == "round"]
    actions = {
        a.id: a
        for a in db.session.scalars(
            select(Action)
            .where(Action.id.in_(action_ids))
            .options(selectinload(Action.official_responses))
        )
    }
    rounds = {r.id: r for r in db.session.scalars(select(Round).where(Round.id.in_(round_ids)))}
    audit = {
        e.id: e
        for e in db.session.scalars(
            select(AuditEvent).where(AuditEvent.id.in_(set(audit_of.values())))
        )
    }
    headings = _headings()
    sections = {kind: Section(str(kind), headings[kind]) for kind in URGENCY}
    for (group, subject_id), kinds in sorted(kinds_of.items()):
        kind = most_urgent(kinds)
        section = sections[kind]
        if len(section.items) >= MAX_ITEMS:
            section.more += 1
            section.more_url = _more_url(user, kind)
            continue
        if group == "action":
            action = actions.get(subject_id)
            if action is not None and action.withdrawn_at is None:
                section.items.append(_action_item(action, language))
        else:
            round_ = rounds.get(subject_id)
            if round_ is not None:
                event = audit.get(audit_of.get(subject_id, 0))
                section.items.append(_round_item(round_, kind, event, language))
    return [s for s in sections.values() if s.items]


def _subject(user: User, sections: list[Section], today: date) -> str:
    if user.role == Role.OFFICIAL:
        return _("Egekh: your daily digest of actions, %(date)s", date=format_date(today, "long"))
    items = [item for section in sections for item in section.items]
    if len(items) == 1:
        one = {
            Kind.ROUND_SENT_BACK: _("Egekh: round sent back to you: %(name)s", name=items[0].title),
            Kind.ROUND_AWAITING_REVIEW: _(
                "Egekh: round awaiting your review: %(name)s", name=items[0].title
            ),
            Kind.ROUND_PUBLISHED: _("Egekh: round published: %(name)s", name=items[0].title),
        }
        if sections[0].kind in one:
            return one[sections[0].kind]
    count = len(items) + sum(s.more for s in sections)
    return _("Egekh: %(count)s notifications", count=count)


def compose_for(user: User, notes: list[Notification], now: datetime) -> bool:
    """Gather ``notes`` into one e-mail to ``user`` in their language and mark them
    mailed; ``False`` (nothing queued) when none of their subjects exists any more."""
    language = mail.mail_language(user)
    digest = user.role == Role.OFFICIAL
    with force_locale(language):
        sections = sections_for(user, notes, language)
        if not sections:
            for note in notes:
                note.status = NotificationStatus.SKIPPED
            return False
        today = local_today(now)
        subject = _subject(user, sections, today)
        text, html = mail.render(
            "digest" if digest else "notice",
            language,
            user=user,
            subject=subject,
            sections=sections,
            today=format_date(today, "long"),
            settings_url=mail.absolute_url("account_mail.notifications"),
            site_url=mail.absolute_url("main.home"),
        )
    kind = MailKind.DIGEST if digest else MailKind.NOTICE
    message = mail.queue(user, user.email, kind, language, subject, text, html)
    for note in notes:
        note.status = NotificationStatus.MAILED
        note.message_id = message.id
    return True


def _had_digest_today(user_ids: set[int], now: datetime) -> set[int]:
    if not user_ids:
        return set()
    return set(
        db.session.scalars(
            select(MailMessage.user_id)
            .where(
                MailMessage.user_id.in_(user_ids),
                MailMessage.kind == MailKind.DIGEST,
                MailMessage.created_at >= _day_start(now),
            )
            .group_by(MailMessage.user_id)
            .having(func.count() > 0)
        )
    )


def compose(now: datetime) -> int:
    """Queue one e-mail per person with pending notifications; returns how many.

    Officials get at most one digest per local day: their events of a later run that
    day stay pending for the next day's digest. The pending events of a person who
    turned e-mails off since they were recorded, or was deactivated, are skipped."""
    notes = list(
        db.session.scalars(
            select(Notification)
            .where(Notification.status == NotificationStatus.PENDING)
            .options(selectinload(Notification.user).selectinload(User.areas))
            .order_by(Notification.user_id, Notification.id)
        )
    )
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for note in notes:
        by_user[note.user_id].append(note)
    officials = {uid for uid, ns in by_user.items() if ns[0].user.role == Role.OFFICIAL}
    waiting = _had_digest_today(officials, now)
    queued = 0
    for user_id, user_notes in by_user.items():
        user = user_notes[0].user
        if not user.active or not user.notify_email:
            for note in user_notes:
                note.status = NotificationStatus.SKIPPED
            continue
        if user_id in waiting:
            continue
        queued += compose_for(user, user_notes, now)
    db.session.flush()
    return queued


# --------------------------------------------------------------------------- the run


@dataclass
class RunReport:
    """What ``flask notify send`` did: new events recorded, e-mails queued, e-mails sent
    and failed (still queued), and the failures' errors."""

    events: int
    composed: int
    delivery: mail.Delivery


def run(now: datetime | None = None) -> RunReport:
    """Record what is due, gather it into e-mails, commit, then send every queued e-mail
    (``app.services.mail.deliver_queued``). Safe to run again at any time: recorded events
    are not recorded twice and sent e-mails are not sent again."""
    now = now or utcnow()
    events = enqueue(action_events(now) + round_events(now), now)
    composed = compose(now)
    db.session.commit()
    return RunReport(events, composed, mail.deliver_queued(now=now))
