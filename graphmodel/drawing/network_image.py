"""Static pictures of a network view (PNG for slides, PDF for print), drawn with matplotlib.

The parts every picture shares (colours, a network on axes, the side panel, saving) are in
:mod:`graphmodel.drawing.image`; before and after side by side in :mod:`graphmodel.drawing.comparison_image`.
"""

from __future__ import annotations

from datetime import datetime

from ..i18n import tr
from .comparison_image import comparison_figure, render_comparison
from .image import (
    FORMATS,
    GREY,
    INK,
    LIGHT,
    MAX_LABELS,
    RC,
    draw_network,
    draw_side,
    fit_width,
    made_at_text,
    save_figure,
    subtitle_with_date,
    text_of,
)

__all__ = ["MAX_LABELS", "comparison_figure", "render_comparison", "render_image", "render_pdf",
           "render_png", "view_figure"]


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

    with matplotlib.rc_context(RC):
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
    heading = fig.text(fx(left), fy(top), text_of(title), fontsize=title_size,
                       fontweight="bold", color=INK, va="top", ha="left", **literal)
    top -= fit_width(heading, renderer, room, min_size=14, max_lines=2) / fig.dpi + 0.1
    sub = subtitle_with_date(text_of(subtitle), getattr(vg, "as_of", None))
    if sub:
        line = fig.text(fx(left), fy(top), sub, fontsize=11, color=GREY, va="top",
                        ha="left", **literal)
        top -= fit_width(line, renderer, room, min_size=9, max_lines=2) / fig.dpi + 0.05
    header_bottom = top - 0.12

    # Footer: who made it and when; caption above it (view message, label policy).
    fig.text(fx(left), fy(0.22), "graphmodel · " + tr("made {time}", time=made_at_text(made)),
             fontsize=7.5,
             color=LIGHT, va="bottom", ha="left", **literal)

    nodes = getattr(vg, "nodes", None)
    n_nodes = 0 if nodes is None else len(nodes)
    side_items = bool(legend and getattr(vg, "legend", None)) or bool(text_of(note).strip())
    side_w = _side_width(vg, note, legend, width) if side_items else 0.0
    gap = 0.3 if side_items else 0.0
    net_left, net_right = left, width - right - side_w - gap
    net_bottom = 0.75

    ax = fig.add_axes((fx(net_left), fy(net_bottom), fx(net_right - net_left),
                       fy(header_bottom - net_bottom)))
    ax.set_axis_off()
    caption = draw_network(ax, vg)
    message = text_of(getattr(vg, "message", "")).strip()
    lines = [s for s in (message, caption) if s]
    if lines:
        fig.text(fx(left), fy(0.42), "  ·  ".join(lines), fontsize=8.5, color=GREY,
                 va="bottom", ha="left", wrap=True, **literal)
    if n_nodes == 0:
        ax.text(0.5, 0.5, tr("Nothing to draw with these filters."), transform=ax.transAxes,
                ha="center", va="center", fontsize=14, color=GREY, **literal)

    if side_items:
        side_left = width - right - side_w
        draw_side(fig, vg, note=text_of(note), legend=legend,
                   rect=(fx(side_left), fy(net_bottom), fx(side_w),
                         fy(header_bottom - net_bottom)),
                   width_in=side_w)


def _side_width(vg, note, legend: bool, width: float) -> float:
    """Inches for the side panel: as wide as the legend's longest label needs (the
    drawing gets the rest), wider for a note, never more than a quarter of the page."""
    labels = [text_of(e[0]) for e in (getattr(vg, "legend", None) or [])] if legend else []
    longest = max([len(t) for t in labels] + [len(tr("Legend"))])
    need = 0.45 + longest * 9.0 * 0.6 / 72  # marker, gap, 9-point text
    if text_of(note).strip():
        need = max(need, 2.6)
    return min(max(need, 1.6), 0.25 * width, 3.4)




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
    if fmt not in FORMATS:
        raise ValueError(f"unknown picture format {fmt!r}: use png or pdf")
    default_size, uses_dpi = FORMATS[fmt]
    fig = view_figure(vg, title=title, subtitle=subtitle, note=note, legend=legend,
                      size=default_size if size is None else size, made=made)
    if fmt == "png":
        metadata = {"Title": text_of(title), "Software": "graphmodel (matplotlib)"}
    else:
        metadata = {
            "Title": text_of(title),
            "Subject": subtitle_with_date(text_of(subtitle), getattr(vg, "as_of", None)),
            "Creator": "graphmodel",
            "CreationDate": None,
        }
    extra = {"dpi": dpi} if uses_dpi else {}
    return save_figure(fig, path_or_file, fmt, metadata=metadata, **extra)




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
