"""Overlap page: who shares agreements with whom, who is in what, which agreements criss-cross."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from graphmodel.explorer import params, sidebar, ui
from graphmodel.explorer.charts import heatmap, membership_matrix, unique_labels
from graphmodel.explorer.state import compute, council_filter, council_options, only_members
from graphmodel.explorer.tables import membership_frame

ui.header("Overlap", "Who shares agreements with whom, and where do agreements criss-cross "
                     "instead of nesting?")
model = ui.require_model()
if model is None:
    st.stop()
filters = sidebar.current()
f = filters.analysis()
members = council_filter(model, filters.councils, as_of=filters.as_of)
state = st.session_state

MEASURES = {"shared": "Number of shared agreements", "jaccard": "Share of agreements in common"}
ORDERS = {"council": "Regional council", "community": "Detected group"}
MAX_ACTORS = 70
MAX_COLLABORATIONS = 80

params.seed("measure", what="measure", options=MEASURES, default="shared")
params.seed("order", what="ordering", options=ORDERS, default="council")
params.hold("measure", "shared")
params.hold("order", "council")

with st.spinner("Working out the overlaps…"):
    pairs = compute("actor_pairs", model, **f)
    frag = compute("actor_fragmentation", model, **f)
    groups = compute("communities", model, **f)
    coll_pairs = compute("collaboration_pairs", model, **f)
    by_council = compute("crossing_by_council", model, **f)
    duals = compute("dual_members", model, **f)

tab_heat, tab_matrix, tab_cross = st.tabs(
    ["Shared agreements", "Who is in what", "Criss-crossing agreements"])

council_names = council_options(model)

# ---------------------------------------------------------------- actor × actor heatmap
with tab_heat:
    c1, c2 = st.columns(2)
    measure = c1.radio("Measure", list(MEASURES), key="measure", format_func=MEASURES.get,
                       horizontal=True, persist_state="session",
                       help="Share of agreements in common: shared ÷ all agreements either "
                            "of the two is in (1 = exactly the same agreements).")
    order = c2.radio("Order by", list(ORDERS), key="order", format_func=ORDERS.get,
                     horizontal=True, persist_state="session",
                     help="Regional council: each municipality's home council. Detected "
                          "group: municipalities that share the most, found from the data.")
    params.publish("measure", measure, "shared")
    params.publish("order", order, "council")

    people = frag[["id", "name", "n_collaborations", "home_council"]].merge(
        groups[["id", "community"]], on="id", how="left")
    people = people[people["n_collaborations"] > 0]
    people = only_members(people, members, "id")
    strength = pd.concat([pairs[["a", "shared"]].rename(columns={"a": "id"}),
                          pairs[["b", "shared"]].rename(columns={"b": "id"})])
    strength = strength.groupby("id")["shared"].sum()
    people = people.assign(strength=people["id"].map(strength).fillna(0))
    if len(people) > MAX_ACTORS:
        st.info(f"{len(people)} municipalities match the filters: showing the {MAX_ACTORS} "
                "with the most shared agreements. Narrow the filters (region, members of) "
                "to see the others.")
        people = people.nlargest(MAX_ACTORS, "strength")
    if order == "council":
        people["group"] = people["home_council"].map(
            lambda c: council_names.get(c, c) if c else "(no council)")
    else:
        people["group"] = people["community"].map(
            lambda c: "(none)" if pd.isna(c) else f"Group {int(c)}")
    people = people.sort_values(["group", "name"]).reset_index(drop=True)
    people["label"] = unique_labels(people["id"], people["name"])

    if len(people) < 2:
        st.info("Fewer than two municipalities take part in anything that matches the filters.")
    else:
        ids = set(people["id"])
        p = pairs[pairs["a"].isin(ids) & pairs["b"].isin(ids)]
        st.altair_chart(heatmap(people, p, measure=measure, measure_title=MEASURES[measure],
                                group_title=ORDERS[order]),
                        width="content", key="chart_heatmap")
        st.caption("Each square: how much two municipalities cooperate; the coloured strip "
                   "beside the names is their " + ORDERS[order].lower() + ". Blocks of dark "
                   "squares along the diagonal are municipalities that work together on most "
                   "things; dark squares far from the diagonal are ties across councils.")
        ui.table_download(p[["a", "a_name", "b", "b_name", "shared", "jaccard"]],
                          "shared-agreements.csv", key="dl_pairs")

# ---------------------------------------------------------------- membership matrix
with tab_matrix:
    mem = membership_frame(model, filters)
    mem = only_members(mem, members, "actor")
    if mem.empty:
        st.info("No memberships match the filters.")
    else:
        # rows: the municipalities of the heatmap, in its order; the others after them
        row_label = dict(zip(people["id"], people["label"]))
        rest = mem[~mem["actor"].isin(row_label)][["actor", "actor_name"]].drop_duplicates()
        rest = rest.sort_values("actor_name")
        row_label.update(zip(rest["actor"], unique_labels(rest["actor"], rest["actor_name"])))
        colls = (mem.groupby(["collaboration", "collaboration_name", "sector_label"])
                 ["actor"].nunique().rename("n").reset_index())
        if len(row_label) > MAX_ACTORS or len(colls) > MAX_COLLABORATIONS:
            keep_rows = list(row_label)[:MAX_ACTORS]
            mem = mem[mem["actor"].isin(keep_rows)]
            colls = colls[colls["collaboration"].isin(set(mem["collaboration"]))]
            colls = colls.nlargest(MAX_COLLABORATIONS, "n")
            mem = mem[mem["collaboration"].isin(set(colls["collaboration"]))]
            st.info(f"Showing {mem['actor'].nunique()} municipalities and the "
                    f"{len(colls)} largest agreements among them. Narrow the filters "
                    "(region, members of, sector) to see the rest.")
        colls = colls.sort_values(["sector_label", "collaboration_name"])
        col_label = dict(zip(colls["collaboration"],
                             unique_labels(colls["collaboration"], colls["collaboration_name"])))
        rows = [row_label[a] for a in row_label if a in set(mem["actor"])]
        mem = mem.assign(row=mem["actor"].map(row_label),
                         col=mem["collaboration"].map(col_label))
        st.altair_chart(membership_matrix(mem, rows, list(col_label.values())),
                        width="content", key="chart_matrix")
        st.caption("Rows: municipalities. Columns: agreements, grouped by sector (colour). "
                   "Where columns of one colour have different row patterns, the same "
                   "kind of service is shared with different partners — the interlocking.")
        ui.table_download(mem.drop(columns=["sector_label", "row", "col"]), "memberships.csv",
                          key="dl_members")

# ---------------------------------------------------------------- crossing pairs
with tab_cross:
    cross = coll_pairs[coll_pairs["relation"] == "crossing"].copy()
    if members is not None:
        touched = set(membership_frame(model, filters).query("actor in @members")
                      ["collaboration"])
        cross = cross[cross["a"].isin(touched) | cross["b"].isin(touched)]
        by_council = by_council[by_council["council"].isin(filters.councils)] if (
            by_council["council"].isin(filters.councils).any()) else by_council
        duals = only_members(duals, members, "actor")
    m1, m2, m3 = st.columns(3)
    m1.metric("Criss-crossing pairs", len(cross),
              help="Two agreements that share some members, but neither holds all the "
                   "members of the other.")
    m2.metric("Nested or identical pairs",
              int(coll_pairs["relation"].isin(["nested", "identical"]).sum()))
    m3.metric("Municipalities in two or more councils", len(duals))
    st.subheader("Agreements that criss-cross")
    show = cross.rename(columns={"a_name": "Agreement", "b_name": "Criss-crosses with",
                                 "shared": "Shared members", "jaccard": "In common"})
    cols = ["Agreement", "Criss-crosses with", "Shared members", "In common"]
    st.dataframe(show[cols], hide_index=True, key="tbl_cross",
                 column_config={"In common": st.column_config.ProgressColumn(
                     format="percent", min_value=0, max_value=1)})
    ui.table_download(cross, "crossing-agreements.csv", key="dl_cross")
    left, right = st.columns(2)
    with left:
        st.subheader("Per council")
        st.dataframe(by_council.rename(columns={"name": "Council",
                                                "n_crossing": "Criss-crossing pairs"})
                     [["Council", "Criss-crossing pairs"]], hide_index=True, key="tbl_bycouncil")
    with right:
        st.subheader("In two councils at once")
        d = duals.copy()
        d["councils"] = d["councils"].map(
            lambda s: ", ".join(council_names.get(c, c) for c in str(s).split(";") if c))
        st.dataframe(d.rename(columns={"name": "Municipality", "n_councils": "Councils",
                                       "councils": "Which"})[["Municipality", "Councils",
                                                              "Which"]],
                     hide_index=True, key="tbl_duals")
