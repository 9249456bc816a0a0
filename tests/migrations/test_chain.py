"""The migration files read in name order are the chain Alembic runs, and each file's
header names the revision it is and the one it follows, as its code does."""

import ast
import re
from pathlib import Path

VERSIONS = Path(__file__).resolve().parents[2] / "migrations" / "versions"


def _read(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    values = {}
    for node in ast.parse(text).body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name in {"revision", "down_revision"}:
                values[name] = ast.literal_eval(node.value)
    header = ast.get_docstring(ast.parse(text)) or ""
    said = re.search(r"^Revision ID: (\S+)", header, re.MULTILINE)
    follows = re.search(r"^Revises: ?(\S*)", header, re.MULTILINE)
    values["header_revision"] = said.group(1) if said else None
    values["header_revises"] = (follows.group(1) or None) if follows else "missing"
    return values


def _files() -> list[Path]:
    return sorted(VERSIONS.glob("[0-9]*.py"))


def test_file_names_sort_in_the_order_alembic_runs_them():
    files = [_read(path) for path in _files()]
    assert files[0]["down_revision"] is None
    for earlier, later in zip(files, files[1:], strict=False):
        assert later["down_revision"] == earlier["revision"], (earlier, later)


def test_each_header_says_which_revision_it_is_and_follows():
    for path in _files():
        values = _read(path)
        assert values["header_revision"] == values["revision"], path.name
        assert values["header_revises"] == values["down_revision"], path.name


def test_every_file_name_starts_with_a_distinct_number():
    numbers = [path.name.split("_", 1)[0] for path in _files()]
    assert len(numbers) == len(set(numbers))
