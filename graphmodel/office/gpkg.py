"""The map as a GeoPackage (EPSG:4326) for QGIS and GDAL, written with sqlite3 alone.

A GeoPackage is an SQLite database with three tables of its own (``gpkg_spatial_ref_sys``,
``gpkg_contents``, ``gpkg_geometry_columns``) and one table per layer whose geometry
column holds a small header (``GP``, version, flags, SRS id, envelope) followed by
standard WKB (OGC GeoPackage 1.2, clause 2.1.3). That is little enough to write by hand:
no GDAL wheels (~30 MB) for the core, and the tests read the files back with GDAL's own
``ogrinfo`` (Debian ``gdal-bin``).

Layers (:data:`GPKG_LAYERS`):

``municipalities``
    MultiPolygon outlines (the package's, :mod:`graphmodel.drawing.geo`) of the actors of the
    ``actors`` metrics table (:func:`graphmodel.metrics_table`) that have one, carrying
    every column of that table, plus ``country`` and ``code``.
``councils``
    Each regional council in force: the outlines of its members on the date
    (:func:`graphmodel.data.select.council_members`) as one MultiPolygon, with the
    ``councils`` metrics table's columns.
``agreement_lines``
    A line from each agreement's host to each other member: agreement id, name, sector,
    legal form, host and member id and name.
``points``
    Actors without an outline but with ``lat``/``lon``, with their metrics where the
    ``actors`` table has them.

Coordinates are longitude, latitude (EPSG:4326) to 6 decimals. Text attributes are stored
as plain TEXT (:func:`graphmodel.office.text.plain_text`): never a formula, link or markup.
"""

from __future__ import annotations

import datetime as _dt
import math
import sqlite3
import struct
from pathlib import Path

import numpy as np
import pandas as pd

from ..data.model import Model
from ..data.select import DEFAULT_FILTERS, FILTER_NAMES, council_members, select
from ..drawing.geo import UNIT_M, find_outline, unproject
from ..errors import SpecError
from .text import plain_text

__all__ = ["GPKG_LAYERS", "geometry_blob", "write_gpkg"]

#: The layers a GeoPackage export holds, in order.
GPKG_LAYERS = ("municipalities", "councils", "agreement_lines", "points")

_WGS84_WKT = (
    'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,'
    'AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,'
    'AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],'
    'AUTHORITY["EPSG","4326"]]')
_WKB_TYPES = {"POINT": 1, "LINESTRING": 2, "MULTIPOLYGON": 6}
_APPLICATION_ID = 0x47504B47  # "GPKG"
_USER_VERSION = 10200  # GeoPackage 1.2


# --------------------------------------------------------------------------- geometry


def _wkb_points(points: np.ndarray) -> bytes:
    return struct.pack("<I", len(points)) + np.ascontiguousarray(points, "<f8").tobytes()


def geometry_blob(kind: str, coords) -> bytes:
    """A GeoPackage geometry (header with an x/y envelope, then little-endian WKB).

    ``kind`` is ``POINT`` (coords: ``(x, y)``), ``LINESTRING`` (``(n, 2)`` array) or
    ``MULTIPOLYGON`` (a list of polygons, each a list of closed rings ``(n, 2)``).

    >>> b = geometry_blob("POINT", (10.5, 63.0))
    >>> b[:2], b[3], len(b)  # magic, flags (little endian, xy envelope), 8 + 32 + 21 bytes
    (b'GP', 3, 61)
    """
    if kind == "POINT":
        allpts = np.asarray([coords], dtype=float)
        wkb = struct.pack("<BIdd", 1, 1, float(coords[0]), float(coords[1]))
    elif kind == "LINESTRING":
        allpts = np.asarray(coords, dtype=float)
        wkb = struct.pack("<BI", 1, 2) + _wkb_points(allpts)
    elif kind == "MULTIPOLYGON":
        parts = [struct.pack("<BII", 1, 6, len(coords))]
        for poly in coords:
            parts.append(struct.pack("<BII", 1, 3, len(poly)))
            parts.extend(_wkb_points(np.asarray(ring, dtype=float)) for ring in poly)
        wkb = b"".join(parts)
        allpts = np.concatenate([np.asarray(r, dtype=float) for p in coords for r in p])
    else:
        raise SpecError(f"unknown geometry {kind!r}: use {', '.join(_WKB_TYPES)}")
    lo, hi = allpts.min(axis=0), allpts.max(axis=0)
    header = b"GP" + struct.pack("<BBi4d", 0, 0b011, 4326, lo[0], hi[0], lo[1], hi[1])
    return header + wkb


def _lonlat(units: np.ndarray) -> np.ndarray:
    """Projected units (:data:`graphmodel.drawing.geo.UNIT_M` metres) -> lon, lat, 6 decimals."""
    u = np.asarray(units, dtype=float) * UNIT_M
    lon, lat = unproject(u[:, 0], u[:, 1])
    return np.round(np.column_stack([lon, lat]), 6)


def _polygons(outline) -> list:
    return [[_lonlat(ring) for ring in poly] for poly in outline.polygons]


# --------------------------------------------------------------------------- the tables


def _sql_type(series: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(series) or pd.api.types.is_integer_dtype(series):
        return "INTEGER"
    if pd.api.types.is_float_dtype(series):
        return "REAL"
    return "TEXT"


def _value(value, sql_type: str):
    if value is None or (isinstance(value, float) and math.isnan(value)) or (
            not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
        return None
    if sql_type == "INTEGER":
        return int(value)
    if sql_type == "REAL":
        return float(value)
    return plain_text(value)


def _quote(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'


def _create_layer(db, name: str, geometry: str, columns: dict, rows: list,
                  description: str, now: str) -> None:
    """One feature table, registered in gpkg_contents and gpkg_geometry_columns.
    ``columns``: name -> SQL type; ``rows``: (geometry blob, bbox, {column: value})."""
    cols = "".join(f", {_quote(c)} {t}" for c, t in columns.items())
    db.execute(f"CREATE TABLE {_quote(name)} (fid INTEGER PRIMARY KEY AUTOINCREMENT, "
               f"geom {geometry}{cols})")
    names = list(columns)
    marks = ", ".join("?" * (len(names) + 1))
    db.executemany(
        f"INSERT INTO {_quote(name)} (geom{''.join(', ' + _quote(c) for c in names)}) "
        f"VALUES ({marks})",
        [(blob, *(_value(rec.get(c), columns[c]) for c in names)) for blob, _, rec in rows])
    boxes = [b for _, b, _ in rows]
    bbox = ((min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
             max(b[3] for b in boxes)) if boxes else (None, None, None, None))
    db.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, description, "
               "last_change, min_x, min_y, max_x, max_y, srs_id) "
               "VALUES (?, 'features', ?, ?, ?, ?, ?, ?, ?, 4326)",
               (name, name, description, now, *bbox))
    db.execute("INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, 4326, 0, 0)",
               (name, geometry))


def _bbox(points: np.ndarray) -> tuple:
    lo, hi = points.min(axis=0), points.max(axis=0)
    return float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1])


def _create_meta(db) -> None:
    db.execute(f"PRAGMA application_id = {_APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {_USER_VERSION}")
    db.execute("""CREATE TABLE gpkg_spatial_ref_sys (
        srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY,
        organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL,
        definition TEXT NOT NULL, description TEXT)""")
    db.executemany("INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)", [
        ("Undefined cartesian SRS", -1, "NONE", -1, "undefined",
         "undefined cartesian coordinate reference system"),
        ("Undefined geographic SRS", 0, "NONE", 0, "undefined",
         "undefined geographic coordinate reference system"),
        ("WGS 84 geodetic", 4326, "EPSG", 4326, _WGS84_WKT,
         "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid"),
    ])
    db.execute("""CREATE TABLE gpkg_contents (
        table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
        identifier TEXT UNIQUE, description TEXT DEFAULT '',
        last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
        CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id)
            REFERENCES gpkg_spatial_ref_sys(srs_id))""")
    db.execute("""CREATE TABLE gpkg_geometry_columns (
        table_name TEXT NOT NULL, column_name TEXT NOT NULL,
        geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL,
        z TINYINT NOT NULL, m TINYINT NOT NULL,
        CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
        CONSTRAINT uk_gc_table_name UNIQUE (table_name),
        CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
        CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))""")


# --------------------------------------------------------------------------- the layers


def _places(model: Model) -> tuple[dict, dict]:
    """Each actor's outline (by country and code) and, for the rest, its lat/lon point."""
    outlines, points = {}, {}
    for rec in model.actors.to_dict("records"):
        code = str(rec.get("code") or "").strip()
        outline = find_outline(rec.get("country", ""), code) if code else None
        lat, lon = rec.get("lat"), rec.get("lon")
        if outline is not None:
            outlines[rec["id"]] = outline
        elif lat is not None and lon is not None and pd.notna(lat) and pd.notna(lon):
            points[rec["id"]] = (round(float(lon), 6), round(float(lat), 6))
    return outlines, points


def _anchor(actor: str, outlines: dict, points: dict):
    """Where a line ends at an actor: its outline's label point, else its lat/lon."""
    if actor in outlines:
        x, y = outlines[actor].label_point
        return tuple(_lonlat(np.array([[x, y]]))[0])
    return points.get(actor)


def _columns(frame: pd.DataFrame) -> dict:
    return {c: _sql_type(frame[c]) for c in frame.columns}


def write_gpkg(model: Model, path, *, made_at=None, **filters) -> Path:
    """Write the map of ``model`` as a GeoPackage (layers: :data:`GPKG_LAYERS`).

    Parameters
    ----------
    model : Model
    path : str or os.PathLike
        The ``.gpkg`` file to write (replaced when it exists).
    made_at : datetime, optional
        Stored as each layer's ``last_change`` (now by default).
    **filters
        Those of :func:`graphmodel.data.select` (the metrics' defaults: service agreements
        among municipalities); they choose the metrics, councils and agreements.

    Examples
    --------
    >>> import sqlite3, tempfile, os
    >>> m = Model.from_frames(
    ...     pd.DataFrame({"id": ["a", "b"], "name": ["Oslo", "X"], "kind": "municipality",
    ...                   "country": "NO", "code": ["0301", ""], "lat": [None, 60.0],
    ...                   "lon": [None, 11.0]}),
    ...     pd.DataFrame({"id": ["s"], "name": ["S"], "kind": "service", "host": ["a"]}),
    ...     pd.DataFrame({"actor": ["a", "b"], "collaboration": ["s", "s"]}),
    ... )
    >>> out = write_gpkg(m, os.path.join(tempfile.mkdtemp(), "m.gpkg"))
    >>> db = sqlite3.connect(out)
    >>> [db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in GPKG_LAYERS]
    [1, 0, 1, 1]
    """
    unknown = sorted(set(filters) - set(FILTER_NAMES))
    if unknown:
        raise SpecError(f"unknown filter {unknown[0]!r}: use {', '.join(FILTER_NAMES)}")
    from ..analysis.metrics import metrics_table

    f = {**DEFAULT_FILTERS, **filters}
    path = Path(path)
    if path.suffix.lower() != ".gpkg":
        raise SpecError(f"a GeoPackage file ends in .gpkg, not {path.name!r}")
    now = (made_at or _dt.datetime.now(_dt.UTC)).astimezone(_dt.UTC)
    stamp = now.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    actors = metrics_table(model, "actors", **f)
    councils = metrics_table(model, "councils",
                             **{k: v for k, v in f.items() if k != "actor_kinds"})
    outlines, points = _places(model)
    info = model.actors.set_index("id")

    # municipalities: every metrics column, then where the outline comes from
    mun_cols = {**_columns(actors), "country": "TEXT", "code": "TEXT"}
    mun_rows = []
    for rec in actors.to_dict("records"):
        outline = outlines.get(rec["id"])
        if outline is None:
            continue
        polys = _polygons(outline)
        allpts = np.concatenate([r for p in polys for r in p])
        mun_rows.append((geometry_blob("MULTIPOLYGON", polys), _bbox(allpts),
                         {**rec, "country": outline.country, "code": outline.code}))

    # councils: the outlines of their members on the date, together
    cou_rows = []
    for rec in councils.to_dict("records"):
        members = council_members(model, [rec["id"]], as_of=f["as_of"], status=f["status"])
        polys = [p for a in sorted(members) if a in outlines for p in _polygons(outlines[a])]
        if polys:
            allpts = np.concatenate([r for p in polys for r in p])
            cou_rows.append((geometry_blob("MULTIPOLYGON", polys), _bbox(allpts), rec))

    # agreement lines: host -> each other member
    sel = select(model, **f)
    names = model.names()
    line_cols = {c: "TEXT" for c in ("agreement", "agreement_name", "sector", "legal_form",
                                     "host", "host_name", "member", "member_name")}
    line_rows = []
    colls = sel.collaborations.set_index("id")
    for cid, group in sel.memberships.groupby("collaboration", sort=True):
        host = str(colls.at[cid, "host"] or "") if cid in colls.index else ""
        start = _anchor(host, outlines, points) if host else None
        if start is None:
            continue
        for member in sorted(set(group["actor"]) - {host}):
            end = _anchor(member, outlines, points)
            if end is None:
                continue
            line = np.array([start, end], dtype=float)
            line_rows.append((geometry_blob("LINESTRING", line), _bbox(line), {
                "agreement": cid, "agreement_name": colls.at[cid, "name"],
                "sector": colls.at[cid, "sector"], "legal_form": colls.at[cid, "legal_form"],
                "host": host, "host_name": names.get(host, host),
                "member": member, "member_name": names.get(member, member)}))

    # points: actors without an outline, placed by lat/lon, with metrics where known
    by_id = actors.set_index("id", drop=False)
    pt_cols = {"id": "TEXT", "name": "TEXT", "kind": "TEXT", "lat": "REAL", "lon": "REAL",
               **{c: t for c, t in _columns(actors).items() if c not in ("id", "name")}}
    pt_rows = []
    for actor, (lon, lat) in sorted(points.items()):
        rec = by_id.loc[actor].to_dict() if actor in by_id.index else {}
        rec |= {"id": actor, "name": names.get(actor, actor), "kind": info.at[actor, "kind"],
                "lat": lat, "lon": lon}
        pt_rows.append((geometry_blob("POINT", (lon, lat)), (lon, lat, lon, lat), rec))

    if path.exists():
        path.unlink()
    db = sqlite3.connect(path)
    try:
        with db:
            _create_meta(db)
            _create_layer(db, "municipalities", "MULTIPOLYGON", mun_cols, mun_rows,
                          "Municipality outlines with every actor metric", stamp)
            _create_layer(db, "councils", "MULTIPOLYGON", _columns(councils), cou_rows,
                          "Regional councils: the outlines of their members", stamp)
            _create_layer(db, "agreement_lines", "LINESTRING", line_cols, line_rows,
                          "From each agreement's host to its members", stamp)
            _create_layer(db, "points", "POINT", pt_cols, pt_rows,
                          "Actors without an outline, from lat/lon", stamp)
    finally:
        db.close()
    return path
