"""The timeline in the app: agreements formed and ended per year, with a five-year sum.

The counts come from the library's ``timeline`` table (:func:`graphmodel.analysis.timeline.timeline`)
where that module is installed; otherwise from the collaborations' own start and end
years (:func:`yearly_counts` says which). The chart is the MSL network's evaluation
figure: how many agreements were formed over the last five years.
"""

from __future__ import annotations

import importlib.util

import altair as alt
import pandas as pd

import graphmodel as gm
from graphmodel.data import DEFAULT_FILTERS
from graphmodel.i18n import tr

__all__ = ["ADDED", "REMOVED", "WINDOW", "timeline_chart", "with_window", "yearly_counts"]

ADDED, REMOVED = "#1A9850", "#D73027"  # the colours of the Change page's drawings
#: the years the rolling sum adds up (the MSL evaluation counts five)
WINDOW = 5


def yearly_counts(model: gm.Model, **filters) -> tuple[pd.DataFrame, bool]:
    """``year, formed, ended`` per year, and whether the library's timeline made them.

    With :mod:`graphmodel.analysis.timeline` the filters apply as there; without it, a fallback
    counts the collaborations (kinds and sectors filtered, ``planned`` left out) by the
    year of their start and of their end.
    """
    filters = {k: v for k, v in filters.items() if k != "as_of"}
    if importlib.util.find_spec("graphmodel.analysis.timeline") is not None:
        from graphmodel import timeline

        table = timeline(model, **filters)
        return table[["year", "formed", "ended"]].reset_index(drop=True), True
    c = model.collaborations
    c = c[c["status"] != "planned"]
    kinds = filters.get("kinds", DEFAULT_FILTERS["kinds"])
    if kinds:
        c = c[c["kind"].isin(list(kinds))]
    if filters.get("sectors"):
        c = c[c["sector"].isin(list(filters["sectors"]))]
    formed = c["start"].dropna().dt.year.value_counts()
    ended = c["end"].dropna().dt.year.value_counts()
    years = sorted(set(formed.index) | set(ended.index))
    if not years:
        return pd.DataFrame({"year": [], "formed": [], "ended": []}, dtype="int64"), False
    span = range(int(years[0]), int(years[-1]) + 1)
    out = pd.DataFrame({"year": list(span),
                        "formed": [int(formed.get(y, 0)) for y in span],
                        "ended": [int(ended.get(y, 0)) for y in span]})
    return out, False


def with_window(counts: pd.DataFrame, window: int = WINDOW) -> pd.DataFrame:
    """``counts`` with ``formed_5y``: agreements formed in that year and the four before.

    >>> t = pd.DataFrame({"year": [2018, 2019, 2020, 2021, 2022, 2023],
    ...                   "formed": [1, 0, 2, 0, 1, 3], "ended": 0})
    >>> with_window(t)["formed_5y"].tolist()
    [1, 1, 3, 3, 4, 6]
    """
    out = counts.copy()
    out[f"formed_{window}y"] = out["formed"].rolling(window, min_periods=1).sum().astype(int)
    return out


def timeline_chart(counts: pd.DataFrame, window: int = WINDOW) -> alt.LayerChart:
    """Bars of formed (up, green) and ended (down, red) per year; a line for the sum of
    formed over ``window`` years. ``counts`` as from :func:`with_window`."""
    formed, ended = tr("formed"), tr("ended")
    long = pd.concat([
        pd.DataFrame({"year": counts["year"], "what": formed, "n": counts["formed"]}),
        pd.DataFrame({"year": counts["year"], "what": ended, "n": -counts["ended"]}),
    ], ignore_index=True)
    x = alt.X("year:O", title=tr("Year"), axis=alt.Axis(labelAngle=0, labelOverlap=True))
    bars = alt.Chart(long).mark_bar().encode(
        x=x,
        y=alt.Y("n:Q", title=tr("Agreements per year (ended below the line)")),
        color=alt.Color("what:N", title=tr("What"),
                        scale=alt.Scale(domain=[formed, ended], range=[ADDED, REMOVED]),
                        legend=alt.Legend(orient="top", title=None)),
        tooltip=[alt.Tooltip("year:O", title=tr("Year")), alt.Tooltip("what:N", title=tr("What")),
                 alt.Tooltip("n:Q", title=tr("Number"))],
    )
    column = f"formed_{window}y"
    line = alt.Chart(counts).mark_line(point=True, color="#1f4e79").encode(
        x=x, y=alt.Y(f"{column}:Q", title=tr("Formed in {n} years", n=window)),
        tooltip=[alt.Tooltip("year:O", title=tr("Year")),
                 alt.Tooltip(f"{column}:Q", title=tr("Formed in {n} years", n=window))],
    )
    return alt.layer(bars, line).properties(height=300)
