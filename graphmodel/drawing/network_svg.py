"""A network view as one static inline SVG: no script, no style attribute, no request.

The interactive snapshot draws with vis-network; a page that sets two drawings side by
side (before and after a change) draws each as SVG instead: both share one frame
(:func:`shared_frame`), so a node that keeps its place in the layout keeps its place on
the page, and the page needs no script at all (a strict Content-Security-Policy). Hover
details are SVG ``<title>`` elements; every text from the data is escaped.
"""

from __future__ import annotations

import html
import math
import re

__all__ = ["network_svg", "shared_frame"]

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_COLOR = re.compile(r"#[0-9A-Fa-f]{3}(?:[0-9A-Fa-f]{3})?(?:[0-9A-Fa-f]{2})?")
_INK = "#1f2933"
_FONT = "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif\""
_MAX_LABELS = 80
_PAD_X = 72.0  # pixels left and right of the drawing (a name is wider than its node)
_PAD_Y = 30.0  # pixels above and below (names sit under their nodes)


def _text(value) -> str:
    """Text from data, safe inside SVG: XML-invalid characters replaced, then escaped."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(_INVALID_XML.sub("\ufffd", str(value)), quote=True)


def _color(value, default: str = "#8c959f") -> str:
    value = str(value)
    return value if _COLOR.fullmatch(value) else default


def _num(value, default: float) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return default
    return v if math.isfinite(v) else default


def shared_frame(*vgs) -> tuple[float, float, float, float]:
    """The box ``(x0, y0, x1, y1)`` holding every node of ``vgs`` (layout pixels).

    >>> import pandas as pd
    >>> from types import SimpleNamespace as NS
    >>> a = NS(nodes=pd.DataFrame({"x": [0.0, 10.0], "y": [0.0, 5.0]}))
    >>> b = NS(nodes=pd.DataFrame({"x": [-4.0], "y": [20.0]}))
    >>> shared_frame(a, b)
    (-4.0, 0.0, 10.0, 20.0)
    """
    xs, ys = [], []
    for vg in vgs:
        nodes = vg.nodes
        if len(nodes):
            xs += [_num(v, 0.0) for v in nodes["x"]]
            ys += [_num(v, 0.0) for v in nodes["y"]]
    if not xs:
        return (0.0, 0.0, 1.0, 1.0)
    return (min(xs), min(ys), max(xs), max(ys))


def _shape(kind: str, x: float, y: float, r: float, attrs: str) -> str:
    if kind == "square":
        return (f'<rect x="{x - r * 0.9:.1f}" y="{y - r * 0.9:.1f}" width="{r * 1.8:.1f}" '
                f'height="{r * 1.8:.1f}" {attrs}>')
    if kind == "diamond":
        return (f'<polygon points="{x:.1f},{y - r:.1f} {x + r:.1f},{y:.1f} {x:.1f},{y + r:.1f} '
                f'{x - r:.1f},{y:.1f}" {attrs}>')
    if kind == "triangle":
        return (f'<polygon points="{x:.1f},{y - r:.1f} {x + r:.1f},{y + r * 0.8:.1f} '
                f'{x - r:.1f},{y + r * 0.8:.1f}" {attrs}>')
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {attrs}>'


_CLOSE = {"square": "</rect>", "diamond": "</polygon>", "triangle": "</polygon>"}


def network_svg(vg, *, width: int = 640, height: int = 520, frame=None, title: str = "",
                id_prefix: str = "gm-net") -> str:
    """``vg`` (a :class:`graphmodel.drawing.ViewGraph`) as one ``<svg>`` element.

    Parameters
    ----------
    vg : ViewGraph
        Nodes with ``id, label, color, shape, size, x, y, title`` (optional ``name``,
        ``focus``), edges with ``source, target, width, color, title`` (optional
        ``dashes``).
    width, height : int
        Pixels of the ``viewBox`` (the picture scales to its container).
    frame : (x0, y0, x1, y1), optional
        The layout box to show (default: ``vg``'s own); give two drawings the same frame
        (:func:`shared_frame`) to keep every node at the same spot in both.
    title : str
        The SVG's accessible name (escaped).
    id_prefix : str
        A class name on the root, to tell two drawings apart on one page.

    Examples
    --------
    >>> import pandas as pd
    >>> from types import SimpleNamespace as NS
    >>> vg = NS(nodes=pd.DataFrame({"id": ["a", "s"], "label": ["<b>A</b>", "S"],
    ...                             "color": ["#123456", "red;x"], "shape": ["dot", "square"],
    ...                             "size": [10, 12], "x": [0.0, 100.0], "y": [0.0, 50.0],
    ...                             "title": ["A", "S"]}),
    ...         edges=pd.DataFrame({"source": ["a"], "target": ["s"], "width": [1.5],
    ...                             "color": ["#999999"], "title": ["A — S"]}))
    >>> svg = network_svg(vg, width=300, height=200)
    >>> "&lt;b&gt;A&lt;/b&gt;" in svg, "<b>" in svg, "red;x" in svg, "style=" in svg
    (True, False, False, False)
    """
    width, height = int(width), int(height)
    if not (100 <= width <= 10_000 and 100 <= height <= 10_000):
        raise ValueError(f"a drawing of {width} × {height} pixels: use 100–10000 each way")
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]{0,40}", id_prefix):
        raise ValueError(f"id_prefix {id_prefix!r}: use letters, digits, '-' and '_'")
    nodes, edges = vg.nodes, vg.edges
    x0, y0, x1, y1 = frame if frame is not None else shared_frame(vg)
    bw, bh = max(x1 - x0, 1e-9), max(y1 - y0, 1e-9)
    scale = min((width - 2 * _PAD_X) / bw, (height - 2 * _PAD_Y) / bh)
    if x1 - x0 <= 0 and y1 - y0 <= 0:
        scale = 1.0
    ox = width / 2 - (x0 + x1) / 2 * scale
    oy = height / 2 - (y0 + y1) / 2 * scale

    def at(x, y) -> tuple[float, float]:
        return ox + _num(x, (x0 + x1) / 2) * scale, oy + _num(y, (y0 + y1) / 2) * scale

    out = [(f'<svg xmlns="http://www.w3.org/2000/svg" class="gm-net {id_prefix}" role="img" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" {_FONT} '
            f'font-size="11">'),
           f"<title>{_text(title)}</title>",
           f'<rect width="{width}" height="{height}" fill="#ffffff"/>']
    if not len(nodes):
        out.append("</svg>")
        return "\n".join(out)
    where = {str(i): at(x, y) for i, x, y in zip(nodes["id"], nodes["x"], nodes["y"])}
    # edges under the nodes; dashed ones (observers, part-of links) stay dashed
    out.append('<g stroke-linecap="round" fill="none">')
    for rec in edges.to_dict("records") if len(edges) else []:
        a, b = where.get(str(rec.get("source"))), where.get(str(rec.get("target")))
        if a is None or b is None:
            continue
        w = min(max(_num(rec.get("width"), 1.0) * 0.8, 0.5), 5.0)
        dash = ' stroke-dasharray="4 3"' if rec.get("dashes") is True or (
            isinstance(rec.get("dashes"), list) and rec.get("dashes")) else ""
        out.append(f'<line x1="{a[0]:.1f}" y1="{a[1]:.1f}" x2="{b[0]:.1f}" y2="{b[1]:.1f}" '
                   f'stroke="{_color(rec.get("color"))}" stroke-width="{w:.1f}" '
                   f'stroke-opacity="0.75"{dash}><title>{_text(rec.get("title"))}</title>'
                   "</line>")
    out.append("</g>")
    recs = nodes.to_dict("records")
    radius = [min(max(_num(r.get("size"), 10.0) * scale * 0.9, 3.0), 15.0) for r in recs]
    order = sorted(range(len(recs)), key=lambda i: -radius[i])
    out.append("<g>")
    for i in order:
        r = recs[i]
        x, y = where[str(r["id"])]
        focus = bool(r.get("focus")) is True
        attrs = (f'fill="{_color(r.get("color"), "#6e7781")}" '
                 f'stroke="{_INK if focus else "#ffffff"}" '
                 f'stroke-width="{2.5 if focus else 1.2}" data-id="{_text(r["id"])}"')
        shape = str(r.get("shape"))
        out.append(_shape(shape, x, y, radius[i], attrs)
                   + f"<title>{_text(r.get('title'))}</title>" + _CLOSE.get(shape, "</circle>"))
    out.append("</g>")
    out.extend(_labels(recs, radius, where))
    out.append("</svg>")
    return "\n".join(out)


def _labels(recs, radius, where) -> list[str]:
    """Names under the nodes: the largest first, at most 80, none over another."""
    out = [('<g text-anchor="middle" fill="#1f2933" stroke="#ffffff" stroke-width="3" '
            'paint-order="stroke" pointer-events="none">')]
    placed: list[tuple[float, float, float, float]] = []
    order = sorted(range(len(recs)), key=lambda i: (not bool(recs[i].get("focus")),
                                                    -radius[i], i))
    for i in order[:_MAX_LABELS]:
        r = recs[i]
        name = str(r.get("name") or r.get("label") or r.get("id") or "")
        name = " ".join(name.split())
        if len(name) > 26:
            name = name[:25] + "…"
        if not name:
            continue
        x, y = where[str(r["id"])]
        ty = y + radius[i] + 11
        half = len(name) * 3.1
        box = (x - half, ty - 10, x + half, ty + 2)
        if any(box[0] < b[2] and box[2] > b[0] and box[1] < b[3] and box[3] > b[1]
               for b in placed):
            continue
        placed.append(box)
        weight = ' font-weight="bold"' if bool(r.get("focus")) is True else ""
        out.append(f'<text x="{x:.1f}" y="{ty:.1f}"{weight}>{_text(name)}</text>')
    out.append("</g>")
    return out
