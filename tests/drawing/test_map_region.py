"""The map places only what lies in its region; the rest is listed with its reason."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest

from graphmodel.data.model import Model
from graphmodel.drawing.geo import project
from graphmodel.drawing.map import map_view, on_map, region
from graphmodel.drawing.map_image import render_map
from graphmodel.drawing.map_svg import map_svg
from graphmodel.i18n import use_language

TRONDHEIM = (63.43, 10.39)


def model_with(points: dict[str, tuple[float, float]]) -> Model:
    """Oslo by its code, and one actor per point (no code: placed from lat/lon)."""
    ids = ["oslo", *points]
    actors = pd.DataFrame({
        "id": ids, "name": ["Oslo", *points], "kind": "municipality", "country": "NO",
        "code": ["0301"] + [""] * len(points),
        "lat": [None] + [p[0] for p in points.values()],
        "lon": [None] + [p[1] for p in points.values()]})
    collabs = pd.DataFrame({"id": ["s"], "name": ["S"], "kind": ["service"]})
    members = pd.DataFrame({"actor": ids, "collaboration": "s"})
    return Model.from_frames(actors, collabs, members)


def test_the_antipode_has_no_place():
    # clamped, 63° S 165° W landed in Jämtland (issue 22)
    x, y = project([-165.0, -164.9, 15.0], [-63.0, -63.05, 95.0])
    assert math.isnan(x[0]) and math.isnan(y[0]) and math.isnan(x[2])
    assert math.hypot(x[1], y[1]) > 12_000_000  # near it: at the edge of the disc, not inside


@pytest.mark.parametrize(("lat", "lon", "short"), [
    (-63.0, -165.0, "outside the map area"),       # the antipode
    (90.0, 0.0, "outside the map area"),           # the pole
    (63.43, 180.0, "outside the map area"),        # longitude ±180
    (40.7, -74.0, "outside the map area"),         # New York
    (10.39, 63.43, "latitude and longitude swapped?"),
    (-63.43, 10.39, "a sign flipped?"),
    (63.43, -10.39, "a sign flipped?"),
])
def test_a_point_outside_the_region_is_listed_with_its_reason(lat, lon, short):
    mv = map_view(model_with({"T": TRONDHEIM, "X": (lat, lon)}))
    assert list(mv.points["id"]) == ["T"]
    assert mv.unplaced[["id", "short"]].values.tolist() == [["X", short]]
    assert "not drawn" in mv.unplaced["reason"].iloc[0]


def test_the_frame_is_set_by_what_is_placed():
    alone = map_view(model_with({"T": TRONDHEIM}))
    with_outliers = map_view(model_with({"T": TRONDHEIM, "P": (90.0, 0.0),
                                         "A": (-63.0, -165.0), "E": (63.0, 180.0)}))
    assert with_outliers.bbox == alone.bbox
    x0, y0, x1, y1 = region()
    b = alone.bbox
    assert x0 <= b[0] and b[2] <= x1 and y0 <= b[1] and b[3] <= y1


def test_points_inside_the_region_are_drawn():
    # the far corners of the two countries
    mv = map_view(model_with({"Kirkenes": (69.73, 30.05), "Smygehuk": (55.34, 13.36),
                              "Lindesnes": (57.98, 7.05), "Treriksroysa": (69.06, 20.55)}))
    assert len(mv.points) == 4 and mv.unplaced.empty
    assert np.isfinite(mv.points[["x", "y"]].to_numpy()).all()


def test_on_map_answers_a_place_or_a_reason():
    place = on_map(*TRONDHEIM)
    assert all(isinstance(v, float) for v in place)
    assert on_map(10.39, 63.43)[0] == ("latitude 10.39 and longitude 63.43 look swapped "
                                       "(exchanged): not drawn")


@pytest.mark.parametrize(("lang", "words"), [
    ("nb", ("Ikke på kartet", "utenfor kartområdet", "byttet om")),
    ("sv", ("Inte på kartan", "utanför kartområdet", "förväxlade")),
    ("en", ("Not on the map", "outside the map area", "swapped")),
])
def test_the_picture_lists_what_is_not_on_the_map(lang, words):
    with use_language(lang):
        mv = map_view(model_with({"T": TRONDHEIM, "Sørpol": (-63.0, -165.0),
                                  "Byttet": (10.39, 63.43)}))
        svg = map_svg(mv)
    text = " ".join(re.findall(r"<text[^>]*>([^<]*)", svg))  # the lines, wrapped
    for word in words:
        assert word in text, (lang, word)
    assert "Sørpol" in text


@pytest.mark.slow
def test_the_png_lists_it_too(tmp_path):
    from PIL import Image

    mv = map_view(model_with({"T": TRONDHEIM, "Outlier": (-63.0, -165.0)}))
    path = tmp_path / "map.png"
    render_map(mv, path, "png", title="Outlier")
    assert Image.open(path).size[0] > 500
