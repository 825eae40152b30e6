"""Regenerate graphmodel/assets/outlines/municipalities.json.gz from the shared reference polygons.

Run only to regenerate the asset (pure Python + numpy, nothing to install)::

    .venv/bin/python scripts/make_outlines.py            # sources in ../shared/reference
    .venv/bin/python scripts/make_outlines.py --tolerance 250 --min-island 1.0

What it does, per country:

1. Reads the municipality polygons (GeoJSON, lon/lat): Norway ``Kommuner-S.geojson``
   (Kartverket data, CC BY 4.0, via robhop/fylker-og-kommuner), keyed by
   ``kommunenummer``; Sweden ``swedish_municipalities.geojson`` (okfse/sweden-geojson,
   from Valmyndigheten data), keyed by ``id`` (the four-digit kommunkod).
2. Projects them with :func:`graphmodel.drawing.geo.project` and rounds to integer units of
   ``graphmodel.drawing.geo.UNIT_M`` metres. Neighbours share their border points exactly in the
   sources, and still do after rounding.
3. Cuts every ring at its *junctions* (points where the set of rings that share the
   point changes), simplifies each piece once with Douglas–Peucker
   (:func:`graphmodel.drawing.geo.simplify`) and gives the same simplified piece to every ring
   that has it: shared borders stay shared, with no gaps or slivers, and a council's
   territory can be outlined by counting edges.
4. Drops islands (and holes) smaller than ``--min-island`` km², never a municipality's
   largest polygon; orients outer rings counter-clockwise and holes clockwise.
5. Writes one gzip-compressed JSON file: rings delta-encoded as integers.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graphmodel.drawing.geo import ASSET, LAT0, LON0, UNIT_M, ring_area, simplify, to_units

REFERENCE = ROOT.parent / "shared" / "reference"
SOURCES = {
    "NO": (REFERENCE / "norway" / "source" / "Kommuner-S.geojson", "kommunenummer",
           ("kommunenavn", "name")),
    "SE": (REFERENCE / "sweden" / "source" / "swedish_municipalities.geojson", "id",
           ("kom_namn",)),
}
OUT = ROOT / "graphmodel" / "assets" / "outlines" / ASSET


def read_country(path: Path, key: str, name_keys) -> dict[str, dict]:
    """code -> {"name", "polygons": [[ring (n, 2) int64, ...], ...]} (rings closed)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    out = {}
    for feature in data["features"]:
        props = feature["properties"]
        code = str(props[key]).strip()
        name = next((str(props[k]) for k in name_keys if props.get(k)), code)
        geom = feature["geometry"]
        polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        rings_out = []
        for poly in polys:
            rings = []
            for ring in poly:
                arr = np.asarray(ring, dtype=float)
                units = to_units(arr[:, 0], arr[:, 1])
                keep = np.ones(len(units), dtype=bool)
                keep[1:] = np.any(units[1:] != units[:-1], axis=1)
                units = units[keep]
                if len(units) and tuple(units[0]) != tuple(units[-1]):
                    units = np.vstack([units, units[:1]])
                if len(units) >= 4:
                    rings.append(units)
            if rings:
                rings_out.append(rings)
        if code in out:
            out[code]["polygons"].extend(rings_out)
        else:
            out[code] = {"name": name, "polygons": rings_out}
    return out


def _junctions(all_rings: list[np.ndarray]) -> set[tuple[int, int]]:
    owners: dict[tuple[int, int], set[int]] = {}
    for r, ring in enumerate(all_rings):
        for p in map(tuple, ring[:-1].tolist()):
            owners.setdefault(p, set()).add(r)
    junctions = set()
    for ring in all_rings:
        pts = list(map(tuple, ring[:-1].tolist()))
        n = len(pts)
        for i, p in enumerate(pts):
            before, after = owners[pts[i - 1]], owners[pts[(i + 1) % n]]
            if len(owners[p]) > 2 or owners[p] != before or owners[p] != after:
                junctions.add(p)
    return junctions


def _simplify_piece(piece: list, tolerance: float, cache: dict) -> list:
    """Simplify an open piece once for all rings that share it (in either direction)."""
    forward = tuple(piece)
    key = forward if forward[0] <= forward[-1] else forward[::-1]
    if key not in cache:
        cache[key] = [tuple(p) for p in simplify(np.asarray(key), tolerance).astype(np.int64)
                      .tolist()]
    out = cache[key]
    return out if key == forward else out[::-1]


def simplify_ring(ring: np.ndarray, junctions: set, tolerance: float, cache: dict) -> np.ndarray:
    pts = list(map(tuple, ring[:-1].tolist()))
    cut = [i for i, p in enumerate(pts) if p in junctions]
    if not cut:
        # A ring nobody shares (an island): start at its smallest point so that a hole
        # and the enclave filling it start alike, then split at the farthest point.
        k = pts.index(min(pts))
        pts = pts[k:] + pts[:k]
        if pts[-1] < pts[1]:
            pts = [pts[0]] + pts[1:][::-1]
        far = int(np.argmax(np.hypot(*(np.asarray(pts) - pts[0]).T)))
        cut = [0, far] if far > 0 else [0]
    pts = pts[cut[0]:] + pts[:cut[0]]
    cut = [c - cut[0] for c in cut] + [len(pts)]
    pts.append(pts[0])
    out = [pts[0]]
    for a, b in itertools.pairwise(cut):
        out.extend(_simplify_piece(pts[a:b + 1], tolerance, cache)[1:])
    return np.asarray(out, dtype=np.int64)


def build(tolerance_m: float, min_island_km2: float) -> dict:
    countries = {}
    stats = {}
    for country, (path, key, names) in SOURCES.items():
        table = read_country(path, key, names)
        all_rings = [ring for rec in table.values() for poly in rec["polygons"] for ring in poly]
        junctions = _junctions(all_rings)
        cache: dict = {}
        tol = tolerance_m / UNIT_M
        min_area = min_island_km2 * 1e6 / UNIT_M**2
        n_in = sum(len(r) for r in all_rings)
        n_out = 0
        out = {}
        for code in sorted(table):
            rec = table[code]
            polys = []
            for poly in rec["polygons"]:
                rings = [simplify_ring(r, junctions, tol, cache) for r in poly]
                rings = [r for r in rings if len(r) >= 4 and ring_area(r) != 0]
                if rings:
                    polys.append(rings)
            if not polys:
                raise SystemExit(f"{country} {code}: nothing left after simplification")
            largest = max(range(len(polys)), key=lambda i: abs(ring_area(polys[i][0])))
            kept = []
            for i, rings in enumerate(polys):
                if i != largest and abs(ring_area(rings[0])) < min_area:
                    continue
                outer = rings[0] if ring_area(rings[0]) > 0 else rings[0][::-1]
                holes = [h if ring_area(h) < 0 else h[::-1] for h in rings[1:]
                         if abs(ring_area(h)) >= min_area]
                kept.append([outer] + holes)
            n_out += sum(len(r) for rings in kept for r in rings)
            out[code] = {
                "name": rec["name"],
                "polygons": [[_delta(r) for r in rings] for rings in kept],
            }
        countries[country] = out
        stats[country] = (len(out), n_in, n_out)
    return {"countries": countries, "stats": stats}


def _delta(ring: np.ndarray) -> list[int]:
    d = np.diff(ring, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    return d.ravel().tolist()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tolerance", type=float, default=200.0,
                        help="Douglas-Peucker tolerance in metres (default 200)")
    parser.add_argument("--min-island", type=float, default=0.5,
                        help="drop islands and holes smaller than this many km² (default 0.5)")
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    args = parser.parse_args(argv)
    for country, (path, _, _) in SOURCES.items():
        if not path.exists():
            raise SystemExit(f"{country}: {path} is missing (the shared reference data)")
    built = build(args.tolerance, args.min_island)
    doc = {
        "format": "graphmodel-outlines",
        "version": 1,
        "projection": {"name": "Lambert azimuthal equal-area (sphere)", "lat0": LAT0,
                       "lon0": LON0, "radius_m": 6_371_008.8},
        "unit_m": UNIT_M,
        "tolerance_m": args.tolerance,
        "min_island_km2": args.min_island,
        "encoding": "rings as [x0, y0, dx1, dy1, ...] in units of unit_m metres; "
                    "outer rings counter-clockwise, holes clockwise",
        "sources": {
            "NO": "Kartverket (CC BY 4.0) via github.com/robhop/fylker-og-kommuner, "
                  "Kommuner-S.geojson",
            "SE": "Valmyndigheten via github.com/okfse/sweden-geojson, "
                  "swedish_municipalities.geojson",
        },
        "countries": built["countries"],
    }
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    blob = gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(blob)
    for country, (n, n_in, n_out) in built["stats"].items():
        print(f"{country}: {n} municipalities, {n_in} points -> {n_out}")
    print(f"wrote {args.output} ({len(blob) / 1024:.0f} KiB gzip, {len(text) / 1024:.0f} KiB JSON)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
