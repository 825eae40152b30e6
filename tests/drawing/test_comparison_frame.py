"""The Change page's two drawings in one frame: same places, same box (issue 23)."""

from __future__ import annotations

import json
import re

import pandas as pd

import graphmodel as gm
from graphmodel.change.compare import Comparison
from graphmodel.drawing import ViewGraph, comparison_graphs
from graphmodel.drawing.comparison import shared_places


def _vg(ids, xs, ys=None):
    ys = ys or [0.0] * len(ids)
    return ViewGraph(nodes=pd.DataFrame({"id": ids, "label": ids, "x": xs, "y": ys}),
                     edges=pd.DataFrame())


def test_both_sides_of_the_example_share_places_and_frame():
    before, after = comparison_graphs(Comparison.from_dates(gm.example_model(), "2010", "2020"))
    assert before.frame is not None and before.frame == after.frame
    b, a = before.positions(), after.positions()
    assert set(b) <= set(a)  # s2 is formed between the dates: only after
    for node in b:
        assert b[node] == a[node]
    x0, y0, x1, y1 = after.frame
    for x, y in a.values():  # every node of either side lies inside the one frame
        assert x0 < x < x1 and y0 < y < y1


def test_a_node_only_after_widens_the_frame_of_before_too():
    b, a = shared_places(_vg(["p", "q"], [0.0, 100.0]), _vg(["p", "r"], [0.0, 5000.0]))
    assert b.frame == a.frame
    assert b.frame[2] > 5000.0  # before is drawn at after's scale, not at its own 0–100
    assert b.positions()["p"] == a.positions()["p"]
    assert "r" not in b.positions()


def test_the_frame_travels_to_the_browser_drawing():
    _, after = comparison_graphs(Comparison.from_dates(gm.example_model(), "2010", "2020"))
    html = gm.network_html(after)
    data = json.loads(re.search(r"var GM_DATA = (\{.*?\});\n", html, re.DOTALL).group(1))
    assert data["frame"] == [float(v) for v in after.frame]
    assert "frame" not in json.loads(re.search(
        r"var GM_DATA = (\{.*?\});\n", gm.network_html(gm.view_graph(gm.example_model())),
        re.DOTALL).group(1))


def test_names_are_pushed_apart_for_the_shared_scale():
    # three labelled nodes 10 units apart on a 1000-unit wide drawing: at 430 px a side
    # their names (about 60 px) would overlap; after sharing they are farther apart
    ids = ["Kvinesdal", "Flekkefjord", "Farsund", "Lyngdal"]
    b, _ = shared_places(_vg(ids[:3], [0.0, 10.0, 20.0]), _vg(ids, [0.0, 10.0, 20.0, 1000.0]))
    xs = sorted(x for x, _ in (b.positions()[i] for i in ids[:3]))
    ys = sorted(y for _, y in (b.positions()[i] for i in ids[:3]))
    assert (xs[-1] - xs[0]) + (ys[-1] - ys[0]) > 40.0
