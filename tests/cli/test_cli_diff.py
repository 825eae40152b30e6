"""Tests for ``graphmodel diff``: two dates, two versions, a what-if; tables, filters, -o.

The dataset in tests/fixtures/change/ (its README lists the hand-checked answers).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

import graphmodel as gm
from graphmodel import cli

HERE = Path(__file__).resolve().parents[1]
CHANGE = HERE / "fixtures" / "change"


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def frame(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def scenario_file(tmp_path, *edits, title="what if") -> Path:
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"schema_version": 1, "title": title, "edits": list(edits)}),
                    encoding="utf-8")
    return path


def test_two_dates_list_exactly_the_hand_checked_changes(capsys):
    code, out, err = run(capsys, "diff", CHANGE, "--from", "2008-01-01", "--to", "2016-01-01",
                         "--table", "changes")
    assert code == 0, err
    got = frame(out)
    assert list(got.columns) == ["change", "collaboration", "collaboration_name", "actor",
                                 "actor_name"]
    assert got.values.tolist() == [
        ["formed", "s_late", "Fire", "", ""],
        ["formed", "s_new", "New ICT", "", ""],
        ["ended", "s_gone", "Roads", "", ""],
        ["ended", "s_old", "Old archive", "", ""],
        ["joined", "s_keep", "Health", "c", "Cel"],
        ["joined", "s_keep", "Health", "f", "Fylke"],
        ["left", "n1", "Planning network", "a", "Aby"],
        ["left", "s_keep", "Health", "b", "Bes"],
    ]


def test_changes_is_the_default_table_and_bare_years_are_dates(capsys):
    _, full, _ = run(capsys, "diff", CHANGE, "--from", "2008-01-01", "--to", "2016-01-01")
    _, years, _ = run(capsys, "diff", CHANGE, "--from", "2008", "--to", "2016")
    assert full == years and full.startswith("change,")


def test_filters_given_narrow_the_changes(capsys):
    # only service agreements, only municipalities: n1 (network) and f (county) drop out
    code, out, _ = run(capsys, "diff", CHANGE, "--from", "2008", "--to", "2016",
                       "--kind", "service", "--actor-kind", "municipality")
    assert code == 0
    got = frame(out)[["change", "collaboration", "actor"]].values.tolist()
    assert got == [["formed", "s_late", ""], ["formed", "s_new", ""], ["ended", "s_gone", ""],
                   ["ended", "s_old", ""], ["joined", "s_keep", "c"], ["left", "s_keep", "b"]]


def test_a_dual_member_leaving_one_council_is_no_longer_dual(capsys, tmp_path):
    s = scenario_file(tmp_path, {"op": "leave", "actor": "c", "collaboration": "R2"},
                      title="Cel leaves Region Two")
    code, out, err = run(capsys, "diff", CHANGE, "--scenario", s, "--table", "councils")
    assert code == 0, err
    got = frame(out)
    dual = got[got["metric"] == "n_dual_members"]
    assert dual[["id", "before", "after"]].values.tolist() == [["R1", "1", "0"],
                                                               ["R2", "1", "0"]]
    members = got[got["metric"] == "n_members"]
    assert members[["id", "name", "before", "after"]].values.tolist() == [
        ["R2", "Region Two", "2", "1"]]
    _, changes, _ = run(capsys, "diff", CHANGE, "--scenario", s)
    assert frame(changes)[["change", "collaboration", "actor"]].values.tolist() == [
        ["left", "R2", "c"]]


def test_a_merger_gives_one_actor_with_the_sum_of_memberships(capsys, tmp_path):
    # on 2016-06-01 b is in s_late (its s_keep membership ended 2013), c in s_keep and
    # s_new: disjoint, so the merged actor counts 1 + 2 = 3 agreements
    s = scenario_file(tmp_path, {"op": "merge", "actors": ["b", "c"],
                                 "into": {"id": "bc", "name": "Bes-Cel"}})
    code, out, err = run(capsys, "diff", CHANGE, "--scenario", s, "--table", "actors",
                         "--as-of", "2016-06-01")
    assert code == 0, err
    got = frame(out)
    n = got[got["metric"] == "n_collaborations"].set_index("id")[["before", "after"]]
    assert n.loc["b"].tolist() == ["1", ""] and n.loc["c"].tolist() == ["2", ""]
    assert n.loc["bc"].tolist() == ["", "3"]
    assert set(got.loc[got["id"] == "bc", "name"]) == {"Bes-Cel"}
    # in the data itself: one actor, populations added, memberships moved (one row each)
    after = gm.apply_scenario(gm.load(CHANGE), gm.read_scenario(s))
    assert "b" not in set(after.actors["id"]) and "c" not in set(after.actors["id"])
    row = after.actors.set_index("id").loc["bc"]
    assert (row["population"], row["code"]) == (5000, "0103")
    before = gm.load(CHANGE).memberships
    union = set(before.loc[before["actor"].isin(["b", "c"]), "collaboration"])
    mine = after.memberships.loc[after.memberships["actor"] == "bc", "collaboration"]
    assert sorted(mine) == sorted(union) and mine.is_unique


def test_unknown_ids_list_every_bad_edit_and_exit_1(capsys, tmp_path):
    s = scenario_file(
        tmp_path,
        {"op": "leave", "actor": "x", "collaboration": "R1"},
        {"op": "leave", "actor": "a", "collaboration": "R1"},  # fine
        {"op": "join", "actor": "a", "collaboration": "zz"},
        {"op": "merge", "actors": ["a", "q"], "into": {"id": "aq", "name": "AQ"}},
    )
    code, out, err = run(capsys, "diff", CHANGE, "--scenario", s)
    assert code == 1 and out == ""
    assert "Traceback" not in err
    assert err.splitlines() == [
        "s.json:1: actor: leave: no actor with id 'x' in the data",
        "s.json:3: collaboration: join: no collaboration with id 'zz' in the data",
        "s.json:4: actors[1]: merge: no actor with id 'q' in the data",
    ]


def test_a_scenario_that_is_not_json_is_one_line(capsys, tmp_path):
    bad = tmp_path / "s.json"
    bad.write_text("{not json", encoding="utf-8")
    code, _, err = run(capsys, "diff", CHANGE, "--scenario", bad)
    assert code == 1 and len(err.splitlines()) == 1 and "not valid JSON" in err


def test_two_versions(capsys, tmp_path):
    model = gm.load(CHANGE)
    m = model.memberships
    newer = gm.Model.from_frames(model.actors, model.collaborations,
                                 m[~((m["actor"] == "a") & (m["collaboration"] == "R1"))])
    gm.save(newer, tmp_path / "new")
    code, out, err = run(capsys, "diff", CHANGE, tmp_path / "new")
    assert code == 0, err
    assert frame(out)[["change", "collaboration", "actor"]].values.tolist() == [
        ["left", "R1", "a"]]


@pytest.mark.parametrize("argv, message", [
    ([], "give one comparison"),
    (["--from", "2008"], "both --from and --to"),
    (["--from", "2008", "--to", "2016", "--scenario", "s.json"], ("not --from/--to and "
                                                                   "--scenario together")),
    (["--from", "2008", "--to", "2016", "--as-of", "2010"], "leave --as-of out"),
    (["--from", "2008", "--to", "2016", "-o", "x.pdf"], "write a .csv or an .xlsx"),
])
def test_wrong_combinations_exit_1_with_one_line(capsys, argv, message):
    code, out, err = run(capsys, "diff", CHANGE, *argv)
    assert code == 1 and out == "" and message in err and len(err.splitlines()) == 1


def test_a_bad_date_is_a_usage_error(capsys):
    code, _, err = run(capsys, "diff", CHANGE, "--from", "soon", "--to", "2016")
    assert code == 2 and "--from" in err


def test_output_csv_is_formula_safe_and_xlsx_holds_text_as_text(capsys, tmp_path):
    model = gm.load(CHANGE)
    c = model.collaborations.copy()
    c.loc[c["id"] == "s_new", "name"] = "=HYPERLINK(\"http://x\",\"y\")"
    gm.save(gm.Model.from_frames(model.actors, c, model.memberships), tmp_path / "d")
    code, _, err = run(capsys, "diff", tmp_path / "d", "--from", "2008", "--to", "2016",
                       "-o", tmp_path / "c.csv")
    assert code == 0 and "wrote 8 rows" in err
    text = (tmp_path / "c.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text
    openpyxl = pytest.importorskip("openpyxl")
    code, _, _ = run(capsys, "diff", tmp_path / "d", "--from", "2008", "--to", "2016",
                     "-o", tmp_path / "c.xlsx")
    assert code == 0
    ws = openpyxl.load_workbook(tmp_path / "c.xlsx")["changes"]
    cells = {c.value: c.data_type for row in ws.iter_rows() for c in row if c.value}
    assert cells["=HYPERLINK(\"http://x\",\"y\")"] == "s"


def test_help_has_an_example(capsys):
    code, out, _ = run(capsys, "diff", "--help")
    assert code == 0 and "Example:" in out and "--scenario" in out and "--table" in out
