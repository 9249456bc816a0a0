"""The OpenAPI 3.1 description of ``/api/v1/`` (written by hand, kept next to the views)."""

from __future__ import annotations

from app.services.reports import GROUPINGS, SOURCES


def _param(name: str, description: str, schema: dict, required: bool = False) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": schema,
    }


_PAGING = [
    _param("limit", "Rows per page.", {"type": "integer", "minimum": 1, "maximum": 1000}),
    _param("offset", "Rows to skip.", {"type": "integer", "minimum": 0}),
]
_AIMAG = _param(
    "aimag", "ISO 3166-2 code of an aimag or the capital.", {"type": "string", "example": "MN-061"}
)
_ERROR = {
    "description": "A parameter is invalid; `parameter` names it.",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}


def _ok(schema_ref: str) -> dict:
    return {
        "description": "OK",
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_ref}"}}},
    }


def openapi_document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Egekh open data API",
            "version": "1.0.0",
            "description": (
                "Results of published community scorecards in Mongolia. Figures based on "
                "fewer than k people are null with suppressed=true."
            ),
            "license": {"name": "CC BY 4.0", "identifier": "CC-BY-4.0"},
        },
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/areas": {
                "get": {
                    "summary": "Aimags and the capital, or the soums/districts of one",
                    "parameters": [
                        _param(
                            "parent", "ISO code of an aimag: list its soums.", {"type": "string"}
                        )
                    ],
                    "responses": {"200": _ok("Areas"), "400": _ERROR},
                }
            },
            "/facilities": {
                "get": {
                    "summary": "Facilities (schools, health centres…)",
                    "parameters": [
                        _AIMAG,
                        _param("sector", "Sector code.", {"type": "string"}),
                        *_PAGING,
                    ],
                    "responses": {"200": _ok("Facilities"), "400": _ERROR},
                }
            },
            "/rounds": {
                "get": {
                    "summary": "Published scorecard rounds",
                    "parameters": [
                        _AIMAG,
                        _param("facility", "Facility id.", {"type": "integer", "minimum": 1}),
                        _param("period", "Period label.", {"type": "string", "example": "2025-H2"}),
                        *_PAGING,
                    ],
                    "responses": {"200": _ok("Rounds"), "400": _ERROR},
                }
            },
            "/results": {
                "get": {
                    "summary": "Indicator results by any grouping",
                    "parameters": [
                        _param(
                            "by",
                            "Comma-separated groupings (up to 4; one demographic at a time).",
                            {"type": "string", "example": "aimag,sector"},
                        ),
                        _param(
                            "source",
                            "votes (individual + tallies, default), individual, tally, consensus.",
                            {"type": "string", "enum": list(SOURCES)},
                        ),
                        _AIMAG,
                        _param("sector", "Sector code.", {"type": "string"}),
                        _param("period", "Period label.", {"type": "string"}),
                        _param("side", "community or provider.", {"type": "string"}),
                        *[
                            _param(name, f"Filter on {name}.", {"type": "string"})
                            for name in GROUPINGS
                            if name not in ("aimag", "sector", "period", "side")
                        ],
                    ],
                    "responses": {"200": _ok("Results"), "400": _ERROR},
                }
            },
        },
        "components": {
            "schemas": {
                "Error": {
                    "type": "object",
                    "properties": {
                        "error": {
                            "type": "object",
                            "properties": {
                                "status": {"type": "integer"},
                                "parameter": {"type": "string"},
                                "message": {"type": "string"},
                            },
                        }
                    },
                },
                "Areas": {"type": "object", "properties": {"areas": {"type": "array"}}},
                "Facilities": {"type": "object", "properties": {"facilities": {"type": "array"}}},
                "Rounds": {"type": "object", "properties": {"rounds": {"type": "array"}}},
                "Results": {
                    "type": "object",
                    "properties": {
                        "k": {"type": "integer"},
                        "results": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "people": {"type": "integer"},
                                    "n": {"type": "integer"},
                                    "n_missing": {"type": "integer"},
                                    "mean": {"type": ["number", "null"]},
                                    "median": {"type": ["number", "null"]},
                                    "mean_100": {"type": ["number", "null"]},
                                    "ci_low_100": {"type": ["number", "null"]},
                                    "ci_high_100": {"type": ["number", "null"]},
                                    "share_positive": {"type": ["number", "null"]},
                                    "suppressed": {"type": "boolean"},
                                },
                            },
                        },
                    },
                },
            }
        },
    }
