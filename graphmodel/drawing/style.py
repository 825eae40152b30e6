"""How the network looks: palette, shapes, sizes, colour groups, tooltips, edges and legend."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..data.schema import COUNTED_ROLES
from ..i18n import integer, kind_label, ntr, role_label, sector_label, status_label, tr

__all__ = [
    "ACTOR_SHAPE",
    "EDGE_COLORS",
    "EDGE_COLUMNS",
    "KIND_COLORS",
    "KIND_SHAPES",
    "LABEL_MAX",
    "NEUTRAL_ACTOR",
    "OTHER_COLOR",
    "PALETTE",
    "actor_tooltip",
    "collaboration_tooltip",
    "colour_by_community",
    "colour_by_kind",
    "colour_by_sector",
    "count_text",
    "kind_word",
    "legend",
    "node_colours",
    "node_sizes",
    "scaled_sizes",
    "short_label",
    "style_edges",
]

#: Colour-blind-friendly palette: Okabe & Ito (2008) without black, then Paul Tol's "muted".
PALETTE = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
    "#332288", "#117733", "#882255", "#44AA99", "#999933", "#AA4499", "#DDCC77",
    "#88CCEE", "#CC6677",
)
OTHER_COLOR = "#BBBBBB"
NEUTRAL_ACTOR = "#5F6B7A"

KIND_COLORS = {
    "municipality": "#0072B2", "county": "#56B4E9", "state": "#332288",
    "health_trust": "#CC79A7", "other": "#999999",
    "council": "#D55E00", "network": "#E69F00", "service": "#009E73",
}
KIND_SHAPES = {"council": "diamond", "network": "triangle", "service": "square"}
ACTOR_SHAPE = "dot"

EDGE_COLORS = {"member": "#9AA5B1", "lead": "#6B7785", "observer": "#B8C0C8",
               "part_of": "#7F7F7F", "shared": "#8C96A3"}
EDGE_COLUMNS = ["source", "target", "width", "color", "title", "dashes", "relation"]

#: Node labels are cut to this many characters (the full name stays in ``name``).
LABEL_MAX = 24

def _tail_groups() -> set[str]:
    """The legend groups that come last ("other", "no …"), in the language in use."""
    return {tr("other sectors"), sector_label(""), tr("no community"),
            tr("smaller communities")}


def count_text(n) -> str:
    """A whole number with the thousands separator of the language in use.

    >>> count_text(12345.0)
    '12,345'
    """
    return integer(int(n))


_KIND_WORDS = {
    "municipality": lambda: tr("municipality"),
    "county": lambda: tr("county"),
    "state": lambda: tr("state body"),
    "health_trust": lambda: tr("health trust"),
    "other": lambda: tr("other actor"),
    "council": lambda: tr("regional council"),
    "network": lambda: tr("professional network"),
    "service": lambda: tr("service agreement"),
}


def kind_word(kind: str | None) -> str:
    """One actor or collaboration of this kind, in words (a tooltip's "municipality").

    >>> kind_word("health_trust"), kind_word("space_station")
    ('health trust', 'space station')
    """
    word = _KIND_WORDS.get(kind or "")
    return word() if word else str(kind or "").replace("_", " ")


def short_label(text: str, limit: int = LABEL_MAX, lines: int = 1) -> str:
    """``text`` on at most ``lines`` lines of ``limit`` characters, cut with an ellipsis.

    >>> short_label("Innkjøpssamarbeid  Værnesregionen")
    'Innkjøpssamarbeid Værne…'
    >>> print(short_label("Innkjøpssamarbeid  Værnesregionen", lines=2))
    Innkjøpssamarbeid
    Værnesregionen
    """
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    if lines > 1:
        import textwrap

        parts = textwrap.wrap(text, width=limit, break_long_words=True)
        if len(parts) <= lines:
            return "\n".join(parts)
        parts = parts[:lines]
        parts[-1] = (parts[-1][: limit - 1].rstrip() + "…")
        return "\n".join(parts)
    return text[: limit - 1].rstrip() + "…"


def scaled_sizes(values, lo: float, hi: float) -> np.ndarray:
    """Sizes between lo and hi by the square root of values (area ∝ value); NaN -> lo.

    >>> scaled_sizes([0, 25, 100], 10, 20).tolist()
    [10.0, 15.0, 20.0]
    """
    v = np.asarray(values, dtype=float)
    v = np.where(np.isfinite(v) & (v > 0), v, 0.0)
    top = v.max() if len(v) else 0.0
    if top <= 0:
        return np.full(len(v), lo)
    return lo + (hi - lo) * np.sqrt(v / top)


# --------------------------------------------------------------------------- tooltips


def actor_tooltip(rec: dict, n_collaborations: int, partners: int, strength: int,
                  observer_in: tuple[str, ...] = ()) -> str:
    """The plain-text tooltip of an actor (lines separated by newlines); ``observer_in``
    names the drawn collaborations it observes (a line "Observer in: …").

    >>> print(actor_tooltip({"name": "Selbu", "kind": "municipality", "region": "Trøndelag",
    ...                      "country": "NO", "population": 4000}, 3, 5, 7))
    Selbu
    municipality · Trøndelag · NO
    Population: 4,000
    Collaborations in view: 3
    Partners: 5 · strength: 7
    """
    lines = [_plain(rec["name"]), " · ".join(v for v in (kind_word(rec["kind"]),
                                                        _plain(rec.get("region", "")),
                                                        _plain(rec.get("country", ""))) if v)]
    pop = rec.get("population")
    if pop is not None and not pd.isna(pop):
        lines.append(tr("Population: {n}", n=count_text(pop)))
    lines.append(tr("Collaborations in view: {n}", n=count_text(n_collaborations)))
    lines.append(tr("Partners: {n} · strength: {strength}", n=count_text(partners),
                    strength=count_text(strength)))
    if observer_in:
        lines.append(tr("Observer in: {names}",
                        names=", ".join(_plain(n) for n in observer_in)))
    return "\n".join(lines)


def _plain(value) -> str:
    """Text from the data for a tooltip: missing values blank, never "None" or "nan"."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    text = str(value)
    return "" if text in ("nan", "None", "<NA>", "NaT") else text


def collaboration_tooltip(rec: dict, n_members: int, n_observers: int,
                          names: dict[str, str]) -> str:
    """The plain-text tooltip of a collaboration; ``names`` maps host/parent ids to names.

    >>> print(collaboration_tooltip({"name": "PPT", "kind": "service", "sector": "education",
    ...                              "host": "a", "status": "active"}, 4, 1, {"a": "Stjørdal"}))
    PPT
    service agreement · Education
    Members: 4 (+1 observer)
    Host: Stjørdal
    Status: In force
    """
    sector = _plain(rec.get("sector", ""))
    head = " · ".join(v for v in (kind_word(rec["kind"]), sector and sector_label(sector),
                                  _plain(rec.get("legal_form", ""))) if v)
    lines = [_plain(rec["name"]), head]
    members = tr("Members: {n}", n=count_text(n_members))
    if n_observers:
        members += " " + ntr("(+{n} observer)", "(+{n} observers)", int(n_observers))
    lines.append(members)
    if _plain(rec.get("host")):
        lines.append(tr("Host: {name}", name=names.get(rec["host"], rec["host"])))
    if _plain(rec.get("parent")):
        lines.append(tr("Part of: {name}", name=names.get(rec["parent"], rec["parent"])))
    start, end = rec.get("start"), rec.get("end")
    span = ""
    if pd.notna(start) or pd.notna(end):
        span = (f" · {pd.Timestamp(start).year if pd.notna(start) else ''}–"
                f"{pd.Timestamp(end).year if pd.notna(end) else ''}")
    lines.append(tr("Status: {status}", status=status_label(_plain(rec.get("status")))) + span)
    return "\n".join(lines)


# --------------------------------------------------------------------------- colour groups


def colour_by_kind(kinds) -> tuple[list[str], list[str]]:
    """(legend group, colour) per node, coloured by its kind.

    >>> colour_by_kind(["health_trust", "council"])
    (['Health trusts', 'Regional councils'], ['#CC79A7', '#D55E00'])
    """
    kinds = list(kinds)
    return ([kind_label(k) for k in kinds],
            [KIND_COLORS.get(k, OTHER_COLOR) for k in kinds])


def colour_by_sector(all_sectors, sectors) -> tuple[list[str], list[str]]:
    """(legend group, colour) per node by its sector (``""``: none).

    The palette goes to the sectors most common in ``all_sectors`` (ties by name); the
    rest share "other sectors".

    >>> colour_by_sector(["fire", "fire", "ict"], ["ict", "", "fire"])
    (['ICT', '(no sector)', 'Fire and rescue'], ['#E69F00', '#BBBBBB', '#0072B2'])
    """
    counts = pd.Series(list(all_sectors), dtype=object).replace("", np.nan).dropna()
    counts = counts.value_counts()
    ranked = sorted(counts.index, key=lambda s: (-counts[s], s))
    colors = {s: PALETTE[i] for i, s in enumerate(ranked[: len(PALETTE)])}

    def label(s):
        if not s:
            return sector_label("")
        return sector_label(s) if s in colors else tr("other sectors")

    sectors = list(sectors)
    return [label(s) for s in sectors], [colors.get(s, OTHER_COLOR) for s in sectors]


def colour_by_community(numbers) -> tuple[list[str], list[str]]:
    """(legend group, colour) per node by its community number (1 = largest; None: none).

    >>> colour_by_community([1, None, 40])
    (['community 1', 'no community', 'smaller communities'], ['#0072B2', '#BBBBBB', '#BBBBBB'])
    """
    def label(c):
        if c is None or pd.isna(c):
            return tr("no community")
        c = int(c)
        return tr("community {n}", n=c) if c <= len(PALETTE) else tr("smaller communities")

    def color(c):
        if c is None or pd.isna(c) or int(c) > len(PALETTE):
            return OTHER_COLOR
        return PALETTE[int(c) - 1]

    numbers = list(numbers)
    return [label(c) for c in numbers], [color(c) for c in numbers]


def node_colours(color_by: str, view: str, actors: pd.DataFrame, collabs: pd.DataFrame,
                 all_collabs: pd.DataFrame, memberships: pd.DataFrame,
                 communities: dict | None = None):
    """((actor groups, colours), (collaboration groups, colours)) of the drawn nodes.

    ``actors`` and ``collabs`` are the drawn rows; ``all_collabs`` and ``memberships``
    those of the view (their sectors rank the palette; an actor's sector in the actors
    view is the one it has most collaborations in). ``communities`` (actor id -> number)
    is needed for ``color_by="community"``: a collaboration takes the most common
    community of its counted members.
    """
    if color_by == "kind":
        return colour_by_kind(actors["kind"]), colour_by_kind(collabs["kind"])
    mem = memberships
    if color_by == "sector":
        all_sectors = all_collabs["sector"]
        collab_colours = colour_by_sector(all_sectors, collabs["sector"])
        if view != "actors":
            return (([tr("Actors")] * len(actors), [NEUTRAL_ACTOR] * len(actors)),
                    collab_colours)
        m = mem[mem["actor"].isin(set(actors["id"]))].merge(
            all_collabs[["id", "sector"]], left_on="collaboration", right_on="id")
        m = m[m["sector"] != ""]
        top = (m.groupby(["actor", "sector"]).size().reset_index(name="n")
               .sort_values(["actor", "n", "sector"], ascending=[True, False, True])
               .drop_duplicates("actor").set_index("actor")["sector"])
        secs = [top.get(a, "") for a in actors["id"]]
        return colour_by_sector(all_sectors, secs), collab_colours
    comm = communities or {}
    c_num = []
    if len(collabs):
        m = mem[mem["collaboration"].isin(set(collabs["id"])) & mem["role"].isin(COUNTED_ROLES)]
        m = m.assign(c=m["actor"].map(comm)).dropna(subset=["c"])
        top = (m.groupby(["collaboration", "c"]).size().reset_index(name="n")
               .sort_values(["collaboration", "n", "c"], ascending=[True, False, True])
               .drop_duplicates("collaboration").set_index("collaboration")["c"])
        c_num = [top.get(c) for c in collabs["id"]]
    return (colour_by_community([comm.get(a) for a in actors["id"]]),
            colour_by_community(c_num))


def node_sizes(size_by: str, population, strength, n_members) -> tuple[np.ndarray, np.ndarray]:
    """Node radii in pixels: actors by population, strength or fixed; collaborations by
    their number of counted members (fixed for ``size_by="none"``).

    >>> a, c = node_sizes("population", [100, 400], [1, 1], [4])
    >>> a.tolist(), c.tolist()
    ([15.5, 24.0], [12.2])
    """
    if size_by == "population":
        a_size = scaled_sizes(pd.to_numeric(pd.Series(population),
                                            errors="coerce").to_numpy(dtype=float,
                                                                      na_value=np.nan), 7, 24)
    elif size_by == "strength":
        a_size = scaled_sizes(strength, 7, 24)
    else:
        a_size = np.full(len(population), 12.0)
    n_members = np.asarray(n_members, dtype=float)
    c_size = (np.full(len(n_members), 12.0) if size_by == "none"
              else 9 + np.minimum(1.6 * np.sqrt(n_members), 14))
    return np.round(a_size, 1), np.round(c_size, 1)


# --------------------------------------------------------------------------- edges, legend


def style_edges(edges: pd.DataFrame, names: dict[str, str], view: str) -> pd.DataFrame:
    """Width, colour, dashes, relation and tooltip for the drawn edges.

    ``edges`` has ``source, target`` and ``role`` (bipartite: the membership role or
    ``part_of``) or ``weight`` (actors view: shared collaborations). Returns the
    columns :data:`EDGE_COLUMNS`.

    >>> e = pd.DataFrame({"source": ["a"], "target": ["s"], "role": ["observer"]})
    >>> out = style_edges(e, {"a": "A", "s": "S"}, "bipartite")
    >>> out[["relation", "dashes", "title"]].values.tolist()
    [['observer', True, 'A — S\\nobserver']]
    """
    if edges.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in EDGE_COLUMNS})
    out = pd.DataFrame({"source": edges["source"].astype(object),
                        "target": edges["target"].astype(object)})
    src = [names.get(s, s) for s in out["source"]]
    dst = [names.get(t, t) for t in out["target"]]
    if view == "actors":
        w = edges["weight"].to_numpy()
        out["width"] = np.minimum(w, 10).astype(int)
        out["color"] = EDGE_COLORS["shared"]
        out["title"] = [f"{a} — {b}\n" + ntr("{n} shared collaboration",
                                               "{n} shared collaborations", int(n))
                        for a, b, n in zip(src, dst, w)]
        out["dashes"] = False
        out["relation"] = "shared"
        return out[EDGE_COLUMNS]
    role = edges["role"].to_numpy(dtype=object)
    rel = np.select([role == "part_of", role == "observer",
                     np.isin(role, ["host", "lead", "owner"])],
                    ["part_of", "observer", "lead"], "member")
    out["relation"] = rel
    out["width"] = np.where(rel == "lead", 2, 1)
    out["color"] = [EDGE_COLORS[r] for r in rel]
    out["dashes"] = np.isin(rel, ["observer", "part_of"])
    out["title"] = [tr("{a} is part of {b}", a=a, b=b) if r == "part_of"
                    else f"{a} — {b}\n{role_label(ro)}"
                    for a, b, r, ro in zip(src, dst, rel, role)]
    return out[EDGE_COLUMNS]


def _group_order(item, tails):
    g = item[0]
    digits = re.search(r"(\d+)$", g)
    return (g in tails, int(digits.group(1)) if digits else 0, g)


def legend(nodes: pd.DataFrame, view: str, color_by: str) -> list[tuple[str, str, str]]:
    """The legend of drawn ``nodes``: ``(label, colour, shape)`` per group, in reading order.

    By kind: one entry per group, actors first. Otherwise the groups by number and name
    ("other"/"no" groups last), then, in the bipartite view, the shapes of the
    collaboration kinds drawn.
    """
    if nodes.empty:
        return []
    seen = []
    order = {"actor": 0, "collaboration": 1}
    frame = nodes.assign(_o=nodes["layer"].map(order))
    if color_by == "kind":
        for (_layer, _group), part in frame.groupby(["_o", "group"], sort=True):
            seen.append((_group, part["color"].iloc[0], part["shape"].iloc[0]))
        return seen
    groups = {}
    for g, c in zip(frame["group"], frame["color"]):
        groups.setdefault(g, c)
    actors = tr("Actors")
    if actors in groups and view == "bipartite" and color_by == "sector":
        seen.append((actors, groups.pop(actors), ACTOR_SHAPE))
    shape = ACTOR_SHAPE if (view == "actors" or color_by == "community") else "square"
    tails = _tail_groups()
    for g, c in sorted(groups.items(), key=lambda item: _group_order(item, tails)):
        seen.append((g, c, shape))
    if view == "bipartite":
        for kind in ("council", "network", "service"):
            if (frame["kind"] == kind).any() and (frame["layer"] == "collaboration").any():
                seen.append((kind_label(kind), "#777777", KIND_SHAPES[kind]))
    return seen
