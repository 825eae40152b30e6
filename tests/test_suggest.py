"""Gaps and partner suggestions: hand-checked ranking and reasons, and a brute-force reference."""

import math

import numpy as np
import pandas as pd
import pytest

from graphmodel.errors import SpecError, UnknownIdError
from graphmodel.model import Model
from graphmodel.suggest import SUGGESTION_COLUMNS, gaps, haversine_km, suggestions


def ostfold():
    """Hvaler lacks waste and fire; Råde shares three agreements with it, Fredrikstad and
    Moss one each (Fredrikstad nearer), Halden none. Latitudes 0.1° apart = 11.1 km."""
    actors = pd.DataFrame({
        "id": ["fre", "hal", "hva", "mos", "rad", "fylke"],
        "name": ["Fredrikstad", "Halden", "Hvaler", "Moss", "Råde", "Østfold"],
        "kind": ["municipality"] * 5 + ["county"],
        "population": [84000, 31000, 4216, 50000, 7800, None],
        "lat": [59.1, 59.05, 59.0, 59.4, 59.2, 60.0],
        "lon": [11.0] * 6,
    })
    collabs = pd.DataFrame({
        "id": ["arch1", "fire1", "ict1", "legal1", "waste1", "waste2", "old"],
        "name": ["Arkiv", "Brann", "IKT", "Juss", "Avfall", "Avfall 2", "Gammel"],
        "kind": "service",
        "sector": ["archive", "fire", "ict", "legal", "waste", "waste", "health"],
        "status": ["active"] * 6 + ["ended"],
    })
    mem = {
        "arch1": ["hva", "rad"], "fire1": ["hal", "mos"], "ict1": ["fre", "hva", "mos", "rad"],
        "legal1": ["hva", "rad"], "waste1": ["fre", "hal", "mos", "rad"], "waste2": ["hal"],
        "old": ["hva", "fre", "fylke"],
    }
    rows = [(a, c) for c, members in mem.items() for a in members]
    return Model.from_frames(actors, collabs, pd.DataFrame(rows, columns=["actor", "collaboration"]))


def test_gaps_by_hand():
    t = gaps(ostfold(), "hva")
    assert t.to_dict("list") == {
        "actor": ["hva", "hva"], "sector": ["fire", "waste"], "n_candidates": [2, 4]}
    # the ended health agreement is not a sector present; all are with status=None
    assert "health" in gaps(ostfold(), "rad", status=None)["sector"].tolist()
    assert gaps(ostfold(), "hva", sectors=["waste", "ict"])["sector"].tolist() == ["waste"]
    assert gaps(ostfold(), "rad", sectors="ict").empty


def test_suggestion_ranking_and_reasons():
    t = suggestions(ostfold(), "hva")
    assert list(t.columns) == SUGGESTION_COLUMNS
    waste = t[t["sector"] == "waste"]
    assert waste["candidate"].tolist() == ["rad", "fre", "mos", "hal"][:5]
    assert waste["rank"].tolist() == [1, 2, 3, 4]
    assert waste["shared"].tolist() == [3, 1, 1, 0]
    assert waste["reason"].tolist() == [
        ("shares 3 agreements with Råde (archive, ict, legal); 22 km away; "
        "similar size (4,216 vs 7,800); Råde has 1 waste agreement"),
        ("shares 1 agreement with Fredrikstad (ict); 11 km away; "
        "different size (4,216 vs 84,000); Fredrikstad has 1 waste agreement"),
        ("shares 1 agreement with Moss (ict); 44 km away; "
        "different size (4,216 vs 50,000); Moss has 1 waste agreement"),
        ("no shared agreement yet with Halden; 6 km away; "
        "different size (4,216 vs 31,000); Halden has 2 waste agreements"),
    ]
    assert waste["distance_km"].iloc[0] == pytest.approx(2 * math.pi * 6371.0088 * 0.2 / 360)
    assert waste["population_ratio"].iloc[0] == pytest.approx(4216 / 7800)
    fire = t[t["sector"] == "fire"]
    assert fire["candidate"].tolist() == ["mos", "hal"]
    assert t["candidate_name"].tolist() == ["Moss", "Halden", "Råde", "Fredrikstad", "Moss",
                                           "Halden"]


def test_top_and_sector_restriction():
    t = suggestions(ostfold(), "hva", sectors="waste", top=2)
    assert t[["sector", "candidate", "rank"]].values.tolist() == [
        ["waste", "rad", 1], ["waste", "fre", 2]]
    # shared agreements are listed whatever the sectors asked for
    assert "(archive, ict, legal)" in t["reason"].iloc[0]


def test_distance_then_population_then_id():
    # every candidate shares nothing with a; b and c have no coordinates
    actors = pd.DataFrame({
        "id": list("abcdef"), "name": list("ABCDEF"), "kind": "municipality",
        "population": [1000, 1100, 5000, None, 1000, 900],
        "lat": [60.0, None, None, None, 60.5, 60.5], "lon": [10.0, None, None, None, 10, 10],
    })
    m = Model.from_frames(
        actors,
        pd.DataFrame({"id": ["x", "y"], "name": ["X", "Y"], "kind": "service",
                      "sector": ["water", "ict"]}),
        pd.DataFrame({"actor": list("bcdefa"), "collaboration": list("xxxxxy")}),
    )
    t = suggestions(m, "a", top=10)
    # e and f both 56 km away: e (1000 vs 1000) is more similar than f (900);
    # then b (ratio 0.91) before c (0.2) before d (unknown population)
    assert t["candidate"].tolist() == ["e", "f", "b", "c", "d"]
    assert np.isnan(t["distance_km"].iloc[2]) and np.isnan(t["population_ratio"].iloc[4])
    assert t["reason"].iloc[4] == "no shared agreement yet with D; D has 1 water agreement"


def test_every_actor_at_once_equals_one_by_one():
    m = ostfold()
    everyone = suggestions(m, top=3)
    one_by_one = pd.concat(
        [suggestions(m, a, top=3) for a in sorted(m.actors.query("kind == 'municipality'").id)],
        ignore_index=True)
    pd.testing.assert_frame_equal(everyone, one_by_one)


def brute_force(model, top):
    """The ranking of DESIGN.md written the slow, obvious way."""
    actors = model.actors.set_index("id")
    S = model.memberships.groupby("actor")["collaboration"].apply(set).to_dict()
    sector = model.collaborations.set_index("id")["sector"].to_dict()
    present = sorted({s for s in sector.values() if s})
    rows = []
    for a in sorted(actors.index):
        mine = S.get(a, set())
        for g in present:
            if any(sector[c] == g for c in mine):
                continue
            scored = []
            for b in actors.index:
                theirs = S.get(b, set())
                if b == a or not any(sector[c] == g for c in theirs):
                    continue
                shared = len(mine & theirs)
                la, lb = actors.loc[a], actors.loc[b]
                d = float(haversine_km(la.lat, la.lon, lb.lat, lb.lon))
                pa, pb = la.population, lb.population
                r = (min(pa, pb) / max(pa, pb)) if not (pd.isna(pa) or pd.isna(pb)) else np.nan
                key = (-shared, math.inf if math.isnan(d) else d,
                       math.inf if pd.isna(r) else -r, b)
                scored.append((key, b, shared))
            for rank, (_, b, shared) in enumerate(sorted(scored)[:top], start=1):
                rows.append((a, g, b, rank, shared))
    return rows


@pytest.mark.parametrize("seed", range(6))
def test_matches_a_brute_force_reference(seed):
    rng = np.random.default_rng(seed)
    n = 14
    ids = [f"m{i:02d}" for i in range(n)]
    known = rng.random(n) < 0.7
    actors = pd.DataFrame({
        "id": ids, "name": ids, "kind": "municipality",
        "population": [int(p) if k else None for p, k in zip(rng.integers(500, 5000, n),
                                                             rng.random(n) < 0.8)],
        "lat": np.where(known, rng.uniform(58, 60, n), np.nan),
        "lon": np.where(known, rng.uniform(9, 12, n), np.nan),
    })
    sectors = ["ict", "waste", "fire", "legal"]
    collabs = pd.DataFrame({
        "id": [f"c{j}" for j in range(9)], "name": "x", "kind": "service",
        "sector": [sectors[j % 4] if j < 8 else "" for j in range(9)],
    })
    mem = [(a, c) for a in ids for c in collabs["id"] if rng.random() < 0.25]
    m = Model.from_frames(actors, collabs, pd.DataFrame(mem, columns=["actor", "collaboration"]))
    got = suggestions(m, top=4)[["actor", "sector", "candidate", "rank", "shared"]]
    assert [tuple(r) for r in got.itertuples(index=False)] == brute_force(m, 4)


def test_no_sectors_gives_an_empty_table_with_the_columns():
    m = Model.from_frames(
        pd.DataFrame({"id": ["a", "b"], "name": ["A", "B"], "kind": "municipality"}),
        pd.DataFrame({"id": ["s"], "name": ["S"], "kind": "service"}),
        pd.DataFrame({"actor": ["a", "b"], "collaboration": ["s", "s"]}),
    )
    t = suggestions(m)
    assert t.empty and list(t.columns) == SUGGESTION_COLUMNS
    assert gaps(m, "a").empty


def test_unknown_or_filtered_out_actor():
    with pytest.raises(UnknownIdError, match="no actor with id 'nope'"):
        suggestions(ostfold(), "nope")
    with pytest.raises(UnknownIdError, match="'fylke' .*county.*left out by the filters"):
        gaps(ostfold(), "fylke")
    assert not suggestions(ostfold(), "fylke", actor_kinds=None).empty


@pytest.mark.parametrize("top", [0, -1, 2.5, True, "3"])
def test_bad_top(top):
    with pytest.raises(SpecError, match="top must be a whole number"):
        suggestions(ostfold(), top=top)
