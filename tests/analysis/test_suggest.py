"""Gaps and partner suggestions: hand-checked fixtures (border, distance, ties, unknown
coordinates, ranking ties) and a brute-force reference of the rule in DESIGN.md."""

import math

import numpy as np
import pandas as pd
import pytest

from graphmodel.analysis.suggest import SUGGESTION_COLUMNS, gaps, haversine_km, suggestions
from graphmodel.data.model import Model
from graphmodel.errors import SpecError, UnknownIdError

KM_PER_DEGREE = 2 * math.pi * 6371.0088 / 360  # 111.195 km along a meridian


def border():
    """Hvaler (hva, 59.0 N 11.0 E) lacks waste. Worked out on paper:

    =====  ===========  =======  ============================  ===============  ========
    id     name         country  where                         shares with hva  waste in
    =====  ===========  =======  ============================  ===============  ========
    rad    Råde         NO       0.2° north, 22.2 km           ict1, rr (2)     avf1, avf2
    fre    Fredrikstad  NO       0.1° north, 11.1 km           —                avf2 (host)
    mos    Moss         NO       0.2° east, 11.45 km           —                avf1 (host)
    sar    Sarpsborg    NO       same point as Moss            —                avf1
    tyd    Tydal        NO       3.0° north, 333.6 km          kart (planned)   tav
    trd    Trondheim    NO       4.3° north, 478 km            —                tav
    ukt    Uten koord.  NO       no coordinates                rr (council)     ukt-avf (host)
    ukj    Ukjent       NO       no coordinates                —                ukt-avf
    str    Strömstad    SE       5.6 km                        —                se-avf
    tan    Tanum        SE       11.1 km                       grense           se-avf
    =====  ===========  =======  ============================  ===============  ========

    Kept for waste: rad (2 shared), tyd (1, far but a tie), ukt (1, distance unknown but a
    tie), then fre (11.12 km), mos and sar (11.45 km, same size: by id). Not kept: str and
    tan (Sweden, even though tan shares a council), trd (478 km), ukj (no coordinates).
    Råde's agreement to join: avf2 (host Fredrikstad, 11.12 km) before avf1 (host Moss,
    11.45 km), although avf1 has the smaller id.
    """
    actors = pd.DataFrame([
        ("hva", "Hvaler", "NO", 59.0, 11.0, 4000),
        ("rad", "Råde", "NO", 59.2, 11.0, 8000),
        ("fre", "Fredrikstad", "NO", 59.1, 11.0, 84000),
        ("mos", "Moss", "NO", 59.0, 11.2, 50000),
        ("sar", "Sarpsborg", "NO", 59.0, 11.2, 50000),
        ("tyd", "Tydal", "NO", 62.0, 11.0, 800),
        ("trd", "Trondheim", "NO", 63.3, 11.0, 210000),
        ("ukt", "Uten koordinater", "NO", None, None, None),
        ("ukj", "Ukjent", "NO", None, None, 3000),
        ("str", "Strömstad", "SE", 59.05, 11.0, 6000),
        ("tan", "Tanum", "SE", 59.1, 11.0, 12000),
    ], columns=["id", "name", "country", "lat", "lon", "population"]).assign(kind="municipality")
    collabs = pd.DataFrame([
        ("ict1", "IKT", "service", "ict", "active", ""),
        ("rr", "Regionrådet", "council", "general", "active", ""),
        ("kart", "Kartlegging", "network", "general", "planned", ""),
        ("grense", "Grensekomiteen", "council", "general", "active", ""),
        ("avf1", "Avfall Nord", "service", "waste", "active", "mos"),
        ("avf2", "Avfall Sør", "service", "waste", "active", "fre"),
        ("tav", "Avfall Trøndelag", "service", "waste", "active", ""),
        ("ukt-avf", "Avfall Ukjent", "service", "waste", "active", "ukt"),
        ("se-avf", "Avfall Bohuslän", "service", "waste", "active", ""),
    ], columns=["id", "name", "kind", "sector", "status", "host"])
    members = {
        "ict1": ["hva", "rad"], "rr": ["hva", "rad", "ukt"], "kart": ["hva", "tyd"],
        "grense": ["hva", "tan"], "avf1": ["mos", "rad", "sar"], "avf2": ["fre", "rad"],
        "tav": ["trd", "tyd"], "ukt-avf": ["ukj", "ukt"], "se-avf": ["str", "tan"],
    }
    rows = [(a, c) for c, ms in members.items() for a in ms]
    return Model.from_frames(actors, collabs, pd.DataFrame(rows, columns=["actor", "collaboration"]))


def test_gaps_count_only_realistic_candidates():
    t = gaps(border(), "hva")
    # waste: rad, tyd, ukt, fre, mos, sar (not str, tan, trd, ukj)
    assert t.to_dict("list") == {"actor": ["hva"], "sector": ["waste"], "n_candidates": [6]}
    assert gaps(border(), "hva", max_km=11.3)["n_candidates"].tolist() == [4]  # - mos, sar
    assert gaps(border(), "hva", max_km=math.inf)["n_candidates"].tolist() == [7]  # + trd
    assert gaps(border(), "hva", sectors="ict").empty
    # Ukjent (no coordinates, no tie with ict members) has an ict gap and no candidate
    assert gaps(border(), "ukj").to_dict("list") == {
        "actor": ["ukj"], "sector": ["ict"], "n_candidates": [0]}


def test_border_distance_ties_and_unknown_coordinates_by_hand():
    t = suggestions(border(), "hva", top=10)
    assert list(t.columns) == SUGGESTION_COLUMNS
    assert set(t["sector"]) == {"waste"}
    assert t["candidate"].tolist() == ["rad", "tyd", "ukt", "fre", "mos", "sar"]
    assert t["rank"].tolist() == [1, 2, 3, 4, 5, 6]
    assert t["shared"].tolist() == [2, 1, 1, 0, 0, 0]
    assert t["collaboration"].tolist() == ["avf2", "tav", "ukt-avf", "avf2", "avf1", "avf1"]
    assert t["collaboration_name"].tolist() == [
        "Avfall Sør", "Avfall Trøndelag", "Avfall Ukjent", "Avfall Sør", "Avfall Nord",
        "Avfall Nord"]
    east = 6371.0088 * math.radians(0.2) * math.cos(math.radians(59.0))  # 11.45 km
    expected_km = [0.2 * KM_PER_DEGREE, 3.0 * KM_PER_DEGREE, np.nan, 0.1 * KM_PER_DEGREE,
                   east, east]
    np.testing.assert_allclose(t["distance_km"], expected_km, rtol=1e-4)
    np.testing.assert_allclose(
        t["population_ratio"], [0.5, 0.2, np.nan, 4000 / 84000, 0.08, 0.08])
    assert t["reason"].tolist() == [
        ("shares 2 agreements with Råde (IKT, Regionrådet); 22 km away; "
         "similar size (4,000 vs 8,000); Råde has 2 waste agreements; "
         "could join Avfall Sør (host Fredrikstad; 2 members: Fredrikstad, Råde)"),
        ("shares 1 agreement with Tydal (Kartlegging); 334 km away; "
         "different size (4,000 vs 800); "
         "could join Avfall Trøndelag (no host recorded; 2 members: Trondheim, Tydal)"),
        ("shares 1 agreement with Uten koordinater (Regionrådet); "
         "distance unknown (no coordinates for Uten koordinater); "
         "could join Avfall Ukjent (host Uten koordinater; 2 members: Ukjent, "
         "Uten koordinater)"),
        ("no shared agreement yet with Fredrikstad; 11 km away; "
         "different size (4,000 vs 84,000); "
         "could join Avfall Sør (host Fredrikstad; 2 members: Fredrikstad, Råde)"),
        ("no shared agreement yet with Moss; 11 km away; different size (4,000 vs 50,000); "
         "could join Avfall Nord (host Moss; 3 members: Moss, Råde, Sarpsborg)"),
        ("no shared agreement yet with Sarpsborg; 11 km away; "
         "different size (4,000 vs 50,000); "
         "could join Avfall Nord (host Moss; 3 members: Moss, Råde, Sarpsborg)"),
    ]


@pytest.mark.parametrize("top, expected", [
    (1, ["rad"]),
    (4, ["rad", "tyd", "ukt", "fre"]),
    (5, ["rad", "tyd", "ukt", "fre", "mos"]),  # mos and sar tie on km and size: by id
])
def test_top_cuts_the_ranking(top, expected):
    assert suggestions(border(), "hva", top=top)["candidate"].tolist() == expected


@pytest.mark.parametrize("max_km, expected", [
    (11.3, ["rad", "tyd", "ukt", "fre"]),  # Moss and Sarpsborg 11.45 km: out
    (5, ["rad", "tyd", "ukt"]),  # ties stay whatever the distance
    (0, ["rad", "tyd", "ukt"]),
    (math.inf, ["rad", "tyd", "ukt", "fre", "mos", "sar", "trd"]),  # ukj: still unknown
])
def test_max_km(max_km, expected):
    assert suggestions(border(), "hva", top=10, max_km=max_km)["candidate"].tolist() == expected


def test_ties_count_every_kind_and_planned_but_not_observers():
    m = border()
    # without the planned network, Tydal (333.6 km) is no tie and drops out
    no_plan = Model.from_frames(
        m.actors, m.collaborations[m.collaborations["id"] != "kart"],
        m.memberships[m.memberships["collaboration"] != "kart"])
    assert "tyd" not in suggestions(no_plan, "hva", top=10)["candidate"].tolist()
    # an observer is no tie: Tydal as observer in the planned network drops out too
    mem = m.memberships.copy()
    mem["role"] = np.where((mem["collaboration"] == "kart") & (mem["actor"] == "tyd"),
                           "observer", mem["role"])
    observed = Model.from_frames(m.actors, m.collaborations, mem)
    assert "tyd" not in suggestions(observed, "hva", top=10)["candidate"].tolist()
    # the planned network is not an agreement to join and not a gap sector
    assert set(suggestions(m, top=10, status=("active",))["sector"]) <= {"waste", "ict"}


def test_no_coordinates_for_the_actor_itself():
    m = border()
    # Ukjent: no coordinates and no tie with the ict members: nothing
    assert suggestions(m, "ukj").empty
    # Uten koordinater shares the council with Hvaler and Råde: both kept, distance unknown
    t = suggestions(m, "ukt")
    assert t["candidate"].tolist() == ["hva", "rad"]  # same shared, distance, size: by id
    assert t["distance_km"].isna().all()
    assert t["reason"].iloc[0] == (
        "shares 1 agreement with Hvaler (Regionrådet); distance unknown (no coordinates "
        "for Uten koordinater); could join IKT (no host recorded; 2 members: Hvaler, Råde)")


def test_equal_distances_beyond_the_first_neighbours_are_ranked_by_size_then_id():
    # eight candidates at the same point: the k-d tree returns some of them in no set
    # order; the ranking must still go by population similarity, then id
    ids = ["a", "h", "g", "f", "e", "d", "c", "b", "x"]
    pops = [1000, 500, 500, 500, 900, 500, 500, 500, 1000]
    actors = pd.DataFrame({"id": ids, "name": [i.upper() for i in ids], "kind": "municipality",
                           "lat": [60.0] + [60.5] * 7 + [61.0], "lon": 10.0,
                           "population": pops})
    m = Model.from_frames(
        actors,
        pd.DataFrame({"id": ["w", "i"], "name": ["W", "I"], "kind": "service",
                      "sector": ["water", "ict"]}),
        pd.DataFrame({"actor": ids[1:] + ["a"], "collaboration": ["w"] * 8 + ["i"]}),
    )
    got = suggestions(m, "a", top=3)["candidate"].tolist()
    assert got == ["e", "b", "c"]  # e is most similar (900); then 500s by id; x is far
    assert suggestions(m, "a", top=8)["candidate"].tolist() == [
        "e", "b", "c", "d", "f", "g", "h", "x"]


def test_every_actor_at_once_equals_one_by_one():
    m = border()
    everyone = suggestions(m, top=3)
    one_by_one = pd.concat(
        [suggestions(m, a, top=3) for a in sorted(m.actors["id"])], ignore_index=True)
    pd.testing.assert_frame_equal(everyone, one_by_one)


# ------------------------------------------------------------------ brute-force reference


def brute_force(model, top, max_km, status=("active",)):
    """DESIGN.md "Gaps and partner suggestions" written the slow, obvious way."""
    actors = model.actors.set_index("id")
    col = model.collaborations.set_index("id")
    mem = model.memberships[model.memberships["role"] != "observer"]
    tie_status = set(status) | {"planned"}
    ties = mem[mem["collaboration"].map(col["status"]).isin(tie_status)]
    T = ties.groupby("actor")["collaboration"].apply(set).to_dict()
    kept = mem[mem["collaboration"].map(col["status"]).isin(status)
               & (mem["collaboration"].map(col["kind"]) == "service")]
    S = kept.groupby("actor")["collaboration"].apply(set).to_dict()
    sector = col["sector"].to_dict()
    present = sorted({sector[c] for c in kept["collaboration"] if sector[c]})

    def where(x):
        return actors.loc[x, "lat"], actors.loc[x, "lon"]

    rows = []
    for a in sorted(actors.index):
        for g in present:
            if any(sector[c] == g for c in S.get(a, ())):
                continue
            scored = []
            for b in actors.index:
                mine = [c for c in S.get(b, ()) if sector[c] == g]
                if b == a or not mine:
                    continue
                ca, cb = actors.loc[a, "country"], actors.loc[b, "country"]
                if ca and cb and ca != cb:
                    continue
                shared = len(T.get(a, set()) & T.get(b, set()))
                d = float(haversine_km(*where(a), *where(b)))
                if shared == 0 and not d <= max_km:  # NaN: unknown, kept only as a tie
                    continue
                pa, pb = actors.loc[a, "population"], actors.loc[b, "population"]
                r = (min(pa, pb) / max(pa, pb)) if not (pd.isna(pa) or pd.isna(pb)) else np.nan
                key = (-shared, math.inf if math.isnan(d) else d,
                       math.inf if pd.isna(r) else -r, b)
                hosts = []
                for c in mine:
                    h = col.loc[c, "host"]
                    dh = float(haversine_km(*where(a), *where(h))) if h else math.nan
                    hosts.append((math.inf if math.isnan(dh) else dh, c))
                scored.append((key, b, shared, min(hosts)[1]))
            for rank, (_, b, shared, c) in enumerate(sorted(scored)[:top], start=1):
                rows.append((a, g, b, rank, shared, c))
    return rows


def random_model(seed, n=36):
    rng = np.random.default_rng(seed)
    ids = [f"m{i:02d}" for i in range(n)]
    known = rng.random(n) < 0.8
    # few distinct points, so that equal distances are common; spread 0–3° (0–330 km)
    points = rng.uniform([58, 9], [61, 13], size=(6, 2))
    at = points[rng.integers(0, 6, n)]
    actors = pd.DataFrame({
        "id": ids, "name": ids, "kind": "municipality",
        "country": rng.choice(["NO", "NO", "SE", ""], n),
        "population": [int(p) if k else None for p, k in zip(rng.choice([800, 1600, 5000], n),
                                                             rng.random(n) < 0.85)],
        "lat": np.where(known, at[:, 0], np.nan),
        "lon": np.where(known, at[:, 1], np.nan),
    })
    sectors = ["ict", "waste", "fire", "legal", "ppt"]
    nc = 16
    collabs = pd.DataFrame({
        "id": [f"c{j:02d}" for j in range(nc)], "name": [f"C{j}" for j in range(nc)],
        "kind": rng.choice(["service", "service", "service", "council", "network"], nc),
        "sector": [sectors[j % 5] if j < nc - 1 else "" for j in range(nc)],
        "status": rng.choice(["active", "active", "planned", "ended"], nc),
    })
    mem = [(a, c) for a in ids for c in collabs["id"] if rng.random() < 0.15]
    mem = pd.DataFrame(mem, columns=["actor", "collaboration"])
    mem["role"] = np.where(rng.random(len(mem)) < 0.1, "observer", "member")
    first = mem[mem["role"] == "member"].groupby("collaboration")["actor"].first()
    collabs["host"] = [first.get(c, "") if rng.random() < 0.7 else "" for c in collabs["id"]]
    return Model.from_frames(actors, collabs, mem)


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("top, max_km", [(1, 150), (3, 150), (4, 60)])
def test_matches_a_brute_force_reference(seed, top, max_km):
    m = random_model(seed)
    got = suggestions(m, top=top, max_km=max_km)
    got = got[["actor", "sector", "candidate", "rank", "shared", "collaboration"]]
    assert [tuple(r) for r in got.itertuples(index=False)] == brute_force(m, top, max_km)


# ------------------------------------------------------------------ edges and errors


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
        suggestions(border(), "nope")
    m = border()
    county = Model.from_frames(
        pd.concat([m.actors, pd.DataFrame({"id": ["fylke"], "name": ["Fylke"],
                                           "kind": ["county"]})]),
        m.collaborations,
        pd.concat([m.memberships, pd.DataFrame({"actor": ["fylke"], "collaboration": ["rr"]})]),
    )
    with pytest.raises(UnknownIdError, match="'fylke' .*county.*left out by the filters"):
        gaps(county, "fylke")
    assert not suggestions(county, "fylke", actor_kinds=None).empty


@pytest.mark.parametrize("top", [0, -1, 2.5, True, "3"])
def test_bad_top(top):
    with pytest.raises(SpecError, match="top must be a whole number"):
        suggestions(border(), top=top)


@pytest.mark.parametrize("max_km", [-1, "far", None, math.nan, True])
def test_bad_max_km(max_km):
    with pytest.raises(SpecError, match="max_km must be a distance"):
        suggestions(border(), max_km=max_km)
    with pytest.raises(SpecError, match="max_km must be a distance"):
        gaps(border(), "hva", max_km=max_km)
