"""The offline HTML snapshot of a view (a Jinja2 page) and its PNG/PDF and JSON siblings."""

from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

import jinja2
import numpy as np
import pandas as pd
from markupsafe import Markup

from .drawing import ViewGraph, view_graph
from .errors import SpecError
from .figures import KeyFigures, key_figures
from .i18n import (
    date,
    integer,
    kind_label,
    ntr,
    number,
    sector_label,
    status_label,
    tr,
    use_language,
)
from .model import Model
from .view import View, write_view
from .visnetwork import CSP, json_for_script, network_fragment

__all__ = [
    "filters_in_words",
    "snapshot_html",
    "snapshot_image",
    "snapshot_pdf",
    "snapshot_png",
    "write_snapshot",
]

def _size_explained(size_by: str) -> str:
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
    }.get(key, lambda: key)()


def _scope_words(scope: str) -> str:
    return {
        "the focused actors": lambda: tr("the municipalities in focus"),
        "the members of the focused collaborations":
            lambda: tr("the members of the collaborations in focus"),
        "the actors drawn": lambda: tr("the actors drawn"),
    }.get(scope, lambda: scope)()


# --------------------------------------------------------------------------- assets


def _asset(name: str) -> str:
    return (resources.files("graphmodel") / "assets" / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    """The page template (``assets/snapshot.html.j2``), autoescape on, read once."""
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=False, lstrip_blocks=False)
    return env.from_string(_asset("snapshot.html.j2"))


@lru_cache(maxsize=1)
def _page_css() -> Markup:
    """``assets/snapshot.css``, inlined into the page (checked: it cannot end its element)."""
    css = _asset("snapshot.css")
    if re.search(r"</style|<!--", css, re.IGNORECASE):
        raise RuntimeError("assets/snapshot.css cannot be inlined safely")
    return Markup(css)


# --------------------------------------------------------------------------- the page


def snapshot_html(model: Model, view: View, *, made_at=None,
                  figures: KeyFigures | None = None) -> str:
    """One self-contained HTML file: the view's network, legend, key figures, provenance.

    It opens from disk with no network and no server: vis-network is inlined,
    no ``http:``/``https:`` resource is referenced, and a Content-Security-Policy
    forbids every request. The page comes from the Jinja2 template
    ``graphmodel/assets/snapshot.html.j2`` with autoescape on, so every text taken from
    the data (names, title, note, sources) is escaped; its CSS
    (``assets/snapshot.css``) is inlined. The drawing gets its data as escaped JSON
    (:func:`graphmodel.visnetwork.json_for_script`) and shows tooltips as plain text.
    The positions are those :func:`graphmodel.drawing.view_graph` gives the app for the
    same view. ``made_at`` (datetime or text; default now) is printed in the footer.
    Raises :class:`UnknownIdError` when the view's focus or councils are not in the data.
    Every word is in the view's language (``view.lang``), numbers and dates as that
    language writes them (:mod:`graphmodel.i18n`).

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
    with use_language(view.lang):
        return _snapshot_html(model, view, made_at, figures)


def _default_title(model: Model, view: View) -> str:
    """The title of a view without one: the places in focus, else the dataset."""
    if view.focus:
        names = model.names()
        return tr("Collaboration around {names}", names=_list(view.focus, names, limit=3))
    return tr("Collaboration in {name}", name=model.name)


def _made_text(made_at) -> str:
    """When the file was made, with the date as the language writes it."""
    if made_at is None:
        made_at = _dt.datetime.now().astimezone()
    if isinstance(made_at, str):
        try:
            made_at = _dt.datetime.fromisoformat(made_at.strip())
        except ValueError:
            return made_at
    return f"{date(made_at)} {made_at.strftime('%H:%M')}"


def _snapshot_html(model: Model, view: View, made_at, figures) -> str:
    warnings = view.check(model)
    vg = view_graph(model, **view.view_graph_kwargs())
    figs = figures if figures is not None else key_figures(model, view, vg)
    made_at = _made_text(made_at)
    frag = network_fragment(vg, height="620px", width="100%")
    note = view.note.strip()
    context = {
        "lang": view.lang,
        "t": _page_words(model, view, made_at),
        "csp": Markup(CSP),  # our constant: no double quote, so safe in the attribute
        "title": view.title or _default_title(model, view),
        "dataset": model.name,
        "date_text": date(view.as_of) if view.as_of else tr("all dates"),
        "made_at": str(made_at),
        "warnings": list(warnings),
        "note_paragraphs": [p for p in re.split(r"\n\s*\n", note) if p.strip()] if note else [],
        "filters": filters_in_words(model, view),
        # built by graphmodel: markup of its own, data only inside escaped JSON
        "network_head": Markup(frag.head),
        "network_body": Markup(frag.body),
        "css": _page_css(),
        "legend_nodes": [(label, _safe_color(color), shape) for label, color, shape in vg.legend],
        "legend_lines": _legend_lines(vg),
        "size_explain": _size_explained(view.size_by),
        "message": vg.message,
        "view_json": Markup(json_for_script(view.to_dict())),
        **_figures_context(figs),
        **_footer_context(model),
    }
    return _template().render(context)


def _page_words(model: Model, view: View, made_at: str) -> dict:
    """The page's own words (headings, labels, sentences) in the language in use."""
    try:
        from . import __version__
    except ImportError:  # an editable install seen as a namespace package
        __version__ = "?"
    return {
        "kicker": tr("Collaboration snapshot"),
        "data_as_of": tr("Data as of"),
        "made": tr("made {time}", time=made_at),
        "filters": tr("What the view shows"),
        "legend": tr("Legend"),
        "node_size": tr("Node size: {how}.", how=_size_explained(view.size_by)),
        "hover": tr("Hover over a node or a line for details."),
        "key_figures": tr("Key figures"),
        "fragmentation_scale": tr("Fragmentation runs from 0 (every agreement with the same "
                                  "partners) to 1 (a different set of partners each time)."),
        "about": tr("About these data"),
        "dataset_counts": tr(
            "Dataset {name}: {actors}, {collaborations}, {memberships}.", name=model.name,
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
    }


def _safe_color(color) -> str:
    return color if re.fullmatch(r"#[0-9A-Fa-f]{6}", str(color)) else "#BBBBBB"


def _legend_lines(vg: ViewGraph) -> list[tuple[str, str, float, str]]:
    rel = set(vg.edges["relation"]) if len(vg.edges) else set()
    return [(label, color, width, dash)
            for key, label, color, width, dash in _legend_line_rows() if key in rel]


def _figures_context(figs: KeyFigures) -> dict:
    """Cards, the sentence on what counts, and the four tables of the key figures."""
    cards = [(_num(value, 2) if isinstance(value, float) else _num(int(value)),
              _count_label(key)) for key, value in figs.counts.items()]
    mf = figs.metric_filters
    counted = tr("The figures count {kinds} among {actors} (observers never count), under "
                 "the same date and filters.",
                 kinds=_list([kind_label(k).lower() for k in mf["kinds"]]),
                 actors=_list([kind_label(k).lower() for k in mf["actor_kinds"]]))
    tables = [
        _table(figs.actors,
               [("name", tr("Municipality"), "text"),
                ("n_collaborations", tr("Agreements"), "int"),
                ("n_partners", tr("Partners"), "int"),
                ("n_configurations", tr("Partner sets"), "int"),
                ("fragmentation", tr("Fragmentation"), "float"),
                ("effective_partners", tr("Effective partners"), "float"),
                ("home_council", tr("Home council"), "text"),
                ("home_alignment", tr("Share within home council"), "float")],
               tr("Fragmentation of {scope}", scope=_scope_words(figs.scope)), figs.n_actors,
               tr("No municipality in scope."), wide=True),
        _table(figs.councils,
               [("name", tr("Regional council"), "text"), ("n_members", tr("Members"), "int"),
                ("n_collaborations", tr("Agreements"), "int"),
                ("aligned", tr("All members inside"), "int"),
                ("within", tr("Within the council"), "int"),
                ("spanning", tr("Across its border"), "int"),
                ("region_fragmentation", tr("Fragmentation"), "float"),
                ("n_dual_members", tr("Members of two councils"), "int")],
               tr("Regional councils"), figs.n_councils, tr("No regional council in this view."),
               wide=True),
        _table(figs.dual, [("name", tr("Municipality"), "text"),
                           ("n_councils", tr("Councils"), "int"),
                           ("councils", tr("Which"), "text")],
               tr("Members of two regional councils or more"), figs.n_dual,
               tr("No municipality here sits in two regional councils.")),
        _table(figs.crossing, [("a_name", tr("Collaboration"), "text"),
                               ("b_name", tr("crosses"), "text"),
                               ("jaccard", tr("Overlap (Jaccard index)"), "float")],
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
            row.append((fmt, _cell_text(v) if fmt == "text"
                        else _num(v, 0 if fmt == "int" else 2)))
        rows.append(row)
    more = (tr("The {n} highest of {total} shown.", n=integer(len(frame)), total=integer(total))
            if total > len(frame) else "")
    return {"caption": caption, "wide": wide, "empty": empty, "rows": rows, "more": more,
            "columns": [(heading, fmt) for _, heading, fmt in columns]}


def _cell_text(value) -> str:
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
        listed = "; ".join(f"{s} ({integer(n)})" for s, n in top) or tr("no source given")
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


def _num(value, digits: int = 2) -> str:
    """A number as the language in use writes it; blank when there is none."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return ""
    if isinstance(value, (int, np.integer)):
        return integer(int(value))
    return number(float(value), digits)


def _list(items, names=None, limit: int = 12) -> str:
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
    return [(label, text) for _key, label, text in _filter_rows(model, view)]


def _filter_rows(model: Model, view: View) -> list[tuple[str, str, str]]:
    """(key, label, text) per row of :func:`filters_in_words`; the key is for code."""
    f = view.filters
    drawn = view.view_graph_kwargs()
    rows = [("date", tr("Date"), date(view.as_of) if view.as_of
             else tr("all dates (no date filter)"))]
    kinds = _list([kind_label(k) for k in drawn["kinds"]])
    rows.append(("kinds", tr("Collaborations"), kinds))
    if f["actor_kinds"]:
        actors = _list([kind_label(k) for k in f["actor_kinds"]])
    else:
        actors = (tr("all kinds of actors") if view.view == "bipartite"
                  else kind_label("municipality"))
    rows.append(("actor_kinds", tr("Actors"), actors))
    rows.append(("sectors", tr("Sectors"), _list([sector_label(s) for s in f["sectors"]])
                 if f["sectors"] else tr("all sectors")))
    rows.append(("status", tr("Status"), _list([status_label(s) for s in f["status"]])
                 if f["status"] else tr("any status")))
    if f["countries"]:
        rows.append(("countries", tr("Countries"), ", ".join(f["countries"])))
    if f["regions"]:
        rows.append(("regions", tr("Regions"), ", ".join(f["regions"])))
    names = model.names()
    if f["councils"]:
        rows.append(("councils", tr("Regional councils"),
                     tr("the members of {names}", names=_list(f["councils"], names))))
    if view.focus:
        where = _list(view.focus, names)
        rows.append(("focus", tr("Focus"),
                     tr("{names} (one step around)", names=where) if view.depth == 1
                     else tr("{names} (two steps around)", names=where)))
    kind = (tr("actors and collaborations") if view.view == "bipartite"
            else tr("actors linked by shared collaborations"))
    colour = {"kind": lambda: tr("colour by kind"), "sector": lambda: tr("colour by sector"),
              "community": lambda: tr("colour by community")}[view.color_by]()
    rows.append(("drawing", tr("Drawing"), f"{kind}; {colour}"))
    return rows

# --------------------------------------------------------------------------- other formats


def snapshot_image(model: Model, view: View, path_or_file=None, fmt: str = "png"):
    """The view as a PNG picture or a one-page PDF (:func:`graphmodel.image.render_image`).

    Checks the view against the data, draws it as :func:`snapshot_html` does, and titles it
    with the view's title and its date, sectors, focus and councils. Returns the path
    (a path given), ``None`` (a file object given) or the bytes (``None`` given).
    """
    from .image import render_image  # matplotlib only when a picture is asked for

    with use_language(view.lang):
        view.check(model)
        vg = view_graph(model, **view.view_graph_kwargs())
        subtitle = " · ".join(f"{label}: {text}" for key, label, text
                              in _filter_rows(model, view)
                              if key in ("date", "kinds", "sectors", "focus", "councils"))
        out = render_image(vg, path_or_file, fmt,
                           title=view.title or _default_title(model, view),
                           subtitle=subtitle, note=view.note, legend=True)
    return Path(path_or_file) if isinstance(path_or_file, (str, Path)) else out


def snapshot_png(model: Model, view: View, path) -> Path:
    """The view as a PNG picture (:func:`snapshot_image` with ``fmt="png"``)."""
    return snapshot_image(model, view, path, "png")


def snapshot_pdf(model: Model, view: View, path) -> Path:
    """The view as a one-page PDF (:func:`snapshot_image` with ``fmt="pdf"``)."""
    return snapshot_image(model, view, path, "pdf")


def write_snapshot(model: Model, view: View, path, *, made_at=None) -> Path:
    """Write the view to ``path``, the format chosen by its suffix: .html, .png, .pdf, .json."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        # "replace": a lone surrogate in a name from the data becomes "?", never a crash
        path.write_bytes(snapshot_html(model, view, made_at=made_at).encode("utf-8", "replace"))
        return path
    if suffix in (".png", ".pdf"):
        return snapshot_image(model, view, path, suffix[1:])
    if suffix == ".json":
        view.check(model)
        if not view.data_hash:
            view = replace(view, data_hash=model.content_hash())
        if not view.dataset:
            view = replace(view, dataset=model.name)
        return write_view(view, path)
    raise SpecError(f"cannot write {path.name!r}: use a name ending in .html, .png, .pdf or "
                    ".json")
