"""Walk every registered route as every role and check the server enforces the rule.

A view without ``@public`` or ``@requires(...)`` fails here, so a new route cannot
ship without a permission rule. Signed-out visitors of a protected page are sent to
sign-in (API: 401); a signed-in user whose role lacks the rule gets 403; nothing 500s.
URL parameters are filled with real demo ids (tests/support/routes.py).
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import User
from app.permissions import PUBLIC, can
from app.services.accounts import create_user
from tests.support.routes import SHARDS, best_url, collect_routes, in_shard

ROLE_ACCOUNTS = {
    "anonymous": None,
    "admin": "admin@egekh.demo",
    "coordinator": "coordinator@egekh.demo",
    "facilitator": "facilitator@egekh.demo",
    "official": "official.dornod@egekh.demo",
    "provider": "provider@egekh.demo",
}
PASSWORD = "demo-password"


def _ensure_provider() -> None:
    if db.session.scalar(select(User).where(User.email == ROLE_ACCOUNTS["provider"])) is None:
        create_user(ROLE_ACCOUNTS["provider"], PASSWORD, "provider", "Provider")
        db.session.commit()


def _sign_in(client, email):
    response = client.post("/auth/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302


def test_every_view_declares_a_permission_rule(app):
    missing = [
        f"{route.endpoint} {route.rule}"
        for route in collect_routes(app)
        if route.access_of(app) is None
    ]
    assert not missing, "views without @public or @requires: " + ", ".join(missing)


def test_every_url_argument_has_a_known_value(app):
    """A route argument filled with a guessed default walks a URL that may not exist,
    so the walk below would check a 404 instead of the rule."""
    guessed = {f"{r.rule}: {', '.join(r.guessed)}" for r in collect_routes(app) if r.guessed}
    assert not guessed, (
        "route arguments filled with a default (add them to tests/support/routes.py): "
        + "; ".join(sorted(guessed))
    )


def _request(client, method: str, url: str):
    return client.get(url) if method == "GET" else client.open(url, method=method, data={})


@pytest.mark.parametrize("shard", range(SHARDS))
@pytest.mark.parametrize("role", list(ROLE_ACCOUNTS))
def test_every_route_answers_as_the_rule_says(app, client, role, shard):
    _ensure_provider()
    email = ROLE_ACCOUNTS[role]
    if email:
        _sign_in(client, email)
    user = db.session.scalar(select(User).where(User.email == email)) if email else None
    problems: list[str] = []
    for route in collect_routes(app):
        access = route.access_of(app)
        if access is None:
            continue  # reported by test_every_view_declares_a_permission_rule
        url = best_url(app, route)
        if not in_shard(url, shard):
            continue
        for method in sorted(route.methods):
            allowed = access == PUBLIC or (user is not None and can(user, access, None))
            if method != "GET" and (allowed or access == PUBLIC):
                continue  # state-changing requests by allowed users: see the no-500 tests
            response = _request(client, method, url)
            status = response.status_code
            where = f"{role} {method} {url} ({access}) -> {status}"
            if status >= 500:
                problems.append(where + ": server error")
            elif access == PUBLIC:
                continue
            elif user is None:
                if url.startswith("/api/"):
                    ok = status == 401
                else:
                    ok = status == 302 and "/auth/login" in response.headers["Location"]
                if not ok:
                    problems.append(
                        f"{where}: expected the sign-in redirect (API: 401), "
                        f"not {response.headers.get('Location')}"
                    )
            elif not allowed and status != 403:
                problems.append(where + ": expected 403")
            elif allowed and (status in (401, 403) or "/auth/login" in response.headers.get(
                "Location", ""
            )):
                problems.append(where + ": allowed role was refused")
    assert not problems, "\n".join(problems)


@pytest.mark.app_config()  # adds a route: an app of its own
def test_api_refusals_are_json_401_and_403(app, client):
    from app.permissions import requires

    app.add_url_rule("/api/v1/probe", "probe", requires("round.view")(lambda: {"ok": True}))
    response = client.get("/api/v1/probe")
    assert response.status_code == 401
    assert response.get_json()["error"]["message"] == "Эхлээд нэвтэрнэ үү."
    _ensure_provider()
    _sign_in(client, ROLE_ACCOUNTS["provider"])
    response = client.get("/api/v1/probe")
    assert response.status_code == 403 and response.get_json()["error"]["status"] == 403


def test_a_protected_page_sends_to_sign_in_and_back(client):
    response = client.get("/admin/users?role=official")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=")
    login_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Энэ хуудсыг нээхийн тулд нэвтэрнэ үү." in login_page
    response = client.post(
        response.headers["Location"],
        data={"email": "admin@egekh.demo", "password": PASSWORD},
    )
    assert response.headers["Location"] == "/admin/users?role=official"
