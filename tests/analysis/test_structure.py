"""Co-membership graph, communities and centrality: hand-checked and against networkx."""

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from networkx.algorithms import bipartite

from graphmodel.analysis.structure import (
    centrality,
    comembership_graph,
    communities,
    community_council_match,
)
from graphmodel.data.model import Model


def make_model(memberships, actors=None, collaborations=None):
    """A model from ``[(actor, collaboration), ...]``; every collaboration a service
    unless ``collaborations`` maps an id to its kind."""
    memberships = list(memberships)
    actor_ids = sorted({a for a, _ in memberships} | set(actors or ()))
    kinds = collaborations or {}
    collab_ids = sorted({c for _, c in memberships} | set(kinds))
    return Model.from_frames(
        pd.DataFrame({"id": actor_ids, "name": [i.upper() for i in actor_ids],
                      "kind": "municipality"}),
        pd.DataFrame({"id": collab_ids, "name": collab_ids,
                      "kind": [kinds.get(c, "service") for c in collab_ids]}),
        pd.DataFrame(memberships, columns=["actor", "collaboration"]),
    )


def random_model(seed, n_actors=None, n_collabs=None, p=0.3):
    rng = np.random.default_rng(seed)
    n_actors = n_actors or int(rng.integers(3, 22))
    n_collabs = n_collabs or int(rng.integers(1, 10))
    actors = [f"a{i:02d}" for i in range(n_actors)]
    collabs = [f"c{j:02d}" for j in range(n_collabs)]
    mem = [(a, c) for a in actors for c in collabs if rng.random() < p]
    return make_model(mem, actors=actors, collaborations={c: "service" for c in collabs})


def two_regions():
    """Two councils of four; services inside each, one service bridging a1 and b1."""
    mem = []
    for r in "ab":
        people = [f"{r}{i}" for i in range(1, 5)]
        mem += [(p, f"council_{r}") for p in people]
        mem += [(p, f"{r}_waste") for p in people]
        mem += [(p, f"{r}_ict") for p in people[:3]]
        mem += [(p, f"{r}_fire") for p in people[1:]]
    mem += [("a1", "bridge"), ("b1", "bridge")]
    return make_model(mem, collaborations={"council_a": "council", "council_b": "council"})


# --------------------------------------------------------------------------- graph


def test_comembership_graph_by_hand():
    m = make_model([("a", "s"), ("b", "s"), ("a", "t"), ("b", "t"), ("c", "t")],
                   actors=["d"])
    g = comembership_graph(m)
    assert sorted(g.nodes) == ["a", "b", "c", "d"]  # d is in nothing but kept
    assert g.nodes["a"]["name"] == "A" and g.nodes["d"]["kind"] == "municipality"
    assert {(u, v): d["shared"] for u, v, d in g.edges(data=True)} == {
        ("a", "b"): 2, ("a", "c"): 1, ("b", "c"): 1,
    }
    assert g.edges["b", "c"]["jaccard"] == pytest.approx(1 / 2)
    assert g.edges["a", "b"]["distance"] == pytest.approx(1 / 2)


@pytest.mark.parametrize("seed", range(8))
def test_comembership_graph_is_the_weighted_projection(seed):
    m = random_model(seed)
    bg = nx.Graph()
    actors = list(m.actors["id"])
    bg.add_nodes_from(actors, bipartite=0)
    bg.add_nodes_from(m.collaborations["id"], bipartite=1)
    bg.add_edges_from(zip(m.memberships["actor"], m.memberships["collaboration"]))
    weighted = bipartite.weighted_projected_graph(bg, actors)
    jac = bipartite.overlap_weighted_projected_graph(bg, actors, jaccard=True)
    g = comembership_graph(m)
    assert set(map(frozenset, g.edges)) == set(map(frozenset, weighted.edges))
    for u, v, d in g.edges(data=True):
        assert d["shared"] == weighted.edges[u, v]["weight"]
        assert d["jaccard"] == pytest.approx(jac.edges[u, v]["weight"])


# --------------------------------------------------------------------------- centrality


def test_betweenness_of_a_bridge_actor():
    # a - b - c chain plus d - b: b is on every path between the three others
    m = make_model([("a", "s"), ("b", "s"), ("b", "t"), ("c", "t"), ("b", "u"), ("d", "u")])
    t = centrality(m).set_index("id")
    assert t.loc["b", "betweenness"] == pytest.approx(1.0)
    assert t.loc[["a", "c", "d"], "betweenness"].tolist() == [0.0, 0.0, 0.0]
    assert t["strength"].to_dict() == {"a": 1, "b": 3, "c": 1, "d": 1}


@pytest.mark.parametrize(
    "ac, expected_c",
    [
        (2, 0.5),  # a-b direct (1/1) ties with a-c-b (1/2 + 1/2): half the paths via c
        (3, 1.0),  # a-c-b (1/3 + 1/2) is shorter than a-b: every path via c
        (1, 0.0),  # a-c-b (1 + 1/2) is longer: none via c
    ],
)
def test_betweenness_uses_distance_one_over_shared(ac, expected_c):
    mem = [("a", "s1"), ("b", "s1")]
    mem += [(x, f"ac{i}") for i in range(ac) for x in "ac"]
    mem += [(x, f"cb{i}") for i in range(2) for x in "cb"]
    t = centrality(make_model(mem)).set_index("id")
    assert t.loc["c", "betweenness"] == pytest.approx(expected_c)
    assert t.loc["a", "betweenness"] == 0.0


@pytest.mark.parametrize("seed", range(25))
def test_centrality_matches_networkx(seed):
    # dense random memberships give many twins (identical membership sets) and ties
    m = random_model(seed, p=0.35 if seed % 2 else 0.15)
    got = centrality(m).set_index("id")
    g = comembership_graph(m)
    ref = nx.betweenness_centrality(g, weight="distance")
    for a in g.nodes:
        assert got.loc[a, "betweenness"] == pytest.approx(ref[a], abs=1e-12), a
    strength = dict(g.degree(weight="shared"))
    assert got["strength"].to_dict() == strength


def test_twins_share_the_brokerage():
    # x1 and x2 have the same memberships: each carries half of the paths a - b
    m = make_model([("a", "s"), ("x1", "s"), ("x2", "s"), ("x1", "t"), ("x2", "t"),
                    ("b", "t")])
    t = centrality(m).set_index("id")
    ref = nx.betweenness_centrality(comembership_graph(m), weight="distance")
    assert t.loc["x1", "betweenness"] == pytest.approx(ref["x1"])
    assert t.loc["x1", "betweenness"] == t.loc["x2", "betweenness"] > 0


def test_sampled_betweenness_is_a_scaled_estimate():
    # a star: hub h shares one service with each of 5 leaves. One sampled source:
    # a leaf gives h a dependency of 4 (the other leaves), scaled by 6/1 and
    # normalised by 5*4 -> 6*4/20 = 1.2; the hub as source gives 0.
    m = make_model([(x, f"s{x}") for x in "pqrst"] + [("h", f"s{x}") for x in "pqrst"])
    seen = set()
    for seed in range(12):
        t = centrality(m, exact_limit=0, samples=1, seed=seed).set_index("id")
        seen.add(round(t.loc["h", "betweenness"], 9))
        assert t["strength"].to_dict() == {"h": 5, "p": 1, "q": 1, "r": 1, "s": 1, "t": 1}
    assert seen <= {0.0, 1.2} and 1.2 in seen


def test_sampled_betweenness_is_deterministic():
    m = random_model(7, n_actors=40, n_collabs=12, p=0.12)
    one = centrality(m, exact_limit=0, samples=5, seed=3)
    two = centrality(m, exact_limit=0, samples=5, seed=3)
    assert one.to_csv(index=False) == two.to_csv(index=False)


def test_all_sources_sampled_is_exact():
    m = random_model(11)
    assert centrality(m, exact_limit=0, samples=10_000).equals(centrality(m))


def test_centrality_of_tiny_and_empty_selections():
    m = make_model([("a", "s"), ("b", "s")])
    assert centrality(m).to_dict("list") == {
        "id": ["a", "b"], "strength": [1, 1], "betweenness": [0.0, 0.0]}
    empty = centrality(m, sectors="health")
    assert empty["strength"].tolist() == [0, 0] and list(empty.columns) == [
        "id", "strength", "betweenness"]


# --------------------------------------------------------------------------- communities


def test_louvain_finds_the_two_councils():
    m = two_regions()
    t = communities(m).set_index("id")
    a_side = set(t.loc[[f"a{i}" for i in range(1, 5)], "community"])
    b_side = set(t.loc[[f"b{i}" for i in range(1, 5)], "community"])
    assert len(a_side) == 1 and len(b_side) == 1 and a_side != b_side
    # numbered by size, then by smallest member id: both have 4, a1 < b1
    assert t.loc["a1", "community"] == 1 and t.loc["b1", "community"] == 2
    assert t.loc["a2", "council"] == "council_a" and t.loc["b3", "council"] == "council_b"


def test_community_council_match_on_two_regions():
    t = community_council_match(two_regions())
    assert t.to_dict("list") == {
        "community": [1, 2], "n_members": [4, 4], "council": ["council_a", "council_b"],
        "overlap": [4, 4], "jaccard": [1.0, 1.0],
    }


def test_isolated_actors_get_communities_of_their_own():
    m = make_model([("a", "s"), ("b", "s"), ("c", "t"), ("d", "t"), ("e", "t")],
                   actors=["z", "y"])
    t = communities(m)
    assert t["id"].tolist() == ["a", "b", "c", "d", "e", "y", "z"]
    # c, d, e (3) come first; then a, b; then y and z alone, by id
    assert t["community"].tolist() == [2, 2, 1, 1, 1, 3, 4]
    assert t["council"].tolist() == [""] * 7


@pytest.mark.parametrize("seed", range(4))
def test_communities_cover_every_actor_and_are_deterministic(seed):
    m = random_model(seed + 100, n_actors=30, n_collabs=10, p=0.15)
    one = communities(m)
    assert one["id"].tolist() == sorted(m.actors["id"])
    assert one.to_csv(index=False) == communities(m).to_csv(index=False)
    sizes = one["community"].value_counts().sort_index().tolist()
    assert sizes == sorted(sizes, reverse=True)
    # the same partition as networkx's own Louvain yields a valid partition
    g = comembership_graph(m)
    parts = [set(one.loc[one["community"] == k, "id"]) for k in sorted(set(one["community"]))]
    assert nx.community.is_partition(g, parts)


def test_twins_always_share_a_community():
    m = random_model(5, n_actors=30, n_collabs=4, p=0.4)
    t = communities(m)
    sets = m.memberships.groupby("actor")["collaboration"].apply(lambda s: tuple(sorted(s)))
    joined = t.set_index("id").join(sets.rename("S"))
    assert (joined.dropna().groupby("S")["community"].nunique() == 1).all()


@pytest.mark.parametrize("seed", range(5))
def test_louvain_partition_is_as_good_as_networkx(seed):
    """igraph's multilevel Louvain against networkx's as the reference implementation."""
    m = random_model(seed + 200, n_actors=40, n_collabs=14, p=0.12)
    g = comembership_graph(m)
    if g.number_of_edges() == 0:
        pytest.skip("no edges drawn for this seed")
    ours = communities(m)
    parts = [set(ours.loc[ours["community"] == k, "id"]) for k in sorted(set(ours["community"]))]
    q_ours = nx.community.modularity(g, parts, weight="shared")
    q_nx = nx.community.modularity(
        g, nx.community.louvain_communities(g, weight="shared", seed=seed), weight="shared")
    assert q_ours >= q_nx - 0.02


def test_igraph_loads_without_matplotlib_and_matplotlib_still_works():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from graphmodel.analysis.incidence import _igraph\n"
        "ig = _igraph()\n"
        "assert 'matplotlib' not in sys.modules, 'igraph pulled in matplotlib'\n"
        "import matplotlib\n"
        "from matplotlib.figure import Figure\n"
        "Figure()\n"
        "print(len(ig.Graph(n=3, edges=[(0, 1), (1, 2)]).community_multilevel()))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1"


@pytest.mark.parametrize("seed", range(4))
def test_multilevel_from_arrays_matches_igraph_fed_python_tuples(seed):
    """Feeding igraph a zip of two int lists and a list of weights, with the collector
    paused, gives the very partition of the plain way (a list of tuples, a weight attribute),
    and leaves the garbage collector as it found it."""
    import gc
    import random

    from graphmodel.analysis.incidence import _igraph, _multilevel

    rng = np.random.default_rng(seed)
    n = 60
    source = rng.integers(0, n, size=400)
    target = rng.integers(0, n, size=400)
    weights = rng.integers(1, 9, size=400).astype(float)
    got = _multilevel(n, source, target, weights, seed=seed, resolution=1.0)
    assert gc.isenabled()

    igraph = _igraph()
    g = igraph.Graph(n=n, edges=list(zip(source.tolist(), target.tolist())), directed=False)
    g.es["weight"] = weights.tolist()
    igraph.set_random_number_generator(random.Random(seed))
    try:
        expected = g.community_multilevel(weights="weight").membership
    finally:
        igraph.set_random_number_generator(random)
    assert got.tolist() == expected
    assert len(set(expected)) > 1  # a partition worth comparing


# --------------------------------------------------------------------------- compiled betweenness


def _quotient_distances(m):
    from graphmodel.analysis.incidence import twin_quotient
    from graphmodel.data.select import select

    q = twin_quotient(select(m))
    dist = q.W.astype(float)
    dist.data = 1.0 / dist.data
    return dist, q.size


@pytest.mark.parametrize("seed", range(12))
def test_compiled_betweenness_gives_the_same_bits(seed):
    """The per-source kernel (run here as plain Python, and compiled where numba is
    installed) returns exactly the floats of the sparse-product version: ties included."""
    from graphmodel.analysis import structure

    if seed < 10:
        m = random_model(seed, n_actors=30, n_collabs=8, p=0.3 if seed % 2 else 0.15)
    else:
        from graphmodel.data.synth import synthesize
        m = synthesize(300, 80, seed=seed)
    dist, size = _quotient_distances(m)
    k = dist.shape[0]
    sources = np.arange(k) if seed % 3 else np.arange(0, k, 3)
    weights = np.arange(1, len(sources) + 1, dtype=float)
    ref = structure._class_dependencies(dist, size, sources, weights)
    args = (dist.indptr.astype(np.int64), dist.indices.astype(np.int64), dist.data,
            size.astype(float), sources.astype(np.int64), weights, structure._RTOL)
    assert np.array_equal(structure._brandes_classes(*args), ref)
    if structure._compiled_kernel() is not None:
        assert np.array_equal(structure._compiled_kernel()(*args), ref)


@pytest.mark.parametrize("seed", range(6))
def test_centrality_through_the_compiled_kernel_matches_networkx(seed, monkeypatch):
    from graphmodel.analysis import structure

    pytest.importorskip("numba")
    m = random_model(100 + seed, p=0.35 if seed % 2 else 0.15)
    monkeypatch.setattr(structure, "_COMPILED_WORK", 0)
    compiled = centrality(m)
    got = compiled.set_index("id")
    ref = nx.betweenness_centrality(comembership_graph(m), weight="distance")
    for a, value in ref.items():
        assert got.loc[a, "betweenness"] == pytest.approx(value, abs=1e-12), a
    monkeypatch.setattr(structure, "_COMPILED_WORK", 10**18)
    monkeypatch.setattr(structure, "_loaded_kernel", lambda: None)  # the numpy path
    assert centrality(m).equals(compiled)


def test_a_loaded_kernel_serves_small_work_too(monkeypatch):
    """Below the work threshold the numpy path runs, until the process has loaded the
    compiled kernel; from then on the kernel runs whatever the work (the same bits)."""
    from graphmodel.analysis import structure

    pytest.importorskip("numba")
    m = random_model(7, p=0.3)
    structure._compiled_kernel.cache_clear()
    assert structure._loaded_kernel() is None  # nothing loaded: numba not even asked
    monkeypatch.setattr(structure, "_COMPILED_WORK", 10**18)
    before = centrality(m)
    assert structure._loaded_kernel() is None  # the numpy path ran and loaded nothing
    monkeypatch.setattr(structure, "_COMPILED_WORK", 0)
    assert centrality(m).equals(before)
    assert structure._loaded_kernel() is structure._compiled_kernel()

    def numpy_path(*args):
        raise AssertionError("the numpy path ran although the kernel was loaded")

    monkeypatch.setattr(structure, "_COMPILED_WORK", 10**18)
    monkeypatch.setattr(structure, "_class_dependencies", numpy_path)
    assert centrality(m).equals(before)
