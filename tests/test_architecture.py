"""The import rules of DESIGN.md §3, checked on the source tree.

scorecards (pure domain) <- forms (WTForms) <- app (web layer).
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WEB_STACK = (
    "flask",
    "flask_sqlalchemy",
    "flask_login",
    "flask_wtf",
    "flask_babel",
    "flask_migrate",
    "flask_limiter",
    "sqlalchemy",
    "wtforms",
    "werkzeug",
    "app",
    "forms",
    "alembic",
)
RULES = {
    "scorecards": WEB_STACK,
    "forms": ("app", "sqlalchemy", "flask_sqlalchemy"),
}


def imported_modules(source: str) -> set[str]:
    """Top-level names of every module a Python source imports (absolute imports)."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def violations(package: str, forbidden: tuple[str, ...], root: Path = ROOT) -> list[str]:
    found = []
    for path in sorted((root / package).rglob("*.py")):
        bad = imported_modules(path.read_text(encoding="utf-8")) & set(forbidden)
        found += [f"{path.relative_to(root)} imports {name}" for name in sorted(bad)]
    return found


@pytest.mark.parametrize(("package", "forbidden"), RULES.items())
def test_layers_import_only_downwards(package, forbidden):
    assert violations(package, forbidden) == []


def test_the_rule_catches_a_breach(tmp_path):
    (tmp_path / "scorecards").mkdir()
    (tmp_path / "scorecards" / "bad.py").write_text(
        "from flask import request\nimport app.models\n"
    )
    (tmp_path / "forms").mkdir()
    (tmp_path / "forms" / "bad.py").write_text("from app.models import Round\n")
    assert violations("scorecards", RULES["scorecards"], tmp_path) == [
        "scorecards/bad.py imports app",
        "scorecards/bad.py imports flask",
    ]
    assert violations("forms", RULES["forms"], tmp_path) == ["forms/bad.py imports app"]


def test_nothing_in_app_or_forms_is_named_scorecards():
    for package in ("app", "forms"):
        assert not [p for p in (ROOT / package).rglob("scorecards*")], package
