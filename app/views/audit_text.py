"""The audit log in words: what each recorded action means, which thing it changed, and
its fields before and after as a table (codes turned into the user's language)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.messages import ACTION_STATUS_NAMES, PHASE_NAMES

ACTION_WORDS = {
    "action.create": _l("Action added to the plan"),
    "action.edit": _l("Action changed"),
    "action.update": _l("Action progress update"),
    "action.withdraw": _l("Action withdrawn"),
    "catalogue.demographic_label_update": _l("Labels of a demographic answer changed"),
    "catalogue.facility_type_create": _l("Facility type added"),
    "catalogue.facility_type_update": _l("Facility type changed"),
    "catalogue.indicator_create": _l("Indicator added to the library"),
    "catalogue.indicator_promote": _l("Proposed indicator added to the library"),
    "catalogue.indicator_update": _l("Library indicator changed"),
    "catalogue.indicator_version": _l("New version of a library indicator"),
    "catalogue.sector_create": _l("Sector added"),
    "catalogue.sector_update": _l("Sector changed"),
    "catalogue.template_create": _l("Template added"),
    "catalogue.template_indicator_add": _l("Indicator added to a template"),
    "catalogue.template_indicator_move": _l("Indicator moved in a template"),
    "catalogue.template_indicator_remove": _l("Indicator removed from a template"),
    "catalogue.template_update": _l("Template changed"),
    "catalogue.template_version": _l("New version of a template"),
    "device_token.create": _l("Device token issued"),
    "device_token.revoke": _l("Device token revoked"),
    "entry.group": _l("Group scores entered"),
    "entry.paper": _l("Paper forms entered"),
    "entry.tallies": _l("Tallies entered"),
    "facility.create": _l("Facility added"),
    "import.cli": _l("File imported from the command line"),
    "import.discard": _l("Import discarded"),
    "import.done": _l("Import finished"),
    "import.interrupted": _l("Import interrupted"),
    "import.retry": _l("Import retried"),
    "import.upload": _l("File uploaded for import"),
    "import.withdraw": _l("Imported file withdrawn"),
    "input.add_common": _l("Common input items added"),
    "input.remove": _l("Input item removed"),
    "input.save": _l("Input tracking saved"),
    "meeting.save": _l("Interface meeting recorded"),
    "official_response.create": _l("Official's answer to an action"),
    "organisation.create": _l("Organisation added"),
    "response.correct": _l("Form corrected"),
    "response.withdraw": _l("Form withdrawn"),
    "round.collection": _l("Collection opened or closed"),
    "round.create": _l("Round created"),
    "round.export": _l("Round data exported"),
    "round.group_save": _l("Participant group saved"),
    "round.indicator_add": _l("Indicator added to a round"),
    "round.indicator_drop": _l("Indicator removed from a round"),
    "round.indicator_move": _l("Indicator moved in a round"),
    "round.indicator_propose": _l("Indicator proposed"),
    "round.language": _l("Round language changed"),
    "round.scales": _l("Round scales chosen"),
    "round.send_back_resolved": _l("Send-back comment resolved"),
    "round.sent_back": _l("Round sent back to the facilitator"),
    "round.shared_device": _l("Shared tablet mode changed"),
    "round.transition": _l("Round moved to another phase"),
    "round.unlock": _l("Round unlocked"),
    "scale.create": _l("Scale added"),
    "scale.edit": _l("Scale changed"),
    "scale.translate": _l("Scale translated"),
    "scale.version": _l("New version of a scale"),
    "text.approve": _l("Text approved for publication"),
    "text.hide": _l("Text hidden"),
    "user.deactivated": _l("Account deactivated"),
    "user.invitation_accepted": _l("Invitation accepted"),
    "user.invitation_emailed": _l("Invitation e-mailed"),
    "user.invited": _l("Person invited"),
    "user.locked": _l("Account locked after failed sign-ins"),
    "user.notifications_changed": _l("Notification settings changed"),
    "user.password_changed": _l("Password changed"),
    "user.password_reset": _l("Password reset"),
    "user.password_reset_requested": _l("Password reset asked for"),
    "user.reactivated": _l("Account reactivated"),
    "user.reinvited": _l("New invitation link"),
    "user.signed_in": _l("Signed in"),
    "user.signed_out": _l("Signed out"),
    "user.unlocked": _l("Account unlocked"),
    "user.updated": _l("Account changed"),
}
PUBLISHED_WORDS = _l("Round published")

ENTITY_WORDS = {
    "action": _l("Action"),
    "facility": _l("Facility"),
    "import": _l("Import"),
    "indicator": _l("Indicator"),
    "organisation": _l("Organisation"),
    "response": _l("Form"),
    "round": _l("Round"),
    "scale": _l("Scale"),
    "sector": _l("Sector"),
    "template": _l("Template"),
    "text": _l("Text"),
    "user": _l("Account"),
}

FIELD_WORDS = {
    "active": _l("Active"),
    "areas": _l("Areas"),
    "comment": _l("Comment"),
    "description": _l("What"),
    "display_name": _l("Name"),
    "due_date": _l("Due date"),
    "email": _l("E-mail"),
    "language": _l("Language"),
    "note": _l("Note"),
    "office": _l("Office"),
    "organisation_id": _l("Organisation"),
    "reason": _l("Reason"),
    "resources": _l("Resources"),
    "responsible": _l("Responsible"),
    "responsible_detail": _l("Who exactly"),
    "role": _l("Role"),
    "round": _l("Round"),
    "shared_device": _l("Shared tablet"),
    "state": _l("Phase"),
    "status": _l("Status"),
    "subject": _l("Answers"),
    "title": _l("Title"),
    "withdrawn": _l("Withdrawn"),
    "body": _l("Answer"),
    "commitment_date": _l("Committed by"),
    "code": _l("Code"),
    "facility_id": _l("Facility"),
    "indicator": _l("Indicator"),
    "kind": _l("Kind"),
    "label": _l("Name"),
    "locked_until": _l("Locked until"),
    "name": _l("Name"),
    "name_en": _l("Name (English)"),
    "name_mn": _l("Name (Mongolian)"),
    "period_label": _l("Period"),
    "position": _l("Position"),
    "rows": _l("Rows"),
    "scale_id": _l("Scale"),
    "side": _l("Side"),
    "template_id": _l("Template"),
    "text": _l("Text"),
    "version": _l("Version"),
}


def action_words(action: str, after: dict | None) -> str:
    """What happened, in words. A phase move into ``published`` is a publication (the
    same service records both as ``round.transition``); an unknown code is shown as is."""
    if action == "round.transition" and (after or {}).get("state") == "published":
        return str(PUBLISHED_WORDS)
    words = ACTION_WORDS.get(action)
    return str(words) if words is not None else action


def entity_words(entity: str, entity_id: int | None) -> str:
    """The changed thing: "Round #12"."""
    name = str(ENTITY_WORDS.get(entity, entity))
    return f"{name} #{entity_id}" if entity_id is not None else name


def value_text(key: str, value: Any, names: dict | None = None) -> str:
    """One recorded value in words: phases, statuses and roles by name, areas and
    organisations by the names in ``names`` (``{key: {code or id: name}}``), yes/no, lists
    joined, nothing as a dash."""
    from app.views.admin import role_label_text

    names = names or {}
    if value is None or value == "":
        return "—"
    if isinstance(value, list):
        return ", ".join(value_text(key, item, names) for item in value) or "—"
    if key in names and value in names[key]:
        return names[key][value]
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if key == "state" and value in PHASE_NAMES:
        return str(PHASE_NAMES[value])
    if key == "status" and value in ACTION_STATUS_NAMES:
        return str(ACTION_STATUS_NAMES[value])
    if key == "role":
        return role_label_text(value)
    if isinstance(value, dict):
        return "; ".join(f"{field_words(k)}: {value_text(k, v, names)}" for k, v in value.items())
    return str(value)


def field_words(key: str) -> str:
    words = FIELD_WORDS.get(key)
    return str(words) if words is not None else key.replace("_", " ")


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str
    changed: bool


def changes(before: dict | None, after: dict | None, names: dict | None = None) -> list[Change]:
    """The recorded fields as rows of field, before, after (in the order recorded, before's
    keys first), values in words (see :func:`value_text`); ``changed`` marks a field whose
    value differs."""
    before, after = before or {}, after or {}
    if not isinstance(before, dict):
        before = {"value": before}
    if not isinstance(after, dict):
        after = {"value": after}
    keys = list(dict.fromkeys([*before, *after]))
    rows = []
    for key in keys:
        old = value_text(key, before.get(key), names) if key in before else ""
        new = value_text(key, after.get(key), names) if key in after else ""
        changed = key in before and key in after and before[key] != after[key]
        rows.append(Change(field_words(key), old, new, changed))
    return rows
