"""Every registered route with its URL parameters filled from the seeded demo.

New routes keep working without editing this file as long as their arguments use a
name below; an unknown argument falls back to a value by converter and is reported
(``Route.guessed``) so the table can be extended.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

from flask import Flask
from sqlalchemy import select

from app.extensions import db
from app.permissions import ACCESS_ATTRIBUTE

SKIPPED_ENDPOINTS = {"static"}


@dataclass
class Route:
    endpoint: str
    rule: str
    methods: set[str]
    arguments: dict[str, list[str]]
    guessed: list[str] = field(default_factory=list)

    def access_of(self, app: Flask) -> str | None:
        return getattr(app.view_functions[self.endpoint], ACCESS_ATTRIBUTE, None)

    def urls(self, app: Flask) -> list[str]:
        """Candidate URLs, best guess first (one per candidate value of the first argument
        that has several, e.g. ``code`` may be an aimag code or a join code)."""
        from itertools import product

        names = list(self.arguments)
        combos = product(*(self.arguments[name] for name in names)) if names else [()]
        urls = []
        with app.test_request_context():
            from flask import url_for

            for values in combos:
                try:
                    urls.append(url_for(self.endpoint, **dict(zip(names, values, strict=True))))
                except Exception:  # a value the converter refuses
                    continue
                if len(urls) >= 6:
                    break
        return urls


def demo_values() -> dict[str, list[str]]:
    """Real ids from the demo: the open Dornod round (join code DEMO01) and what hangs on it."""
    from app.models import (
        Action,
        Area,
        Organisation,
        ParticipantGroup,
        Response,
        Round,
        RoundIndicator,
        User,
    )

    round_ = db.session.scalar(select(Round).where(Round.community_code == "DEMO01"))
    dornod = db.session.scalar(select(Area).where(Area.code == "MN-061"))
    response = db.session.scalar(select(Response).where(Response.round_id == round_.id).limit(1))
    group = db.session.scalar(
        select(ParticipantGroup).where(ParticipantGroup.round_id == round_.id).limit(1)
    )
    indicator = db.session.scalar(
        select(RoundIndicator).where(RoundIndicator.round_id == round_.id).limit(1)
    )
    action = db.session.scalar(
        select(Action)
        .join(Round, Action.round_id == Round.id)
        .where(Round.facility_id == round_.facility_id)
        .limit(1)
    )
    facilitator = db.session.scalar(select(User).where(User.email == "facilitator@egekh.demo"))
    organisation = round_.organisation
    assert isinstance(organisation, Organisation)
    round_id = str(round_.id)
    values = {
        "round_id": [round_id],
        "round": [round_id],
        "previous_round_id": [round_id],
        "facility_id": [str(round_.facility_id)],
        "facility": [str(round_.facility_id)],
        "area_id": [str(dornod.id)],
        "aimag": ["MN-061"],
        "aimag_code": ["MN-061"],
        "area_code": ["MN-061"],
        "code": ["MN-061", "DEMO01", "mn"],
        "join_code": ["DEMO01"],
        "lang": ["mn"],
        "language": ["mn"],
        "locale": ["mn"],
        "user_id": [str(facilitator.id)],
        "organisation_id": [str(organisation.id)],
        "org_id": [str(organisation.id)],
        "response_id": [str(response.id)] if response else ["1"],
        "uuid": [response.uuid] if response else ["00000000-0000-4000-8000-000000000000"],
        "receipt": [response.receipt] if response else ["X"],
        "group_id": [str(group.id)] if group else ["1"],
        "round_indicator_id": [str(indicator.id)] if indicator else ["1"],
        "ri_id": [str(indicator.id)] if indicator else ["1"],
        "indicator_id": [str(indicator.indicator_id)] if indicator else ["1"],
        # The catalogue: the round's template, its sector and the facility's type.
        "template_id": [str(round_.template_id)],
        "scale_id": [str(round_.scale_id)],
        "sector_id": [str(round_.template.sector_id)],
        "facility_type_id": [str(round_.facility.facility_type_id)],
        "action_id": [str(action.id)] if action else ["1"],
        "period": [round_.period_label],
        "period_label": [round_.period_label],
        "token": ["0" * 43],
        # ODK Collect: a form of the open round, and a device token's row.
        "form_id": [f"egekh-{round_id}-community"],
        "device_id": ["1"],
        # An import batch of the round (the demo imports none: any id answers 404).
        "job_id": ["1"],
        # A coordinator's send-back comment on a round (the demo has none: 404).
        "note_id": ["1"],
        "sector": ["education", "health"],
        "fmt": ["csv", "json", "xlsx", "pdf"],
        "format": ["csv", "json", "xlsx", "pdf"],
        "ext": ["csv", "json", "xlsx", "pdf"],
        "filename": ["css/egekh.css"],
        "side": ["community", "provider"],
        # Round export parts (free text first: its CSV must stay inert too).
        "part": ["texts", "responses", "consensus", "actions"],
        # Aimag report downloads and charts.
        "table": ["indicators", "consensus", "actions", "trend"],
        "kind": ["indicators-education", "gap-health", "trend"],
        # SMS gateways' webhooks (/sms/<gateway>).
        "gateway": ["android", "rapidpro"],
    }
    return values


CONVERTER_DEFAULTS = {
    "IntegerConverter": ["1"],
    "FloatConverter": ["1.0"],
    "UUIDConverter": ["00000000-0000-4000-8000-000000000000"],
    "PathConverter": ["x"],
    "UnicodeConverter": ["x"],
    "AnyConverter": [],
}


SHARDS = 4
"""Whole-site walks are split into this many tests, by URL, so that parallel test
processes share them instead of one process walking the whole site."""


def in_shard(url: str, shard: int) -> bool:
    """Whether ``url`` belongs to walk ``shard`` (0 to ``SHARDS`` - 1). By URL, not by
    route: one route's downloads in every format would otherwise land in one shard."""
    return zlib.crc32(url.encode()) % SHARDS == shard


def collect_routes(app: Flask) -> list[Route]:
    """Every route of ``app`` (static files aside) with candidate argument values."""
    values = demo_values()
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIPPED_ENDPOINTS:
            continue
        arguments: dict[str, list[str]] = {}
        guessed = []
        for name in sorted(rule.arguments):
            converter = rule._converters[name]
            kind = type(converter).__name__
            if kind == "AnyConverter":
                arguments[name] = list(converter.items)
            elif name in values:
                arguments[name] = values[name]
            else:
                arguments[name] = CONVERTER_DEFAULTS.get(kind, ["x"])
                guessed.append(name)
        methods = set(rule.methods or ()) - {"HEAD", "OPTIONS"}
        routes.append(Route(rule.endpoint, rule.rule, methods, arguments, guessed))
    return routes


_chosen: dict[tuple[str, ...], str] = {}


def best_url(app: Flask, route: Route) -> str:
    """The first candidate URL that exists for a GET (else the first candidate), as
    the demo administrator sees it.

    The choice is kept for the test process: every test's database is a copy of the
    same demo template, with the same ids, so asking again would find the same URL.
    """
    urls = route.urls(app)
    if len(urls) < 2 or "GET" not in route.methods:
        return urls[0]
    key = tuple(urls)
    if key not in _chosen:
        picker = app.test_client()
        response = picker.post(
            "/auth/login", data={"email": "admin@egekh.demo", "password": "demo-password"}
        )
        assert response.status_code == 302, "demo administrator sign-in failed"
        _chosen[key] = next((url for url in urls if picker.get(url).status_code != 404), urls[0])
    return _chosen[key]
