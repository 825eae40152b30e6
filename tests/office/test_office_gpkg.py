"""The map as a GeoPackage (graphmodel.office.gpkg), read back with sqlite3 and GDAL."""

from __future__ import annotations

import json
import shutil
import sqlite3
import struct
import subprocess
from pathlib import Path

import pytest
from office.test_office_docx import HOSTILE, hostile_model

from graphmodel.errors import SpecError
from graphmodel.office.gpkg import GPKG_LAYERS, geometry_blob, write_gpkg

NORDIC = Path(__file__).resolve().parents[2] / "data" / "nordic"
needs_gdal = pytest.mark.skipif(
    shutil.which("ogrinfo") is None or shutil.which("ogr2ogr") is None,
    reason="GDAL's ogrinfo/ogr2ogr (Debian gdal-bin, scripts/system-deps.sh) not installed")


@pytest.fixture(scope="module")
def hostile_gpkg(tmp_path_factory) -> Path:
    return write_gpkg(hostile_model(), tmp_path_factory.mktemp("g") / "h.gpkg")


def test_point_blob_header_by_hand():
    blob = geometry_blob("POINT", (1.0, 2.0))
    magic, version, flags, srs = struct.unpack("<2sBBi", blob[:8])
    assert (magic, version, flags, srs) == (b"GP", 0, 0b011, 4326)
    assert struct.unpack("<4d", blob[8:40]) == (1.0, 1.0, 2.0, 2.0)  # minx maxx miny maxy
    assert blob[40:] == struct.pack("<BIdd", 1, 1, 1.0, 2.0)


def test_multipolygon_blob_counts_polygons_and_rings():
    square = [(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]
    blob = geometry_blob("MULTIPOLYGON", [[square], [[(x + 2, y) for x, y in square]]])
    assert struct.unpack("<4d", blob[8:40]) == (0.0, 3.0, 0.0, 1.0)
    assert struct.unpack("<BII", blob[40:49]) == (1, 6, 2)
    assert struct.unpack("<BIII", blob[49:62]) == (1, 3, 1, 5)


def test_unknown_geometry_and_suffix_are_errors(tmp_path):
    with pytest.raises(SpecError, match="unknown geometry 'CIRCLE'"):
        geometry_blob("CIRCLE", (0, 0))
    with pytest.raises(SpecError, match="ends in .gpkg"):
        write_gpkg(hostile_model(), tmp_path / "x.shp")
    with pytest.raises(SpecError, match="unknown filter 'colour'"):
        write_gpkg(hostile_model(), tmp_path / "x.gpkg", colour="red")


def test_tables_and_counts_by_sqlite(hostile_gpkg):
    db = sqlite3.connect(hostile_gpkg)
    assert db.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47
    contents = db.execute("SELECT table_name, data_type, srs_id FROM gpkg_contents "
                          "ORDER BY table_name").fetchall()
    assert contents == sorted((t, "features", 4326) for t in GPKG_LAYERS)
    srs = {r[0] for r in db.execute("SELECT srs_id FROM gpkg_spatial_ref_sys")}
    assert srs == {-1, 0, 4326}
    # a, b, c have outlines; R's members a, b, c; s: host a -> b, c; d is a point
    counts = [db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in GPKG_LAYERS]
    assert counts == [3, 1, 2, 1]
    lines = db.execute("SELECT agreement, legal_form, host_name, member_name "
                       "FROM agreement_lines ORDER BY member").fetchall()
    assert lines == [("s", "IKS", HOSTILE["a"], HOSTILE["b"]),
                     ("s", "IKS", HOSTILE["a"], HOSTILE["c"])]
    point = db.execute("SELECT name, lat, lon, n_collaborations FROM points").fetchone()
    assert point == ("Ctrl\ufffdx", 63.4, 10.4, 1)


@needs_gdal
def test_gdal_reads_the_layers_and_the_same_characters(hostile_gpkg, tmp_path):
    info = subprocess.run(["ogrinfo", "-ro", "-so", "-al", str(hostile_gpkg)], check=True,
                          capture_output=True, text=True)
    assert "ERROR" not in info.stderr
    assert [line.split(": ")[1] for line in info.stdout.splitlines()
            if line.startswith("Layer name")] == list(GPKG_LAYERS)
    out = tmp_path / "m.geojson"
    subprocess.run(["ogr2ogr", "-f", "GeoJSON", str(out), str(hostile_gpkg),
                    "municipalities"], check=True, capture_output=True)
    features = json.loads(out.read_text("utf-8"))["features"]
    names = {f["properties"]["id"]: f["properties"]["name"] for f in features}
    assert names == {k: HOSTILE[k] for k in "abc"}
    selbu = next(f for f in features if f["properties"]["code"] == "5032")
    assert selbu["geometry"]["type"] == "MultiPolygon"
    lon = [p[0] for poly in selbu["geometry"]["coordinates"] for ring in poly for p in ring]
    lat = [p[1] for poly in selbu["geometry"]["coordinates"] for ring in poly for p in ring]
    # Selbu lies around 63.2 N, 11.0 E
    assert 10.3 < min(lon) < max(lon) < 11.9 and 62.8 < min(lat) < max(lat) < 63.5


@pytest.mark.slow
@needs_gdal
def test_cli_export_nordic_gpkg(tmp_path):
    from graphmodel.cli import main

    out = tmp_path / "nordic.gpkg"
    assert main(["export", str(NORDIC), "-o", str(out)]) == 0
    info = subprocess.run(["ogrinfo", "-ro", "-so", "-al", str(out)], check=True,
                          capture_output=True, text=True).stdout
    layers = info.split("Layer name: ")[1:]
    assert len(layers) >= 3
    outline = layers[0]
    assert outline.startswith("municipalities") and "Feature Count: 58" in outline
    for column in ("fragmentation: Real", "n_collaborations: Integer64", "strategy: String",
                   "home_alignment: Real", "betweenness: Real"):
        assert column in outline


VALIDATOR = Path("/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py")


@pytest.mark.skipif(not VALIDATOR.exists() or shutil.which("python3") is None,
                    reason="GDAL's validate_gpkg.py (Debian python3-gdal, with gdal-bin) absent")
@pytest.mark.parametrize("filters", [{}, {"sectors": ("no-such-sector",)}])
def test_gdals_validator_accepts_the_file(tmp_path, filters):
    out = write_gpkg(hostile_model(), tmp_path / "v.gpkg", **filters)
    run = subprocess.run(["/usr/bin/python3", str(VALIDATOR), str(out)], check=False,
                         capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_validator_check_can_fail(tmp_path):
    """The validation above has teeth: a file without gpkg_contents is refused."""
    if not VALIDATOR.exists():
        pytest.skip("GDAL's validate_gpkg.py (Debian python3-gdal) absent")
    out = write_gpkg(hostile_model(), tmp_path / "bad.gpkg")
    db = sqlite3.connect(out)
    db.execute("DROP TABLE gpkg_contents")
    db.commit()
    db.close()
    run = subprocess.run(["/usr/bin/python3", str(VALIDATOR), str(out)], check=False,
                         capture_output=True,
                         text=True, timeout=120)
    assert run.returncode != 0
