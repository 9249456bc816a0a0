"""Caches hold plain values: whatever the report pages put in the report cache carries
no database row, and the aimag report is served from the cache as it was built."""

from __future__ import annotations

import dataclasses

import pandas as pd
from flask import current_app
from sqlalchemy.orm import class_mapper
from sqlalchemy.orm.exc import UnmappedClassError

DORNOD = "MN-061"


def _is_row(value: object) -> bool:
    try:
        class_mapper(type(value))
    except UnmappedClassError:
        return False
    return True


def _rows_in(value: object, path: str = "") -> list[str]:
    """Paths to every ORM object inside ``value`` (dataclasses, mappings, sequences and
    the object columns of DataFrames are walked)."""
    if _is_row(value):
        return [path or "<value>"]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [
            found
            for f in dataclasses.fields(value)
            for found in _rows_in(getattr(value, f.name), f"{path}.{f.name}")
        ]
    if isinstance(value, dict):
        return [found for k, v in value.items() for found in _rows_in(v, f"{path}[{k!r}]")]
    if isinstance(value, list | tuple | set):
        return [found for i, v in enumerate(value) for found in _rows_in(v, f"{path}[{i}]")]
    if isinstance(value, pd.DataFrame):
        return [
            found
            for column in value.columns
            if value[column].dtype == object
            for i, v in enumerate(value[column].tolist())
            for found in _rows_in(v, f"{path}[{column!r}][{i}]")
        ]
    return []


def test_every_cached_report_value_is_plain(app):
    client = app.test_client()
    for url in (
        "/reports/",
        f"/reports/{DORNOD}",
        f"/reports/{DORNOD}/gap.csv",
        f"/reports/{DORNOD}.pdf",
    ):
        assert client.get(url).status_code == 200, url
    with app.app_context():
        entries = current_app.extensions["egekh_report_cache"]._entries
        names = {key[2] for key in entries}
        assert {"aimag_report", "national_table", "figures", "aimag_pdf"} <= names
        found = [f"{key[2]}{path}" for key, value in entries.items() for path in _rows_in(value)]
    assert found == []


def test_the_cached_aimag_report_is_served_unchanged(app):
    client = app.test_client()
    first = client.get(f"/reports/{DORNOD}").get_data(as_text=True)
    with app.app_context():
        entries = current_app.extensions["egekh_report_cache"]._entries
        report = next(v for k, v in entries.items() if k[0] == DORNOD and k[2] == "aimag_report")
        before = dataclasses.asdict(report) | {"tables": None}
    second = client.get(f"/reports/{DORNOD}").get_data(as_text=True)
    assert first == second
    assert dataclasses.asdict(report) | {"tables": None} == before
    assert report.area_code == DORNOD and report.sectors  # plain names, not rows
    assert all(isinstance(s.name, str) for s in report.sectors)
