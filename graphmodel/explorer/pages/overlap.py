"""Overlap page: who shares agreements with whom, who is in what, which agreements criss-cross.

On large data (more municipalities than fit in one picture) the heatmap and the membership
matrix show groups (home council or detected community) and let one group be opened.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

import graphmodel as gm
from graphmodel.explorer import aggregate, params, sidebar, ui
from graphmodel.explorer.charts import (
    group_sector_matrix,
    heatmap,
    membership_matrix,
    unique_labels,
)
from graphmodel.explorer.page_tables import membership_frame
from graphmodel.explorer.state import compute, council_filter, council_options, only_members
from graphmodel.i18n import integer, sector_label, tr

MEASURES = {"shared": tr("Number of shared agreements"),
            "jaccard": tr("Share of agreements in common")}
ORDERS = {"council": tr("Regional council"), "community": tr("Detected group")}
MAX_ACTORS = 70
MAX_COLLABORATIONS = 80
MAX_GROUPS = 40


@dataclass
class Heat:
    """What the first tab worked out and the second reuses: everyone who takes part, with
    their group; whether the data is too large to show one by one (``big``); the grouping in
    use; the group opened (``drill``); the groups' table; the rows of the heatmap."""

    everyone: pd.DataFrame
    big: bool
    group_by: str
    drill: str | None
    group_table: pd.DataFrame | None
    people: pd.DataFrame


# ------------------------------------------------------------------ plain computations

def heatmap_people(everyone: pd.DataFrame, drill: str | None,
                   limit: int = MAX_ACTORS) -> tuple[pd.DataFrame, int]:
    """The municipalities of the heatmap, one by one: everyone (or group ``drill``), the
    ``limit`` with the most shared agreements when more, sorted by group and name, with a
    unique ``label``; and how many there were before the cut."""
    people = everyone if drill is None else everyone[everyone["group"] == drill]
    before = len(people)
    if before > limit:
        people = people.nlargest(limit, "strength")
    people = people.sort_values(["group", "name"]).reset_index(drop=True)
    people["label"] = unique_labels(people["id"], people["name"])
    return people, before


def matrix_cells(mem: pd.DataFrame, people: pd.DataFrame, *, max_actors: int = MAX_ACTORS,
                 max_collaborations: int = MAX_COLLABORATIONS):
    """The membership matrix of ``mem`` (a membership frame): rows are the municipalities of
    the heatmap (``people``) in its order, the others after them by name; columns the
    agreements by sector and name. Above ``max_actors`` rows or ``max_collaborations``
    columns: the first rows and the largest agreements among them.

    Returns
    -------
    (mem, shown, rows, columns, cut)
        ``mem`` as kept, ``shown`` (with ``row``, ``col`` and ``sector_label``), the row and
        column labels in order, and ``cut``: ``None``, or (municipalities, agreements) kept.
    """
    row_label = dict(zip(people["id"], people["label"])) if len(people) else {}
    rest = mem.loc[~mem["actor"].isin(set(row_label)), ["actor", "actor_name"]]
    rest = rest.drop_duplicates().sort_values("actor_name")
    row_label.update(zip(rest["actor"], unique_labels(rest["actor"], rest["actor_name"])))
    colls = (mem.groupby(["collaboration", "collaboration_name", "sector"])
             ["actor"].nunique().rename("n").reset_index())
    cut = None
    if len(row_label) > max_actors or len(colls) > max_collaborations:
        keep_rows = list(row_label)[:max_actors]
        mem = mem[mem["actor"].isin(set(keep_rows))]
        colls = colls[colls["collaboration"].isin(set(mem["collaboration"]))]
        colls = colls.nlargest(max_collaborations, "n")
        mem = mem[mem["collaboration"].isin(set(colls["collaboration"]))]
        cut = (mem["actor"].nunique(), len(colls))
    colls = colls.assign(sector_label=colls["sector"].map(sector_label))
    colls = colls.sort_values(["sector_label", "collaboration_name"])
    col_label = dict(zip(colls["collaboration"], unique_labels(
        colls["collaboration"], colls["collaboration_name"])))
    present_actors = set(mem["actor"])  # built once (not once per row)
    rows = [row_label[a] for a in row_label if a in present_actors]
    shown = mem.assign(row=mem["actor"].map(row_label),
                       col=mem["collaboration"].map(col_label),
                       sector_label=mem["sector"].map(sector_label))
    return mem, shown, rows, list(col_label.values()), cut


def crossing_among(cross: pd.DataFrame, by_council: pd.DataFrame, duals: pd.DataFrame,
                   mem: pd.DataFrame, members, councils):
    """The criss-crossing pairs that touch an agreement of ``members`` (per ``mem``), the
    chosen ``councils`` (all when none of them is in ``by_council``) and the dual members
    among ``members``."""
    touched = set(mem.loc[mem["actor"].isin(members), "collaboration"])
    cross = cross[cross["a"].isin(touched) | cross["b"].isin(touched)]
    chosen = by_council["council"].isin(councils)
    by_council = by_council[chosen] if chosen.any() else by_council
    return cross, by_council, only_members(duals, members, "actor")


def council_list(councils, council_names: dict) -> str:
    """A ``;``-separated list of council ids as their names, comma-separated."""
    return ", ".join(str(council_names.get(c, c)) for c in str(councils).split(";") if c)


# ------------------------------------------------------------------ the three tabs

def show_shared_agreements(model: gm.Model, f: dict, members) -> Heat:
    """Tab "Shared agreements": who shares agreements with whom, as a heatmap."""
    c1, c2 = st.columns(2)
    measure = c1.radio(tr("Measure"), list(MEASURES), key="measure", format_func=MEASURES.get,
                       horizontal=True, persist_state="session",
                       help=tr("Share of agreements in common: shared ÷ all agreements either "
                               "of the two is in (1 = exactly the same agreements)."))
    order = c2.radio(tr("Order by"), list(ORDERS), key="order", format_func=ORDERS.get,
                     horizontal=True, persist_state="session",
                     help=tr("Regional council: each municipality's home council. Detected "
                             "group: municipalities that share the most, found from the data."))
    params.publish("measure", measure, "shared")
    params.publish("order", order, "council")

    with st.spinner(tr("Working out the overlaps…")):
        everyone = aggregate.actor_groups(model, f, order, members)
    big = len(everyone) > MAX_ACTORS
    group_by = order
    if big and order == "council" and everyone["group"].nunique() < 2:
        group_by = "community"  # no councils to group by: the detected groups instead
        everyone = aggregate.actor_groups(model, f, group_by, members)
    drill, group_table, group_pairs = None, None, None
    if big:
        group_table, group_pairs = aggregate.group_matrix(model, f, group_by, members,
                                                          limit=MAX_GROUPS)
        drill = pick_group(everyone, group_table, group_by)

    if big and drill is None:
        people = group_table
        show_group_heatmap(group_table, group_pairs, measure, group_by)
    else:
        people = show_actor_heatmap(model, f, everyone, drill, measure, group_by)
    return Heat(everyone, big, group_by, drill, group_table, people)


def pick_group(everyone: pd.DataFrame, group_table: pd.DataFrame, group_by: str) -> str | None:
    """On large data: say so, and offer to open one group (``None``: all groups)."""
    n_groups = everyone["group"].nunique()
    st.info(tr("{n} municipalities match the filters: too many to show one by one. The "
               "picture shows groups ({by}); pick one below to look inside it.",
               n=integer(len(everyone)), by=ORDERS[group_by].lower())
            + ("" if n_groups <= MAX_GROUPS else " " + tr(
                "Only the {k} largest of {n} groups are drawn.",
                k=integer(MAX_GROUPS), n=integer(n_groups))))
    sizes = dict(zip(group_table["group"], group_table["n_members"]))
    choices = sorted(everyone["group"].unique())
    params.seed("group", what="group", options=choices)
    params.hold("group", None)
    drill = st.selectbox(
        tr("Look inside one group"), choices, key="group", index=None,
        placeholder=tr("All groups"),
        format_func=lambda g: f"{g} ({integer(sizes.get(g, (everyone['group'] == g).sum()))})",
        help=tr("Shows the municipalities of one group, with the same measure."))
    params.publish("group", drill)
    return drill


def show_group_heatmap(group_table: pd.DataFrame, group_pairs: pd.DataFrame, measure: str,
                       group_by: str) -> None:
    """The group × group heatmap of large data, with its download."""
    if len(group_table) < 2:
        st.info(tr("Fewer than two groups take part in anything that matches the filters."))
        return
    ui.altair_chart(heatmap(group_table, group_pairs, measure=measure,
                            measure_title=MEASURES[measure],
                            group_title=ORDERS[group_by], row_title=tr("Group"),
                            legend=False),
                    width="content", key="chart_heatmap")
    st.caption(tr("Each square: agreements with members in both groups (or the share "
                  "of their agreements in common). Open a group above to see its "
                  "municipalities."))
    ui.table_download(group_pairs, "shared-agreements-by-group.csv", key="dl_pairs")


def show_actor_heatmap(model: gm.Model, f: dict, everyone: pd.DataFrame, drill: str | None,
                       measure: str, group_by: str) -> pd.DataFrame:
    """The municipality × municipality heatmap, with its download; returns its rows."""
    people, before = heatmap_people(everyone, drill)
    if before > MAX_ACTORS:
        st.info(tr("{n} municipalities in this group: showing the {k} with the most "
                   "shared agreements.", n=integer(before), k=integer(MAX_ACTORS)))
    if len(people) < 2:
        st.info(tr("Fewer than two municipalities take part in anything that matches "
                   "the filters."))
        return people
    p = aggregate.pairs_among(model, f, people["id"])
    ui.altair_chart(heatmap(people, p, measure=measure,
                            measure_title=MEASURES[measure],
                            group_title=ORDERS[group_by]),
                    width="content", key="chart_heatmap")
    st.caption(tr("Each square: how much two municipalities cooperate; the coloured "
                  "strip beside the names is their {what}. Blocks of dark squares "
                  "along the diagonal are municipalities that work together on most "
                  "things; dark squares far from the diagonal are ties across "
                  "councils.", what=ORDERS[group_by].lower()))
    ui.table_download(p, "shared-agreements.csv", key="dl_pairs")
    return people


def show_who_is_in_what(model: gm.Model, filters, f: dict, members, heat: Heat) -> None:
    """Tab "Who is in what": the membership matrix (groups × sectors on large data)."""
    if heat.big and heat.drill is None:
        groups = list(heat.group_table["group"])
        gs = aggregate.group_sectors(model, f, heat.group_by, members, groups)
        if gs.empty:
            st.info(tr("No memberships match the filters."))
            return
        ui.altair_chart(group_sector_matrix(gs, groups), width="content", key="chart_matrix")
        st.caption(tr("Rows: groups of municipalities. Columns: sectors. Each square: how "
                      "many agreements of the sector have a member in the group. Open a "
                      "group on the first tab to see who is in what."))
        ui.table_download(gs.drop(columns=["sector_label"]), "memberships-by-group.csv",
                          key="dl_members")
        return
    mem = membership_frame(model, filters)
    mem = only_members(mem, members, "actor")
    if heat.drill is not None:
        everyone = heat.everyone
        mem = mem[mem["actor"].isin(set(everyone.loc[everyone["group"] == heat.drill, "id"]))]
    if mem.empty:
        st.info(tr("No memberships match the filters."))
        return
    mem, shown, rows, columns, cut = matrix_cells(mem, heat.people)
    if cut is not None:
        st.info(tr("Showing {n} municipalities and the {k} largest agreements among "
                   "them. Narrow the filters (region, members of, sector) to see the "
                   "rest.", n=integer(cut[0]), k=integer(cut[1])))
    ui.altair_chart(membership_matrix(shown, rows, columns), width="content",
                    key="chart_matrix")
    st.caption(tr("Rows: municipalities. Columns: agreements, grouped by sector "
                  "(colour). Where columns of one colour have different row patterns, "
                  "the same kind of service is shared with different partners — the "
                  "interlocking."))
    ui.table_download(mem.drop(columns=["sector_label"], errors="ignore"),
                      "memberships.csv", key="dl_members")


def show_crossing(model: gm.Model, filters, f: dict, members, council_names: dict) -> None:
    """Tab "Criss-crossing agreements": the pairs, per council, and dual members."""
    with st.spinner(tr("Working out the overlaps…")):
        coll_pairs = compute("collaboration_pairs", model, **f)
        by_council = compute("crossing_by_council", model, **f)
        duals = compute("dual_members", model, **f)
    cross = coll_pairs[coll_pairs["relation"] == "crossing"].copy()
    if members is not None:
        cross, by_council, duals = crossing_among(cross, by_council, duals,
                                                  membership_frame(model, filters), members,
                                                  filters.councils)
    m1, m2, m3 = st.columns(3)
    m1.metric(tr("Criss-crossing pairs"), integer(len(cross)),
              help=tr("Two agreements that share some members, but neither holds all the "
                      "members of the other."))
    m2.metric(tr("Nested or identical pairs"),
              integer(int(coll_pairs["relation"].isin(["nested", "identical"]).sum())))
    m3.metric(tr("Municipalities in two or more councils"), integer(len(duals)))
    st.subheader(tr("Agreements that criss-cross"))
    ui.dataframe(
        cross[["a_name", "b_name", "shared", "jaccard"]], hide_index=True, key="tbl_cross",
        column_config={
            "a_name": st.column_config.TextColumn(tr("Agreement"), width="large"),
            "b_name": st.column_config.TextColumn(tr("Criss-crosses with"), width="large"),
            "shared": st.column_config.NumberColumn(tr("Shared members")),
            "jaccard": st.column_config.ProgressColumn(
                tr("In common"), format="percent", min_value=0, max_value=1, width="small"),
        })
    ui.table_download(cross, "crossing-agreements.csv", key="dl_cross")
    left, right = st.columns(2)
    with left:
        st.subheader(tr("Per council"))
        ui.dataframe(by_council[["name", "n_crossing"]], hide_index=True, key="tbl_bycouncil",
                     column_config={
                         "name": st.column_config.TextColumn(tr("Council"), width="large"),
                         "n_crossing": st.column_config.NumberColumn(
                             tr("Criss-crossing pairs"))})
    with right:
        st.subheader(tr("In two councils at once"))
        d = duals.copy()
        d["which"] = d["councils"].map(lambda s: council_list(s, council_names))
        ui.dataframe(d[["name", "n_councils", "which"]], hide_index=True, key="tbl_duals",
                     column_config={
                         "name": st.column_config.TextColumn(tr("Municipality")),
                         "n_councils": st.column_config.NumberColumn(tr("Councils")),
                         "which": st.column_config.TextColumn(tr("Which"), width="large")})


# ------------------------------------------------------------------ the page

ui.header(tr("Overlap"), tr("Who shares agreements with whom, and where do agreements "
                            "criss-cross instead of nesting?"))
model = ui.require_model()
filters = sidebar.current()
f = filters.analysis()
members = council_filter(model, filters.councils, as_of=filters.as_of)

params.seed("measure", what="measure", options=MEASURES, default="shared")
params.seed("order", what="ordering", options=ORDERS, default="council")
params.hold("measure", "shared")
params.hold("order", "council")

tab_heat, tab_matrix, tab_cross = st.tabs(
    [tr("Shared agreements"), tr("Who is in what"), tr("Criss-crossing agreements")])
council_names = council_options(model)
with tab_heat:
    heat = show_shared_agreements(model, f, members)
with tab_matrix:
    show_who_is_in_what(model, filters, f, members, heat)
with tab_cross:
    show_crossing(model, filters, f, members, council_names)
