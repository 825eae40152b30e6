"""GEXF and GraphML export: one node per actor and collaboration, typed attributes, valid XML."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from conftest import tiny_files

import graphmodel as gm
from graphmodel.data.graph_files import (
    export_graph,
    gexf_bytes,
    graphml_bytes,
    to_gexf,
    to_graphml,
    write_graph,
)
from graphmodel.data.model import Model
from graphmodel.errors import SpecError

REPO = Path(__file__).resolve().parents[2]
NORDIC = REPO / "data" / "nordic"

READERS = {"gexf": (to_gexf, nx.read_gexf), "graphml": (to_graphml, nx.read_graphml)}


@pytest.fixture
def tiny():
    return gm.load(tiny_files(), name="tiny")


def roundtrip(model, fmt, tmp_path, **filters):
    write, read = READERS[fmt]
    path = write(model, tmp_path / f"g.{fmt}", **filters)
    return read(path)


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_tiny_graph_nodes_edges_and_types(tiny, fmt, tmp_path):
    g = roundtrip(tiny, fmt, tmp_path)
    # conftest: actors a b c d f, collaborations R s1 s2 s3 s4 (s4 ended: still exported)
    assert sorted(g.nodes) == ["R", "a", "b", "c", "d", "f", "s1", "s2", "s3", "s4"]
    # 13 memberships (observer f included) + part-of s1 -> R, s2 -> R
    assert g.number_of_edges() == 15 and g.is_directed()
    assert g.edges["s1", "R"]["relation"] == "part_of"
    assert g.edges["a", "s1"]["role"] == "host" and g.edges["f", "R"]["role"] == "observer"
    a = g.nodes["a"]
    assert a["population"] == 1000 and type(a["population"]) is int
    assert a["lat"] == 59.1 and type(a["lat"]) is float
    assert a["name"] == "Aby" and a["code"] == "0101" and a["layer"] == "actor"
    assert "population" not in g.nodes["f"] and "lat" not in g.nodes["f"]  # NaN left out
    assert g.nodes["s2"]["start"] == "2015-01-01" and "end" not in g.nodes["s2"]
    assert g.nodes["s4"]["end"] == "2009-12-31" and g.nodes["s4"]["status"] == "ended"
    share = g.edges["a", "s1"]["share"]
    assert share == 0.5 and type(share) is float
    assert "share" not in g.edges["a", "s2"]


def test_gexf_labels_are_names_and_dates_are_spells(tiny):
    data = gexf_bytes(tiny)
    g = nx.read_gexf(io.BytesIO(data))
    assert g.nodes["a"]["label"] == "Aby" and g.nodes["R"]["label"] == "Region East"
    root = ET.fromstring(data)
    graph = root.find("{http://www.gexf.net/1.2draft}graph")
    assert graph.get("timeformat") == "date" and graph.get("mode") == "dynamic"


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_nordic_one_node_per_actor_and_collaboration(fmt, tmp_path):
    if not NORDIC.is_dir():
        pytest.skip("data/nordic is not in this checkout")
    m = gm.load(NORDIC)
    g = roundtrip(m, fmt, tmp_path)
    assert set(g.nodes) == set(m.actors["id"]) | set(m.collaborations["id"])
    assert g.number_of_nodes() == len(m.actors) + len(m.collaborations)
    parents = set(m.collaborations["id"])
    part_of = sum(1 for p in m.collaborations["parent"] if p and p in parents)
    pairs = len(m.memberships[["actor", "collaboration"]].drop_duplicates())
    assert g.number_of_edges() == pairs + part_of
    populated = m.actors.dropna(subset=["population"])
    for rec in populated.head(20).itertuples():
        assert g.nodes[rec.id]["population"] == int(rec.population)
        assert type(g.nodes[rec.id]["population"]) is int


def test_filters_narrow_the_export(tiny):
    g = export_graph(tiny, sectors=["health"], kinds=["service"])
    assert sorted(n for n, d in g.nodes(data=True) if d["layer"] == "collaboration") == ["s1"]
    g = export_graph(tiny, status=["active"])
    assert "s4" not in g and "s1" in g
    with pytest.raises(SpecError, match="unknown filter 'sector'"):
        export_graph(tiny, sector="health")


def hostile_model():
    # (a lone surrogate cannot reach a model: pandas' string columns refuse it)
    nasty = "=HYPERLINK(\"x\")\x00\x01\x08\x0b\x1b[31m <&>\"' \ufffe 😀 \u202e שלום \r\n\t"
    actors = pd.DataFrame({"id": ["a", "b"], "name": [nasty, "B"], "kind": "municipality",
                           "population": [5, None], "label": ["own label", ""],
                           "pid": ["p", ""], "note\x01": ["x", "y"]})
    collaborations = pd.DataFrame({"id": ["c"], "name": ["C"], "kind": "service",
                                   "population": ["many"]})  # clashes with the actors' int
    memberships = pd.DataFrame({"actor": ["a", "b"], "collaboration": ["c", "c"]})
    return Model.from_frames(actors, collaborations, memberships)


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_any_unicode_gives_valid_xml(fmt, tmp_path):
    g = roundtrip(hostile_model(), fmt, tmp_path)
    name = g.nodes["a"]["name"]
    assert name.startswith("=HYPERLINK(\"x\")\ufffd\ufffd\ufffd\ufffd\ufffd[31m <&>\"' \ufffd 😀")
    assert "\u202e שלום" in name and "\x00" not in name
    # one type per attribute: the text "many" makes population text everywhere
    assert g.nodes["a"]["population"] == "5" and g.nodes["c"]["population"] == "many"
    assert g.nodes["a"]["note\ufffd"] == "x"


def test_gexf_reserved_names_are_renamed(tmp_path):
    g = roundtrip(hostile_model(), "gexf", tmp_path)
    a = g.nodes["a"]
    assert a["label"] == a["name"] and a["label_"] == "own label" and a["pid_"] == "p"
    assert "pid" not in a


def test_write_graph_by_suffix(tiny, tmp_path):
    assert nx.read_gexf(write_graph(tiny, tmp_path / "x.GEXF")).number_of_nodes() == 10
    assert nx.read_graphml(write_graph(tiny, tmp_path / "x.graphml")).number_of_nodes() == 10
    assert graphml_bytes(tiny).startswith(b"<?xml")
    with pytest.raises(SpecError, match="use .gexf or .graphml"):
        write_graph(tiny, tmp_path / "x.xlsx")
