"""SQLAlchemy models of the whole scorecard cycle (constraints live in the database).

Every module of this package is imported, so models added in a new module join the
metadata that migrations are compared against.
"""

import importlib
import pkgutil

from app.models.accounts import Organisation, User, user_area
from app.models.audit import AuditEvent
from app.models.catalogue import (
    Facility,
    FacilityType,
    Indicator,
    Scale,
    ScaleLabel,
    Sector,
    Template,
    TemplateIndicator,
    indicator_facility_type,
)
from app.models.cycle import Action, ActionUpdate, InterfaceMeeting, OfficialResponse
from app.models.geography import Area
from app.models.notifications import MailMessage, Notification, PasswordReset
from app.models.responses import ConsensusScore, Response, Score, Tally
from app.models.rounds import (
    InputItem,
    ParticipantGroup,
    Round,
    RoundIndicator,
    round_facilitator,
    round_indicator_proposal,
)
from app.models.translations import DemographicOption, TextTranslation

__all__ = [
    "Action",
    "ActionUpdate",
    "Area",
    "AuditEvent",
    "ConsensusScore",
    "DemographicOption",
    "Facility",
    "FacilityType",
    "Indicator",
    "InputItem",
    "InterfaceMeeting",
    "MailMessage",
    "Notification",
    "OfficialResponse",
    "Organisation",
    "ParticipantGroup",
    "PasswordReset",
    "Response",
    "Round",
    "RoundIndicator",
    "Scale",
    "ScaleLabel",
    "Score",
    "Sector",
    "Tally",
    "Template",
    "TemplateIndicator",
    "TextTranslation",
    "User",
    "indicator_facility_type",
    "round_facilitator",
    "round_indicator_proposal",
    "user_area",
]

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
