"""The strategy quadrant's geometry: quadrant boxes, stated rings, labels without overlap."""

from __future__ import annotations

import pandas as pd
import pytest

from graphmodel.drawing import place_labels, quadrant_box, stated_marks


def _positions(rows):
    return pd.DataFrame(rows, columns=["id", "stated_strategy", "stated_date",
                                       "earlier_strategy", "earlier_date"])


PLACED = pd.DataFrame({"id": ["a", "b", "c"], "name": ["Aby", "Bes", "Cel"],
                       "x": [0.7, 0.7, 0.9], "y": [0.86, 0.86, 1.0]})


def test_quadrant_boxes_follow_the_thresholds():
    assert quadrant_box("self-sufficiency", 0.4, 0.6) == (0.0, 0.0, 0.4, 0.6)
    assert quadrant_box("service-centre", 0.4, 0.6) == (0.4, 0.0, 1.0, 0.6)
    assert quadrant_box("regional partner") == (0.5, 0.5, 1.0, 1.0)
    assert quadrant_box("") is None


def test_two_actors_on_one_spot_get_a_ring_each_in_their_stated_quadrant():
    # a and b share a practised place (a merged "Aby +1" circle): each keeps its own ring
    pos = _positions([["a", "specialisation", pd.NaT, "", pd.NaT],
                      ["b", "specialisation", pd.NaT, "", pd.NaT]])
    m = stated_marks(pos, PLACED)
    assert m["id"].tolist() == ["a", "b"]
    # box (0, .5, .5, 1): inner x .06–.44 split in thirds, y the middle of .59–.91
    assert m["x"].round(4).tolist() == [0.1867, 0.3133]
    assert m["y"].round(4).tolist() == [0.75, 0.75]
    assert m[["px", "py"]].values.tolist() == [[0.7, 0.86], [0.7, 0.86]]


def test_an_earlier_statement_is_a_ring_of_its_own_and_unknown_ones_are_left_out():
    pos = _positions([["c", "regional partner", pd.Timestamp("2009-06-11"), "service-centre",
                       pd.Timestamp("2008-01-01")],
                      ["zz", "regional partner", pd.NaT, "", pd.NaT],  # not placed
                      ["b", "shopping", pd.NaT, "", pd.NaT]])  # no such strategy
    m = stated_marks(pos, PLACED)
    assert m[["id", "when", "strategy"]].values.tolist() == [
        ["c", "now", "regional partner"], ["c", "earlier", "service-centre"]]
    assert m["x"].tolist() == pytest.approx([0.75, 0.75])
    assert m["y"].tolist() == pytest.approx([0.75, 0.25])
    assert m["date"].tolist() == [pd.Timestamp("2009-06-11"), pd.Timestamp("2008-01-01")]


def test_seven_rings_in_one_quadrant_fill_rows_of_three_and_never_share_a_place():
    ids = [f"m{k}" for k in range(7)]
    placed = pd.DataFrame({"id": ids, "name": ids, "x": 0.2, "y": 0.2})
    pos = _positions([[i, "self-sufficiency", pd.NaT, "", pd.NaT] for i in ids])
    m = stated_marks(pos, placed)
    places = set(zip(m["x"].round(6), m["y"].round(6)))
    assert len(places) == 7
    # box (0, 0, .5, .5): inner y .09–.41 in quarters; the last row holds one, centred
    assert sorted(m["y"].round(4).unique().tolist()) == [0.17, 0.25, 0.33]
    assert m["x"].round(4).tolist()[-1] == 0.25


def _boxes(p, x, y, texts, width, height, char=6.0, line=13.0):
    out = []
    for r, xx, t in zip(p.itertuples(), x, texts):
        w = char * len(t) + 2
        left = xx * width + (8 if r.align == "left" else -8 - w)
        top = (1 - r.ly) * height - line / 2
        out.append((left, top, left + w, top + line))
    return out


def test_labels_along_the_full_row_do_not_overlap():
    # five municipalities at 100 % alignment, 2 percentage points apart (issue 23)
    x = [0.60, 0.62, 0.64, 0.66, 0.70]
    y = [1.0] * 5
    texts = ["Frosta", "Meråker", "Tydal", "Selbu +1", "Stjørdal"]
    p = place_labels(x, y, texts, width=700, height=460)
    boxes = _boxes(p, x, y, texts, 700, 460)
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            a, b = boxes[i], boxes[j]
            e = 1e-6  # touching is no overlap
            assert (a[2] <= b[0] + e or b[2] <= a[0] + e or a[3] <= b[1] + e
                    or b[3] <= a[1] + e), (i, j)
    assert p["moved"].sum() >= 3  # most had to step off the crowded row


def test_a_lone_label_stays_level_and_an_obstacle_moves_it():
    p = place_labels([0.5], [0.5], ["Aby"], width=100, height=100)
    assert p[["ly", "align", "moved"]].values.tolist() == [[0.5, "left", False]]
    # a box right of the point: the label steps one line (13 px of 100) off its row
    q = place_labels([0.5], [0.5], ["Aby"], width=100, height=100,
                     obstacles=[(55, 44, 80, 56)])
    assert bool(q["moved"][0]) and abs(q["ly"][0] - 0.5) == pytest.approx(0.13)
