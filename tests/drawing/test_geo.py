"""The outlines asset, the projection and the simplification helpers (graphmodel.drawing.geo)."""

from __future__ import annotations

import csv
import gzip
import json
import math
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from graphmodel.drawing import geo

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "reference"
NORDIC = REPO / "data" / "nordic" / "actors.csv"


def _asset():
    return resources.files("graphmodel").joinpath("assets", "outlines", geo.ASSET)


def test_asset_is_small_and_complete():
    raw = _asset().read_bytes()
    assert len(raw) < 2_000_000
    doc = json.loads(gzip.decompress(raw))
    assert doc["format"] == "graphmodel-outlines" and doc["unit_m"] == geo.UNIT_M
    assert len(doc["countries"]["NO"]) == 357 and len(doc["countries"]["SE"]) == 290
    assert "Kartverket" in doc["sources"]["NO"] and "Valmyndigheten" in doc["sources"]["SE"]


def test_readme_gives_attribution():
    text = (REPO / "graphmodel" / "assets" / "outlines" / "README.md").read_text("utf-8")
    for needle in ("Kartverket", "CC BY 4.0", "robhop/fylker-og-kommuner", "okfse/sweden-geojson",
                   "Valmyndigheten"):
        assert needle in text


def test_codes_keep_leading_zeros():
    o = geo.outlines()
    assert o[("SE", "0114")].name == "Upplands Väsby"
    assert o[("NO", "0301")].name == "Oslo"
    assert all(len(code) == 4 and code.isdigit() for _, code in o)


@pytest.mark.parametrize("file, column, country", [
    ("norway_municipalities.csv", "kommunenummer", "NO"),
    ("sweden_municipalities.csv", "kommunkod", "SE"),
])
def test_reference_codes_match(file, column, country):
    path = SHARED / file
    if not path.exists():
        pytest.skip(f"{path} is absent (shared reference data)")
    with path.open(encoding="utf-8") as fh:
        codes = [row[column] for row in csv.DictReader(fh)]
    matched = sum(geo.find_outline(country, c) is not None for c in codes)
    print(f"{file}: {matched} of {len(codes)} codes have an outline")
    assert matched == len(codes)


def test_nordic_codes_match():
    with NORDIC.open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["code"]]
    assert rows
    assert all(geo.find_outline(r["country"], r["code"]) is not None for r in rows)


def test_find_outline_without_country_only_when_unique():
    assert geo.find_outline("", "0114").country == "SE"
    # 1860 is Vestvågøy (NO) and Laxå (SE): ambiguous without a country
    assert geo.find_outline("NO", "1860") is not None and geo.find_outline("SE", "1860")
    assert geo.find_outline("", "1860") is None
    assert geo.find_outline("NO", "") is None


def test_projection_centre_and_distances():
    x, y = geo.project(geo.LON0, geo.LAT0)
    assert abs(float(x)) < 1e-6 and abs(float(y)) < 1e-6
    # Oslo–Trondheim: great-circle distance (haversine) vs distance in the plane
    lon = np.array([10.7522, 10.3951])
    lat = np.array([59.9139, 63.4305])
    px, py = geo.project(lon, lat)
    plane = math.hypot(px[1] - px[0], py[1] - py[0])
    p1, p2 = np.radians(lat)
    dl = np.radians(lon[1] - lon[0])
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    sphere = 2 * 6_371_008.8 * np.arcsin(np.sqrt(h))
    assert abs(plane - sphere) / sphere < 0.01
    # north is up, east is right
    assert py[1] > py[0]
    ex, _ = geo.project([10.0, 12.0], [60.0, 60.0])
    assert ex[1] > ex[0]


def test_simplify_by_hand():
    line = [[0, 0], [1, 0.1], [2, -0.1], [3, 5], [4, 6], [5, 7]]
    # farthest from (0,0)-(5,7) is (2,-0.1): kept; then (3,5) from (2,-0.1)-(5,7); the rest lie
    # within 0.5 of their chords
    assert geo.simplify(line, 0.5).tolist() == [[0, 0], [2, -0.1], [3, 5], [5, 7]]
    assert len(geo.simplify(line, 0.0)) == 5  # (4, 6) lies on the chord (3, 5)-(5, 7)
    assert geo.simplify(line, 100).tolist() == [[0, 0], [5, 7]]
    ring = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]
    assert geo.simplify(ring, 3).tolist() == [[0, 0], [4, 4], [0, 0]]  # corners within 2.83
    assert len(geo.simplify(ring, 0.1)) == 5


def test_ring_orientation_in_asset():
    for outline in geo.outlines().values():
        for poly in outline.polygons:
            assert geo.ring_area(poly[0]) > 0
            assert all(geo.ring_area(h) < 0 for h in poly[1:])
            assert all(tuple(r[0]) == tuple(r[-1]) for r in poly)


def test_neighbours_share_their_border_exactly():
    o = geo.outlines()
    a, b = o[("NO", "5035")], o[("NO", "5034")]  # Stjørdal, Meråker
    edges = lambda s: {frozenset(map(tuple, e)) for poly in s.polygons for r in poly
                       for e in zip(r[:-1].tolist(), r[1:].tolist())}
    shared = edges(a) & edges(b)
    assert len(shared) >= 3
    union = geo.union_boundary([a, b])
    union_edges = {frozenset(map(tuple, e)) for line in union
                   for e in zip(line[:-1].tolist(), line[1:].tolist())}
    assert not union_edges & shared
    assert union_edges == (edges(a) | edges(b)) - shared


def test_union_boundary_by_hand():
    sq = lambda x: np.array([[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]])
    a = geo.Outline("NO", "1", "A", ((sq(0),),))
    b = geo.Outline("NO", "2", "B", ((sq(1),),))
    c = geo.Outline("NO", "3", "C", ((sq(5),),))
    lines = geo.union_boundary([a, b, c])
    assert sorted(len(x) for x in lines) == [5, 7]
    big = next(x for x in lines if len(x) == 7)
    assert tuple(big[0]) == tuple(big[-1]) and {tuple(p) for p in big} == {
        (0, 0), (1, 0), (2, 0), (2, 1), (1, 1), (0, 1)}


def test_label_point_inside():
    for key in [("NO", "0301"), ("SE", "0114"), ("NO", "4206")]:
        o = geo.outlines()[key]
        x, y = o.label_point
        x0, y0, x1, y1 = o.bbox
        assert x0 <= x <= x1 and y0 <= y <= y1
