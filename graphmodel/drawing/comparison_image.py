"""Before and after a change as one static picture: two network drawings side by side."""

from __future__ import annotations

import math
from datetime import datetime
from types import SimpleNamespace

from ..i18n import tr
from .comparison import ADDED_COLOR, REMOVED_COLOR
from .image import (
    FORMATS,
    GREY,
    INK,
    LIGHT,
    RC,
    draw_network,
    draw_side,
    fit_view,
    fit_width,
    made_at_text,
    save_figure,
    text_of,
)

__all__ = ["comparison_figure", "render_comparison"]

# A layout has no true aspect: it may be stretched this much more one way than the other;
# more upwards, where the names (under their nodes) gain room from it.
_STRETCH_X, _STRETCH_Y = 1.5, 2.5
_PAD = 3.0  # points between the outermost name or node and the edge of its pane
_MAX_CHANGES = 14  # changes listed in the side panel


def comparison_figure(before, after, *, title: str, subtitle: str = "",
                      labels: tuple[str, str] = ("", ""), summary: str = "", changes=(),
                      legend=(), note: str = "", size: tuple[float, float] = (13.33, 7.5),
                      made: datetime | str | None = None):
    """Two network views side by side on one ``Figure``: before and after a change.

    Both drawings share one frame (the union of their places), so a node that keeps its
    place keeps it on the page, and the frame fills the panes: the margins are measured
    from the names and nodes actually drawn (not guessed), and the drawing may be
    stretched (up to 1.5 times across, 2.5 times upwards, where the names gain room). What the comparison marks (nodes and edges
    in :data:`graphmodel.drawing.comparison.ADDED_COLOR` or ``REMOVED_COLOR``) is drawn on
    top and named first. The side panel holds ``legend`` (``(label, colour, shape)``),
    then, under "What changes", ``summary`` (the counts), the first ``changes`` (lines of
    text) and ``note``. Every text from the data is drawn literally.

    Examples
    --------
    >>> import pandas as pd
    >>> from types import SimpleNamespace as NS
    >>> vg = NS(nodes=pd.DataFrame({"id": ["a"], "label": ["A"], "color": ["#1f77b4"],
    ...                             "shape": ["dot"], "size": [10], "x": [0.0], "y": [0.0]}),
    ...         edges=pd.DataFrame(), legend=[], message="", as_of=None)
    >>> fig = comparison_figure(vg, vg, title="$x$ leaves", labels=("Before", "After"))
    >>> [t.get_text() for t in fig.texts][:3]
    ['$x$ leaves', 'Before', 'After']
    """
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    literal = {"parse_math": False, "usetex": False}
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=size, dpi=100, facecolor="white")
        FigureCanvasAgg(fig)
        width, height = size
        renderer = fig.canvas.get_renderer()
        left = right = 0.45
        top = height - 0.32
        head = fig.text(left / width, top / height, text_of(title), fontsize=19,
                        fontweight="bold", color=INK, va="top", **literal)
        room = (width - left - right) * fig.dpi
        top -= fit_width(head, renderer, room, min_size=13, max_lines=2) / fig.dpi + 0.1
        if text_of(subtitle):
            sub = fig.text(left / width, top / height, text_of(subtitle), fontsize=10.5,
                           color=GREY, va="top", **literal)
            top -= fit_width(sub, renderer, room, min_size=8, max_lines=2) / fig.dpi + 0.05
        side_w = min(2.9, 0.24 * width)
        gap = 0.25
        pane_w = (width - left - right - side_w - 2 * gap) / 2
        bottom = 0.45
        label_h = 0.3
        panes = []
        for k, (vg, label, color) in enumerate(((before, labels[0], REMOVED_COLOR),
                                                (after, labels[1], ADDED_COLOR))):
            x = left + k * (pane_w + gap)
            fig.text(x / width, (top - 0.05) / height, text_of(label), fontsize=11.5,
                     fontweight="bold", color=INK, va="top", **literal)
            fig.add_artist(Line2D(
                [x / width, (x + pane_w) / width], [(top - label_h) / height] * 2,
                color=color, linewidth=2.5))
            ax = fig.add_axes((x / width, bottom / height, pane_w / width,
                               (top - label_h - 0.1 - bottom) / height))
            panes.append((ax, vg))
        _draw_panes(panes)
        lines = [text_of(summary)] if text_of(summary) else []
        shown = [text_of(c) for c in list(changes)[:_MAX_CHANGES]]
        if shown:
            more = len(changes) - _MAX_CHANGES
            lines.append("\n".join("• " + c for c in shown) + (f"\n… (+{more})" if more > 0
                                                                 else ""))
        if text_of(note).strip():
            lines.append(text_of(note))
        panel = SimpleNamespace(legend=list(legend))
        side_left = width - right - side_w
        draw_side(fig, panel, note="\n\n".join(lines), legend=True,
                  rect=(side_left / width, bottom / height, side_w / width,
                        (top - bottom) / height), width_in=side_w,
                  heading=tr("What changes"))
        fig.text(left / width, 0.18 / height,
                 "graphmodel · " + tr("made {time}", time=made_at_text(made)), fontsize=7.5,
                 color=LIGHT, va="bottom", **literal)
    return fig


def _marked(vg) -> tuple[set, set]:
    """The ids and (source, target) pairs a comparison marked in ``vg`` (by colour),
    and the ids in focus."""
    marks = {ADDED_COLOR.lower(), REMOVED_COLOR.lower()}
    nodes, edges = getattr(vg, "nodes", None), getattr(vg, "edges", None)
    ids, pairs = set(), set()
    if nodes is not None and len(nodes) and "color" in nodes.columns:
        hit = nodes["color"].astype(str).str.lower().isin(marks)
        if "focus" in nodes.columns:  # the places in focus are named first too
            hit |= nodes["focus"].fillna(False).astype(bool)
        ids |= set(nodes.loc[hit, "id"].astype(str))
    if edges is not None and len(edges) and "color" in edges.columns:
        hit = edges["color"].astype(str).str.lower().isin(marks)
        for s, t in zip(edges.loc[hit, "source"].astype(str), edges.loc[hit, "target"].astype(str)):
            pairs.add((s, t))
            ids |= {s, t}
    return ids, pairs


def _draw_panes(panes: list) -> None:
    """Draw every ``(axes, view)`` in one shared frame that fills the panes.

    First each is drawn as a single view would be (that gives its places); then the
    frame is the union of the places, the margins what the names and nodes drawn stick
    out beyond it, and the drawings are made again in that frame (at most three times,
    measuring again: the names that fit change with the frame), ending with margins wide
    enough for what was drawn.
    """
    seen: list = []

    def recording(ax, xs, ys):
        if len(xs):
            seen.append((float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max())))
        return fit_view(ax, xs, ys)

    for ax, vg in panes:
        _draw(ax, vg, recording)
    if not seen:
        return
    bounds = (min(b[0] for b in seen), min(b[1] for b in seen),
              max(b[2] for b in seen), max(b[3] for b in seen))
    margins = _overhang(panes, bounds)
    for attempt in range(3):
        for ax, vg in panes:
            ax.cla()
            _draw(ax, vg, _frame_fit(bounds, margins))
        outside = _overhang(panes, bounds)
        if all(abs(o - m) <= 1.0 for o, m in zip(outside, margins)):
            break
        # the names drawn change with the frame: measure again; the last try only widens
        margins = (outside if attempt < 1
                   else tuple(max(o, m) for o, m in zip(outside, margins)))


def _draw(ax, vg, fit) -> None:
    ax.set_axis_off()
    ids, pairs = _marked(vg)
    draw_network(ax, vg, fit=fit, emphasis=ids, emphasis_edges=pairs)


def _overhang(panes: list, bounds) -> tuple[float, float, float, float]:
    """Points by which the nodes and names drawn stick out of ``bounds`` (in the data's
    units) to the left, right, top and bottom, the most of any pane, plus a small pad."""
    import numpy as np
    from matplotlib.transforms import Bbox

    out = [0.0, 0.0, 0.0, 0.0]
    for ax, _vg in panes:
        fig = ax.figure
        renderer = fig.canvas.get_renderer()
        k = 72.0 / fig.dpi
        boxes = [a.get_window_extent(renderer) for a in ax.texts if a.get_visible()]
        for dots in ax.collections:  # the node markers: centre ± radius (sizes in pt²)
            if type(dots).__name__ != "PathCollection" or not len(dots.get_offsets()):
                continue
            centres = ax.transData.transform(dots.get_offsets())
            radius = np.sqrt(np.broadcast_to(dots.get_sizes(), (len(centres),))) / 2 / k
            boxes.append(Bbox.from_extents((centres[:, 0] - radius).min(),
                                           (centres[:, 1] - radius).min(),
                                           (centres[:, 0] + radius).max(),
                                           (centres[:, 1] + radius).max()))
        if not boxes:
            continue
        (x0, y0), (x1, y1) = ax.transData.transform([bounds[:2], bounds[2:]])
        sticks = (x0 - min(b.x0 for b in boxes), max(b.x1 for b in boxes) - x1,
                  max(b.y1 for b in boxes) - y1, y0 - min(b.y0 for b in boxes))
        out = [max(o, s * k) for o, s in zip(out, sticks)]
    return tuple(o + _PAD for o in out)


def _frame_fit(bounds, margins):
    """A ``fit`` for :func:`graphmodel.drawing.image.draw_network`: ``bounds`` (x0, y0, x1,
    y1, the data's units) fill the axes inside ``margins`` (left, right, top, bottom, in
    points), stretched by at most ``_STRETCH_X`` across or ``_STRETCH_Y`` upwards, centred."""
    x0, y0, x1, y1 = bounds
    left, right, top, bottom = margins

    def fit(ax, xs, ys) -> float:
        box = ax.get_position()
        fig_w, fig_h = ax.figure.get_size_inches()
        width, height = box.width * fig_w * 72.0, box.height * fig_h * 72.0
        x_span, y_span = x1 - x0, y1 - y0
        if x_span <= 0 and y_span <= 0:
            return fit_view(ax, xs, ys)  # one place: as a single view draws it
        inner_w = max(width - left - right, width * 0.3)
        inner_h = max(height - top - bottom, height * 0.3)
        sx = inner_w / x_span if x_span > 0 else math.inf
        sy = inner_h / y_span if y_span > 0 else math.inf
        scale = min(sx, sy)
        sx, sy = min(sx, _STRETCH_X * scale), min(sy, _STRETCH_Y * scale)
        x_lo = x0 - (left + (inner_w - sx * x_span) / 2) / sx
        y_lo = y0 - (bottom + (inner_h - sy * y_span) / 2) / sy
        ax.set_xlim(x_lo, x_lo + width / sx)
        ax.set_ylim(y_lo, y_lo + height / sy)
        return scale

    return fit


def render_comparison(before, after, path_or_file=None, fmt: str = "png", *, title: str,
                      subtitle: str = "", labels: tuple[str, str] = ("", ""),
                      summary: str = "", changes=(), legend=(), note: str = "",
                      dpi: int = 150, size: tuple[float, float] | None = None,
                      made: datetime | str | None = None) -> bytes | None:
    """Save before and after (:func:`comparison_figure`) as a PNG slide or a one-page PDF,
    as :func:`graphmodel.drawing.network_image.render_image` saves one view; returns the bytes when
    ``path_or_file`` is ``None``.

    >>> import pandas as pd
    >>> from types import SimpleNamespace as NS
    >>> vg = NS(nodes=pd.DataFrame(), edges=pd.DataFrame(), legend=[], message="", as_of=None)
    >>> render_comparison(vg, vg, None, "pdf", title="Nothing")[:5]
    b'%PDF-'
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown picture format {fmt!r}: use png or pdf")
    default_size, uses_dpi = FORMATS[fmt]
    fig = comparison_figure(before, after, title=title, subtitle=subtitle, labels=labels,
                            summary=summary, changes=changes, legend=legend, note=note,
                            size=default_size if size is None else size, made=made)
    if fmt == "png":
        metadata = {"Title": text_of(title), "Software": "graphmodel (matplotlib)"}
    else:
        metadata = {"Title": text_of(title), "Subject": text_of(subtitle),
                    "Creator": "graphmodel", "CreationDate": None}
    return save_figure(fig, path_or_file, fmt, metadata=metadata,
                       **({"dpi": dpi} if uses_dpi else {}))
