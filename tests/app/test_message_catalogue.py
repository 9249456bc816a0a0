"""Every code the domain and the services refuse with has a sentence in ``app.messages``,
translated in every offered language, so no page, JSON reply, SMS or tablet shows a raw
code.

The codes are found in the source (``ast``), not by running anything: every call under
``scorecards/`` and ``app/services/`` of a class that carries a code — ``DomainError``
and its subclasses, another exception whose ``__init__`` takes ``code`` (the OpenRosa
refusal), a checker's ``Problem`` record — with the code written as a literal, at the
class's ``code`` position or as ``code=``. A code built at run time (``error.code``
passed on) is the code of another call, found there.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask_babel import force_locale

from app import messages
from app.messages import message_for
from scorecards.errors import DomainError

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("scorecards", "app/services")
ROOT_CARRIER = "DomainError"
EXCEPTION_BASES = {"Exception", "RuntimeError", "ValueError", ROOT_CARRIER}


@dataclass(frozen=True)
class Carrier:
    """A class whose calls carry a code: where it is defined and the code's position."""

    module: str
    name: str
    position: int


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def _sources() -> dict[str, ast.Module]:
    return {
        _module_name(path): ast.parse(path.read_text(encoding="utf-8"), str(path))
        for folder in SCANNED
        for path in sorted((ROOT / folder).rglob("*.py"))
    }


def _base_names(node: ast.ClassDef) -> set[str]:
    return {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases}


def _init_position(node: ast.ClassDef) -> int | None:
    """Where ``code`` is among the ``__init__`` arguments (after ``self``), if it is."""
    for item in node.body:
        if isinstance(item, ast.FunctionDef) and item.name == "__init__":
            names = [a.arg for a in item.args.args[1:]]
            return names.index("code") if "code" in names else None
    return None


def _field_position(node: ast.ClassDef) -> int | None:
    """Where ``code`` is among a dataclass's fields, if it is one."""
    fields = [
        item.target.id
        for item in node.body
        if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
    ]
    return fields.index("code") if "code" in fields else None


def carriers(sources: dict[str, ast.Module]) -> dict[tuple[str, str], Carrier]:
    """(module, class name) -> carrier, for every class of the scanned code that carries
    a code: ``DomainError`` (defined in ``scorecards.errors``) and its subclasses, other
    exceptions with a ``code`` argument, and ``Problem`` records with a ``code`` field."""
    classes = {
        (module, node.name): node
        for module, tree in sources.items()
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
    }
    found: dict[tuple[str, str], Carrier] = {}
    domain = {ROOT_CARRIER}
    changed = True
    while changed:  # subclasses of subclasses
        changed = False
        for (_module, name), node in classes.items():
            if name not in domain and _base_names(node) & domain:
                domain.add(name)
                changed = True
    for (module, name), node in classes.items():
        if name in domain:
            position = _init_position(node)
            found[(module, name)] = Carrier(module, name, 0 if position is None else position)
        elif _base_names(node) & EXCEPTION_BASES and _init_position(node) is not None:
            found[(module, name)] = Carrier(module, name, _init_position(node))
        elif name.endswith("Problem") and _field_position(node) is not None:
            found[(module, name)] = Carrier(module, name, _field_position(node))
    return found


def _visible_carriers(module: str, tree: ast.Module, known: dict) -> dict[str, Carrier]:
    """The carriers a module can call by name: its own classes and those it imports."""
    visible = {name: carrier for (home, name), carrier in known.items() if home == module}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                carrier = known.get((node.module, alias.name))
                if carrier is not None:
                    visible[alias.asname or alias.name] = carrier
    return visible


def raised_codes() -> dict[str, list[str]]:
    """code -> where it is raised or reported (``path:line``), for the scanned code."""
    sources = _sources()
    known = carriers(sources)
    codes: dict[str, list[str]] = {}
    for module, tree in sources.items():
        visible = _visible_carriers(module, tree, known)
        path = module.replace(".", "/") + ".py"
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            called = node.func
            name = called.id if isinstance(called, ast.Name) else getattr(called, "attr", None)
            carrier = visible.get(name)
            if carrier is None:
                continue
            arguments = [k.value for k in node.keywords if k.arg == "code"]
            if len(node.args) > carrier.position:
                arguments.append(node.args[carrier.position])
            for argument in arguments:
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    codes.setdefault(argument.value, []).append(f"{path}:{node.lineno}")
    return codes


def test_the_scan_finds_codes_of_every_kind():
    codes = raised_codes()
    assert len(codes) > 100
    assert "round_locked" in codes  # raise DomainError("round_locked")
    assert "value_out_of_range" in codes  # scorecards.scales
    assert "xml_malformed" in codes  # OpenRosaRefusal(400, "xml_malformed")
    assert "answer_required" in codes  # answer_check.Problem(name, "answer_required")
    assert "missing_column" in codes  # imports.Problem(row, "", "missing_column", key)


def test_every_code_raised_has_a_message():
    codes = raised_codes()
    missing = sorted(code for code in codes if code not in messages.MESSAGES)
    assert missing == [], "Codes without a sentence in app/messages.py:\n" + "\n".join(
        f"    {code}  ({codes[code][0]})" for code in missing
    )


def _entries() -> list[tuple[str, object]]:
    maps = {
        "MESSAGES": messages.MESSAGES,
        "WITHOUT_PARAMS": messages.WITHOUT_PARAMS,
        **{f"CONTEXTS[{name}]": entries for name, entries in messages.CONTEXTS.items()},
        "PHASE_NAMES": messages.PHASE_NAMES,
        "NEXT_STEPS": messages.NEXT_STEPS,
        "STEP_NAMES": messages.STEP_NAMES,
        "ACTION_STATUS_NAMES": messages.ACTION_STATUS_NAMES,
        "SIDE_NAMES": messages.SIDE_NAMES,
    }
    return [
        (f"{name}[{code}]", text)
        for name, entries in maps.items()
        for code, text in entries.items()
    ]


@pytest.fixture(scope="module")
def catalogue_app(tmp_path_factory):
    """The app as configured for a test run; no database is opened."""
    from app import create_app

    path = tmp_path_factory.mktemp("catalogue") / "unused.db"
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})


def test_every_entry_is_translated_in_every_offered_language(catalogue_app):
    """Rendered under each offered language, an entry is non-empty; in every language but
    English (the language of the msgids) it differs from the msgid, which is what an
    untranslated or fuzzy entry (left out when compiling) shows."""
    languages = list(catalogue_app.config["LANGUAGES"])
    assert "mn" in languages
    untranslated = []
    with catalogue_app.test_request_context():
        for where, text in _entries():
            msgid = text._args[0]
            for language in languages:
                with force_locale(language):
                    shown = str(text)
                if not shown.strip() or (language != "en" and shown == msgid):
                    untranslated.append(f"[{language}] {where}: {msgid!r}")
    assert untranslated == [], (
        "Not translated (app/i18n/messages/<lang>/LC_MESSAGES/messages.po, then "
        "`make translations`):\n" + "\n".join(untranslated)
    )


def test_one_code_reads_the_same_whatever_asks(catalogue_app):
    with catalogue_app.test_request_context(), force_locale("en"):
        error = DomainError("text_too_long", "comment", max=2000)
        assert message_for(error) == "Please keep this under 2000 characters."
        assert message_for("value_not_number") == "Enter a number."
        # The caller's values win over the error's (a view formats numbers for display).
        limit = DomainError("file_too_many_rows", "file", max=50000)
        assert "more than 50 000 rows" in message_for(limit, max="50 000")
        # Without its values a code gets its plain sentence, never a bare placeholder.
        assert message_for("file_too_many_rows") == "The file has too many rows."
        assert message_for("value_out_of_range") == "The value is outside the scale."
        # A tablet keeps its interview: its own words where a phone's would mislead.
        assert "stays on the tablet" in message_for("collection_closed", context="tablet")
        assert message_for("collection_closed", context="tablet") != message_for(
            "collection_closed"
        )
        assert message_for("round_locked", context="tablet") == message_for("round_locked")
        # A code with no entry is named in a sentence, not shown bare.
        assert message_for("no_such_code") == "This was not accepted (no_such_code)."
    with catalogue_app.test_request_context(), force_locale("mn"):
        assert message_for("value_not_number") == "Тоо оруулна уу."
