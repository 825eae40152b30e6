"""Why these partners? What goes with cooperation: distance, commuting region, county, council, size."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import graphmodel as gm
from graphmodel.analysis import driver_sentences
from graphmodel.errors import GraphModelError
from graphmodel.explorer import sidebar, ui
from graphmodel.explorer.escape import md_escape
from graphmodel.explorer.language import pinned
from graphmodel.explorer.partners import PERMUTATIONS, fitted, general_notes, odds_chart
from graphmodel.i18n import integer, tr


def pick_permutations() -> int:
    """The radio for how many permutations the p-values use."""
    return st.radio(
        tr("Permutations"), PERMUTATIONS, key="partners_permutations", horizontal=True,
        format_func=pinned(lambda n: tr("{n} (quick)", n=integer(n)) if n < 1000 else tr(
            "{n} (as the command line)", n=integer(n))),
        help=tr("The p-values come from shuffling which municipality is which, so that pairs "
                "sharing a municipality are not taken as independent (MRQAP)."))


def fit_or_stop(model: gm.Model, f: dict, permutations: int):
    """The fitted model (:func:`fitted`); when it cannot be fitted, why, and the page stops."""
    try:
        with st.spinner(tr("Fitting the model…")):
            return fitted(model, f, permutations)
    except GraphModelError as err:
        st.info(md_escape(str(err)))
        st.stop()


def show_drivers(d: pd.DataFrame, result) -> None:
    """What goes with cooperation: the pairs counted, the odds ratios, in words, the notes."""
    n_pairs = int(d["n_pairs"].iloc[0])
    n_ties = int(d["n_ties"].iloc[0])
    st.caption(tr("{pairs} pairs of municipalities, {ties} of them share at least one "
                  "agreement.", pairs=integer(n_pairs), ties=integer(n_ties)))
    chart = odds_chart(d)
    if chart is not None:
        ui.altair_chart(chart, width="stretch", key="chart_drivers")
    for sentence in driver_sentences(d):
        st.markdown("- " + md_escape(sentence))
    for note in general_notes(result):
        st.caption(md_escape(note))
    ui.table_download(d, "drivers.csv", key="dl_drivers")


def expected_missing(pairs: pd.DataFrame, names: dict, n: int = 15) -> pd.DataFrame:
    """The ``n`` pairs sharing nothing that the model expects most, with both names
    (``a_name``, ``b_name``)."""
    missing = pairs[(pairs["tie"] == 0) & pairs["probability"].notna()].sort_values(
        ["probability", "a", "b"], ascending=[False, True, True]).head(n)
    return missing.assign(a_name=missing["a"].map(names), b_name=missing["b"].map(names))


def show_expected_missing(model: gm.Model, pairs: pd.DataFrame) -> None:
    """"Expected but missing": the pairs the model expects most that share nothing."""
    st.subheader(tr("Expected but missing"))
    st.caption(tr("Pairs that share nothing although the model expects them most: "
                  "partnerships to discuss, beside the suggestions on the Profile page."))
    names = dict(zip(model.actors["id"], model.actors["name"].astype(str)))
    shown = expected_missing(pairs, names)
    ui.dataframe(
        shown[["a_name", "b_name", "probability", "distance_km"]], hide_index=True,
        key="tbl_expected", column_config={
            "a_name": st.column_config.TextColumn(tr("Municipality")),
            "b_name": st.column_config.TextColumn(tr("and")),
            "probability": st.column_config.ProgressColumn(
                tr("Expected"), format="percent", min_value=0, max_value=1),
            "distance_km": st.column_config.NumberColumn(tr("km"), format="%.0f")})
    st.caption(tr("Odds ratios from a logistic regression (statsmodels) with 95 % intervals; "
                  "p-values by MRQAP with Dekker's semi-partialling, seed 42. See "
                  "docs/regions.md."))


ui.header(tr("Why these partners?"),
          tr("Do municipalities cooperate with those nearby, in their commuting region, their "
             "county, their council, or of their size?"))
model = ui.require_model()
f = sidebar.current().analysis()
result = fit_or_stop(model, f, pick_permutations())
show_drivers(result.drivers, result)
show_expected_missing(model, result.pairs)
