"""Snapshots of a change: a view with a second date or a scenario shows before and after
side by side, same places, the changes marked and listed (issue 12 item 4)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from harness import CLEAN
from share.test_snapshot_map import HOSTILE_IMG, HOSTILE_SCRIPT, run, visit

import graphmodel as gm
from graphmodel.drawing.comparison import ADDED_COLOR, REMOVED_COLOR
from graphmodel.errors import SpecError
from graphmodel.share.snapshot import comparison_of, snapshot_html, write_snapshot
from graphmodel.share.view import MAX_SCENARIO, View

ROOT = Path(__file__).resolve().parents[2]
NORDIC = ROOT / "data" / "nordic"
LEAVE = {"schema_version": 1, "title": "a leaves S",
         "edits": [{"op": "leave", "actor": "a", "collaboration": "s"}]}
MALVIK = {"schema_version": 1, "title": "Malvik leaves Trondheimsregionen",
          "edits": [{"op": "leave", "actor": "no-5031", "collaboration": "trondheimsregionen"}]}


def tiny() -> gm.Model:
    """a, b, c in service S (since 2000); a, b in service T from 2012; c in council R.
    Names hold markup."""
    return gm.Model.from_frames(
        pd.DataFrame({"id": list("abc"), "name": [HOSTILE_IMG, "B", HOSTILE_SCRIPT],
                      "kind": "municipality"}),
        pd.DataFrame({"id": ["s", "t", "r"], "name": ["S", "T <i>", "R"],
                      "kind": ["service", "service", "council"],
                      "start": ["2000", "2012", "2000"]}),
        pd.DataFrame({"actor": list("abcabc"), "collaboration": list("ssstt") + ["r"]}),
        name="tiny",
    )


def svgs(page: str) -> tuple[str, str]:
    before, after = re.findall(r'<svg [^>]*class="gm-net gm-(?:before|after)".*?</svg>', page,
                               re.DOTALL)
    return before, after


def place(svg: str, node: str) -> tuple[str, str]:
    m = re.search(rf'<circle cx="([^"]+)" cy="([^"]+)"[^>]*data-id="{node}"', svg)
    return m.group(1), m.group(2)


# --------------------------------------------------------------------------- the view


def test_a_view_carries_a_scenario_or_a_second_date():
    v = View(scenario=LEAVE)
    assert v.comparison and json.loads(v.to_json())["scenario"]["edits"][0]["actor"] == "a"
    assert View.from_json(v.to_json()) == v == View.from_query_params(v.to_query_params())
    d = View(as_of="2010", compare_as_of="2020")
    assert d.compare_as_of == "2020-01-01" and d.to_query_params()["compare_as_of"] == "2020-01-01"
    assert View.from_query_params(d.to_query_params()) == d
    assert not View().comparison and "scenario" not in View().to_json()


@pytest.mark.parametrize("values, message", [
    ({"scenario": LEAVE, "compare_as_of": "2020"}, "not both"),
    ({"scenario": "leave"}, "scenario must be a scenario object"),
    ({"scenario": {"schema_version": 1, "edits": [{"op": "fly"}]}}, "unknown op"),
    ({"scenario": {"schema_version": 2, "edits": []}}, "unknown schema_version 2"),
    ({"scenario": {"schema_version": 1, "title": "x" * (MAX_SCENARIO + 1)}},
     "a view carries at most"),
    ({"compare_as_of": "the future"}, "cannot read the date"),
])
def test_bad_comparisons_are_refused(values, message):
    with pytest.raises(SpecError, match=re.escape(message)):
        View(**values)


def test_a_deep_scenario_in_a_link_is_refused_before_it_is_parsed():
    with pytest.raises(SpecError, match="nested more than"):
        View.from_query_params({"scenario": "[" * 5000 + "]" * 5000})
    with pytest.raises(SpecError, match="not valid JSON"):
        View.from_query_params({"scenario": "{nope"})


# --------------------------------------------------------------------------- the page


def test_a_scenario_page_shows_both_states_same_places_changes_marked():
    page = snapshot_html(tiny(), View(scenario=LEAVE), made_at="2026-01-01 10:00")
    assert "<h1>Proposal: a leaves S</h1>" in page
    before, after = svgs(page)
    # b keeps its place; a's membership of S is red before and gone after
    assert place(before, "b") == place(after, "b")
    red = re.findall(rf'<line [^>]*stroke="{REMOVED_COLOR}"', before)
    assert len(red) == 1 and not re.search(REMOVED_COLOR, after.split("<g>")[0])
    # the counts and the one row of the change table
    counts = re.findall(r'<div class="card (?:added|removed)"><div class="value">(\d+)</div>'
                        r'<div class="label">([^<]+)</div>', page)
    assert counts == [("0", "agreements formed"), ("0", "agreements ended"),
                      ("0", "memberships joined"), ("1", "membership left")]
    row = re.search(r'<td class="change-left">left</td><td class="text">S</td>'
                    r'<td class="text">([^<]+)</td>', page)
    assert row and row.group(1) == "&lt;img src=x onerror=alert(1)&gt;"
    for bad in (HOSTILE_IMG, HOSTILE_SCRIPT, "T <i>"):
        assert bad not in page
    csp = re.search(r'Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "script-src 'none'" in csp and "'unsafe-inline'" not in csp
    assert not re.search(r"<script(?![^>]*application/json)", page)


def test_two_dates_mark_what_formed_green():
    page = snapshot_html(tiny(), View(as_of="2010", compare_as_of="2020"))
    assert "Change from 1/1/2010 to 1/1/2020" in page or "Change from" in page
    before, after = svgs(page)
    assert 'data-id="t"' not in before and 'data-id="t"' in after
    t = re.search(r'<rect [^>]*fill="([^"]+)"[^>]*data-id="t"', after).group(1)
    assert t == ADDED_COLOR
    assert place(before, "a") == place(after, "a")
    assert '<td class="change-formed">formed</td><td class="text">T &lt;i&gt;</td>' in page


def test_the_council_left_is_drawn_when_the_kinds_are_open():
    m = tiny()
    scenario = {"schema_version": 1, "title": "c leaves R",
                "edits": [{"op": "leave", "actor": "c", "collaboration": "r"}]}
    page = snapshot_html(m, View(scenario=scenario))
    before, _ = svgs(page)
    assert 'data-id="r"' in before  # a council, drawn because it changed
    assert "Regional councils, Service agreements" in page
    assert snapshot_html(m, View(scenario=scenario, filters={"kinds": ["service"]})).count(
        'data-id="r"') == 0


def test_a_scenario_with_unknown_ids_lists_them():
    bad = {"schema_version": 1, "edits": [{"op": "leave", "actor": "zz", "collaboration": "s"},
                                          {"op": "leave", "actor": "a", "collaboration": "yy"}]}
    with pytest.raises(gm.GraphModelError, match=r"(?s)zz.*yy"):
        snapshot_html(tiny(), View(scenario=bad))


def test_comparison_of_the_view():
    assert comparison_of(tiny(), View()) is None
    c = comparison_of(tiny(), View(as_of="2010", compare_as_of="2020"))
    assert c.counts() == {"formed": 1, "ended": 0, "joined": 0, "left": 0}


@pytest.mark.parametrize("fmt, magic", [("png", b"\x89PNG"), ("pdf", b"%PDF-")])
def test_png_and_pdf_of_a_change(tmp_path, fmt, magic):
    out = write_snapshot(tiny(), View(scenario=LEAVE, title=HOSTILE_SCRIPT), tmp_path / f"c.{fmt}")
    assert out.read_bytes().startswith(magic)


def test_norwegian_change_page():
    page = snapshot_html(tiny(), View(scenario=LEAVE, lang="nb"))
    assert "<h1>Forslag: a leaves S</h1>" in page and "medlemskap avsluttet" in page


# --------------------------------------------------------------------------- the CLI


def test_cli_scenario_and_dates(tmp_path, capsys):
    s = tmp_path / "malvik.json"
    s.write_text(json.dumps(MALVIK), encoding="utf-8")
    code, _, err = run(capsys, "snapshot", NORDIC, "--scenario", s, "-o", tmp_path / "c.json")
    assert code == 0, err
    assert gm.read_view(tmp_path / "c.json").scenario["title"] == MALVIK["title"]
    code, _, err = run(capsys, "snapshot", NORDIC, "--as-of", "2008", "--compare-as-of", "2016",
                       "-o", tmp_path / "d.html")
    assert code == 0, err
    assert "Change from" in (tmp_path / "d.html").read_text(encoding="utf-8")
    code, _, err = run(capsys, "snapshot", NORDIC, "--scenario", s, "--compare-as-of", "2016",
                       "-o", tmp_path / "x.html")
    assert code == 1 and "not both" in err and not (tmp_path / "x.html").exists()


# --------------------------------------------------------------------------- a browser


@pytest.mark.browser
def test_malvik_leaves_offline_in_chromium(chromium, tmp_path, capsys):
    model = gm.load(NORDIC)
    assert model.names()["no-5031"] == "Malvik"
    assert model.names()["trondheimsregionen"] == "Trondheimsregionen"
    s = tmp_path / "malvik.json"
    s.write_text(json.dumps(MALVIK), encoding="utf-8")
    out = tmp_path / "c.html"
    code, _, err = run(capsys, "snapshot", NORDIC, "--scenario", s, "--focus", "no-5031",
                       "-o", out)
    assert code == 0, err
    page, problems = visit(chromium, out, "snapshot-change-malvik.png")
    try:
        assert problems == CLEAN
        assert page.inner_text("h1") == "Proposal: Malvik leaves Trondheimsregionen"
        sides = page.evaluate("""() => Array.from(document.querySelectorAll('figure.side'))
            .map(f => [f.querySelector('figcaption').textContent,
                       f.querySelectorAll('[data-id]').length,
                       f.getBoundingClientRect().width])""")
        assert [s[0].split(":")[0] for s in sides] == ["Before", "After"]
        assert all(n > 10 and w > 300 for _, n, w in sides)
        rows = page.evaluate("""() => Array.from(document.querySelectorAll('td.change-left'))
            .map(td => td.parentElement.innerText)""")
        assert rows == ["left\tTrondheimsregionen\tMalvik"]
        assert page.evaluate("document.querySelectorAll('script:not([type])').length") == 0
    finally:
        page.close()
