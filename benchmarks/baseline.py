"""The straightforward networkx path: the same four tables as graphmodel, by projection and sets.

This is what one would write without sparse matrices: a bipartite ``networkx.Graph``
(actors | collaborations), ``bipartite.weighted_projected_graph`` for ``shared``,
``bipartite.overlap_weighted_projected_graph(jaccard=True)`` for ``jaccard``, and Python
set loops for configurations, home councils and the relations between collaborations.
It applies the default filters of the metrics (shared/DESIGN.md): collaborations of kind
``service`` with status ``active``, actors of kind ``municipality``, every role but
``observer``; councils are the active ``council`` collaborations. It is the reference the
benchmark times graphmodel against, and checks graphmodel's numbers with.
"""

from __future__ import annotations

import math
import time

import networkx as nx
import pandas as pd
from networkx.algorithms import bipartite

__all__ = [
    "actor_fragmentation",
    "actor_pairs",
    "bipartite_graph",
    "collaboration_pairs",
    "council_metrics",
    "member_sets",
    "run_all",
]


def member_sets(model, kind: str = "service") -> dict[str, frozenset[str]]:
    """m(c) for every active collaboration of ``kind``: counted municipality members."""
    actors = model.actors
    municipalities = set(actors.loc[actors["kind"] == "municipality", "id"])
    col = model.collaborations
    kept = col.loc[(col["kind"] == kind) & (col["status"] == "active"), "id"]
    sets: dict[str, set[str]] = {c: set() for c in kept}
    for actor, collab, role in zip(model.memberships["actor"], model.memberships["collaboration"],
                                   model.memberships["role"]):
        if role != "observer" and actor in municipalities and collab in sets:
            sets[collab].add(actor)
    return {c: frozenset(m) for c, m in sets.items()}


def bipartite_graph(model, members: dict[str, frozenset[str]]) -> tuple[nx.Graph, list, list]:
    """Bipartite graph: every municipality (bipartite=0) and kept collaboration (bipartite=1)."""
    actors = sorted(model.actors.loc[model.actors["kind"] == "municipality", "id"])
    collabs = sorted(members)
    G = nx.Graph()
    G.add_nodes_from(actors, bipartite=0)
    G.add_nodes_from(collabs, bipartite=1)
    G.add_edges_from((a, c) for c, m in members.items() for a in m)
    return G, actors, collabs


def actor_pairs(G: nx.Graph, actors: list) -> tuple[pd.DataFrame, nx.Graph]:
    """a, b, shared, jaccard for pairs a < b sharing a collaboration (and the shared graph)."""
    shared = bipartite.weighted_projected_graph(G, actors)
    jac = bipartite.overlap_weighted_projected_graph(G, actors, jaccard=True)
    rows = []
    for u, v, w in shared.edges(data="weight"):
        a, b = (u, v) if u < v else (v, u)
        rows.append((a, b, w, jac[u][v]["weight"]))
    rows.sort()
    return pd.DataFrame(rows, columns=["a", "b", "shared", "jaccard"]), shared


def collaboration_pairs(G: nx.Graph, collabs: list,
                        members: dict[str, frozenset[str]]) -> pd.DataFrame:
    """a, b, relation, jaccard, shared for collaboration pairs sharing a member."""
    proj = bipartite.weighted_projected_graph(G, collabs)
    rows = []
    for u, v, w in proj.edges(data="weight"):
        c, d = (u, v) if u < v else (v, u)
        mc, md = members[c], members[d]
        if mc == md:
            relation = "identical"
        elif mc < md or md < mc:
            relation = "nested"
        else:
            relation = "crossing"
        rows.append((c, d, relation, len(mc & md) / len(mc | md), w))
    rows.sort()
    return pd.DataFrame(rows, columns=["a", "b", "relation", "jaccard", "shared"])


def _councils_of(model) -> tuple[dict[str, frozenset[str]], dict[str, list[str]]]:
    councils = member_sets(model, "council")
    of: dict[str, list[str]] = {}
    for r in sorted(councils):
        for a in councils[r]:
            of.setdefault(a, []).append(r)
    return councils, of


def actor_fragmentation(G: nx.Graph, actors: list, members: dict[str, frozenset[str]],
                        shared: nx.Graph, model) -> pd.DataFrame:
    """id, n_collaborations, n_partners, n_configurations, fragmentation, effective_partners,
    home_council, home_alignment — by set loops over each actor's collaborations."""
    councils, councils_of = _councils_of(model)
    rows = []
    for a in actors:
        S = list(G[a])
        partner_sets = {members[c] - {a} for c in S}
        partners = set().union(*partner_sets) if partner_sets else set()
        n = len(S)
        k = len(partner_sets)
        weights = [w for _, _, w in shared.edges(a, data="weight")]
        total = sum(weights)
        entropy = -sum(w / total * math.log(w / total) for w in weights) if total else 0.0
        home = ""
        best = None
        for r in councils_of.get(a, []):  # sorted ids: ties go to the smaller id
            score = sum(shared[a][b]["weight"] for b in councils[r] if b != a and b in shared[a])
            if best is None or score > best:
                home, best = r, score
        alignment = float("nan")
        if home and n:
            alignment = sum(members[c] <= councils[home] for c in S) / n
        rows.append((a, n, len(partners), k, (k - 1) / (n - 1) if n >= 2 else 0.0,
                     math.exp(entropy) if weights else 0.0, home, alignment))
    return pd.DataFrame(rows, columns=[
        "id", "n_collaborations", "n_partners", "n_configurations", "fragmentation",
        "effective_partners", "home_council", "home_alignment"])


def council_metrics(G: nx.Graph, members: dict[str, frozenset[str]], model) -> pd.DataFrame:
    """id, n_members, n_collaborations, aligned, within, spanning, n_configurations,
    region_fragmentation, n_dual_members — by set loops over each council."""
    councils, councils_of = _councils_of(model)
    rows = []
    for r in sorted(councils):
        R = councils[r]
        touching = {c for a in R if a in G for c in G[a]}
        aligned = sum(members[c] == R for c in touching)
        within = sum(members[c] < R for c in touching)
        k = len({members[c] for c in touching})
        n = len(touching)
        dual = sum(len(councils_of[a]) >= 2 for a in R)
        rows.append((r, len(R), n, aligned, within, n - aligned - within, k,
                     (k - 1) / (n - 1) if n >= 2 else 0.0, dual))
    return pd.DataFrame(rows, columns=[
        "id", "n_members", "n_collaborations", "aligned", "within", "spanning",
        "n_configurations", "region_fragmentation", "n_dual_members"])


def run_all(model) -> tuple[dict[str, pd.DataFrame], dict[str, float]]:
    """The four tables, and the seconds each step took (graph building counted apart)."""
    times = {}
    t = time.perf_counter()
    members = member_sets(model)
    G, actors, collabs = bipartite_graph(model, members)
    times["graph"] = time.perf_counter() - t
    t = time.perf_counter()
    pairs, shared = actor_pairs(G, actors)
    times["actor_pairs"] = time.perf_counter() - t
    t = time.perf_counter()
    cpairs = collaboration_pairs(G, collabs, members)
    times["collaboration_pairs"] = time.perf_counter() - t
    t = time.perf_counter()
    frag = actor_fragmentation(G, actors, members, shared, model)
    times["actor_fragmentation"] = time.perf_counter() - t
    t = time.perf_counter()
    councils = council_metrics(G, members, model)
    times["council_metrics"] = time.perf_counter() - t
    tables = {"actor_pairs": pairs, "collaboration_pairs": cpairs,
              "actor_fragmentation": frag, "council_metrics": councils}
    return tables, times
