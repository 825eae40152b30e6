"""Tests for graphmodel.change.compare: changes between two dates, two versions, or a what-if.

The dataset in tests/fixtures/change/ (its README lists the hand-checked answers).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import graphmodel as gm
from graphmodel.change.compare import (
    CHANGE_COLUMNS,
    DIFF_COLUMNS,
    Comparison,
    actor_changes,
    changes,
    compare_dates,
    council_changes,
    diff_table,
)
from graphmodel.change.scenario import Scenario, apply_scenario
from graphmodel.errors import SpecError

HERE = Path(__file__).resolve().parents[1]
CHANGE = HERE / "fixtures" / "change"
NORDIC = HERE.parent / "data" / "nordic"


@pytest.fixture(scope="module")
def model():
    return gm.load(CHANGE)


def rows(frame, cols=("change", "collaboration", "actor")):
    return [tuple(r) for r in frame[list(cols)].itertuples(index=False)]


def test_changes_between_2008_and_2016_are_the_hand_checked_list(model):
    got = changes(model, model, as_of_before="2008-01-01", as_of_after="2016-01-01")
    assert list(got.columns) == CHANGE_COLUMNS
    assert rows(got) == [
        ("formed", "s_late", ""),    # starts on the second date: counts
        ("formed", "s_new", ""),
        ("ended", "s_gone", ""),     # ends on the first date: counts then
        ("ended", "s_old", ""),
        ("joined", "s_keep", "c"),
        ("joined", "s_keep", "f"),   # every actor kind by default (a county)
        ("left", "n1", "a"),         # every collaboration kind by default (a network)
        ("left", "s_keep", "b"),
    ]
    assert got.loc[0, "collaboration_name"] == "Fire"
    assert got.loc[4, "actor_name"] == "Cel"
    assert (got.loc[got["actor"] == "", "actor_name"] == "").all()


def test_reverse_dates_swap_formed_with_ended_and_joined_with_left(model):
    fwd = changes(model, model, as_of_before="2008-01-01", as_of_after="2016-01-01")
    back = changes(model, model, as_of_before="2016-01-01", as_of_after="2008-01-01")
    swap = {"formed": "ended", "ended": "formed", "joined": "left", "left": "joined"}
    assert sorted(rows(back)) == sorted((swap[c], k, a) for c, k, a in rows(fwd))


def test_filters_compose_with_the_dates(model):
    only_services_of_municipalities = changes(
        model, model, as_of_before="2008", as_of_after="2016", kinds="service",
        actor_kinds="municipality")
    assert rows(only_services_of_municipalities) == [
        ("formed", "s_late", ""), ("formed", "s_new", ""), ("ended", "s_gone", ""),
        ("ended", "s_old", ""), ("joined", "s_keep", "c"), ("left", "s_keep", "b"),
    ]
    ict = changes(model, model, as_of_before="2008", as_of_after="2016", sectors="ict")
    assert rows(ict) == [("formed", "s_new", "")]


def test_same_state_gives_an_empty_table_with_the_columns(model):
    got = changes(model, model, as_of="2016")
    assert got.empty and list(got.columns) == CHANGE_COLUMNS


def test_without_dates_status_decides(model):
    # no date on either side: s_old, s_gone, s_short are `ended`, s_future `planned`
    assert changes(model, model).empty
    got = changes(model, model, as_of_before="2009-06-01")
    assert rows(got) == [
        ("formed", "s_late", ""), ("formed", "s_new", ""), ("ended", "s_old", ""),
        ("ended", "s_short", ""), ("joined", "s_keep", "f"),
    ]


def test_compare_dates_is_the_same_model_twice(model):
    a = compare_dates(model, "2008-01-01", "2016-01-01")
    b = changes(model, model, as_of_before="2008-01-01", as_of_after="2016-01-01")
    pd.testing.assert_frame_equal(a, b)


def test_two_versions(model):
    m = model.memberships
    drop = (m["actor"] == "c") & (m["collaboration"] == "R2")
    newer = gm.Model.from_frames(
        model.actors, model.collaborations.assign(
            name=model.collaborations["name"].replace({"Health": "Helse"})),
        m[~drop.to_numpy()], name="v2")
    got = changes(model, newer)
    assert rows(got) == [("left", "R2", "c")]
    # names from the newer version where an id is on both sides
    got = changes(model, gm.Model.from_frames(
        model.actors, model.collaborations.assign(
            name=model.collaborations["name"].replace({"Health": "Helse"})),
        m[~((m["actor"] == "b") & (m["collaboration"] == "s_keep")).to_numpy()]))
    assert got[["change", "collaboration_name", "actor"]].values.tolist() == [
        ["left", "Helse", "b"]]


def test_council_diff_drops_the_dual_member_who_leaves_one_council(model):
    after = apply_scenario(model, Scenario(edits=[
        {"op": "leave", "actor": "c", "collaboration": "R2"}]))
    diff = council_changes(model, after)
    assert list(diff.columns) == DIFF_COLUMNS
    dual = diff[diff["metric"] == "n_dual_members"]
    assert dual[["id", "before", "after"]].values.tolist() == [["R1", 1, 0], ["R2", 1, 0]]
    members = diff[diff["metric"] == "n_members"]
    assert members[["id", "name", "before", "after"]].values.tolist() == [
        ["R2", "Region Two", 2, 1]]
    assert diff["id"].is_monotonic_increasing


def test_actor_diff_rounds_and_treats_empty_as_equal(model):
    same = actor_changes(model, model)
    assert same.empty and list(same.columns) == DIFF_COLUMNS
    after = apply_scenario(model, Scenario(edits=[
        {"op": "leave", "actor": "b", "collaboration": "s_late"}]))
    diff = actor_changes(model, after, metrics=["n_collaborations", "strategy"])
    got = diff[["id", "metric", "before", "after"]].values.tolist()
    assert ["b", "n_collaborations", 2, 1] in got
    assert all(m in ("n_collaborations", "strategy") for m in diff["metric"])


def test_entities_on_one_side_only_have_an_empty_side(model):
    after = apply_scenario(model, Scenario(edits=[
        {"op": "add", "collaboration": {"id": "R3", "name": "Region Three", "kind": "council"},
         "members": ["a", "d"]}]))
    diff = council_changes(model, after, metrics=["n_members", "n_dual_members"])
    new = diff[diff["id"] == "R3"]
    assert new[["metric", "before", "after"]].values.tolist() == [
        ["n_members", None, 2], ["n_dual_members", None, 2]]
    # a joined R3 while in R1, d while in R2: both councils gain a dual member
    assert diff[(diff["id"] != "R3")][["id", "metric", "before", "after"]].values.tolist() == [
        ["R1", "n_dual_members", 1, 2], ["R2", "n_dual_members", 1, 2]]


def test_float_noise_below_nine_decimals_is_no_change():
    from graphmodel.change.compare import _metric_diff

    b = pd.DataFrame({"id": ["x", "y"], "name": ["X", "Y"], "v": [1 / 3, 0.5],
                      "s": ["a", ""], "k": pd.array([1, None], dtype="Int64")})
    a = b.assign(v=[1 / 3 + 1e-12, 0.5 + 1e-6], s=["a", ""],
                 k=pd.array([1, None], dtype="Int64"))
    got = _metric_diff(b, a, None)
    assert got[["id", "metric", "before", "after"]].values.tolist() == [
        ["y", "v", 0.5, 0.500001]]


def test_diff_table_by_name_and_its_errors(model):
    pd.testing.assert_frame_equal(
        diff_table(model, model, "councils", as_of_before="2008", as_of_after="2016"),
        council_changes(model, model, as_of_before="2008", as_of_after="2016"))
    with pytest.raises(SpecError, match="unknown table 'people'"):
        diff_table(model, model, "people")
    with pytest.raises(SpecError, match="does not take"):
        diff_table(model, model, "actors", colour="red")
    with pytest.raises(SpecError, match="unknown metric 'colour'"):
        actor_changes(model, model, metrics=["colour"])
    with pytest.raises(SpecError, match="cannot read the date"):
        changes(model, model, as_of_before="yesterday")


def test_comparison_bundles_tables_counts_and_highlights(model):
    c = Comparison.from_dates(model, "2008-01-01", "2016")
    assert c.labels == ("2008-01-01", "2016-01-01")
    assert c.counts() == {"formed": 2, "ended": 2, "joined": 2, "left": 2}
    h = c.highlights()
    assert h["formed"] == {"s_late", "s_new"} and h["left"] == {("a", "n1"), ("b", "s_keep")}
    assert {"a", "b", "c", "f", "s_keep", "n1"} <= h["touched"]
    t = c.table()
    t.loc[0, "change"] = "scribbled"  # a copy: the comparison is unchanged
    assert c.table().loc[0, "change"] == "formed"

    s = Scenario(title="c leaves Region Two", edits=[
        {"op": "leave", "actor": "c", "collaboration": "R2"}])
    w = Comparison.from_scenario(model, s, as_of="2016")
    assert w.labels == ("change", "c leaves Region Two")
    assert rows(w.table()) == [("left", "R2", "c")]
    assert w.table("councils", metrics="n_dual_members")["id"].tolist() == ["R1", "R2"]


def test_the_input_models_are_untouched(model):
    before = gm.to_csv_bytes(model)
    changes(model, model, as_of_before="2008", as_of_after="2016")
    council_changes(model, model, as_of_before="2008", as_of_after="2016")
    assert gm.to_csv_bytes(model) == before


@pytest.fixture(scope="module")
def nordic():
    if not NORDIC.is_dir():
        pytest.skip("data/nordic is not in this checkout")
    return gm.load(NORDIC)


def test_nordic_malvik_leaves_trondheimsregionen(nordic):
    s = Scenario(title="Malvik leaves Trondheimsregionen", edits=[
        {"op": "leave", "actor": "no-5031", "collaboration": "trondheimsregionen"}])
    c = Comparison.from_scenario(nordic, s)
    assert c.table()[["change", "collaboration", "actor", "actor_name"]].values.tolist() == [
        ["left", "trondheimsregionen", "no-5031", "Malvik"]]
    councils = c.table("councils")
    members = councils[(councils["id"] == "trondheimsregionen")
                       & (councils["metric"] == "n_members")]
    assert len(members) == 1
    assert members["before"].iloc[0] - members["after"].iloc[0] == 1
    dual = councils[(councils["id"] == "trondheimsregionen")
                    & (councils["metric"] == "n_dual_members")]
    assert len(dual) == 1
    assert dual["before"].iloc[0] - dual["after"].iloc[0] == 1  # Malvik was in Værnes too


# ------------------------------------------------------------------ noise left out by default

def test_community_is_left_out_unless_asked_for():
    # e joins t: {c, d, e} becomes the largest group and takes number 1, so a and b are
    # renumbered 1 -> 2 although their group {a, b} did not change
    m = gm.Model.from_frames(
        pd.DataFrame({"id": list("abcde"), "name": list("ABCDE"), "kind": "municipality"}),
        pd.DataFrame({"id": ["s", "t"], "name": ["S", "T"], "kind": "service"}),
        pd.DataFrame({"actor": list("abcd"), "collaboration": list("sstt")}),
    )
    after = apply_scenario(m, Scenario(edits=[{"op": "join", "actor": "e",
                                               "collaboration": "t"}]))
    default = actor_changes(m, after)
    assert "community" not in set(default["metric"])
    assert sorted(set(default["id"])) == ["c", "d", "e"]  # a and b did not change
    asked = actor_changes(m, after, metrics=["community"])
    assert asked[["id", "before", "after"]].values.tolist() == [
        ["a", 1, 2], ["b", 1, 2], ["c", 2, 1], ["d", 2, 1], ["e", 3, 1]]


def test_exact_betweenness_is_compared(model):
    # a chain a - b - c through s and t; b leaves t: b no longer stands between a and c
    m = gm.Model.from_frames(
        pd.DataFrame({"id": list("abc"), "name": list("ABC"), "kind": "municipality"}),
        pd.DataFrame({"id": ["s", "t"], "name": ["S", "T"], "kind": "service"}),
        pd.DataFrame({"actor": list("abbc"), "collaboration": list("sstt")}),
    )
    after = apply_scenario(m, Scenario(edits=[{"op": "leave", "actor": "b",
                                               "collaboration": "t"}]))
    diff = actor_changes(m, after)
    assert ["b", "betweenness", 1.0, 0.0] in diff[["id", "metric", "before", "after"]
                                                 ].values.tolist()


@pytest.mark.slow
def test_sampled_betweenness_is_left_out_unless_asked_for():
    # 1,100 actors in a chain of agreements: 1,100 twin classes, above the exact limit
    n = 1100
    ids = [f"a{i:04d}" for i in range(n)]
    m = gm.Model.from_frames(
        pd.DataFrame({"id": ids, "name": ids, "kind": "municipality"}),
        pd.DataFrame({"id": [f"s{i:04d}" for i in range(n - 1)], "name": "S",
                      "kind": "service"}),
        pd.DataFrame({"actor": [ids[i + k] for i in range(n - 1) for k in (0, 1)],
                      "collaboration": [f"s{i:04d}" for i in range(n - 1) for _ in (0, 1)]}),
    )
    after = apply_scenario(m, Scenario(edits=[{"op": "leave", "actor": "a0550",
                                               "collaboration": "s0550"}]))
    default = actor_changes(m, after)
    assert "betweenness" not in set(default["metric"])
    assert {"n_partners", "n_collaborations"} <= set(default["metric"])
    asked = actor_changes(m, after, metrics=["betweenness"])
    assert len(asked) > 0 and set(asked["metric"]) == {"betweenness"}
