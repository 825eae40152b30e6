"""Functional regions and NIVI's indicators (graphmodel.analysis.regions), by hand and by brute force."""

import math
import random

import numpy as np
import pandas as pd
import pytest

from graphmodel.analysis.metrics import council_table, metrics_table
from graphmodel.analysis.regions import (
    ACTOR_REGION_COLUMNS,
    COLLABORATION_COLUMNS,
    COUNCIL_REGION_COLUMNS,
    actor_regions,
    collaboration_metrics,
    council_regions,
)
from graphmodel.data.model import Model
from graphmodel.reference import municipality_table

# Trøndelag and Møre og Romsdal, real codes. BA-regions (TØI 1713/2019, from the shipped
# table): Trondheim for Trondheim, Malvik, Selbu, Stjørdal; Levanger for Frosta; Surnadal for
# Surnadal and Rindal; the others their own. Rindal lies in Trøndelag, Surnadal in Møre.
CODES = {
    "5001": "Trondheim", "5031": "Malvik", "5032": "Selbu", "5033": "Tydal", "5034": "Meråker",
    "5035": "Stjørdal", "5036": "Frosta", "5021": "Oppdal", "5061": "Rindal",
    "1505": "Kristiansund", "1506": "Molde", "1508": "Ålesund", "1563": "Sunndal",
    "1566": "Surnadal",
}


def mid(name: str) -> str:
    return "no-" + {v: k for k, v in CODES.items()}[name]


def trondelag_more() -> Model:
    """Three councils and seven services over 14 real municipalities (see the tests)."""
    ref = municipality_table("NO").set_index("code").loc[list(CODES)]
    actors = pd.DataFrame({
        "id": ["no-" + c for c in ref.index], "name": ref["name"].tolist(),
        "kind": "municipality", "country": "NO", "region": ref["region"].tolist(),
        "code": list(ref.index), "population": ref["population"].tolist(),
        "lat": ref["lat"].tolist(), "lon": ref["lon"].tolist(),
    })
    actors = pd.concat([actors, pd.DataFrame({
        "id": ["trondelag-fk"], "name": ["Trøndelag fylkeskommune"], "kind": ["county"],
        "country": ["NO"], "region": ["Trøndelag"]})], ignore_index=True)
    council = {
        "vaernes": ["Stjørdal", "Selbu", "Tydal", "Meråker", "Frosta", "Malvik"],
        "trondheimsregionen": ["Trondheim", "Malvik", "Stjørdal", "Frosta"],
        "nordmore": ["Kristiansund", "Surnadal", "Sunndal", "Rindal"],
    }
    service = {  # id: (sector, host, members)
        "s-barnevern": ("child_welfare", "Stjørdal", ["Stjørdal", "Selbu", "Malvik"]),
        "s-ikt": ("ict", "Stjørdal",
                  ["Stjørdal", "Selbu", "Tydal", "Meråker", "Frosta", "Malvik"]),
        "s-legevakt": ("health", "Trondheim", ["Trondheim", "Malvik", "Selbu"]),
        "s-brann": ("fire", "Surnadal", ["Surnadal", "Rindal"]),
        "s-arkiv": ("archive", "", ["Kristiansund", "Molde", "Ålesund", "Trondheim"]),
        "s-one": ("water", "Molde", ["Molde"]),
        "s-ended": ("ppt", "Tydal", ["Tydal", "Selbu"]),
        "s-planned": ("waste", "Oppdal", ["Oppdal", "Sunndal"]),
    }
    collabs = [{"id": c, "name": c.title(), "kind": "council", "sector": "general"}
               for c in council]
    for cid, (sector, host, _) in service.items():
        row = {"id": cid, "name": cid, "kind": "service", "sector": sector,
               "host": mid(host) if host else ""}
        if cid == "s-ended":
            row.update(status="ended", start="2010", end="2015")
        if cid == "s-planned":
            row.update(status="planned")
        collabs.append(row)
    members = [(mid(a), c) for c, names in council.items() for a in names]
    members += [(mid(a), c) for c, (_, _, names) in service.items() for a in names]
    mem = pd.DataFrame(members, columns=["actor", "collaboration"])
    observer = pd.DataFrame({"actor": [mid("Meråker"), "trondelag-fk"],
                             "collaboration": ["s-barnevern", "s-ikt"],
                             "role": ["observer", "member"]})
    return Model.from_frames(actors, pd.DataFrame(collabs), pd.concat([mem, observer]))


@pytest.fixture(scope="module")
def tm():
    return trondelag_more()


def by_id(frame):
    return frame.set_index("id")


def test_the_fixture_has_the_ba_regions_the_comments_say(tm):
    ba = actor_regions(tm).set_index("id")["ba_region"]
    assert ba[mid("Selbu")] == ba[mid("Stjørdal")] == ba[mid("Malvik")] == "Trondheim"
    assert ba[mid("Frosta")] == "Levanger"
    assert ba[mid("Rindal")] == ba[mid("Surnadal")] == "Surnadal"
    assert ba[mid("Tydal")] == "Tydal"


def test_collaborations_by_hand(tm):
    t = by_id(collaboration_metrics(tm))
    assert list(collaboration_metrics(tm).columns) == COLLABORATION_COLUMNS
    # active services only (planned and ended ones do not count without a date)
    assert t.index.tolist() == ["s-arkiv", "s-barnevern", "s-brann", "s-ikt", "s-legevakt",
                                "s-one"]
    expected = {  # n_members, inside_ba, inside_council, inside_county, n_ba, n_counties
        "s-arkiv": (4, False, False, False, 4, 2),
        "s-barnevern": (3, True, True, True, 1, 1),  # Meråker only observes
        "s-brann": (2, True, True, False, 1, 2),  # Surnadal BA spans the county line
        "s-ikt": (6, False, True, True, 4, 1),  # the county is no municipality: not kept
        "s-legevakt": (3, True, False, True, 1, 1),  # Trondheim is not in Værnes
        "s-one": (1, True, False, True, 1, 1),  # Molde is in no council
    }
    for cid, (n, ba, council, county, n_ba, n_county) in expected.items():
        row = t.loc[cid]
        assert (row["n_members"], row["inside_ba"], row["inside_council"],
                row["inside_county"], row["n_ba_regions"], row["n_counties"]) == (
            n, ba, council, county, n_ba, n_county), cid
    assert t.loc["s-ikt", "host"] == mid("Stjørdal") and t.loc["s-arkiv", "host"] == ""
    assert t.loc["s-ikt", "sector"] == "ict"


def test_actors_by_hand(tm):
    t = by_id(actor_regions(tm))
    assert list(actor_regions(tm).columns) == ["id", *ACTOR_REGION_COLUMNS]
    expected = {  # ba_share, cross_county_share
        "Stjørdal": (1 / 2, 0.0),  # barnevern inside Trondheim BA, ikt not
        "Selbu": (2 / 3, 0.0),  # barnevern, legevakt inside; ikt not
        "Malvik": (2 / 3, 0.0),
        "Tydal": (0.0, 0.0), "Meråker": (0.0, 0.0), "Frosta": (0.0, 0.0),
        "Trondheim": (1 / 2, 1 / 2),  # legevakt inside; arkiv reaches Møre
        "Surnadal": (1.0, 1.0), "Rindal": (1.0, 1.0),  # brann: one BA, two counties
        "Kristiansund": (0.0, 1.0), "Ålesund": (0.0, 1.0),
        "Molde": (1 / 2, 1 / 2),  # s-one lies inside Molde's own BA-region
    }
    for name, (ba_share, cross) in expected.items():
        row = t.loc[mid(name)]
        assert row["ba_share"] == pytest.approx(ba_share), name
        assert row["cross_county_share"] == pytest.approx(cross), name
    for name in ("Sunndal", "Oppdal"):  # in no active service
        assert math.isnan(t.loc[mid(name), "ba_share"])
        assert math.isnan(t.loc[mid(name), "cross_county_share"])
    assert "trondelag-fk" not in t.index


def test_councils_by_hand(tm):
    t = by_id(council_regions(tm))
    assert list(council_regions(tm).columns) == ["id", *COUNCIL_REGION_COLUMNS]
    # Værnes: 3 of 6 in the Trondheim BA (Stjørdal, Selbu, Malvik), + Tydal, Meråker, Levanger
    # (Frosta); touches barnevern, ikt (Stjørdal hosts both) and legevakt (Trondheim): 2/3
    assert t.loc["vaernes"].tolist() == [4, 0.5, False, pytest.approx(2 / 3)]
    # Trondheimsregionen: 3 of 4 in Trondheim BA; barnevern, ikt, legevakt, arkiv (no host)
    assert t.loc["trondheimsregionen"].tolist() == [2, 0.75, False, 0.5]
    # Nordmøre: Surnadal + Rindal in one BA, Kristiansund, Sunndal; Rindal is in Trøndelag;
    # brann (Surnadal hosts) and arkiv (no host)
    assert t.loc["nordmore"].tolist() == [3, 0.5, True, 0.5]


def test_the_time_rule_and_filters_hold(tm):
    # 2012: the ended PPT service (2010-2015; Tydal and Selbu, two BA-regions) was in force
    t = by_id(actor_regions(tm, as_of="2012"))
    assert t.loc[mid("Selbu"), "ba_share"] == pytest.approx(2 / 4)
    assert t.loc[mid("Tydal"), "ba_share"] == 0.0
    c = by_id(collaboration_metrics(tm, as_of="2012"))
    assert not c.loc["s-ended", "inside_ba"] and c.loc["s-ended", "inside_council"]
    # planned ones only when asked for
    c = by_id(collaboration_metrics(tm, status=("active", "planned")))
    # Oppdal (Trøndelag) and Sunndal (Møre og Romsdal), in no common council
    assert c.loc["s-planned", "n_counties"] == 2 and not c.loc["s-planned", "inside_council"]
    # a sector: only ICT, which leaves the Trondheim BA
    t = by_id(actor_regions(tm, sectors="ict"))
    assert t.loc[mid("Stjørdal"), "ba_share"] == 0.0
    assert math.isnan(t.loc[mid("Trondheim"), "ba_share"])
    h = by_id(council_regions(tm, sectors="ict"))
    assert h.loc["vaernes", "host_concentration"] == 1.0
    assert math.isnan(h.loc["nordmore", "host_concentration"])  # nothing touches it
    # a region filter keeps Møre's municipalities only: Rindal leaves Nordmøre
    h = by_id(council_regions(tm, regions="Møre og Romsdal"))
    assert h.loc["nordmore"].tolist()[:3] == [3, pytest.approx(1 / 3), False]


def test_counties_can_be_kept_as_actors(tm):
    c = by_id(collaboration_metrics(tm, actor_kinds=("municipality", "county")))
    # the county has no code: its BA-region is unknown, so ICT cannot be said to lie in one
    assert c.loc["s-ikt", "n_members"] == 7
    assert c.loc["s-ikt", "inside_ba"] is not pd.NA
    assert not c.loc["s-ikt", "inside_ba"]  # the known members already span four
    assert c.loc["s-barnevern", "inside_ba"]  # the county is not in it
    a = by_id(actor_regions(tm, actor_kinds=("municipality", "county")))
    assert a.loc["trondelag-fk", "ba_region"] == ""
    assert math.isnan(a.loc["trondelag-fk", "ba_share"])
    assert a.loc["trondelag-fk", "cross_county_share"] == 0.0


def test_unknown_regions_are_not_inside(tm):
    # Swedish municipalities: no BA-region shipped; a user's own column is used
    actors = pd.DataFrame({"id": ["se-1", "se-2", "se-3"], "name": ["A", "B", "C"],
                           "kind": "municipality", "country": "SE",
                           "code": ["0114", "0115", "0117"], "region": ["Stockholms län", "", ""]})
    collabs = pd.DataFrame({"id": ["s", "t"], "name": ["S", "T"], "kind": "service"})
    mem = pd.DataFrame({"actor": ["se-1", "se-2", "se-2", "se-3"],
                        "collaboration": ["s", "s", "t", "t"]})
    m = Model.from_frames(actors, collabs, mem)
    c = by_id(collaboration_metrics(m))
    assert c["inside_ba"].isna().all() and c["inside_county"].isna().all()
    assert c["n_ba_regions"].tolist() == [0, 0] and c["n_counties"].tolist() == [1, 0]
    a = by_id(actor_regions(m))
    assert a["ba_region"].tolist() == ["", "", ""] and a["ba_share"].isna().all()
    assert a.loc["se-1", "cross_county_share"] == 0.0
    own = Model.from_frames(actors.assign(ba_region=["Stockholm", "Stockholm", "Norrtälje"]),
                            collabs, mem)
    c = by_id(collaboration_metrics(own))
    assert c.loc["s", "inside_ba"] and not c.loc["t", "inside_ba"]
    assert by_id(actor_regions(own))["ba_share"].tolist() == [1.0, 0.5, 0.0]


def test_councils_table_appends_the_new_columns(tm):
    t = metrics_table(tm, "councils")
    assert list(t.columns[-4:]) == COUNCIL_REGION_COLUMNS
    pd.testing.assert_frame_equal(t, council_table(tm))
    assert by_id(t).loc["vaernes", "n_members"] == 6


def test_empty_selection():
    m = Model.from_frames(
        pd.DataFrame({"id": ["a"], "name": ["A"], "kind": "municipality"}),
        pd.DataFrame({"id": ["r"], "name": ["R"], "kind": "council"}),
        pd.DataFrame({"actor": ["a"], "collaboration": ["r"]}))
    assert collaboration_metrics(m).empty
    assert list(collaboration_metrics(m).columns) == COLLABORATION_COLUMNS
    assert math.isnan(actor_regions(m).loc[0, "ba_share"])
    row = council_regions(m).iloc[0]
    assert row["n_ba_regions"] == 0 and math.isnan(row["ba_fit"])
    assert not row["crosses_county"] and math.isnan(row["host_concentration"])


# --------------------------------------------------------------------------- brute force


def random_model(seed: int) -> Model:
    rng = random.Random(seed)
    n = rng.randint(2, 12)
    ids = [f"a{i:02d}" for i in range(n)]
    actors = pd.DataFrame({
        "id": ids, "name": ids,
        "kind": [rng.choice(["municipality"] * 4 + ["county"]) for _ in ids],
        "region": [rng.choice(["", "X", "Y", "Z"]) for _ in ids],
        "ba_region": [rng.choice(["", "p", "q", "r"]) for _ in ids],
    })
    n_c = rng.randint(1, 10)
    cids = [f"c{j:02d}" for j in range(n_c)]
    collabs = pd.DataFrame({
        "id": cids, "name": cids,
        "kind": [rng.choice(["service", "service", "council", "network"]) for _ in cids],
        "sector": [rng.choice(["ict", "fire", ""]) for _ in cids],
        "host": [rng.choice([""] + ids) for _ in cids],
        "end": [rng.choice([None, None, "2015"]) for _ in cids],
    })
    rows = [(a, c) for c in cids for a in rng.sample(ids, rng.randint(0, n))]
    mem = pd.DataFrame(rows, columns=["actor", "collaboration"])
    mem["role"] = [rng.choice(["member", "member", "host", "observer"]) for _ in rows]
    return Model.from_frames(actors, collabs, mem)


def brute_force(model: Model, **filters):
    """The definitions of DESIGN.md, with sets, one entity at a time."""
    from graphmodel.analysis.incidence import council_selection
    from graphmodel.data.select import select

    sel = select(model, **filters)
    cs = council_selection(model, **filters)
    actors = sel.actors.set_index("id")
    ba = {a: actors.loc[a, "ba_region"] for a in sel.actor_ids}
    county = {a: actors.loc[a, "region"] for a in sel.actor_ids}
    members = {c: set(sel.members(c)) for c in sel.collaboration_ids}
    council = {r: set(cs.members(r)) for r in cs.collaboration_ids}
    host = dict(zip(sel.collaboration_ids, sel.collaborations["host"], strict=True))

    def inside(labels, m):
        known = {labels[a] for a in m if labels[a]}
        if len(known) >= 2:
            return False
        if not m or any(not labels[a] for a in m):
            return None
        return True

    coll = {c: (len(m), inside(ba, m), any(m and m <= council[r] for r in council),
                inside(county, m), len({ba[a] for a in m if ba[a]}),
                len({county[a] for a in m if county[a]})) for c, m in members.items()}
    act = {}
    for a in sel.actor_ids:
        mine = [c for c, m in members.items() if a in m]
        inside_ba = [coll[c][1] is True for c in mine]
        crossing = [any(county[b] and county[b] != county[a] for b in members[c]) for c in mine]
        act[a] = (ba[a],
                  sum(inside_ba) / len(mine) if mine and ba[a] else math.nan,
                  sum(crossing) / len(mine) if mine and county[a] else math.nan)
    cou = {}
    for r, m in council.items():
        labels = [ba[a] for a in m if ba[a]]
        fit = (max(labels.count(x) for x in labels) / len(m)) if labels else math.nan
        touching = [c for c, cm in members.items() if cm & m]
        hosts = [host[c] for c in touching if host[c]]
        conc = max(hosts.count(h) for h in hosts) / len(touching) if hosts else math.nan
        cou[r] = (len(set(labels)), fit, len({county[a] for a in m if county[a]}) >= 2, conc)
    return coll, act, cou


def same(x, y):
    if isinstance(x, float) and math.isnan(x):
        return isinstance(y, float) and math.isnan(y)
    if x is None:
        return y is pd.NA or y is None
    return x == pytest.approx(y) if isinstance(x, float) else x == y


@pytest.mark.parametrize("seed", range(60))
def test_regions_equal_brute_force(seed):
    m = random_model(seed)
    filters = random.Random(seed).choice([
        {}, {"as_of": "2020"}, {"sectors": "ict"}, {"kinds": None},
        {"actor_kinds": None, "regions": ["X", "Y"]},
    ])
    coll, act, cou = brute_force(m, **filters)
    got = collaboration_metrics(m, **filters).set_index("id")
    assert set(got.index) == set(coll)
    for c, values in coll.items():
        row = got.loc[c, COLLABORATION_COLUMNS[4:]].tolist()
        assert all(same(v, g) for v, g in zip(values, row, strict=True)), (c, values, row)
    got = actor_regions(m, **filters).set_index("id")
    for a, values in act.items():
        row = got.loc[a, ACTOR_REGION_COLUMNS].tolist()
        assert all(same(v, g) for v, g in zip(values, row, strict=True)), (a, values, row)
    got = council_regions(m, **filters).set_index("id")
    assert set(got.index) == set(cou)
    for r, values in cou.items():
        row = got.loc[r, COUNCIL_REGION_COLUMNS].tolist()
        assert all(same(v, g) for v, g in zip(values, row, strict=True)), (r, values, row)


def test_brute_force_covers_the_interesting_cases():
    """The random models reach NA, True and False for inside_ba, and both kinds of share."""
    seen = set()
    for seed in range(60):
        coll, _, cou = brute_force(random_model(seed))
        seen |= {v[1] for v in coll.values()}
        seen |= {("conc", not math.isnan(v[3])) for v in cou.values()}
    assert {None, True, False, ("conc", True), ("conc", False)} <= seen


def test_numpy_inputs_are_left_unchanged(tm):
    before = tm.actors.copy()
    collaboration_metrics(tm), actor_regions(tm), council_regions(tm)
    pd.testing.assert_frame_equal(tm.actors, before)
    assert np.all(tm.actors["id"] == before["id"])
