"""The docs stay honest: every schema column and sector is in the README's data tables."""

from pathlib import Path

import pytest

from graphmodel.schema import SECTORS, TABLES

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = README.index(title)
    end = README.find("\n### ", start + len(title))
    return README[start: end if end != -1 else None]


@pytest.mark.parametrize(
    "table, title",
    [("actors", "### actors.csv"), ("collaborations", "### collaborations.csv"),
     ("memberships", "### memberships.csv")],
)
def test_every_schema_column_is_documented(table, title):
    section = _section(title)
    missing = [c.name for c in TABLES[table] if f"`{c.name}`" not in section]
    assert not missing, f"README section {title} lacks columns {missing}"


def test_every_sector_is_documented():
    missing = [s for s in SECTORS if f"`{s}`" not in README]
    assert not missing


def test_readme_gives_the_two_commands():
    assert "make run" in README and "make test" in README
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text()
    assert "make test" in ci
