"""Static pictures of a network view (PNG for slides, PDF for print), drawn with matplotlib."""

from __future__ import annotations

import io
import math
import os
import re
import textwrap
import warnings
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from .i18n import date as _date
from .i18n import ntr, tr

__all__ = ["MAX_LABELS", "comparison_figure", "render_comparison", "render_image", "render_pdf",
           "render_png", "view_figure"]

#: Above this many nodes only the largest ones get a name, and the caption says so.
MAX_LABELS = 80

# vis-network shape names -> matplotlib markers.
_MARKERS = {
    "dot": "o", "circle": "o", "ellipse": "o", "circularImage": "o", "image": "o",
    "square": "s", "box": "s", "database": "s",
    "diamond": "D", "triangle": "^", "triangleDown": "v", "star": "*", "hexagon": "h",
    "text": "o",
}
# Seen-size correction: a diamond or triangle of the same nominal size looks smaller.
_MARKER_SCALE = {"o": 1.0, "s": 0.9, "D": 0.85, "^": 1.1, "v": 1.1, "*": 1.3, "h": 1.0}

_MAX_RADIUS = 16.0  # points: the biggest node marker
_FONT = "DejaVu Sans"  # ships with matplotlib; has æøå, åäö, and most European letters
_INK = "#1f2328"
_GREY = "#57606a"
_LIGHT = "#8c959f"
_DEFAULT_NODE = "#6e7781"
_DEFAULT_EDGE = "#8c959f"
_RGB = re.compile(
    r"rgba?\(\s*([0-9.]+)\s*,\s*([0-9.]+)\s*,\s*([0-9.]+)\s*(?:,\s*([0-9.]+)\s*)?\)", re.IGNORECASE
)
_RC = {
    "font.family": "sans-serif",
    "font.sans-serif": [_FONT],
    "text.usetex": False,
    "text.parse_math": False,  # names are data: "$x$" is printed, never read as maths
    "pdf.fonttype": 42,  # TrueType: text in the PDF can be searched, copied and read aloud
    "ps.fonttype": 42,
    "axes.unicode_minus": True,
}


# --------------------------------------------------------------------------- helpers


def _rgba(value: Any, default: str) -> tuple[float, float, float, float]:
    """A colour as RGBA floats: hex, CSS ``rgb()``/``rgba()`` or a matplotlib name."""
    from matplotlib import colors

    if isinstance(value, str):
        text = value.strip()
        m = _RGB.fullmatch(text)
        if m:
            r, g, b = (min(float(v), 255.0) / 255.0 for v in m.groups()[:3])
            a = 1.0 if m.group(4) is None else min(float(m.group(4)), 1.0)
            return (r, g, b, a)
        if text and colors.is_color_like(text):
            return colors.to_rgba(text)
    return colors.to_rgba(default)


def _number(value: Any, default: float) -> float:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return default
    return out if math.isfinite(out) else default


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if type(value).__name__ in ("NAType", "NaTType"):  # pandas' missing markers
        return ""
    return str(value)


def _truthy(value: Any) -> bool:
    """A flag from a frame cell: True, 1, "true", a dash pattern; not NaN, 0, "", None."""
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes")
    if isinstance(value, (list, tuple)):
        return len(value) > 0
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    return bool(value)


def _column(frame, name: str, default: Any) -> list:
    if frame is None or name not in getattr(frame, "columns", ()):
        return [default] * (0 if frame is None else len(frame))
    return list(frame[name])


def _short(label: str, width: int = 24, lines: int = 2) -> str:
    """A long name on at most two lines, cut with an ellipsis."""
    label = " ".join(label.split())
    if len(label) <= width:
        return label
    parts = textwrap.wrap(label, width=width, break_long_words=True)
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1][: width - 1].rstrip() + "…"
    return "\n".join(parts)


def _made_at(made: datetime | str | None) -> str:
    if isinstance(made, str):
        return made
    if made is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH")  # reproducible builds convention
        if epoch and epoch.strip().isdigit():
            made = datetime.fromtimestamp(int(epoch), tz=UTC)
        else:
            made = datetime.now().astimezone()
    return f"{_date(made)} {made.strftime('%H:%M')}"


def _subtitle(subtitle: str, as_of: Any) -> str:
    date = _date(_text(as_of)) if _text(as_of) else ""
    if date and date not in subtitle:
        return (f"{subtitle} · " + tr("data as of {date}", date=date) if subtitle
                else tr("Data as of {date}", date=date))
    return subtitle


def _positions(xs: list, ys: list) -> list[tuple[float, float]]:
    """Node positions with y flipped (vis-network's y grows down); missing ones on a ring."""
    raw = [(_number(x, math.nan), _number(y, math.nan)) for x, y in zip(xs, ys)]
    known = [(x, -y) for x, y in raw if not (math.isnan(x) or math.isnan(y))]
    missing = [i for i, (x, y) in enumerate(raw) if math.isnan(x) or math.isnan(y)]
    if not missing:
        return known
    if known:
        cx = sum(p[0] for p in known) / len(known)
        cy = sum(p[1] for p in known) / len(known)
        radius = max([math.hypot(p[0] - cx, p[1] - cy) for p in known] + [100.0]) * 1.15
    else:
        cx, cy, radius = 0.0, 0.0, 300.0
    ring = {i: k for k, i in enumerate(missing)}
    out = []
    for i, (x, y) in enumerate(raw):
        if i in ring:
            angle = 2 * math.pi * ring[i] / len(missing)
            out.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
        else:
            out.append((x, -y))
    return out


# --------------------------------------------------------------------------- the figure


def view_figure(
    vg,
    *,
    title: str,
    subtitle: str = "",
    note: str = "",
    legend: bool = True,
    size: tuple[float, float] = (13.33, 7.5),
    made: datetime | str | None = None,
):
    """Draw a network view on a new matplotlib ``Figure`` (no pyplot, no global backend).

    The picture keeps the positions of the interactive view (pixel coordinates, y
    flipped), the node colours and shapes, and edge widths; it adds the title, a
    subtitle (with the data date), the legend, the note and a footer saying when it was
    made. Above :data:`MAX_LABELS` nodes only the largest ones are named, and a caption
    says so. Every text taken from the data is drawn literally: ``$x$`` is not maths.

    Parameters
    ----------
    vg : ViewGraph
        Anything with ``nodes`` (DataFrame: id, label, color, shape, size, x, y; optional
        name, the full name shown on up to two lines, and focus, drawn with a dark ring),
        ``edges`` (DataFrame: source, target, width, color; optional dashes), ``legend``
        (list of ``(label, color, shape)``), ``message`` (str) and ``as_of`` (str or
        None), as :class:`graphmodel.drawing.ViewGraph` has. Only these are read.
    title, subtitle, note : str
        Shown at the top, under it (the data date is added when not already given), and
        wrapped in the side panel.
    legend : bool
        Draw the legend in the side panel.
    size : (float, float)
        Width and height in inches; 13.33 × 7.5 is a 16:9 slide.
    made : datetime or str, optional
        The time printed in the footer; now by default (``SOURCE_DATE_EPOCH`` when set).

    Returns
    -------
    matplotlib.figure.Figure
        With an Agg canvas attached, ready for ``savefig`` or ``st.pyplot``.

    Examples
    --------
    >>> import pandas as pd
    >>> from types import SimpleNamespace
    >>> vg = SimpleNamespace(
    ...     nodes=pd.DataFrame({"id": ["a", "r"], "label": ["Frosta", "Værnesregionen"],
    ...                         "color": ["#1f77b4", "#d62728"], "shape": ["dot", "square"],
    ...                         "size": [12, 20], "x": [0, 200], "y": [0, 50]}),
    ...     edges=pd.DataFrame({"source": ["a"], "target": ["r"], "width": [2],
    ...                         "color": ["#999999"]}),
    ...     legend=[("Municipality", "#1f77b4", "dot")], message="", as_of="2024-01-01")
    >>> fig = view_figure(vg, title="Who works with whom", made="2024-05-01 12:00")
    >>> [t.get_text() for t in fig.texts][:2]
    ['Who works with whom', 'Data as of 2024-01-01']
    """
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=size, dpi=100, facecolor="white")
        FigureCanvasAgg(fig)
        _draw(fig, vg, title=title, subtitle=subtitle, note=note, legend=legend, made=made)
    return fig


def _draw(fig, vg, *, title, subtitle, note, legend, made) -> None:
    width, height = fig.get_size_inches()
    left, right = 0.45, 0.45
    title_size = 20 if width >= 12 else 18

    def fx(inches: float) -> float:
        return inches / width

    def fy(inches: float) -> float:
        return inches / height

    literal = {"parse_math": False, "usetex": False}

    # Header: title, then subtitle (filters and data date), shrunk or wrapped to fit.
    renderer = fig.canvas.get_renderer()
    room = (width - left - right) * fig.dpi
    top = height - 0.32
    heading = fig.text(fx(left), fy(top), _text(title), fontsize=title_size,
                       fontweight="bold", color=_INK, va="top", ha="left", **literal)
    top -= _fit_width(heading, renderer, room, min_size=14, max_lines=2) / fig.dpi + 0.1
    sub = _subtitle(_text(subtitle), getattr(vg, "as_of", None))
    if sub:
        line = fig.text(fx(left), fy(top), sub, fontsize=11, color=_GREY, va="top",
                        ha="left", **literal)
        top -= _fit_width(line, renderer, room, min_size=9, max_lines=2) / fig.dpi + 0.05
    header_bottom = top - 0.12

    # Footer: who made it and when; caption above it (view message, label policy).
    fig.text(fx(left), fy(0.22), "graphmodel · " + tr("made {time}", time=_made_at(made)),
             fontsize=7.5,
             color=_LIGHT, va="bottom", ha="left", **literal)

    nodes = getattr(vg, "nodes", None)
    n_nodes = 0 if nodes is None else len(nodes)
    side_items = bool(legend and getattr(vg, "legend", None)) or bool(_text(note).strip())
    side_w = _side_width(vg, note, legend, width) if side_items else 0.0
    gap = 0.3 if side_items else 0.0
    net_left, net_right = left, width - right - side_w - gap
    net_bottom = 0.75

    ax = fig.add_axes((fx(net_left), fy(net_bottom), fx(net_right - net_left),
                       fy(header_bottom - net_bottom)))
    ax.set_axis_off()
    caption = _draw_network(ax, vg)
    message = _text(getattr(vg, "message", "")).strip()
    lines = [s for s in (message, caption) if s]
    if lines:
        fig.text(fx(left), fy(0.42), "  ·  ".join(lines), fontsize=8.5, color=_GREY,
                 va="bottom", ha="left", wrap=True, **literal)
    if n_nodes == 0:
        ax.text(0.5, 0.5, tr("Nothing to draw with these filters."), transform=ax.transAxes,
                ha="center", va="center", fontsize=14, color=_GREY, **literal)

    if side_items:
        side_left = width - right - side_w
        _draw_side(fig, vg, note=_text(note), legend=legend,
                   rect=(fx(side_left), fy(net_bottom), fx(side_w),
                         fy(header_bottom - net_bottom)),
                   width_in=side_w)


def _side_width(vg, note, legend: bool, width: float) -> float:
    """Inches for the side panel: as wide as the legend's longest label needs (the
    drawing gets the rest), wider for a note, never more than a quarter of the page."""
    labels = [_text(e[0]) for e in (getattr(vg, "legend", None) or [])] if legend else []
    longest = max([len(t) for t in labels] + [len(tr("Legend"))])
    need = 0.45 + longest * 9.0 * 0.6 / 72  # marker, gap, 9-point text
    if _text(note).strip():
        need = max(need, 2.6)
    return min(max(need, 1.6), 0.25 * width, 3.4)


def _fit(ax, xs, ys) -> float:
    """Set limits so that every node, and the name under it, fits; returns points per unit.

    The shorter way stretched by at most 1.5 to fill the space, the drawing centred, and
    margins in points: a node's largest radius all round, a name's width at the sides,
    two lines of text at the bottom.
    """
    box = ax.get_position()  # figure fraction
    fig_w, fig_h = ax.figure.get_size_inches()
    width_pt, height_pt = box.width * fig_w * 72.0, box.height * fig_h * 72.0
    side, top, bottom = _MAX_RADIUS + 45.0, _MAX_RADIUS + 4.0, _MAX_RADIUS + 24.0
    x_lo, x_hi = float(xs.min()), float(xs.max())
    y_lo, y_hi = float(ys.min()), float(ys.max())
    x_span, y_span = max(x_hi - x_lo, 1e-9), max(y_hi - y_lo, 1e-9)
    inner_w = max(width_pt - 2 * side, width_pt * 0.3)
    inner_h = max(height_pt - top - bottom, height_pt * 0.3)
    if x_hi - x_lo <= 0 and y_hi - y_lo <= 0:
        scale = sx = sy = 1.0  # one point, or all nodes on one spot: one point per unit
    else:
        scale = min(inner_w / x_span, inner_h / y_span)
        # A layout has no true aspect: stretch the shorter way by up to half as much again
        # so the drawing fills a slide instead of leaving a third of it empty.
        sx = min(inner_w / x_span, 1.5 * scale) if x_hi > x_lo else scale
        sy = min(inner_h / y_span, 1.5 * scale) if y_hi > y_lo else scale
    cx = (x_lo + x_hi) / 2
    cy = (y_lo + y_hi) / 2 + (bottom - top) / 2 / sy  # shift up: names go below
    ax.set_xlim(cx - width_pt / 2 / sx, cx + width_pt / 2 / sx)
    ax.set_ylim(cy - height_pt / 2 / sy, cy + height_pt / 2 / sy)
    return scale


def _wrap_to(text: str, chars: int) -> str:
    return "\n".join(textwrap.fill(p, max(chars, 8)) if p.strip() else ""
                     for p in text.splitlines())


def _fit_width(artist, renderer, room: float, *, min_size: float, max_lines: int) -> float:
    """Shrink ``artist``'s font, then wrap it, until it is at most ``room`` pixels wide.

    Returns its height in pixels. Text never disappears: past ``max_lines`` the last
    line is cut with an ellipsis.
    """
    original = artist.get_text()
    size = artist.get_fontsize()
    box = artist.get_window_extent(renderer)
    while box.width > room and size > min_size:
        size -= 1
        artist.set_fontsize(size)
        box = artist.get_window_extent(renderer)
    if box.width > room:
        chars = max(int(len(original) * room / box.width) - 1, 8)
        lines = _wrap_to(original, chars).split("\n")
        if len(lines) > max_lines:
            lines = lines[:max_lines]
            lines[-1] = lines[-1][: chars - 1].rstrip() + "…"
        artist.set_text("\n".join(lines))
        box = artist.get_window_extent(renderer)
    return box.height


def _draw_network(ax, vg) -> str:
    """Edges, nodes and labels on ``ax``; returns the caption about skipped labels."""
    import numpy as np
    from matplotlib import patheffects
    from matplotlib.collections import LineCollection

    nodes = getattr(vg, "nodes", None)
    edges = getattr(vg, "edges", None)
    n = 0 if nodes is None else len(nodes)
    if n == 0:
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        return ""

    ids = [_text(v) for v in _column(nodes, "id", "")]
    # The full name when there is one (a page has room for two lines), else the label.
    names = [_text(v) for v in _column(nodes, "name", "")]
    labels = [_text(v) for v in _column(nodes, "label", "")]
    labels = [names[i] or labels[i] or ids[i] for i in range(n)]
    colors = [_rgba(c, _DEFAULT_NODE) for c in _column(nodes, "color", None)]
    shapes = [_MARKERS.get(_text(s), "o") for s in _column(nodes, "shape", "dot")]
    sizes = [max(_number(s, 10.0), 1.0) for s in _column(nodes, "size", 10.0)]
    focus = [_truthy(f) for f in _column(nodes, "focus", False)]  # ringed in dark ink
    pos = _positions(_column(nodes, "x", math.nan), _column(nodes, "y", math.nan))
    where = dict(zip(ids, pos))

    xs = np.array([p[0] for p in pos])
    ys = np.array([p[1] for p in pos])
    points_per_unit = _fit(ax, xs, ys)

    # A node's radius in points: as in the interactive view, but never a speck nor a blob.
    radius = [min(max(s * points_per_unit, 2.5), _MAX_RADIUS) for s in sizes]

    # Edges under the nodes; dashed ones (observers, part-of links) stay dashed.
    if edges is not None and len(edges):
        segments, widths, ecolors, styles = [], [], [], []
        alpha = 0.55 if len(edges) <= 400 else 0.3
        for s, t, w, c, d in zip(_column(edges, "source", ""), _column(edges, "target", ""),
                                 _column(edges, "width", 1.0), _column(edges, "color", None),
                                 _column(edges, "dashes", False)):
            a, b = where.get(_text(s)), where.get(_text(t))
            if a is None or b is None:
                continue
            segments.append((a, b))
            widths.append(min(max(_number(w, 1.0) * 0.75, 0.4), 5.0))
            r, g, bl, al = _rgba(c, _DEFAULT_EDGE)
            ecolors.append((r, g, bl, al * alpha))
            styles.append((0, (3.0, 3.0)) if _truthy(d) else "solid")
        if segments:
            ax.add_collection(LineCollection(segments, linewidths=widths, colors=ecolors,
                                             linestyles=styles, capstyle="round", zorder=1))

    # Nodes: one scatter per marker, the biggest markers first so small ones stay visible.
    order = sorted(range(n), key=lambda i: -radius[i])
    by_marker: dict[str, list[int]] = {}
    for i in order:
        by_marker.setdefault(shapes[i], []).append(i)
    for z, (marker, idx) in enumerate(
        sorted(by_marker.items(), key=lambda kv: -max(radius[i] for i in kv[1]))
    ):
        scale = _MARKER_SCALE.get(marker, 1.0)
        ax.scatter(xs[idx], ys[idx], s=[(2 * radius[i] * scale) ** 2 for i in idx],
                   c=[colors[i] for i in idx], marker=marker,
                   edgecolors=[_INK if focus[i] else "white" for i in idx],
                   linewidths=[2.2 if focus[i] else 0.8 for i in idx], zorder=2 + z * 0.01)

    # Names: the largest nodes first, at most MAX_LABELS, none drawn over another.
    candidates = sorted(range(n), key=lambda i: (-sizes[i], i))[:MAX_LABELS]
    halo = [patheffects.Stroke(linewidth=2.8, foreground="white")]
    fontsize = 8.0 if n <= 30 else 7.0
    renderer = ax.figure.canvas.get_renderer()
    placed = []  # window extents of the names kept
    hidden = 0
    for i in candidates:
        text = _short(labels[i])
        if not text:
            continue
        where_text = {"xy": (xs[i], ys[i]), "xytext": (0, -(radius[i] + 1.5)),
                      "textcoords": "offset points", "ha": "center", "va": "top",
                      "fontsize": fontsize, "annotation_clip": False, "parse_math": False,
                      "usetex": False}
        name = ax.annotate(text, color=_INK, zorder=5, gid="label", **where_text)
        box = name.get_window_extent(renderer).expanded(0.96, 0.9)
        if any(box.overlaps(other) for other in placed):
            name.remove()
            hidden += 1
            continue
        placed.append(box)
        # The halo is a white outline drawn as a shape, under the name, which stays real
        # text so that it can be searched and copied in the PDF.
        ax.annotate(text, color="white", zorder=4, path_effects=halo, gid="label-halo",
                    **where_text)
    shown = len(placed)
    if n > MAX_LABELS:
        caption = tr("Names shown for {shown} of the {n} nodes (the largest, where they fit); "
                     "open the interactive view for the rest.", shown=shown, n=n)
    elif hidden:
        caption = ntr("{n} name left out where it would cover another.",
                      "{n} names left out where they would cover another.", hidden)
    else:
        caption = ""
    return caption


def _draw_side(fig, vg, *, note: str, legend: bool, rect, width_in: float) -> None:
    """The side panel: the legend, then the note wrapped to the panel's width.

    Both are measured and made to fit: the legend takes at most 60 % of the panel when
    there is a note (smaller type, then "… and N more"), the note the rest (smaller
    type, then cut with an ellipsis).
    """
    side = fig.add_axes(rect)
    side.set_axis_off()
    side.set_xlim(0, 1)
    side.set_ylim(0, 1)
    renderer = fig.canvas.get_renderer()
    panel = side.get_window_extent(renderer)
    note = note.strip()
    y_top = panel.y1  # pixels: where the next block may start

    entries = list(getattr(vg, "legend", None) or []) if legend else []
    if entries:
        limit = panel.height * (0.6 if note else 1.0)
        for fontsize in (9.0, 8.0, 7.0):
            leg = _legend(side, entries, len(entries), fontsize, width_in)
            if leg.get_window_extent(renderer).height <= limit:
                break
            leg.remove()
        else:
            keep = len(entries)
            while keep > 1:
                keep -= 1
                leg = _legend(side, entries, keep, 7.0, width_in)
                if leg.get_window_extent(renderer).height <= limit:
                    break
                leg.remove()
        y_top = leg.get_window_extent(renderer).y0 - 0.25 * fig.dpi

    if note:
        heading = side.text(0, (y_top - panel.y0) / panel.height, tr("Note"), fontsize=10,
                            fontweight="bold", color=_INK, va="top", ha="left",
                            parse_math=False, usetex=False)
        y_body = heading.get_window_extent(renderer).y0 - 0.06 * fig.dpi
        body = side.text(0, (y_body - panel.y0) / panel.height, "", color=_INK, va="top",
                         ha="left", linespacing=1.3, parse_math=False, usetex=False)
        for fontsize in (9.0, 8.0, 7.0):
            chars = int(width_in * 72 / (fontsize * 0.56))
            body.set_fontsize(fontsize)
            body.set_text(_wrap_to(note, chars))
            if body.get_window_extent(renderer).y0 >= panel.y0:
                break
        else:
            lines = body.get_text().split("\n")
            while len(lines) > 1 and body.get_window_extent(renderer).y0 < panel.y0:
                lines.pop()
                body.set_text("\n".join(lines).rstrip() + " …")


def _legend(side, entries: list, keep: int, fontsize: float, width_in: float):
    """A legend of the first ``keep`` entries (label, colour, shape), literal text."""
    from matplotlib.lines import Line2D

    chars = int((width_in * 72 - 2.2 * fontsize) / (fontsize * 0.56))
    handles = []
    for entry in entries[:keep]:
        label, color, shape = (list(entry) + ["", "", "dot"])[:3]
        marker = _MARKERS.get(_text(shape), "o")
        handles.append(Line2D([], [], linestyle="none", marker=marker,
                              markersize=(fontsize + 1) * _MARKER_SCALE.get(marker, 1.0),
                              markerfacecolor=_rgba(color, _DEFAULT_NODE),
                              markeredgecolor="white", markeredgewidth=0.8,
                              label=_short(_text(label), width=chars)))
    if keep < len(entries):
        handles.append(Line2D([], [], linestyle="none", marker="",
                              label="… " + tr("and {n} more", n=len(entries) - keep)))
    leg = side.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, 1),
                      frameon=False, fontsize=fontsize, title=tr("Legend"),
                      title_fontsize=10, alignment="left", borderaxespad=0,
                      handletextpad=0.6, labelspacing=0.55, borderpad=0)
    leg.get_title().set_fontweight("bold")
    for t in [*leg.get_texts(), leg.get_title()]:
        t.set_parse_math(False)
        t.set_usetex(False)
        t.set_color(_INK)
    return leg


# --------------------------------------------------------------------------- output


def _save(fig, path_or_file, fmt: str, **kwargs) -> bytes | None:
    import matplotlib

    target = io.BytesIO() if path_or_file is None else path_or_file
    if isinstance(target, os.PathLike):
        target = os.fspath(target)
    with matplotlib.rc_context(_RC), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from")
        fig.savefig(target, format=fmt, facecolor="white", **kwargs)
    if path_or_file is None:
        return target.getvalue()
    return None


#: Per format: default page size in inches, and whether ``dpi`` applies.
_FORMATS = {"png": ((13.33, 7.5), True), "pdf": ((11.69, 8.27), False)}


def render_image(
    vg,
    path_or_file=None,
    fmt: str = "png",
    *,
    title: str,
    subtitle: str = "",
    note: str = "",
    legend: bool = True,
    dpi: int = 150,
    size: tuple[float, float] | None = None,
    made: datetime | str | None = None,
) -> bytes | None:
    """Save a network view as a PNG picture or a one-page PDF: the one path for both.

    PNG: by default a 16:9 slide at ``dpi`` 150 (2000 px wide). PDF: by default A4
    landscape with searchable text; its Title is ``title`` and its Subject the subtitle;
    no creation date is written, so the same view and ``made`` give the same bytes.

    Parameters
    ----------
    vg : ViewGraph
        The view, as for :func:`view_figure`.
    path_or_file : str, os.PathLike, binary file object or None
        Where to write; ``None`` returns the file's bytes (for a download button).
    fmt : {"png", "pdf"}
    title, subtitle, note, legend, made
        As for :func:`view_figure`.
    dpi : int
        Pixels per inch (PNG only).
    size : (float, float), optional
        Width and height in inches; by default 13.33 × 7.5 (PNG) or 11.69 × 8.27 (PDF).

    Returns
    -------
    bytes or None
        The file when ``path_or_file`` is ``None``.

    Examples
    --------
    >>> import pandas as pd
    >>> from types import SimpleNamespace
    >>> vg = SimpleNamespace(nodes=pd.DataFrame(), edges=pd.DataFrame(), legend=[],
    ...                      message="", as_of=None)
    >>> render_image(vg, None, "pdf", title="Empty view")[:5]
    b'%PDF-'
    """
    if fmt not in _FORMATS:
        raise ValueError(f"unknown picture format {fmt!r}: use png or pdf")
    default_size, uses_dpi = _FORMATS[fmt]
    fig = view_figure(vg, title=title, subtitle=subtitle, note=note, legend=legend,
                      size=default_size if size is None else size, made=made)
    if fmt == "png":
        metadata = {"Title": _text(title), "Software": "graphmodel (matplotlib)"}
    else:
        metadata = {
            "Title": _text(title),
            "Subject": _subtitle(_text(subtitle), getattr(vg, "as_of", None)),
            "Creator": "graphmodel",
            "CreationDate": None,
        }
    extra = {"dpi": dpi} if uses_dpi else {}
    return _save(fig, path_or_file, fmt, metadata=metadata, **extra)


def comparison_figure(before, after, *, title: str, subtitle: str = "",
                      labels: tuple[str, str] = ("", ""), summary: str = "", changes=(),
                      legend=(), note: str = "", size: tuple[float, float] = (13.33, 7.5),
                      made: datetime | str | None = None):
    """Two network views side by side on one ``Figure``: before and after a change.

    Both drawings share one frame (the union of their places), so a node that keeps its
    place keeps it on the page. The side panel holds ``legend`` (``(label, colour,
    shape)``), then ``summary`` (the counts), the first ``changes`` (lines of text) and
    ``note``. Every text from the data is drawn literally.

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
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=size, dpi=100, facecolor="white")
        FigureCanvasAgg(fig)
        width, height = size
        renderer = fig.canvas.get_renderer()
        left = right = 0.45
        top = height - 0.32
        head = fig.text(left / width, top / height, _text(title), fontsize=19,
                        fontweight="bold", color=_INK, va="top", **literal)
        room = (width - left - right) * fig.dpi
        top -= _fit_width(head, renderer, room, min_size=13, max_lines=2) / fig.dpi + 0.1
        if _text(subtitle):
            sub = fig.text(left / width, top / height, _text(subtitle), fontsize=10.5,
                           color=_GREY, va="top", **literal)
            top -= _fit_width(sub, renderer, room, min_size=8, max_lines=2) / fig.dpi + 0.05
        side_w = min(3.3, 0.27 * width)
        gap = 0.25
        pane_w = (width - left - right - side_w - 2 * gap) / 2
        bottom = 0.6
        label_h = 0.3
        axes = []
        for k, (vg, label, color) in enumerate(((before, labels[0], "#D73027"),
                                                (after, labels[1], "#1A9850"))):
            x = left + k * (pane_w + gap)
            fig.text(x / width, (top - 0.05) / height, _text(label), fontsize=11.5,
                     fontweight="bold", color=_INK, va="top", **literal)
            fig.add_artist(Line2D(
                [x / width, (x + pane_w) / width], [(top - label_h) / height] * 2,
                color=color, linewidth=2.5))
            ax = fig.add_axes((x / width, bottom / height, pane_w / width,
                               (top - label_h - 0.08 - bottom) / height))
            ax.set_axis_off()
            _draw_network(ax, vg)
            axes.append(ax)
        # one frame for both: the union of the two drawings' limits
        xs = [v for ax in axes for v in ax.get_xlim()]
        ys = [v for ax in axes for v in ax.get_ylim()]
        for ax in axes:
            ax.set_xlim(min(xs), max(xs))
            ax.set_ylim(min(ys), max(ys))
        lines = [_text(summary)] if _text(summary) else []
        shown = [_text(c) for c in list(changes)[:14]]
        if shown:
            lines.append("\n".join("• " + c for c in shown)
                         + (f"\n… (+{len(changes) - 14})" if len(changes) > 14 else ""))
        if _text(note).strip():
            lines.append(_text(note))
        panel = SimpleNamespace(legend=list(legend))
        side_left = width - right - side_w
        _draw_side(fig, panel, note="\n\n".join(lines), legend=True,
                   rect=(side_left / width, bottom / height, side_w / width,
                         (top - bottom) / height), width_in=side_w)
        fig.text(left / width, 0.22 / height,
                 "graphmodel · " + tr("made {time}", time=_made_at(made)), fontsize=7.5,
                 color=_LIGHT, va="bottom", **literal)
    return fig


def render_comparison(before, after, path_or_file=None, fmt: str = "png", *, title: str,
                      subtitle: str = "", labels: tuple[str, str] = ("", ""),
                      summary: str = "", changes=(), legend=(), note: str = "",
                      dpi: int = 150, size: tuple[float, float] | None = None,
                      made: datetime | str | None = None) -> bytes | None:
    """Save before and after (:func:`comparison_figure`) as a PNG slide or a one-page PDF,
    as :func:`render_image` saves one view; returns the bytes when ``path_or_file`` is
    ``None``."""
    if fmt not in _FORMATS:
        raise ValueError(f"unknown picture format {fmt!r}: use png or pdf")
    default_size, uses_dpi = _FORMATS[fmt]
    fig = comparison_figure(before, after, title=title, subtitle=subtitle, labels=labels,
                            summary=summary, changes=changes, legend=legend, note=note,
                            size=default_size if size is None else size, made=made)
    if fmt == "png":
        metadata = {"Title": _text(title), "Software": "graphmodel (matplotlib)"}
    else:
        metadata = {"Title": _text(title), "Subject": _text(subtitle), "Creator": "graphmodel",
                    "CreationDate": None}
    return _save(fig, path_or_file, fmt, metadata=metadata, **({"dpi": dpi} if uses_dpi else {}))


def render_png(vg, path_or_file=None, *, title: str, subtitle: str = "", note: str = "",
               legend: bool = True, dpi: int = 150, size: tuple[float, float] = (13.33, 7.5),
               made: datetime | str | None = None) -> bytes | None:
    """Save a network view as a PNG picture (:func:`render_image` with ``fmt="png"``).

    Examples
    --------
    >>> import pandas as pd
    >>> from types import SimpleNamespace
    >>> vg = SimpleNamespace(nodes=pd.DataFrame({"id": ["a"], "label": ["Åre"], "x": [0],
    ...                      "y": [0]}), edges=pd.DataFrame(), legend=[], message="",
    ...                      as_of=None)
    >>> render_png(vg, None, title="Åre", dpi=20)[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """
    return render_image(vg, path_or_file, "png", title=title, subtitle=subtitle, note=note,
                        legend=legend, dpi=dpi, size=size, made=made)


def render_pdf(vg, path_or_file=None, *, title: str, subtitle: str = "", note: str = "",
               legend: bool = True, size: tuple[float, float] = (11.69, 8.27),
               made: datetime | str | None = None) -> bytes | None:
    """Save a network view as a one-page PDF (:func:`render_image` with ``fmt="pdf"``)."""
    return render_image(vg, path_or_file, "pdf", title=title, subtitle=subtitle, note=note,
                        legend=legend, size=size, made=made)
