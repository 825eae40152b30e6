"""Tests for graphmodel.change.scenario: the what-if file, its checks and applying it to a model.

Uses the dataset in tests/fixtures/change/ (see its README): actors a, b, c, d
(municipalities; populations 1000, 2000, 3000, 4000; b has no code) and f (county).
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import graphmodel as gm
from graphmodel.change.scenario import (
    EDIT_COLUMNS,
    Scenario,
    ScenarioEditError,
    ScenarioError,
    apply_scenario,
    read_scenario,
    scenario_problems,
    write_scenario,
)
from graphmodel.data.model import to_csv_bytes
from graphmodel.errors import GraphModelError, ValidationError

CHANGE = Path(__file__).resolve().parents[1] / "fixtures" / "change"


@pytest.fixture(scope="module")
def model():
    return gm.load(CHANGE)


def reload(m: gm.Model) -> gm.Model:
    """The model through its canonical CSV and the loader: every rule of gm.load holds."""
    return gm.load({k: v for k, v in to_csv_bytes(m).items()}, name=m.name)


def pairs(m: gm.Model, actor=None):
    mem = m.memberships
    if actor is not None:
        mem = mem[mem["actor"] == actor]
    return sorted(zip(mem["actor"], mem["collaboration"]))


# --- applying -------------------------------------------------------------------------------

def test_leave_and_join(model):
    s = Scenario(edits=[
        {"op": "leave", "actor": "c", "collaboration": "R2"},
        {"op": "join", "actor": "d", "collaboration": "R1"},
        {"op": "join", "actor": "b", "collaboration": "s_keep", "role": "lead"},  # rejoins
    ])
    after = apply_scenario(model, s)
    assert ("c", "R2") not in pairs(after) and ("d", "R1") in pairs(after)
    rejoin = after.memberships[(after.memberships["actor"] == "b")
                               & (after.memberships["collaboration"] == "s_keep")]
    assert rejoin[["role", "start", "end"]].values.tolist() == [
        ["member", pd.NaT, pd.Timestamp("2013-12-31")],
        ["lead", pd.Timestamp("2014-01-01"), pd.NaT]]  # the day after the old one ended
    assert len(after.memberships) == len(model.memberships) + 1
    reloaded = reload(after)
    assert reloaded.warnings == () or all(w.severity == "warning" for w in reloaded.warnings)


def test_apply_is_pure(model):
    before = to_csv_bytes(model)
    apply_scenario(model, Scenario(edits=[
        {"op": "merge", "actors": ["a", "b"], "into": {"id": "ab", "name": "Ab"}},
        {"op": "end", "collaboration": "R2", "date": "2020"},
    ]))
    assert to_csv_bytes(model) == before


def test_merger_unions_memberships_and_adds_populations(model):
    s = Scenario(title="Aby and Bes merge", edits=[
        {"op": "merge", "actors": ["a", "b"], "into": {"id": "ab", "name": "Aby-Bes"}}])
    after = apply_scenario(model, s)
    assert "a" not in set(after.actors["id"]) and "b" not in set(after.actors["id"])
    new = after.actor("ab")
    assert new["population"] == 3000                      # 1000 + 2000
    # the largest is b (2000): its coordinates; b has no code, so none (never a's 0101)
    assert (new["lat"], new["lon"], new["code"]) == (59.2, 10.2, "")
    assert (new["kind"], new["region"]) == ("municipality", "East")
    union = sorted({c for a, c in pairs(model) if a in ("a", "b")})
    assert [c for _, c in pairs(after, "ab")] == union     # each collaboration once
    assert len(union) == 9
    mem = after.memberships.set_index(["actor", "collaboration"])
    keep = mem.loc[("ab", "s_keep")]
    assert keep["role"] == "host"                 # a hosted it: the strongest role wins
    assert pd.isna(keep["end"])                   # a's row was open, b's ended 2013
    assert keep["share"] == pytest.approx(0.75)   # 0.5 + 0.25
    assert pd.isna(mem.loc[("ab", "n1"), "end"])  # a ended 2015, b open: open
    hosts = after.collaborations.set_index("id")["host"]
    assert hosts["R1"] == "ab" and hosts["s_late"] == "ab"   # hosted by a, by b
    assert reload(after).actor("ab")["population"] == 3000


def test_merger_into_an_existing_id_and_given_values_win(model):
    s = Scenario(edits=[{"op": "merge", "actors": ["c", "a"], "into": {
        "id": "a", "name": "Aby", "code": "0199", "population": None}}])
    after = reload(apply_scenario(model, s))
    new = after.actor("a")
    assert (new["code"], new["lat"]) == ("0199", 59.3)  # code given; c's (largest) coords
    assert pd.isna(new["population"])                   # given empty
    assert set(after.actors["id"]) == {"a", "b", "d", "f"}
    # c sat in R1 and R2, a in R1: the merged actor is in both councils, once each
    assert [c for _, c in pairs(after, "a") if c.startswith("R")] == ["R1", "R2"]


def test_merger_with_an_unknown_population_has_none(model):
    s = Scenario(edits=[{"op": "merge", "actors": ["a", "f"],
                         "into": {"id": "af", "name": "AF", "kind": "municipality"}}])
    new = apply_scenario(model, s).actor("af")
    assert pd.isna(new["population"]) and new["code"] == "0101"  # a is the largest known
    with pytest.raises(ScenarioEditError, match="different kinds"):
        apply_scenario(model, Scenario(edits=[
            {"op": "merge", "actors": ["a", "f"], "into": {"id": "af", "name": "AF"}}]))


def test_add_end_and_merge_collaborations(model):
    s = Scenario(edits=[
        {"op": "add", "collaboration": {"id": "s_mat", "name": "Food control",
                                        "kind": "service", "sector": "health", "host": "d",
                                        "start": "2024"},
         "members": ["d", {"actor": "c", "role": "lead"}]},
        {"op": "end", "collaboration": "s_keep", "date": "2020-12-31"},
        {"op": "end", "collaboration": "n1"},
        {"op": "merge_collaborations", "collaborations": ["s_new", "s_late"],
         "into": {"id": "s_ictfire", "name": "ICT and fire"}},
        {"op": "join", "actor": "d", "collaboration": "s_ictfire"},  # created above
    ])
    after = reload(apply_scenario(model, s))
    c = after.collaborations.set_index("id")
    assert c.loc["s_mat", ["kind", "host", "start"]].tolist() == [
        "service", "d", pd.Timestamp("2024-01-01")]
    assert ("c", "s_mat") in pairs(after) and ("d", "s_mat") in pairs(after)
    assert c.loc["s_keep", ["status", "end"]].tolist() == ["ended", pd.Timestamp("2020-12-31")]
    assert c.loc["n1", "status"] == "ended" and pd.isna(c.loc["n1", "start"])
    assert "s_new" not in c.index and "s_late" not in c.index
    merged = c.loc["s_ictfire"]
    assert (merged["start"], merged["parent"], merged["host"]) == (
        pd.Timestamp("2012-05-01"), "R1", "c")  # earliest start; the first listed's parent
    assert sorted(a for a, k in pairs(after) if k == "s_ictfire") == ["a", "b", "c", "d"]
    assert gm.select(after, as_of="2021").collaboration_ids.tolist().count("s_keep") == 0
    assert "s_keep" in gm.select(after, as_of="2019").collaboration_ids
    assert "n1" not in gm.select(after, kinds=None, as_of="2010").collaboration_ids


def test_every_bad_edit_is_listed_at_once(model):
    s = Scenario(edits=[
        {"op": "leave", "actor": "zz", "collaboration": "R1"},                       # 1
        {"op": "join", "actor": "a", "collaboration": "nowhere"},                    # 2
        {"op": "add", "collaboration": {"id": "s_x", "name": "X", "kind": "service",
                                        "host": "ghost"}, "members": ["a", "nobody"]},  # 3
        {"op": "merge", "actors": ["a", "b"], "into": {"id": "ab", "name": "AB"}},   # 4 (ok)
        {"op": "leave", "actor": "a", "collaboration": "R1"},                        # 5
        {"op": "join", "actor": "ab", "collaboration": "R2"},                        # 6 (ok)
        {"op": "add", "collaboration": {"id": "R1", "name": "R", "kind": "council"},
         "members": []},                                                             # 7
        {"op": "leave", "actor": "d", "collaboration": "R1"},                        # 8
        {"op": "join", "actor": "c", "collaboration": "R1"},                         # 9
    ])
    with pytest.raises(ScenarioEditError) as err:
        apply_scenario(model, s)
    frame = err.value.to_frame()
    assert list(frame.columns) == EDIT_COLUMNS
    assert frame[["edit", "op", "field", "value"]].values.tolist() == [
        [1, "leave", "actor", "zz"],
        [2, "join", "collaboration", "nowhere"],
        [3, "add", "collaboration.host", "ghost"],
        [3, "add", "members[1]", "nobody"],
        [5, "leave", "actor", "a"],
        [7, "add", "collaboration.id", "R1"],
        [8, "leave", "actor", "d"],
        [9, "join", "actor", "c"],
    ]
    assert "merged into 'ab' by edit 4" in frame.loc[4, "message"]
    assert "already used" in frame.loc[5, "message"]
    assert "not a member" in frame.loc[6, "message"]
    assert "already a member" in frame.loc[7, "message"]
    assert isinstance(err.value, ValidationError) and isinstance(err.value, ScenarioError)
    assert [p.line for p in err.value.problems] == frame["edit"].tolist()
    pd.testing.assert_frame_equal(scenario_problems(model, s), frame)
    assert scenario_problems(model, Scenario()).empty


def test_shape_problems_are_listed_before_any_model(model):
    with pytest.raises(ScenarioEditError) as err:
        Scenario(edits=[
            {"op": "leave", "actor": ["a"], "collaboration": "R1"},
            {"op": "join", "actor": "a", "collaboration": "R1", "role": "boss"},
            "leave a",
            {"op": "merge", "actors": ["a"], "into": {"id": "x"}},
            {"op": "add", "collaboration": {"id": "s", "name": "S", "kind": "club",
                                            "colour": "red", "start": "2020",
                                            "end": "2019"}, "members": ["a", "a"]},
            {"op": "end", "collaboration": "R1", "date": "soon", "why": "x"},
        ])
    got = err.value.to_frame()[["edit", "field"]].values.tolist()
    assert got == [
        [1, "actor"], [2, "role"], [3, ""], [4, "actors"], [4, "into.name"],
        [5, "collaboration.colour"], [5, "collaboration.kind"], [5, "members"],
        [6, "why"], [6, "date"],
    ]
    with pytest.raises(ScenarioEditError) as err:
        Scenario(edits=[{"op": "merge", "actors": ["a", "b"],
                         "into": {"id": " ", "name": "", "kind": None}}])
    assert err.value.to_frame()[["field", "message"]].values.tolist() == [
        ["into.id", "an id is needed here"], ["into.name", "must not be empty"],
        ["into.kind", ("unknown kind: use one of municipality, county, state, "
                       "health_trust, other")]]
    # end before start is found once the other fields are fine
    with pytest.raises(ScenarioEditError, match="ends before it starts"):
        Scenario(edits=[{"op": "add", "collaboration": {
            "id": "s", "name": "S", "kind": "service", "start": "2020", "end": "2019"},
            "members": []}])


# --- the file ------------------------------------------------------------------------------

def test_json_round_trip_and_files(tmp_path, model):
    s = Scenario(title="Ny region – Ås", note="forslag", edits=[
        {"op": "add", "collaboration": {"id": "s_y", "name": "Y", "kind": "service"},
         "members": ["a", {"actor": "b", "role": "host"}, {"actor": "c", "role": "member"}]},
        {"op": "end", "collaboration": "s_y", "date": "31.12.2030", "note": "why not"},
    ])
    assert s.to_dict()["edits"][0]["members"] == ["a", {"actor": "b", "role": "host"}, "c"]
    path = write_scenario(s, tmp_path / "s.json")
    assert read_scenario(path) == s and read_scenario(str(path)) == s
    assert read_scenario(path.read_bytes()) == s
    assert json.loads(path.read_text("utf-8"))["schema_version"] == 1
    assert "Ås" in path.read_text("utf-8")
    with pytest.raises(TypeError):
        s.edits[0]["op"] = "leave"  # read-only


HOSTILE = [
    ('{"schema_version": 1, "edits": ' + "[" * 100_000 + "]" * 100_000 + "}", "nests"),
    ('{"schema_version": 1' + "0" * 5000 + "}", "digits"),
    ('{"schema_version": 2}', "unknown schema_version 2"),
    ('{"schema_version": "1"}', "whole number"),
    ('{"schema_version": true}', "whole number"),
    ('{"schema_version": 1.0}', "whole number"),
    ('{"edits": []}', "no schema_version"),
    ('[1, 2]', "JSON object"),
    ('{"schema_version": 1, "title": 5}', "title must be text"),
    ('{"schema_version": 1, "title": "\\ud800"}', "title must be text"),
    ('{"schema_version": 1, "edits": "leave"}', "list of edits"),
    ('{"schema_version": 1, "edits": {}}', "list of edits"),
    ('{"schema_version": 1, "colour": "red"}', "unknown field"),
    ('{"schema_version": 1, "schema_version": 1}', "appears twice"),
    ('{"schema_version": NaN}', "NaN"),
    ('{"schema_version": 1e999}', "out of range"),
    ('{"schema_version": 1, "edits": [', "not valid JSON"),
    ('{"schema_version": 1, "title": "' + "x" * 300 + '"}', "at most 200"),
    ('{"schema_version": 1, "edits": [' + ",".join(['{"op": "end", "collaboration": "R1"}']
                                                  * 1001) + "]}", "at most 1,000"),
]


@pytest.mark.parametrize(("text", "message"), HOSTILE, ids=[h[1] for h in HOSTILE])
def test_hostile_json_gives_the_projects_error(text, message):
    with pytest.raises(ScenarioError, match=message) as err:
        read_scenario(text)
    assert not isinstance(err.value, ValueError)


@pytest.mark.parametrize("data", [
    b"\xff\xfe{\x00}\x00",                                  # UTF-16
    "{\"schema_version\": 1, \"title\": \"Troms\xf8\"}".encode("latin-1"),
    pickle.dumps({"schema_version": 1}),
    b"{" * 2_000_001,
])
def test_hostile_bytes_give_the_projects_error(data, tmp_path):
    with pytest.raises(ScenarioError):
        read_scenario(data)
    path = tmp_path / "s.json"
    path.write_bytes(data)
    with pytest.raises(ScenarioError, match="s.json"):
        read_scenario(path)


def test_wrong_types_inside_edits_are_edit_errors_not_crashes():
    text = json.dumps({"schema_version": 1, "edits": [
        {"op": "merge", "actors": "ab", "into": ["x"]},
        {"op": "add", "collaboration": {"id": 1, "name": None, "kind": "service",
                                        "start": True}, "members": "a"},
        {"op": ["leave"]},
        {"op": "merge", "actors": ["a", "b"], "into": {"id": "x", "name": "X",
                                                      "population": -3, "lat": 91}},
    ]})
    with pytest.raises(ScenarioEditError) as err:
        read_scenario(text)
    assert err.value.to_frame()["edit"].tolist() == [1, 1, 2, 2, 2, 2, 3, 4, 4]


def test_a_missing_file():
    with pytest.raises(ScenarioError, match="cannot read the scenario file"):
        read_scenario(Path("/nonexistent/s.json"))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["op", "actor", "collaboration", "actors", "into", "id", "name",
                         "kind", "members", "role", "date", "edits", "title"]),
        inner, max_size=5),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=st.lists(json_values, max_size=4), title=json_values)
def test_any_json_ends_in_a_scenario_or_the_projects_error(edits, title, model):
    text = json.dumps({"schema_version": 1, "title": title, "edits": edits})
    try:
        s = read_scenario(text)
    except GraphModelError:
        return
    try:
        apply_scenario(model, s)
    except GraphModelError:
        pass


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_end_in_a_scenario_or_the_projects_error(data):
    try:
        read_scenario(data)
    except GraphModelError:
        pass


def test_merged_collaborations_span_their_dates(model):
    s = Scenario(edits=[{"op": "merge_collaborations", "collaborations": ["s_gone", "s_old"],
                         "into": {"id": "s_old", "name": "Archive and roads"}}])
    after = reload(apply_scenario(model, s))
    row = after.collaboration("s_old")
    # s_gone 2003–2008-01-01, s_old 2000–2010-12-31, both `ended`
    assert (row["start"], row["end"], row["status"], row["kind"]) == (
        pd.Timestamp("2000-01-01"), pd.Timestamp("2010-12-31"), "ended", "service")
    assert row["name"] == "Archive and roads" and "s_gone" not in set(after.collaborations["id"])
    assert sorted(a for a, c in pairs(after) if c == "s_old") == ["a", "b"]  # one row each
    with pytest.raises(ScenarioEditError, match="different kinds"):
        apply_scenario(model, Scenario(edits=[{"op": "merge_collaborations",
                                               "collaborations": ["R1", "n1"],
                                               "into": {"id": "x", "name": "X"}}]))
    with pytest.raises(ScenarioEditError, match="parent cycle"):
        apply_scenario(model, Scenario(edits=[{"op": "merge_collaborations",
                                               "collaborations": ["R1", "R2"],
                                               "into": {"id": "x", "name": "X",
                                                        "parent": "n1"}}]))
