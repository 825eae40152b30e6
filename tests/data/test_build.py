"""The networkx graph: typed nodes, membership and part-of edges, and the filters."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import graphmodel as gm
from graphmodel.data.model import Model
from graphmodel.errors import SpecError

NORDIC = Path(__file__).resolve().parents[2] / "data" / "nordic"


@pytest.fixture
def model():
    return Model.from_frames(
        pd.DataFrame({"id": ["a", "b", "c", "f"], "name": ["A", "B", "C", "F"],
                      "kind": ["municipality", "municipality", "municipality", "county"],
                      "country": ["NO", "NO", "SE", "NO"], "region": ["X", "Y", "Z", "X"],
                      "population": [100, None, 50, None]}),
        pd.DataFrame({"id": ["r", "s", "t", "u"], "name": ["R", "S", "T", "U"],
                      "kind": ["council", "service", "service", "network"],
                      "sector": ["general", "ict", "waste", "health"],
                      "parent": ["", "r", "r", ""],
                      "status": ["active", "active", "planned", "ended"],
                      "start": ["2003-01-01", "2010-01-01", "", "2001-01-01"],
                      "end": ["", "2015-12-31", "", "2005-12-31"]}),
        pd.DataFrame({"actor": ["a", "b", "f", "a", "c", "b", "a", "b"],
                      "collaboration": ["r", "r", "r", "s", "s", "t", "u", "u"],
                      "role": ["member", "member", "observer", "host", "member", "member",
                               "member", "member"],
                      "start": ["", "", "", "", "2012-01-01", "", "", ""]}),
    )


def test_nodes_are_typed_and_carry_every_column(model):
    g = gm.to_graph(model, status=None)
    assert set(g.nodes) == {"a", "b", "c", "f", "r", "s", "t", "u"}
    assert g.nodes["a"]["layer"] == "actor" and g.nodes["a"]["kind"] == "municipality"
    assert g.nodes["s"]["layer"] == "collaboration" and g.nodes["s"]["sector"] == "ict"
    assert g.nodes["a"]["population"] == 100 and g.nodes["b"]["population"] is None
    assert g.nodes["s"]["start"] == "2010-01-01" and g.nodes["t"]["start"] is None


def test_edges_are_memberships_and_part_of(model):
    g = gm.to_graph(model, status=None)
    assert g.edges["a", "s"] == {"relation": "member", "role": "host", "start": None,
                                 "end": None, "share": None}
    assert g.edges["c", "s"]["start"] == "2012-01-01"
    assert g.edges["s", "r"] == {"relation": "part_of"}
    assert g.edges["f", "r"]["role"] == "observer"  # observers are drawn
    assert g.number_of_edges() == 8 + 2


def test_status_defaults_to_active(model):
    g = gm.to_graph(model)
    assert {"t", "u"}.isdisjoint(g.nodes) and {"r", "s"} <= set(g.nodes)
    assert set(gm.to_graph(model, status=["active", "planned"]).nodes) >= {"t"}


@pytest.mark.parametrize("day, kept, gone", [
    ("2011-06-01", {"s"}, set()),
    ("2013-06-01", {"s"}, set()),
    ("2016-01-01", set(), {"s"}),     # s ended on 2015-12-31
    ("2002-01-01", set(), {"r", "s"}),  # r starts in 2003
])
def test_as_of_keeps_what_is_active_that_day(model, day, kept, gone):
    g = gm.to_graph(model, as_of=day)
    assert kept <= set(g.nodes) and gone.isdisjoint(g.nodes)


def test_membership_dates_apply_as_of(model):
    assert not gm.to_graph(model, as_of="2011-06-01").has_edge("c", "s")  # c joins in 2012
    assert gm.to_graph(model, as_of="2013-06-01").has_edge("c", "s")


def test_filters_compose(model):
    g = gm.to_graph(model, sectors="ict", countries="NO", actor_kinds="municipality")
    assert set(g.nodes) == {"a", "b", "s"}
    assert set(g.edges) == {("a", "s")}
    g = gm.to_graph(model, regions=["X"], kinds="council")
    assert set(g.nodes) == {"a", "f", "r"}


def test_bad_filter_values_are_clear_errors(model):
    with pytest.raises(SpecError, match="unknown status 'closed'"):
        gm.to_graph(model, status="closed")
    with pytest.raises(SpecError, match="cannot read the date"):
        gm.to_graph(model, as_of="31.02.2020")


def test_bundled_data_graph_has_the_vaernes_overlap():
    m = gm.load(NORDIC)
    g = gm.to_graph(m)
    councils = {c for _, c, d in g.out_edges("no-5035", data=True)
                if d["relation"] == "member" and g.nodes[c]["kind"] == "council"}
    assert {"vr-rad", "trondheimsregionen"} <= councils


@pytest.mark.parametrize("column", ["layer", "node_for_adding", "self", "relation"])
def test_extra_columns_named_like_graph_arguments_are_kept(model, column):
    """Issue 10: an extra column must not make to_graph raise TypeError (networkx's
    ``add_node(node_for_adding, **attr)`` would take ``node_for_adding=`` twice)."""
    actors, collabs = model.actors.copy(), model.collaborations.copy()
    actors[column] = ["x1", "x2", "x3", "x4"]
    collabs[column] = ["y1", "y2", "y3", "y4"]
    m = Model.from_frames(actors, collabs, model.memberships)
    g = gm.to_graph(m, status=None)
    assert set(g.nodes) == {"a", "b", "c", "f", "r", "s", "t", "u"}
    assert g.number_of_edges() == 8 + 2
    # the graph's own attribute keeps its meaning; the data's value is kept beside it
    assert g.nodes["a"]["layer"] == "actor" and g.nodes["s"]["layer"] == "collaboration"
    key = "column:layer" if column == "layer" else column
    assert g.nodes["a"][key] == "x1" and g.nodes["s"][key] == "y2"


def test_unknown_filter_names_are_refused(model):
    with pytest.raises(TypeError, match="unknown filter 'sector'"):
        gm.to_graph(model, sector="ict")
