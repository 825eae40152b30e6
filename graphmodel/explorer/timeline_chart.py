"""The timeline in the app: agreements formed and ended per year, with a five-year sum.

The counts are the library's ``timeline`` table (:func:`graphmodel.analysis.timeline.timeline`)
under the sidebar's selection, run on to this year. The chart is the MSL network's
evaluation figure: how many agreements were formed over the last five years.
"""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

import graphmodel as gm
from graphmodel.i18n import tr

__all__ = ["ADDED", "NOT_ON_TIMELINE", "REMOVED", "WINDOW", "timeline_chart", "with_window",
           "yearly_counts"]

ADDED, REMOVED = "#1A9850", "#D73027"  # the colours of the Change page's drawings
#: the years the rolling sum adds up (the MSL evaluation counts five)
WINDOW = 5
#: the sidebar's filters a timeline cannot follow: it spans every year (no date), and counts
#: the agreements in force and those ended (a status filter would hide the ended ones)
NOT_ON_TIMELINE = ("as_of", "status")
#: counts are whole numbers: no tick at 0.5
COUNT_AXIS = alt.Axis(format="d", tickMinStep=1)


def yearly_counts(model: gm.Model, *, until: int | None = None, **filters) -> pd.DataFrame:
    """``year, formed, ended`` per year, from the first dated agreement to ``until`` (this
    year by default), under ``filters`` (the sidebar's selection; those of
    :data:`NOT_ON_TIMELINE` are left out, and the page says so).

    >>> yearly_counts(example, until=2016, kinds=None, status=("active",)).values.tolist()
    [[2000, 1, 0], [2001, 0, 0], [2002, 0, 0], [2003, 0, 0], [2004, 0, 0], [2005, 0, 0], \
[2006, 0, 0], [2007, 0, 0], [2008, 0, 0], [2009, 0, 1], [2010, 1, 0], [2011, 0, 0], \
[2012, 0, 0], [2013, 0, 0], [2014, 0, 0], [2015, 1, 0], [2016, 0, 0]]
    """
    kept = {k: v for k, v in filters.items() if k not in NOT_ON_TIMELINE}
    table = gm.timeline(model, until=dt.date.today().year if until is None else until, **kept)
    return table[["year", "formed", "ended"]].reset_index(drop=True)


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
        y=alt.Y("n:Q", title=tr("Agreements"), axis=COUNT_AXIS),
        color=alt.Color("what:N", title=tr("What"),
                        scale=alt.Scale(domain=[formed, ended], range=[ADDED, REMOVED]),
                        legend=alt.Legend(orient="top", title=None)),
        tooltip=[alt.Tooltip("year:O", title=tr("Year")), alt.Tooltip("what:N", title=tr("What")),
                 alt.Tooltip("n:Q", title=tr("Number"))],
    )
    column = f"formed_{window}y"
    line = alt.Chart(counts).mark_line(point=True, color="#1f4e79").encode(
        x=x, y=alt.Y(f"{column}:Q", title=None, axis=COUNT_AXIS),
        tooltip=[alt.Tooltip("year:O", title=tr("Year")),
                 alt.Tooltip(f"{column}:Q", title=tr("Formed in {n} years", n=window))],
    )
    return alt.layer(bars, line).properties(height=300)
