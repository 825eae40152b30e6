"""The map as one inline, offline SVG (:func:`map_svg`): no script, font, tile or request.

It draws a :class:`~graphmodel.drawing.map.MapView` (what :func:`graphmodel.drawing.map.map_view`
chose to show). Every text from data is escaped (:func:`safe_text`) and hover details are
SVG ``<title>`` elements.
"""

from __future__ import annotations

import contextlib
import html
import re

import numpy as np
import pandas as pd

from ..errors import SpecError
from ..i18n import tr, use_language
from .geo import Outline
from .map import (
    ATTRIBUTION,
    BACKGROUND_FILL,
    CROSSING_COLOR,
    FOCUS_STROKE,
    LINK_COLOR,
    MapView,
)

__all__ = ["map_svg", "safe_text"]

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def safe_text(value) -> str:
    """Text from data, safe inside SVG/HTML: XML-invalid characters replaced, then escaped.

    >>> safe_text('<b a="1">') + " " + safe_text(chr(0)).encode("ascii", "replace").decode()
    '&lt;b a=&quot;1&quot;&gt; ?'
    """
    return html.escape(_INVALID_XML.sub("\ufffd", str(value)), quote=True)


class _Frame:
    """Projected units -> pixels in the map area (y downwards)."""

    def __init__(self, bbox, x, y, w, h):
        bx0, by0, bx1, by1 = bbox
        self.s = min(w / (bx1 - bx0), h / (by1 - by0))
        self.ox = x + (w - (bx1 - bx0) * self.s) / 2 - bx0 * self.s
        self.oy = y + (h - (by1 - by0) * self.s) / 2 + by1 * self.s

    def xy(self, pts) -> np.ndarray:
        pts = np.asarray(pts, dtype=float)
        return np.column_stack([self.ox + pts[:, 0] * self.s, self.oy - pts[:, 1] * self.s])

    def path(self, rings, close=True) -> str:
        parts = []
        for ring in rings:
            px = np.round(self.xy(ring) * 2) / 2  # half a pixel: nothing visible is lost
            keep = np.ones(len(px), dtype=bool)
            keep[1:] = np.any(px[1:] != px[:-1], axis=1)
            px = px[keep]
            if len(px) < (3 if close else 2):
                continue
            # after "M", further pairs are implicit line-tos
            coords = " ".join(f"{x:g} {y:g}" for x, y in px)
            parts.append("M" + coords + ("Z" if close else ""))
        return "".join(parts)


def _outline_path(frame: _Frame, outline: Outline) -> str:
    return frame.path([ring for poly in outline.polygons for ring in poly])


def map_svg(
    mv: MapView,
    *,
    width: int = 960,
    height: int = 720,
    title: str = "",
    lang: str | None = None,
    id_prefix: str = "gm-map",
) -> str:
    """The map as one inline ``<svg>`` element: no script, no font, no request.

    Parameters
    ----------
    mv : MapView
    width, height : int
        Pixels (the SVG has a ``viewBox`` and scales down to its container).
    title : str
        Written above the map (escaped).
    lang : str, optional
        ``nb``, ``sv`` or ``en`` for the legend and hover texts (default: the language
        in use, :mod:`graphmodel.i18n`).
    id_prefix : str
        Prefix of the ids inside the SVG (for two maps on one page).

    Examples
    --------
    >>> from graphmodel.drawing import map_view
    >>> from graphmodel.data import Model
    >>> m = Model.from_frames(
    ...     pd.DataFrame({"id": ["a"], "name": ["<b>Oslo</b>"], "kind": "municipality",
    ...                   "country": "NO", "code": ["0301"]}),
    ...     pd.DataFrame({"id": ["s"], "name": ["S"], "kind": "service"}),
    ...     pd.DataFrame({"actor": ["a"], "collaboration": "s"}),
    ... )
    >>> svg = map_svg(map_view(m), width=400, height=300)
    >>> svg.startswith("<svg") and "&lt;b&gt;Oslo&lt;/b&gt;" in svg and "<b>" not in svg
    True
    """
    width, height = int(width), int(height)
    if not (200 <= width <= 10_000 and 150 <= height <= 10_000):
        raise SpecError(f"a map of {width} × {height} pixels: use 200–10000 × 150–10000")
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]{0,40}", id_prefix):
        raise SpecError(f"id_prefix {id_prefix!r}: use letters, digits, '-' and '_'")
    with use_language(lang) if lang else contextlib.nullcontext():
        return _svg(mv, width, height, title, id_prefix)


_FONT = "font-family=\"'DejaVu Sans', Arial, Helvetica, sans-serif\""


def _svg(mv: MapView, width: int, height: int, title: str, pid: str) -> str:
    panel = min(260, max(170, width // 4))
    top = 34 if title else 8
    map_w, map_h = width - panel - 24, height - top - 24
    frame = _Frame(mv.frame(map_w / map_h), 8, top, map_w, map_h)
    clip = f"{pid}-clip"
    out = [
        (f'<svg xmlns="http://www.w3.org/2000/svg" class="gm-map" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'style="max-width:100%;height:auto" {_FONT} font-size="12">'),
        f"<title>{safe_text(title or tr('Map'))}</title>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        (f'<clipPath id="{clip}"><rect x="8" y="{top}" width="{width - panel - 24}" '
        f'height="{height - top - 24}"/></clipPath>'),
        (f'<rect x="8" y="{top}" width="{width - panel - 24}" height="{height - top - 24}" '
        'fill="#f4f7fa"/>'),
        f'<g clip-path="url(#{clip})" stroke-linejoin="round">',
    ]
    if title:
        out.insert(4, f'<text x="8" y="22" font-size="17" font-weight="bold" fill="#1f2328">'
                      f"{safe_text(title)}</text>")
    # 1. other municipalities, for context
    bg = "".join(_outline_path(frame, o) for o in mv.background(mv.frame(map_w / map_h)))
    if bg:
        out.append(f'<path d="{bg}" fill="{BACKGROUND_FILL}" stroke="#ffffff" '
                   'stroke-width="0.6" fill-rule="evenodd"/>')
    # 2. the data's municipalities
    out.append('<g stroke="#ffffff" stroke-width="0.7" fill-rule="evenodd">')
    for r in mv.shapes.itertuples():
        opacity = ' fill-opacity="0.35"' if r.dim else ""
        out.append(f'<path d="{_outline_path(frame, r.outline)}" fill="{r.color}"{opacity} '
                   f'data-id="{safe_text(r.id)}"><title>{safe_text(r.title)}</title></path>')
    out.append("</g>")
    # 3. council territories: a white halo under the council's colour
    for r in mv.councils.itertuples():
        d = frame.path(r.lines, close=False)
        out.append(f'<g fill="none"><path d="{d}" stroke="#ffffff" stroke-width="5" '
                   f'stroke-opacity="0.9"/><path d="{d}" stroke="{r.color}" stroke-width="2.4">'
                   f"<title>{safe_text(r.title)}</title></path></g>")
    # 4. focus outlines
    for r in mv.shapes[mv.shapes["focus"]].itertuples():
        out.append(f'<path d="{_outline_path(frame, r.outline)}" fill="none" '
                   f'stroke="{FOCUS_STROKE}" stroke-width="2.2"/>')
    # 5. links: crossing ones first (dashed), the chosen agreement's on top
    for relation, color, dash in (("crossing", CROSSING_COLOR, ' stroke-dasharray="6 4"'),
                                  ("member", LINK_COLOR, "")):
        sub = mv.links[mv.links["relation"] == relation]
        for r in sub.itertuples():
            (x0, y0), (x1, y1) = frame.xy([[r.x0, r.y0], [r.x1, r.y1]])
            out.append(f'<line x1="{x0:.1f}" y1="{y0:.1f}" x2="{x1:.1f}" y2="{y1:.1f}" '
                       f'stroke="{color}" stroke-width="1.8"{dash} stroke-linecap="round">'
                       f"<title>{safe_text(r.title)}</title></line>")
    # 6. points (actors with coordinates only) and link hosts
    for r in mv.points.itertuples():
        (x, y), = frame.xy([[r.x, r.y]])
        ring = FOCUS_STROKE if r.focus else "#ffffff"
        opacity = ' fill-opacity="0.4"' if r.dim else ""
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5.5" fill="{r.color}"{opacity} '
                   f'stroke="{ring}" stroke-width="1.5" data-id="{safe_text(r.id)}">'
                   f"<title>{safe_text(r.title)}</title></circle>")
    hosts = mv.links.drop_duplicates("collaboration")
    for r in hosts.itertuples():
        (x, y), = frame.xy([[r.x0, r.y0]])
        color = LINK_COLOR if r.relation == "member" else CROSSING_COLOR
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="#ffffff" stroke="{color}" '
                   f'stroke-width="2.2"><title>{safe_text(r.title)}</title></circle>')
    # 7. names
    labels = pd.concat([mv.shapes[mv.shapes["label"].astype(bool)],
                        mv.points[mv.points["label"].astype(bool)]])
    for r in labels.itertuples():
        (x, y), = frame.xy([[r.x, r.y]])
        weight = ' font-weight="bold"' if r.focus else ""
        out.append(f'<text x="{x:.1f}" y="{y - 7:.1f}" text-anchor="middle" font-size="11"'
                   f'{weight} fill="#1f2328" stroke="#ffffff" stroke-width="3" '
                   f'paint-order="stroke" pointer-events="none">{safe_text(_short(r.name))}</text>')
    out.append("</g>")
    out.extend(_svg_legend(mv, width - panel - 8, top, panel, height))
    out.append(f'<text x="8" y="{height - 8}" font-size="9" fill="#57606a">'
               f"{safe_text(_attribution())}</text>")
    out.append("</svg>")
    return "\n".join(out)


def _attribution() -> str:
    """Where the outlines come from, in the language in use (the sources keep their names)."""
    return tr("Outlines: {sources}", sources=ATTRIBUTION.removeprefix("Outlines: "))


def _short(name: str, limit: int = 22) -> str:
    name = str(name)
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _svg_legend(mv: MapView, x: float, y: float, w: float, height: int) -> list[str]:
    out = ['<g class="gm-map-legend" font-size="11" fill="#1f2328">']
    cy = y + 12
    line_room = int((w - 26) / 6.2)
    head_room = int(w / 7.2)  # bold 12 px: a heading wraps rather than runs off the panel
    for k, line in enumerate(_wrap(mv.legend_title, head_room)):
        out.append(f'<text x="{x}" y="{cy + 14 * k}" font-weight="bold" font-size="12">'
                   f"{safe_text(line)}</text>")
        cy += 14 if k else 0
    cy += 8
    for label, color, mark in mv.legend:
        if cy > height - 60:
            break
        if mark == "fill":
            out.append(f'<rect x="{x}" y="{cy}" width="16" height="11" fill="{color}" '
                       'stroke="#8c959f" stroke-width="0.5"/>')
        else:
            dash = ' stroke-dasharray="5 3"' if mark == "dash" else ""
            out.append(f'<line x1="{x}" y1="{cy + 6}" x2="{x + 16}" y2="{cy + 6}" '
                       f'stroke="{color}" stroke-width="2.2"{dash}/>')
        lines = _wrap(label, line_room, 3)
        for k, line in enumerate(lines):
            out.append(f'<text x="{x + 22}" y="{cy + 10 + 13 * k}">{safe_text(line)}</text>')
        cy += 13 * (len(lines) - 1)
        cy += 17
    if len(mv.councils):
        cy += 8
        for k, line in enumerate(_wrap(tr("Council territories"), head_room)):
            out.append(f'<text x="{x}" y="{cy + 4 + 14 * k}" font-weight="bold" '
                       f'font-size="12">{safe_text(line)}</text>')
            cy += 14 if k else 0
        cy += 10
        for r in mv.councils.itertuples():
            if cy > height - 60:
                out.append(f'<text x="{x}" y="{cy + 10}">…</text>')
                cy += 17
                break
            out.append(f'<line x1="{x}" y1="{cy + 6}" x2="{x + 16}" y2="{cy + 6}" '
                       f'stroke="{r.color}" stroke-width="3"/>')
            lines = _wrap(r.name, line_room, 3)
            for k, line in enumerate(lines):
                out.append(f'<text x="{x + 22}" y="{cy + 10 + 13 * k}">{safe_text(line)}'
                           f"<title>{safe_text(r.title)}</title></text>")
            cy += 13 * (len(lines) - 1)
            cy += 17
    notes = []
    if mv.as_of:
        notes.append(tr("As of {date}", date=mv.as_of))
    if mv.message:
        notes.append(mv.message)
    if len(mv.unplaced):
        notes.append(mv.unplaced_note(8))
    if len(mv.points):
        notes.append(tr("Dots: placed from coordinates (no outline for the code)."))
    cy += 10
    for note in notes:
        for line in _wrap(note, line_room + 4, max_lines=8):
            if cy > height - 24:
                break
            out.append(f'<text x="{x}" y="{cy + 10}" fill="#57606a">{safe_text(line)}</text>')
            cy += 14
        cy += 4
    out.append("</g>")
    return out


def _wrap(text: str, width: int, max_lines: int = 2) -> list[str]:
    import textwrap

    lines = textwrap.wrap(str(text), max(10, width)) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines - 1] + [_short(" ".join(lines[max_lines - 1:]), max(10, width))]
    return lines
