"""The map picture: what is drawn where (map_view), the offline SVG, and PNG/PDF."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest

import graphmodel as gm
from graphmodel.drawing.geo import find_outline, union_boundary
from graphmodel.drawing.map import (
    AGREEMENT_COLORS,
    FRAGMENTATION_COLORS,
    NONE_COLOR,
    MapView,
    map_view,
    tint,
)
from graphmodel.drawing.map_image import render_map
from graphmodel.drawing.map_svg import map_svg, safe_text
from graphmodel.errors import SpecError, UnknownIdError

REPO = Path(__file__).resolve().parents[2]
HOSTILE = ['<script>alert(1)</script>', '"onload="alert(2)', "![x](http://evil.example/x.png)"]
SVG_NS = 'xmlns="http://www.w3.org/2000/svg"'


def tiny(names=("Oslo", "Bærum", "Utopia", "Upplands Väsby", "Vallentuna", "Nowhere")):
    """a Oslo (NO 0301, shape), b Bærum (no code, lat/lon: point), c (nothing: listed),
    d Upplands Väsby (SE 0114), e Vallentuna (SE 0115, d's neighbour), f (code 9999 with no
    outline, lat/lon: point). R council {d, e}; s1 host a {a, b, c}; s2 {a, d} from 2015
    (crosses s1: shares a); s3 {d, e}."""
    actors = pd.DataFrame({
        "id": list("abcdef"), "name": list(names), "kind": "municipality",
        "country": ["NO", "NO", "NO", "SE", "SE", "NO"],
        "code": ["0301", "", "", "0114", "0115", "9999"],
        "lat": [None, 59.89, None, None, None, 61.0],
        "lon": [None, 10.52, None, None, None, 9.0],
    })
    collabs = pd.DataFrame({
        "id": ["R", "s1", "s2", "s3"], "name": ["Region", "Health", "Fire", "Water"],
        "kind": ["council", "service", "service", "service"], "host": ["", "a", "", ""],
        "start": [None, None, "2015-01-01", None],
    })
    mem = pd.DataFrame({"actor": list("deabcadde"),
                        "collaboration": ["R", "R", "s1", "s1", "s1", "s2", "s2", "s3", "s3"]})
    return gm.Model.from_frames(actors, collabs, mem)


@pytest.fixture(scope="module")
def nordic():
    return gm.load(REPO / "data" / "nordic")


def test_every_actor_is_placed_or_listed():
    mv = map_view(tiny())
    assert list(mv.shapes["id"]) == ["a", "d", "e"]
    assert list(mv.points["id"]) == ["b", "f"]
    assert list(mv.unplaced["id"]) == ["c"]
    assert "no municipality code" in mv.unplaced["reason"][0]
    assert mv.placed_ids() | set(mv.unplaced["id"]) == set("abcdef")


def test_nordic_places_every_municipality(nordic):
    mv = map_view(nordic)
    kept = set(gm.select(nordic).actor_ids)
    ids = list(mv.shapes["id"]) + list(mv.points["id"]) + list(mv.unplaced["id"])
    assert sorted(ids) == sorted(kept) and len(ids) == len(set(ids))
    municipalities = nordic.actors[nordic.actors["kind"] == "municipality"]
    assert len(mv.shapes) == len(municipalities) == 58  # every code has an outline
    mv_all = map_view(nordic, actor_kinds=None)  # counties, state: no code, no coordinates
    assert len(mv_all.shapes) + len(mv_all.points) + len(mv_all.unplaced) == len(nordic.actors)
    assert len(mv_all.unplaced) == len(nordic.actors) - 58


def test_colour_by_agreements_and_fragmentation():
    m = tiny()
    mv = map_view(m, color_by="agreements")
    color = dict(zip(pd.concat([mv.shapes, mv.points])["id"],
                     pd.concat([mv.shapes, mv.points])["color"]))
    # services: a in s1, s2 -> 2; b in s1 -> 1; d in s2, s3 -> 2; e in s3 -> 1; f in none
    assert color["a"] == color["b"] == color["d"] == color["e"] == AGREEMENT_COLORS[0]
    assert color["f"] == NONE_COLOR
    mv = map_view(m, color_by="fragmentation")
    color = dict(zip(mv.shapes["id"], mv.shapes["color"]))
    group = dict(zip(mv.shapes["id"], mv.shapes["group"]))
    # a: partner sets {b, c} and {d} -> 2 configurations of 2 -> 1.0; e: one agreement
    assert color["a"] == color["d"] == FRAGMENTATION_COLORS[4] and group["a"] == "0.75–1"
    assert color["e"] == NONE_COLOR
    assert [entry[0] for entry in mv.legend] == ["0.75–1", "in fewer than 2 agreements"]


def test_legend_numbers_in_the_language():
    from graphmodel.i18n import use_language

    with use_language("nb"):
        mv = map_view(tiny(), color_by="fragmentation")
        group = dict(zip(mv.shapes["id"], mv.shapes["group"]))
        assert group["a"] == "0,75–1"
        assert [entry[0] for entry in mv.legend] == ["0,75–1", "i færre enn 2 samarbeid"]
        mv = map_view(tiny(), color_by="agreements", as_of="2010")
        assert dict(zip(mv.shapes["id"], mv.shapes["group"]))["a"] == "1–2"
        assert map_view(tiny()).shapes["title"].iloc[0].split("\n")[1] == "kommune 0301"
    # e has one agreement: its fragmentation is not defined, shown as "–" (never "0")
    title = dict(zip(mv.shapes["id"], map_view(tiny()).shapes["title"]))
    assert "fragmentation: –" in title["e"] and "fragmentation: 1" in title["a"]


def test_filters_apply():
    # before 2015, s2 is not in force: a and d have one agreement each
    mv = map_view(tiny(), color_by="agreements", as_of="2010")
    group = dict(zip(mv.shapes["id"], mv.shapes["group"]))
    assert group["a"] == group["d"] == "1–2"
    mv = map_view(tiny(), countries="SE")
    assert list(mv.shapes["id"]) == ["d", "e"] and mv.points.empty and mv.unplaced.empty
    assert mv.as_of is None and mv.filters["countries"] == "SE"


def test_home_council_and_territory():
    mv = map_view(tiny(), color_by="home_council")
    color = dict(zip(mv.shapes["id"], mv.shapes["color"]))
    (terr,) = mv.councils.itertuples()
    assert terr.ids == ("R",) and terr.members == ("d", "e")
    assert color["d"] == color["e"] == tint(terr.color) and color["a"] == NONE_COLOR
    # the territory is the union's outer edge: the shared border of d and e is not in it
    d, e = find_outline("SE", "0114"), find_outline("SE", "0115")
    expected = union_boundary([d, e])
    assert sum(len(x) for x in terr.lines) == sum(len(x) for x in expected)
    own = sum(len(r) for o in (d, e) for p in o.polygons for r in p)
    assert sum(len(x) for x in terr.lines) < own
    assert map_view(tiny(), councils=[]).councils.empty
    with pytest.raises(UnknownIdError, match="nope"):
        map_view(tiny(), councils=["nope"])


def test_links_to_host_and_crossing():
    mv = map_view(tiny(), collaboration="s1")
    own = mv.links[mv.links["relation"] == "member"]
    # host a; c has no place, so only a -> b is drawn
    assert own[["source", "target"]].values.tolist() == [["a", "b"]]
    cross = mv.links[mv.links["relation"] == "crossing"]
    # s2 = {a, d} shares a with s1 = {a, b, c}: crossing; no host, so from its members' centre
    assert set(cross["collaboration"]) == {"s2"} and sorted(cross["target"]) == ["a", "d"]
    assert (cross["source"] == "").all()
    a, d = (mv.shapes.set_index("id").loc[k, ["x", "y"]] for k in "ad")
    assert cross["x0"].iloc[0] == pytest.approx((a["x"] + d["x"]) / 2)
    assert any(mark == "dash" for _, _, mark in mv.legend)
    # s3 = {d, e} and s1 share nobody: not crossing
    assert "s3" not in set(mv.links["collaboration"])
    early = map_view(tiny(), collaboration="s2", as_of="2010")
    assert early.links.empty and "not in force" in early.message


def test_focus_highlights_partners_and_zooms():
    mv = map_view(tiny(), focus="b")
    dim = dict(zip(pd.concat([mv.shapes, mv.points])["id"],
                   pd.concat([mv.shapes, mv.points])["dim"]))
    assert not dim["a"] and not dim["b"] and dim["d"] and dim["e"] and dim["f"]
    assert mv.points.set_index("id").loc["b", "focus"]
    full = map_view(tiny())
    assert (mv.bbox[2] - mv.bbox[0]) < (full.bbox[2] - full.bbox[0])
    d = mv.shapes.set_index("id").loc["d"]
    assert not (mv.bbox[0] <= d["x"] <= mv.bbox[2])  # Sweden is out of the frame
    # a collaboration as focus: its members
    mv = map_view(tiny(), focus="s3")
    assert set(mv.shapes.loc[mv.shapes["focus"], "id"]) == {"d", "e"}


@pytest.mark.parametrize("kwargs, err, match", [
    ({"color_by": "population"}, SpecError, "unknown colour"),
    ({"colour": "x"}, SpecError, "unknown filter"),
    ({"focus": "zz"}, UnknownIdError, "zz"),
    ({"collaboration": "zz"}, UnknownIdError, "zz"),
    ({"collaboration": "a"}, UnknownIdError, "actor"),
    ({"kinds": "bogus"}, gm.GraphModelError, "bogus"),
])
def test_errors(kwargs, err, match):
    with pytest.raises(err, match=match):
        map_view(tiny(), **kwargs)


@pytest.mark.parametrize("color_by", ["fragmentation", "agreements", "home_council", "strategy",
                                      "community"])
def test_every_colour_on_nordic(nordic, color_by):
    mv = map_view(nordic, color_by=color_by)
    assert isinstance(mv, MapView) and len(mv.shapes) == 58
    used = set(mv.shapes["group"])
    assert used == {label for label, _, mark in mv.legend if mark == "fill"}
    svg = map_svg(mv, width=900, height=700, title="Nordic")
    ET.fromstring(svg)


def _external(svg: str) -> list[str]:
    """Anything that could make a request: URLs in attributes, href, url() but #ids, @import."""
    root = ET.fromstring(svg)
    bad = []
    for el in root.iter():
        for key, value in el.attrib.items():
            if "href" in key or re.search(r"(https?:|//|url\((?!#))", value):
                bad.append(f"{el.tag} {key}={value[:60]}")
    if re.search(r"@import|<script|<image|<foreignObject|<use", svg, re.IGNORECASE):
        bad.append("import/script/image/use element")
    return bad


def test_svg_makes_no_request(nordic):
    mv = map_view(nordic, collaboration="tbrt", focus=["no-5035"], color_by="home_council")
    svg = map_svg(mv, width=1000, height=700)
    assert svg.count("http") == 1 and SVG_NS in svg  # the namespace name, never fetched
    assert "//" not in svg.replace(SVG_NS, "")
    assert _external(svg) == []
    assert svg.count("<title>") > 58  # hover details on every municipality and link


def test_hostile_names_are_escaped():
    m = tiny(names=(*HOSTILE, "bad\x00\x07ctl", "Vallentuna", "$x^2$"))
    mv = map_view(m, collaboration="s1", focus="a")
    svg = map_svg(mv, width=800, height=600, title='<img src=x onerror="alert(3)">')
    root = ET.fromstring(svg)  # well-formed even with a NUL and a BEL
    assert _external(svg) == []
    assert "<script" not in svg and "<img" not in svg and 'onload="' not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert "&quot;onload=&quot;alert(2)" in svg
    assert "![x](http://evil.example/x.png)" in svg  # as text inside <title>, not a link
    texts = " ".join(t for el in root.iter() for t in [el.text or ""])
    assert '<script>alert(1)</script>' in texts and "bad\ufffd\ufffdctl" in texts
    assert not any(k.lower().startswith("on") for el in root.iter() for k in el.attrib)
    svg.encode("utf-8")


def test_text_from_data_never_breaks_the_markup():
    assert safe_text('a\ud800<b>"\x00') == "a\ufffd&lt;b&gt;&quot;\ufffd"


def test_map_svg_checks_its_arguments():
    mv = map_view(tiny())
    with pytest.raises(SpecError, match="pixels"):
        map_svg(mv, width=10, height=10)
    with pytest.raises(SpecError, match="id_prefix"):
        map_svg(mv, id_prefix='x" onload="y')


@pytest.mark.parametrize("fmt, magic", [("png", b"\x89PNG"), ("pdf", b"%PDF-")])
def test_png_and_pdf(tmp_path, fmt, magic):
    m = tiny(names=(*HOSTILE, "$x^2$", "Vallentuna", "Åre"))
    mv = map_view(m, collaboration="s1", focus="a")
    path = tmp_path / f"map.{fmt}"
    render_map(mv, path, fmt, title="<b>Map</b>", dpi=40)
    data = path.read_bytes()
    assert data.startswith(magic) and len(data) > 1000
    assert render_map(mv, None, fmt, dpi=30).startswith(magic)
    with pytest.raises(SpecError, match="svg"):
        render_map(mv, None, "svg")


def test_members_of_keeps_only_the_councils_members():
    mv = map_view(tiny(), members_of=["R"])  # R = {d, e}
    assert sorted(mv.shapes["id"]) == ["d", "e"]
    assert mv.points.empty and mv.unplaced.empty
    assert [set(m) for m in mv.councils["members"]] == [{"d", "e"}]
    with pytest.raises(UnknownIdError):
        map_view(tiny(), members_of=["nope"])


def _cli(*argv) -> int:
    from graphmodel import cli

    return cli.main([str(a) for a in argv])


@pytest.mark.parametrize("fmt, magic", [("png", b"\x89PNG"), ("pdf", b"%PDF-")])
def test_cli_snapshot_picture_map(tmp_path, fmt, magic, capsys):
    out = tmp_path / f"m.{fmt}"
    code = _cli("snapshot", REPO / "data" / "nordic", "--picture", "map", "--color-by",
                "strategy", "--agreement", "lister-barnevern", "--title", "Lister", "-o", out)
    assert code == 0, capsys.readouterr().err
    assert out.read_bytes().startswith(magic)


def test_cli_snapshot_map_colour_needs_the_map(tmp_path, capsys):
    code = _cli("snapshot", REPO / "data" / "nordic", "--color-by", "strategy",
                "-o", tmp_path / "n.png")
    assert code == 1 and "--picture map" in capsys.readouterr().err
