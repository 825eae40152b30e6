"""The "Why these partners?" page's parts: the dyad model fitted once, its odds ratios as a chart."""

from __future__ import annotations

import math

import altair as alt
import pandas as pd
import streamlit as st

import graphmodel as gm
from graphmodel.analysis import DyadModel, dyad_model, variable_label
from graphmodel.explorer.cache import freeze
from graphmodel.explorer.charts import FIT_WIDTH
from graphmodel.i18n import current_language, number, tr

__all__ = ["PERMUTATIONS", "fitted", "general_notes", "odds_chart"]

#: the permutations the page offers: a quick look, and the command line's thorough default
PERMUTATIONS = (199, 1000)


@st.cache_data(show_spinner=False, max_entries=16)
def _fitted(data_hash: str, filters: tuple, permutations: int, lang: str,
            _model: gm.Model) -> DyadModel:
    return dyad_model(_model, permutations=permutations, seed=42, **dict(filters))


def fitted(model: gm.Model, filters: dict, permutations: int) -> DyadModel:
    """The dyad model of the data under the filters, cached on the data's content hash."""
    key = tuple(sorted((k, freeze(v)) for k, v in filters.items()))
    return _fitted(model.content_hash(), key, permutations, current_language(), model)


def odds_chart(drivers: pd.DataFrame) -> alt.Chart | None:
    """The odds ratios with their 95 % intervals on a log scale, a line at 1 (no effect).

    Variables left out are not drawn; ``None`` when none can be."""
    rows = drivers[drivers["odds_ratio"].map(lambda v: math.isfinite(float(v)))].copy()
    if rows.empty:
        return None
    rows["label"] = rows["variable"].map(variable_label)
    rows["side"] = [tr("with cooperation") if v > 1 else tr("against cooperation")
                    for v in rows["odds_ratio"]]
    rows["ratio_text"] = rows["odds_ratio"].map(lambda v: number(v, 2))
    rows["interval"] = [f"{number(lo, 2)} – {number(hi, 2)}"
                        for lo, hi in zip(rows["ci_low"], rows["ci_high"], strict=True)]
    rows["p_text"] = rows["p_value"].map(lambda v: number(v, 3) if math.isfinite(v) else "–")
    low = max(min(rows["ci_low"].min(), 0.5) / 1.5, 1e-3)
    high = min(max(rows["ci_high"].max(), 2.0) * 1.5, 1e3)
    rows["lo"] = rows["ci_low"].clip(lower=low)
    rows["hi"] = rows["ci_high"].clip(upper=high)
    scale = alt.Scale(type="log", domain=[low, high], clamp=True)
    ticks = [t for t in (0.001, 0.01, 0.1, 1, 10, 100, 1000) if low <= t <= high]
    # the tick labels in the language's number format (Vega would write 1,000 in nb too)
    label = " : ".join(f"abs(datum.value - {t}) < {t / 1e6} ? '{number(t, 3)}'"
                       for t in ticks) + " : ''"
    axis = alt.Axis(values=ticks, labelExpr=label, grid=True)
    x_title = tr("How many times as likely to share an agreement (odds ratio, log scale)")
    y = alt.Y("label:N", title=None, sort=list(rows["label"]),
              axis=alt.Axis(labelLimit=360, labelFontSize=13))
    tooltip = [alt.Tooltip("label:N", title=tr("Variable")),
               alt.Tooltip("ratio_text:N", title=tr("Odds ratio")),
               alt.Tooltip("interval:N", title=tr("95 % interval")),
               alt.Tooltip("p_text:N", title=tr("p-value"))]
    colour = alt.Color("side:N", title=None, scale=alt.Scale(
        domain=[tr("with cooperation"), tr("against cooperation")],
        range=["#1f6f8b", "#e0823d"]), legend=alt.Legend(orient="bottom"))
    bars = alt.Chart(rows).mark_rule(strokeWidth=3).encode(
        x=alt.X("lo:Q", scale=scale, title=x_title, axis=axis), x2="hi:Q", y=y, color=colour,
        tooltip=tooltip)
    dots = alt.Chart(rows).mark_circle(size=140, opacity=1).encode(
        x=alt.X("odds_ratio:Q", scale=scale), y=y, color=colour, tooltip=tooltip)
    one = alt.Chart(pd.DataFrame({"x": [1.0]})).mark_rule(strokeDash=[4, 3],
                                                            color="#33404b").encode(x="x:Q")
    return (bars + dots + one).properties(height=48 * len(rows) + 30, autosize=FIT_WIDTH)


def general_notes(result: DyadModel) -> list[str]:
    """The model's notes but those of single variables (the sentences already say them)."""
    d = result.drivers
    per_variable = {f"{variable_label(v)}: {n}" for v, n in zip(d["variable"], d["note"],
                                                                 strict=True) if n}
    return [n for n in result.notes if n not in per_variable]
