"""The docs stay honest: every schema column and sector is in the README's data tables."""

from pathlib import Path

import pytest

from graphmodel.data.schema import SECTORS, TABLES

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


ROOT = Path(__file__).resolve().parents[1]
ARCHITECTURE = ROOT / "docs" / "ARCHITECTURE.md"


def _modules() -> list[str]:
    return sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "graphmodel").rglob("*.py")
                  if "__pycache__" not in p.parts)


def test_architecture_names_every_module():
    text = ARCHITECTURE.read_text(encoding="utf-8")
    missing = [m for m in _modules() if f"`{m}`" not in text]
    assert not missing, f"docs/ARCHITECTURE.md lacks a line for {missing}"


def test_architecture_names_no_module_that_is_gone():
    import re

    text = ARCHITECTURE.read_text(encoding="utf-8")
    named = set(re.findall(r"`(graphmodel/[\w/]+\.py)`", text))
    gone = sorted(named - set(_modules()))
    assert not gone, f"docs/ARCHITECTURE.md names modules that do not exist: {gone}"


def test_the_module_check_would_see_a_missing_module():
    """The check above can fail: a made-up module is not on the page."""
    assert "`graphmodel/no_such_module.py`" not in ARCHITECTURE.read_text(encoding="utf-8")
