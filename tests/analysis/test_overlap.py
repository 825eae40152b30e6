"""Tests for graphmodel.analysis.overlap: actor pairs, collaboration pairs, crossing and dual membership."""

from __future__ import annotations

import itertools

import networkx as nx
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from networkx.algorithms import bipartite

from graphmodel.analysis.overlap import (
    actor_pairs,
    collaboration_pairs,
    crossing_by_council,
    dual_members,
)
from graphmodel.data.model import Model
from graphmodel.errors import SpecError


def make_model(actors, collaborations, memberships) -> Model:
    """A model from lists of dicts (missing columns are filled by normalise_frame)."""
    return Model.from_frames(
        pd.DataFrame(actors), pd.DataFrame(collaborations), pd.DataFrame(memberships)
    )


def members(rows):
    """Memberships from (collaboration, actors, extra) triples."""
    out = []
    for collab, actors, *extra in rows:
        for actor in actors:
            out.append({"actor": actor, "collaboration": collab, **(extra[0] if extra else {})})
    return out


@pytest.fixture
def model() -> Model:
    """Four municipalities, one in nothing, a county; two councils; services.

    m(s1) = {a, b}      ict       nested in s2, identical to s4
    m(s2) = {a, b, c}   ict       starts 2022
    m(s3) = {b, c, d}   fire      crosses s1, s2, s4
    m(s4) = {a, b}      fire
    m(s5) = {c, d}      health    a is only an observer; nested in s3, crosses s2
    s6 planned {a, d};  s7 ended {a, c};  council r1 = {a, b, c}, r2 = {c, d}
    """
    actors = [
        {"id": i, "name": i.upper(), "kind": "municipality"} for i in ["a", "b", "c", "d", "e"]
    ] + [{"id": "f", "name": "F", "kind": "county"}]
    collabs = [
        {"id": "r1", "name": "R1", "kind": "council", "sector": "general"},
        {"id": "r2", "name": "R2", "kind": "council", "sector": "general"},
        {"id": "s1", "name": "S1", "kind": "service", "sector": "ict"},
        {"id": "s2", "name": "S2", "kind": "service", "sector": "ict", "start": "2022-01-01"},
        {"id": "s3", "name": "S3", "kind": "service", "sector": "fire"},
        {"id": "s4", "name": "S4", "kind": "service", "sector": "fire"},
        {"id": "s5", "name": "S5", "kind": "service", "sector": "health"},
        {"id": "s6", "name": "S6", "kind": "service", "sector": "ict", "status": "planned"},
        {"id": "s7", "name": "S7", "kind": "service", "sector": "ict", "status": "ended"},
    ]
    ms = members([
        ("r1", "abc"), ("r2", "cd"),
        ("s1", "abf"), ("s2", "abc"), ("s3", "bcd"), ("s4", "ab"), ("s5", "cd"),
        ("s5", "a", {"role": "observer"}), ("s6", "ad"), ("s7", "ac"),
    ])
    return make_model(actors, collabs, ms)


def rows(frame, columns):
    return [tuple(r) for r in frame[columns].itertuples(index=False)]


# --------------------------------------------------------------------------- actor_pairs


def test_actor_pairs_by_hand(model):
    got = actor_pairs(model)
    assert list(got.columns[:4]) == ["a", "b", "shared", "jaccard"]
    assert rows(got, ["a", "b", "shared"]) == [
        ("a", "b", 3), ("a", "c", 1), ("b", "c", 2), ("b", "d", 1), ("c", "d", 2),
    ]  # a-d only meet where a is an observer: not a pair
    assert got["jaccard"].tolist() == pytest.approx([3 / 4, 1 / 5, 2 / 5, 1 / 5, 2 / 3])
    assert rows(got, ["a_name", "b_name"])[0] == ("A", "B")


def test_actor_pairs_by_sector(model):
    got = actor_pairs(model, by_sector=True)
    assert list(got.columns[:5]) == ["sector", "a", "b", "shared", "jaccard"]
    assert rows(got, ["sector", "a", "b", "shared"]) == [
        ("fire", "a", "b", 1), ("fire", "b", "c", 1), ("fire", "b", "d", 1),
        ("fire", "c", "d", 1),
        ("health", "c", "d", 1),
        ("ict", "a", "b", 2), ("ict", "a", "c", 1), ("ict", "b", "c", 1),
    ]
    assert got["jaccard"].tolist() == pytest.approx([0.5, 0.5, 0.5, 1, 1, 1, 0.5, 0.5])


def test_actor_pairs_filters(model):
    # s2 starts in 2022: before that a and c share nothing
    before = actor_pairs(model, as_of="2021-06-01")
    assert rows(before, ["a", "b", "shared"]) == [
        ("a", "b", 2), ("b", "c", 1), ("b", "d", 1), ("c", "d", 2),
    ]
    assert before["jaccard"].iloc[0] == pytest.approx(2 / 3)  # {s1, s4} / {s1, s3, s4}
    # planned s6 = {a, d} joins when asked for
    assert ("a", "d", 1) in rows(actor_pairs(model, status=("active", "planned")),
                                 ["a", "b", "shared"])
    # the county joins when every actor kind is kept
    assert ("a", "f", 1) in rows(actor_pairs(model, actor_kinds=None), ["a", "b", "shared"])
    assert rows(actor_pairs(model, sectors="health"), ["a", "b", "shared"]) == [("c", "d", 1)]


def test_actor_pairs_empty():
    m = make_model([{"id": "a", "name": "A", "kind": "municipality"}],
                   [{"id": "s", "name": "S", "kind": "service"}], members([("s", "a")]))
    for frame in (actor_pairs(m), actor_pairs(m, by_sector=True)):
        assert frame.empty
    assert list(actor_pairs(m).columns[:4]) == ["a", "b", "shared", "jaccard"]
    assert list(actor_pairs(m, by_sector=True).columns[:5]) == [
        "sector", "a", "b", "shared", "jaccard"]


def test_actor_pairs_rejects_bad_by_sector(model):
    with pytest.raises(SpecError, match="by_sector must be True or False"):
        actor_pairs(model, by_sector="yes")


def test_bad_filter_is_an_error(model):
    with pytest.raises(SpecError, match="unknown collaboration kind 'servce'"):
        collaboration_pairs(model, kinds="servce")


# --------------------------------------------------------------------------- collaboration_pairs


def test_collaboration_pairs_by_hand(model):
    got = collaboration_pairs(model)
    assert list(got.columns[:7]) == [
        "a", "b", "relation", "jaccard", "shared", "size_a", "size_b"]
    assert rows(got, ["a", "b", "relation", "shared", "size_a", "size_b"]) == [
        ("s1", "s2", "nested", 2, 2, 3),
        ("s1", "s3", "crossing", 1, 2, 3),
        ("s1", "s4", "identical", 2, 2, 2),
        ("s2", "s3", "crossing", 2, 3, 3),
        ("s2", "s4", "nested", 2, 3, 2),
        ("s2", "s5", "crossing", 1, 3, 2),
        ("s3", "s4", "crossing", 1, 3, 2),
        ("s3", "s5", "nested", 2, 3, 2),
    ]  # s1-s5 and s4-s5 are disjoint (a is only an observer of s5)
    assert got["jaccard"].tolist() == pytest.approx(
        [2 / 3, 1 / 4, 1, 2 / 4, 2 / 3, 1 / 4, 1 / 4, 2 / 3])


def test_collaboration_pairs_councils_too(model):
    got = collaboration_pairs(model, kinds=("council",))
    assert rows(got, ["a", "b", "relation", "shared"]) == [("r1", "r2", "crossing", 1)]


# --------------------------------------------------------------------------- councils


def test_crossing_by_council_by_hand(model):
    got = crossing_by_council(model)
    # crossing pairs: s1-s3, s2-s3, s2-s5, s3-s4. All touch r1 = {a, b, c};
    # in r2 = {c, d} only s2, s3 and s5 have a member, hence s2-s3 and s2-s5.
    assert rows(got, ["council", "name", "n_crossing"]) == [("r1", "R1", 4), ("r2", "R2", 2)]


def test_crossing_by_council_keeps_councils_under_a_sector_filter(model):
    # councils are "general": a "fire" filter must not drop them
    got = crossing_by_council(model, sectors="fire")
    # the only fire crossing pair is s3-s4; s4 = {a, b} has no member in r2 = {c, d}
    assert rows(got, ["council", "n_crossing"]) == [("r1", 1), ("r2", 0)]


def test_dual_members_by_hand(model):
    got = dual_members(model)
    assert list(got.columns) == ["actor", "name", "n_councils", "councils"]
    assert rows(got, list(got.columns)) == [("c", "C", 2, "r1;r2")]
    # the sector filter never applies to councils
    pd.testing.assert_frame_equal(dual_members(model, sectors="fire"), got)


def test_dual_members_observer_and_status():
    actors = [{"id": i, "name": i, "kind": "municipality"} for i in "xyz"]
    collabs = [
        {"id": "r1", "name": "R1", "kind": "council"},
        {"id": "r2", "name": "R2", "kind": "council"},
        {"id": "r3", "name": "R3", "kind": "council", "status": "ended"},
    ]
    ms = members([("r1", "xyz"), ("r2", "x"), ("r2", "y", {"role": "observer"}), ("r3", "z")])
    m = make_model(actors, collabs, ms)
    assert rows(dual_members(m), ["actor", "councils"]) == [("x", "r1;r2")]
    assert rows(dual_members(m, status=None), ["actor", "councils"]) == [
        ("x", "r1;r2"), ("z", "r1;r3")]


# --------------------------------------------------------------------------- properties

IDS = ["a1", "a10", "a2", "b", "B", "c"]  # string order, not insertion order


@st.composite
def random_models(draw):
    n_a = draw(st.integers(1, len(IDS)))
    n_c = draw(st.integers(1, 7))
    actor_kind = draw(st.lists(st.sampled_from(["municipality", "municipality", "county"]),
                               min_size=n_a, max_size=n_a))
    actors = [{"id": IDS[i], "name": f"N{i}", "kind": actor_kind[i]} for i in range(n_a)]
    collabs = []
    for j in range(n_c):
        collabs.append({
            "id": f"c{j}", "name": f"C{j}",
            "kind": draw(st.sampled_from(["service", "service", "council"])),
            "sector": draw(st.sampled_from(["", "ict", "fire"])),
            "status": draw(st.sampled_from(["active", "active", "planned"])),
        })
    ms = []
    for j in range(n_c):
        for i in range(n_a):
            role = draw(st.sampled_from([None, None, "member", "host", "observer"]))
            if role is not None:
                ms.append({"actor": IDS[i], "collaboration": f"c{j}", "role": role})
    if not ms:
        ms.append({"actor": IDS[0], "collaboration": "c0", "role": "member"})
    return make_model(actors, collabs, ms)


def reference_sets(m: Model, kinds=("service",)):
    """S(a) and m(c) with plain Python, for the default filters."""
    actors = sorted(m.actors.loc[m.actors["kind"] == "municipality", "id"])
    c = m.collaborations
    collabs = sorted(c.loc[c["kind"].isin(kinds) & (c["status"] == "active"), "id"])
    member_of = {x: set() for x in collabs}
    for r in m.memberships.itertuples():
        if r.role != "observer" and r.actor in actors and r.collaboration in member_of:
            member_of[r.collaboration].add(r.actor)
    s_of = {a: {x for x in collabs if a in member_of[x]} for a in actors}
    return actors, collabs, s_of, member_of


def relation(p, q):
    if p == q:
        return "identical"
    if p < q or q < p:
        return "nested"
    return "crossing"


def check_actor_pairs_match_networkx(m):
    actors, collabs, _s_of, member_of = reference_sets(m)
    got = actor_pairs(m)
    if not collabs:  # networkx refuses to project a graph with one side empty
        assert got.empty
        return
    g = nx.Graph()
    g.add_nodes_from(actors, bipartite=0)
    g.add_nodes_from(collabs, bipartite=1)
    g.add_edges_from((a, c) for c in collabs for a in member_of[c])
    shared = bipartite.weighted_projected_graph(g, actors)
    jac = bipartite.overlap_weighted_projected_graph(g, actors, jaccard=True)
    want = sorted((min(u, v), max(u, v), d["weight"], jac[u][v]["weight"])
                  for u, v, d in shared.edges(data=True))
    assert rows(got, ["a", "b", "shared"]) == [w[:3] for w in want]
    assert got["jaccard"].tolist() == pytest.approx([w[3] for w in want])


def check_actor_pairs_by_sector_match_sets(m):
    actors, collabs, s_of, _member_of = reference_sets(m)
    sector = dict(zip(m.collaborations["id"], m.collaborations["sector"]))
    want = []
    for sec in sorted({sector[c] for c in collabs} - {""}):
        for a, b in itertools.combinations(actors, 2):
            sa = {c for c in s_of[a] if sector[c] == sec}
            sb = {c for c in s_of[b] if sector[c] == sec}
            if sa & sb:
                want.append((sec, a, b, len(sa & sb), len(sa & sb) / len(sa | sb)))
    got = actor_pairs(m, by_sector=True)
    assert rows(got, ["sector", "a", "b", "shared"]) == [w[:4] for w in want]
    assert got["jaccard"].tolist() == pytest.approx([w[4] for w in want])


def check_collaboration_pairs_match_sets(m):
    _actors, collabs, _s_of, member_of = reference_sets(m)
    want = []
    for c, d in itertools.combinations(collabs, 2):
        p, q = member_of[c], member_of[d]
        if p & q:
            want.append((c, d, relation(p, q), len(p & q), len(p), len(q),
                         len(p & q) / len(p | q)))
    got = collaboration_pairs(m)
    assert rows(got, ["a", "b", "relation", "shared", "size_a", "size_b"]) == [
        w[:6] for w in want]
    assert got["jaccard"].tolist() == pytest.approx([w[6] for w in want])


def check_councils_match_sets(m):
    actors, collabs, _s_of, member_of = reference_sets(m)
    _, councils, _, council_members = reference_sets(m, kinds=("council",))
    crossing = [(c, d) for c, d in itertools.combinations(collabs, 2)
                if member_of[c] & member_of[d]
                and relation(member_of[c], member_of[d]) == "crossing"]
    want = [(r, sum(1 for c, d in crossing
                    if member_of[c] & council_members[r] and member_of[d] & council_members[r]))
            for r in councils]
    assert rows(crossing_by_council(m), ["council", "n_crossing"]) == want
    dual = [(a, ";".join(sorted(r for r in councils if a in council_members[r])))
            for a in actors]
    assert rows(dual_members(m), ["actor", "councils"]) == [
        (a, js) for a, js in dual if js.count(";") >= 1]


def check_deterministic(m):
    for fn in (actor_pairs, collaboration_pairs, crossing_by_council, dual_members):
        assert fn(m).to_csv(index=False) == fn(m).to_csv(index=False)
    assert (actor_pairs(m, by_sector=True).to_csv(index=False)
            == actor_pairs(m, by_sector=True).to_csv(index=False))


CHECKS = [
    check_actor_pairs_match_networkx, check_actor_pairs_by_sector_match_sets,
    check_collaboration_pairs_match_sets, check_councils_match_sets,
]
FAST = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(random_models())
def test_sparse_results_match_networkx_and_set_loops(m):
    """shared/jaccard as networkx's projections, relations and councils as set loops."""
    for check in CHECKS:
        check(m)


@settings(FAST, max_examples=5)
@given(random_models())
def test_two_runs_write_identical_csv(m):
    check_deterministic(m)


@pytest.mark.slow
@settings(FAST, max_examples=300)
@given(random_models())
def test_sparse_results_match_networkx_and_set_loops_thoroughly(m):
    for check in CHECKS:
        check(m)


def test_does_not_mutate_the_model(model):
    from graphmodel.data.select import select

    def state():
        frames = [f.to_csv() for f in (model.actors, model.collaborations, model.memberships)]
        mats = []
        for kinds in (("service",), ("council",), None):
            b = select(model, kinds=kinds).B  # selections may be shared between calls
            mats.append((b.indptr.tolist(), b.indices.tolist(), b.data.tolist()))
        return frames, mats

    before = state()
    for fn in (actor_pairs, collaboration_pairs, crossing_by_council, dual_members):
        fn(model)
    actor_pairs(model, by_sector=True)
    assert state() == before


def test_a_council_under_a_council_is_an_organ_not_a_second_region():
    """Værnesregionen's Arbeidsutvalget sits under Værnesregionrådet: its members are not
    'dual members', and it is no region of its own in the council metrics."""
    import graphmodel as gm

    m = Model.from_frames(
        pd.DataFrame({"id": ["a", "b", "c"], "name": ["A", "B", "C"], "kind": "municipality"}),
        pd.DataFrame({"id": ["r", "r-au", "t", "s"], "name": ["R", "R AU", "T", "S"],
                      "kind": ["council", "council", "council", "service"],
                      "parent": ["", "r", "", ""]}),
        pd.DataFrame({"actor": ["a", "b", "a", "b", "b", "c", "a", "b"],
                      "collaboration": ["r", "r", "r-au", "r-au", "t", "t", "s", "s"]}),
    )
    dual = gm.dual_members(m)
    assert dual["actor"].tolist() == ["b"] and dual["councils"].tolist() == ["r;t"]
    assert gm.council_metrics(m)["id"].tolist() == ["r", "t"]
    assert gm.actor_fragmentation(m).set_index("id").loc["a", "home_council"] == "r"
