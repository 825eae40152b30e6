"""Key figures of a view: fragmentation, councils, dual members and crossing pairs in scope."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..data.model import Model
from ..data.select import DEFAULT_FILTERS, council_members
from ..drawing.network import ViewGraph, view_graph
from .view import View

__all__ = ["KeyFigures", "key_figures", "metric_filters"]


@dataclass(frozen=True, eq=False)
class KeyFigures:
    """The figures a snapshot shows beside its drawing (frames already limited in rows).

    ``actors``: fragmentation of the actors in scope (the focused ones, else the
    members of focused councils, else those drawn), most fragmented first;
    ``councils``: :func:`graphmodel.council_metrics` for the councils in scope;
    ``dual``: actors in scope that sit in two or more councils; ``crossing``:
    crossing collaboration pairs among the collaborations in view; ``counts``:
    headline numbers; ``n_*``: how many rows there were before the limit.
    """

    actors: pd.DataFrame
    councils: pd.DataFrame
    dual: pd.DataFrame
    crossing: pd.DataFrame
    counts: dict
    n_actors: int = 0
    n_councils: int = 0
    n_dual: int = 0
    n_crossing: int = 0
    scope: str = ""
    metric_filters: dict = field(default_factory=dict)


def metric_filters(view: View) -> dict:
    """The filters the key figures count under: the view's, with the metrics' default
    kinds (service) and actor kinds (municipality) where the view leaves them open."""
    f = view.filters
    return {
        "as_of": view.as_of, "sectors": f["sectors"], "kinds": f["kinds"] or DEFAULT_FILTERS["kinds"],
        "actor_kinds": f["actor_kinds"] or DEFAULT_FILTERS["actor_kinds"], "status": f["status"],
        "countries": f["countries"], "regions": f["regions"],
    }


def key_figures(model: Model, view: View, vg: ViewGraph | None = None, *,
                limit: int = 12, drawn: tuple | None = None) -> KeyFigures:
    """Fragmentation, councils, dual members and crossing pairs for what a view shows.

    The metrics count as DESIGN.md defines them: collaborations of the view's
    ``kinds`` (service when unset) among actors of its ``actor_kinds``
    (municipalities when unset), under its date and filters. ``drawn`` (a pair of id
    sets: actors, collaborations) stands for the drawing when the view is a map: the
    actors on the map and the collaborations in view. The scope is the
    focused actors; else the members of the focused collaborations on the view's date
    (:func:`graphmodel.data.select.council_members`, the drawing's rule: observers never
    count); else the actors drawn (with a ``councils`` filter: the members the drawing
    keeps by the same rule).

    Examples
    --------
    >>> from graphmodel.share import View
    >>> kf = key_figures(example, View(focus=("R",)))  # f only observes R
    >>> kf.scope, sorted(kf.actors["id"])
    ('the members of the focused collaborations', ['a', 'b', 'c'])
    """
    from ..analysis.fragmentation import actor_fragmentation, council_metrics
    from ..analysis.overlap import collaboration_pairs, dual_members

    if drawn is not None:
        drawn_actors, drawn_collabs = set(drawn[0]), set(drawn[1])
        layout = "map"
    else:
        if vg is None:
            vg = view_graph(model, **view.view_graph_kwargs())
        drawn_actors = set(vg.nodes.loc[vg.nodes["layer"] == "actor", "id"])
        drawn_collabs = set(vg.nodes.loc[vg.nodes["layer"] == "collaboration", "id"])
        layout = vg.view
    mf = metric_filters(view)
    actor_ids = set(model.actors["id"])
    kinds = dict(zip(model.collaborations["id"], model.collaborations["kind"]))
    focus_actors = [f for f in view.focus if f in actor_ids]
    focus_collabs = [f for f in view.focus if f in kinds]
    councils_in = list(view.filters["councils"] or ())

    frag = actor_fragmentation(model, **mf)
    mem = model.memberships
    if focus_actors:
        scope_ids, scope = set(focus_actors), "the focused actors"
    elif focus_collabs:
        # the drawing's rule for a focused collaboration: its members on the view's date
        scope_ids = set(council_members(model, focus_collabs, as_of=view.as_of,
                                        status=view.filters["status"]))
        scope = "the members of the focused collaborations"
    else:
        scope_ids, scope = drawn_actors, "the actors drawn"
        if councils_in:  # a council's observers are drawn with it, never counted in it
            scope_ids = drawn_actors & set(council_members(model, councils_in,
                                                           as_of=view.as_of))
    a = frag[frag["id"].isin(scope_ids)]
    a = a.sort_values(["fragmentation", "n_collaborations", "id"],
                      ascending=[False, False, True], kind="stable")

    cm = council_metrics(model, **mf)
    wanted = [c for c in list(focus_collabs) + councils_in if kinds.get(c) == "council"]
    if wanted:
        c = cm[cm["id"].isin(wanted)]
    else:
        homes = set(frag.loc[frag["id"].isin(scope_ids | drawn_actors), "home_council"]) - {""}
        c = cm[cm["id"].isin(homes | {x for x in drawn_collabs if kinds.get(x) == "council"})]
    c = c.sort_values(["region_fragmentation", "n_collaborations", "id"],
                      ascending=[False, False, True], kind="stable")

    dual = dual_members(model, **mf)
    d = dual[dual["actor"].isin(scope_ids | drawn_actors)]

    pairs = collaboration_pairs(model, **mf)
    crossing = pairs[pairs["relation"] == "crossing"]
    if layout in ("bipartite", "map"):
        inview = drawn_collabs
    else:
        inview = set(mem.loc[mem["actor"].isin(drawn_actors), "collaboration"])
    crossing = crossing[crossing["a"].isin(inview) & crossing["b"].isin(inview)]
    crossing = crossing.sort_values(["jaccard", "a", "b"], ascending=[False, True, True],
                                    kind="stable")
    names = model.names()

    a_out = a.head(limit).assign(home_council=lambda t: t["home_council"].map(
        lambda v: names.get(v, v)))
    d_out = d.head(limit).assign(councils=lambda t: t["councils"].map(
        lambda v: ", ".join(names.get(x, x) for x in v.split(";") if x)))
    x_out = crossing.head(limit).assign(
        a_name=lambda t: t["a"].map(lambda v: names.get(v, v)),
        b_name=lambda t: t["b"].map(lambda v: names.get(v, v)))
    if layout == "map":
        counts = {"actors on the map": len(drawn_actors),
                  "collaborations in view": len(drawn_collabs)}
    else:
        counts = {
            "actors drawn": len(drawn_actors),
            ("collaborations drawn" if layout == "bipartite" else "links drawn"):
                len(drawn_collabs) if layout == "bipartite" else len(vg.edges),
        }
    counts |= {
        "crossing pairs": len(crossing),
        "in two councils or more": len(d),
    }
    multi = a[a["n_collaborations"] >= 2]
    if len(multi):
        counts["mean fragmentation"] = float(np.mean(multi["fragmentation"]))
    return KeyFigures(
        actors=a_out.reset_index(drop=True), councils=c.head(limit).reset_index(drop=True),
        dual=d_out.reset_index(drop=True), crossing=x_out.reset_index(drop=True),
        counts=counts, n_actors=len(a), n_councils=len(c), n_dual=len(d),
        n_crossing=len(crossing), scope=scope, metric_filters=mf,
    )
