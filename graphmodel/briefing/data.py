"""Briefing packs: what goes on one municipality's (or council's) page, computed once for all.

A briefing is the note a planner writes before a formannskap or kommunstyrelse discusses
cooperation: the agreements, with whom, how much lies inside the regional council, what
changed, where the gaps are. :func:`briefing_data` computes every table the pages need
**once** per dataset and filters (the metric tables, the council members, the
suggestions, the changes since a date); :func:`actor_briefing` and
:func:`council_briefing` then only slice those tables for one page. The figures are raw
values; :func:`format_figure` writes them as the language in use does, and both the page
(:mod:`graphmodel.briefing.pages`) and the narrative (:mod:`graphmodel.briefing.narrative`) use it, so a
number in the text is the number in the table.
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..analysis.columns import COLUMNS
from ..data.model import Model
from ..data.select import (
    DEFAULT_FILTERS,
    FILTER_NAMES,
    check_filters,
    council_members,
    parse_date,
    select,
)
from ..errors import SpecError, UnknownIdError
from ..i18n import integer, number, percent, tr

__all__ = [
    "ActorBriefing",
    "BriefingData",
    "CouncilBriefing",
    "Figure",
    "actor_briefing",
    "briefing_data",
    "council_briefing",
    "figure_format",
    "format_figure",
    "strategy_label",
]

#: how each figure is written: a whole number, a number with two decimals, a share as %
FIGURE_FORMATS = ("int", "num", "pct")
#: suggestions kept per gap sector on a page
TOP_CANDIDATES = 3


#: how a page writes a metric column's registry format (shares as percent, like 86 %)
_FIGURE_FORMATS = {"count": "int", "year": "int", "km": "int", "ratio": "num", "number": "num",
                   "share": "pct", "percent": "pct", "text": "text", "id": "text"}


def figure_format(column: str) -> str:
    """The figure format (``int``, ``num``, ``pct``; ``text``) of a metric column, from the
    registry (:mod:`graphmodel.analysis.columns`).

    >>> figure_format("fragmentation"), figure_format("breadth"), figure_format("hosted")
    ('num', 'pct', 'int')
    """
    return _FIGURE_FORMATS[COLUMNS[column].format]


def format_figure(value, fmt: str) -> str:
    """A figure as the language in use writes it; ``""`` when there is none.

    >>> from graphmodel.i18n import use_language
    >>> with use_language("nb"):
    ...     format_figure(1234, "int"), format_figure(2 / 3, "num"), format_figure(0.857, "pct")
    ('1\\xa0234', '0,67', '86\\xa0%')
    >>> format_figure(float("nan"), "num")
    ''
    """
    if fmt not in FIGURE_FORMATS:
        raise SpecError(f"unknown figure format {fmt!r}: use {', '.join(FIGURE_FORMATS)}")
    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return ""
    if fmt == "int":
        return integer(round(float(value)))
    if fmt == "pct":
        return percent(float(value))
    return number(float(value), 2)


def strategy_label(strategy: str | None) -> str:
    """A strategy's name (DESIGN.md "Strategy profile") in the language in use."""
    return {
        "regional partner": lambda: tr("regional partner"),
        "service-centre": lambda: tr("service-centre"),
        "specialisation": lambda: tr("specialisation"),
        "self-sufficiency": lambda: tr("self-sufficiency"),
    }.get(strategy or "", lambda: str(strategy or ""))()


@dataclass(frozen=True)
class Figure:
    """One row of a page's figures: the actor's value beside its council's median."""

    key: str
    value: object
    median: object
    fmt: str


# --------------------------------------------------------------------------- the dataset


@dataclass(frozen=True, eq=False)
class BriefingData:
    """Every table the briefing pages of one dataset need, computed once.

    ``actors`` and ``councils`` are :func:`graphmodel.metrics_table` (indexed by id);
    ``members`` maps each kept service agreement to its counted members (kept actors);
    ``council_sets`` each council in force to its members on the date
    (:func:`graphmodel.data.select.council_members`); ``groups`` each actor to the councils and
    networks it sits in (id, role); ``suggestions`` :func:`graphmodel.suggestions` for
    every actor; ``changes`` :func:`graphmodel.changes` from ``since`` to the date, with
    ``before``/``after`` the counted memberships on each side.
    """

    model: Model
    filters: dict
    as_of: str | None
    since: str | None
    actors: pd.DataFrame
    councils: pd.DataFrame
    collaborations: pd.DataFrame
    members: dict
    council_sets: dict
    groups: dict
    suggestions: pd.DataFrame
    gap_sectors: tuple
    changes: pd.DataFrame
    before: dict
    after: dict
    names: dict
    max_km: float
    medians: dict = field(default_factory=dict)

    def municipality_ids(self) -> list[str]:
        """The actors a page can be written for (kept by the filters), by id."""
        return list(self.actors.index)

    def council_ids(self) -> list[str]:
        """The councils a page can be written for (in force on the date), by id."""
        return list(self.councils.index)


#: the per-actor figures beside the council's median: (key, metrics column, format)
ACTOR_FIGURES = (
    ("agreements", "n_collaborations", figure_format("n_collaborations")),
    ("partners", "n_partners", figure_format("n_partners")),
    ("configurations", "n_configurations", figure_format("n_configurations")),
    ("fragmentation", "fragmentation", figure_format("fragmentation")),
    ("effective_partners", "effective_partners", figure_format("effective_partners")),
    ("home_alignment", "home_alignment", figure_format("home_alignment")),
    ("breadth", "breadth", figure_format("breadth")),
    ("hosted", "hosted", figure_format("hosted")),
    ("hosted_members", "hosted_members", figure_format("hosted_members")),
)


def briefing_data(model: Model, *, since=None, max_km: float | None = None,
                  **filters) -> BriefingData:
    """Compute once what every briefing page of ``model`` needs (see :class:`BriefingData`).

    Parameters
    ----------
    model : Model
    since : date-like, optional
        The earlier date of "what changed" (the later one is ``as_of``, else today).
    max_km : float, optional
        How far a suggested partner may be (default: :data:`graphmodel.analysis.suggest.DEFAULT_MAX_KM`).
    **filters
        The filters of :func:`graphmodel.data.select` (the metrics' defaults: service
        agreements among municipalities).

    Examples
    --------
    >>> d = briefing_data(example)
    >>> d.municipality_ids(), d.council_ids(), sorted(d.members["s1"]), sorted(d.council_sets["R"])
    (['a', 'b', 'c', 'd'], ['R'], ['a', 'b'], ['a', 'b', 'c'])
    """
    from ..analysis.metrics import metrics_table
    from ..analysis.suggest import DEFAULT_MAX_KM, suggestions

    f = {**DEFAULT_FILTERS, **check_filters(filters)}
    km = DEFAULT_MAX_KM if max_km is None else max_km
    day = parse_date(f["as_of"])
    as_of = day.date().isoformat() if day is not None else None
    since_day = parse_date(since)
    since_text = since_day.date().isoformat() if since_day is not None else None

    actors = metrics_table(model, "actors", **f).set_index("id", drop=False)
    councils = metrics_table(model, "councils", **{k: v for k, v in f.items()
                                                   if k != "actor_kinds"}
                             ).set_index("id", drop=False)
    sel = select(model, **f)
    mem = sel.memberships
    members = {c: tuple(sorted(g)) for c, g in mem.groupby("collaboration")["actor"]}
    council_sets = {c: council_members(model, [c], as_of=f["as_of"], status=f["status"])
                    for c in councils.index}
    # councils and networks an actor sits in (any actor kind, observers too: shown, not counted)
    around = select(model, as_of=f["as_of"], kinds=("council", "network"), actor_kinds=None,
                    status=f["status"], include_observers=True).memberships
    groups = {a: tuple(zip(g["collaboration"], g["role"])) for a, g in around.groupby("actor")}
    sugg = suggestions(model, top=TOP_CANDIDATES, max_km=km,
                       **{k: f[k] for k in FILTER_NAMES if k not in ("sectors", "members_of")},
                       sectors=f["sectors"])
    sectors = sel.collaborations["sector"]
    gap_sectors = tuple(sorted(set(sectors[sectors != ""])))

    changes, before, after = _changes(model, f, since_text, as_of)
    data = BriefingData(
        model=model, filters=f, as_of=as_of, since=since_text, actors=actors,
        councils=councils, collaborations=sel.collaborations.set_index("id", drop=False),
        members=members, council_sets=council_sets, groups=groups, suggestions=sugg,
        gap_sectors=gap_sectors, changes=changes, before=before, after=after,
        names=model.names(), max_km=km,
    )
    object.__setattr__(data, "medians", _medians(data))
    return data


def _changes(model: Model, f: dict, since: str | None, as_of: str | None):
    """The structural changes from ``since`` to the date (every kind: councils change too),
    with who counted in each collaboration on each side."""
    from ..change.compare import CHANGE_COLUMNS, changes

    if since is None:
        return pd.DataFrame(columns=CHANGE_COLUMNS), {}, {}
    after_day = as_of or _dt.date.today().isoformat()
    kw = {"kinds": None, "actor_kinds": f["actor_kinds"], "status": f["status"],
          "countries": f["countries"], "regions": f["regions"], "sectors": f["sectors"]}
    table = changes(model, model, as_of_before=since, as_of_after=after_day, **kw)

    def sides(day):
        m = select(model, as_of=day, **kw).memberships
        return {c: frozenset(g) for c, g in m.groupby("collaboration")["actor"]}

    return table, sides(since), sides(after_day)


def _medians(data: BriefingData) -> dict:
    """Council id -> {metrics column: median over its members kept by the filters}."""
    out = {}
    columns = [col for _, col, _ in ACTOR_FIGURES]
    for council, ids in data.council_sets.items():
        rows = data.actors.loc[data.actors.index.intersection(sorted(ids)), columns]
        out[council] = {c: (float(rows[c].median()) if rows[c].notna().any() else float("nan"))
                        for c in columns}
    return out


# --------------------------------------------------------------------------- one actor


@dataclass(frozen=True, eq=False)
class ActorBriefing:
    """What one municipality's page shows (raw values; words and formats come later).

    ``agreements``: one row per service agreement (``collaboration, name, sector,
    legal_form, host, host_name, partners`` (names), ``n_partners``, ``within``: all
    members inside the home council). ``groups``: councils and networks (``id, name,
    kind, role, organ_of``: the council a committee belongs to, empty for a regional
    council, so the rows typed council agree with the ``councils`` figure). ``gaps``: one row per gap sector (``sector, collaboration,
    collaboration_name, host_name, candidates, distance_km, n_candidates``).
    ``changes``: the rows of :func:`graphmodel.changes` that concern it. ``sources``:
    (source, rows) of its own rows.
    """

    id: str
    name: str
    row: dict
    home_council: str
    home_council_name: str
    figures: tuple
    agreements: pd.DataFrame
    groups: pd.DataFrame
    gaps: pd.DataFrame
    changes: pd.DataFrame
    sources: tuple
    n_within: int
    n_councils: int
    n_gaps: int
    population: object
    kind: str = "actor"

    @property
    def strategy(self) -> str:
        return str(self.row.get("strategy") or "")

    @property
    def stated_strategy(self) -> str:
        return str(self.row.get("stated_strategy") or "")

    @property
    def earlier_strategy(self) -> str:
        """The strategy it stated before the latest statement ("" when none)."""
        return str(self.row.get("earlier_strategy") or "")

    def stated_year(self, which: str = "stated_date") -> str:
        """The year of the latest (``stated_date``) or earlier (``earlier_date``) statement."""
        value = self.row.get(which)
        return "" if value is None or pd.isna(value) else str(pd.Timestamp(value).year)


def _stated(data: BriefingData) -> pd.DataFrame:
    """:func:`graphmodel.stated_positions` on the briefing's date, by id (computed once)."""
    from ..analysis.fragmentation import stated_positions

    return data.model.memo(("briefing-stated", data.as_of), lambda: stated_positions(
        data.model, data.as_of).set_index("id"))


def actor_briefing(data: BriefingData, actor_id: str) -> ActorBriefing:
    """The page of one actor, sliced from ``data`` (no metric is computed here).

    Raises
    ------
    UnknownIdError
        ``actor_id`` is not an actor the filters keep.

    Examples
    --------
    >>> b = actor_briefing(briefing_data(example), "c")  # s2 lies within R, s3 does not
    >>> b.home_council, b.n_within, b.agreements["name"].tolist()
    ('R', 1, ['Fire', 'Water'])
    """
    if actor_id not in data.actors.index:
        raise UnknownIdError(f"no municipality with id {actor_id!r} kept by the filters: "
                             "pick one of the ids in the actors table")
    row = data.actors.loc[actor_id].to_dict()
    said = _stated(data)
    if actor_id in said.index:  # the move of its stated strategy up to the date
        row["stated_date"] = said.at[actor_id, "stated_date"]
        row["earlier_strategy"] = said.at[actor_id, "earlier_strategy"]
        row["earlier_date"] = said.at[actor_id, "earlier_date"]
    home = str(row.get("home_council") or "")
    home_set = data.council_sets.get(home, frozenset())
    names = data.names
    mine = sorted(c for c, ms in data.members.items() if actor_id in ms)
    colls = data.collaborations
    recs = []
    for c in mine:
        crow = colls.loc[c]
        partners = [p for p in data.members[c] if p != actor_id]
        host = str(crow.get("host") or "")
        recs.append({
            "collaboration": c, "name": str(crow["name"]), "sector": str(crow["sector"]),
            "legal_form": str(crow.get("legal_form") or ""), "host": host,
            "host_name": names.get(host, host) if host else "",
            "partners": sorted((names.get(p, p) for p in partners), key=str.casefold),
            "n_partners": len(partners),
            "within": bool(home) and set(data.members[c]) <= home_set,
        })
    agreements = pd.DataFrame(recs, columns=["collaboration", "name", "sector", "legal_form",
                                             "host", "host_name", "partners", "n_partners",
                                             "within"])
    if len(agreements):
        agreements = agreements.sort_values(["sector", "name", "collaboration"],
                                            kind="stable").reset_index(drop=True)
    groups = _groups(data, actor_id)
    # the councils of the councils table (nested committees such as an executive one are not)
    n_councils = sum(1 for ids in data.council_sets.values() if actor_id in ids)
    median = data.medians.get(home, {})
    figures = tuple(Figure(key, row.get(col), median.get(col, float("nan")) if home else None,
                           fmt) for key, col, fmt in ACTOR_FIGURES)
    gaps = _gaps(data, actor_id, set(agreements["sector"]) if len(agreements) else set())
    n_within = int(agreements["within"].sum()) if len(agreements) else 0
    # counts of this page only (no council median): the narrative cites them
    figures += (Figure("within", n_within if home else None, None, "int"),
                Figure("councils", n_councils, None, "int"),
                Figure("gaps", len(gaps), None, "int"),
                Figure("inside_ba", _inside_ba(data, mine, str(row.get("ba_region") or "")),
                       None, "int"))
    return ActorBriefing(
        id=actor_id, name=str(row.get("name") or actor_id), row=row, home_council=home,
        home_council_name=names.get(home, home) if home else "", figures=figures,
        agreements=agreements, groups=groups, gaps=gaps,
        changes=_changes_of(data, {actor_id}), sources=_sources(data, {actor_id}, mine),
        n_within=n_within,
        n_councils=n_councils, n_gaps=len(gaps),
        population=_population(data.model, actor_id),
    )


def _inside_ba(data: BriefingData, collaborations, region: str) -> int | None:
    """How many of ``collaborations`` have every member in BA-region ``region`` (None when
    the region is unknown): the count behind the actors table's ``ba_share``."""
    if not region:
        return None
    ba = data.actors["ba_region"]
    return sum(1 for c in collaborations
               if all(m in ba.index and ba[m] == region for m in data.members[c]))


def _population(model: Model, actor_id: str):
    pop = model.actors.loc[model.actors["id"] == actor_id, "population"]
    return None if pop.empty or pd.isna(pop.iloc[0]) else int(pop.iloc[0])


def _groups(data: BriefingData, actor_id: str) -> pd.DataFrame:
    """The councils and networks the actor sits in; ``organ_of`` names the council a
    council-kind row belongs to when it is not a regional council of its own (a working
    committee such as Værnesregionen's Arbeidsutvalget), so the rows agree with the count
    of regional councils."""
    names = data.names
    colls = data.model.collaborations
    kinds = dict(zip(colls["id"], colls["kind"]))
    parent = dict(zip(colls["id"], colls["parent"].fillna("")))
    regional = set(data.councils.index)

    def organ_of(c: str) -> str:
        p = parent.get(c, "")
        if kinds.get(c) != "council" or c in regional or not p:
            return ""
        return str(names.get(p, p))

    rows = [{"id": c, "name": names.get(c, c), "kind": kinds.get(c, ""), "role": role,
             "organ_of": organ_of(c)}
            for c, role in data.groups.get(actor_id, ())]
    out = pd.DataFrame(rows, columns=["id", "name", "kind", "role", "organ_of"])
    if len(out):
        out = out.assign(_k=out["kind"].map({"council": 0, "network": 1}).fillna(2)
                         + (out["organ_of"] != "") * 0.5)  # an organ after the councils
        out = out.sort_values(["_k", "name", "id"], kind="stable").drop(columns="_k")
    return out.reset_index(drop=True)


def _gaps(data: BriefingData, actor_id: str, has: set) -> pd.DataFrame:
    """One row per sector where the actor has no agreement and a realistic partner nearby has
    one (:func:`graphmodel.suggestions`): the agreement to join (rank 1's) and up to three
    partners already in it. Sectors no realistic partner covers are left out (in a file
    with two countries, most of them belong to the other country)."""
    s = data.suggestions
    mine = s[s["actor"] == actor_id] if len(s) else s
    rows = []
    names = data.names
    colls = data.model.collaborations.set_index("id")
    for sector in data.gap_sectors:
        if sector in has:
            continue
        cand = mine[mine["sector"] == sector].sort_values("rank") if len(mine) else mine
        if len(cand):
            first = cand.iloc[0]
            cid = str(first["collaboration"] or "")
            host = str(colls.at[cid, "host"]) if cid in colls.index else ""
            rows.append({
                "sector": sector, "collaboration": cid,
                "collaboration_name": str(first["collaboration_name"] or ""),
                "host_name": names.get(host, host) if host else "",
                "candidates": [str(n) for n in cand["candidate_name"]],
                "distance_km": [float(d) for d in cand["distance_km"]],
                "shared": [int(x) for x in cand["shared"]],
                "n_candidates": len(cand),
            })
    return pd.DataFrame(rows, columns=["sector", "collaboration", "collaboration_name",
                                       "host_name", "candidates", "distance_km", "shared",
                                       "n_candidates"])


def _changes_of(data: BriefingData, ids: set) -> pd.DataFrame:
    """The changes that concern ``ids``: their joins and leaves, and the agreements formed
    (ended) with one of them as a member after (before)."""
    ch = data.changes
    if not len(ch):
        return ch.copy()
    keep = np.zeros(len(ch), dtype=bool)
    for i, (kind, coll, actor) in enumerate(zip(ch["change"], ch["collaboration"],
                                                ch["actor"])):
        if kind in ("joined", "left"):
            keep[i] = actor in ids
        elif kind == "formed":
            keep[i] = bool(data.after.get(coll, frozenset()) & ids)
        else:
            keep[i] = bool(data.before.get(coll, frozenset()) & ids)
    return ch[keep].reset_index(drop=True)


def _sources(data: BriefingData, actor_ids: set, collab_ids) -> tuple:
    """(source, rows) over the page's own rows: its actors, agreements and memberships."""
    m = data.model
    parts = [m.actors.loc[m.actors["id"].isin(actor_ids), "source"],
             m.collaborations.loc[m.collaborations["id"].isin(collab_ids), "source"],
             m.memberships.loc[m.memberships["actor"].isin(actor_ids)
                               & m.memberships["collaboration"].isin(collab_ids), "source"]]
    src = pd.concat(parts)
    counts = src[src != ""].value_counts()
    return tuple(sorted(((str(k), int(v)) for k, v in counts.items()),
                        key=lambda kv: (-kv[1], kv[0])))


# --------------------------------------------------------------------------- one council

#: a council's own figures beside the median of all councils: (key, column, format)
COUNCIL_FIGURES = (
    ("members", "n_members", figure_format("n_members")),
    ("agreements", "n_collaborations", figure_format("n_collaborations")),
    ("aligned", "aligned", figure_format("aligned")),
    ("within", "within", figure_format("within")),
    ("spanning", "spanning", figure_format("spanning")),
    ("configurations", "n_configurations", figure_format("n_configurations")),
    ("region_fragmentation", "region_fragmentation", figure_format("region_fragmentation")),
    ("dual_members", "n_dual_members", figure_format("n_dual_members")),
    ("ba_fit", "ba_fit", figure_format("ba_fit")),
    ("ba_regions", "n_ba_regions", figure_format("n_ba_regions")),
    ("host_concentration", "host_concentration", figure_format("host_concentration")),
)


@dataclass(frozen=True, eq=False)
class CouncilBriefing:
    """What one council's page shows: its figures beside the median of all councils, its
    members with their figures, the agreements touching it (``relation``: ``aligned``,
    ``within`` or ``spanning``), the changes among its members."""

    id: str
    name: str
    row: dict
    figures: tuple
    members: pd.DataFrame
    agreements: pd.DataFrame
    changes: pd.DataFrame
    sources: tuple
    dual: tuple
    motor: str
    motor_name: str
    motor_hosted: int
    kind: str = "council"
    #: the BA-region holding the most members (ties: first by name); "" when none is known
    main_ba_region: str = ""


def council_briefing(data: BriefingData, council_id: str) -> CouncilBriefing:
    """The page of one council, sliced from ``data``.

    Examples
    --------
    >>> b = council_briefing(briefing_data(example), "R")  # R = {a, b, c}, hosted by a
    >>> b.agreements[["collaboration", "relation"]].values.tolist(), b.motor
    ([['s2', 'aligned'], ['s1', 'within'], ['s3', 'spanning']], 'a')
    """
    if council_id not in data.councils.index:
        raise UnknownIdError(f"no regional council with id {council_id!r} in force under the "
                             "filters: pick one of the ids in the councils table")
    row = data.councils.loc[council_id].to_dict()
    inside = data.council_sets.get(council_id, frozenset())
    names = data.names
    members = data.actors.loc[data.actors.index.intersection(sorted(inside))].reset_index(
        drop=True)
    members["n_inside"] = [
        sum(1 for c, ms in data.members.items() if a in ms and set(ms) <= inside)
        for a in members["id"]]
    hosts_here = pd.Series([str(data.collaborations.at[c, "host"] or "")
                            for c, ms in data.members.items() if set(ms) & inside],
                           dtype=object)
    members["hosted_here"] = [int((hosts_here == a).sum()) for a in members["id"]]
    members = members.sort_values(["name", "id"], key=lambda s: s.str.casefold(),
                                  kind="stable")
    colls = data.collaborations
    recs = []
    for c, ms in sorted(data.members.items()):
        inn = [m for m in ms if m in inside]
        if not inn:
            continue
        out = [m for m in ms if m not in inside]
        relation = ("spanning" if out else "aligned" if set(inn) == set(inside) else "within")
        host = str(colls.at[c, "host"] or "")
        recs.append({
            "collaboration": c, "name": str(colls.at[c, "name"]),
            "sector": str(colls.at[c, "sector"]),
            "legal_form": str(colls.at[c, "legal_form"] or ""), "host": host,
            "host_name": names.get(host, host) if host else "",
            "inside": sorted((names.get(m, m) for m in inn), key=str.casefold),
            "outside": sorted((names.get(m, m) for m in out), key=str.casefold),
            "relation": relation,
        })
    agreements = pd.DataFrame(recs, columns=["collaboration", "name", "sector", "legal_form",
                                             "host", "host_name", "inside", "outside",
                                             "relation"])
    if len(agreements):
        agreements = agreements.sort_values(["sector", "name", "collaboration"],
                                            kind="stable").reset_index(drop=True)
    medians = {col: float(pd.to_numeric(data.councils[col], errors="coerce").median())
               for _, col, _ in COUNCIL_FIGURES}
    figures = tuple(Figure(key, row.get(col), medians[col], fmt)
                    for key, col, fmt in COUNCIL_FIGURES)
    others = {c: s for c, s in data.council_sets.items() if c != council_id}
    dual = tuple(sorted((names.get(a, a) for a in members["id"]
                         if any(a in s for s in others.values())), key=str.casefold))
    hosts = agreements["host"][agreements["host"] != ""] if len(agreements) else pd.Series([])
    counts = hosts.value_counts()
    motor = ""
    if len(counts):
        top = counts[counts == counts.max()]
        motor = min(top.index)
    mine = list(agreements["collaboration"]) if len(agreements) else []
    return CouncilBriefing(
        id=council_id, name=str(row.get("name") or council_id), row=row, figures=figures,
        members=members.reset_index(drop=True), agreements=agreements,
        changes=_changes_of(data, set(inside)),
        sources=_sources(data, set(inside), mine + [council_id]), dual=dual,
        motor=motor, motor_name=names.get(motor, motor) if motor else "",
        motor_hosted=int(counts.max()) if len(counts) else 0,
        main_ba_region=_main_ba_region(members["ba_region"] if "ba_region" in members
                                       else pd.Series([], dtype=object)),
    )


def _main_ba_region(regions: pd.Series) -> str:
    """The BA-region most members lie in (ties: first by name), "" when none is known."""
    counts = regions[regions != ""].value_counts()
    if not len(counts):
        return ""
    return min(counts[counts == counts.max()].index)
