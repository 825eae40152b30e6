"""What every snapshot page shares: template, CSS, strict CSP, the view in words, tables."""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import html
import math
import re
from functools import lru_cache
from importlib import resources

import jinja2
import numpy as np
import pandas as pd
from markupsafe import Markup

from ..analysis.columns import metric_columns
from ..data.model import Model
from ..drawing.network import ViewGraph
from ..drawing.network_html import json_for_script
from ..i18n import (
    country_name,
    dataset_label,
    date,
    integer,
    kind_label,
    ntr,
    number,
    provenance_label,
    sector_label,
    status_label,
    tr,
)
from .key_figures import KeyFigures
from .view import View

__all__ = [
    "asset",
    "base_context",
    "cell_text",
    "csp_hash",
    "figures_context",
    "filter_rows",
    "filters_in_words",
    "legend_lines",
    "list_text",
    "made_text",
    "num",
    "page_css",
    "render_strict",
    "safe_color",
    "size_explained",
    "strict_csp",
    "template",
]


def size_explained(size_by: str) -> str:
    """What node size stands for (``view.size_by``), in the language in use."""
    return {
        "population": lambda: tr("population (collaborations: members)"),
        "strength": lambda: tr("strength, the sum of shared collaborations "
                               "(collaborations: members)"),
        "none": lambda: tr("the same for all"),
    }[size_by]()




def _legend_line_rows() -> tuple:
    """Edge relations in the legend: (relation, label, colour, stroke width, dash pattern)."""
    return (("member", tr("membership"), "#9AA5B1", 1.5, ""),
            ("lead", tr("host, lead or owner"), "#6B7785", 3, ""),
            ("observer", tr("observer"), "#B8C0C8", 1.5, "4 3"),
            ("part_of", tr("part of (arrow to the parent)"), "#7F7F7F", 1.5, "2 3"),
            ("shared", tr("shared collaborations (thicker: more)"), "#8C96A3", 3, ""))


def _count_label(key: str) -> str:
    """The card label of a :attr:`KeyFigures.counts` key, in the language in use."""
    return {
        "actors drawn": lambda: tr("actors drawn"),
        "collaborations drawn": lambda: tr("collaborations drawn"),
        "links drawn": lambda: tr("links drawn"),
        "crossing pairs": lambda: tr("pairs of crossing collaborations"),
        "in two councils or more": lambda: tr("in two regional councils or more"),
        "mean fragmentation": lambda: tr("mean fragmentation"),
        "actors on the map": lambda: tr("municipalities on the map"),
        "collaborations in view": lambda: tr("agreements among them"),
    }.get(key, lambda: key)()


def _map_color_words(color: str) -> str:
    return {
        "fragmentation": lambda: tr("fragmentation"),
        "agreements": lambda: tr("number of agreements"),
        "home_council": lambda: tr("home council"),
        "strategy": lambda: tr("strategy"),
        "community": lambda: tr("community"),
    }.get(color, lambda: color)()


def _scope_words(scope: str) -> str:
    return {
        "the focused actors": lambda: tr("the municipalities in focus"),
        "the members of the focused collaborations":
            lambda: tr("the members of the collaborations in focus"),
        "the actors drawn": lambda: tr("the actors drawn"),
    }.get(scope, lambda: scope)()


# --------------------------------------------------------------------------- assets


def asset(name: str) -> str:
    """The text of ``graphmodel/assets/NAME`` (UTF-8)."""
    return (resources.files("graphmodel") / "assets" / name).read_text(encoding="utf-8")


@lru_cache(maxsize=4)
def template(name: str = "snapshot.html.j2") -> jinja2.Template:
    """A page template (``assets/NAME``, the snapshot's by default), autoescape on, read once."""
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=False, lstrip_blocks=False)
    return env.from_string(asset(name))


@lru_cache(maxsize=1)
def page_css() -> Markup:
    """``assets/snapshot.css``, inlined into the page (checked: it cannot end its element)."""
    css = asset("snapshot.css")
    if re.search(r"</style|<!--", css, re.IGNORECASE):
        raise RuntimeError("assets/snapshot.css cannot be inlined safely")
    return Markup(css)


# --------------------------------------------------------------------------- the page


def made_text(made_at) -> str:
    """When the file was made, with the date as the language writes it."""
    if made_at is None:
        made_at = _dt.datetime.now().astimezone()
    if isinstance(made_at, str):
        try:
            made_at = _dt.datetime.fromisoformat(made_at.strip())
        except ValueError:
            return made_at
    return f"{date(made_at)} {made_at.strftime('%H:%M')}"


def base_context(model: Model, view: View, made_at, title: str, warnings) -> dict:
    """What every page shows around its picture: header, note, filters, footer."""
    note = view.note.strip()
    return {
        "lang": view.lang,
        "t": _page_words(model, view, made_at),
        "title": title,
        "dataset": dataset_label(model.name),
        "date_text": date(view.as_of) if view.as_of else tr("all dates"),
        "made_at": str(made_at),
        "warnings": list(warnings),
        "note_paragraphs": [p for p in re.split(r"\n\s*\n", note) if p.strip()] if note else [],
        "filters": filters_in_words(model, view),
        "network_head": Markup(""),
        "network_body": Markup(""),
        "css": page_css(),
        "legend_nodes": [], "legend_lines": [], "message": "",
        "size_explain": size_explained(view.size_by),
        "view_json": Markup(json_for_script(view.to_dict())),
        **_footer_context(model),
    }


def render_strict(context: dict, svg: str) -> str:
    """Render a page that runs no script: its CSP allows only the page's own style
    element (by hash) and the exact style attributes of ``svg`` (by hash), nothing else."""
    context["csp"] = Markup(strict_csp(str(context["css"]), svg))
    return template().render(context)


def strict_csp(css: str, svg: str = "") -> str:
    """The Content-Security-Policy of a page with no script: no request of any kind, no
    script, and only the page's own ``<style>`` element (``"\\n" + css + "\\n"``) and the
    style attributes found in ``svg`` allowed, each by its SHA-256 hash.

    >>> strict_csp("p{}").startswith("default-src 'none'; script-src 'none'; style-src 'sha256-")
    True
    >>> "'unsafe-inline'" in strict_csp("p{}", '<svg style="x:1">')
    False
    """
    styles = [csp_hash("\n" + css + "\n")]
    attributes = sorted({html.unescape(m) for m in re.findall(r'\sstyle="([^"]*)"', svg)})
    if attributes:
        styles += ["'unsafe-hashes'"] + [csp_hash(a) for a in attributes]
    return ("default-src 'none'; script-src 'none'; style-src " + " ".join(styles)
            + "; img-src 'none'; font-src 'none'; connect-src 'none'; form-action 'none'; "
            "base-uri 'none'")


def csp_hash(text: str) -> str:
    """A CSP source allowing exactly ``text`` (a script, a style element or attribute).

    >>> csp_hash("")
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    """
    raw = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(raw).decode("ascii") + "'"


def _page_words(model: Model, view: View, made_at: str) -> dict:
    """The page's own words (headings, labels, sentences) in the language in use."""
    try:
        from .. import __version__
    except ImportError:  # an editable install seen as a namespace package
        __version__ = "?"
    return {
        "kicker": tr("Collaboration snapshot"),
        "data_as_of": tr("Data as of"),
        "made": tr("made {time}", time=made_at),
        "filters": tr("What the view shows"),
        "legend": tr("Legend"),
        "node_size": tr("Node size: {how}.", how=size_explained(view.size_by)),
        "hover": tr("Hover over a node or a line for details."),
        "key_figures": tr("Key figures"),
        "fragmentation_scale": tr("Fragmentation runs from 0 (every agreement with the same "
                                  "partners) to 1 (a different set of partners each time)."),
        "about": tr("About these data"),
        "dataset_counts": tr(
            "Dataset {name}: {actors}, {collaborations}, {memberships}.",
            name=dataset_label(model.name),
            actors=ntr("{n} actor", "{n} actors", len(model.actors)),
            collaborations=ntr("{n} collaboration", "{n} collaborations",
                               len(model.collaborations)),
            memberships=ntr("{n} membership", "{n} memberships", len(model.memberships))),
        "file": tr("File"), "rows": tr("Rows"), "sources": tr("Sources (rows)"),
        "hash": tr("Data hash (SHA-256 of the data files):"),
        "made_with": tr("Made {time} with graphmodel {version}.", time=made_at,
                        version=__version__),
        "offline": tr("This file works offline; the view it shows is stored inside it and "
                      "can be opened again in the app."),
        "map_hover": tr("Hover over a municipality or a council border for details. Grey "
                        "municipalities are not in the data or not kept by the filters."),
        "same_places": tr("Every agreement and municipality sits at the same place in both "
                          "pictures."),
        "hover_svg": tr("Hover over a node or a line for details."),
        "changes": tr("What changes"),
    }


def safe_color(color) -> str:
    """``color`` when it is ``#rrggbb``, else a neutral grey (never markup from data).

    >>> safe_color("#1A9850"), safe_color("red;x")
    ('#1A9850', '#BBBBBB')
    """
    return color if re.fullmatch(r"#[0-9A-Fa-f]{6}", str(color)) else "#BBBBBB"


def legend_lines(vg: ViewGraph) -> list[tuple[str, str, float, str]]:
    """The legend's line rows (label, colour, width, dash) for the relations drawn."""
    rel = set(vg.edges["relation"]) if len(vg.edges) else set()
    return [(label, color, width, dash)
            for key, label, color, width, dash in _legend_line_rows() if key in rel]


def figures_context(figs: KeyFigures) -> dict:
    """Cards, the sentence on what counts, and the four tables of the key figures."""
    cards = [(num(value, 2) if isinstance(value, float) else num(int(value)),
              _count_label(key)) for key, value in figs.counts.items()]
    mf = figs.metric_filters
    counted = tr("The figures count {kinds} among {actors} (observers never count), under "
                 "the same date and filters.",
                 kinds=list_text([kind_label(k).lower() for k in mf["kinds"]]),
                 actors=list_text([kind_label(k).lower() for k in mf["actor_kinds"]]))
    tables = [
        _table(figs.actors,
               metric_columns(["name", "n_collaborations", "n_partners", "n_configurations",
                               "fragmentation", "effective_partners", "home_council",
                               "home_alignment"], table="actors"),
               tr("Fragmentation of {scope}", scope=_scope_words(figs.scope)), figs.n_actors,
               tr("No municipality in scope."), wide=True),
        _table(figs.councils,
               metric_columns(["name", "n_members", "n_collaborations", "aligned", "within",
                               "spanning", "region_fragmentation", "n_dual_members"],
                              table="councils"),
               tr("Regional councils"), figs.n_councils, tr("No regional council in this view."),
               wide=True),
        _table(figs.dual, [("name", tr("Municipality"), "text"),
                           ("n_councils", tr("Councils"), "int"),
                           ("councils", tr("Which"), "text")],
               tr("Members of two regional councils or more"), figs.n_dual,
               tr("No municipality here sits in two regional councils.")),
        _table(figs.crossing, [("a_name", tr("Collaboration"), "text"),
                               ("b_name", tr("crosses"), "text"),
                               *metric_columns(["jaccard"])],
               tr("Crossing collaborations (they share members, neither lies inside the "
                  "other)"),
               figs.n_crossing, tr("No crossing pair among the collaborations in view.")),
    ]
    return {"cards": cards, "counted": counted, "tables": tables}


def _table(frame: pd.DataFrame, columns: list[tuple[str, str, str]], caption: str,
           total: int, empty: str, wide: bool = False) -> dict:
    """A table for the template. columns: (column, heading, format 'text'/'int'/'float')."""
    rows = []
    for rec in frame.to_dict("records"):
        row = []
        for col, _, fmt in columns:
            v = rec.get(col)
            row.append((fmt, cell_text(v) if fmt == "text"
                        else num(v, 0 if fmt == "int" else 2)))
        rows.append(row)
    more = (tr("The {n} highest of {total} shown.", n=integer(len(frame)), total=integer(total))
            if total > len(frame) else "")
    return {"caption": caption, "wide": wide, "empty": empty, "rows": rows, "more": more,
            "columns": [(heading, fmt) for _, heading, fmt in columns]}


def cell_text(value) -> str:
    """A text cell: blank for a missing value, never "None" or "nan"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = str(value)
    return "" if text in ("None", "nan", "<NA>", "NaT") else text


def _footer_context(model: Model) -> dict:
    return {"provenance": _provenance(model), "data_hash": model.content_hash()}


def _provenance(model: Model) -> list[tuple[str, str, str]]:
    """(file, rows, the five commonest sources with their row counts) per data file."""
    rows = []
    for table in ("actors", "collaborations", "memberships"):
        frame = getattr(model, table)
        src = frame["source"] if "source" in frame.columns else pd.Series([""] * len(frame))
        counts = src[src != ""].value_counts()
        top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
        listed = "; ".join(f"{provenance_label(s)} ({integer(n)})" for s, n in top) or tr("no source given")
        rest = len(counts) - len(top)
        if rest > 0:
            listed += "; " + ntr("and {n} other source", "and {n} other sources", rest)
        missing = int((src == "").sum())
        if missing and top:
            listed += "; " + ntr("{n} row without a source", "{n} rows without a source",
                                 missing)
        rows.append((f"{table}.csv", integer(len(frame)), listed))
    return rows


# --------------------------------------------------------------------------- words


def num(value, digits: int = 2) -> str:
    """A number as the language in use writes it; blank when there is none."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return ""
    if isinstance(value, (int, np.integer)):
        return integer(int(value))
    return number(float(value), digits)


def list_text(items, names=None, limit: int = 12) -> str:
    """Ids (as ``names`` gives them) joined by commas, at most ``limit``, then "and N more".

    >>> list_text(["a", "b", "c"], {"a": "Ås"}, limit=2)
    'Ås, b and 1 more'
    """
    items = list(items)
    shown = [(names or {}).get(i, i) for i in items[:limit]]
    more = (" " + tr("and {n} more", n=integer(len(items) - limit))
            if len(items) > limit else "")
    return ", ".join(shown) + more


def filters_in_words(model: Model, view: View) -> list[tuple[str, str]]:
    """The view's date, filters, focus and drawing in words: (label, text) rows.

    In the language in use (a snapshot sets the view's own); the kinds a view draws by
    default are those of :meth:`View.view_graph_kwargs`.
    """
    return [(label, text) for _key, label, text in filter_rows(model, view)]


def filter_rows(model: Model, view: View) -> list[tuple[str, str, str]]:
    """(key, label, text) per row of :func:`filters_in_words`; the key is for code."""
    f = view.filters
    drawn = view.view_graph_kwargs()
    rows = [("date", tr("Date"), date(view.as_of) if view.as_of
             else tr("all dates (no date filter)"))]
    kinds = list_text([kind_label(k) for k in drawn["kinds"]])
    rows.append(("kinds", tr("Collaborations"), kinds))
    if f["actor_kinds"]:
        actors = list_text([kind_label(k) for k in f["actor_kinds"]])
    elif view.picture == "map":
        actors = kind_label("municipality")  # the map places municipalities
    else:
        actors = (tr("all kinds of actors") if view.view == "bipartite"
                  else kind_label("municipality"))
    rows.append(("actor_kinds", tr("Actors"), actors))
    rows.append(("sectors", tr("Sectors"), list_text([sector_label(s) for s in f["sectors"]])
                 if f["sectors"] else tr("all sectors")))
    rows.append(("status", tr("Status"), list_text([status_label(s) for s in f["status"]])
                 if f["status"] else tr("any status")))
    if f["countries"]:
        rows.append(("countries", tr("Countries"),
                     ", ".join(country_name(c) for c in f["countries"])))
    if f["regions"]:
        rows.append(("regions", tr("Regions"), ", ".join(f["regions"])))
    names = model.names()
    if f["councils"]:
        rows.append(("councils", tr("Regional councils"),
                     tr("the members of {names}", names=list_text(f["councils"], names))))
    if view.focus:
        where = list_text(view.focus, names)
        rows.append(("focus", tr("Focus"),
                     tr("{names} (one step around)", names=where) if view.depth == 1
                     else tr("{names} (two steps around)", names=where)))
    if view.picture == "map":
        drawing = tr("map of the municipalities; colour by {measure}",
                     measure=_map_color_words(view.map_color))
        if view.agreement:
            drawing += "; " + tr("members of {name} linked to its host",
                                 name=names.get(view.agreement, view.agreement))
        rows.append(("drawing", tr("Drawing"), drawing))
        return rows
    kind = (tr("actors and collaborations") if view.view == "bipartite"
            else tr("actors linked by shared collaborations"))
    colour = {"kind": lambda: tr("colour by kind"), "sector": lambda: tr("colour by sector"),
              "community": lambda: tr("colour by community")}[view.color_by]()
    rows.append(("drawing", tr("Drawing"), f"{kind}; {colour}"))
    return rows

