"""Egekh's pure domain: scales, scoring rules, round lifecycle and aggregation.

Nothing in this package imports Flask, SQLAlchemy, WTForms, ``app`` or ``forms``.
Inputs are dataclasses, plain values and DataFrames; outputs are the same or bytes.
"""
