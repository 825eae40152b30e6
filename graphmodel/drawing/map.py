"""The map picture: what to draw where (:class:`MapView`, chosen by :func:`map_view`).

Municipalities are drawn as their outlines (:mod:`graphmodel.drawing.geo`) where their ``code``
matches, as points from ``lat``/``lon`` otherwise, and listed when neither is known —
never silently dropped. They are coloured by one measure, council territories are
outlined (the outer edge of the members' union), a chosen agreement's members are linked
to its host and the agreements that *cross* it (share members, neither holding the
other, DESIGN.md "Metrics") are drawn dashed. The pictures are drawn from a
:class:`MapView` by :mod:`graphmodel.drawing.map_svg` (inline SVG) and :mod:`graphmodel.drawing.map_image`
(PNG, PDF).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from ..data.model import Model
from ..data.select import DEFAULT_FILTERS, FILTER_NAMES, check_filters, council_members, select
from ..errors import SpecError, UnknownIdError
from ..i18n import UNDEFINED, integer, number, tr
from .geo import UNIT_M, Outline, find_outline, outlines, project, union_boundary
from .style import OTHER_COLOR, PALETTE, colour_by_community, kind_word

__all__ = ["COLOR_BY", "MapView", "map_view", "tint"]

#: The measures a map can be coloured by.
COLOR_BY = ("fragmentation", "agreements", "home_council", "strategy", "community",
            "ba_region")

#: Sequential classes (ColorBrewer YlOrRd, PuBu: readable with colour-blindness and in grey).
FRAGMENTATION_COLORS = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
AGREEMENT_COLORS = ("#d0d1e6", "#a6bddb", "#74a9cf", "#2b8cbe", "#045a8d")
AGREEMENT_BINS = ((1, 2), (3, 5), (6, 9), (10, 14), (15, None))
STRATEGY_COLORS = {
    "regional partner": "#009E73", "service-centre": "#E69F00",
    "specialisation": "#56B4E9", "self-sufficiency": "#CC79A7",
}
NONE_COLOR = "#e2e2e2"        # an actor the measure says nothing about
BACKGROUND_FILL = "#ecebe6"   # municipalities not in the data
LINK_COLOR = "#1f2328"
CROSSING_COLOR = "#d62728"
FOCUS_STROKE = "#111111"
#: Council outlines: the shared palette without its yellow, which vanishes on white.
COUNCIL_PALETTE = tuple(c for c in PALETTE if c != "#F0E442")
ATTRIBUTION = ("Outlines: Kartverket (CC BY 4.0) via robhop/fylker-og-kommuner; "
               "Valmyndigheten via okfse/sweden-geojson")

_MIN_SPAN = 600.0  # units (30 km): the smallest area a view zooms to


@dataclass(frozen=True, eq=False)
class MapView:
    """What to draw on the map, in projected units (:data:`graphmodel.drawing.geo.UNIT_M` metres).

    ``shapes`` (actors drawn as outlines) and ``points`` (actors drawn from lat/lon) share
    the columns ``id, name, kind, x, y, color, group, title, focus, dim, label``; ``x, y``
    is the place of a label or link end, ``group`` the legend label of ``color``,
    ``title`` the hover text (plain text; escaped when drawn), ``focus`` True for a focus
    actor, ``dim`` True for an actor outside the focus and its partners, ``label`` True
    when the name should be written. ``shapes`` adds ``country, code, outline``
    (a :class:`graphmodel.drawing.geo.Outline`). ``unplaced`` lists the kept actors that have
    neither, or whose coordinates lie outside :func:`region` (``id, name, kind, reason,
    short``: the reason as a sentence and in a few words). ``councils``: one row per council territory
    (councils with the same members drawn once) with ``ids, name, color, members,
    lines, title``. ``links``: ``collaboration, name, relation`` (``member`` or
    ``crossing``), ``source, target, x0, y0, x1, y1, title``. ``bbox`` is the frame
    ``(xmin, ymin, xmax, ymax)``; ``legend`` lists ``(label, colour, mark)`` with
    ``mark`` one of ``fill, line, dash, point``.
    """

    shapes: pd.DataFrame
    points: pd.DataFrame
    unplaced: pd.DataFrame
    councils: pd.DataFrame
    links: pd.DataFrame
    legend: list = field(default_factory=list)
    legend_title: str = ""
    bbox: tuple = (0.0, 0.0, 1.0, 1.0)
    as_of: str | None = None
    filters: dict = field(default_factory=dict)
    color_by: str = "fragmentation"
    collaboration: str | None = None
    focus: tuple = ()
    message: str = ""

    def placed_ids(self) -> set[str]:
        """Ids of the actors on the map (as a shape or a point)."""
        return set(self.shapes["id"]) | set(self.points["id"])

    def unplaced_note(self, limit: int = 8) -> str:
        """"Not on the map: name (why), …" for a picture's notes ("" when all are placed)."""
        if not len(self.unplaced):
            return ""
        names = ", ".join(f"{r.name} ({r.short})" for r in self.unplaced.head(limit)
                          .itertuples())
        more = len(self.unplaced) - limit
        return (tr("Not on the map: {names}", names=names)
                + (tr(" and {n} more", n=integer(more)) if more > 0 else ""))

    def frame(self, aspect: float) -> tuple[float, float, float, float]:
        """``bbox`` widened (or heightened) about its centre to ``aspect`` = width / height."""
        x0, y0, x1, y1 = self.bbox
        w, h = x1 - x0, y1 - y0
        if w / h < aspect:
            w = h * aspect
        else:
            h = w / aspect
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        return (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)

    def background(self, frame=None) -> list[Outline]:
        """The outlines of the municipalities not drawn as data that meet ``frame``
        (default ``bbox``): grey context around the data."""
        frame = self.bbox if frame is None else frame
        drawn = {(o.country, o.code) for o in self.shapes["outline"]}
        return [o for k, o in _all_outlines() if k not in drawn and _meets(o.bbox, frame)]

    def __repr__(self) -> str:
        return (f"<MapView {self.color_by}: {len(self.shapes)} shapes, {len(self.points)} "
                f"points, {len(self.unplaced)} not placed, {len(self.councils)} councils, "
                f"{len(self.links)} links>")


# --------------------------------------------------------------------------- map_view

_PLACE_COLUMNS = ["id", "name", "kind", "x", "y", "color", "group", "title", "focus", "dim",
                  "label"]


def map_view(
    model: Model,
    *,
    color_by: str = "fragmentation",
    collaboration: str | None = None,
    focus=(),
    councils=None,
    members_of=None,
    **filters,
) -> MapView:
    """Choose what the map shows: places, colours, council territories and links.

    Parameters
    ----------
    model : Model
    color_by : str
        One of :data:`COLOR_BY`: ``fragmentation`` and ``home_council`` from
        :func:`graphmodel.actor_fragmentation`, ``agreements`` its ``n_collaborations``,
        ``strategy`` from :func:`graphmodel.strategy_profile`, ``community`` from
        :func:`graphmodel.communities`, ``ba_region`` the commuting region
        (:func:`graphmodel.analysis.regions.actor_regions`; with the council outlines over
        it, how well the councils fit the functional regions).
    collaboration : str, optional
        An agreement whose members are linked to its host (to the members' centre when it
        has none); the kept agreements that cross it are linked to theirs, dashed.
    focus : str or iterable of str
        Actor or collaboration ids: they and their partners (actors sharing a kept
        collaboration) are highlighted and the map zooms to them.
    councils : iterable of str, optional
        The council territories to outline (default: every council in force).
    members_of : iterable of str, optional
        Keep only the members of these councils or networks on the date (by
        :func:`graphmodel.data.select.council_members`): the app's "Members of" filter and a
        view's ``councils`` filter.
    **filters
        The filters of :func:`graphmodel.data.select` (:data:`graphmodel.data.select.FILTER_NAMES`).

    Raises
    ------
    SpecError
        An unknown ``color_by`` or filter.
    UnknownIdError
        A focus, collaboration or council id that is not in the data.

    Examples
    --------
    >>> m = Model.from_frames(
    ...     pd.DataFrame({"id": ["a", "b", "c"], "name": ["Oslo", "Bærum", "Utopia"],
    ...                   "kind": "municipality", "country": "NO",
    ...                   "code": ["0301", "", ""], "lat": [None, 59.89, None],
    ...                   "lon": [None, 10.52, None]}),
    ...     pd.DataFrame({"id": ["s"], "name": ["S"], "kind": "service", "host": "a"}),
    ...     pd.DataFrame({"actor": ["a", "b"], "collaboration": "s"}),
    ... )
    >>> mv = map_view(m, color_by="agreements", collaboration="s")
    >>> list(mv.shapes["id"]), list(mv.points["id"]), list(mv.unplaced["id"])
    (['a'], ['b'], ['c'])
    >>> mv.links[["source", "target", "relation"]].values.tolist()
    [['a', 'b', 'member']]
    """
    if color_by not in COLOR_BY:
        raise SpecError(f"unknown colour {color_by!r}: use one of {', '.join(COLOR_BY)}")
    f = {**DEFAULT_FILTERS, **check_filters(filters)}
    sel = select(model, **f)
    names = model.names()
    focus_t = _ids(focus, model, "focus")
    kept = set(sel.actor_ids)
    members_t = _ids(members_of, model, "members-of list")
    if members_t:
        kept &= council_members(model, members_t, as_of=f["as_of"])

    measures = _measures(model, f, color_by)
    council_rows, council_color = _councils(model, sel, f, councils, names, kept)
    actors = sel.actors[sel.actors["id"].isin(kept)] if members_t else sel.actors
    colors, groups, legend = _colour(color_by, actors["id"], measures, council_color, names)
    titles = _titles(actors, measures, names, color_by)

    highlight, focus_ids = _focus_sets(model, sel, focus_t)
    links, link_ids, message = _links(model, sel, f, collaboration, names)
    shapes, points, unplaced = _place(actors, colors, groups, titles, focus_ids, highlight)
    places = {r.id: (r.x, r.y) for r in pd.concat([shapes, points]).itertuples()}
    links = _link_ends(links, places)

    zoom = highlight | set(link_ids)  # the focus, its partners and the links drawn
    bbox = _frame(shapes, points, zoom)
    territories = _territories(council_rows, shapes)
    label_ids = set(focus_ids) | (highlight if len(highlight) <= 40 else set())
    label_ids |= set(links["source"]) if len(links) else set()
    for frame in (shapes, points):
        frame["label"] = frame["id"].isin(label_ids) if label_ids else False

    legend = legend + _link_legend(links, names, collaboration)
    as_of = sel.filters.get("as_of")
    return MapView(
        shapes=shapes, points=points, unplaced=unplaced, councils=territories, links=links,
        legend=legend, legend_title=_legend_title(color_by),
        bbox=bbox, as_of=as_of, filters={k: f[k] for k in FILTER_NAMES},
        color_by=color_by, collaboration=collaboration, focus=focus_t, message=message,
    )


def _ids(value, model: Model, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    items = (value,) if isinstance(value, str) else tuple(value)
    out = []
    for item in items:
        item = str(item).strip()
        if not item or item in out:
            continue
        if not model.has_id(item):
            raise UnknownIdError(f"the {what} names {item!r}, which is not in the data")
        out.append(item)
    return tuple(out)


def _measures(model: Model, f: dict, color_by: str) -> pd.DataFrame:
    """One row per kept actor: the fragmentation columns, plus the chosen measure."""
    from ..analysis.fragmentation import actor_fragmentation, strategy_profile
    from ..analysis.structure import communities

    out = actor_fragmentation(model, **f).set_index("id")
    if color_by == "strategy":
        out["strategy"] = strategy_profile(model, **f).set_index("id")["strategy"]
    elif color_by == "community":
        out["community"] = communities(model, **f).set_index("id")["community"]
    elif color_by == "ba_region":
        from graphmodel.analysis.regions import actor_regions

        out["ba_region"] = actor_regions(model, **f).set_index("id")["ba_region"]
    return out


def _councils(model, sel, f, wanted, names, kept_actors):
    """Kept councils (date, status, actor filters; never sectors), members, colours."""
    csel = select(model, **{**f, "kinds": ("council",), "sectors": None})
    ids = list(csel.collaboration_ids)
    if wanted is not None:
        wanted_t = _ids(wanted, model, "council list")
        keep = [c for c in wanted_t if c in set(ids)]
    else:
        keep = ids
    members = {
        c: frozenset(council_members(model, [c], as_of=f["as_of"], status=f["status"])
                     & kept_actors)
        for c in ids
    }
    # Councils with the same members (a council and its executive committee) are one
    # territory: one colour, one outline, both names.
    groups: dict[frozenset, list[str]] = {}
    for c in ids:
        if members[c]:
            groups.setdefault(members[c], []).append(c)
    color = {}
    for k, (_, cs) in enumerate(sorted(groups.items(), key=lambda kv: kv[1][0])):
        for c in cs:
            color[c] = COUNCIL_PALETTE[k % len(COUNCIL_PALETTE)]
    rows = []
    for mset, cs in groups.items():
        shown = [c for c in cs if c in keep]
        if shown:
            rows.append({"ids": tuple(shown), "name": " / ".join(names[c] for c in shown),
                         "color": color[cs[0]], "members": tuple(sorted(mset))})
    rows.sort(key=lambda r: r["ids"][0])
    return rows, color


def _colour(color_by, ids, measures, council_color, names):
    ids = list(ids)
    m = measures.reindex(ids)
    if color_by == "fragmentation":
        n = m["n_collaborations"].fillna(0).to_numpy()
        v = m["fragmentation"].fillna(0).to_numpy(dtype=float)
        labels = [tr("0: the same partners every time"), "≤ " + number(0.25)] + [
            f"{number(lo)}–{number(hi)}" for lo, hi in ((0.25, 0.5), (0.5, 0.75), (0.75, 1))]
        k = np.where(v <= 0, 0, np.ceil(v * 4).clip(1, 4)).astype(int)
        few = n < 2
        groups = [tr("in fewer than 2 agreements") if f else labels[i] for f, i in zip(few, k)]
        colors = [NONE_COLOR if f else FRAGMENTATION_COLORS[i] for f, i in zip(few, k)]
        legend = [(lab, col) for lab, col in zip(labels, FRAGMENTATION_COLORS)]
        legend.append((tr("in fewer than 2 agreements"), NONE_COLOR))
    elif color_by == "agreements":
        n = m["n_collaborations"].fillna(0).astype(int).to_numpy()
        labels = [f"{integer(lo)}–{integer(hi)}" if hi else f"{integer(lo)}+"
                  for lo, hi in AGREEMENT_BINS]
        groups, colors = [], []
        for v in n:
            if v == 0:
                groups.append(tr("none"))
                colors.append(NONE_COLOR)
                continue
            i = next(i for i, (lo, hi) in enumerate(AGREEMENT_BINS) if hi is None or v <= hi)
            groups.append(labels[i])
            colors.append(AGREEMENT_COLORS[i])
        legend = list(zip(labels, AGREEMENT_COLORS)) + [(tr("none"), NONE_COLOR)]
    elif color_by == "home_council":
        hc = m["home_council"].fillna("").astype(str).tolist()
        groups = [names.get(c, c) if c else tr("no council") for c in hc]
        # a pale fill, so that the territory's outline in the full colour still shows
        colors = [tint(council_color.get(c, OTHER_COLOR)) if c else NONE_COLOR for c in hc]
        legend = []
        for c in sorted(set(hc) - {""}):
            legend.append((names.get(c, c), tint(council_color.get(c, OTHER_COLOR))))
        legend.append((tr("no council"), NONE_COLOR))
    elif color_by == "strategy":
        st = m["strategy"].fillna("").astype(str).tolist()
        groups = [_strategy_label(s) if s else tr("not classified") for s in st]
        colors = [STRATEGY_COLORS.get(s, NONE_COLOR) for s in st]
        legend = [(_strategy_label(s), c) for s, c in STRATEGY_COLORS.items()]
        legend.append((tr("not classified"), NONE_COLOR))
    elif color_by == "ba_region":
        groups, colors, legend = _ba_colours(m["ba_region"].fillna("").astype(str).tolist())
    else:  # community
        numbers = [None if pd.isna(v) else int(v) for v in m["community"]]
        n = m["n_collaborations"].fillna(0).to_numpy()
        numbers = [None if k == 0 else v for v, k in zip(numbers, n)]
        groups, colors = colour_by_community(numbers)
        colors = [NONE_COLOR if g is None else c for g, c in zip(numbers, colors)]
        seen = {}
        for g, c, v in zip(groups, colors, numbers):
            if v is not None:
                seen.setdefault(g, (v, c))
        legend = [(g, c) for g, (v, c) in sorted(seen.items(), key=lambda kv: kv[1][0])]
        legend.append((tr("in no agreement"), NONE_COLOR))
        groups = [tr("in no agreement") if v is None else g for g, v in zip(groups, numbers)]
    # only the classes that occur, in the legend's order
    used = set(groups)
    legend = [(lab, col, "fill") for lab, col in legend if lab in used]
    return colors, groups, legend


def _ba_colours(regions: list[str]):
    """Groups, fills and legend of the BA-regions (commuting regions): one pale colour per
    region in the order of their names (the council outlines keep the full colours)."""
    names = sorted(set(regions) - {""})
    fill = {r: tint(COUNCIL_PALETTE[k % len(COUNCIL_PALETTE)], 0.45)
            for k, r in enumerate(names)}
    unknown = tr("BA-region not known")
    groups = [r or unknown for r in regions]
    colors = [fill.get(r, NONE_COLOR) for r in regions]
    legend = [(r, fill[r]) for r in names] + [(unknown, NONE_COLOR)]
    return groups, colors, legend


def _strategy_label(strategy: str) -> str:
    """A strategy's name in the language in use (unknown ones as they are)."""
    return {
        "regional partner": tr("regional partner"), "service-centre": tr("service-centre"),
        "specialisation": tr("specialisation"), "self-sufficiency": tr("self-sufficiency"),
    }.get(strategy, strategy)


def tint(color: str, share: float = 0.5) -> str:
    """``color`` (``#rrggbb``) mixed with white: ``share`` of white.

    >>> tint("#0072B2")
    '#80b8d8'
    """
    rgb = [int(color[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * share):02x}" for c in rgb)


def _legend_title(color_by: str) -> str:
    return {
        "fragmentation": tr("Fragmentation"), "agreements": tr("Agreements"),
        "home_council": tr("Home council"), "strategy": tr("Strategy"),
        "community": tr("Community"), "ba_region": tr("BA-region (TØI 1713/2019)"),
    }[color_by]


#: the columns a shape's title reads (only these are turned into Python records)
_TITLE_ACTOR_COLUMNS = ("id", "name", "code", "kind")
_TITLE_MEASURE_COLUMNS = ("n_collaborations", "n_partners", "fragmentation", "home_council",
                          "strategy", "community")


def _records(frame: pd.DataFrame, columns) -> list[dict]:
    """``frame.to_dict("records")`` over ``columns`` (those it has), a column at a time:
    the same values (a missing text is ``None``, a missing number NaN) without pandas
    boxing every cell of every column."""
    arrays = {}
    for c in columns:
        if c not in frame.columns:
            continue
        col = frame[c]
        numeric = pd.api.types.is_numeric_dtype(col.dtype) and not pd.api.types.is_bool_dtype(
            col.dtype)
        arrays[c] = (col.to_numpy(dtype=object) if numeric
                     else col.astype(object).where(col.notna(), None).to_numpy(dtype=object))
    names = list(arrays)
    return [dict(zip(names, row)) for row in zip(*arrays.values())] if names else \
        [{} for _ in range(len(frame))]


def _titles(actors, measures, names, color_by) -> list[str]:
    m = measures.reindex(actors["id"])
    out = []
    for rec, mrow in zip(_records(actors, _TITLE_ACTOR_COLUMNS),
                         _records(m, _TITLE_MEASURE_COLUMNS)):  # no iterrows
        lines = [rec["name"] or rec["id"]]
        code = rec.get("code") or ""
        lines.append(f"{kind_word(rec.get('kind'))} {code}".strip())
        if pd.notna(mrow.get("n_collaborations")):
            lines.append(tr("agreements: {n}", n=integer(mrow["n_collaborations"])))
            lines.append(tr("partners: {n}", n=integer(mrow["n_partners"])))
            lines.append(tr("fragmentation: {v}", v=number(mrow["fragmentation"])
                            if mrow["n_collaborations"] >= 2 else UNDEFINED))
        hc = mrow.get("home_council")
        if isinstance(hc, str) and hc:
            lines.append(tr("home council: {name}", name=names.get(hc, hc)))
        if color_by == "strategy" and mrow.get("strategy"):
            lines.append(tr("strategy: {s}", s=_strategy_label(mrow["strategy"])))
        if color_by == "community" and pd.notna(mrow.get("community")):
            lines.append(tr("community: {n}", n=integer(mrow["community"])))
        out.append("\n".join(lines))
    return out


def _focus_sets(model, sel, focus_t):
    """(focus actors and their partners, focus actors) among the kept actors."""
    if not focus_t:
        return set(), set()
    wide = select(model, **{**sel.filters, "kinds": None, "sectors": None,
                            "include_observers": False})
    focus_ids = set()
    for i in focus_t:
        if i in wide.collaboration_index:
            focus_ids |= wide.members(i)
        else:
            focus_ids.add(i)
    focus_ids &= set(sel.actor_ids)
    rows = [sel.actor_index[a] for a in focus_ids]
    B = sel.B
    if rows:
        cols = np.unique(B[rows].indices)
        partners = set(sel.actor_ids[np.unique(B.tocsc()[:, cols].indices)]) if len(cols) else set()
    else:
        partners = set()
    return focus_ids | partners, focus_ids


def _host(model: Model, cid: str, members: frozenset) -> str:
    host = str(model.collaboration(cid).get("host") or "")
    if host in members:
        return host
    mem = model.memberships
    roles = mem[(mem["collaboration"] == cid) & mem["role"].isin(("host", "lead"))]
    hosts = sorted(set(roles["actor"]) & members)
    return hosts[0] if hosts else ""


def _links(model, sel, f, cid, names):
    """Links of the chosen agreement (to its host) and of the kept agreements crossing it."""
    empty = pd.DataFrame(columns=["collaboration", "name", "relation", "source", "target",
                                  "title"])
    if cid is None or cid == "":
        return empty, set(), ""
    cid = _ids(cid, model, "collaboration")[0]
    if (model.collaborations["id"] == cid).sum() == 0:
        raise UnknownIdError(f"the collaboration {cid!r} is an actor, not a collaboration")
    wide = select(model, **{**sel.filters, "kinds": None, "sectors": None,
                            "include_observers": False})
    if cid not in wide.collaboration_index:
        day = sel.filters.get("as_of")
        when = tr(" on {date}", date=day) if day else ""
        return empty, set(), tr("{name} is not in force{when} under these filters: no links.",
                                name=names.get(cid, cid), when=when)
    own = wide.members(cid)
    rows = _star(model, cid, own, "member", names, "")
    # Crossing: shares members with cid, neither holds the other (DESIGN.md "Metrics").
    crossing = []
    for other in sel.collaboration_ids:
        if other == cid:
            continue
        theirs = sel.members(other)
        shared = own & theirs
        if shared and not own <= theirs and not theirs <= own:
            crossing.append((other, theirs, len(shared)))
    for other, theirs, n_shared in crossing:
        note = tr("crosses {name}: {n} shared members", name=names.get(cid, cid),
                  n=integer(n_shared))
        rows += _star(model, other, theirs, "crossing", names, note)
    links = pd.DataFrame(rows, columns=empty.columns) if rows else empty
    ids = set(own).union(*(t for _, t, _ in crossing)) if crossing else set(own)
    return links, ids, ""


def _star(model, cid, members, relation, names, note) -> list[dict]:
    host = _host(model, cid, members)
    title = names.get(cid, cid)
    if host:
        title += "\n" + tr("host: {name}", name=names.get(host, host))
    else:
        title += "\n" + tr("no host recorded: linked to the members' centre")
    title += "\n" + tr("{n} members", n=integer(len(members)))
    if note:
        title += "\n" + note
    return [{"collaboration": cid, "name": names.get(cid, cid), "relation": relation,
             "source": host, "target": a, "title": title}
            for a in sorted(members) if a != host]


def _link_ends(links: pd.DataFrame, places: dict) -> pd.DataFrame:
    """Coordinates of link ends; a link from no host starts at its members' centre."""
    out = links.copy()
    for col in ("x0", "y0", "x1", "y1"):
        out[col] = pd.Series(dtype=float)
    if not len(out):
        return out
    keep = []
    for cid, grp in out.groupby("collaboration", sort=False):
        ends = [places[t] for t in grp["target"] if t in places]
        host = grp["source"].iloc[0]
        if host in places:
            start = places[host]
        elif ends:
            start = tuple(np.mean(np.asarray(ends), axis=0))
        else:
            continue
        for idx, t in zip(grp.index, grp["target"]):
            if t in places:
                out.loc[idx, ["x0", "y0"]] = start
                out.loc[idx, ["x1", "y1"]] = places[t]
                keep.append(idx)
    return out.loc[keep].reset_index(drop=True)


def _link_legend(links, names, cid) -> list:
    if not len(links):
        return []
    out = []
    own = links[links["relation"] == "member"]
    if len(own):
        name = names.get(cid, cid)
        text = (tr("{name}: members → host", name=name) if (own["source"] != "").all()
                else tr("{name}: members → their centre (no host)", name=name))
        out.append((text, LINK_COLOR, "line"))
    n_cross = links.loc[links["relation"] == "crossing", "collaboration"].nunique()
    if n_cross:
        out.append((tr("{n} crossing agreements", n=integer(n_cross)), CROSSING_COLOR, "dash"))
    return out


def _place(actors, colors, groups, titles, focus_ids, highlight):
    shapes, points, unplaced = [], [], []
    records = _records(actors, ("id", "name", "kind", "code", "country", "lat", "lon"))
    for rec, color, group, title in zip(records, colors, groups, titles):
        base = {"id": rec["id"], "name": rec["name"] or rec["id"], "kind": rec["kind"],
                "color": color, "group": group, "title": title,
                "focus": rec["id"] in focus_ids,
                "dim": bool(highlight) and rec["id"] not in highlight}
        code = str(rec.get("code") or "").strip()
        outline = find_outline(rec.get("country", ""), code) if code else None
        lat, lon = rec.get("lat"), rec.get("lon")
        if outline is not None:
            x, y = outline.label_point
            shapes.append({**base, "x": x, "y": y, "country": outline.country,
                           "code": outline.code, "outline": outline})
        elif lat is not None and lon is not None and pd.notna(lat) and pd.notna(lon):
            where = on_map(float(lat), float(lon))
            if isinstance(where[0], str):
                unplaced.append({"id": rec["id"], "name": base["name"], "kind": rec["kind"],
                                 "reason": where[0], "short": where[1]})
            else:
                points.append({**base, "x": where[0], "y": where[1]})
        else:
            if code:
                reason = tr("code {code} has no outline and there are no coordinates",
                            code=code)
            else:
                reason = tr("no municipality code and no coordinates")
            unplaced.append({"id": rec["id"], "name": base["name"], "kind": rec["kind"],
                             "reason": reason, "short": tr("no outline or coordinates")})
    shape_cols = _PLACE_COLUMNS + ["country", "code", "outline"]
    return (pd.DataFrame(shapes, columns=shape_cols), pd.DataFrame(points, columns=_PLACE_COLUMNS),
            pd.DataFrame(unplaced, columns=["id", "name", "kind", "reason", "short"]))


#: how far beyond the countries' outlines a point may lie and still be drawn (units: 150 km)
REGION_MARGIN = 3000.0


@lru_cache(maxsize=1)
def region() -> tuple[float, float, float, float]:
    """The map's region in projected units: the bounding box of every outline (Norway and
    Sweden) widened by :data:`REGION_MARGIN`."""
    b = np.asarray([o.bbox for _, o in _all_outlines()], dtype=float)
    m = REGION_MARGIN
    return (b[:, 0].min() - m, b[:, 1].min() - m, b[:, 2].max() + m, b[:, 3].max() + m)


def _inside(lat: float, lon: float) -> tuple[float, float] | None:
    if not (-90 <= lat <= 90 and -180 <= lon <= 360):
        return None
    px, py = project(lon, lat)
    x, y = float(px) / UNIT_M, float(py) / UNIT_M
    x0, y0, x1, y1 = region()
    return (x, y) if np.isfinite(x) and x0 <= x <= x1 and y0 <= y <= y1 else None


def on_map(lat: float, lon: float) -> tuple[float, float] | tuple[str, str]:
    """The place of a point in projected units, or why it is not on the map.

    A point outside :func:`region` is not drawn (it would move the frame or land in the
    wrong place): the answer is then ``(reason, short reason)``, saying whether the
    coordinates look swapped (latitude and longitude exchanged) or mistyped (a sign
    flipped), or else that they lie outside the map area.

    Examples
    --------
    >>> x, y = on_map(63.43, 10.39)  # Trondheim
    >>> on_map(10.39, 63.43)[1], on_map(-63.43, 10.39)[1], on_map(40.7, -74.0)[1]
    ('latitude and longitude swapped?', 'a sign flipped?', 'outside the map area')
    >>> on_map(10.39, 63.43)[0]
    'latitude 10.39 and longitude 63.43 look swapped (exchanged): not drawn'
    """
    place = _inside(lat, lon)
    if place is not None:
        return place
    shown = {"lat": number(lat, digits=4), "lon": number(lon, digits=4)}
    if _inside(lon, lat) is not None:
        return (tr("latitude {lat} and longitude {lon} look swapped (exchanged): not drawn",
                   **shown), tr("latitude and longitude swapped?"))
    if any(_inside(a, b) is not None for a, b in ((-lat, lon), (lat, -lon), (-lat, -lon))):
        return (tr("latitude {lat} and longitude {lon} look mistyped (a sign flipped?): not "
                   "drawn", **shown), tr("a sign flipped?"))
    return (tr("latitude {lat} and longitude {lon} lie outside the map area: not drawn",
               **shown), tr("outside the map area"))


def _frame(shapes, points, zoom: set) -> tuple[float, float, float, float]:
    boxes = []
    for o, i in zip(shapes["outline"], shapes["id"]):
        if not zoom or i in zoom:
            boxes.append(o.bbox)
    for x, y, i in zip(points["x"], points["y"], points["id"]):
        if not zoom or i in zoom:
            boxes.append((x, y, x, y))
    if not boxes:
        boxes = [o.bbox for _, o in _all_outlines()]
    b = np.asarray(boxes, dtype=float)
    x0, y0, x1, y1 = b[:, 0].min(), b[:, 1].min(), b[:, 2].max(), b[:, 3].max()
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    w = max(x1 - x0, _MIN_SPAN) * 1.12
    h = max(y1 - y0, _MIN_SPAN) * 1.12
    return (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)


def _meets(a, b) -> bool:
    return a[0] <= b[2] and a[2] >= b[0] and a[1] <= b[3] and a[3] >= b[1]


@lru_cache(maxsize=1)
def _all_outlines() -> tuple[tuple[tuple[str, str], Outline], ...]:
    return tuple(sorted(outlines().items()))


def _territories(rows, shapes) -> pd.DataFrame:
    by_id = dict(zip(shapes["id"], shapes["outline"]))
    out = []
    for r in rows:
        drawn = [by_id[a] for a in r["members"] if a in by_id]
        if not drawn:
            continue
        # one outline per municipality even when two actors share a code
        unique = list({(o.country, o.code): o for o in drawn}.values())
        names = ", ".join(sorted(shapes.set_index("id").loc[
            [a for a in r["members"] if a in by_id], "name"]))
        title = r["name"] + "\n" + tr("{n} members: {names}", n=integer(len(r["members"])),
                                      names=names)
        out.append({**r, "lines": union_boundary(unique), "title": title})
    return pd.DataFrame(out, columns=["ids", "name", "color", "members", "lines", "title"])
