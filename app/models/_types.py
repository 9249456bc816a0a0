"""Column helpers shared by the models."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, String


def utcnow() -> datetime:
    """Naive UTC timestamp (stored the same way on SQLite and PostgreSQL)."""
    return datetime.now(UTC).replace(tzinfo=None)


def code_type(enum: type[StrEnum]) -> String:
    return String(max(len(member.value) for member in enum))


def enum_check(column: str, enum: type[StrEnum], nullable: bool = False) -> CheckConstraint:
    """A database CHECK that ``column`` holds one of ``enum``'s codes."""
    values = ", ".join(f"'{member.value}'" for member in enum)
    condition = f"{column} IN ({values})"
    if nullable:
        condition = f"{column} IS NULL OR {condition}"
    return CheckConstraint(condition, name=f"{column}_valid")
