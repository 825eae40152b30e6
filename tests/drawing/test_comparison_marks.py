"""mark_changes on a drawing with no links (Change page, Country = SE): issue 23's error box."""

from __future__ import annotations

import pandas as pd

from graphmodel.drawing import ViewGraph, mark_changes


def _drawing(edges: bool) -> ViewGraph:
    nodes = pd.DataFrame({"id": ["a", "s"], "label": ["A", "S"],
                          "layer": ["actor", "collaboration"], "kind": "k", "group": "g",
                          "color": "#999", "shape": "dot", "size": 10.0, "x": 0.0, "y": 0.0,
                          "title": ["A", "S"]})
    cols = ["source", "target", "width", "color", "title", "dashes", "relation"]
    rows = [["a", "s", 1.0, "#999", "A — S", False, "member"]] if edges else []
    return ViewGraph(nodes=nodes, edges=pd.DataFrame(rows, columns=cols))


def test_a_drawing_without_links_marks_the_actors_of_the_changes():
    # before the fix: ValueError "output array is read-only" (pandas' read-only array)
    out = mark_changes(_drawing(edges=False), {"s"}, {("a", "s")}, "#f00", "ended or left")
    assert out.nodes["color"].tolist() == ["#f00", "#f00"]
    assert out.edges.empty


def test_with_links_the_link_is_marked_and_the_input_is_untouched():
    vg = _drawing(edges=True)
    out = mark_changes(vg, set(), {("a", "s")}, "#f00", "ended or left")
    assert out.edges["color"].tolist() == ["#f00"]
    assert out.nodes["color"].tolist() == ["#999", "#999"]
    assert vg.edges["color"].tolist() == ["#999"]
