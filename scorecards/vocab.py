"""Closed vocabularies shared by every layer (stored in the database as these codes)."""

from enum import StrEnum


class AreaLevel(StrEnum):
    AIMAG = "aimag"
    CAPITAL = "capital"
    SOUM = "soum"
    DISTRICT = "district"


class Role(StrEnum):
    ADMIN = "admin"
    COORDINATOR = "coordinator"
    FACILITATOR = "facilitator"
    OFFICIAL = "official"
    PROVIDER = "provider"


class OrganisationKind(StrEnum):
    NGO = "ngo"
    GOVERNMENT = "government"
    PROVIDER = "provider"
    DONOR = "donor"


class Side(StrEnum):
    COMMUNITY = "community"
    PROVIDER = "provider"


class Channel(StrEnum):
    PHONE = "phone"
    TABLET = "tablet"
    PAPER = "paper"
    IMPORT = "import"
    SMS = "sms"


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNDISCLOSED = "undisclosed"


class AgeBand(StrEnum):
    UNDER_18 = "under_18"
    AGE_18_34 = "18_34"
    AGE_35_59 = "35_59"
    AGE_60_PLUS = "60_plus"
    UNDISCLOSED = "undisclosed"


class Disability(StrEnum):
    YES = "yes"
    NO = "no"
    UNDISCLOSED = "undisclosed"


class GroupKind(StrEnum):
    WOMEN = "women"
    MEN = "men"
    YOUTH = "youth"
    PARENTS = "parents"
    STUDENTS = "students"
    PATIENTS = "patients"
    ELDERLY = "elderly"
    DISABILITY = "disability"
    HERDERS = "herders"
    MIXED = "mixed"
    PROVIDERS = "providers"


class IndicatorOrigin(StrEnum):
    STANDARD = "standard"
    COMMUNITY = "community"
    PROVIDER = "provider"


class MissingReason(StrEnum):
    """Why a score has no value. Missing is never zero."""

    NOT_APPLICABLE = "na"
    DONT_KNOW = "dont_know"


class ActionStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


class Responsible(StrEnum):
    PROVIDER = "provider"
    SOUM_GOVERNOR = "soum_governor"
    NGO = "ngo"
    COMMUNITY = "community"
    AIMAG_DEPARTMENT = "aimag_department"
