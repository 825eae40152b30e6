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

_SIZE_EXPLAINED = {
    "population": "population (collaborations: members)",
    "strength": "strength, the sum of shared collaborations (collaborations: members)",
    "none": "fixed",
}
#: Edge relations in the legend: (relation, label, colour, stroke width, dash pattern).
_LEGEND_LINES = (("member", "membership", "#9AA5B1", 1.5, ""),
                 ("lead", "host, lead or owner", "#6B7785", 3, ""),
                 ("observer", "observer", "#B8C0C8", 1.5, "4 3"),
                 ("part_of", "part of (arrow to the parent)", "#7F7F7F", 1.5, "2 3"),
                 ("shared", "shared collaborations (thicker: more)", "#8C96A3", 3, ""))


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
    frag = network_fragment(vg, height="620px", width="100%")
    note = view.note.strip()
    context = {
        "csp": Markup(CSP),  # our constant: no double quote, so safe in the attribute
        "title": view.title or f"Collaboration in {model.name}",
        "dataset": model.name,
        "date_text": _long_date(view.as_of) if view.as_of else "all dates",
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
        "size_explain": _SIZE_EXPLAINED[view.size_by],
        "message": vg.message,
        "view_json": Markup(json_for_script(view.to_dict())),
        **_figures_context(figs),
        **_footer_context(model),
    }
    return _template().render(context)


def _safe_color(color) -> str:
    return color if re.fullmatch(r"#[0-9A-Fa-f]{6}", str(color)) else "#BBBBBB"


def _legend_lines(vg: ViewGraph) -> list[tuple[str, str, float, str]]:
    rel = set(vg.edges["relation"]) if len(vg.edges) else set()
    return [(label, color, width, dash)
            for key, label, color, width, dash in _LEGEND_LINES if key in rel]


def _figures_context(figs: KeyFigures) -> dict:
    """Cards, the sentence on what counts, and the four tables of the key figures."""
    cards = [(_num(value, 2) if isinstance(value, float) else _num(int(value)), label)
             for label, value in figs.counts.items()]
    mf = figs.metric_filters
    counted = (f"Figures count {_list(mf['kinds'])} collaborations among "
               f"{_list(mf['actor_kinds'])} actors (observers never count), under the same "
               "date and filters.")
    tables = [
        _table(figs.actors,
               [("name", "Actor", "text"), ("n_collaborations", "Collab.", "int"),
                ("n_partners", "Partners", "int"), ("n_configurations", "Partner sets", "int"),
                ("fragmentation", "Fragmentation", "float"),
                ("effective_partners", "Effective partners", "float"),
                ("home_council", "Home council", "text"),
                ("home_alignment", "Within it", "float")],
               f"Fragmentation of {figs.scope}", figs.n_actors, "No actor in scope.", wide=True),
        _table(figs.councils,
               [("name", "Council", "text"), ("n_members", "Members", "int"),
                ("n_collaborations", "Collab.", "int"), ("aligned", "Aligned", "int"),
                ("within", "Within", "int"), ("spanning", "Spanning", "int"),
                ("region_fragmentation", "Fragmentation", "float"),
                ("n_dual_members", "Dual members", "int")],
               "Councils", figs.n_councils, "No council in this view.", wide=True),
        _table(figs.dual, [("name", "Actor", "text"), ("n_councils", "Councils", "int"),
                           ("councils", "Which", "text")],
               "Members of two councils or more", figs.n_dual,
               "No actor here sits in two councils."),
        _table(figs.crossing, [("a_name", "Collaboration", "text"),
                               ("b_name", "crosses", "text"),
                               ("jaccard", "Overlap (Jaccard)", "float")],
               "Crossing collaborations (share members, neither inside the other)",
               figs.n_crossing, "No crossing pair among the collaborations in view."),
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
            row.append((fmt, ("" if v is None else str(v)) if fmt == "text"
                        else _num(v, 0 if fmt == "int" else 2)))
        rows.append(row)
    more = f"The {len(frame)} highest of {total:,} shown." if total > len(frame) else ""
    return {"caption": caption, "wide": wide, "empty": empty, "rows": rows, "more": more,
            "columns": [(heading, fmt) for _, heading, fmt in columns]}


def _footer_context(model: Model) -> dict:
    try:
        from . import __version__
    except ImportError:  # an editable install seen as a namespace package
        __version__ = "?"
    return {
        "n_actors": f"{len(model.actors):,}", "n_collaborations": f"{len(model.collaborations):,}",
        "n_memberships": f"{len(model.memberships):,}", "provenance": _provenance(model),
        "data_hash": model.content_hash(), "version": __version__,
    }


def _provenance(model: Model) -> list[tuple[str, str, str]]:
    """(file, rows, the five commonest sources with their row counts) per data file."""
    rows = []
    for table in ("actors", "collaborations", "memberships"):
        frame = getattr(model, table)
        src = frame["source"] if "source" in frame.columns else pd.Series([""] * len(frame))
        counts = src[src != ""].value_counts()
        top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
        listed = "; ".join(f"{s} ({n:,})" for s, n in top) or "no source given"
        rest = len(counts) - len(top)
        if rest > 0:
            listed += f"; and {rest} other source{'s' if rest > 1 else ''}"
        missing = int((src == "").sum())
        if missing and top:
            listed += f"; {missing:,} row{'s' if missing != 1 else ''} without a source"
        rows.append((f"{table}.csv", f"{len(frame):,}", listed))
    return rows


# --------------------------------------------------------------------------- words


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


def filters_in_words(model: Model, view: View) -> list[tuple[str, str]]:
    """The view's date, filters, focus and drawing in words: (label, text) rows."""
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
    names = model.names()
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

# --------------------------------------------------------------------------- other formats


def snapshot_image(model: Model, view: View, path_or_file=None, fmt: str = "png"):
    """The view as a PNG picture or a one-page PDF (:func:`graphmodel.image.render_image`).

    Checks the view against the data, draws it as :func:`snapshot_html` does, and titles it
    with the view's title and its date, sectors, focus and councils. Returns the path
    (a path given), ``None`` (a file object given) or the bytes (``None`` given).
    """
    from .image import render_image  # matplotlib only when a picture is asked for

    view.check(model)
    vg = view_graph(model, **view.view_graph_kwargs())
    subtitle = " · ".join(f"{k}: {v}" for k, v in filters_in_words(model, view)
                          if k in ("Date", "Sectors", "Focus", "Councils"))
    out = render_image(vg, path_or_file, fmt, title=view.title or f"Collaboration in "
                       f"{model.name}", subtitle=subtitle, note=view.note, legend=True)
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
        path.write_text(snapshot_html(model, view, made_at=made_at), encoding="utf-8")
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
