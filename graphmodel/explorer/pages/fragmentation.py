"""Fragmentation page: which municipalities and councils have criss-crossing partnerships."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from graphmodel.explorer import params, sidebar, ui
from graphmodel.explorer.charts import FIT_WIDTH
from graphmodel.explorer.state import compute, council_filter, council_options, only_members

ui.header("Fragmentation", "Does each agreement have a different set of partners? Which "
                           "councils nest their agreements, and which criss-cross?")
model = ui.require_model()
if model is None:
    st.stop()
filters = sidebar.current()
f = filters.analysis()
members = council_filter(model, filters.councils, as_of=filters.as_of)
state = st.session_state
names = council_options(model)
councils_only = {k: v for k, v in names.items()
                 if k in set(model.collaborations.loc[model.collaborations["kind"] == "council",
                                                      "id"])}

with st.spinner("Working out the figures…"):
    frag = compute("actor_fragmentation", model, **f)
    councils = compute("council_metrics", model, **f)
    duals = compute("dual_members", model, **f)

tab_a, tab_c, tab_s = st.tabs(["Municipalities", "Councils", "Strategy"])

# ---------------------------------------------------------------- municipalities
STRATEGY_COLOURS = {"self-sufficiency": "#8795a1", "specialisation": "#1f6f8b",
                    "service-centre": "#e0823d", "regional partner": "#59a14f"}

with tab_a:
    a = only_members(frag, members, "id")
    a = a[a["n_collaborations"] > 0].sort_values(
        ["fragmentation", "n_collaborations", "name"], ascending=[False, False, True])
    if a.empty:
        st.info("No municipality takes part in anything that matches the filters.")
    else:
        a = a.assign(home=a["home_council"].map(lambda c: names.get(c, c)))
        st.dataframe(
            a[["name", "n_collaborations", "n_partners", "n_configurations", "fragmentation",
               "effective_partners", "home", "home_alignment"]],
            hide_index=True, key="tbl_frag_actors",
            column_config={
                "name": "Municipality",
                "n_collaborations": st.column_config.NumberColumn(
                    "Agreements", help="Service agreements it takes part in"),
                "n_partners": st.column_config.NumberColumn(
                    "Partners", help="Different municipalities it shares an agreement with"),
                "n_configurations": st.column_config.NumberColumn(
                    "Partner sets", help="How many different groups of partners"),
                "fragmentation": st.column_config.ProgressColumn(
                    "Fragmentation", format="%.2f", min_value=0, max_value=1,
                    help="0: every agreement with the same partners; 1: each with a "
                         "different set"),
                "effective_partners": st.column_config.NumberColumn(
                    "Effective partners", format="%.1f",
                    help="How many partners it effectively spreads its cooperation over"),
                "home": "Home council",
                "home_alignment": st.column_config.ProgressColumn(
                    "Inside home council", format="percent", min_value=0, max_value=1,
                    help="Share of its agreements whose members all sit in its home council"),
            },
        )
        ui.table_download(a.drop(columns=["home"]), "fragmentation-municipalities.csv",
                          key="dl_frag_actors")

# ---------------------------------------------------------------- councils
with tab_c:
    c = councils.sort_values(["region_fragmentation", "name"], ascending=[False, True])
    if c.empty:
        st.info("No council in the data matches the filters.")
    else:
        long = c.melt(id_vars=["name"], value_vars=["aligned", "within", "spanning"],
                      var_name="how", value_name="agreements")
        words = {"aligned": "Same members as the council", "within": "Some of its members",
                 "spanning": "Reaching outside the council"}
        long["how"] = long["how"].map(words)
        bars = alt.Chart(long).mark_bar().encode(
            x=alt.X("agreements:Q", title="Service agreements with a member in the council",
                    axis=alt.Axis(tickMinStep=1, format="d")),
            y=alt.Y("name:N", sort=list(c["name"]), title=None,
                    axis=alt.Axis(labelLimit=260)),
            color=alt.Color("how:N", title=None, sort=list(words.values()),
                            scale=alt.Scale(domain=list(words.values()),
                                            range=["#1f6f8b", "#8fc1d4", "#e0823d"]),
                            legend=alt.Legend(orient="bottom", labelLimit=300)),
            order=alt.Order("how:N"),
            tooltip=["name:N", "how:N", "agreements:Q"],
        ).properties(height=24 * len(c), autosize=FIT_WIDTH)
        st.altair_chart(bars, width="stretch")
        options = [k for k in c["id"] if k in councils_only] or list(c["id"])
        table = c[["id", "name", "n_members", "n_collaborations", "aligned", "within",
                   "spanning", "n_configurations", "region_fragmentation", "n_dual_members"]]
        picked = st.dataframe(
            table.drop(columns=["id"]), hide_index=True, key="tbl_councils",
            on_select="rerun", selection_mode="single-row",
            column_config={
                "name": "Council", "n_members": "Members", "n_collaborations": "Agreements",
                "aligned": "Same members", "within": "Some members",
                "spanning": "Reaching outside", "n_configurations": "Member sets",
                "region_fragmentation": st.column_config.ProgressColumn(
                    "Fragmentation", format="%.2f", min_value=0, max_value=1,
                    help="0: all agreements with the same members; 1: each different"),
                "n_dual_members": st.column_config.NumberColumn(
                    "In another council too"),
            },
        )
        # a click on a row of the table opens that council below
        rows = picked.selection.rows if picked is not None else []
        clicked = table["id"].iloc[rows[0]] if rows else None
        if clicked != state.get("_councils_clicked"):
            state["_councils_clicked"] = clicked
            if clicked in options:
                state["detail"] = clicked
        ui.table_download(c, "fragmentation-councils.csv", key="dl_councils")

        st.subheader("Look closer at one council")
        st.caption("Click a row in the table above, or pick a council here.")
        params.seed("detail", what="council", options={k: names.get(k, k) for k in options})
        params.hold("detail", options[0] if options else None)
        pick = st.selectbox("Council", options, key="detail",
                            format_func=lambda k: names.get(k, k), persist_state="session")
        params.publish("detail", pick)
        row = c[c["id"] == pick]
        if len(row):
            r = row.iloc[0]
            k1, k2, k3, k4 = st.columns(4)
            k1.metric("Members", int(r["n_members"]))
            k2.metric("Agreements", int(r["n_collaborations"]))
            k3.metric("Fragmentation", f"{r['region_fragmentation']:.2f}"
                      if pd.notna(r["region_fragmentation"]) else "–")
            k4.metric("Reaching outside", int(r["spanning"]))
            inside = council_filter(model, [pick], as_of=filters.as_of) or set()
            d = duals[duals["actor"].isin(inside)].copy()
            if d.empty:
                st.write("None of its members sits in another council.")
            else:
                d["other"] = d["councils"].map(lambda s: ", ".join(
                    names.get(x, x) for x in str(s).split(";") if x and x != pick))
                st.write("Members that also sit in another council:")
                st.dataframe(d.rename(columns={"name": "Municipality", "other": "Also in"})
                             [["Municipality", "Also in"]], hide_index=True, key="tbl_detail")

# ---------------------------------------------------------------- strategy quadrant
with tab_s:
    params.seed("breadth", what="breadth threshold", parse=float)
    params.seed("alignment", what="alignment threshold", parse=float)
    for key in ("breadth", "alignment"):
        value = state.get(key, 0.5)
        state[key] = min(1.0, max(0.0, float(value)))
    s1, s2 = st.columns(2)
    bt = s1.slider("Breadth threshold", 0.0, 1.0, key="breadth", step=0.05,
                   persist_state="session",
                   help="Share of sectors in which the municipality cooperates at all.")
    at = s2.slider("Alignment threshold", 0.0, 1.0, key="alignment", step=0.05,
                   persist_state="session",
                   help="Share of its agreements that stay inside its home council.")
    params.publish("breadth", bt, 0.5)
    params.publish("alignment", at, 0.5)
    prof = compute("strategy_profile", model, breadth_threshold=bt, alignment_threshold=at, **f)
    prof = only_members(prof, members, "id")
    shown = prof.dropna(subset=["breadth", "home_alignment"])
    if shown.empty:
        st.info("No municipality has both a breadth and a home council under these filters.")
    else:
        base = alt.Chart(shown)
        points = base.mark_circle(size=90, opacity=0.85).encode(
            x=alt.X("breadth:Q", title="Breadth: share of sectors with any cooperation",
                    scale=alt.Scale(domain=[0, 1])),
            y=alt.Y("home_alignment:Q", title="Alignment: share inside the home council",
                    scale=alt.Scale(domain=[0, 1])),
            color=alt.Color("strategy:N", title="Strategy",
                            scale=alt.Scale(domain=list(STRATEGY_COLOURS),
                                            range=list(STRATEGY_COLOURS.values()))),
            tooltip=[alt.Tooltip("name:N", title="Municipality"),
                     alt.Tooltip("breadth:Q", format=".0%"),
                     alt.Tooltip("home_alignment:Q", title="alignment", format=".0%"),
                     "strategy:N"],
        )
        # one label per spot: several municipalities often share the same place
        spots = (shown.sort_values("name").groupby(["breadth", "home_alignment"])["name"]
                 .agg(lambda s: s.iloc[0] + (f" +{len(s) - 1}" if len(s) > 1 else ""))
                 .rename("label").reset_index())
        labels = alt.Chart(spots).mark_text(align="left", dx=6, fontSize=10,
                                            color="#44505c").encode(
            x="breadth:Q", y="home_alignment:Q", text="label:N")
        rules = (alt.Chart(pd.DataFrame({"x": [bt]})).mark_rule(strokeDash=[4, 4]).encode(x="x:Q")
                 + alt.Chart(pd.DataFrame({"y": [at]})).mark_rule(strokeDash=[4, 4])
                 .encode(y="y:Q"))
        quads = pd.DataFrame({
            "x": [0.02, 0.02, 0.98, 0.98], "y": [0.02, 0.98, 0.02, 0.98],
            "label": ["Self-sufficiency", "Specialisation", "Service centre",
                      "Regional partner"],
            "align": ["left", "left", "right", "right"],
            "baseline": ["bottom", "top", "bottom", "top"],
        })
        qtext = [alt.Chart(quads.iloc[[i]]).mark_text(
            fontSize=13, fontWeight="bold", color="#8795a1", align=row.align,
            baseline=row.baseline).encode(x="x:Q", y="y:Q", text="label:N")
            for i, row in enumerate(quads.itertuples())]
        chart = alt.layer(rules, *qtext, points, labels).properties(height=520)
        st.altair_chart(chart, width="stretch")
        st.caption("The four alternatives of the Værnesregionen discussion: self-sufficiency "
                   "(few sectors, little inside the council), specialisation (few sectors, "
                   "inside the council), service centre (many sectors, many different "
                   "partners) and regional partner (many sectors, inside the council).")
    missing = prof[prof["breadth"].isna() | prof["home_alignment"].isna()]
    if len(missing):
        st.caption(f"Not placed (no home council or no agreement): "
                   f"{', '.join(missing['name'].head(20))}"
                   f"{' …' if len(missing) > 20 else ''}.")
    ui.table_download(prof, "strategy.csv", key="dl_strategy")
