"""The comparison page and picture of a snapshot: before and after a change, side by side."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd
from markupsafe import Markup

from ..analysis.columns import COLUMNS, word
from ..data.model import Model
from ..drawing.network import ViewGraph
from ..i18n import date, integer, ntr, tr
from .key_figures import metric_filters
from .page import (
    base_context,
    cell_text,
    filter_rows,
    filters_in_words,
    legend_lines,
    made_text,
    num,
    render_strict,
    safe_color,
)
from .view import DEFAULT_KINDS, View

__all__ = ["change_cards", "comparison_html", "comparison_image", "comparison_kinds",
           "comparison_of", "comparison_pictures", "comparison_title"]


def comparison_of(model: Model, view: View):
    """The :class:`graphmodel.change.compare.Comparison` a view carries: its date and
    ``compare_as_of``, or the data and its ``scenario`` on its date (``None`` when the
    view compares nothing). Raises :class:`graphmodel.change.scenario.ScenarioEditError` when
    the scenario names ids that are not in the data."""
    from ..change.compare import Comparison
    from ..change.scenario import Scenario

    filters = {k: v for k, v in view.filters.items() if k != "councils"}
    if view.scenario is not None:
        scenario = Scenario.from_dict(view.scenario, source="view")
        return Comparison.from_scenario(model, scenario, as_of=view.as_of, **filters)
    if view.compare_as_of is not None:
        return Comparison.from_dates(model, view.as_of, view.compare_as_of, **filters)
    return None


def comparison_title(view: View) -> str:
    """The title of a comparison: the view's own, else what it compares."""
    return view.title or _comparison_title(view)


def change_cards(counts: dict) -> list[tuple[str, str, str]]:
    """The counts of a comparison as (number, label, ``added``/``removed``), in the language
    in use: the page's cards, the picture's summary and the slide's key figures."""
    return _change_counts(counts)


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
    marked (:func:`graphmodel.drawing.comparison.comparison_graphs`).

    The collaborations drawn are the view's ``kinds``; where it leaves them open, service
    agreements plus the kinds of every collaboration that changed, so that the change is
    in the picture (a municipality that leaves a regional council).
    """
    from ..drawing.comparison import comparison_graphs

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
                     ("text", cell_text(rec["collaboration_name"]) or rec["collaboration"]),
                     ("text", cell_text(rec["actor_name"]) or cell_text(rec["actor"]))])
    more = (tr("The first {n} of {total} shown.", n=integer(limit), total=integer(len(frame)))
            if len(frame) > limit else "")
    return {"caption": tr("Changes"), "wide": True, "rows": rows, "more": more,
            "empty": tr("Nothing changes under these filters."),
            "columns": [(tr("Change"), "text"), (tr("Collaboration"), "text"),
                        (tr("Actor"), "text")]}


def _diff_table(frame: pd.DataFrame, caption: str, empty: str, limit: int = 40) -> dict:
    rows = []
    for rec in frame.head(limit).to_dict("records"):
        rows.append([("text", cell_text(rec["name"]) or rec["id"]),
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
        return cell_text(value)
    if isinstance(value, (bool, np.bool_)):
        return str(value)
    if isinstance(value, (int, np.integer)) or (
            isinstance(value, float) and not math.isnan(value) and value.is_integer()):
        return num(int(value))
    return num(value, 2)


def _metric_words(metric: str) -> str:
    """A changed metric as a word in the comparison's table (the registry's word)."""
    return word(metric) if metric in COLUMNS else metric


def _comparison_legend(before: ViewGraph, after: ViewGraph) -> list:
    from ..drawing.comparison import ADDED_COLOR, REMOVED_COLOR

    marks = {tr("formed or joined"), tr("ended or left")}
    seen, out = set(), []
    for label, color, shape in list(before.legend) + list(after.legend):
        if label in marks or label in seen:
            continue
        seen.add(label)
        out.append((label, safe_color(color), shape))
    out.append((tr("formed or joined (in the picture after)"), ADDED_COLOR, "dot"))
    out.append((tr("ended or left (in the picture before)"), REMOVED_COLOR, "dot"))
    return out


def comparison_html(model: Model, view: View, made_at=None) -> str:
    """The comparison page of a view: before and after as two inline SVGs (same places,
    changes marked), the counts and tables of what changes, under a CSP that allows only
    the page's own styles. Call it in the view's language."""
    from ..drawing.network_svg import network_svg, shared_frame

    warnings = view.check(model)
    comparison = comparison_of(model, view)
    before, after = comparison_pictures(model, view, comparison)
    made_at = made_text(made_at)
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
        **base_context(model, view, made_at, view.title or _comparison_title(view), warnings),
        "picture": "comparison",
        # the kinds drawn, in words (the view file keeps its own, open, filter)
        "filters": filters_in_words(model, replace(view, filters={
            **view.filters, "kinds": comparison_kinds(view, comparison)})),
        "sides": sides,
        "change_counts": _change_counts(comparison.counts()),
        "legend_nodes": _comparison_legend(before, after),
        "legend_lines": legend_lines(after),
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
    return render_strict(context, svgs)




def comparison_image(model: Model, view: View, path_or_file=None, fmt: str = "png", *,
                     title: str | None = None, size=None):
    """The comparison a view carries as a PNG slide or a one-page PDF
    (:func:`graphmodel.drawing.comparison_image.render_comparison`): the two drawings, the counts, the
    changes and the legend. ``title`` replaces the view's (``""``: none). Call it in the
    view's language, after ``view.check(model)``; returns what
    :func:`graphmodel.drawing.comparison_image.render_comparison` returns."""
    from ..drawing.comparison_image import render_comparison  # matplotlib only when asked for

    comparison = comparison_of(model, view)
    before, after = comparison_pictures(model, view, comparison)
    drawn = replace(view, filters={**view.filters, "kinds": comparison_kinds(view, comparison)})
    subtitle = " · ".join(f"{label}: {text}" for key, label, text in filter_rows(model, drawn)
                          if key in ("kinds", "sectors", "focus", "councils"))
    counts = comparison.counts()
    summary = " · ".join(f"{integer(counts[k])} {label}" for k, (_, label, _m)
                         in zip(counts, _change_counts(counts)))
    rows = [f"{_CHANGE_WORDS[r['change']]()}: {r['collaboration_name']}"
            + (f" – {r['actor_name'] or r['actor']}" if r["actor"] else "")
            for r in comparison.table("changes").to_dict("records")]
    return render_comparison(
        before, after, path_or_file, fmt,
        title=comparison_title(view) if title is None else title, subtitle=subtitle,
        labels=_side_labels(model, view), summary=summary, changes=rows, size=size,
        legend=_comparison_legend(before, after), note=view.note)
