"""The dyad model (graphmodel.analysis.dyads): odds ratios, MRQAP p-values, expected pairs."""

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from analysis.test_regions import mid, trondelag_more
from scipy import stats
from statsmodels.discrete.discrete_model import Logit

from graphmodel.analysis import dyads
from graphmodel.analysis.dyads import (
    DRIVER_COLUMNS,
    EXPECTED_COLUMNS,
    VARIABLES,
    drivers,
    dyad_model,
    expected_pairs,
    qap_pvalues,
)
from graphmodel.analysis.metrics import metrics_table
from graphmodel.data.model import Model
from graphmodel.errors import SpecError


def km(lat1, lon1, lat2, lon2):
    """Great-circle distance, written out again (R = 6371.0088 km, as graphmodel uses)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def planted(seed: int, n: int = 30, *, distance=-1.5, ba=1.2, constant=6.0) -> Model:
    """Municipalities scattered over Trøndelag; a tie between a and b with probability
    logistic(constant + distance·log(1 + km) + ba·same_ba_region); population unrelated."""
    rng = np.random.default_rng(seed)
    lat = rng.uniform(62.5, 64.5, n)
    lon = rng.uniform(9.0, 13.0, n)
    centres = np.array([[63.0, 10.0], [63.0, 12.0], [64.0, 10.0], [64.0, 12.0]])
    region = np.argmin((lat[:, None] - centres[:, 0]) ** 2
                       + ((lon[:, None] - centres[:, 1]) / 2) ** 2, axis=1)
    ids = [f"m{i:02d}" for i in range(n)]
    actors = pd.DataFrame({
        "id": ids, "name": [f"M{i}" for i in range(n)], "kind": "municipality",
        "country": "NO", "region": np.where(lon < 11, "West", "East"),
        "population": rng.integers(500, 50_000, n), "lat": lat.round(5), "lon": lon.round(5),
        "ba_region": [f"BA{r}" for r in region],
    })
    rows, k = [], 0
    for i, j in itertools.combinations(range(n), 2):
        d = km(lat[i], lon[i], lat[j], lon[j])
        eta = constant + distance * math.log1p(d) + ba * (region[i] == region[j])
        if rng.random() < 1 / (1 + math.exp(-eta)):
            rows += [(ids[i], f"s{k}"), (ids[j], f"s{k}")]
            k += 1
    collabs = pd.DataFrame({"id": [f"s{x}" for x in range(k)], "name": "S", "kind": "service"})
    return Model.from_frames(actors, collabs, pd.DataFrame(rows, columns=["actor", "collaboration"]))


def plain_pairs(model: Model) -> pd.DataFrame:
    """Every pair of municipalities and its variables, built from the tables directly."""
    a = model.actors[model.actors["kind"] == "municipality"].sort_values("id")
    from graphmodel.reference import ba_regions

    ba = dict(zip(a["id"], ba_regions(a), strict=True))
    mem = model.memberships.merge(model.collaborations[["id", "kind", "status"]],
                                  left_on="collaboration", right_on="id")
    mem = mem[mem["role"] != "observer"]
    kinds = {k: set(g["collaboration"]) for k, g in mem.groupby(["actor", "kind"])}
    active = set(model.collaborations.loc[model.collaborations["status"] == "active", "id"])
    rows = []
    for x, y in itertools.combinations(a.itertuples(), 2):
        services = kinds.get((x.id, "service"), set()) & kinds.get((y.id, "service"), set())
        councils = kinds.get((x.id, "council"), set()) & kinds.get((y.id, "council"), set())
        d = km(x.lat, x.lon, y.lat, y.lon)
        rows.append({
            "a": x.id, "b": y.id, "tie": int(bool(services & active)),
            "log_km": math.log(1 + d), "same_ba_region": int(ba[x.id] == ba[y.id]),
            "same_county": int(x.region == y.region), "same_council": int(bool(councils & active)),
            "size_similarity": min(x.population, y.population) / max(x.population, y.population),
        })
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def planted_model():
    return planted(3)


def test_odds_ratios_equal_a_plain_logistic_fit(planted_model):
    fitted = dyad_model(planted_model, permutations=0)
    pairs = plain_pairs(planted_model)
    assert len(pairs) == len(fitted.pairs) == 435
    assert fitted.variables == ("log_km", "same_ba_region", "same_county", "size_similarity")
    X = np.column_stack([np.ones(len(pairs))] + [pairs[v] for v in fitted.variables])
    plain = Logit(pairs["tie"].to_numpy(), X).fit(disp=0, tol=1e-12, maxiter=200)
    t = fitted.drivers.set_index("variable")
    for k, name in enumerate(fitted.variables, start=1):
        assert t.loc[name, "odds_ratio"] == pytest.approx(math.exp(plain.params[k]), rel=1e-6)
        low, high = np.exp(plain.conf_int(alpha=0.05)[k])
        assert t.loc[name, "ci_low"] == pytest.approx(low, rel=1e-6)
        assert t.loc[name, "ci_high"] == pytest.approx(high, rel=1e-6)
    assert (t["n_pairs"] == 435).all() and (t["n_ties"] == pairs["tie"].sum()).all()
    # no council in the data: same_council cannot vary, and says so
    assert math.isnan(t.loc["same_council", "odds_ratio"])
    assert t.loc["same_council", "note"] == "left out: the same for every pair"
    assert "Common regional council: left out: the same for every pair" in fitted.notes


def test_odds_ratios_on_trondelag_and_more_equal_a_plain_fit():
    m = trondelag_more()
    fitted = dyad_model(m, permutations=0)
    pairs = plain_pairs(m)
    assert len(pairs) == len(fitted.pairs) == 91  # 14 municipalities
    assert fitted.n_pairs_left_out == 0 and fitted.left_out.empty
    X = np.column_stack([np.ones(len(pairs))] + [pairs[v] for v in fitted.variables])
    plain = Logit(pairs["tie"].to_numpy(), X).fit(disp=0, tol=1e-12, maxiter=200)
    t = fitted.drivers.set_index("variable")
    for k, name in enumerate(fitted.variables, start=1):
        assert t.loc[name, "odds_ratio"] == pytest.approx(math.exp(plain.params[k]), rel=1e-6)
    assert int(t["n_ties"].iloc[0]) == pairs["tie"].sum()
    # the pairs agree with the plain construction, pair by pair
    got = fitted.pairs.set_index(["a", "b"])
    for row in pairs.itertuples():
        assert got.loc[(row.a, row.b), "tie"] == row.tie
        assert got.loc[(row.a, row.b), "log_km"] == pytest.approx(row.log_km, rel=1e-9)


def test_a_planted_effect_is_found(planted_model):
    t = drivers(planted_model, permutations=199, seed=1).set_index("variable")
    assert t.loc["log_km", "odds_ratio"] < 0.5 and t.loc["log_km", "p_value"] < 0.02
    assert t.loc["same_ba_region", "odds_ratio"] > 1.5
    assert t.loc["same_ba_region", "p_value"] < 0.05
    assert 1 / 200 <= t.loc["log_km", "p_value"]  # never below 1 / (1 + permutations)


def test_p_values_of_an_unrelated_variable_are_roughly_uniform():
    """size_similarity has nothing to do with the planted ties: over 30 data sets its
    permutation p-values should look uniform (a naive test would reject far too often)."""
    p = []
    for seed in range(30):
        t = drivers(planted(100 + seed, n=18), permutations=49, seed=seed)
        p.append(float(t.set_index("variable").loc["size_similarity", "p_value"]))
    p = np.array(p)
    assert np.isfinite(p).all()
    assert stats.kstest(p, "uniform").pvalue > 0.01
    assert 0.3 < p.mean() < 0.7
    assert (p < 0.05).sum() <= 5


def test_qap_pvalues_directly():
    rng = np.random.default_rng(5)
    n = 15
    i, j = np.triu_indices(n, k=1)
    x = rng.normal(size=len(i))
    noise = rng.normal(size=len(i))
    y = (x + 0.3 * rng.normal(size=len(i)) > 0).astype(float)
    X = np.column_stack([np.ones(len(i)), x, noise])
    p = qap_pvalues(y, X, i, j, n, permutations=99, seed=2)
    assert math.isnan(p[0]) and p[1] == pytest.approx(0.01) and p[2] > 0.05
    again = qap_pvalues(y, X, i, j, n, permutations=99, seed=2)
    np.testing.assert_array_equal(p, again)
    with pytest.raises(SpecError, match="at least 1"):
        qap_pvalues(y, X, i, j, n, permutations=0)


def test_seeded(planted_model):
    one = drivers(planted_model, permutations=29, seed=11)
    pd.testing.assert_frame_equal(one, drivers(planted_model, permutations=29, seed=11))
    other = drivers(planted_model, permutations=29, seed=12)
    assert not one["p_value"].equals(other["p_value"])
    pd.testing.assert_series_equal(one["odds_ratio"], other["odds_ratio"])


def test_drivers_table_columns(planted_model):
    t = metrics_table(planted_model, "drivers", permutations=9)
    assert list(t.columns) == [*DRIVER_COLUMNS, "note"]
    assert t["variable"].tolist() == list(VARIABLES)


def test_actors_without_coordinates_or_population_are_left_out_and_counted():
    m = trondelag_more()
    actors = m.actors.copy()
    actors.loc[actors["id"] == mid("Tydal"), "lat"] = np.nan
    actors.loc[actors["id"] == mid("Oppdal"), "population"] = pd.NA
    m2 = Model.from_frames(actors, m.collaborations, m.memberships)
    fitted = dyad_model(m2, permutations=0)
    assert fitted.left_out.to_dict("list") == {
        "id": [mid("Oppdal"), mid("Tydal")], "name": ["Oppdal", "Tydal"],
        "reason": ["no population", "no coordinates"]}
    assert fitted.n_pairs_left_out == 91 - 66  # 12 of 14 municipalities remain
    assert len(fitted.pairs) == 66
    assert (fitted.drivers["n_pairs"] == 66).all()
    assert fitted.notes[0].startswith("25 pairs left out: 2 actors lack what the model needs")


def test_no_ba_region_anywhere_leaves_the_variable_out():
    m = planted(4, n=12)
    actors = m.actors.drop(columns=["ba_region"]).assign(country="SE")
    fitted = dyad_model(Model.from_frames(actors, m.collaborations, m.memberships),
                        permutations=0)
    assert "same_ba_region" not in fitted.variables
    note = fitted.drivers.set_index("variable").loc["same_ba_region", "note"]
    assert "no actor has a BA-region" in note and len(fitted.pairs) == 66


def test_separation_is_named_not_fitted():
    # every pair in the same county shares an agreement, none across: same_county separates
    m = planted(5, n=12)
    a = m.actors
    west = a.loc[a["region"] == "West", "id"].tolist()
    east = a.loc[a["region"] == "East", "id"].tolist()
    rows = [(x, "w") for x in west] + [(x, "e") for x in east]
    collabs = pd.DataFrame({"id": ["w", "e", "z"], "name": "S", "kind": "service"})
    rows += [(west[0], "z"), (west[1], "z")]
    m2 = Model.from_frames(a, collabs, pd.DataFrame(rows, columns=["actor", "collaboration"]))
    t = drivers(m2, permutations=9).set_index("variable")
    assert t.loc["same_county", "note"] == ("left out: every pair in the same county shares an "
                                            "agreement (the odds ratio cannot be estimated)")
    assert math.isnan(t.loc["same_county", "odds_ratio"])


def test_nothing_to_fit_is_said():
    m = Model.from_frames(
        pd.DataFrame({"id": list("abc"), "name": list("ABC"), "kind": "municipality",
                      "population": [1, 2, 3], "lat": [60.0, 61, 62], "lon": [10.0, 10, 10]}),
        pd.DataFrame({"id": ["s"], "name": ["S"], "kind": "service"}),
        pd.DataFrame({"actor": list("abc"), "collaboration": list("sss")}))
    fitted = dyad_model(m, permutations=9)
    assert fitted.drivers["odds_ratio"].isna().all()
    assert any("no model fitted" in n for n in fitted.notes)
    assert expected_pairs(m).empty and list(expected_pairs(m).columns) == EXPECTED_COLUMNS


def test_expected_pairs(planted_model):
    t = expected_pairs(planted_model)
    fitted = dyad_model(planted_model, permutations=0)
    assert list(t.columns) == EXPECTED_COLUMNS
    assert len(t) == (fitted.pairs["tie"] == 0).sum()
    assert t["probability"].is_monotonic_decreasing
    ties = set(zip(*fitted.pairs.loc[fitted.pairs["tie"] == 1, ["a", "b"]].T.values,
                   strict=True))
    assert not ties & set(zip(t["a"], t["b"], strict=True))
    assert (t["a"] < t["b"]).all()
    assert t["a_name"].iloc[0] == "M" + str(int(t["a"].iloc[0][1:]))
    top = expected_pairs(planted_model, top=3)
    pd.testing.assert_frame_equal(top, t.head(3))
    with pytest.raises(SpecError, match="top must be"):
        expected_pairs(planted_model, top=-1)


def test_expected_pairs_on_trondelag_and_more():
    t = expected_pairs(trondelag_more())
    pairs = plain_pairs(trondelag_more())
    assert len(t) == (pairs["tie"] == 0).sum()
    first = t.iloc[0]
    assert 0 < first["probability"] < 1
    row = pairs[(pairs["a"] == first["a"]) & (pairs["b"] == first["b"])].iloc[0]
    assert row["tie"] == 0
    assert first["distance_km"] == pytest.approx(math.expm1(row["log_km"]))


def test_bounded_size(monkeypatch, planted_model):
    monkeypatch.setattr(dyads, "MAX_ACTORS", 10)
    with pytest.raises(SpecError, match="at most 10 municipalities at once, not 30"):
        drivers(planted_model, permutations=1, seed=99)


@pytest.mark.parametrize("bad", [-1, 1.5, "10"])
def test_bad_permutations(planted_model, bad):
    with pytest.raises(SpecError, match="permutations must be"):
        drivers(planted_model, permutations=bad)
