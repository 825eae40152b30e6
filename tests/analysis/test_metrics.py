"""The metric tables: names, leading columns, joins and determinism."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from graphmodel.analysis.dyads import VARIABLES
from graphmodel.analysis.fragmentation import actor_fragmentation, strategy_profile
from graphmodel.analysis.metrics import (
    LEADING_COLUMNS,
    METRIC_TABLES,
    MORE_COLUMNS,
    actor_metrics,
    metrics_table,
)
from graphmodel.analysis.structure import centrality, communities, hosting
from graphmodel.data.model import Model
from graphmodel.errors import SpecError

SHARED = Path(__file__).resolve().parents[3] / "shared"

DESIGN_COLUMNS = {  # copied from shared/DESIGN.md, "Command line"
    # "(The actors table also carries `hosted` and `hosted_members` after `strength`.)"
    "actors": "id, name, n_collaborations, n_partners, n_configurations, fragmentation, "
              "effective_partners, home_council, home_alignment, breadth, strategy, strength, "
              "hosted, hosted_members, betweenness, community",
    "pairs": "a, b, shared, jaccard",
    "collaboration-pairs": "a, b, relation, jaccard",
    "councils": "id, name, n_members, n_collaborations, aligned, within, spanning, "
                "n_configurations, region_fragmentation, n_dual_members",
    "communities": "id, community, council",
    "suggestions": "actor, sector, candidate, rank, reason",
    "timeline": "year, formed, ended, active",
    "collaborations": "id, name, sector, host, n_members, inside_ba, inside_council, "
                      "inside_county, n_ba_regions, n_counties",
    "drivers": "variable, odds_ratio, ci_low, ci_high, p_value, n_pairs, n_ties",
    "expected-pairs": "a, b, probability, distance_km, same_ba_region, same_county, "
                      "same_council, a_name, b_name",
}
DESIGN_MORE = {  # "Added with the functional regions": actors (more), councils (more)
    "actors": "ba_region, ba_share, cross_county_share",
    "councils": "n_ba_regions, ba_fit, crosses_county, host_concentration",
}


def small_model():
    """Two councils (r1: a b c, r2: c d e; c is in both), services in three sectors.

    Hosts: a hosts s1, c hosts s3 and s4. Dates (they matter only with ``as_of`` and to
    the timeline): s1 from 2005, s2 2010-06-01 to 2012-03-01, s3 from 2010, s4 undated.
    """
    actors = pd.DataFrame({
        "id": list("abcde"), "name": ["Å", "B", "C", "D", "E"], "kind": "municipality",
        "population": [1000, 2000, 3000, 4000, 5000],
        "lat": [59.0, 59.1, 59.2, 59.3, 59.4], "lon": [10.0] * 5,
    })
    collabs = pd.DataFrame({
        "id": ["r1", "r2", "s1", "s2", "s3", "s4"],
        "name": ["R1", "R2", "S1", "S2", "S3", "S4"],
        "kind": ["council", "council", "service", "service", "service", "service"],
        "sector": ["general", "general", "ict", "ict", "waste", "fire"],
        "host": ["", "", "a", "", "c", "c"],
        "start": ["2001", "2001", "2005", "2010-06-01", "2010", None],
        "end": [None, None, None, "2012-03-01", None, None],
    })
    mem = {"r1": "abc", "r2": "cde", "s1": "abc", "s2": "ab", "s3": "cde", "s4": "bcd"}
    rows = [(a, c) for c, members in mem.items() for a in members]
    return Model.from_frames(actors, collabs, pd.DataFrame(rows, columns=["actor", "collaboration"]))


def test_table_names_and_columns_follow_design():
    assert METRIC_TABLES == tuple(DESIGN_COLUMNS)
    for table, columns in DESIGN_COLUMNS.items():
        assert LEADING_COLUMNS[table] == columns.split(", ")
    assert {t: ", ".join(c) for t, c in MORE_COLUMNS.items()} == DESIGN_MORE


@pytest.mark.parametrize("table", ["actors", "councils"])
def test_more_columns_follow_the_existing_ones(table):
    t = metrics_table(small_model(), table)
    lead, more = LEADING_COLUMNS[table], MORE_COLUMNS[table]
    assert list(t.columns) == lead + more


@pytest.mark.parametrize("table", METRIC_TABLES)
def test_every_table_starts_with_its_columns(table):
    t = metrics_table(small_model(), table)
    lead = LEADING_COLUMNS[table]
    assert list(t.columns[: len(lead)]) == lead
    assert len(t) > 0
    # sorted by id (pairs by a then b; suggestions by actor, sector, rank)
    # the drivers in the order of the model's variables; expected pairs most expected first
    if table == "drivers":
        assert t["variable"].tolist() == list(VARIABLES)
        return
    if table == "expected-pairs":
        order = t.sort_values(["probability", "a", "b"], ascending=[False, True, True])
        assert t.equals(order.reset_index(drop=True))
        return
    keys = {"pairs": ["a", "b"], "collaboration-pairs": ["a", "b"],
            "suggestions": ["actor", "sector", "rank"], "timeline": ["year"]}.get(table, ["id"])
    assert t.equals(t.sort_values(keys, kind="stable").reset_index(drop=True))


@pytest.mark.parametrize("table", METRIC_TABLES)
def test_every_table_is_byte_identical_across_runs(table):
    one = metrics_table(small_model(), table).to_csv(index=False)
    assert one == metrics_table(small_model(), table).to_csv(index=False)


def test_unknown_table():
    with pytest.raises(SpecError, match="unknown table 'actor'.*actors, pairs, "
                       "collaboration-pairs, councils, communities, suggestions, timeline"):
        metrics_table(small_model(), "actor")


def test_options_reach_the_function_and_unknown_ones_are_refused():
    t = metrics_table(small_model(), "suggestions", top=1, sectors="fire")
    assert t["sector"].unique().tolist() == ["fire"]
    assert t.groupby("actor").size().max() == 1
    assert metrics_table(small_model(), "pairs", sectors="waste")[["a", "b"]].values.tolist() \
        == [["c", "d"], ["c", "e"], ["d", "e"]]
    with pytest.raises(SpecError, match="the councils table does not take top"):
        metrics_table(small_model(), "councils", top=3)
    with pytest.raises(SpecError, match="does not take actor"):
        metrics_table(small_model(), "suggestions", actor="a")


def test_actor_metrics_joins_the_parts():
    m = small_model()
    t = actor_metrics(m)
    assert list(t.columns) == LEADING_COLUMNS["actors"] + MORE_COLUMNS["actors"]
    assert t["id"].tolist() == list("abcde")
    frag = actor_fragmentation(m)
    pd.testing.assert_frame_equal(t[frag.columns], frag)
    strat = strategy_profile(m)
    assert t["breadth"].tolist() == strat["breadth"].tolist()
    assert t["strategy"].tolist() == strat["strategy"].tolist()
    cent = centrality(m)
    assert t["strength"].tolist() == cent["strength"].tolist()
    assert np.allclose(t["betweenness"], cent["betweenness"])
    assert t["community"].tolist() == communities(m)["community"].tolist()


def test_actor_metrics_by_hand():
    t = actor_metrics(small_model()).set_index("id")
    # S(b) = {s1, s2, s4}: shared with a = 2 (s1, s2), c = 2 (s1, s4), d = 1 (s4)
    assert t.loc["b", "strength"] == 5
    # every shortest path from a (in s1, s2) to d or e passes through b or c
    assert t.loc["c", "betweenness"] > t.loc["a", "betweenness"] == 0.0
    assert t.loc["b", "breadth"] == pytest.approx(2 / 3)  # ict, fire of ict, waste, fire
    assert t.loc["a", "home_council"] == "r1" and t.loc["e", "home_council"] == "r2"


def test_hosting_by_hand():
    # a hosts s1 = {a, b, c}: 1 collaboration, others {b, c}; c hosts s3 = {c, d, e} and
    # s4 = {b, c, d}: 2 collaborations, others {d, e} ∪ {b, d} = {b, d, e}
    t = actor_metrics(small_model()).set_index("id")
    assert t["hosted"].to_dict() == {"a": 1, "b": 0, "c": 2, "d": 0, "e": 0}
    assert t["hosted_members"].to_dict() == {"a": 2, "b": 0, "c": 3, "d": 0, "e": 0}
    # with the waste sector only, c hosts s3 alone
    t = actor_metrics(small_model(), sectors="waste").set_index("id")
    assert t.loc["c", ["hosted", "hosted_members"]].tolist() == [1, 2]
    assert hosting(small_model(), sectors="waste")["hosted"].tolist() == [0, 0, 1, 0, 0]


def test_stated_strategy_follows_the_leading_columns_of_the_actors_table():
    m = small_model()
    actors = m.actors.assign(stated_strategy=["specialisation", "", "", "service-centre", ""])
    m2 = Model.from_frames(actors, m.collaborations, m.memberships)
    t = metrics_table(m2, "actors")
    lead = LEADING_COLUMNS["actors"]
    # DESIGN.md fixes the leading columns; stated_strategy is the first that may follow,
    # then the functional-region columns (added later: the earlier columns keep their places)
    assert list(t.columns) == lead + ["stated_strategy"] + MORE_COLUMNS["actors"]
    assert t["stated_strategy"].tolist() == ["specialisation", "", "", "service-centre", ""]
    assert "stated_strategy" not in metrics_table(m, "actors").columns


def test_timeline_table_by_hand():
    # services only: s1 from 2005, s2 2010-06-01 to 2012-03-01, s3 from 2010, s4 undated
    # (in force every year). Years 2005 (first start) to 2012 (last end).
    # active on 31 Dec: 2005-2009 s1 + s4 = 2; 2010, 2011 s1 s2 s3 s4 = 4; 2012 s2 over: 3
    t = metrics_table(small_model(), "timeline")
    assert t.to_dict("list") == {
        "year": list(range(2005, 2013)),
        "formed": [1, 0, 0, 0, 0, 2, 0, 0],
        "ended": [0, 0, 0, 0, 0, 0, 0, 1],
        "active": [2, 2, 2, 2, 2, 4, 4, 3],
    }
    with pytest.raises(SpecError, match="takes no as-of date"):
        metrics_table(small_model(), "timeline", as_of="2010")


def test_thresholds_reach_the_strategy():
    low = actor_metrics(small_model(), breadth_threshold=0.0)["strategy"]
    high = actor_metrics(small_model(), breadth_threshold=1.0).set_index("id")["strategy"]
    assert set(low) <= {"service-centre", "regional partner", ""}
    # only c (ict, waste, fire) reaches breadth 1
    assert high["c"] in {"service-centre", "regional partner"}
    assert set(high.drop("c")) <= {"self-sufficiency", "specialisation", ""}


@pytest.mark.slow
def test_france_actor_table():
    folder = SHARED / "reference" / "france_banatic"
    if not folder.exists():
        pytest.skip(f"the French reference data is not at {folder}")

    def read(name):
        return pd.read_csv(folder / name, dtype=str, keep_default_na=False)

    m = Model.from_frames(read("actors.csv"), read("collaborations.csv"),
                          read("memberships.csv"), name="france")
    t = metrics_table(m, "actors")
    assert len(t) == (m.actors["kind"] == "municipality").sum()
    assert t["betweenness"].between(0, 1).all() and t["community"].min() == 1
    assert metrics_table(m, "suggestions").empty  # BANATIC records no sector


def test_the_twin_quotient_is_computed_once_per_selection(monkeypatch):
    """actor_fragmentation, centrality and Louvain all need the twin classes; the actors
    table computes them once (issue 15: three times before)."""
    from graphmodel.analysis import incidence

    calls = []
    real = incidence.twin_classes
    monkeypatch.setattr(incidence, "twin_classes", lambda B: calls.append(1) or real(B))
    m = small_model()
    actor_metrics(m)
    metrics_table(m, "communities")
    assert len(calls) == 1
    actor_metrics(m, sectors="ict")  # another selection: its own quotient
    assert len(calls) == 2


@pytest.mark.parametrize("columns", [
    ["strategy", "fragmentation"], "n_partners", ["community"], ["betweenness", "hosted"],
    ["ba_region", "breadth", "home_council"],
])
def test_some_actor_columns_are_the_whole_tables_columns(columns):
    """``columns`` gives those columns of the whole table, with the same values and order."""
    m = small_model()
    whole = actor_metrics(m, as_of="2011")
    part = actor_metrics(m, as_of="2011", columns=columns)
    wanted = [columns] if isinstance(columns, str) else columns
    expected = ["id", "name"] + [c for c in whole.columns if c in wanted]
    assert list(part.columns) == expected
    pd.testing.assert_frame_equal(part, whole[expected])


def test_some_actor_columns_compute_only_what_they_need(monkeypatch):
    """Fragmentation and strategy need neither betweenness nor Louvain (the Change page's
    "who moved" table); asking for betweenness does compute it."""
    from graphmodel.analysis import incidence, structure

    called = []
    for module, name in ((structure, "centrality"), (incidence, "louvain_labels")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, _real=real, _name=name, **k: (
            called.append(_name), _real(*a, **k))[1])
    m = small_model()
    actor_metrics(m, columns=["strategy", "fragmentation"])
    assert called == []
    actor_metrics(m, columns=["betweenness"])
    assert called == ["centrality"]


def test_an_unknown_actor_column_is_refused_with_the_known_ones():
    with pytest.raises(SpecError, match=r"unknown actors column 'wealth': use one of "
                                        r"n_collaborations, n_partners"):
        actor_metrics(small_model(), columns=["strategy", "wealth"])
