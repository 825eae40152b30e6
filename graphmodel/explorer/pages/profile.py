"""Municipality profile: its agreements by sector, partners, figures, gaps and natural partners."""

from __future__ import annotations

import altair as alt
import streamlit as st

import graphmodel as gm
from graphmodel.explorer import params, sidebar, ui
from graphmodel.explorer.app import page_path
from graphmodel.explorer.charts import FIT_WIDTH
from graphmodel.explorer.sidebar import sector_label
from graphmodel.explorer.state import (
    actor_options,
    compute,
    council_filter,
    council_options,
    only_members,
)
from graphmodel.explorer.tables import membership_frame

ui.header("Municipality profile", "Who does a municipality cooperate with, on what — and "
                                  "where could it cooperate next, with whom?")
model = ui.require_model()
if model is None:
    st.stop()
filters = sidebar.current()
f = filters.analysis()
state = st.session_state
names = actor_options(model)
groups = council_options(model)
members = council_filter(model, filters.councils, as_of=filters.as_of)

# With "Members of" chosen in the sidebar the question is about the group: answer it first.
group_box = st.container() if members is not None else None

params.seed("actor", what="municipality", options=names)
if "actor" not in state:
    pool = [a for a in names if members is None or a in members]
    state["actor"] = pool[0] if pool else None
params.hold("actor")
actor = st.selectbox("Municipality", list(names), key="actor", format_func=names.get,
                     placeholder="Type a name", persist_state="session",
                     help="Type to search. The sidebar filters (sector, kind, date…) apply.")
params.publish("actor", actor)
no_sector = {k: v for k, v in f.items() if k != "sectors"}

if actor is not None:
    name = names.get(actor, actor)
    with st.spinner("Working out the figures…"):
        metrics = compute("actor_metrics", model, **f)
        pairs = compute("actor_pairs", model, **f)
    row = metrics[metrics["id"] == actor]
    mem = membership_frame(model, filters)
    mine = mem[mem["actor"] == actor]

    if row.empty:
        st.info(f"{name} is left out by the filters (for example the region or country).")
    else:
        r = row.iloc[0]
        k = st.columns(5)
        k[0].metric("Agreements", int(r["n_collaborations"]),
                    help="Agreements it takes part in, under the sidebar filters")
        k[1].metric("Partners", int(r["n_partners"]),
                    help="Different municipalities it shares at least one agreement with")
        k[2].metric("Fragmentation", f"{r['fragmentation']:.2f}",
                    help="0: every agreement with the same partners; 1: each with different ones")
        k[3].metric("Effective partners", f"{r['effective_partners']:.1f}",
                    help="How many partners its cooperation is effectively spread over")
        k[4].metric("Inside home council", ui.percent(r["home_alignment"]),
                    help="Share of its agreements whose members all sit in its home council")
        home = groups.get(r["home_council"], r["home_council"]) or "none"
        line = f"Home council (the one it shares most with): **{home}**."
        if r["strategy"]:
            line += (f" Strategy profile: **{r['strategy']}** (breadth "
                     f"{ui.percent(r['breadth'])}; see the Fragmentation page).")
        st.caption(line)

    col_a, col_b = st.columns([3, 2])
    with col_a:
        st.subheader("Its agreements, by sector")
        if mine.empty:
            st.info(f"{name} has no agreement that matches the filters.")
        else:
            others = mem[mem["collaboration"].isin(mine["collaboration"])
                         & (mem["actor"] != actor)]
            partners_of = others.groupby("collaboration")["actor_name"].agg(
                lambda s: ", ".join(sorted(s)))
            table = mine.assign(
                partners=mine["collaboration"].map(partners_of).fillna("(alone)"),
            ).sort_values(["sector_label", "collaboration_name"])
            st.dataframe(
                table[["sector_label", "collaboration_name", "role", "partners"]],
                hide_index=True, key="tbl_profile_agreements",
                column_config={"sector_label": "Sector", "collaboration_name": "Agreement",
                               "role": "Role", "partners": "With"},
            )
            ui.table_download(table.drop(columns=["sector_label"]),
                              f"{actor}-agreements.csv", key="dl_profile_agreements")
    with col_b:
        st.subheader("Partners")
        p = pairs[(pairs["a"] == actor) | (pairs["b"] == actor)].copy()
        if p.empty:
            st.info("No partner under these filters.")
        else:
            p["partner"] = p["b_name"].where(p["a"] == actor, p["a_name"])
            p = p.sort_values(["shared", "partner"], ascending=[False, True])
            chart = alt.Chart(p.head(20)).mark_bar(color="#1f6f8b").encode(
                x=alt.X("shared:Q", title="Shared agreements", axis=alt.Axis(tickMinStep=1)),
                y=alt.Y("partner:N", sort=list(p["partner"].head(20)), title=None,
                        axis=alt.Axis(labelOverlap=False)),
                tooltip=[alt.Tooltip("partner:N", title="Partner"),
                         alt.Tooltip("shared:Q", title="Shared agreements"),
                         alt.Tooltip("jaccard:Q", title="In common", format=".0%")],
            ).properties(height=20 * min(len(p), 20), autosize=FIT_WIDTH)
            st.altair_chart(chart, width="stretch")

    if st.button("Show on the network", key="btn_profile_network",
                 icon=":material/hub:"):
        state["focus"] = actor
        st.switch_page(page_path("network"))

    st.subheader("Where could it cooperate next, and with whom?")
    try:
        with st.spinner("Looking for natural partners…"):
            gap = compute("gaps", model, actor=actor, **no_sector)
            sugg = compute("suggestions", model, actor=actor, sectors=filters.sectors, top=3,
                           **no_sector)
    except gm.GraphModelError as exc:
        st.info(f"No suggestions: {exc}.")
    else:
        if filters.sectors:
            gap = gap[gap["sector"].isin(filters.sectors)]
        if gap.empty:
            st.success(f"{name} already cooperates in every sector "
                       f"{'chosen' if filters.sectors else 'found in the data'}.")
        else:
            st.write(f"Sectors where {name} has no agreement yet: "
                     + ", ".join(sector_label(s) for s in gap["sector"]) + ".")
            show = sugg.assign(sector=sugg["sector"].map(sector_label))
            st.dataframe(
                show[["sector", "rank", "candidate_name", "reason"]], hide_index=True,
                key="tbl_profile_suggestions",
                column_config={"sector": "Sector", "rank": "Rank",
                               "candidate_name": "Suggested partner",
                               "reason": st.column_config.TextColumn("Why", width="large")},
            )
            ui.table_download(sugg, f"{actor}-suggestions.csv", key="dl_profile_suggestions")

if group_box is not None:
    with group_box:
        label = ", ".join(groups.get(c, c) for c in filters.councils)
        st.subheader(f"The whole group: members of {label}")
        st.caption("Gaps and natural partners for every member at once. Pick a sector in the "
                   "sidebar (e.g. PPT) to ask where the group could cooperate on it.")
        mem_all = only_members(membership_frame(model, filters), members, "actor")
        if len(mem_all):
            now = mem_all.assign(sector=mem_all["sector"].map(sector_label)).groupby(
                ["sector", "collaboration_name"])["actor_name"].agg(
                lambda s: ", ".join(sorted(s))).reset_index()
            st.write("What the members take part in now (sidebar filters apply):")
            st.dataframe(now, hide_index=True, key="tbl_group_now",
                         column_config={"sector": "Sector", "collaboration_name": "Agreement",
                                        "actor_name": "Members in it"})
        try:
            with st.spinner("Looking for natural partners…"):
                group = compute("suggestions", model, actor=None, sectors=filters.sectors, top=3,
                                **no_sector)
        except gm.GraphModelError as exc:
            st.info(f"No suggestions: {exc}.")
        else:
            group = only_members(group, members, "actor")
            if group.empty:
                st.success("Every member already cooperates in "
                           + ("the chosen sectors." if filters.sectors else "every sector."))
            else:
                group = group.assign(
                    municipality=group["actor"].map(lambda a: names.get(a, a)),
                    sector=group["sector"].map(sector_label),
                    inside=group["candidate"].isin(members).map({True: "yes", False: ""}),
                )
                st.write("Where members have no agreement yet, and natural partners for it:")
                st.dataframe(
                    group[["municipality", "sector", "rank", "candidate_name", "inside", "reason"]],
                    hide_index=True, key="tbl_group_suggestions",
                    column_config={"municipality": "Municipality", "sector": "Sector",
                                   "rank": "Rank", "candidate_name": "Suggested partner",
                                   "inside": "In the group",
                                   "reason": st.column_config.TextColumn("Why", width="large")},
                )
                ui.table_download(group, "group-suggestions.csv", key="dl_group_suggestions")
        st.divider()
if members is None and actor is None:
    st.info("Pick a municipality above, or choose “Members of” in the sidebar to look at a "
            "whole group.")
