"""Altair charts of the Overlap page, sized to fit the app's main column.

Streamlit gives a chart without its own ``autosize`` the ``fit`` mode, which squeezes
single views and breaks side-by-side (concatenated) ones. These charts are therefore
single layered views with ``autosize: pad`` and a computed cell size: the plot is at most
:data:`PLOT_MAX` pixels wide, plus the row labels, which fits the main column of a
1280-pixel-wide window with the sidebar open (about 820 px).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from graphmodel.i18n import tr

__all__ = [
    "FIT_WIDTH", "PLOT_MAX", "cell_size", "group_sector_matrix", "heatmap", "membership_matrix",
    "unique_labels",
]

#: Largest width (and height) of the square plot area, in pixels.
PLOT_MAX = 660
#: Width of the council / group strip beside the rows, in pixels.
STRIP = 10
_INK = "#33404b"  # axis labels: darker than the default grey
_PAD = alt.AutoSizeParams(type="pad", contains="padding")
#: For bar charts: stretch to the column's width, keep the given height for the bars
#: (Streamlit's default ``fit`` would squeeze the bars to make room for axis and legend).
FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")
_GROUP_COLOURS = [  # tableau10, then darker tones of category20b: 20 that tell apart
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
    "#ff9da7", "#9c755f", "#bab0ac", "#17becf", "#393b79", "#bcbd22", "#843c39",
    "#7b4173", "#637939", "#8c6d31", "#e377c2", "#1f3a5f", "#7f7f7f",
]


def cell_size(n: int, *, smallest: int = 9, largest: int = 22) -> int:
    """Pixels per row and column so that ``n`` of them fit in :data:`PLOT_MAX`.

    Never below ``smallest`` (a 10-px label still reads) nor above ``largest``.

    Examples
    --------
    >>> cell_size(5), cell_size(56), cell_size(200)
    (22, 11, 9)
    """
    return max(smallest, min(largest, PLOT_MAX // max(n, 1)))


def unique_labels(ids, names) -> list[str]:
    """Display names, with the id added where two actors share a name.

    Examples
    --------
    >>> unique_labels(["a", "b", "c"], ["Våler", "Våler", "Moss"])
    ['Våler (a)', 'Våler (b)', 'Moss']
    """
    names = [str(n) for n in names]
    seen = pd.Series(names).duplicated(keep=False).tolist()
    return [f"{n} ({i})" if dup else n for i, n, dup in zip(ids, names, seen)]


def heatmap(people: pd.DataFrame, pairs: pd.DataFrame, *, measure: str, measure_title: str,
            group_title: str, row_title: str | None = None,
            legend: bool = True) -> alt.LayerChart:
    """Actor × actor heatmap with a coloured strip of groups right beside the row labels.

    Parameters
    ----------
    people : DataFrame
        One row per actor, in display order, with ``id``, ``label`` (unique) and ``group``.
    pairs : DataFrame
        ``a, b, shared, jaccard`` for pairs of those actors (each pair once).
    measure : {"shared", "jaccard"}
        Which column colours the squares.
    measure_title, group_title : str
        Legend titles.
    row_title : str, optional
        What a row is, for the tooltips ("Municipality" in the language in use).
    legend : bool
        Show the legend of the group strip (off when every row is its own group).
    """
    row_title = row_title or tr("Municipality")
    label = dict(zip(people["id"], people["label"]))
    p = pairs[pairs["a"].isin(label) & pairs["b"].isin(label)]
    both = pd.concat([
        pd.DataFrame({"row": p["a"].map(label), "col": p["b"].map(label)}),
        pd.DataFrame({"row": p["b"].map(label), "col": p["a"].map(label)}),
    ], ignore_index=True)
    for column in ("shared", "jaccard"):
        both[column] = pd.concat([p[column], p[column]], ignore_index=True).to_numpy()
    both["value"] = both[measure]
    order = list(people["label"])
    n = len(order)
    cell = cell_size(n)
    side = cell * n
    font = 10 if cell >= 11 else 9
    groups = list(dict.fromkeys(people["group"]))
    colours = [_GROUP_COLOURS[i % len(_GROUP_COLOURS)] for i in range(len(groups))]

    # Each channel is titled (screen readers read the title, never the field name "col");
    # the axes show no title, the labels say it.
    x = alt.X("col:N", sort=order, title=tr("Partner"), scale=alt.Scale(domain=order),
              axis=alt.Axis(title=None, labelAngle=-90, labelOverlap=False, labelFontSize=font,
                            labelColor=_INK, labelLimit=130, ticks=False, domain=False))
    y = alt.Y("row:N", sort=order, title=row_title, scale=alt.Scale(domain=order),
              axis=alt.Axis(title=None, labelOverlap=False, labelFontSize=font, labelColor=_INK,
                            labelLimit=130, offset=STRIP + 4, ticks=False, domain=False))
    diagonal = pd.DataFrame({"row": order, "col": order, "name": order,
                             "group": list(people["group"])})
    strip_data = diagonal.copy()

    squares = alt.Chart(both).mark_rect().encode(
        x=x, y=y,
        color=alt.Color("value:Q", title=measure_title, scale=alt.Scale(scheme="blues"),
                        legend=alt.Legend(orient="top", direction="horizontal",
                                          gradientLength=180, titleLimit=300)),
        tooltip=[alt.Tooltip("row:N", title=row_title),
                 alt.Tooltip("col:N", title=tr("Partner")),
                 alt.Tooltip("shared:Q", title=tr("Shared agreements")),
                 alt.Tooltip("jaccard:Q", title=tr("In common"), format=".0%")],
    )
    itself = alt.Chart(diagonal).mark_rect(color="#dfe4e8").encode(
        x=x, y=y, tooltip=[alt.Tooltip("name:N", title=row_title)])
    strip = alt.Chart(strip_data).mark_rect().encode(
        y=y,
        x=alt.value(-STRIP - 2), x2=alt.value(-2),
        color=alt.Color("group:N", title=group_title,
                        scale=alt.Scale(domain=groups, range=colours),
                        legend=alt.Legend(orient="bottom", direction="vertical",
                                          columns=3, labelLimit=280, symbolType="square")
                        if legend else None),
        tooltip=[alt.Tooltip("name:N", title=row_title),
                 alt.Tooltip("group:N", title=group_title)],
    )
    return (alt.layer(itself, squares, strip)
            .resolve_scale(color="independent")
            .properties(width=side, height=side, autosize=_PAD))


def membership_matrix(mem: pd.DataFrame, rows: list[str], columns: list[str]) -> alt.Chart:
    """Municipalities (rows) × agreements (columns), one square per membership.

    Parameters
    ----------
    mem : DataFrame
        ``row`` (actor label), ``col`` (agreement label), ``sector_label``, ``role`` and
        the names for the tooltip, ``actor_name`` and ``collaboration_name``.
    rows, columns : list of str
        Labels in display order (agreements grouped by sector).
    """
    cell = cell_size(max(len(rows), len(columns)), smallest=8, largest=18)
    font = 10 if cell >= 11 else 9
    sector_of = dict(zip(mem["col"], mem["sector_label"]))
    sectors = list(dict.fromkeys(sector_of[c] for c in columns if c in sector_of))
    colours = [_GROUP_COLOURS[i % len(_GROUP_COLOURS)] for i in range(len(sectors))]
    return alt.Chart(mem).mark_rect(stroke="white", strokeWidth=0.5).encode(
        x=alt.X("col:N", sort=columns, title=tr("Agreement"), scale=alt.Scale(domain=columns),
                axis=alt.Axis(title=None, labelAngle=-90, labelLimit=200, labelOverlap=False,
                              labelFontSize=font, labelColor=_INK, ticks=False)),
        y=alt.Y("row:N", sort=rows, title=tr("Municipality"), scale=alt.Scale(domain=rows),
                axis=alt.Axis(title=None, labelOverlap=False, labelFontSize=font, labelColor=_INK,
                              labelLimit=130, ticks=False)),
        color=alt.Color("sector_label:N", title=tr("Sector"),
                        scale=alt.Scale(domain=sectors, range=colours),
                        legend=alt.Legend(orient="bottom", columns=4, labelLimit=170,
                                          symbolType="square")),
        tooltip=[alt.Tooltip("actor_name:N", title=tr("Municipality")),
                 alt.Tooltip("collaboration_name:N", title=tr("Agreement")),
                 alt.Tooltip("sector_label:N", title=tr("Sector")),
                 alt.Tooltip("role:N", title=tr("Role"))],
    ).properties(width=cell * len(columns), height=cell * len(rows), autosize=_PAD)


def group_sector_matrix(frame: pd.DataFrame, groups: list[str]) -> alt.Chart:
    """Groups (rows) × sectors (columns): how many agreements of the sector have a member
    in the group, the count written in each square.

    Parameters
    ----------
    frame : DataFrame
        ``group``, ``sector_label``, ``agreements``, ``memberships`` (one row per pair).
    groups : list of str
        Row labels in display order.
    """
    sectors = sorted(frame["sector_label"].unique())
    cell = cell_size(max(len(groups), len(sectors)), smallest=14, largest=30)
    x = alt.X("sector_label:N", sort=sectors, title=tr("Sector"),
              scale=alt.Scale(domain=sectors),
              axis=alt.Axis(title=None, labelAngle=-90, labelLimit=200, labelOverlap=False,
                            labelColor=_INK, ticks=False))
    y = alt.Y("group:N", sort=groups, title=tr("Group"), scale=alt.Scale(domain=groups),
              axis=alt.Axis(title=None, labelOverlap=False, labelColor=_INK, labelLimit=200,
                            ticks=False))
    squares = alt.Chart(frame).mark_rect(stroke="white", strokeWidth=0.5).encode(
        x=x, y=y,
        color=alt.Color("agreements:Q", title=tr("Agreements"), scale=alt.Scale(scheme="blues"),
                        legend=alt.Legend(orient="top", direction="horizontal",
                                          gradientLength=180, titleLimit=300)),
        tooltip=[alt.Tooltip("group:N", title=tr("Group")),
                 alt.Tooltip("sector_label:N", title=tr("Sector")),
                 alt.Tooltip("agreements:Q", title=tr("Agreements")),
                 alt.Tooltip("memberships:Q", title=tr("Memberships"))],
    )
    numbers = alt.Chart(frame).mark_text(fontSize=9, color=_INK).encode(
        x=x, y=y, text="agreements:Q")
    layers = [squares, numbers] if cell >= 18 else [squares]
    return alt.layer(*layers).properties(width=cell * len(sectors),
                                         height=cell * len(groups), autosize=_PAD)
