"""Tests for graphmodel.analysis.fragmentation: actor fragmentation, council metrics, strategy profile."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from analysis.test_overlap import make_model, members, random_models, reference_sets
from hypothesis import HealthCheck, given, settings

from graphmodel.analysis.fragmentation import (
    STRATEGIES,
    actor_fragmentation,
    council_metrics,
    strategy_profile,
)
from graphmodel.errors import SpecError


def municipalities(ids):
    return [{"id": i, "name": i.upper(), "kind": "municipality"} for i in ids]


def services(ids, **extra):
    return [{"id": i, "name": i.upper(), "kind": "service", **extra} for i in ids]


def councils(ids):
    return [{"id": i, "name": i.upper(), "kind": "council", "sector": "general"} for i in ids]


def by_id(frame):
    return frame.set_index("id")


# --------------------------------------------------------------------------- actors


@pytest.fixture
def partners() -> pd.DataFrame:
    """x: three agreements, three partner sets; y: two with the same partner; e: nothing.

    t1 = {x, p}, t2 = {x, q}, t3 = {x, p, q}; u1 = u2 = {y, p}; v1 = {z, p, q}, v2 = {z, p}
    """
    m = make_model(
        municipalities(["x", "y", "z", "p", "q", "e"]),
        services(["t1", "t2", "t3", "u1", "u2", "v1", "v2"]),
        members([("t1", "xp"), ("t2", "xq"), ("t3", "xpq"), ("u1", "yp"), ("u2", "yp"),
                 ("v1", "zpq"), ("v2", "zp")]),
    )
    return by_id(actor_fragmentation(m))


def test_actor_columns_and_order(partners):
    assert list(partners.reset_index().columns) == [
        "id", "name", "n_collaborations", "n_partners", "n_configurations", "fragmentation",
        "effective_partners", "home_council", "home_alignment",
    ]
    assert list(partners.index) == ["e", "p", "q", "x", "y", "z"]  # sorted, e included


@pytest.mark.parametrize("actor, n, partners_, configs, frag", [
    ("x", 3, 2, 3, 1.0),       # every agreement with a different set
    ("y", 2, 1, 1, 0.0),       # always the same partner
    ("z", 2, 2, 2, 1.0),
    ("p", 6, 4, 5, 4 / 5),     # {x}, {x,q}, {y}, {y}, {z,q}, {z}
    ("e", 0, 0, 0, 0.0),       # in nothing: fragmentation 0
])
def test_fragmentation_by_hand(partners, actor, n, partners_, configs, frag):
    row = partners.loc[actor]
    assert (row.n_collaborations, row.n_partners, row.n_configurations) == (n, partners_, configs)
    assert row.fragmentation == pytest.approx(frag)


@pytest.mark.parametrize("actor, expected", [
    ("x", 2.0),                      # shared(x,p) = shared(x,q) = 2: two equal partners
    ("y", 1.0),
    ("z", 3 / 2 ** (2 / 3)),         # weights 2/3, 1/3: exp(ln 3 − 2/3 ln 2)
    ("p", 4.0),                      # x, q, y, z two each
    ("e", 0.0),                      # no partner
])
def test_effective_partners_by_hand(partners, actor, expected):
    assert partners.loc[actor, "effective_partners"] == pytest.approx(expected)


def test_no_council_means_no_home(partners):
    assert (partners["home_council"] == "").all()
    assert partners["home_alignment"].isna().all()


def home_model(extra_service: bool) -> object:
    """h is in councils r-b = {h, p, k} (listed first) and r-a = {h, q, k}.

    w1 = {h, p}, w2 = {h, q}, w4 = {o, q}; with ``extra_service`` also w3 = {h, p}.
    o is only an observer of r-a; k is in both councils and no service.
    """
    rows = [("r-b", "hpk"), ("r-a", "hqk"), ("r-a", "o", {"role": "observer"}),
            ("w1", "hp"), ("w2", "hq"), ("w4", "oq")]
    ids = ["w1", "w2", "w4"]
    if extra_service:
        rows.append(("w3", "hp"))
        ids.append("w3")
    return make_model(municipalities("hpqko"), councils(["r-b", "r-a"]) + services(ids),
                      members(rows))


@pytest.mark.parametrize("extra_service, home, alignment", [
    (False, "r-a", 1 / 2),   # tie 1 : 1 goes to the smaller id, not the first listed
    (True, "r-b", 2 / 3),    # shared(h, p) = 2 beats shared(h, q) = 1
])
def test_home_council(extra_service, home, alignment):
    t = by_id(actor_fragmentation(home_model(extra_service)))
    assert t.loc["h", "home_council"] == home
    assert t.loc["h", "home_alignment"] == pytest.approx(alignment)


def test_home_council_observers_and_idle_members():
    t = by_id(actor_fragmentation(home_model(False)))
    # o only observes r-a: no home council; its agreement w4 is not inside r-a for q
    assert t.loc["o", "home_council"] == "" and math.isnan(t.loc["o", "home_alignment"])
    assert t.loc["q", "home_council"] == "r-a"
    assert t.loc["q", "home_alignment"] == pytest.approx(1 / 2)  # w2 inside, w4 not
    assert t.loc["p", "home_council"] == "r-b" and t.loc["p", "home_alignment"] == 1.0
    # k is in two councils and no service: tie at 0 → smaller id; no alignment
    assert t.loc["k", "home_council"] == "r-a" and math.isnan(t.loc["k", "home_alignment"])


def test_home_council_ignores_the_sector_filter():
    m = make_model(municipalities("ab"),
                   councils(["r"]) + services(["s"], sector="ict"),
                   members([("r", "ab"), ("s", "ab")]))
    t = by_id(actor_fragmentation(m, sectors="ict"))
    assert t.loc["a", "home_council"] == "r" and t.loc["a", "home_alignment"] == 1.0


# --------------------------------------------------------------------------- councils


@pytest.fixture
def region_model():
    """R = {a, b, c} (+ observer e), R2 = {b, d}.

    al = al2 = {a, b, c} aligned with R; wi = {a, b} within; sp = {a, d} spanning (ends
    2020); ot = {d, e}; pl = {a, b, c} planned.
    """
    collabs = councils(["R", "R2"]) + services(["al", "al2", "wi", "ot"]) + [
        {"id": "sp", "name": "SP", "kind": "service", "end": "2020-12-31"},
        {"id": "pl", "name": "PL", "kind": "service", "status": "planned"},
    ]
    rows = [("R", "abc"), ("R", "e", {"role": "observer"}), ("R2", "bd"),
            ("al", "abc"), ("al2", "abc"), ("wi", "ab"), ("sp", "ad"), ("ot", "de"),
            ("pl", "abc")]
    return make_model(municipalities("abcde"), collabs, members(rows))


COUNCIL_COLUMNS = ["n_members", "n_collaborations", "aligned", "within", "spanning",
                   "n_configurations", "region_fragmentation", "n_dual_members"]


def test_council_metrics_by_hand(region_model):
    got = council_metrics(region_model)
    assert list(got.columns) == ["id", "name", *COUNCIL_COLUMNS]
    assert got["id"].tolist() == ["R", "R2"]
    t = by_id(got)
    assert t.loc["R", COUNCIL_COLUMNS].tolist() == pytest.approx([3, 4, 2, 1, 1, 3, 2 / 3, 1])
    # R2 = {b, d}: al, al2, wi through b; sp, ot through d — all reach outside
    assert t.loc["R2", COUNCIL_COLUMNS].tolist() == pytest.approx([2, 5, 0, 0, 5, 4, 3 / 4, 1])


def test_council_metrics_filters(region_model):
    t = by_id(council_metrics(region_model, as_of="2022-06-01"))  # sp has ended
    assert t.loc["R", ["n_collaborations", "aligned", "within", "spanning"]].tolist() == [
        3, 2, 1, 0]
    assert t.loc["R", "region_fragmentation"] == pytest.approx(1 / 2)
    t = by_id(council_metrics(region_model, status=("active", "planned")))
    assert t.loc["R", ["n_collaborations", "aligned", "n_configurations"]].tolist() == [5, 3, 3]
    # one collaboration: fragmentation 0; councils are kept under a sector filter
    m = make_model(municipalities("ab"), councils(["r"]) + services(["s"], sector="ict"),
                   members([("r", "ab"), ("s", "a")]))
    t = by_id(council_metrics(m, sectors="ict"))
    assert t.loc["r", ["n_collaborations", "within", "region_fragmentation"]].tolist() == [
        1, 1, 0.0]


def test_councils_without_members_and_data_without_councils(region_model):
    got = council_metrics(region_model, actor_kinds="county")
    assert got.empty is False  # councils are kept, with no member
    assert got["n_members"].tolist() == [0, 0]
    m = make_model(municipalities("ab"), services(["s"]), members([("s", "ab")]))
    assert council_metrics(m).empty
    assert list(council_metrics(m).columns) == ["id", "name", *COUNCIL_COLUMNS]


# --------------------------------------------------------------------------- strategy


@pytest.fixture
def strategy_model():
    """R = {rp, sp, sc, ss}; o and n outside. Sectors ict, fire, water, waste.

    k1 ict {rp, sp}; k2 fire {rp, sc, o}; k3 water {rp, sc}; k4 waste {sc, o};
    k5 ict {ss, o}; k6 no sector {rp, sp}.
    """
    collabs = councils(["R"]) + [
        {"id": k, "name": k, "kind": "service", "sector": s}
        for k, s in [("k1", "ict"), ("k2", "fire"), ("k3", "water"), ("k4", "waste"),
                     ("k5", "ict"), ("k6", "")]
    ]
    rows = [("R", ["rp", "sp", "sc", "ss"]), ("k1", ["rp", "sp"]), ("k2", ["rp", "sc", "o"]),
            ("k3", ["rp", "sc"]), ("k4", ["sc", "o"]), ("k5", ["ss", "o"]), ("k6", ["rp", "sp"])]
    return make_model(municipalities(["rp", "sp", "sc", "ss", "o", "n"]), collabs, members(rows))


def test_strategy_profile_by_hand(strategy_model):
    got = strategy_profile(strategy_model)
    assert list(got.columns) == ["id", "name", "breadth", "home_alignment", "strategy"]
    t = by_id(got)
    assert t.loc[["rp", "sp", "sc", "ss", "o", "n"], "breadth"].tolist() == pytest.approx(
        [3 / 4, 1 / 4, 3 / 4, 1 / 4, 3 / 4, 0])
    assert t.loc[["rp", "sp", "sc", "ss"], "home_alignment"].tolist() == pytest.approx(
        [3 / 4, 1, 1 / 3, 0])
    assert t.loc[["rp", "sp", "sc", "ss", "o", "n"], "strategy"].tolist() == [
        "regional partner", "specialisation", "service-centre", "self-sufficiency", "", ""]


@pytest.fixture
def menu_model():
    """Two councils with different menus; e in no council; f in a council with no service.

    R1 = {a, b}, R2 = {c, d}, R3 = {f}. s1 ict {a, b}; s2 fire {a}; s3 water {c, d};
    s4 waste {d, e}; s5 roads {e}; s6 no sector {a, c}.
    """
    collabs = councils(["R1", "R2", "R3"]) + [
        {"id": k, "name": k, "kind": "service", "sector": s}
        for k, s in [("s1", "ict"), ("s2", "fire"), ("s3", "water"), ("s4", "waste"),
                     ("s5", "roads"), ("s6", "")]
    ]
    rows = [("R1", "ab"), ("R2", "cd"), ("R3", "f"), ("s1", "ab"), ("s2", "a"), ("s3", "cd"),
            ("s4", "de"), ("s5", "e"), ("s6", "ac")]
    actors = municipalities("abcdef")
    for actor, stated in zip(actors, ["regional partner", "", "specialisation", "",
                                      "self-sufficiency", ""]):
        actor["stated_strategy"] = stated
    return make_model(actors, collabs, members(rows))


def test_breadth_is_measured_against_the_regional_menu(menu_model):
    # On paper. Menus: M(R1) = sectors of s1, s2, s6 (a member in {a, b}) = {ict, fire};
    # M(R2) = sectors of s3, s4, s6 (a member in {c, d}) = {water, waste}; M(R3) = {}
    # (no service touches f); without a home council, every kept sector:
    # {ict, fire, water, waste, roads} (s6 has no sector: it counts for nothing).
    # Home councils: a, b -> R1; c, d -> R2; f -> R3; e -> none.
    #   a: {ict, fire} / 2 = 1      b: {ict} / 2 = 0.5        c: {water} / 2 = 0.5
    #   d: {water, waste} / 2 = 1   e: {waste, roads} / 5 = 0.4   f: 0 / 0 -> NaN
    # (the file-wide rule would have given a 2/5, b 1/5, c 1/5, d 2/5.)
    # home_alignment: a: s1, s2 inside R1, s6 = {a, c} not: 2/3; b: 1; c: s3 yes, s6 no: 1/2;
    # d: s3 yes, s4 = {d, e} no: 1/2; e, f: NaN (no home council / no collaboration).
    t = by_id(strategy_profile(menu_model, breadth_threshold=0.6, alignment_threshold=0.6))
    assert t["breadth"].tolist()[:5] == pytest.approx([1.0, 0.5, 0.5, 1.0, 0.4])
    assert math.isnan(t.loc["f", "breadth"])
    assert t["home_alignment"].tolist()[:4] == pytest.approx([2 / 3, 1.0, 0.5, 0.5])
    # thresholds 0.6: a (1, .67) high/high; b (.5, 1) low/high; c (.5, .5) low/low;
    # d (1, .5) high/low; e and f have no alignment
    assert t["strategy"].tolist() == [
        "regional partner", "specialisation", "self-sufficiency", "service-centre", "", ""]
    check_strategy(menu_model)


def test_stated_strategy_is_set_beside_the_measured_one(menu_model):
    t = strategy_profile(menu_model)
    assert list(t.columns) == ["id", "name", "breadth", "home_alignment", "strategy",
                               "stated_strategy"]
    assert t["stated_strategy"].tolist() == [
        "regional partner", "", "specialisation", "", "self-sufficiency", ""]
    # with a filter that drops actors the stated column follows the kept rows
    assert strategy_profile(menu_model, regions=[])["stated_strategy"].tolist() == []


@pytest.mark.parametrize("threshold, rp, sc", [
    (0.75, "regional partner", "service-centre"),   # at the threshold is high
    (0.8, "specialisation", "self-sufficiency"),
])
def test_strategy_thresholds(strategy_model, threshold, rp, sc):
    t = by_id(strategy_profile(strategy_model, breadth_threshold=threshold))
    assert (t.loc["rp", "strategy"], t.loc["sc", "strategy"]) == (rp, sc)
    t = by_id(strategy_profile(strategy_model, alignment_threshold=1.0))
    assert t.loc["rp", "strategy"] == "service-centre"
    assert t.loc["sp", "strategy"] == "specialisation"


def test_strategy_without_sectors():
    m = make_model(municipalities("ab"), councils(["r"]) + services(["s"]),
                   members([("r", "ab"), ("s", "ab")]))
    t = strategy_profile(m)
    assert t["breadth"].isna().all() and (t["strategy"] == "").all()
    assert t["home_alignment"].tolist() == [1.0, 1.0]


@pytest.mark.parametrize("kwargs, message", [
    ({"breadth_threshold": 1.5}, "breadth_threshold must be a number from 0 to 1, not 1.5"),
    ({"alignment_threshold": -0.1}, "alignment_threshold must be a number from 0 to 1"),
    ({"breadth_threshold": "0.5"}, "breadth_threshold must be a number from 0 to 1, not '0.5'"),
    ({"alignment_threshold": True}, "alignment_threshold must be a number"),
])
def test_strategy_rejects_bad_thresholds(strategy_model, kwargs, message):
    with pytest.raises(SpecError, match=message):
        strategy_profile(strategy_model, **kwargs)


# --------------------------------------------------------------------------- properties


def reference_actor_table(m):
    """The actor table with plain Python sets, for the default filters."""
    actors, _, s_of, member_of = reference_sets(m)
    _, council_ids, _, council_members = reference_sets(m, kinds=("council",))
    out = {}
    for a in actors:
        shared = Counter(b for c in s_of[a] for b in member_of[c] if b != a)
        configs = {frozenset(member_of[c] - {a}) for c in s_of[a]}
        n = len(s_of[a])
        total = sum(shared.values())
        h = -sum(w / total * math.log(w / total) for w in shared.values()) if total else 0.0
        mine = [r for r in council_ids if a in council_members[r]]
        home = min(mine, key=lambda r: (-sum(shared[b] for b in council_members[r]), r),
                   default="")
        align = (sum(member_of[c] <= council_members[home] for c in s_of[a]) / n
                 if home and n else math.nan)
        out[a] = {
            "n_collaborations": n,
            "n_partners": len(shared),
            "n_configurations": len(configs),
            "fragmentation": (len(configs) - 1) / (n - 1) if n >= 2 else 0.0,
            "effective_partners": math.exp(h) if shared else 0.0,
            "home_council": home,
            "home_alignment": align,
        }
    columns = ["n_collaborations", "n_partners", "n_configurations", "fragmentation",
               "effective_partners", "home_council", "home_alignment"]
    return pd.DataFrame.from_dict(out, orient="index", columns=columns)


def check_actor_table(m):
    got = by_id(actor_fragmentation(m))
    want = reference_actor_table(m)
    assert list(got.index) == list(want.index)
    for col in ["n_collaborations", "n_partners", "n_configurations", "home_council"]:
        assert got[col].tolist() == want[col].tolist(), col
    for col in ["fragmentation", "effective_partners", "home_alignment"]:
        np.testing.assert_allclose(got[col].to_numpy(float), want[col].to_numpy(float),
                                   rtol=1e-9, err_msg=col)


def check_council_table(m):
    _, collabs, _, member_of = reference_sets(m)
    _, council_ids, _, council_members = reference_sets(m, kinds=("council",))
    dual = {a for r in council_ids for a in council_members[r]
            if sum(a in council_members[q] for q in council_ids) >= 2}
    want = []
    for r in council_ids:
        mr = council_members[r]
        touching = [member_of[c] for c in collabs if member_of[c] & mr]
        n, k = len(touching), len(set(map(frozenset, touching)))
        want.append([
            len(mr), n, sum(s == mr for s in touching), sum(s < mr for s in touching),
            sum(not s <= mr for s in touching), k, (k - 1) / (n - 1) if n >= 2 else 0.0,
            len(mr & dual),
        ])
    got = council_metrics(m)
    assert got["id"].tolist() == council_ids
    np.testing.assert_allclose(got[COUNCIL_COLUMNS].to_numpy(float),
                               np.array(want, dtype=float).reshape(-1, len(COUNCIL_COLUMNS)))


def check_strategy(m):
    """Breadth from the definition (DESIGN.md "Strategy profile"), with plain sets:
    |sectors of S(a)| / |M(home_council(a))|, M(R) the sectors of the collaborations with
    a member in m(R); every kept sector when a has no home council; NaN for an empty menu."""
    actors, collabs, s_of, member_of = reference_sets(m)
    _, _, _, council_members = reference_sets(m, kinds=("council",))
    home = reference_actor_table(m)["home_council"]
    sector = dict(zip(m.collaborations["id"], m.collaborations["sector"]))
    present = {sector[c] for c in collabs} - {""}

    def menu(a):
        if not home[a]:
            return present
        return {sector[c] for c in collabs if member_of[c] & council_members[home[a]]} - {""}

    got = by_id(strategy_profile(m))
    want_breadth = [len({sector[c] for c in s_of[a]} - {""}) / len(menu(a)) if menu(a)
                    else math.nan for a in actors]
    np.testing.assert_allclose(got["breadth"].to_numpy(float), want_breadth)
    for a, row in got.iterrows():
        if math.isnan(row.breadth) or math.isnan(row.home_alignment):
            assert row.strategy == ""
        else:
            assert row.strategy == STRATEGIES[2 * (row.breadth >= 0.5)
                                              + (row.home_alignment >= 0.5)], a


CHECKS = [check_actor_table, check_council_table, check_strategy]
FAST = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(random_models())
def test_sparse_results_match_set_loops(m):
    for check in CHECKS:
        check(m)


@pytest.mark.slow
@settings(FAST, max_examples=300)
@given(random_models())
def test_sparse_results_match_set_loops_thoroughly(m):
    for check in CHECKS:
        check(m)


@settings(FAST, max_examples=5)
@given(random_models())
def test_two_runs_write_identical_csv(m):
    for fn in (actor_fragmentation, council_metrics, strategy_profile):
        assert fn(m).to_csv(index=False) == fn(m).to_csv(index=False)


def test_does_not_mutate_the_model(region_model):
    before = [f.to_csv() for f in (region_model.actors, region_model.collaborations,
                                   region_model.memberships)]
    for fn in (actor_fragmentation, council_metrics, strategy_profile):
        fn(region_model)
    assert before == [f.to_csv() for f in (region_model.actors, region_model.collaborations,
                                           region_model.memberships)]


# --------------------------------------------------------------------------- real data


SHARED = Path(__file__).resolve().parents[3] / "shared"


@pytest.mark.slow
def test_france_fragmentation_is_consistent():
    folder = SHARED / "reference" / "france_banatic"
    if not folder.is_dir():
        pytest.skip(f"the French reference data is not at {folder}")

    def read(name):
        return pd.read_csv(folder / name, dtype=str, keep_default_na=False)

    m = make_model(read("actors.csv"), read("collaborations.csv"), read("memberships.csv"))
    t = actor_fragmentation(m)
    assert t["id"].is_monotonic_increasing and t["id"].is_unique
    assert (t["n_configurations"] <= t["n_collaborations"]).all()
    assert t["fragmentation"].between(0, 1).all()
    assert (t["effective_partners"] <= t["n_partners"] + 1e-9).all()


def test_twins_partners_and_entropy_match_the_reference():
    """Actors with identical memberships (twins) are computed per class; check by sets."""
    actors = [{"id": x, "name": x.upper(), "kind": "municipality"} for x in "abcdefg"]
    collabs = [{"id": c, "name": c, "kind": "service"} for c in ("s1", "s2", "s3", "s4")]
    m = make_model(actors, collabs, members([
        ("s1", "abcd"), ("s2", "abce"), ("s3", "ef"), ("s4", "ab"),  # a, b twins; g alone
    ]))
    check_actor_table(m)
    t = by_id(actor_fragmentation(m))
    assert t.loc["a", "n_partners"] == 4 and t.loc["g", "n_partners"] == 0
    # a shares 3 with b, 2 with c, 1 with d and e: weights 3,2,1,1 of 7
    p = np.array([3, 2, 1, 1]) / 7
    assert t.loc["a", "effective_partners"] == pytest.approx(math.exp(-(p * np.log(p)).sum()))
