"""Shareable views: a small JSON spec (View) and one self-contained offline HTML snapshot."""

from __future__ import annotations

import datetime as _dt
import html
import json
import math
import re
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import SpecError, UnknownIdError
from .model import Model
from .render import (
    COLOR_BY,
    CSP,
    SIZE_BY,
    VIEWS,
    ViewGraph,
    json_for_script,
    network_fragment,
    view_graph,
)
from .schema import ACTOR_KINDS, COLLABORATION_KINDS, STATUSES
from .select import parse_date

__all__ = [
    "FILTER_KEYS",
    "SCHEMA_VERSION",
    "KeyFigures",
    "View",
    "key_figures",
    "read_view",
    "snapshot_html",
    "snapshot_pdf",
    "snapshot_png",
    "write_snapshot",
    "write_view",
]

SCHEMA_VERSION = 1
#: The filters a view stores (the keywords of :func:`graphmodel.select`, plus councils).
FILTER_KEYS = ("sectors", "kinds", "actor_kinds", "status", "countries", "regions", "councils")
_FILTER_DEFAULTS = {k: None for k in FILTER_KEYS} | {"status": ("active",), "councils": None}
_MAX_TEXT = {"title": 200, "note": 5000, "dataset": 200}
_MAX_FILE = 1_000_000
_HASH = re.compile(r"^[0-9a-f]{64}$")


# --------------------------------------------------------------------------- View


def _str_tuple(value, what: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        raise SpecError(f"{what} must be a list of ids or names, not {type(value).__name__}")
    out = []
    for v in value:
        if not isinstance(v, str):
            raise SpecError(f"{what} must hold text only, not {v!r}")
        v = v.strip()
        if v and v not in out:
            out.append(v)
    return tuple(out)


def _check_filters(value) -> dict:
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise SpecError(f"filters must be an object (a mapping), not {type(value).__name__}")
    unknown = sorted(set(value) - set(FILTER_KEYS))
    if unknown:
        raise SpecError(f"unknown filter {unknown[0]!r}: use {', '.join(FILTER_KEYS)}")
    out = {}
    allowed = {"kinds": COLLABORATION_KINDS, "actor_kinds": ACTOR_KINDS, "status": STATUSES}
    for key in FILTER_KEYS:
        raw = value.get(key, _FILTER_DEFAULTS[key])
        if raw is None:
            out[key] = None
            continue
        items = _str_tuple(raw, f"filter {key!r}")
        if key in allowed:
            bad = [v for v in items if v not in allowed[key]]
            if bad:
                raise SpecError(f"unknown value {bad[0]!r} in filter {key!r}: use one of "
                                f"{', '.join(allowed[key])}")
        out[key] = tuple(sorted(items))
    return out


@dataclass(frozen=True)
class View:
    """A view to share: dataset, date, filters, focus, colouring, title and a note.

    Saved as a small JSON file (:meth:`to_json`, :func:`write_view`), never pickle;
    read back with :meth:`from_json` / :func:`read_view`, which check every field and
    raise :class:`~graphmodel.errors.SpecError` for an unknown ``schema_version``, an
    unknown field or a wrong type. ``filters`` holds the keywords of
    :func:`graphmodel.select` (``sectors, kinds, actor_kinds, status, countries,
    regions``) and ``councils``; ``None`` means no filter (for ``kinds`` and
    ``actor_kinds``: the view's default, see :func:`graphmodel.render.view_graph`).

    Examples
    --------
    >>> v = View(dataset="nordic", focus=("no-5035",), depth=2, title="Stjørdal")
    >>> View.from_json(v.to_json()) == v
    True
    >>> v.filters["status"], v.filters["sectors"]
    (('active',), None)
    >>> View.from_query_params(v.to_query_params()) == v
    True
    >>> View.from_json('{"schema_version": 2}')  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graphmodel.errors.SpecError: unknown schema_version 2: this graphmodel reads ... version 1...
    """

    schema_version: int = SCHEMA_VERSION
    dataset: str = ""
    data_hash: str = ""
    as_of: str | None = None
    view: str = "bipartite"
    filters: dict = field(default_factory=dict)
    focus: tuple[str, ...] = ()
    depth: int = 1
    color_by: str = "kind"
    size_by: str = "population"
    title: str = ""
    note: str = ""

    def __post_init__(self):
        sv = self.schema_version
        if isinstance(sv, bool) or not isinstance(sv, int):
            raise SpecError(f"schema_version must be a whole number, not {sv!r}")
        if sv != SCHEMA_VERSION:
            raise SpecError(f"unknown schema_version {sv!r}: this graphmodel reads view files "
                            f"of version {SCHEMA_VERSION}; update graphmodel to open it")
        for name in ("dataset", "data_hash", "title", "note"):
            value = getattr(self, name)
            if not isinstance(value, str):
                raise SpecError(f"{name} must be text, not {type(value).__name__}")
            limit = _MAX_TEXT.get(name)
            if limit and len(value) > limit:
                raise SpecError(f"{name} is {len(value)} characters long; keep it under {limit}")
        if self.data_hash and not _HASH.match(self.data_hash):
            raise SpecError("data_hash must be the 64 hexadecimal digits of "
                            f"Model.content_hash(), not {self.data_hash[:80]!r}")
        if self.as_of is not None:
            if not isinstance(self.as_of, (str, _dt.date)):
                raise SpecError(f"as_of must be a date as text (YYYY-MM-DD), not {self.as_of!r}")
            day = parse_date(self.as_of)
            object.__setattr__(self, "as_of", None if day is None else day.date().isoformat())
        for name, allowed in (("view", VIEWS), ("color_by", COLOR_BY), ("size_by", SIZE_BY)):
            value = getattr(self, name)
            if value not in allowed:
                raise SpecError(f"unknown {name} {value!r}: use one of {', '.join(allowed)}")
        if isinstance(self.depth, bool) or self.depth not in (1, 2):
            raise SpecError(f"depth must be 1 or 2, not {self.depth!r}")
        object.__setattr__(self, "focus", _str_tuple(self.focus, "focus"))
        object.__setattr__(self, "filters", _check_filters(self.filters))

    # ---- construction

    @classmethod
    def for_model(cls, model: Model, **values) -> View:
        """A view of ``model``: ``dataset`` and ``data_hash`` filled in from it."""
        values.setdefault("dataset", model.name)
        values.setdefault("data_hash", model.content_hash())
        return cls(**values)

    @classmethod
    def from_dict(cls, data) -> View:
        """A view from a mapping (parsed JSON), every field checked."""
        if not isinstance(data, dict):
            raise SpecError(f"a view must be a JSON object, not {type(data).__name__}")
        names = [f.name for f in fields(cls)]
        unknown = [k for k in data if k not in names]
        if unknown:
            raise SpecError(f"unknown field {unknown[0]!r} in the view: use "
                            f"{', '.join(names)}")
        if "schema_version" not in data:
            raise SpecError("the view has no schema_version: is this a graphmodel view file?")
        values = dict(data)
        if "focus" in values and not isinstance(values["focus"], (list, tuple, str)):
            raise SpecError(f"focus must be a list of ids, not {values['focus']!r}")
        return cls(**values)

    @classmethod
    def from_json(cls, text: str) -> View:
        """A view from its JSON text (as written by :meth:`to_json`)."""
        if isinstance(text, bytes):
            text = text.decode("utf-8-sig")
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            raise SpecError(f"the view is not valid JSON (line {err.lineno}, column "
                            f"{err.colno}: {err.msg})") from None
        return cls.from_dict(data)

    def to_dict(self) -> dict:
        """Plain JSON-ready values (lists for tuples)."""
        out = asdict(self)
        out["focus"] = list(self.focus)
        out["filters"] = {k: (None if v is None else list(v)) for k, v in self.filters.items()}
        return out

    def to_json(self) -> str:
        """Readable, stable JSON (UTF-8 text, two-space indent, a final newline)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    # ---- query parameters (the app's copyable link)

    def to_query_params(self) -> dict[str, str]:
        """The view as URL query parameters: strings only, defaults left out.

        Lists are joined with ``,`` (a ``,`` or ``\\`` inside an item is escaped with
        ``\\``); a filter that is ``None`` where its default is not (``status``) is
        written ``*`` (no filter).
        """
        out = {"v": str(self.schema_version)}
        default = View()
        for name in ("dataset", "data_hash", "as_of", "view", "color_by", "size_by",
                     "title", "note"):
            value = getattr(self, name)
            if value != getattr(default, name) and value is not None:
                out[name] = str(value)
        if self.focus:
            out["focus"] = _join(self.focus)
        if self.depth != 1:
            out["depth"] = str(self.depth)
        for key in FILTER_KEYS:
            value = self.filters[key]
            if value == _FILTER_DEFAULTS[key]:
                continue
            out[key] = "*" if value is None else _join(value)
        return out

    @classmethod
    def from_query_params(cls, params) -> View:
        """A view from query parameters (:meth:`to_query_params`); other keys are ignored.

        Values must be strings (a list, as Streamlit may give for a repeated key,
        uses its last item). Every value is checked as in :meth:`from_json`.
        """
        def get(key):
            value = params.get(key) if hasattr(params, "get") else None
            if isinstance(value, (list, tuple)):
                value = value[-1] if value else None
            if value is not None and not isinstance(value, str):
                raise SpecError(f"query parameter {key!r} must be text, not {value!r}")
            return value

        version = get("v")
        values: dict = {}
        if version is not None:
            if not version.isdigit():
                raise SpecError(f"query parameter 'v' must be a version number, not {version!r}")
            values["schema_version"] = int(version)
        for name in ("dataset", "data_hash", "as_of", "view", "color_by", "size_by",
                     "title", "note"):
            value = get(name)
            if value is not None:
                values[name] = value
        if get("focus"):
            values["focus"] = _split(get("focus"))
        if get("depth") is not None:
            if get("depth") not in ("1", "2"):
                raise SpecError(f"query parameter 'depth' must be 1 or 2, not {get('depth')!r}")
            values["depth"] = int(get("depth"))
        filters = {}
        for key in FILTER_KEYS:
            value = get(key)
            if value is not None:
                filters[key] = None if value == "*" else _split(value)
        values["filters"] = filters
        return cls(**values)

    # ---- use

    def view_graph_kwargs(self) -> dict:
        """The keyword arguments of :func:`graphmodel.render.view_graph` for this view."""
        f = self.filters
        return {
            "view": self.view, "focus": self.focus, "depth": self.depth,
            "color_by": self.color_by, "size_by": self.size_by, "as_of": self.as_of,
            "sectors": f["sectors"], "kinds": f["kinds"], "actor_kinds": f["actor_kinds"],
            "status": f["status"], "countries": f["countries"], "regions": f["regions"],
            "councils": f["councils"] or (),
        }

    def check(self, model: Model) -> tuple[str, ...]:
        """Check the view against ``model``; return warnings (empty when all is well).

        Raises :class:`~graphmodel.errors.UnknownIdError` when a focus or council id is
        not in the data. Warns when the data differ from those the view was saved
        with (``data_hash``) or when the dataset name differs.

        Examples
        --------
        >>> import pandas as pd
        >>> m = Model.from_frames(
        ...     pd.DataFrame({"id": ["a"], "name": ["A"], "kind": "municipality"}),
        ...     pd.DataFrame({"id": ["s"], "name": ["S"], "kind": "service"}),
        ...     pd.DataFrame({"actor": ["a"], "collaboration": ["s"]}),
        ... )
        >>> View.for_model(m, focus=("a",)).check(m)
        ()
        >>> View(focus=("zz",)).check(m)
        Traceback (most recent call last):
        ...
        graphmodel.errors.UnknownIdError: the view focuses on 'zz', which is not in the data
        """
        for f in self.focus:
            if not model.has_id(f):
                raise UnknownIdError(f"the view focuses on {f!r}, which is not in the data")
        collab_ids = set(model.collaborations["id"])
        for c in self.filters["councils"] or ():
            if c not in collab_ids:
                raise UnknownIdError(f"the view keeps the members of council {c!r}, which is "
                                     "not in the data")
        warnings = []
        if self.data_hash and self.data_hash != model.content_hash():
            warnings.append("The data have changed since this view was saved (data hash "
                            f"{self.data_hash[:12]} then, {model.content_hash()[:12]} now): "
                            "figures and drawing show the current data.")
        if self.dataset and self.dataset != model.name:
            warnings.append(f"This view was saved for the dataset {self.dataset!r}; "
                            f"it is shown on {model.name!r}.")
        return tuple(warnings)


def _join(items) -> str:
    return ",".join(i.replace("\\", "\\\\").replace(",", "\\,") for i in items)


def _split(text: str) -> tuple[str, ...]:
    items, cur, escaped = [], [], False
    for ch in text:
        if escaped:
            cur.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == ",":
            items.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    items.append("".join(cur))
    return tuple(i for i in items if i.strip())


def read_view(path) -> View:
    """Read a view file (JSON, UTF-8); :class:`SpecError` when it is not a valid view."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as err:
        raise SpecError(f"cannot read the view file {str(path)!r}: {err.strerror}") from None
    if size > _MAX_FILE:
        raise SpecError(f"{path.name} is {size:,} bytes: a view file is a few hundred bytes; "
                        "is this the right file?")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise SpecError(f"{path.name} is not UTF-8 text: is this a view file?") from None
    try:
        return View.from_json(text)
    except SpecError as err:
        raise SpecError(f"{path.name}: {err}") from None


def write_view(view: View, path) -> Path:
    """Write ``view`` as JSON (UTF-8) to ``path``; return the path."""
    path = Path(path)
    path.write_text(view.to_json(), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- key figures


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


def _metric_filters(view: View) -> dict:
    f = view.filters
    return {
        "as_of": view.as_of, "sectors": f["sectors"], "kinds": f["kinds"] or ("service",),
        "actor_kinds": f["actor_kinds"] or ("municipality",), "status": f["status"],
        "countries": f["countries"], "regions": f["regions"],
    }


def key_figures(model: Model, view: View, vg: ViewGraph | None = None, *,
                limit: int = 12) -> KeyFigures:
    """Fragmentation, councils, dual members and crossing pairs for what a view shows.

    The metrics count as DESIGN.md defines them: collaborations of the view's
    ``kinds`` (service when unset) among actors of its ``actor_kinds``
    (municipalities when unset), under its date and filters.
    """
    from .fragmentation import actor_fragmentation, council_metrics
    from .overlap import collaboration_pairs, dual_members

    if vg is None:
        vg = view_graph(model, **view.view_graph_kwargs())
    mf = _metric_filters(view)
    names = dict(zip(vg.nodes["id"], vg.nodes["name"]))
    drawn_actors = set(vg.nodes.loc[vg.nodes["layer"] == "actor", "id"])
    drawn_collabs = set(vg.nodes.loc[vg.nodes["layer"] == "collaboration", "id"])
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
        scope_ids = set(mem.loc[mem["collaboration"].isin(focus_collabs), "actor"])
        scope = "the members of the focused collaborations"
    else:
        scope_ids, scope = drawn_actors, "the actors drawn"
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
    if vg.view == "bipartite":
        inview = drawn_collabs
    else:
        inview = set(mem.loc[mem["actor"].isin(drawn_actors), "collaboration"])
    crossing = crossing[crossing["a"].isin(inview) & crossing["b"].isin(inview)]
    crossing = crossing.sort_values(["jaccard", "a", "b"], ascending=[False, True, True],
                                    kind="stable")
    all_names = _names(model, set(crossing["a"].head(limit)) | set(crossing["b"].head(limit))
                       | set(c["id"]) | set(a["home_council"]) | set(
                           ";".join(d["councils"]).split(";")))
    names = all_names | names

    a_out = a.head(limit).assign(home_council=lambda t: t["home_council"].map(
        lambda v: names.get(v, v)))
    d_out = d.head(limit).assign(councils=lambda t: t["councils"].map(
        lambda v: ", ".join(names.get(x, x) for x in v.split(";") if x)))
    x_out = crossing.head(limit).assign(
        a_name=lambda t: t["a"].map(lambda v: names.get(v, v)),
        b_name=lambda t: t["b"].map(lambda v: names.get(v, v)))
    n_edges = len(vg.edges)
    counts = {
        "actors drawn": len(drawn_actors),
        ("collaborations drawn" if vg.view == "bipartite" else "links drawn"):
            len(drawn_collabs) if vg.view == "bipartite" else n_edges,
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


def _names(model: Model, ids) -> dict[str, str]:
    ids = {i for i in ids if i}
    out = {}
    for frame in (model.actors, model.collaborations):
        hit = frame[frame["id"].isin(ids)]
        out.update(zip(hit["id"].tolist(), hit["name"].tolist()))
    return out


# --------------------------------------------------------------------------- HTML page


def _e(value) -> str:
    """Escape any value for HTML text or a quoted attribute."""
    return html.escape("" if value is None else str(value), quote=True)


def _num(value, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return "–"
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}"
    v = float(value)
    return f"{v:,.0f}" if v.is_integer() and digits == 0 else f"{v:.{digits}f}"


def _humanise(word: str) -> str:
    return word.replace("_", " ")


def _list(items, names=None, limit: int = 12) -> str:
    items = list(items)
    shown = [(names or {}).get(i, i) for i in items[:limit]]
    more = f" and {len(items) - limit} more" if len(items) > limit else ""
    return ", ".join(_humanise(s) if names is None else s for s in shown) + more


def _filters_in_words(model: Model, view: View, vg: ViewGraph) -> list[tuple[str, str]]:
    f = view.filters
    rows = []
    day = view.as_of
    rows.append(("Date", _long_date(day) if day else "all dates (no date filter)"))
    kinds_default = ("every kind" if view.view == "bipartite" else "service (default)")
    rows.append(("Collaborations", _list(f["kinds"]) if f["kinds"] else kinds_default))
    akinds_default = "every kind" if view.view == "bipartite" else "municipality (default)"
    rows.append(("Actors", _list(f["actor_kinds"]) if f["actor_kinds"] else akinds_default))
    rows.append(("Sectors", _list(f["sectors"]) if f["sectors"] else "all"))
    rows.append(("Status", _list(f["status"]) if f["status"] else "all"))
    if f["countries"]:
        rows.append(("Countries", ", ".join(f["countries"])))
    if f["regions"]:
        rows.append(("Regions", ", ".join(f["regions"])))
    ids = set(view.focus) | set(f["councils"] or ())
    names = _names(model, ids)
    if f["councils"]:
        rows.append(("Councils", "members of " + _list(f["councils"], names)))
    if view.focus:
        steps = "one step" if view.depth == 1 else "two steps"
        rows.append(("Focus", f"{_list(view.focus, names)} ({steps} around)"))
    kind = ("actors and collaborations" if view.view == "bipartite"
            else "actors linked by shared collaborations")
    rows.append(("Drawing", f"{kind}; colour by {view.color_by}, size by {view.size_by}"))
    return rows


def _long_date(iso: str) -> str:
    d = _dt.date.fromisoformat(iso)
    return f"{d.day} {d.strftime('%B')} {d.year}"


def _legend_html(vg: ViewGraph) -> str:
    items = []
    for label, color, shape in vg.legend:
        items.append(f'<li>{_swatch(color, shape)}<span>{_e(label)}</span></li>')
    rel = set(vg.edges["relation"]) if len(vg.edges) else set()
    lines = [("member", "membership", "#9AA5B1", 1.5, ""),
             ("lead", "host, lead or owner", "#6B7785", 3, ""),
             ("observer", "observer", "#B8C0C8", 1.5, "4 3"),
             ("part_of", "part of (arrow to the parent)", "#7F7F7F", 1.5, "2 3"),
             ("shared", "shared collaborations (thicker: more)", "#8C96A3", 3, "")]
    for key, label, color, width, dash in lines:
        if key in rel:
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            items.append(
                f'<li><svg width="26" height="14" aria-hidden="true"><line x1="1" y1="7" '
                f'x2="25" y2="7" stroke="{_e(color)}" stroke-width="{width}"{dash_attr}/>'
                f"</svg><span>{_e(label)}</span></li>")
    return '<ul class="legend">' + "".join(items) + "</ul>"


def _swatch(color: str, shape: str) -> str:
    c = _e(color if re.fullmatch(r"#[0-9A-Fa-f]{6}", str(color)) else "#BBBBBB")
    body = {
        "dot": f'<circle cx="7" cy="7" r="6" fill="{c}"/>',
        "square": f'<rect x="1.5" y="1.5" width="11" height="11" fill="{c}"/>',
        "diamond": f'<polygon points="7,0.5 13.5,7 7,13.5 0.5,7" fill="{c}"/>',
        "triangle": f'<polygon points="7,1 13.5,13 0.5,13" fill="{c}"/>',
    }.get(shape, f'<circle cx="7" cy="7" r="6" fill="{c}"/>')
    return f'<svg width="14" height="14" aria-hidden="true">{body}</svg>'


def _table(frame: pd.DataFrame, columns: list[tuple[str, str, str]], caption: str,
           total: int, empty: str, wide: bool = False) -> str:
    """columns: (column, heading, format) with format 'text', 'int' or 'float'."""
    cls = "table wide" if wide else "table"
    if frame.empty:
        return f'<section class="{cls}"><h3>{_e(caption)}</h3><p class="empty">{_e(empty)}' \
               "</p></section>"
    head = "".join(f'<th class="{fmt}">{_e(h)}</th>' for _, h, fmt in columns)
    body = []
    for rec in frame.to_dict("records"):
        cells = []
        for col, _, fmt in columns:
            v = rec.get(col)
            text = _e(v) if fmt == "text" else _num(v, 0 if fmt == "int" else 2)
            cells.append(f'<td class="{fmt}">{text}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    more = (f'<p class="more">The {len(frame)} highest of {total:,} shown.</p>'
            if total > len(frame) else "")
    return (f'<section class="{cls}"><h3>{_e(caption)}</h3><table><thead><tr>{head}</tr>'
            f'</thead><tbody>{"".join(body)}</tbody></table>{more}</section>')


def _provenance(model: Model) -> str:
    rows = []
    for table in ("actors", "collaborations", "memberships"):
        frame = getattr(model, table)
        src = frame["source"] if "source" in frame.columns else pd.Series([""] * len(frame))
        counts = src[src != ""].value_counts()
        top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
        listed = "; ".join(f"{_e(s)} ({n:,})" for s, n in top) or "no source given"
        rest = len(counts) - len(top)
        if rest > 0:
            listed += f"; and {rest} other source{'s' if rest > 1 else ''}"
        missing = int((src == "").sum())
        if missing and top:
            listed += f"; {missing:,} row{'s' if missing != 1 else ''} without a source"
        rows.append(f"<tr><th>{table}.csv</th><td class=\"int\">{len(frame):,}</td>"
                    f"<td>{listed}</td></tr>")
    return ("<table class=\"prov\"><thead><tr><th>File</th><th class=\"int\">Rows</th>"
            "<th>Sources (rows)</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


_PAGE_CSS = """
:root { --ink: #1f2933; --muted: #5f6b7a; --line: #d8dde3; --soft: #f4f6f8;
  --accent: #0072B2; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #ffffff;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    sans-serif; font-size: 15px; line-height: 1.5; }
main { max-width: 1200px; margin: 0 auto; padding: 28px 32px 40px; }
header { border-bottom: 3px solid var(--accent); padding-bottom: 12px; margin-bottom: 18px; }
.kicker { margin: 0; color: var(--muted); font-size: 13px; letter-spacing: .04em;
  text-transform: uppercase; }
h1 { margin: 4px 0 6px; font-size: 28px; line-height: 1.2; font-weight: 650; }
h2 { font-size: 19px; margin: 28px 0 10px; }
h3 { font-size: 15px; margin: 0 0 6px; }
.meta { margin: 0; color: var(--muted); font-size: 14px; }
.note { font-size: 16px; max-width: 75ch; margin: 0 0 16px; }
.note p { margin: 0 0 8px; white-space: pre-line; }
.warning { border-left: 4px solid #D55E00; background: #fdf1ea; padding: 8px 12px;
  margin: 0 0 14px; font-size: 14px; }
.message { border-left: 4px solid #E69F00; background: #fdf7e8; padding: 8px 12px;
  margin: 10px 0 0; font-size: 14px; }
dl.filters { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px;
  margin: 0 0 16px; font-size: 14px; }
dl.filters dt { color: var(--muted); }
dl.filters dd { margin: 0; }
.figure { display: grid; grid-template-columns: minmax(0, 1fr) 220px; gap: 18px;
  align-items: start; }
.legend { list-style: none; margin: 0; padding: 10px 12px; border: 1px solid var(--line);
  border-radius: 6px; font-size: 13px; background: var(--soft); }
.legend li { display: flex; align-items: center; gap: 8px; margin: 3px 0; }
.legend svg { flex: none; }
.legend-title { font-size: 13px; color: var(--muted); margin: 0 0 6px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr));
  gap: 12px; margin: 4px 0 18px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; }
.card .value { font-size: 26px; font-weight: 650; line-height: 1.2; }
.card .label { font-size: 13px; color: var(--muted); }
.tables { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr));
  gap: 22px 28px; }
.tables .wide { grid-column: 1 / -1; }
table { border-collapse: collapse; width: 100%; font-size: 13.5px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line);
  vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); font-weight: 600; }
td.int, td.float, th.int, th.float { text-align: right; font-variant-numeric: tabular-nums; }
.more, .empty, .explain { color: var(--muted); font-size: 13px; margin: 4px 0 0; }
.figures-note { margin-bottom: 16px; }
footer { margin-top: 30px; padding-top: 12px; border-top: 1px solid var(--line);
  font-size: 13px; color: var(--muted); }
footer table { font-size: 13px; margin: 6px 0 10px; }
code { font-family: ui-monospace, "SF Mono", Menlo, Consolas, monospace; font-size: 12px;
  word-break: break-all; }
@media (max-width: 800px) {
  main { padding: 16px; }
  .figure { grid-template-columns: 1fr; }
  .tables { grid-template-columns: 1fr; }
}
@page { size: A4 portrait; margin: 14mm; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  .figure { grid-template-columns: 1fr; }
  .legend { columns: 2; background: none; }
  .tables { grid-template-columns: 1fr; }
  section.table, .cards, .figure, footer table { break-inside: avoid; }
  h2 { break-after: avoid; }
}
"""


def snapshot_html(model: Model, view: View, *, made_at=None,
                  figures: KeyFigures | None = None) -> str:
    """One self-contained HTML file: the view's network, legend, key figures, provenance.

    It opens from disk with no network and no server: vis-network is inlined,
    no ``http:``/``https:`` resource is referenced, and a Content-Security-Policy
    forbids every request. Every text taken from the data (names, title, note,
    sources) is escaped; the drawing gets its data as escaped JSON and shows
    tooltips as plain text. The positions are those :func:`graphmodel.render.view_graph`
    gives the app for the same view. ``made_at`` (datetime or text; default now)
    is printed in the footer. Raises :class:`UnknownIdError` when the view's focus
    or councils are not in the data.

    Examples
    --------
    >>> import pandas as pd
    >>> m = Model.from_frames(
    ...     pd.DataFrame({"id": ["a", "b"], "name": ["Ås", "<b>B</b>"], "kind": "municipality"}),
    ...     pd.DataFrame({"id": ["s"], "name": ["S"], "kind": "service"}),
    ...     pd.DataFrame({"actor": ["a", "b"], "collaboration": ["s", "s"]}),
    ... )
    >>> page = snapshot_html(m, View.for_model(m, title="Test"), made_at="2024-05-01 10:00")
    >>> "<b>B</b>" in page, "&lt;b&gt;B&lt;/b&gt;" in page, "https://" in page.split("<script")[0]
    (False, True, False)
    """
    warnings = view.check(model)
    vg = view_graph(model, **view.view_graph_kwargs())
    figs = figures if figures is not None else key_figures(model, view, vg)
    if made_at is None:
        made_at = _dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    elif isinstance(made_at, _dt.datetime):
        made_at = made_at.strftime("%Y-%m-%d %H:%M")
    title = view.title or f"Collaboration in {model.name}"
    frag = network_fragment(vg, height="620px", width="100%")

    date_text = _long_date(view.as_of) if view.as_of else "all dates"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="generator" content="graphmodel">',
        f"<title>{_e(title)}</title>",
        frag.head,
        f"<style>{_PAGE_CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        "<header>",
        f'<p class="kicker">Collaboration snapshot · {_e(model.name)}</p>',
        f"<h1>{_e(title)}</h1>",
        (f'<p class="meta">Data as of <strong>{_e(date_text)}</strong> · made {_e(made_at)}'
        "</p>"),
        "</header>",
    ]
    for w in warnings:
        parts.append(f'<p class="warning">{_e(w)}</p>')
    if view.note.strip():
        paras = [p for p in re.split(r"\n\s*\n", view.note.strip()) if p.strip()]
        parts.append('<section class="note">' + "".join(f"<p>{_e(p)}</p>" for p in paras)
                     + "</section>")
    parts.append('<dl class="filters">' + "".join(
        f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in _filters_in_words(model, view, vg))
        + "</dl>")
    parts.append('<div class="figure"><div>' + frag.body + "</div>"
                 '<aside><p class="legend-title">Legend</p>' + _legend_html(vg)
                 + '<p class="explain">Node size: '
                 + _e({"population": "population (collaborations: members)",
                       "strength": "strength, the sum of shared collaborations "
                                   "(collaborations: members)",
                       "none": "fixed"}[view.size_by])
                 + ". Hover over a node or a line for details.</p></aside></div>")
    if vg.message:
        parts.append(f'<p class="message">{_e(vg.message)}</p>')
    parts.append(_figures_html(figs))
    parts.append(_footer(model, view, made_at))
    parts.append(f'<script type="application/json" id="gm-view">'
                 f"{json_for_script(view.to_dict())}</script>")
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts)


def _figures_html(figs: KeyFigures) -> str:
    cards = []
    for label, value in figs.counts.items():
        shown = _num(value, 2) if isinstance(value, float) else _num(int(value))
        cards.append(f'<div class="card"><div class="value">{shown}</div>'
                     f'<div class="label">{_e(label)}</div></div>')
    mf = figs.metric_filters
    counted = (f"Figures count {_list(mf['kinds'])} collaborations among "
               f"{_list(mf['actor_kinds'])} actors (observers never count), under the same "
               "date and filters.")
    out = ['<h2>Key figures</h2>', f'<div class="cards">{"".join(cards)}</div>',
           (f'<p class="explain figures-note">{_e(counted)} Fragmentation runs from 0 '
            "(every agreement with the same partners) to 1 (a different set of partners "
            "each time).</p>"),
           '<div class="tables">']
    out.append(_table(
        figs.actors,
        [("name", "Actor", "text"), ("n_collaborations", "Collab.", "int"),
         ("n_partners", "Partners", "int"), ("n_configurations", "Partner sets", "int"),
         ("fragmentation", "Fragmentation", "float"),
         ("effective_partners", "Effective partners", "float"),
         ("home_council", "Home council", "text"),
         ("home_alignment", "Within it", "float")],
        f"Fragmentation of {figs.scope}", figs.n_actors, "No actor in scope.", wide=True))
    out.append(_table(
        figs.councils,
        [("name", "Council", "text"), ("n_members", "Members", "int"),
         ("n_collaborations", "Collab.", "int"), ("aligned", "Aligned", "int"),
         ("within", "Within", "int"), ("spanning", "Spanning", "int"),
         ("region_fragmentation", "Fragmentation", "float"),
         ("n_dual_members", "Dual members", "int")],
        "Councils", figs.n_councils, "No council in this view.", wide=True))
    out.append(_table(
        figs.dual, [("name", "Actor", "text"), ("n_councils", "Councils", "int"),
                    ("councils", "Which", "text")],
        "Members of two councils or more", figs.n_dual, "No actor here sits in two councils."))
    out.append(_table(
        figs.crossing, [("a_name", "Collaboration", "text"), ("b_name", "crosses", "text"),
                        ("jaccard", "Overlap (Jaccard)", "float")],
        "Crossing collaborations (share members, neither inside the other)",
        figs.n_crossing, "No crossing pair among the collaborations in view."))
    out.append("</div>")
    return "\n".join(out)


def _footer(model: Model, view: View, made_at: str) -> str:
    try:
        from . import __version__
    except ImportError:  # an editable install seen as a namespace package
        __version__ = "?"
    h = model.content_hash()
    return (
        "<footer><h2>About these data</h2>"
        f"<p>Dataset <strong>{_e(model.name)}</strong>: {len(model.actors):,} actors, "
        f"{len(model.collaborations):,} collaborations, {len(model.memberships):,} "
        "memberships.</p>" + _provenance(model)
        + f"<p>Data hash (SHA-256 of the data files): <code>{_e(h)}</code></p>"
        f"<p>Made {_e(made_at)} with graphmodel {_e(__version__)}. This file works offline; "
        "the view it shows is stored inside it and can be opened again in the app.</p>"
        "</footer>"
    )


# --------------------------------------------------------------------------- other formats


def _subtitle(model: Model, view: View, vg: ViewGraph) -> str:
    words = _filters_in_words(model, view, vg)
    keep = [f"{k}: {v}" for k, v in words if k in ("Date", "Sectors", "Focus", "Councils")]
    return " · ".join(keep)


def snapshot_png(model: Model, view: View, path) -> Path:
    """The view as a PNG picture (via :func:`graphmodel.image.render_png`)."""
    from .image import render_png

    view.check(model)
    vg = view_graph(model, **view.view_graph_kwargs())
    render_png(vg, path, title=view.title or f"Collaboration in {model.name}",
               subtitle=_subtitle(model, view, vg), note=view.note, legend=True)
    return Path(path)


def snapshot_pdf(model: Model, view: View, path) -> Path:
    """The view as a one-page PDF (via :func:`graphmodel.image.render_pdf`)."""
    from .image import render_pdf

    view.check(model)
    vg = view_graph(model, **view.view_graph_kwargs())
    render_pdf(vg, path, title=view.title or f"Collaboration in {model.name}",
               subtitle=_subtitle(model, view, vg), note=view.note, legend=True)
    return Path(path)


def write_snapshot(model: Model, view: View, path, *, made_at=None) -> Path:
    """Write the view to ``path``, the format chosen by its suffix: .html, .png, .pdf, .json."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        path.write_text(snapshot_html(model, view, made_at=made_at), encoding="utf-8")
        return path
    if suffix == ".png":
        return snapshot_png(model, view, path)
    if suffix == ".pdf":
        return snapshot_pdf(model, view, path)
    if suffix == ".json":
        view.check(model)
        if not view.data_hash:
            view = replace(view, data_hash=model.content_hash())
        if not view.dataset:
            view = replace(view, dataset=model.name)
        return write_view(view, path)
    raise SpecError(f"cannot write {path.name!r}: use a name ending in .html, .png, .pdf or "
                    ".json")
