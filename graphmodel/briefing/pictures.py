"""The pictures of a briefing page: strategy quadrant, partner network and partner map."""

from __future__ import annotations

import dataclasses
import math
import weakref
from types import SimpleNamespace

import pandas as pd

from ..i18n import tr
from .data import BriefingData, strategy_label

__all__ = [
    "focused_map",
    "not_a_number",
    "partners_graph",
    "partners_map",
    "partners_mapview",
    "partners_network",
    "quadrant_png",
    "quadrant_svg",
]

_STRATEGY_THRESHOLD = 0.5  # the metrics' default thresholds (DESIGN.md "Strategy profile")
_FOCUS, _HOME, _OTHER = "#0072B2", "#009E73", "#9AA5B1"


def _text(value) -> str:
    """Text from data for our own SVG (escaped; XML-invalid characters replaced)."""
    from ..drawing.map_svg import safe_text

    return safe_text(value)


def _quad_centre(name: str) -> tuple[float, float]:
    """A quadrant's centre in the unit square (y up), under the default thresholds."""
    qx, qy = _QUADS[name]
    return (0.75 if qx else 0.25, 0.75 if qy else 0.25)


def _arrow_ends(earlier: str, stated: str):
    """From beside the earlier quadrant's words towards the later one's, clear of both
    (unit square, y up)."""
    (ax, ay), (bx, by) = _quad_centre(earlier), _quad_centre(stated)
    length = math.hypot(bx - ax, by - ay) or 1.0
    ux, uy = (bx - ax) / length, (by - ay) / length
    reach = 0.17
    return (ax + ux * reach, ay + uy * reach), (bx - ux * reach, by - uy * reach)


_QUADS = {"self-sufficiency": (0, 0), "specialisation": (0, 1),
          "service-centre": (1, 0), "regional partner": (1, 1)}


def _stated_words(stated: str, earlier: str, years: tuple[str, str]) -> tuple[str, str]:
    """The small words under the stated and the earlier quadrant's name."""
    now, was = years
    said = (tr("stated {year}", year=now) if now else tr("stated"))
    before = (tr("stated {year}", year=was) if was else tr("stated earlier"))
    return said, before if earlier and earlier != stated else ""


def quadrant_svg(breadth, alignment, practised: str, stated: str = "", *,
                 size: int = 240, earlier: str = "", years: tuple[str, str] = ("", "")
                 ) -> str:
    """The strategy quadrant (DESIGN.md "Strategy profile") as a small SVG: the practised
    place as a dot, the stated quadrant shaded and, where the actor stated another
    strategy before (``earlier``; ``years``: the latest and the earlier statement's), that
    quadrant outlined with an arrow to the later one; no script, no style attribute.

    >>> svg = quadrant_svg(0.7, 0.86, "regional partner", "self-sufficiency")
    >>> svg.startswith("<svg") and "style=" not in svg
    True
    >>> moved = quadrant_svg(0.7, 0.86, "regional partner", "regional partner",
    ...                      earlier="service-centre", years=("2009", "2008"))
    >>> moved.count("<path"), "stated 2008" in moved and "stated 2009" in moved
    (1, True)
    """
    # the words first: the catalogue extraction does not look inside f-strings
    words = {"title": tr("Strategy quadrant"), "practised": tr("practised"),
             "breadth": tr("breadth"), "alignment": tr("share within home council")}
    said_word, before_word = _stated_words(stated, earlier, years)
    pad, w = 34, size - 44
    x0, y0 = pad, 10

    def px(bx, ay):
        return x0 + bx * w, y0 + (1 - ay) * w

    quads = {"self-sufficiency": (0, 0), "specialisation": (0, 1),
             "service-centre": (1, 0), "regional partner": (1, 1)}
    out = [(f'<svg xmlns="http://www.w3.org/2000/svg" class="quadrant" role="img" '
            f'viewBox="0 0 {size} {size}" width="{size}" height="{size}" '
            'font-family="system-ui, Arial, sans-serif" font-size="10">'),
           f"<title>{_text(words['title'])}</title>",
           (f'<rect x="{x0}" y="{y0}" width="{w}" height="{w}" fill="#ffffff" '
            'stroke="#1f2933" stroke-width="1"/>')]
    half = w * _STRATEGY_THRESHOLD
    if stated in quads:
        qx, qy = quads[stated]
        rx = x0 + (half if qx else 0)
        ry = y0 + (0 if qy else w - half)
        out.append(f'<rect x="{rx:.1f}" y="{ry:.1f}" width="{(w - half if qx else half):.1f}" '
                   f'height="{(w - half if qy else half):.1f}" fill="#fdf1d6" '
                   'stroke="#E69F00" stroke-width="1.5" stroke-dasharray="4 3"/>')
    out.append(f'<line x1="{x0 + half:.1f}" y1="{y0}" x2="{x0 + half:.1f}" y2="{y0 + w}" '
               'stroke="#9AA5B1" stroke-dasharray="3 3"/>')
    out.append(f'<line x1="{x0}" y1="{y0 + w - half:.1f}" x2="{x0 + w}" '
               f'y2="{y0 + w - half:.1f}" stroke="#9AA5B1" stroke-dasharray="3 3"/>')
    if before_word and earlier in quads:
        qx, qy = quads[earlier]
        rx = x0 + (half if qx else 0)
        ry = y0 + (0 if qy else w - half)
        out.append(f'<rect x="{rx + 2:.1f}" y="{ry + 2:.1f}" '
                   f'width="{(w - half if qx else half) - 4:.1f}" '
                   f'height="{(w - half if qy else half) - 4:.1f}" fill="none" '
                   'stroke="#7b8794" stroke-width="1.2" stroke-dasharray="2 3"/>')
    for name, (qx, qy) in quads.items():
        cx = x0 + (w * 0.75 if qx else w * 0.25)
        cy = y0 + (w * 0.25 if qy else w * 0.75)
        out.append(f'<text x="{cx:.1f}" y="{cy:.1f}" text-anchor="middle" fill="#5f6b7a">'
                   f"{_text(strategy_label(name))}</text>")
        small = said_word if name == stated else before_word if name == earlier else ""
        if small:
            out.append(f'<text x="{cx:.1f}" y="{cy + 13:.1f}" text-anchor="middle" '
                       f'font-size="9" fill="#8a5a00">{_text(small)}</text>')
    if before_word and earlier in quads and stated in quads:
        (sx, sy), (ex, ey) = (px(*p) for p in _arrow_ends(earlier, stated))
        length = math.hypot(ex - sx, ey - sy) or 1.0
        ux, uy = (ex - sx) / length, (ey - sy) / length
        hx, hy = ex - ux * 7, ey - uy * 7
        out.append(f'<line x1="{sx:.1f}" y1="{sy:.1f}" x2="{hx:.1f}" y2="{hy:.1f}" '
                   'stroke="#8a5a00" stroke-width="1.5"/>')
        out.append(f'<path d="M{ex:.1f},{ey:.1f} L{hx - uy * 4:.1f},{hy + ux * 4:.1f} '
                   f'L{hx + uy * 4:.1f},{hy - ux * 4:.1f} Z" fill="#8a5a00"/>')
    if not (breadth is None or alignment is None or not_a_number(breadth) or not_a_number(alignment)):
        x, y = px(min(max(float(breadth), 0.0), 1.0), min(max(float(alignment), 0.0), 1.0))
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{_FOCUS}" stroke="#ffffff" '
                   f'stroke-width="1.5"><title>{_text(words["practised"])}: '
                   f"{_text(strategy_label(practised))}</title></circle>")
    out.append(f'<text x="{x0 + w / 2:.1f}" y="{size - 4}" text-anchor="middle" '
               f'fill="#1f2933">{_text(words["breadth"])} →</text>')
    out.append(f'<text x="12" y="{y0 + w / 2:.1f}" text-anchor="middle" fill="#1f2933" '
               f'transform="rotate(-90 12 {y0 + w / 2:.1f})">'
               f"{_text(words['alignment'])} →</text>")
    out.append("</svg>")
    return "\n".join(out)


def quadrant_png(breadth, alignment, practised: str, stated: str = "", *,
                 inches: float = 2.6, dpi: int = 220, earlier: str = "",
                 years: tuple[str, str] = ("", "")) -> bytes:
    """The strategy quadrant of :func:`quadrant_svg` as a PNG (matplotlib), for documents
    that cannot hold SVG (a Word briefing): the same quadrants, threshold, colours and words.

    >>> quadrant_png(0.7, 0.86, "regional partner", dpi=30)[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """
    import io

    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    from ..drawing.image import RC

    quads = {"self-sufficiency": (0, 0), "specialisation": (0, 1),
             "service-centre": (1, 0), "regional partner": (1, 1)}
    t = _STRATEGY_THRESHOLD
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(inches, inches))
        FigureCanvasAgg(fig)
        ax = fig.add_axes((0.16, 0.14, 0.8, 0.8))
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_xticks([])
        ax.set_yticks([])
        if stated in quads:
            qx, qy = quads[stated]
            ax.add_patch(Rectangle((t if qx else 0, t if qy else 0), 1 - t if qx else t,
                                   1 - t if qy else t, facecolor="#fdf1d6",
                                   edgecolor="#E69F00", linewidth=1.2, linestyle=(0, (4, 3))))
        ax.axvline(t, color="#9AA5B1", linestyle=(0, (3, 3)), linewidth=0.8)
        ax.axhline(t, color="#9AA5B1", linestyle=(0, (3, 3)), linewidth=0.8)
        said_word, before_word = _stated_words(stated, earlier, years)
        if before_word and earlier in quads:
            qx, qy = quads[earlier]
            ax.add_patch(Rectangle(((t if qx else 0) + 0.01, (t if qy else 0) + 0.01),
                                   (1 - t if qx else t) - 0.02, (1 - t if qy else t) - 0.02,
                                   facecolor="none", edgecolor="#7b8794", linewidth=1,
                                   linestyle=(0, (2, 3))))
        for name, (qx, qy) in quads.items():
            ax.text(0.75 if qx else 0.25, 0.75 if qy else 0.25, strategy_label(name),
                    ha="center", va="center", fontsize=7, color="#5f6b7a", wrap=True)
            small = said_word if name == stated else before_word if name == earlier else ""
            if small:
                ax.text(0.75 if qx else 0.25, (0.75 if qy else 0.25) - 0.07, small,
                        ha="center", va="center", fontsize=6, color="#8a5a00")
        if before_word and earlier in quads and stated in quads:
            start, end = _arrow_ends(earlier, stated)
            ax.annotate("", xy=end, xytext=start,
                        arrowprops={"arrowstyle": "-|>", "color": "#8a5a00", "lw": 1.2,
                                    "shrinkA": 0, "shrinkB": 0})
        if not (breadth is None or alignment is None or not_a_number(breadth)
                or not_a_number(alignment)):
            ax.scatter([min(max(float(breadth), 0.0), 1.0)],
                       [min(max(float(alignment), 0.0), 1.0)], s=70, color=_FOCUS,
                       edgecolors="white", linewidths=1.2, zorder=3)
        ax.set_xlabel(tr("breadth") + " →", fontsize=7.5, color="#1f2933")
        ax.set_ylabel(tr("share within home council") + " →", fontsize=7.5, color="#1f2933")
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    return buf.getvalue()


def not_a_number(v) -> bool:
    """True when ``v`` is no number (NaN, None, text): it is then neither drawn nor sorted.

    >>> not_a_number(float("nan")), not_a_number(None), not_a_number("0.5"), not_a_number(0)
    (True, True, False, False)
    """
    try:
        return math.isnan(float(v))
    except (TypeError, ValueError):
        return True


def partners_graph(data: BriefingData, focus: str, inside: frozenset) -> SimpleNamespace:
    """The ego network (co-membership among municipalities) of a page, coloured: the focus
    blue, members of its (home) council (``inside``) green, other partners grey. Its
    ``nodes``, ``edges``, ``message`` and ``as_of`` are those of
    :func:`graphmodel.drawing.view_graph`; the SVG (:func:`partners_network`) and the
    Word document's picture both draw it."""
    from ..drawing.network import view_graph

    f = data.filters
    vg = view_graph(data.model, view="actors", focus=[focus], max_nodes=30,
                    as_of=f["as_of"], sectors=f["sectors"], kinds=f["kinds"],
                    actor_kinds=f["actor_kinds"], status=f["status"],
                    countries=f["countries"], regions=f["regions"])
    nodes = vg.nodes.copy()
    nodes["color"] = [_FOCUS if fo else _HOME if i in inside else _OTHER
                      for i, fo in zip(nodes["id"], nodes["focus"])]
    nodes["size"] = nodes["size"].clip(upper=14)
    return SimpleNamespace(nodes=nodes, edges=vg.edges, message=vg.message, as_of=vg.as_of,
                           legend=[])


def partners_network(data: BriefingData, focus: str, inside: frozenset) -> tuple[str, str]:
    """The ego network of a page (:func:`partners_graph`) as inline SVG, with the
    drawing's message ("" when none)."""
    from ..drawing.network_svg import network_svg

    g = partners_graph(data, focus, inside)
    return network_svg(SimpleNamespace(nodes=g.nodes, edges=g.edges), width=560, height=420,
                       title=tr("Partners"), id_prefix="gm-ego"), g.message


_BASE_MAPS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_MIN_SPAN = 600.0  # map units (30 km): the smallest area a map zooms to, as map_view does


def _base_map(data: BriefingData):
    """The dataset's map (no focus), made once per :class:`BriefingData`: places, colours
    by home council, council territories. Each page only marks its focus on it."""
    from ..drawing.map import map_view

    mv = _BASE_MAPS.get(data)
    if mv is None:
        mv = _BASE_MAPS[data] = map_view(data.model, color_by="home_council", **data.filters)
    return mv


def focused_map(data: BriefingData, focus_ids: set, highlight: set, focus: tuple):
    """The dataset's map with a focus, as :func:`graphmodel.map_view` with ``focus`` draws
    it (``tests/test_briefing.py`` compares them) but without recomputing the map: the
    focus and its partners (``highlight``) bright and labelled (all of them up to 40),
    the rest dimmed, the frame around them."""
    base = _base_map(data)
    labels = set(focus_ids) | (set(highlight) if len(highlight) <= 40 else set())

    def mark(frame: pd.DataFrame) -> pd.DataFrame:
        out = frame.copy()
        out["focus"] = out["id"].isin(focus_ids)
        out["dim"] = ~out["id"].isin(highlight)
        out["label"] = out["id"].isin(labels)
        return out

    shapes, points = mark(base.shapes), mark(base.points)
    boxes = [o.bbox for o, i in zip(shapes["outline"], shapes["id"]) if i in highlight]
    boxes += [(x, y, x, y) for x, y, i in zip(points["x"], points["y"], points["id"])
              if i in highlight]
    bbox = base.bbox
    if boxes:
        x0 = min(b[0] for b in boxes)
        y0 = min(b[1] for b in boxes)
        x1 = max(b[2] for b in boxes)
        y1 = max(b[3] for b in boxes)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        w, h = max(x1 - x0, _MIN_SPAN) * 1.12, max(y1 - y0, _MIN_SPAN) * 1.12
        bbox = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
    councils, legend = _drawn_only(base, shapes, points, bbox)
    return dataclasses.replace(base, shapes=shapes, points=points, bbox=bbox,
                               focus=tuple(focus), councils=councils, legend=legend)


def _overlaps(a, b) -> bool:
    return not (a[2] < b[0] or a[0] > b[2] or a[3] < b[1] or a[1] > b[3])


def _drawn_only(base, shapes: pd.DataFrame, points: pd.DataFrame, bbox):
    """The council territories and legend entries of what the framed map shows: a council
    whose border crosses the frame, a colour of a municipality in it (a briefing's map of
    Selbu lists neither Stockholm's council nor Lister's)."""
    import numpy as np

    def lines_box(lines):
        pts = [np.asarray(line, dtype=float).reshape(-1, 2) for line in lines if len(line)]
        if not pts:
            return None
        allp = np.vstack(pts)
        return (allp[:, 0].min(), allp[:, 1].min(), allp[:, 0].max(), allp[:, 1].max())

    councils = base.councils
    if len(councils):
        keep = []
        for lines in councils["lines"]:
            box = lines_box(lines)
            keep.append(box is not None and _overlaps(box, bbox))
        councils = councils[keep].reset_index(drop=True)
    seen = {c for o, c in zip(shapes["outline"], shapes["color"]) if _overlaps(o.bbox, bbox)}
    seen |= {c for x, y, c in zip(points["x"], points["y"], points["color"])
             if _overlaps((x, y, x, y), bbox)}
    legend = [entry for entry in base.legend
              if len(entry) < 2 or entry[1] in seen or (len(entry) > 2 and entry[2] != "fill")]
    return councils, legend


def partners_map(data: BriefingData, focus_ids: set, focus: str) -> tuple[str, str]:
    """The map of a page as inline SVG, with its message: ``focus_ids`` and every partner in
    an agreement with them highlighted (:func:`focused_map`), ``focus`` named as the focus."""
    from ..drawing.map_svg import map_svg

    mv = partners_mapview(data, focus_ids, focus)
    return map_svg(mv, width=640, height=460, id_prefix="gm-bmap"), mv.message


def partners_mapview(data: BriefingData, focus_ids: set, focus: str):
    """The :class:`graphmodel.drawing.map.MapView` of a page: ``focus_ids`` and every partner in
    an agreement with them highlighted (:func:`focused_map`), ``focus`` named as the focus."""
    highlight = set(focus_ids)
    for ms in data.members.values():
        if focus_ids.intersection(ms):
            highlight.update(ms)
    return focused_map(data, set(focus_ids), highlight, (focus,))
