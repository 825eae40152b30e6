"""Tests for graphmodel.share.snapshot: the View spec, its checks, and the offline HTML snapshot."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from drawing.test_render import HOSTILE_IMG, HOSTILE_SCRIPT, tiny

from graphmodel.errors import SpecError, UnknownIdError
from graphmodel.share.key_figures import key_figures
from graphmodel.share.snapshot import snapshot_html, write_snapshot
from graphmodel.share.view import View, read_view, write_view


@pytest.fixture(scope="module")
def model():
    return tiny()


# --------------------------------------------------------------------------- View


def test_view_json_round_trip(model):
    v = View.for_model(
        model, as_of="31.12.2020", view="actors", focus=["a", "s1"], depth=2,
        color_by="sector", size_by="strength", title="Øst – «samarbeid»",
        note="Linje 1\nLinje 2",
        filters={"sectors": ["health", "fire"], "status": None, "councils": ["R"]},
    )
    text = v.to_json()
    assert json.loads(text)["as_of"] == "2020-12-31"
    assert "Øst" in text  # readable UTF-8, not \u escapes
    back = View.from_json(text)
    assert back == v
    assert back.filters["sectors"] == ("fire", "health") and back.filters["status"] is None
    assert back.data_hash == model.content_hash() and back.dataset == "tiny"


def test_view_defaults():
    v = View()
    assert v.filters == {"sectors": None, "kinds": None, "actor_kinds": None,
                         "status": ("active",), "countries": None, "regions": None,
                         "councils": None}
    assert View.from_json(v.to_json()) == v


def test_read_and_write_view(tmp_path, model):
    v = View.for_model(model, focus=["a"], title="Tittel")
    path = write_view(v, tmp_path / "view.json")
    assert read_view(path) == v
    assert path.read_bytes().decode("utf-8") == v.to_json()


@pytest.mark.parametrize("text, match", [
    ('{"schema_version": 2}', r"unknown schema_version 2.*version 1"),
    ('{"schema_version": "1"}', "schema_version must be a whole number"),
    ('{"view": "bipartite"}', "no schema_version"),
    ('{"schema_version": 1, "colour": "kind"}', r"unknown field 'colour'"),
    ('{"schema_version": 1, "depth": "2"}', "depth must be the whole number 1 or 2"),
    ('{"schema_version": 1, "depth": true}', "depth must be the whole number 1 or 2"),
    ('{"schema_version": 1, "depth": 2.0}', "depth must be the whole number 1 or 2"),
    ('{"schema_version": 1, "focus": 5}', "focus must be a list"),
    ('{"schema_version": 1, "focus": [1, 2]}', "focus must hold text"),
    ('{"schema_version": 1, "title": 5}', "title must be text"),
    ('{"schema_version": 1, "view": "map"}', "unknown view 'map'"),
    ('{"schema_version": 1, "as_of": "2020/12/31"}', "cannot read the date"),
    ('{"schema_version": 1, "data_hash": "abc"}', "data_hash must be the 64"),
    ('{"schema_version": 1, "filters": {"sector": ["x"]}}', r"unknown filter 'sector'"),
    ('{"schema_version": 1, "filters": {"kinds": ["agreement"]}}', "unknown value 'agreement'"),
    ('{"schema_version": 1, "filters": []}', "filters must be an object"),
    ('[1, 2]', "must be a JSON object"),
    ('{"schema_version": 1,', r"not valid JSON \(line 1"),
])
def test_bad_view_files_are_refused(text, match):
    with pytest.raises(SpecError, match=match):
        View.from_json(text)


def test_read_view_names_the_file(tmp_path):
    bad = tmp_path / "broken.json"
    bad.write_text('{"schema_version": 9}', encoding="utf-8")
    with pytest.raises(SpecError, match=r"broken.json: unknown schema_version 9"):
        read_view(bad)
    with pytest.raises(SpecError, match="cannot read the view file"):
        read_view(tmp_path / "missing.json")
    binary = tmp_path / "pickle.json"
    binary.write_bytes(b"\x80\x04\x95\xff")
    with pytest.raises(SpecError, match="not UTF-8"):
        read_view(binary)


def test_query_params_round_trip(model):
    v = View.for_model(model, focus=["a,b", "c\\d"], depth=2, as_of="2024-01-01",
                       filters={"status": None, "regions": ["Øst"]}, title="T & U")
    params = v.to_query_params()
    assert all(isinstance(k, str) and isinstance(x, str) for k, x in params.items())
    assert params["status"] == "*" and params["focus"] == "a\\,b,c\\\\d"
    assert "kinds" not in params and "color_by" not in params  # defaults left out
    assert View.from_query_params(params) == v
    assert View.from_query_params({}) == View()
    # Streamlit may hand a list for a repeated key; other keys are ignored
    assert View.from_query_params({"depth": ["1", "2"], "page": "x"}).depth == 2


@pytest.mark.parametrize("params, match", [
    ({"depth": "3"}, "depth' must be 1 or 2"),
    ({"v": "one"}, "'v' must be a version number"),
    ({"v": "2"}, "unknown schema_version 2"),
    ({"kinds": "service,agreement"}, "unknown value 'agreement'"),
    ({"color_by": "rainbow"}, "unknown color_by"),
    ({"as_of": "yesterday"}, "cannot read the date"),
])
def test_bad_query_params(params, match):
    with pytest.raises(SpecError, match=match):
        View.from_query_params(params)


def test_check_against_the_data(model):
    assert View.for_model(model, focus=["a", "R"], filters={"councils": ["R"]}).check(model) == ()
    with pytest.raises(UnknownIdError, match="focuses on 'zz'"):
        View(focus=["zz"]).check(model)
    with pytest.raises(UnknownIdError, match="council 'nope'"):
        View(filters={"councils": ["nope"]}).check(model)
    stale = View(dataset="tiny", data_hash="0" * 64)
    (warning,) = stale.check(model)
    assert "data have changed" in warning and "000000000000" in warning
    other = View(dataset="nordic").check(model)
    assert len(other) == 1 and "“nordic”" in other[0]


# --------------------------------------------------------------------------- key figures


def test_key_figures_by_hand(model):
    figs = key_figures(model, View.for_model(model, focus=["a"]))
    row = figs.actors.set_index("id").loc["a"]
    # S(a) = {s1, s2}; partner sets {b} and {b, c}: 2 configurations -> (2-1)/(2-1)
    assert row["n_collaborations"] == 2 and row["n_partners"] == 2
    assert row["n_configurations"] == 2 and row["fragmentation"] == 1.0
    assert list(figs.actors["id"]) == ["a"] and figs.scope == "the focused actors"
    # s1 = {a, b} lies inside s2 = {a, b, c}: nested, not crossing; s2 and s3 cross on c
    assert figs.n_crossing == 0  # s3 is not drawn around a (one step)
    wide = key_figures(model, View.for_model(model))
    pairs = {frozenset(p) for p in zip(wide.crossing["a"], wide.crossing["b"])}
    assert pairs == {frozenset({"s2", "s3"})}
    assert wide.counts["crossing pairs"] == 1
    assert list(wide.councils["id"]) == ["R"]


# --------------------------------------------------------------------------- HTML


class Page(HTMLParser):
    """Tags, text of the title and of the headings/cells, as a browser would parse them."""

    def __init__(self):
        super().__init__()
        self.starts, self.text, self._in = [], [], []

    def handle_starttag(self, tag, attrs):
        self.starts.append((tag, dict(attrs)))
        self._in.append(tag)

    def handle_endtag(self, tag):
        if tag in self._in:
            while self._in and self._in.pop() != tag:
                pass

    def handle_data(self, data):
        if self._in and self._in[-1] not in ("script", "style"):
            self.text.append(data)


def _starts(page):
    p = Page()
    p.feed(page)
    return p.starts


def hostile_model():
    return tiny({"a": HOSTILE_IMG, "b": HOSTILE_SCRIPT, "R": "Råd <b>øst</b>",
                 "s2": "Brann & redning"})


@pytest.fixture(scope="module")
def hostile_page():
    m = hostile_model()
    view = View.for_model(m, title=HOSTILE_SCRIPT, note=f"Merk: {HOSTILE_IMG}\n\nÆØÅ æøå",
                          focus=["R"], depth=2,
                          filters={"kinds": ["council", "network", "service"]})
    return snapshot_html(m, view, made_at="2024-05-01 10:00")


def test_snapshot_escapes_every_data_text(hostile_page):
    p = Page()
    p.feed(hostile_page)
    tags = [t for t, _ in p.starts]
    assert tags.count("script") == 3  # vis-network, the drawing, the view JSON: no more
    assert "img" not in tags and "b" not in tags
    text = "".join(p.text)
    for name in (HOSTILE_IMG, HOSTILE_SCRIPT, "Råd <b>øst</b>", "Brann & redning"):
        assert name in text, name  # shown as literal text
    assert "ÆØÅ æøå" in text
    assert f"<title>{HOSTILE_SCRIPT}" not in hostile_page
    assert "<script>alert(1)" not in hostile_page
    assert hostile_page.count("</script>") == 3


def test_snapshot_scripts_are_ours(hostile_page):
    scripts = [a for t, a in _starts(hostile_page) if t == "script"]
    assert scripts == [{}, {}, {"type": "application/json", "id": "gm-view"}]
    view_json = re.search(r'<script type="application/json" id="gm-view">(.*?)</script>',
                          hostile_page, re.DOTALL).group(1)
    assert View.from_dict(json.loads(view_json)).title == HOSTILE_SCRIPT


def test_snapshot_is_offline(hostile_page):
    page = hostile_page
    assert '<meta charset="utf-8">' in page
    assert re.search(r'http-equiv="Content-Security-Policy" content="default-src \'none\'', page)
    assert not re.search(r"""(src|href|action)\s*=\s*["']?\s*(https?:|//)""", page,
                         re.IGNORECASE)
    assert not re.search(r"url\(\s*['\"]?\s*(https?:|//)", page, re.IGNORECASE)
    assert "@import" not in page and "<link" not in page and "<iframe" not in page
    ours = re.sub(r"<script>\n/\*\*\n \* vis-network.*?</script>", "", page, flags=re.DOTALL)
    assert len(ours) < len(page) - 400_000
    assert not re.search(r"https?:", ours, re.IGNORECASE)


def test_snapshot_content(model):
    view = View.for_model(model, title="Region East", note="For the council meeting.",
                          focus=["a"], as_of="2024-01-01", filters={"sectors": ["health", "fire"]})
    page = snapshot_html(model, view, made_at="2024-05-01 10:00")
    p = Page()
    p.feed(page)
    text = " ".join(p.text)
    assert "Region East" in text and "For the council meeting." in text
    assert "2024-01-01" in text and "2024-05-01 10:00" in text
    assert "Fire and rescue, Health" in text and "Aås (one step around)" in text
    assert model.content_hash() in text
    assert "actors.csv" in text and "Fragmentation of the municipalities in focus" in text
    assert "Legend" in text and "Municipalities" in text
    assert "The data have changed" not in text


def test_snapshot_warns_on_other_data(model):
    page = snapshot_html(model, View(data_hash="f" * 64), made_at="x")
    assert "The data have changed since this view was saved" in page


def test_snapshot_unknown_focus(model):
    with pytest.raises(UnknownIdError, match="'zz'"):
        snapshot_html(model, View(focus=["zz"]))


def test_write_snapshot_by_suffix(tmp_path, model):
    view = View(title="T", focus=["a"])
    html_path = write_snapshot(model, view, tmp_path / "v.html", made_at="now")
    assert html_path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    json_path = write_snapshot(model, view, tmp_path / "v.json")
    saved = read_view(json_path)
    assert saved.data_hash == model.content_hash() and saved.dataset == "tiny"
    assert saved.focus == ("a",)
    with pytest.raises(SpecError, match=r"\.html, \.png, \.pdf, \.pptx or \.json"):
        write_snapshot(model, view, tmp_path / "v.txt")


@pytest.mark.parametrize("suffix, magic", [(".png", b"\x89PNG"), (".pdf", b"%PDF")])
def test_write_snapshot_image(tmp_path, model, suffix, magic):
    pytest.importorskip("graphmodel.drawing.network_image")
    path = write_snapshot(model, View(title="Øst", focus=["a"]), tmp_path / f"v{suffix}")
    assert path.read_bytes()[:4] == magic


def test_nordic_snapshot():
    data = Path(__file__).resolve().parents[2] / "data" / "nordic"
    if not (data / "actors.csv").exists():
        pytest.skip("data/nordic is not there yet")
    from graphmodel.data.load import load

    m = load(data)
    view = View.for_model(m, title="Værnesregionen", focus=["vr-rad"], depth=2)
    page = snapshot_html(m, view, made_at="2024-01-01 00:00")
    assert "Værnesregionen" in page and "Stjørdal" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*https?:""", page)


# --------------------------------------------------------------------------- council membership


def leaver_model():
    """Council R: a and b members, c left at the end of 2015, f an observer (all municipalities).

    Services s1 (a, b, c, f) and s2 (a, c) keep everyone drawable at any date.
    """
    import pandas as pd

    from graphmodel.data.model import Model

    actors = pd.DataFrame({"id": ["a", "b", "c", "f"], "name": ["A", "B", "C", "F"],
                           "kind": "municipality"})
    collabs = pd.DataFrame({"id": ["R", "s1", "s2"], "name": ["Rådet", "S1", "S2"],
                            "kind": ["council", "service", "service"]})
    mem = pd.DataFrame({
        "actor": ["a", "b", "c", "f", "a", "b", "c", "f", "a", "c"],
        "collaboration": ["R", "R", "R", "R", "s1", "s1", "s1", "s1", "s2", "s2"],
        "role": ["member", "member", "member", "observer"] + ["member"] * 6,
        "start": [None, None, "2004-01-01", None] + [None] * 6,
        "end": [None, None, "2015-12-31", None] + [None] * 6,
    })
    return Model.from_frames(actors, collabs, mem, name="leaver")


@pytest.mark.parametrize("day, expected", [("2024", {"a", "b"}), ("2010-06-01", {"a", "b", "c"})])
def test_council_members_agree_in_drawing_and_key_figures(day, expected):
    from graphmodel.data.select import council_members
    from graphmodel.drawing.network import view_graph

    m = leaver_model()
    assert set(council_members(m, ["R"], as_of=day)) == expected  # the one rule

    # the drawing kept to the council's members (view filter "councils"), both views
    for kind in ("bipartite", "actors"):
        view = View.for_model(m, as_of=day, view=kind, filters={"councils": ["R"]})
        vg = view_graph(m, **view.view_graph_kwargs())
        drawn = set(vg.nodes.loc[vg.nodes["layer"] == "actor", "id"])
        assert drawn == expected, (kind, drawn)
        figs = key_figures(m, view, vg)
        assert figs.scope == "the actors drawn"
        assert set(figs.actors["id"]) == expected

    # key figures for a view focused on the council: its members by the same rule
    focused = View.for_model(m, as_of=day, focus=["R"])
    figs = key_figures(m, focused)
    assert figs.scope == "the members of the focused collaborations"
    assert set(figs.actors["id"]) == expected
    assert "f" not in set(figs.actors["id"])  # an observer never counts
    # the actors view stands the council for the same members (depth 1: just them)
    vg = view_graph(m, **View.for_model(m, as_of=day, view="actors",
                                        focus=["R"]).view_graph_kwargs())
    assert set(vg.nodes["id"]) == expected


def test_observer_is_drawn_but_never_a_council_member():
    from graphmodel.drawing.network import view_graph

    m = leaver_model()
    vg = view_graph(m, focus=["R"], as_of="2024")
    e = vg.edges.set_index(["source", "target"])
    assert e.loc[("f", "R"), "relation"] == "observer"  # drawn, dashed
    assert ("c", "R") not in e.index  # left in 2015: no link in 2024
    kept = view_graph(m, councils=["R"], as_of="2024")
    # the council's observer is drawn with its members, as an observer; c left in 2015
    assert "f" in set(kept.nodes["id"]) and "c" not in set(kept.nodes["id"])
    ke = kept.edges.set_index(["source", "target"])
    assert ke.loc[("f", "R"), "relation"] == "observer"
    assert set(kept.edges.loc[kept.edges["source"] == "f", "target"]) == {"R", "s1"}
    # key figures count the council's members only, never its observer
    view = View.for_model(m, as_of="2024", filters={"councils": ["R"],
                                                   "kinds": ("council", "service")})
    vg = view_graph(m, **view.view_graph_kwargs())
    assert {"a", "b", "f"} <= set(vg.nodes["id"])
    assert set(key_figures(m, view, vg).actors["id"]) == {"a", "b"}
    assert "f" not in set(view_graph(m, view="actors", councils=["R"], as_of="2024")
                          .nodes["id"])
