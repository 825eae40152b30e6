"""Tests for graphmodel.data.synth: seeded, realistic, and accepted by the loader."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from graphmodel.data.model import to_csv_bytes
from graphmodel.data.schema import ACTOR_KINDS, COLLABORATION_KINDS, ROLES, SECTORS, STATUSES
from graphmodel.data.synth import MAX_SIZE, synthesize
from graphmodel.errors import SpecError


@pytest.fixture(scope="module")
def model():
    return synthesize(2000, 1500, seed=7)


def _counted(model):
    ms = model.memberships
    return ms[ms["role"] != "observer"]


def _members(model, kind):
    ids = set(model.collaborations.loc[model.collaborations["kind"] == kind, "id"])
    ms = _counted(model)
    return ms[ms["collaboration"].isin(ids)].groupby("collaboration")["actor"].apply(list)


# --------------------------------------------------------------------------- determinism


def test_same_seed_same_bytes():
    assert to_csv_bytes(synthesize(300, 400, seed=3)) == to_csv_bytes(synthesize(300, 400, seed=3))


def test_other_seed_other_data():
    a, b = to_csv_bytes(synthesize(300, 400, seed=3)), to_csv_bytes(synthesize(300, 400, seed=4))
    assert all(a[f] != b[f] for f in a)


def test_country_sets_code_and_prefix():
    m = synthesize(30, 10, country="NO")
    assert set(m.actors["country"]) == {"NO"}
    assert m.actors["id"].str.startswith("no-").all()
    assert m.collaborations["id"].str.startswith("no-").all()


# --------------------------------------------------------------------------- counts and vocabularies


@pytest.mark.parametrize("n, c", [(2, 1), (3, 1), (7, 3), (10, 100), (50, 1), (360, 2000)])
def test_counts(n, c):
    m = synthesize(n, c)
    assert (m.actors["kind"] == "municipality").sum() == n
    assert len(m.collaborations) == c
    assert (m.collaborations["kind"] == "council").sum() >= 1


def test_vocabularies(model):
    assert set(model.actors["kind"]) <= set(ACTOR_KINDS)
    assert set(model.collaborations["kind"]) == set(COLLABORATION_KINDS)
    assert set(model.collaborations["sector"]) <= set(SECTORS)
    assert set(model.collaborations["status"]) == set(STATUSES)
    assert set(model.memberships["role"]) <= set(ROLES)
    assert {"host", "observer"} <= set(model.memberships["role"])
    # most sectors turn up in 1,500 collaborations
    assert model.collaborations["sector"].nunique() >= 18


def test_ids_unique_and_distinct(model):
    a, c = model.actors["id"], model.collaborations["id"]
    assert a.is_unique and c.is_unique
    assert not set(a) & set(c)
    assert not model.memberships.duplicated(["actor", "collaboration"]).any()


def test_values_in_range(model):
    muni = model.actors[model.actors["kind"] == "municipality"]
    assert muni["lat"].between(-90, 90).all() and muni["lon"].between(-180, 180).all()
    pop = muni["population"].astype("int64")
    assert (pop >= 0).all()
    # heavy tail: a few very large towns
    assert pop.max() > 20 * pop.median()
    assert muni["code"].str.fullmatch(r"\d{4,}").all()


# --------------------------------------------------------------------------- councils


def test_every_municipality_in_a_council(model):
    per_actor = _counted(model)
    councils = set(model.collaborations.loc[model.collaborations["kind"] == "council", "id"])
    n_councils = per_actor[per_actor["collaboration"].isin(councils)].groupby("actor").size()
    municipalities = model.actors.loc[model.actors["kind"] == "municipality", "id"]
    assert set(n_councils.index) == set(municipalities)
    dual = (n_councils == 2).sum()
    assert 1 <= dual <= 0.02 * len(municipalities)  # a few, like Stjørdal and Malvik
    assert n_councils.max() == 2


def test_council_sizes(model):
    sizes = _members(model, "council").map(len)
    assert sizes.min() >= 5
    assert 8 <= sizes.median() <= 25
    assert sizes.max() <= 60


def test_councils_are_neighbours(model):
    """Members of a council lie far closer to each other than random municipalities."""
    xy = model.actors.set_index("id")[["lat", "lon"]]
    spread = [xy.loc[m].std().mean() for m in _members(model, "council")]
    assert np.mean(spread) < 0.25 * xy.dropna().std().mean()


# --------------------------------------------------------------------------- services, networks


def test_service_sizes(model):
    sizes = pd.concat([_members(model, "service"), _members(model, "network")]).map(len)
    assert sizes.min() >= 2 and sizes.max() <= MAX_SIZE
    assert sizes.between(2, 8).mean() > 0.6  # mostly small
    assert (sizes > 40).sum() >= 10  # and some large ones


def test_service_members_are_near_each_other(model):
    xy = model.actors.set_index("id")[["lat", "lon"]].to_numpy()
    index = {a: i for i, a in enumerate(model.actors["id"])}
    rng = np.random.default_rng(0)

    def mean_distance(groups):
        d = []
        for g in groups:
            p = xy[[index[a] for a in g]]
            d.append(np.sqrt(((p[:, None, :] - p[None, :, :]) ** 2).sum(-1)).mean())
        return np.mean(d)

    services = [m for m in _members(model, "service") if len(m) <= 8]
    municipalities = model.actors.loc[model.actors["kind"] == "municipality", "id"].to_numpy()
    random = [rng.choice(municipalities, size=len(m), replace=False) for m in services]
    assert mean_distance(services) < 0.25 * mean_distance(random)


def test_hosts_are_members_with_role_host(model):
    hosted = model.collaborations[model.collaborations["host"] != ""]
    assert len(hosted) > 0
    ms = model.memberships.set_index(["collaboration", "actor"])["role"]
    roles = [ms.get((c, h)) for c, h in zip(hosted["id"], hosted["host"])]
    assert roles == ["host"] * len(hosted)


def test_parents_are_councils(model):
    with_parent = model.collaborations[model.collaborations["parent"] != ""]
    assert len(with_parent) > 0
    kind = model.collaborations.set_index("id")["kind"]
    assert (kind[with_parent["parent"]] == "council").all()


def test_status_and_dates(model):
    c = model.collaborations
    ended, planned = c[c["status"] == "ended"], c[c["status"] == "planned"]
    assert ended["end"].notna().all() and (ended["end"] >= ended["start"]).all()
    assert (planned["start"] > pd.Timestamp("2026-12-31")).all()
    assert c.loc[c["status"] == "active", "end"].isna().all()
    assert c.loc[c["kind"] == "council", "status"].eq("active").all()


def test_loader_rules_hold(model):
    """The rules of DESIGN.md that the loader checks, checked directly (errors and warnings)."""
    a, c, ms = model.actors, model.collaborations, model.memberships
    assert ms["actor"].isin(a["id"]).all() and ms["collaboration"].isin(c["id"]).all()
    assert set(a["id"]) == set(ms["actor"])  # no actor in nothing
    counted = _counted(model).groupby("collaboration").size()
    assert counted.reindex(c["id"]).min() >= 2  # no collaboration with fewer than two members
    assert (ms["end"].isna() | (ms["end"] >= ms["start"])).all()


# --------------------------------------------------------------------------- errors and loader


@pytest.mark.parametrize("kwargs, match", [
    ({"n_municipalities": 1, "n_collaborations": 5}, "n_municipalities must be"),
    ({"n_municipalities": 10, "n_collaborations": 0}, "n_collaborations must be"),
    ({"n_municipalities": 10.5, "n_collaborations": 3}, "whole number"),
    ({"n_municipalities": True, "n_collaborations": 3}, "whole number"),
    ({"n_municipalities": 10, "n_collaborations": 3, "country": " "}, "country must be"),
])
def test_bad_arguments(kwargs, match):
    with pytest.raises(SpecError, match=match):
        synthesize(**kwargs)


def test_loader_accepts_it(tmp_path):
    load_module = pytest.importorskip("graphmodel.data.load", reason="graphmodel/data/load.py not there yet")
    m = synthesize(500, 800, seed=2)
    load_module.save(m, tmp_path)
    back = load_module.load(tmp_path)  # raises ValidationError on any error
    assert [str(w) for w in back.warnings] == []
    assert to_csv_bytes(back) == to_csv_bytes(m)


@pytest.mark.slow
def test_france_sized():
    m = synthesize(35_000, 10_000)
    assert 120_000 <= len(m.memberships) <= 180_000
