"""The map as a PNG (slides) or PDF (print), drawn with matplotlib from a :class:`MapView`.

Same projection, colours, territories, links and legend as :func:`graphmodel.drawing.map.map_svg`
(the map's coordinates are already projected: Lambert azimuthal equal-area, see
:mod:`graphmodel.drawing.geo`); nothing is fetched, names are drawn as plain text (never TeX).
"""

from __future__ import annotations

import io
import os
import textwrap
import warnings

from ..i18n import date, tr
from .map import (
    ATTRIBUTION,
    BACKGROUND_FILL,
    CROSSING_COLOR,
    FOCUS_STROKE,
    LINK_COLOR,
    MapView,
)

__all__ = ["map_figure", "render_map"]

_RC = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],  # ships with matplotlib; has æøå and åäö
    "text.usetex": False,
    "text.parse_math": False,  # names are data: "$x$" is printed, never read as maths
    "pdf.fonttype": 42,  # searchable text in the PDF
    "axes.unicode_minus": True,
}
_INK = "#1f2328"
_GREY = "#57606a"


def _patch(outline, **style):
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path

    verts, codes = [], []
    for poly in outline.polygons:
        for ring in poly:
            verts.extend(ring.tolist())
            codes.extend([Path.MOVETO] + [Path.LINETO] * (len(ring) - 2) + [Path.CLOSEPOLY])
    return PathPatch(Path(verts, codes), **style)


def _clean(text) -> str:
    return "".join(ch if ch.isprintable() or ch == "\n" else "\ufffd" for ch in str(text))


def map_figure(mv: MapView, *, title: str = "", size: tuple[float, float] = (13.33, 7.5)):
    """A matplotlib Figure of the map (Agg canvas, not attached to pyplot).

    Examples
    --------
    >>> import pandas as pd
    >>> from graphmodel import Model
    >>> from graphmodel.drawing import map_view
    >>> m = Model.from_frames(
    ...     pd.DataFrame({"id": ["a"], "name": ["Oslo"], "kind": "municipality",
    ...                   "country": "NO", "code": ["0301"]}),
    ...     pd.DataFrame({"id": ["s"], "name": ["S"], "kind": "service"}),
    ...     pd.DataFrame({"actor": ["a"], "collaboration": "s"}),
    ... )
    >>> fig = map_figure(map_view(m), title="Oslo")
    >>> len(fig.axes)
    2
    """
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=size)
        FigureCanvasAgg(fig)
        top = 0.90 if title else 0.96
        ax = fig.add_axes((0.01, 0.05, 0.72, top - 0.06))
        side = fig.add_axes((0.745, 0.05, 0.245, top - 0.06))
        _draw_map(ax, mv, size[0] * 0.72 / (size[1] * (top - 0.06)))
        _draw_legend(side, mv, size[1] * (top - 0.06))
        if title:
            fig.text(0.01, 0.955, _clean(title), fontsize=17, fontweight="bold", color=_INK,
                     va="center")
        fig.text(0.01, 0.018, tr("Outlines: {sources}",
                                 sources=ATTRIBUTION.removeprefix("Outlines: ")),
                 fontsize=7, color=_GREY)
    return fig


def _draw_map(ax, mv: MapView, aspect: float) -> None:
    x0, y0, x1, y1 = frame = mv.frame(aspect)
    ax.set_facecolor("#f4f7fa")
    for o in mv.background(frame):
        ax.add_patch(_patch(o, facecolor=BACKGROUND_FILL, edgecolor="white", linewidth=0.4))
    for r in mv.shapes.itertuples():
        ax.add_patch(_patch(r.outline, facecolor=r.color, alpha=0.35 if r.dim else 1.0,
                            edgecolor="white", linewidth=0.5))
    for r in mv.councils.itertuples():
        for line in r.lines:
            ax.plot(line[:, 0], line[:, 1], color="white", lw=3.6, alpha=0.9,
                    solid_capstyle="round", solid_joinstyle="round")
            ax.plot(line[:, 0], line[:, 1], color=r.color, lw=1.7,
                    solid_capstyle="round", solid_joinstyle="round")
    for r in mv.shapes[mv.shapes["focus"]].itertuples():
        ax.add_patch(_patch(r.outline, facecolor="none", edgecolor=FOCUS_STROKE, linewidth=1.6))
    for relation, color, style in (("crossing", CROSSING_COLOR, (0, (5, 3))),
                                   ("member", LINK_COLOR, "solid")):
        sub = mv.links[mv.links["relation"] == relation]
        for r in sub.itertuples():
            ax.plot([r.x0, r.x1], [r.y0, r.y1], color=color, lw=1.3, linestyle=style,
                    solid_capstyle="round")
    for r in mv.points.itertuples():
        ax.scatter([r.x], [r.y], s=40, color=r.color, alpha=0.4 if r.dim else 1.0,
                   edgecolors=FOCUS_STROKE if r.focus else "white", linewidths=1.2, zorder=4)
    hosts = mv.links.drop_duplicates("collaboration")
    for r in hosts.itertuples():
        color = LINK_COLOR if r.relation == "member" else CROSSING_COLOR
        ax.scatter([r.x0], [r.y0], s=30, color="white", edgecolors=color, linewidths=1.6,
                   zorder=5)
    import matplotlib.patheffects as pe

    halo = [pe.withStroke(linewidth=2.5, foreground="white")]
    for frame in (mv.shapes, mv.points):
        for r in frame[frame["label"].astype(bool)].itertuples():
            name = _clean(r.name)
            name = name if len(name) <= 22 else name[:21] + "…"
            ax.annotate(name, (r.x, r.y), xytext=(0, 5), textcoords="offset points",
                        ha="center", fontsize=7.5, color=_INK, path_effects=halo, zorder=6,
                        fontweight="bold" if r.focus else "normal", clip_on=True)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)


def _draw_legend(side, mv: MapView, height_in: float) -> None:
    from matplotlib.patches import Rectangle

    side.axis("off")
    side.set_xlim(0, 1)
    side.set_ylim(0, 1)
    step = 12.5 / 72 / height_in  # one line of 8.5 pt text, in axes fractions
    y = 1.0

    def heading(text):
        nonlocal y
        side.text(0, y, _clean(text), fontsize=9.5, fontweight="bold", color=_INK, va="top")
        y -= step * 1.35

    def entry(label, color, mark):
        nonlocal y
        lines = textwrap.wrap(_clean(label), 36) or [""]
        if len(lines) > 2:
            lines = [lines[0], lines[1][:34] + "…"]
        mid = y - step * 0.45
        if mark == "fill":
            side.add_patch(Rectangle((0, mid - step * 0.35), 0.07, step * 0.7, facecolor=color,
                                     edgecolor="#8c959f", linewidth=0.5))
        else:
            side.plot([0, 0.07], [mid, mid], color=color, lw=2.2,
                      linestyle=(0, (4, 2)) if mark == "dash" else "solid")
        side.text(0.1, y, "\n".join(lines), fontsize=8.5, color=_INK, va="top",
                  linespacing=1.15)
        y -= step * (len(lines) + 0.35)

    heading(mv.legend_title)
    for label, color, mark in mv.legend:
        entry(label, color, mark)
    if len(mv.councils):
        y -= step * 0.6
        heading(tr("Council territories"))
        for r in mv.councils.itertuples():
            if y < 0.25:
                side.text(0.1, y, "…", fontsize=8.5, color=_INK, va="top")
                y -= step
                break
            entry(r.name, r.color, "line")
    notes = []
    if mv.as_of:
        notes.append(tr("As of {date}", date=date(mv.as_of)))
    if mv.message:
        notes.append(_clean(mv.message))
    if len(mv.unplaced):
        notes.append(_clean(mv.unplaced_note(12)))
    if len(mv.points):
        notes.append(tr("Dots: placed from coordinates (no outline for the code)."))
    if notes:
        side.text(0, y - step * 0.6, "\n".join(textwrap.fill(n, 44) for n in notes),
                  va="top", fontsize=8, color=_GREY)


def render_map(mv: MapView, path_or_file=None, fmt: str = "png", *, title: str = "",
               size: tuple[float, float] | None = None, dpi: int = 150) -> bytes | None:
    """Save the map as PNG (16:9 slide, 150 dpi by default) or PDF (A4 landscape).

    Parameters
    ----------
    mv : MapView
    path_or_file : str, os.PathLike, binary file or None
        Where to write; ``None`` returns the bytes.
    fmt : {"png", "pdf"}
    title : str
        Printed above the map and stored as the file's title.
    size : (width, height) in inches, optional
    dpi : int
        PNG only.

    Examples
    --------
    >>> import pandas as pd
    >>> from graphmodel import Model
    >>> from graphmodel.drawing import map_view
    >>> m = Model.from_frames(
    ...     pd.DataFrame({"id": ["a"], "name": ["Åre"], "kind": "municipality",
    ...                   "country": "SE", "code": ["2321"]}),
    ...     pd.DataFrame({"id": ["s"], "name": ["S"], "kind": "service"}),
    ...     pd.DataFrame({"actor": ["a"], "collaboration": "s"}),
    ... )
    >>> render_map(map_view(m), None, "png", dpi=20)[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    >>> render_map(map_view(m), None, "pdf")[:5]
    b'%PDF-'
    """
    import matplotlib

    from ..errors import SpecError

    if fmt not in ("png", "pdf"):
        raise SpecError(f"unknown map format {fmt!r}: use png or pdf")
    if size is None:
        size = (13.33, 7.5) if fmt == "png" else (11.69, 8.27)
    fig = map_figure(mv, title=title, size=size)
    target = io.BytesIO() if path_or_file is None else path_or_file
    if isinstance(target, os.PathLike):
        target = os.fspath(target)
    if fmt == "png":
        kwargs = {"dpi": dpi, "metadata": {"Title": _clean(title), "Software": "graphmodel"}}
    else:
        kwargs = {"metadata": {"Title": _clean(title), "Creator": "graphmodel",
                               "CreationDate": None}}
    with matplotlib.rc_context(_RC), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from")
        fig.savefig(target, format=fmt, facecolor="white", **kwargs)
    return target.getvalue() if path_or_file is None else None
