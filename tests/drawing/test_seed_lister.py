"""Listersamarbeidet's three levels (seed 000): the council's observers drawn with its members."""

from __future__ import annotations

from pathlib import Path

import pytest

import graphmodel as gm
from graphmodel.data.select import council_members

NORDIC = Path(__file__).resolve().parents[2] / "data" / "nordic"
OBSERVERS = {"agder-fylkeskommune", "statsforvalteren-agder", "sorlandet-sykehus"}


@pytest.fixture(scope="module")
def nordic():
    return gm.load(NORDIC)


def test_lister_council_draws_county_governor_and_hospital_as_observers(nordic):
    # the Network page with ?council=lister-rad&kind=all
    vg = gm.view_graph(nordic, councils=["lister-rad"], kinds=None)
    actors = set(vg.nodes.loc[vg.nodes["layer"] == "actor", "id"])
    assert OBSERVERS <= actors
    assert len(actors - OBSERVERS) == 6  # the six Lister municipalities
    e = vg.edges.set_index(["source", "target"])
    for o in OBSERVERS:
        assert e.loc[(o, "lister-rad"), "relation"] == "observer"
    rad = vg.nodes.set_index("id").loc["lister-rad", "title"]
    assert "Members: 6 (+3 observers)" in rad
    # observers are not members: the council filter still counts six
    assert len(council_members(nordic, ["lister-rad"])) == 6
