"""One permission table: every view declares the action it performs, checked on the server.

``can(user, action, obj)`` answers whether ``user`` may do ``action`` to ``obj``.
Views declare their rule with ``@public`` or ``@requires(action)``; object-level
checks inside a view call ``authorize(action, obj)``. A test walks every route and
fails for a view that declares no rule.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user

from scorecards.vocab import Role

ACCESS_ATTRIBUTE = "egekh_access"
PUBLIC = "public"


def _role(user: Any) -> str | None:
    return getattr(user, "role", None) if getattr(user, "is_authenticated", False) else None


def _area_ids_covering(area: Any) -> set[int]:
    """The area and its ancestors: a scope on an aimag covers its soums."""
    ids: set[int] = set()
    while area is not None:
        ids.add(area.id)
        area = area.parent
    return ids


def covers_area(user: Any, area: Any) -> bool:
    """True when one of the user's scoped areas is ``area`` or one of its ancestors."""
    if area is None:
        return False
    scoped = {a.id for a in getattr(user, "areas", [])}
    return bool(scoped & _area_ids_covering(area))


def _is_admin(user: Any, obj: Any = None) -> bool:
    return _role(user) == Role.ADMIN


def _is_staff(user: Any, obj: Any = None) -> bool:
    return _role(user) is not None


def _same_organisation_in_area(user: Any, round_: Any) -> bool:
    return (
        round_ is not None
        and user.organisation_id == round_.organisation_id
        and covers_area(user, round_.facility.area)
    )


def _round_view(user: Any, round_: Any) -> bool:
    role = _role(user)
    if role == Role.ADMIN:
        return True
    if round_ is None:
        return role in (Role.COORDINATOR, Role.FACILITATOR, Role.OFFICIAL)
    if role in (Role.FACILITATOR, Role.COORDINATOR):
        return _same_organisation_in_area(user, round_)
    if role == Role.OFFICIAL:
        return covers_area(user, round_.facility.area)
    return False


def _round_edit(user: Any, round_: Any) -> bool:
    role = _role(user)
    if role == Role.ADMIN:
        return True
    if role not in (Role.FACILITATOR, Role.COORDINATOR):
        return False
    return round_ is None or _same_organisation_in_area(user, round_)


def _round_publish(user: Any, round_: Any) -> bool:
    role = _role(user)
    if role == Role.ADMIN:
        return True
    return role == Role.COORDINATOR and (round_ is None or _same_organisation_in_area(user, round_))


def _area_view_unpublished(user: Any, area: Any) -> bool:
    """Whether the user may be shown unpublished rounds of ``area`` at all; which ones
    is decided round by round by ``round.view_unpublished``."""
    role = _role(user)
    if role == Role.ADMIN:
        return True
    return role in (Role.OFFICIAL, Role.COORDINATOR) and (area is None or covers_area(user, area))


def _round_view_unpublished(user: Any, round_: Any) -> bool:
    """Whether an unpublished ``round_``'s figures, actions and title may be shown in the
    report pages, their downloads and the aimag pages.

    A coordinator needs both their organisation and their areas to cover the round (a
    coordinator of another organisation working in the same aimag sees only what the
    public sees). An official has no organisation: officials answer for their aimag's
    services whoever ran the scorecard, so their areas alone decide. Administrators see
    every round; facilitators follow their own rounds in the workspace instead.
    """
    role = _role(user)
    if role == Role.ADMIN:
        return True
    if round_ is None:
        return role in (Role.OFFICIAL, Role.COORDINATOR)
    if role == Role.COORDINATOR:
        return _same_organisation_in_area(user, round_)
    if role == Role.OFFICIAL:
        return covers_area(user, round_.facility.area)
    return False


def _catalogue_edit(user: Any, obj: Any = None) -> bool:
    """The indicator library and templates: administrators and coordinators."""
    return _role(user) in (Role.ADMIN, Role.COORDINATOR)


def _scale_manage(user: Any, obj: Any = None) -> bool:
    """Scales (new ones, edits and versions): administrators and coordinators."""
    return _role(user) in (Role.ADMIN, Role.COORDINATOR)


def _action_respond(user: Any, action: Any) -> bool:
    if _role(user) == Role.ADMIN:
        return True
    if _role(user) != Role.OFFICIAL:
        return False
    return action is None or covers_area(user, action.round.facility.area)


RULES: dict[str, Callable[[Any, Any], bool]] = {
    "account.use": _is_staff,
    "round.view": _round_view,
    "round.create": _round_edit,
    "round.edit": _round_edit,
    "round.publish": _round_publish,
    "area.view_unpublished": _area_view_unpublished,
    "round.view_unpublished": _round_view_unpublished,
    "action.respond": _action_respond,
    "admin.users": _is_admin,
    "admin.organisations": _is_admin,
    "admin.audit": _is_admin,
    "scale.manage": _scale_manage,
    "catalogue.edit": _catalogue_edit,
    "catalogue.admin": _is_admin,
}


def can(user: Any, action: str, obj: Any = None) -> bool:
    """Whether ``user`` may perform ``action`` on ``obj`` (``None``: on some object)."""
    rule = RULES.get(action)
    if rule is None:
        raise KeyError(f"no permission rule named {action!r}")
    return bool(rule(user, obj))


def authorize(action: str, obj: Any = None) -> None:
    """Abort with 403 unless the current user may perform ``action`` on ``obj``."""
    if not can(current_user, action, obj):
        abort(403)


def public(view: Callable) -> Callable:
    """Mark a view as open to everyone, signed in or not."""
    setattr(view, ACCESS_ATTRIBUTE, PUBLIC)
    return view


def requires(action: str) -> Callable[[Callable], Callable]:
    """Require a signed-in user allowed to perform ``action`` (object checks come later)."""
    if action not in RULES:
        raise KeyError(f"no permission rule named {action!r}")

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                from app.extensions import login_manager

                return login_manager.unauthorized()
            if not can(current_user, action, None):
                abort(403)
            return view(*args, **kwargs)

        setattr(wrapper, ACCESS_ATTRIBUTE, action)
        return wrapper

    return decorate
