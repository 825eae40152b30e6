"""The offline HTML snapshot of a view (a Jinja2 page) and its PNG/PDF and JSON siblings."""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import html
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
from .figures import KeyFigures, key_figures, metric_filters
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
from .view import DEFAULT_KINDS, View, write_view
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
    if view.comparison:
        return _comparison_html(model, view, made_at)
    if view.picture == "map":
        return _map_html(model, view, made_at, figures)
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
        "picture": "network",
        **_figures_context(figs),
        **_footer_context(model),
    }
    return _template().render(context)


def _base_context(model: Model, view: View, made_at, title: str, warnings) -> dict:
    """What every page shows around its picture: header, note, filters, footer."""
    note = view.note.strip()
    return {
        "lang": view.lang,
        "t": _page_words(model, view, made_at),
        "title": title,
        "dataset": model.name,
        "date_text": date(view.as_of) if view.as_of else tr("all dates"),
        "made_at": str(made_at),
        "warnings": list(warnings),
        "note_paragraphs": [p for p in re.split(r"\n\s*\n", note) if p.strip()] if note else [],
        "filters": filters_in_words(model, view),
        "network_head": Markup(""),
        "network_body": Markup(""),
        "css": _page_css(),
        "legend_nodes": [], "legend_lines": [], "message": "",
        "size_explain": _size_explained(view.size_by),
        "view_json": Markup(json_for_script(view.to_dict())),
        **_footer_context(model),
    }


def _render_strict(context: dict, svg: str) -> str:
    """Render a page that runs no script: its CSP allows only the page's own style
    element (by hash) and the exact style attributes of ``svg`` (by hash), nothing else."""
    context["csp"] = Markup(strict_csp(str(context["css"]), svg))
    return _template().render(context)


def strict_csp(css: str, svg: str = "") -> str:
    """The Content-Security-Policy of a page with no script: no request of any kind, no
    script, and only the page's own ``<style>`` element (``"\\n" + css + "\\n"``) and the
    style attributes found in ``svg`` allowed, each by its SHA-256 hash.

    >>> strict_csp("p{}").startswith("default-src 'none'; script-src 'none'; style-src 'sha256-")
    True
    >>> "'unsafe-inline'" in strict_csp("p{}", '<svg style="x:1">')
    False
    """
    def digest(text: str) -> str:
        raw = hashlib.sha256(text.encode("utf-8")).digest()
        return "'sha256-" + base64.b64encode(raw).decode("ascii") + "'"

    styles = [digest("\n" + css + "\n")]
    attributes = sorted({html.unescape(m) for m in re.findall(r'\sstyle="([^"]*)"', svg)})
    if attributes:
        styles += ["'unsafe-hashes'"] + [digest(a) for a in attributes]
    return ("default-src 'none'; script-src 'none'; style-src " + " ".join(styles)
            + "; img-src 'none'; font-src 'none'; connect-src 'none'; form-action 'none'; "
            "base-uri 'none'")


# --------------------------------------------------------------------------- a change


def comparison_of(model: Model, view: View):
    """The :class:`graphmodel.compare.Comparison` a view carries: its date and
    ``compare_as_of``, or the data and its ``scenario`` on its date (``None`` when the
    view compares nothing). Raises :class:`graphmodel.scenario.ScenarioEditError` when
    the scenario names ids that are not in the data."""
    from .compare import Comparison
    from .scenario import Scenario

    filters = {k: v for k, v in view.filters.items() if k != "councils"}
    if view.scenario is not None:
        scenario = Scenario.from_dict(view.scenario, source="view")
        return Comparison.from_scenario(model, scenario, as_of=view.as_of, **filters)
    if view.compare_as_of is not None:
        return Comparison.from_dates(model, view.as_of, view.compare_as_of, **filters)
    return None


def _comparison_title(view: View) -> str:
    if view.scenario is not None:
        return tr("Proposal: {title}", title=view.scenario.get("title") or tr("a what-if"))
    before = date(view.as_of) if view.as_of else tr("no date")
    return tr("Change from {before} to {after}", before=before, after=date(view.compare_as_of))


def _side_labels(model: Model, view: View) -> tuple[str, str]:
    if view.scenario is not None:
        return (tr("Before: the data as they are"),
                tr("After: {title}", title=view.scenario.get("title") or tr("a what-if")))
    before = date(view.as_of) if view.as_of else tr("no date")
    return (tr("Before: {date}", date=before), tr("After: {date}", date=date(view.compare_as_of)))


def comparison_kinds(view: View, comparison) -> tuple[str, ...]:
    """The collaboration kinds a comparison draws: the view's ``kinds``; where it leaves
    them open, service agreements plus the kinds of every collaboration that changed, so
    that the change is in the picture (a municipality that leaves a regional council)."""
    if view.filters["kinds"] is not None:
        return view.filters["kinds"]
    changed = set(comparison.table("changes")["collaboration"])
    kinds = set(DEFAULT_KINDS)
    for m in (comparison.before, comparison.after):
        c = m.collaborations
        kinds |= set(c.loc[c["id"].isin(changed), "kind"])
    return tuple(sorted(kinds))


def comparison_pictures(model: Model, view: View, comparison=None):
    """The two drawings (before, after) of a view that compares: same places, changes
    marked (:func:`graphmodel.comparison_view.comparison_graphs`).

    The collaborations drawn are the view's ``kinds``; where it leaves them open, service
    agreements plus the kinds of every collaboration that changed, so that the change is
    in the picture (a municipality that leaves a regional council).
    """
    from .comparison_view import comparison_graphs

    comparison = comparison if comparison is not None else comparison_of(model, view)
    kw = view.view_graph_kwargs()
    kw["kinds"] = comparison_kinds(view, comparison)
    options = {k: v for k, v in kw.items() if k != "as_of"}
    return comparison_graphs(comparison, **options)


_CHANGE_WORDS = {
    "formed": lambda: tr("formed"), "ended": lambda: tr("ended"),
    "joined": lambda: tr("joined"), "left": lambda: tr("left"),
}


def _change_counts(counts: dict) -> list[tuple[str, str, str]]:
    labels = {
        "formed": lambda n: ntr("agreement formed", "agreements formed", n),
        "ended": lambda n: ntr("agreement ended", "agreements ended", n),
        "joined": lambda n: ntr("membership joined", "memberships joined", n),
        "left": lambda n: ntr("membership left", "memberships left", n),
    }
    return [(integer(counts[k]), labels[k](counts[k]),
             "added" if k in ("formed", "joined") else "removed") for k in labels]


def _changes_table(frame: pd.DataFrame, limit: int = 200) -> dict:
    rows = []
    for rec in frame.head(limit).to_dict("records"):
        rows.append([(f"change-{rec['change']}", _CHANGE_WORDS[rec["change"]]()),
                     ("text", _cell_text(rec["collaboration_name"]) or rec["collaboration"]),
                     ("text", _cell_text(rec["actor_name"]) or _cell_text(rec["actor"]))])
    more = (tr("The first {n} of {total} shown.", n=integer(limit), total=integer(len(frame)))
            if len(frame) > limit else "")
    return {"caption": tr("Changes"), "wide": True, "rows": rows, "more": more,
            "empty": tr("Nothing changes under these filters."),
            "columns": [(tr("Change"), "text"), (tr("Collaboration"), "text"),
                        (tr("Actor"), "text")]}


def _diff_table(frame: pd.DataFrame, caption: str, empty: str, limit: int = 40) -> dict:
    rows = []
    for rec in frame.head(limit).to_dict("records"):
        rows.append([("text", _cell_text(rec["name"]) or rec["id"]),
                     ("text", _metric_words(rec["metric"])),
                     (_fmt(rec["before"]), _value(rec["before"])),
                     (_fmt(rec["after"]), _value(rec["after"]))])
    more = (tr("The first {n} of {total} shown.", n=integer(limit), total=integer(len(frame)))
            if len(frame) > limit else "")
    return {"caption": caption, "wide": False, "rows": rows, "more": more, "empty": empty,
            "columns": [(tr("Name"), "text"), (tr("Measure"), "text"),
                        (tr("Before"), "float"), (tr("After"), "float")]}


def _fmt(value) -> str:
    return "text" if isinstance(value, str) else "float"


def _value(value) -> str:
    if isinstance(value, str):
        return _cell_text(value)
    if isinstance(value, (bool, np.bool_)):
        return str(value)
    if isinstance(value, (int, np.integer)) or (
            isinstance(value, float) and not math.isnan(value) and value.is_integer()):
        return _num(int(value))
    return _num(value, 2)


def _metric_words(metric: str) -> str:
    return {
        "n_collaborations": lambda: tr("agreements"), "n_partners": lambda: tr("partners"),
        "n_configurations": lambda: tr("partner sets"),
        "fragmentation": lambda: tr("fragmentation"),
        "effective_partners": lambda: tr("effective partners"),
        "home_council": lambda: tr("home council"),
        "home_alignment": lambda: tr("share within home council"),
        "strategy": lambda: tr("strategy"), "n_members": lambda: tr("members"),
        "region_fragmentation": lambda: tr("fragmentation"),
        "n_dual_members": lambda: tr("members of two councils"),
    }.get(metric, lambda: metric)()


def _comparison_legend(before: ViewGraph, after: ViewGraph) -> list:
    from .comparison_view import ADDED_COLOR, REMOVED_COLOR

    marks = {"formed or joined", "ended or left"}
    seen, out = set(), []
    for label, color, shape in list(before.legend) + list(after.legend):
        if label in marks or label in seen:
            continue
        seen.add(label)
        out.append((label, _safe_color(color), shape))
    out.append((tr("formed or joined (in the picture after)"), ADDED_COLOR, "dot"))
    out.append((tr("ended or left (in the picture before)"), REMOVED_COLOR, "dot"))
    return out


def _comparison_html(model: Model, view: View, made_at) -> str:
    from .network_svg import network_svg, shared_frame

    warnings = view.check(model)
    comparison = comparison_of(model, view)
    before, after = comparison_pictures(model, view, comparison)
    made_at = _made_text(made_at)
    frame = shared_frame(before, after)
    # as tall as the layout needs at this width (a wide layout leaves no empty band)
    aspect = max(frame[3] - frame[1], 1.0) / max(frame[2] - frame[0], 1.0)
    height = int(min(max(496 * aspect + 60, 320), 640))
    labels = _side_labels(model, view)
    sides = [{"label": label, "mark": mark,
              "svg": Markup(network_svg(vg, width=640, height=height, frame=frame, title=label,
                                        id_prefix=f"gm-{mark}"))}
             for vg, label, mark in ((before, labels[0], "before"), (after, labels[1], "after"))]
    mf = metric_filters(view)
    mf = {k: v for k, v in mf.items() if k != "as_of"}
    actors = comparison.table("actors", **mf)
    councils = comparison.table("councils", **mf)
    names = dict(model.names()) | dict(comparison.after.names())
    for frame_ in (actors, councils):
        hc = frame_["metric"] == "home_council"
        for col in ("before", "after"):
            frame_.loc[hc, col] = frame_.loc[hc, col].map(lambda v: names.get(v, v))
    message = " ".join(m for m in (before.message, after.message) if m)
    context = {
        **_base_context(model, view, made_at, view.title or _comparison_title(view), warnings),
        "picture": "comparison",
        # the kinds drawn, in words (the view file keeps its own, open, filter)
        "filters": filters_in_words(model, replace(view, filters={
            **view.filters, "kinds": comparison_kinds(view, comparison)})),
        "sides": sides,
        "change_counts": _change_counts(comparison.counts()),
        "legend_nodes": _comparison_legend(before, after),
        "legend_lines": _legend_lines(after),
        "message": message,
        "cards": [],
        "counted": tr("Measures of the municipalities and regional councils that change, "
                      "counted as in the key figures of a single view."),
        "tables": [
            _changes_table(comparison.table("changes")),
            _diff_table(councils, tr("Regional councils: what changes"),
                        tr("No measure of a regional council changes.")),
            _diff_table(actors, tr("Municipalities: what changes"),
                        tr("No measure of a municipality changes.")),
        ],
    }
    context["t"] = {**context["t"], "key_figures": tr("What changes")}
    svgs = "".join(str(side["svg"]) for side in sides)
    return _render_strict(context, svgs)


# --------------------------------------------------------------------------- the map page


def _map_title(model: Model, view: View) -> str:
    if view.focus:
        return tr("Map of collaboration around {names}",
                  names=_list(view.focus, model.names(), limit=3))
    return tr("Map of collaboration in {name}", name=model.name)


def _map(model: Model, view: View):
    """The :class:`graphmodel.mapview.MapView` of a view (its filters, colour, agreement)."""
    from .mapview import map_view

    return map_view(model, **view.map_view_kwargs())


def _map_html(model: Model, view: View, made_at, figures) -> str:
    from .mapview import map_svg
    from .select import select

    warnings = view.check(model)
    mv = _map(model, view)
    made_at = _made_text(made_at)
    placed = mv.placed_ids() | set(mv.unplaced["id"])
    mf = {k: v for k, v in view.map_view_kwargs().items()
          if k in ("as_of", "sectors", "kinds", "actor_kinds", "status", "countries", "regions")}
    mem = select(model, **mf).memberships
    in_view = set(mem.loc[mem["actor"].isin(placed), "collaboration"])
    figs = figures if figures is not None else key_figures(model, view,
                                                           drawn=(placed, in_view))
    svg = map_svg(mv, width=1120, height=720, title="", lang=view.lang, id_prefix="gm-map")
    context = {
        **_base_context(model, view, made_at, view.title or _map_title(model, view),
                        warnings),
        "picture": "map",
        "map_svg": Markup(svg),  # map_svg escapes every text from the data
        "message": mv.message,
        **_figures_context(figs),
    }
    return _render_strict(context, svg)


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
        "map_hover": tr("Hover over a municipality or a council border for details. Grey "
                        "municipalities are not in the data or not kept by the filters."),
        "same_places": tr("Every agreement and municipality sits at the same place in both "
                          "pictures."),
        "hover_svg": tr("Hover over a node or a line for details."),
        "changes": tr("What changes"),
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
    elif view.picture == "map":
        actors = kind_label("municipality")  # the map places municipalities
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

# --------------------------------------------------------------------------- other formats


def snapshot_image(model: Model, view: View, path_or_file=None, fmt: str = "png"):
    """The view as a PNG picture or a one-page PDF (:func:`graphmodel.image.render_image`).

    Checks the view against the data, draws it as :func:`snapshot_html` does, and titles it
    with the view's title and its date, sectors, focus and councils. Returns the path
    (a path given), ``None`` (a file object given) or the bytes (``None`` given).
    """
    from .image import render_comparison, render_image  # matplotlib only when asked for

    with use_language(view.lang):
        view.check(model)
        if view.picture == "map":
            from .mapimage import render_map

            out = render_map(_map(model, view), path_or_file, fmt,
                             title=view.title or _map_title(model, view))
            return Path(path_or_file) if isinstance(path_or_file, (str, Path)) else out
        if view.comparison:
            comparison = comparison_of(model, view)
            before, after = comparison_pictures(model, view, comparison)
            drawn = replace(view, filters={**view.filters,
                                           "kinds": comparison_kinds(view, comparison)})
            subtitle = " · ".join(f"{label}: {text}" for key, label, text
                                  in _filter_rows(model, drawn)
                                  if key in ("kinds", "sectors", "focus", "councils"))
            counts = comparison.counts()
            summary = " · ".join(f"{integer(counts[k])} {label}" for k, (_, label, _m)
                                 in zip(counts, _change_counts(counts)))
            rows = [f"{_CHANGE_WORDS[r['change']]()}: {r['collaboration_name']}"
                    + (f" – {r['actor_name'] or r['actor']}" if r["actor"] else "")
                    for r in comparison.table("changes").to_dict("records")]
            out = render_comparison(
                before, after, path_or_file, fmt,
                title=view.title or _comparison_title(view), subtitle=subtitle,
                labels=_side_labels(model, view), summary=summary, changes=rows,
                legend=_comparison_legend(before, after), note=view.note)
            return Path(path_or_file) if isinstance(path_or_file, (str, Path)) else out
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
