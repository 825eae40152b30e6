"""Where each member stands per sector: in force, planned, within reach or nothing (the
Østfold five's question, seed 001), worked out by hand on a tiny model."""

from __future__ import annotations

import pandas as pd
import pytest

from graphmodel.analysis.suggest import coverage, coverage_summary
from graphmodel.data.model import Model
from graphmodel.errors import SpecError, UnknownIdError


def five() -> Model:
    """v (Våler) and h (Hvaler, 11.1 km north) plan a joint legal service ``jur``.

    ====  =======  ===========================  ===========================================
    id    country  where                        agreements
    ====  =======  ===========================  ===========================================
    v     NO       59.0 N 11.0 E                jur (planned, legal), ppt (active, with n)
    h     NO       59.1 N, 11.1 km from v       jur (planned); observer in ppt (not counted)
    n     NO       59.2 N, 22.2 km from v       ppt
    s     SE       59.05 N, 5.6 km from v       sejur (active legal, Sweden: never in reach)
    f     NO       61.0 N, 222 km from v        fire (active, alone)
    ====  =======  ===========================  ===========================================
    """
    actors = pd.DataFrame({
        "id": list("vhnsf"), "name": ["Våler", "Hvaler", "Nabo", "Strömstad", "Fjern"],
        "kind": "municipality", "country": ["NO", "NO", "NO", "SE", "NO"],
        "lat": [59.0, 59.1, 59.2, 59.05, 61.0], "lon": 11.0})
    collabs = pd.DataFrame({
        "id": ["jur", "ppt", "sejur", "fire"],
        "name": ["Felles juridisk", "PPT", "Juridik SE", "Brann"], "kind": "service",
        "sector": ["legal", "ppt", "legal", "fire"],
        "status": ["planned", "active", "active", "active"]})
    mem = pd.DataFrame({
        "actor": ["v", "h", "v", "n", "h", "s", "f"],
        "collaboration": ["jur", "jur", "ppt", "ppt", "ppt", "sejur", "fire"],
        "role": ["member", "member", "member", "member", "observer", "member", "member"]})
    return Model.from_frames(actors, collabs, mem, name="five")


def table(frame: pd.DataFrame) -> dict:
    return {(a, s): (st, f, p, n) for a, s, st, f, p, n in frame.itertuples(index=False)}


def test_each_member_and_sector_by_hand():
    got = table(coverage(five(), ["v", "h"]))
    assert got == {
        # Sweden's legal service is 5.6 km away but across the border: nothing in reach
        ("v", "fire"): ("none", "", "", 0),  # Fjern is 222 km away
        ("v", "legal"): ("planned", "", "Felles juridisk", 0),
        ("v", "ppt"): ("in_force", "PPT", "", 1),  # Nabo runs one too
        ("h", "fire"): ("none", "", "", 0),
        ("h", "legal"): ("planned", "", "Felles juridisk", 0),
        ("h", "ppt"): ("within_reach", "", "", 2),  # an observer is no member: v and n
    }


def test_the_distance_limit_brings_far_agreements_within_reach():
    got = table(coverage(five(), "v", max_km=300))
    assert got[("v", "fire")] == ("within_reach", "", "", 1)
    assert got[("v", "legal")][3] == 0  # a border is never crossed, whatever the distance


def test_planned_never_counts_as_in_force_even_when_asked_for():
    got = table(coverage(five(), ["v"], status=("active", "planned")))
    assert got[("v", "legal")] == ("planned", "", "Felles juridisk", 0)


def test_sectors_filter_and_actors_left_out():
    got = coverage(five(), ["v", "h"], sectors=["legal"])
    assert got["sector"].tolist() == ["legal", "legal"]
    assert got["actor"].tolist() == ["h", "v"]  # by id
    assert coverage(five(), ["v"], countries=["SE"]).empty  # v is left out by the filters
    with pytest.raises(UnknownIdError, match="no actor with id 'x'"):
        coverage(five(), ["v", "x"])
    with pytest.raises(SpecError, match="max_km must be"):
        coverage(five(), ["v"], max_km=-1)


def test_summary_for_the_group():
    s = coverage_summary(coverage(five(), ["v", "h"])).set_index("sector")
    assert s.loc["legal"].tolist() == [2, 0, 2, 0, 0, "Felles juridisk", 0]
    assert s.loc["ppt"].tolist() == [2, 1, 0, 1, 0, "", 1]
    assert s.loc["fire"].tolist() == [2, 0, 0, 0, 2, "", 0]


def test_the_bundled_ostfold_five_have_no_legal_service_in_force():
    from pathlib import Path

    import graphmodel as gm
    from graphmodel.data.select import council_members

    nordic = gm.load(Path(__file__).resolve().parents[2] / "data" / "nordic")
    group = sorted(council_members(nordic, ["ostfold5"]))
    s = coverage_summary(coverage(nordic, group, sectors=["legal"])).iloc[0]
    assert (s["n"], s["in_force"], s["planned"]) == (5, 0, 5)
    assert s["planned_names"] == "Felles juridisk tjeneste (Østfold-fem)"
