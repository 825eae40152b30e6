"""Tests for the drawing: what is drawn (drawing), where (positions), and the offline HTML
(visnetwork)."""

from __future__ import annotations

import json
import math
import re
from html.parser import HTMLParser

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from graphmodel.data.graph import to_graph
from graphmodel.data.model import Model
from graphmodel.drawing.network import NODE_COLUMNS, ViewGraph, view_graph
from graphmodel.drawing.network_html import json_for_script, network_html
from graphmodel.drawing.positions import layout
from graphmodel.drawing.style import KIND_COLORS
from graphmodel.errors import SpecError, UnknownIdError

HOSTILE_IMG = "<img src=x onerror=alert(1)>"
HOSTILE_SCRIPT = "</script><script>alert(1)</script>"


def tiny(names=None) -> Model:
    """a, b, c, d municipalities (East: a b c; West: d), f county.

    R council (a host, b, c; f observer); s1 service health (a, b; part of R);
    s2 service fire (a, b, c; part of R); s3 service water (c, d); s4 ended (a, b).
    S(a) = {s1, s2}, S(b) = {s1, s2}, S(c) = {s2, s3}, S(d) = {s3} (active services).
    """
    names = names or {}
    actors = pd.DataFrame({
        "id": ["a", "b", "c", "d", "f"],
        "name": [names.get(k, k.upper() + "ås") for k in "abcdf"],
        "kind": ["municipality"] * 4 + ["county"],
        "region": ["East", "East", "East", "West", "East"],
        "population": [1000, 2000, 3000, 4000, None],
    })
    collabs = pd.DataFrame({
        "id": ["R", "s1", "s2", "s3", "s4"],
        "name": [names.get(k, f"Coll {k}") for k in ["R", "s1", "s2", "s3", "s4"]],
        "kind": ["council", "service", "service", "service", "service"],
        "sector": ["general", "health", "fire", "water", "archive"],
        "parent": ["", "R", "R", "", ""],
        "host": ["a", "a", "b", "d", ""],
        "status": ["active", "active", "active", "active", "ended"],
    })
    mem = pd.DataFrame({
        "actor": ["a", "b", "c", "f", "a", "b", "a", "b", "c", "c", "d", "a", "b"],
        "collaboration": ["R", "R", "R", "R", "s1", "s1", "s2", "s2", "s2", "s3", "s3",
                          "s4", "s4"],
        "role": ["host", "member", "member", "observer", "host", "member", "member", "host",
                 "member", "member", "host", "member", "member"],
    })
    return Model.from_frames(actors, collabs, mem, name="tiny")


@pytest.fixture(scope="module")
def model():
    return tiny()


def edge_set(vg: ViewGraph) -> set[frozenset]:
    return {frozenset(e) for e in zip(vg.edges["source"], vg.edges["target"])}


# --------------------------------------------------------------------------- bipartite


def test_frames_have_the_documented_columns(model):
    vg = view_graph(model)
    assert list(vg.nodes.columns[: len(NODE_COLUMNS)]) == NODE_COLUMNS
    assert list(vg.edges.columns[:5]) == ["source", "target", "width", "color", "title"]
    assert vg.nodes["id"].is_unique
    assert not vg.nodes[["x", "y", "size"]].isna().any().any()
    assert all(isinstance(i, str) for i in vg.nodes["id"])


def test_bipartite_view_matches_to_graph(model):
    vg = view_graph(model)
    g = to_graph(model)
    expected = {frozenset(e) for e in g.to_undirected().edges}
    assert edge_set(vg) == expected
    linked = {n for n in g if g.degree(n) > 0}
    assert set(vg.nodes["id"]) == linked
    assert vg.n_total_nodes == len(linked)
    assert vg.message == ""


def test_observer_and_part_of_edges_are_dashed(model):
    e = view_graph(model).edges.set_index(["source", "target"])
    assert e.loc[("f", "R"), "relation"] == "observer"
    assert bool(e.loc[("f", "R"), "dashes"])
    assert e.loc[("s1", "R"), "relation"] == "part_of"
    assert bool(e.loc[("s1", "R"), "dashes"])
    assert e.loc[("a", "s1"), "relation"] == "lead"  # host
    assert not bool(e.loc[("b", "s1"), "dashes"])
    assert e.loc[("b", "s1"), "width"] == 1 and e.loc[("a", "s1"), "width"] == 2


def test_ended_collaboration_is_left_out_by_default(model):
    assert "s4" not in set(view_graph(model).nodes["id"])
    assert "s4" in set(view_graph(model, status=None).nodes["id"])


def test_isolated_actor_is_counted_in_the_message():
    m = tiny()
    extra = pd.concat([m.actors, pd.DataFrame({"id": ["z"], "name": ["Z"],
                                               "kind": ["municipality"]})])
    m2 = Model.from_frames(extra, m.collaborations, m.memberships)
    vg = view_graph(m2)
    assert "z" not in set(vg.nodes["id"])
    assert "1 actor with no link in this view not drawn" in vg.message


# --------------------------------------------------------------------------- actors view


def test_actors_view_edge_width_is_shared(model):
    vg = view_graph(model, view="actors")
    got = {tuple(sorted(e)): w for *e, w in
           vg.edges[["source", "target", "width"]].itertuples(index=False)}
    # by hand: S(a) = S(b) = {s1, s2}, S(c) = {s2, s3}, S(d) = {s3}
    assert got == {("a", "b"): 2, ("a", "c"): 1, ("b", "c"): 1, ("c", "d"): 1}
    # networkx as reference
    g = nx.Graph()
    for a, c in zip(model.memberships["actor"], model.memberships["collaboration"]):
        if c in ("s1", "s2", "s3") and a != "f":
            g.add_edge(a, c)
    proj = nx.bipartite.weighted_projected_graph(g, ["a", "b", "c", "d"])
    assert got == {tuple(sorted((u, v))): d["weight"] for u, v, d in proj.edges(data=True)}
    assert set(vg.nodes["layer"]) == {"actor"}


def test_actors_view_width_is_capped_but_title_keeps_the_count():
    n = 14
    actors = pd.DataFrame({"id": ["a", "b"], "name": ["A", "B"], "kind": "municipality"})
    collabs = pd.DataFrame({"id": [f"s{i}" for i in range(n)], "name": "S", "kind": "service"})
    mem = pd.DataFrame({"actor": ["a", "b"] * n,
                        "collaboration": [f"s{i}" for i in range(n) for _ in range(2)]})
    vg = view_graph(Model.from_frames(actors, collabs, mem), view="actors")
    assert vg.edges["width"].tolist() == [10]
    assert "14 shared collaborations" in vg.edges["title"].iloc[0]


# --------------------------------------------------------------------------- focus, councils


@pytest.mark.parametrize("focus, depth, expected", [
    (["a"], 1, {"a", "R", "s1", "s2"}),
    (["a"], 2, {"a", "b", "c", "f", "R", "s1", "s2"}),
    (["s3"], 1, {"s3", "c", "d"}),
    (["d", "s1"], 1, {"d", "s3", "s1", "a", "b", "R"}),
])
def test_focus_keeps_the_neighbourhood(model, focus, depth, expected):
    vg = view_graph(model, focus=focus, depth=depth)
    assert set(vg.nodes["id"]) == expected
    assert set(vg.nodes.loc[vg.nodes["focus"], "id"]) == set(focus)


def test_focus_matches_networkx_ego_graph(model):
    g = to_graph(model).to_undirected()
    for node in ["a", "c", "R"]:
        for depth in (1, 2):
            ego = set(nx.ego_graph(g, node, radius=depth))
            assert set(view_graph(model, focus=[node], depth=depth).nodes["id"]) == ego


@pytest.mark.parametrize("focus, depth, expected", [
    (["s3"], 1, {"c", "d"}),  # a collaboration stands for its members
    (["s3"], 2, {"a", "b", "c", "d"}),
    (["d"], 1, {"c", "d"}),
    (["R"], 1, {"a", "b", "c"}),  # a council, though the view counts services only
])
def test_focus_in_the_actors_view(model, focus, depth, expected):
    assert set(view_graph(model, view="actors", focus=focus, depth=depth).nodes["id"]) == expected


def test_unknown_focus_id_is_a_friendly_error(model):
    with pytest.raises(UnknownIdError, match=r"no actor or collaboration with id 'zz'"):
        view_graph(model, focus=["zz"])
    with pytest.raises(UnknownIdError, match=r"'Aås' is the name of id 'a'"):
        view_graph(model, focus=["Aås"])
    with pytest.raises(UnknownIdError, match=r"did you mean 's1'"):
        view_graph(model, focus=["s11"])


def test_focus_left_out_by_filters_is_named_in_the_message(model):
    vg = view_graph(model, focus=["s4"])
    assert len(vg.nodes) == 0
    assert "Not in this view" in vg.message and "Coll s4" in vg.message


def test_councils_keep_their_members_and_draw_their_observers(model):
    vg = view_graph(model, councils=["R"])
    # f observes R: drawn with the group, dashed, as an observer, never counted
    assert set(vg.nodes.loc[vg.nodes["layer"] == "actor", "id"]) == {"a", "b", "c", "f"}
    e = vg.edges.set_index(["source", "target"])
    assert e.loc[("f", "R"), "relation"] == "observer" and bool(e.loc[("f", "R"), "dashes"])
    assert [t for s, t in e.index if s == "f"] == ["R"]
    title = vg.nodes.set_index("id")["title"]
    assert "Members: 3 (+1 observer)" in title["R"]
    assert "Observer in: Coll R" in title["f"]
    assert "Observer in" not in title["a"]
    # the actors view counts members only: no observer there
    actors = view_graph(model, view="actors", councils=["R"])
    assert set(actors.nodes["id"]) == {"a", "b", "c"}
    assert set(vg.nodes.loc[vg.nodes["layer"] == "collaboration", "id"]) == {"R", "s1", "s2",
                                                                              "s3"}
    assert vg.filters["councils"] == ("R",)
    with pytest.raises(UnknownIdError, match="no collaboration"):
        view_graph(model, councils=["a"])


@pytest.mark.parametrize("kwargs, match", [
    ({"view": "matrix"}, "unknown view 'matrix'"),
    ({"color_by": "size"}, "unknown color_by"),
    ({"size_by": "area"}, "unknown size_by"),
    ({"depth": 3}, "depth must be 1 or 2"),
    ({"max_nodes": 0}, "max_nodes must be a positive"),
    ({"kinds": ["bogus"]}, "unknown collaboration kind 'bogus'"),
])
def test_bad_arguments(model, kwargs, match):
    with pytest.raises(SpecError, match=match):
        view_graph(model, **kwargs)


# --------------------------------------------------------------------------- cut


@pytest.fixture(scope="module")
def medium():
    from graphmodel.data.synth import synthesize

    return synthesize(600, 300, seed=3)


@pytest.mark.parametrize("view", ["bipartite", "actors"])
def test_big_views_are_cut_with_a_message(medium, view):
    vg = view_graph(medium, view=view, max_nodes=120)
    assert 0 < len(vg.nodes) <= 120
    assert vg.n_total_nodes > 120
    assert vg.message.startswith(f"Showing the {len(vg.nodes)} most connected of ")
    # nothing hangs alone after the cut
    touched = set(vg.edges["source"]) | set(vg.edges["target"])
    assert set(vg.nodes["id"]) <= touched


def test_cut_keeps_the_strongest_actors(medium):
    from graphmodel.data.select import select

    sel = select(medium)
    B = sel.B
    size = np.asarray(B.sum(axis=0)).ravel()
    strength = B @ (size - 1)  # Σ_b shared(a, b)
    order = sorted(range(len(strength)), key=lambda i: (-strength[i], sel.actor_ids[i]))
    top = {sel.actor_ids[i] for i in order[:50]}
    vg = view_graph(medium, view="actors", max_nodes=50)
    kept = set(vg.nodes["id"])
    assert kept <= top and len(kept) >= 40  # a top actor with no link among them may drop


def test_cut_keeps_the_focus(medium):
    actor = medium.actors["id"].iloc[0]
    vg = view_graph(medium, focus=[actor], depth=2, max_nodes=15)
    assert actor in set(vg.nodes["id"]) and len(vg.nodes) <= 15


# --------------------------------------------------------------------------- colour, size


def test_color_by_kind_uses_the_fixed_palette(model):
    vg = view_graph(model)
    col = dict(zip(vg.nodes["id"], vg.nodes["color"]))
    assert col["a"] == KIND_COLORS["municipality"] and col["R"] == KIND_COLORS["council"]
    assert col["f"] == KIND_COLORS["county"] and col["s1"] == KIND_COLORS["service"]
    labels = [label for label, _, _ in vg.legend]
    assert labels == ["Counties", "Municipalities", "Regional councils", "Service agreements"]


def test_color_by_sector(model):
    vg = view_graph(model, color_by="sector")
    n = vg.nodes.set_index("id")
    assert n.loc["s1", "group"] == "Health" and n.loc["s2", "group"] == "Fire and rescue"
    assert n.loc["s1", "color"] != n.loc["s2", "color"]
    assert ("Health", n.loc["s1", "color"], "square") in vg.legend


def test_color_by_community_agrees_with_structure(model):
    from graphmodel.analysis.structure import communities

    comm = dict(zip(*communities(model).pipe(lambda t: (t["id"], t["community"]))))
    vg = view_graph(model, view="actors", color_by="community")
    groups = dict(zip(vg.nodes["id"], vg.nodes["group"]))
    for a, group in groups.items():
        assert group == f"community {comm[a]}"


def test_size_by(model):
    pop = view_graph(model, size_by="population").nodes.set_index("id")["size"]
    assert pop["d"] > pop["c"] > pop["b"] > pop["a"]
    assert pop["f"] == pop.min()  # no population: the smallest size
    none = view_graph(model, size_by="none").nodes["size"]
    assert set(none) == {12.0}
    strength = view_graph(model, view="actors", size_by="strength").nodes.set_index("id")["size"]
    assert strength["c"] == strength.max()  # c: shared 1 + 1 + 1, a/b: 2 + 1


# --------------------------------------------------------------------------- layout


def test_layout_is_deterministic_and_spread():
    g = nx.karate_club_graph()
    g = nx.relabel_nodes(g, {n: f"n{n}" for n in g})
    pos = layout(g, seed=3)
    assert pos == layout(g, seed=3)
    arr = np.array(list(pos.values()))
    assert np.isfinite(arr).all()
    d = np.sqrt(((arr[:, None] - arr[None]) ** 2).sum(-1))
    assert d[np.triu_indices(len(arr), 1)].min() > 1  # no two nodes on the same spot


def test_layout_packs_components_apart():
    g = nx.disjoint_union(nx.complete_graph(5), nx.complete_graph(5))
    g.add_node("lonely")
    pos = layout(g)
    a = np.array([pos[i] for i in range(5)])
    b = np.array([pos[i] for i in range(5, 10)])
    assert np.linalg.norm(a.mean(0) - b.mean(0)) > np.ptp(a[:, 0])
    assert layout(nx.Graph()) == {}


def test_positions_are_kept_and_new_nodes_placed_near_neighbours(model):
    first = view_graph(model, focus=["a"], depth=1)
    known = first.positions()
    second = view_graph(model, focus=["a"], depth=2, positions=known)
    pos = second.positions()
    for node, xy in known.items():
        assert pos[node] == pytest.approx(xy)
    xs = [p[0] for p in known.values()]
    span = max(xs) - min(xs)
    # b is linked to s1 and s2: it lands near them, not far off
    s_mid = np.mean([known["s1"], known["s2"]], axis=0)
    assert math.dist(pos["b"], s_mid) < span


# --------------------------------------------------------------------------- HTML


class Tags(HTMLParser):
    """Collect start and end tag names as a browser's tokenizer sees them."""

    def __init__(self):
        super().__init__()
        self.starts, self.ends = [], []

    def handle_starttag(self, tag, attrs):
        self.starts.append(tag)

    def handle_endtag(self, tag):
        self.ends.append(tag)


def _script_data(page: str) -> dict:
    m = re.search(r"var GM_DATA = (\{.*?\});\nvar GM_ELEMENT", page, re.DOTALL)
    assert m, "the data block is missing"
    return json.loads(m.group(1))


def test_json_for_script_escapes_markup():
    text = json_for_script({"k": HOSTILE_SCRIPT + "&\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"k": HOSTILE_SCRIPT + "&\u2028"}
    with pytest.raises(ValueError):
        json_for_script({"x": float("nan")})


def test_network_html_escapes_hostile_names():
    m = tiny({"a": HOSTILE_IMG, "b": HOSTILE_SCRIPT, "s1": 'He said "hi" & left'})
    page = network_html(view_graph(m), title=HOSTILE_SCRIPT)
    # an HTML tokenizer sees only our own two script elements and no image
    tags = Tags()
    tags.feed(page)
    assert tags.starts.count("script") == tags.ends.count("script") == 2
    assert "img" not in tags.starts
    assert len(re.findall(r"</script", page, re.IGNORECASE)) == 2
    assert HOSTILE_IMG not in page and "<script>alert" not in page
    assert "<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>" in page
    data = _script_data(page)
    names = {n["id"]: n["title"].split("\n")[0] for n in data["nodes"]}
    assert names["a"] == HOSTILE_IMG and names["b"] == HOSTILE_SCRIPT
    assert names["s1"] == 'He said "hi" & left'


def test_network_html_is_offline_and_static(model):
    page = network_html(view_graph(model))
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    # no resource reference leaves the file
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:|//)""", page, re.IGNORECASE)
    assert not re.search(r"url\(\s*['\"]?\s*(https?:|//)", page, re.IGNORECASE)
    assert "@import" not in page
    # outside the inlined vis-network library, no URL at all
    ours = re.sub(r"<script>\n/\*\*\n \* vis-network.*?</script>", "", page, flags=re.DOTALL)
    assert len(ours) < len(page) - 400_000  # the library was found and taken out
    assert not re.search(r"https?:", ours, re.IGNORECASE)
    for word in ("cdnjs", "jsdelivr", "unpkg", "bootstrap", "tom-select"):
        assert word not in ours.lower()
    assert "physics: { enabled: false }" in page
    data = _script_data(page)
    assert {n["id"] for n in data["nodes"]} == set(view_graph(model).nodes["id"])
    assert all(isinstance(n["x"], float) and math.isfinite(n["x"]) for n in data["nodes"])


def test_norwegian_letters_survive(model):
    m = tiny({"a": "Værøy og Røst – Ålesund"})
    page = network_html(view_graph(m))
    assert "Værøy og Røst – Ålesund" in page


@pytest.mark.parametrize("height", ["640px; background:url(http://x)", "100", "expression()"])
def test_bad_css_size_is_refused(model, height):
    with pytest.raises(SpecError, match="CSS length"):
        network_html(view_graph(model), height=height)
