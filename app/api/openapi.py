"""The OpenAPI 3.1 description of ``/api/v1/`` (written by hand, kept next to the views)."""

from __future__ import annotations

from app.services.reports.query import GROUPINGS, SOURCES


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


COUNTS_DESCRIPTION = (
    "people: individual respondents plus the members of groups that answered as a group "
    "(tallies or consensus scores) as recorded on the group, a group never counted twice; "
    "responses: forms sent, typed from paper or imported (withdrawn forms excluded); "
    "answers: scores on the scale (each tally vote and each consensus score counts one; "
    "'not applicable' and 'don't know' are not answers). The same counts are shown on the "
    "home page, /aimags/, /reports/ and each aimag report. facilities and rounds count "
    "those with a published round."
)


def _ok(schema_ref: str) -> dict:
    return {
        "description": "OK",
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_ref}"}}},
    }


def openapi_document() -> dict:
    document = _document()
    results = document["paths"]["/results"]["get"]
    document["paths"]["/distribution"] = {
        "get": {
            "summary": "How the votes spread over each scale's points, with their labels",
            "description": (
                "The parameters of /results (source: votes, individual or tally). One "
                "row per grouping, scale and point (zeros included) with count, n and "
                "share; point_label is the scale's own label of the point in the "
                "request's language (null for an unlabelled point of a range). Points "
                "of different scales are never merged. A grouping whose figure "
                "/results hides has no rows, nor has one with a scale block of fewer "
                "than k answers."
            ),
            "parameters": results["parameters"],
            "responses": {"200": _ok("Distribution"), "400": _ERROR},
        }
    }
    document["components"]["schemas"]["Distribution"] = {
        "type": "object",
        "properties": {
            "k": {"type": "integer"},
            "distribution": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "scale_code": {"type": "string"},
                        "scale_name": {"type": "string"},
                        "point": {"type": "number"},
                        "point_label": {"type": ["string", "null"]},
                        "count": {"type": "integer"},
                        "n": {"type": "integer"},
                        "share": {"type": ["number", "null"]},
                    },
                },
            },
        },
    }
    _add_answerability(document)
    return document


ANSWERABILITY_DESCRIPTION = (
    "How officials answer the actions of published joint action plans (withdrawn actions "
    "left out; an action carried across follow-up rounds counts once). agreed: actions; "
    "answered: with at least one official's answer; answered_on_time: first answer on or "
    "before the action's due date (never for an action without one); median_days: whole "
    "days from the day the action was agreed to its first answer, the middle value (for an "
    "even count the mean of the two middle values, rounded half up), null when nothing is "
    "answered; overdue: open actions (planned or in progress) whose due date is before "
    "today. offices: per office of the first answer, answered actions only."
)


def _add_answerability(document: dict) -> None:
    figures = {
        "agreed": {"type": "integer"},
        "answered": {"type": "integer"},
        "answered_on_time": {"type": "integer"},
        "median_days": {"type": ["integer", "null"]},
        "overdue": {"type": "integer"},
    }
    document["paths"]["/answerability"] = {
        "get": {
            "summary": "Officials' answers to actions: agreed, answered, on time, days, overdue",
            "description": ANSWERABILITY_DESCRIPTION,
            "parameters": [_AIMAG],
            "responses": {"200": _ok("Answerability"), "400": _ERROR},
        }
    }
    office = {"type": "object", "properties": {"office": {"type": "string"}, **figures}}
    document["components"]["schemas"]["Answerability"] = {
        "type": "object",
        "properties": {
            "today": {"type": "string", "format": "date"},
            "total": {
                "type": "object",
                "properties": {"aimag": {"type": ["string", "null"]}, **figures},
            },
            "aimags": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "aimag": {"type": "string"},
                        "aimag_name": {"type": "string"},
                        **figures,
                        "offices": {"type": "array", "items": office},
                    },
                },
            },
        },
    }


def _document() -> dict:
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
                            "votes (individual + tallies, default), individual, tally, or "
                            "consensus: the one score each participant group agreed together, "
                            "reported as its own source and never pooled with votes. For "
                            "consensus, n counts group scores, groups_shown the groups behind "
                            "the figure and people the participants recorded for them. A "
                            "group's consensus is published only when its recorded number of "
                            "participants (women, men and others counted at the session) is at "
                            "least k; groups left out are counted in groups_size_not_recorded "
                            "and groups_below_k. Consensus has no gender, age band or "
                            "disability: those groupings read 'undisclosed'.",
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
            "/counts": {
                "get": {
                    "summary": "People, responses (forms) and answers (scores) of published rounds",
                    "description": COUNTS_DESCRIPTION,
                    "parameters": [
                        _AIMAG,
                        _param("side", "community or provider.", {"type": "string"}),
                    ],
                    "responses": {"200": _ok("Counts"), "400": _ERROR},
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
                "Counts": {
                    "type": "object",
                    "properties": {
                        "total": {"$ref": "#/components/schemas/CountRow"},
                        "aimags": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/CountRow"},
                        },
                    },
                },
                "CountRow": {
                    "type": "object",
                    "properties": {
                        "aimag": {"type": "string"},
                        "facilities": {"type": "integer"},
                        "rounds": {"type": "integer"},
                        "people": {"type": "integer"},
                        "responses": {"type": "integer"},
                        "answers": {"type": "integer"},
                    },
                },
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
                                    "mixed_scales": {
                                        "type": "boolean",
                                        "description": "The figure combines answers "
                                        "on different scales: compared on 0–100 only "
                                        "(mean and median are null; share_positive "
                                        "judges each answer on its own scale).",
                                    },
                                    "source": {
                                        "type": "string",
                                        "description": "Which answers the row counts.",
                                    },
                                    "groups_shown": {
                                        "type": "integer",
                                        "description": "source=consensus only: groups "
                                        "whose consensus the figure holds.",
                                    },
                                    "groups_size_not_recorded": {
                                        "type": "integer",
                                        "description": "source=consensus only: groups "
                                        "left out because their number of participants "
                                        "was not recorded.",
                                    },
                                    "groups_below_k": {
                                        "type": "integer",
                                        "description": "source=consensus only: groups "
                                        "left out because fewer than k participants were "
                                        "recorded.",
                                    },
                                },
                            },
                        },
                    },
                },
            }
        },
    }
