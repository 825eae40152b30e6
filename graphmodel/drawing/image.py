"""The parts every static picture shares: colours, fonts, a network on axes, legend, saving."""

from __future__ import annotations

import io
import math
import os
import re
import textwrap
import warnings
from datetime import UTC, datetime
from typing import Any

from ..i18n import date as _date, ntr, tr

__all__ = ["FORMATS", "GREY", "INK", "LIGHT", "MAX_LABELS", "MAX_RADIUS", "RC", "draw_network",
           "draw_side", "fit_view", "fit_width", "made_at_text", "save_figure",
           "subtitle_with_date", "text_of"]

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

MAX_RADIUS = 16.0  # points: the biggest node marker
_FONT = "DejaVu Sans"  # ships with matplotlib; has æøå, åäö, and most European letters
INK = "#1f2328"
GREY = "#57606a"
LIGHT = "#8c959f"
_DEFAULT_NODE = "#6e7781"
_DEFAULT_EDGE = "#8c959f"
_RGB = re.compile(
    r"rgba?\(\s*([0-9.]+)\s*,\s*([0-9.]+)\s*,\s*([0-9.]+)\s*(?:,\s*([0-9.]+)\s*)?\)", re.IGNORECASE
)
RC = {
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


def text_of(value: Any) -> str:
    """A cell as text: blank for None, NaN and pandas' missing markers.

    >>> text_of(None), text_of(float("nan")), text_of("Åre")
    ('', '', 'Åre')
    """
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


def made_at_text(made: datetime | str | None) -> str:
    """When a picture was made, as the language writes it: ``made`` as given, else
    ``SOURCE_DATE_EPOCH`` (reproducible builds), else now."""
    if isinstance(made, str):
        return made
    if made is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH")  # reproducible builds convention
        if epoch and epoch.strip().isdigit():
            made = datetime.fromtimestamp(int(epoch), tz=UTC)
        else:
            made = datetime.now().astimezone()
    return f"{_date(made)} {made.strftime('%H:%M')}"


def subtitle_with_date(subtitle: str, as_of: Any) -> str:
    """``subtitle`` with "data as of DATE" added when it does not say the date yet."""
    date = _date(text_of(as_of)) if text_of(as_of) else ""
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


def fit_view(ax, xs, ys) -> float:
    """Set limits so that every node, and the name under it, fits; returns points per unit.

    The shorter way stretched by at most 1.5 to fill the space, the drawing centred, and
    margins in points: a node's largest radius all round, a name's width at the sides,
    two lines of text at the bottom.
    """
    box = ax.get_position()  # figure fraction
    fig_w, fig_h = ax.figure.get_size_inches()
    width_pt, height_pt = box.width * fig_w * 72.0, box.height * fig_h * 72.0
    side, top, bottom = MAX_RADIUS + 45.0, MAX_RADIUS + 4.0, MAX_RADIUS + 24.0
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


def fit_width(artist, renderer, room: float, *, min_size: float, max_lines: int) -> float:
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


def draw_network(ax, vg, *, fit=None, emphasis=(), emphasis_edges=()) -> str:
    """Edges, nodes and labels on ``ax``; returns the caption about skipped labels.

    ``fit(ax, xs, ys) -> points per unit`` sets the axes' limits (default
    :func:`fit_view`). Nodes whose id is in ``emphasis`` are drawn on top and named
    first; edges whose ``(source, target)`` is in ``emphasis_edges`` (either way round)
    are drawn over the others, opaque: what a comparison marks stays visible.
    """
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

    ids = [text_of(v) for v in _column(nodes, "id", "")]
    # The full name when there is one (a page has room for two lines), else the label.
    names = [text_of(v) for v in _column(nodes, "name", "")]
    labels = [text_of(v) for v in _column(nodes, "label", "")]
    labels = [names[i] or labels[i] or ids[i] for i in range(n)]
    colors = [_rgba(c, _DEFAULT_NODE) for c in _column(nodes, "color", None)]
    shapes = [_MARKERS.get(text_of(s), "o") for s in _column(nodes, "shape", "dot")]
    sizes = [max(_number(s, 10.0), 1.0) for s in _column(nodes, "size", 10.0)]
    focus = [_truthy(f) for f in _column(nodes, "focus", False)]  # ringed in dark ink
    pos = _positions(_column(nodes, "x", math.nan), _column(nodes, "y", math.nan))
    where = dict(zip(ids, pos))

    xs = np.array([p[0] for p in pos])
    ys = np.array([p[1] for p in pos])
    points_per_unit = (fit or fit_view)(ax, xs, ys)
    marked = {i for i in range(n) if ids[i] in set(emphasis)}
    marked_edges = set(emphasis_edges) | {(t, s) for s, t in emphasis_edges}

    # A node's radius in points: as in the interactive view, but never a speck nor a blob.
    radius = [min(max(s * points_per_unit, 2.5), MAX_RADIUS) for s in sizes]

    # Edges under the nodes; dashed ones (observers, part-of links) stay dashed.
    if edges is not None and len(edges):
        segments, widths, ecolors, styles = [], [], [], []
        on_top: list = []  # (segment, width, colour, style) of the marked edges
        alpha = 0.55 if len(edges) <= 400 else 0.3
        for s, t, w, c, d in zip(_column(edges, "source", ""), _column(edges, "target", ""),
                                 _column(edges, "width", 1.0), _column(edges, "color", None),
                                 _column(edges, "dashes", False)):
            a, b = where.get(text_of(s)), where.get(text_of(t))
            if a is None or b is None:
                continue
            width = min(max(_number(w, 1.0) * 0.75, 0.4), 5.0)
            style = (0, (3.0, 3.0)) if _truthy(d) else "solid"
            if (text_of(s), text_of(t)) in marked_edges:
                on_top.append(((a, b), width, _rgba(c, _DEFAULT_EDGE), style))
                continue
            segments.append((a, b))
            widths.append(width)
            r, g, bl, al = _rgba(c, _DEFAULT_EDGE)
            ecolors.append((r, g, bl, al * alpha))
            styles.append(style)
        if segments:
            ax.add_collection(LineCollection(segments, linewidths=widths, colors=ecolors,
                                             linestyles=styles, capstyle="round", zorder=1))
        if on_top:
            seg, wid, col, sty = zip(*on_top)
            ax.add_collection(LineCollection(list(seg), linewidths=list(wid), colors=list(col),
                                             linestyles=list(sty), capstyle="round",
                                             zorder=1.5))

    # Nodes: one scatter per marker, the biggest markers first so small ones stay visible.
    order = sorted(range(n), key=lambda i: -radius[i])
    for layer, base in (([i for i in order if i not in marked], 2), ([i for i in order
                                                                    if i in marked], 3)):
        by_marker: dict[str, list[int]] = {}
        for i in layer:
            by_marker.setdefault(shapes[i], []).append(i)
        for z, (marker, idx) in enumerate(
            sorted(by_marker.items(), key=lambda kv: -max(radius[i] for i in kv[1]))
        ):
            scale = _MARKER_SCALE.get(marker, 1.0)
            ax.scatter(xs[idx], ys[idx], s=[(2 * radius[i] * scale) ** 2 for i in idx],
                       c=[colors[i] for i in idx], marker=marker,
                       edgecolors=[INK if focus[i] else "white" for i in idx],
                       linewidths=[2.2 if focus[i] else 0.8 for i in idx],
                       zorder=base + z * 0.01)

    # Names: the largest nodes first, at most MAX_LABELS, none drawn over another.
    candidates = sorted(range(n), key=lambda i: (i not in marked, -sizes[i], i))[:MAX_LABELS]
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
        name = ax.annotate(text, color=INK, zorder=5, gid="label", **where_text)
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


def draw_side(fig, vg, *, note: str, legend: bool, rect, width_in: float,
              heading: str | None = None) -> None:
    """The side panel: the legend, then the note (under ``heading``, default "Note")
    wrapped to the panel's width.

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
        title = tr("Note") if heading is None else heading
        heading = side.text(0, (y_top - panel.y0) / panel.height, title, fontsize=10,
                            fontweight="bold", color=INK, va="top", ha="left",
                            parse_math=False, usetex=False)
        y_body = heading.get_window_extent(renderer).y0 - 0.06 * fig.dpi
        body = side.text(0, (y_body - panel.y0) / panel.height, "", color=INK, va="top",
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
        marker = _MARKERS.get(text_of(shape), "o")
        handles.append(Line2D([], [], linestyle="none", marker=marker,
                              markersize=(fontsize + 1) * _MARKER_SCALE.get(marker, 1.0),
                              markerfacecolor=_rgba(color, _DEFAULT_NODE),
                              markeredgecolor="white", markeredgewidth=0.8,
                              label=_short(text_of(label), width=chars)))
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
        t.set_color(INK)
    return leg


# --------------------------------------------------------------------------- output


def save_figure(fig, path_or_file, fmt: str, **kwargs) -> bytes | None:
    import matplotlib

    target = io.BytesIO() if path_or_file is None else path_or_file
    if isinstance(target, os.PathLike):
        target = os.fspath(target)
    with matplotlib.rc_context(RC), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from")
        fig.savefig(target, format=fmt, facecolor="white", **kwargs)
    if path_or_file is None:
        return target.getvalue()
    return None


#: Per format: default page size in inches, and whether ``dpi`` applies.
FORMATS = {"png": ((13.33, 7.5), True), "pdf": ((11.69, 8.27), False)}

