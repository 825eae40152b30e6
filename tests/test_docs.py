"""The docs stay honest: every schema and metric column is documented, every link resolves.

The README is the front door (under 20 KB, the two commands); the manual is in docs/
(data-format.md holds the schema, metrics.md every metric column, ARCHITECTURE.md every
module). Each check is fed a broken case below to show that it can fail.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from graphmodel.analysis.metrics import LEADING_COLUMNS, METRIC_TABLES, STATED, metrics_table
from graphmodel.data.schema import SECTORS, TABLES

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
DATA_FORMAT = DOCS / "data-format.md"
METRICS = DOCS / "metrics.md"
ARCHITECTURE = DOCS / "ARCHITECTURE.md"


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- sections


def section(text: str, heading: str) -> str:
    """The part of ``text`` under the heading line ``heading`` (e.g. ``"## actors.csv"``),
    up to the next heading of the same or a higher level."""
    level = len(heading) - len(heading.lstrip("#"))
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith(heading)]
    if not starts:
        raise AssertionError(f"no heading {heading!r}")
    out = []
    for line in lines[starts[0] + 1:]:
        hashes = len(line) - len(line.lstrip("#"))
        if 0 < hashes <= level and line[hashes:hashes + 1] == " ":
            break
        out.append(line)
    return "\n".join(out)


def undocumented(columns, text: str) -> list[str]:
    """The columns not written as `` `name` `` in ``text``."""
    return [c for c in columns if f"`{c}`" not in text]


# --------------------------------------------------------------------------- schema


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_schema_column_is_documented(table):
    part = section(_text(DATA_FORMAT), f"## {table}.csv")
    missing = undocumented([c.name for c in TABLES[table]], part)
    assert not missing, f"docs/data-format.md, section {table}.csv, lacks columns {missing}"


def test_every_sector_is_documented():
    missing = undocumented(SECTORS, section(_text(DATA_FORMAT), "## Sectors"))
    assert not missing, f"docs/data-format.md lacks sectors {missing}"


def test_the_column_check_would_see_a_missing_column():
    part = section(_text(DATA_FORMAT), "## actors.csv")
    assert undocumented(["population"], part) == []
    assert undocumented(["population"], part.replace("`population`", "population")) == [
        "population"]
    assert undocumented(["no_such_column"], part) == ["no_such_column"]


# --------------------------------------------------------------------------- metrics


def _metric_section(table: str) -> str:
    return section(_text(METRICS), f"### Table `{table}`")


def test_every_metrics_table_has_a_section():
    assert set(LEADING_COLUMNS) == set(METRIC_TABLES)
    for table in METRIC_TABLES:
        assert _metric_section(table).strip(), table


@pytest.mark.parametrize("table", METRIC_TABLES)
def test_every_leading_metric_column_is_documented(table):
    columns = LEADING_COLUMNS[table] + ([STATED] if table == "actors" else [])
    missing = undocumented(columns, _metric_section(table))
    assert not missing, f"docs/metrics.md, table {table}, lacks columns {missing}"


@pytest.mark.parametrize("table", METRIC_TABLES)
def test_every_column_a_table_writes_is_documented(table, tiny_model):
    """The columns after the leading ones (names beside ids, …) are documented too."""
    columns = list(metrics_table(tiny_model, table).columns)
    assert columns[: len(LEADING_COLUMNS[table])] == LEADING_COLUMNS[table]
    missing = undocumented(columns, _metric_section(table))
    assert not missing, f"docs/metrics.md, table {table}, lacks columns {missing}"


def test_the_metric_check_would_see_a_missing_column():
    part = _metric_section("councils")
    assert undocumented(["region_fragmentation"], part) == []
    cut = part.replace("`region_fragmentation`", "")
    assert undocumented(["region_fragmentation"], cut) == ["region_fragmentation"]
    # a column documented for another table does not count for this one
    assert undocumented(["jaccard"], part) == ["jaccard"]


# --------------------------------------------------------------------------- links

FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.MULTILINE | re.DOTALL)
CODE = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^()\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


def _without_code(text: str) -> str:
    return CODE.sub("", FENCE.sub("", text))


def slug(heading: str) -> str:
    """GitHub's anchor for a heading text: inline markup dropped, lower case, punctuation
    removed (letters, digits, ``-``, ``_`` and spaces kept), spaces as ``-``."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # links: their text
    text = re.sub(r"<[^>]+>", "", text).replace("`", "").replace("*", "")
    text = text.strip().lower()
    kept = "".join(ch for ch in text
                   if ch in " -_" or unicodedata.category(ch)[0] in "LN")
    return kept.replace(" ", "-")


def anchors(text: str) -> set[str]:
    """Every heading anchor of a Markdown text (GitHub style: a repeated slug gets -1, -2…)."""
    seen: dict[str, int] = {}
    out = set()
    for line in FENCE.sub("", text).splitlines():
        m = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not m:
            continue
        base = slug(m.group(1))
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.add(base if n == 0 else f"{base}-{n}")
    return out


def broken_links(files, root: Path = ROOT) -> list[str]:
    """``file: target: why`` for every relative link or image in ``files`` that does not
    resolve to a file (or folder) under ``root``, or names a heading anchor that file lacks.
    Links to other sites (``https:``, ``mailto:``) are not followed."""
    found = []
    for path in files:
        text = _text(path)
        for target in LINK.findall(_without_code(text)):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):
                continue
            where, _, fragment = target.partition("#")
            dest = (path.parent / where).resolve() if where else path
            name = f"{path.relative_to(root).as_posix()}: {target}"
            if not dest.exists():
                found.append(f"{name}: no such file")
            elif root.resolve() not in (dest, *dest.parents):
                found.append(f"{name}: outside the repository")
            elif fragment and dest.suffix == ".md" and fragment not in anchors(_text(dest)):
                found.append(f"{name}: no heading #{fragment}")
    return found


def _manual() -> list[Path]:
    return [README, *sorted(DOCS.glob("*.md"))]


def test_every_relative_link_resolves():
    broken = broken_links(_manual())
    assert not broken, "broken links:\n" + "\n".join(broken)


def test_the_link_check_sees_a_missing_file_and_a_missing_heading(tmp_path):
    root = tmp_path / "repo"
    (root / "docs").mkdir(parents=True)
    (tmp_path / "outside.md").write_text("# Outside\n", encoding="utf-8")
    (root / "docs" / "a.md").write_text(
        "# A page\n\n## The `actors` table: what it says\n\n"
        "[ok](#a-page) [ok](#the-actors-table-what-it-says) [ok](../README.md)\n"
        "[gone](nowhere.md) [bad anchor](#no-such-heading) ![gone](img/none.png)\n"
        "`[in code](ignored.md)` [web](https://example.org/x.md)\n"
        "```\n[in a fence](ignored.md)\n```\n", encoding="utf-8")
    (root / "README.md").write_text(
        "# R\n\n[ok](docs/a.md#a-page) [bad](docs/a.md#b-page) [out](../outside.md)\n",
        encoding="utf-8")
    broken = broken_links([root / "README.md", root / "docs" / "a.md"], root)
    assert broken == [
        "README.md: docs/a.md#b-page: no heading #b-page",
        "README.md: ../outside.md: outside the repository",
        "docs/a.md: nowhere.md: no such file",
        "docs/a.md: #no-such-heading: no heading #no-such-heading",
        "docs/a.md: img/none.png: no such file",
    ]


@pytest.mark.parametrize("heading, anchor", [
    ("Explorer pages in a browser (0.2)", "explorer-pages-in-a-browser-02"),
    ("Old paths for one release: `graphmodel/compat.py`",
     "old-paths-for-one-release-graphmodelcompatpy"),
    ("Your data: three CSV files", "your-data-three-csv-files"),
    ("Hostile input and limits", "hostile-input-and-limits"),
    ("Sverige — län och kommuner", "sverige--län-och-kommuner"),
])
def test_slugs_are_githubs(heading, anchor):
    assert slug(heading) == anchor


def test_a_repeated_heading_gets_a_numbered_anchor():
    assert anchors("# A\n## Notes\n## Notes\n```\n# not a heading\n```\n") == {
        "a", "notes", "notes-1"}


# --------------------------------------------------------------------------- the README


README_LIMIT = 20_000  # bytes


def test_the_readme_is_a_front_door():
    size = len(README.read_bytes())
    assert size < README_LIMIT, f"README.md is {size} bytes: move content to docs/"


def test_readme_gives_the_two_commands():
    two = section(_text(README), "## Two commands")
    assert "make run" in two and "make test" in two
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci


def test_the_readme_links_the_manual():
    links = set(LINK.findall(_without_code(_text(README))))
    assert "docs/index.md" in links
    pages = {f"docs/{p.name}" for p in DOCS.glob("*.md") if p.name != "index.md"}
    assert not pages - links, f"README.md does not link {sorted(pages - links)}"


# --------------------------------------------------------------------------- the manual


def _pages() -> list[Path]:
    return [p for p in sorted(DOCS.glob("*.md")) if p.name != "index.md"]


def test_the_manual_has_at_least_six_pages():
    assert len(_pages()) >= 6, [p.name for p in _pages()]


def test_the_index_links_every_page():
    links = set(LINK.findall(_without_code(_text(DOCS / "index.md"))))
    missing = [p.name for p in _pages() if p.name not in links]
    assert not missing, f"docs/index.md does not link {missing}"


# --------------------------------------------------------------------------- architecture


def _modules() -> list[str]:
    return sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "graphmodel").rglob("*.py")
                  if "__pycache__" not in p.parts)


def test_architecture_names_every_module():
    text = _text(ARCHITECTURE)
    missing = [m for m in _modules() if f"`{m}`" not in text]
    assert not missing, f"docs/ARCHITECTURE.md lacks a line for {missing}"


def test_architecture_names_no_module_that_is_gone():
    text = _text(ARCHITECTURE)
    named = set(re.findall(r"`(graphmodel/[\w/]+\.py)`", text))
    gone = sorted(named - set(_modules()))
    assert not gone, f"docs/ARCHITECTURE.md names modules that do not exist: {gone}"


def test_the_module_check_would_see_a_missing_module():
    """The check above can fail: a made-up module is not on the page."""
    assert "`graphmodel/no_such_module.py`" not in _text(ARCHITECTURE)
