"""Municipality profile: agreements it could join, partners to start one with, its agreements
by sector, partners, figures and the motor of its council."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

import graphmodel as gm
from graphmodel.analysis import coverage_summary, help_text, label
from graphmodel.explorer import aggregate, params, sidebar, ui
from graphmodel.explorer.app import page_path
from graphmodel.explorer.briefing_download import briefing_button
from graphmodel.explorer.charts import FIT_WIDTH
from graphmodel.explorer.page_tables import membership_frame
from graphmodel.explorer.state import (
    actor_options,
    compute,
    council_filter,
    council_options,
    only_members,
)
from graphmodel.i18n import (
    UNDEFINED,
    integer,
    ntr,
    number,
    percent,
    role_label,
    sector_label,
    tr,
)

STRATEGY_NAMES = {"self-sufficiency": tr("Self-sufficiency"),
                  "specialisation": tr("Specialisation"),
                  "service-centre": tr("Service centre"),
                  "regional partner": tr("Regional partner")}
SEARCH_ABOVE = 3000  # more names than this: a search box narrows the list first
SEARCH_SHOWN = 200
#: the fitted probability from which a missing pair is worth naming on the profile
LIKELY = 0.2


def km_text(value) -> str:
    """A distance in km in words ("12 km"); empty when unknown."""
    return "" if value is None or pd.isna(value) else tr("{km} km", km=integer(round(value)))


def _without_sectors(f: dict) -> dict:
    """The analysis filters for a search for partners: without the sector choice (gaps are
    asked of every sector) and without "Members of" (partners are looked for beyond the
    chosen group: who is within reach is not a question of membership)."""
    return {k: v for k, v in f.items() if k not in ("sectors", "members_of")}


# ------------------------------------------------------------------ the municipality picked

def in_group(names: dict, members: set | None) -> dict:
    """The municipalities to pick from: with a group chosen ("Members of"), its members
    only (all of them when none of its members is a municipality in the list)."""
    if members is None:
        return names
    inside = {a: n for a, n in names.items() if a in members}
    return inside or names


def seed_from_link(names: dict, members: set | None) -> None:
    """Reads the municipality and the distance limit from the link into the session; with
    a group chosen the municipality stays inside it."""
    state = st.session_state
    pool = list(in_group(names, members))
    params.seed("actor", what="municipality", options=in_group(names, members),
                default=pool[0] if pool else None)
    if "actor" not in state or state["actor"] not in pool:
        state["actor"] = pool[0] if pool else None
    params.hold("actor")
    params.seed("km", what="distance", parse=float)
    state["km"] = min(2000.0, max(0.0, float(state.get("km", 150.0))))


def search_hits(names: dict, query: str) -> list:
    """The ids whose name contains ``query`` (case folded); none for an empty query."""
    needle = query.strip().casefold()
    return [a for a, n in names.items() if needle in str(n).casefold()] if needle else []


def municipality_picker(names: dict) -> tuple[str | None, float]:
    """The municipality to profile (a search box first when there are many) and the
    distance limit; returns (actor, max_km)."""
    state = st.session_state
    pick_col, km_col = st.columns([3, 1])
    options = list(names)
    if len(names) > SEARCH_ABOVE:
        query = pick_col.text_input(
            tr("Search a municipality"), key="actor_search",
            placeholder=tr("Type part of a name"),
            help=tr("{n} municipalities: type a few letters to narrow the list below.",
                    n=integer(len(names))))
        hits = search_hits(names, query)
        options = hits[:SEARCH_SHOWN]
        if state.get("actor") in names and state["actor"] not in options:
            options.insert(0, state["actor"])
        if query.strip() and len(hits) > SEARCH_SHOWN:
            pick_col.caption(tr("{n} names match: showing the first {k}.",
                                n=integer(len(hits)), k=integer(SEARCH_SHOWN)))
    actor = pick_col.selectbox(tr("Municipality"), options, key="actor",
                               format_func=lambda a: str(names.get(a, a)),
                               placeholder=tr("Type a name"), persist_state="session",
                               help=tr("Type to search. The sidebar filters (sector, kind, "
                                       "date…) apply."))
    params.publish("actor", actor)
    max_km = km_col.number_input(
        tr("Distance limit (km)"), min_value=0.0, max_value=2000.0, step=10.0, key="km",
        format="%.0f",
        help=tr("How far away a partner you share nothing with yet may be. Partners you "
                "already share an agreement with count at any distance."))
    params.publish("km", float(max_km), 150.0)
    return actor, max_km


def figures_row(frag: pd.DataFrame, strategy: pd.DataFrame, hosting: pd.DataFrame,
                actor: str) -> pd.DataFrame:
    """The actor's row of fragmentation, strategy and hosting figures (empty when the
    filters leave it out)."""
    row = frag[frag["id"] == actor]
    if len(row):
        extra = strategy[strategy["id"] == actor].drop(columns=["name", "home_alignment"])
        row = row.merge(extra, on="id", how="left").merge(
            hosting[hosting["id"] == actor], on="id", how="left")
    return row


def actor_figures(model: gm.Model, f: dict, actor: str) -> pd.DataFrame:
    """Works out the actor's figures (under a spinner); see :func:`figures_row`."""
    with st.spinner(tr("Working out the figures…")):
        # the figures of the actors table without its costly columns (betweenness,
        # communities): the fragmentation, strategy and hosting tables are fast at any size
        frag = compute("actor_fragmentation", model, **f)
        strategy = compute("strategy_profile", model, **f)
        hosting = compute("hosting", model, **f)
    return figures_row(frag, strategy, hosting, actor)


# ------------------------------------------------------------------ what it could join

def join_table(joinable: pd.DataFrame, all_members: pd.DataFrame,
               collaborations: pd.DataFrame, everyone: dict) -> pd.DataFrame:
    """One row per agreement to join: its sector, host, members and nearest partner."""
    people = all_members.groupby("collaboration")["actor_name"].agg(
        lambda s: ", ".join(sorted(map(str, s), key=str.lower)))
    host_of = dict(zip(collaborations["id"], collaborations["host"]))
    join = (joinable.sort_values(["sector", "rank"])
            .groupby(["sector", "collaboration"], sort=False)
            .agg(collaboration_name=("collaboration_name", "first"),
                 distance_km=("distance_km", "min"),
                 via=("candidate_name", lambda s: ", ".join(map(str, s))),
                 best=("rank", "min"))
            .reset_index().sort_values(["best", "distance_km", "sector"]))
    return join.assign(
        sector_name=join["sector"].map(sector_label),
        host=join["collaboration"].map(lambda c: everyone.get(host_of.get(c) or "", "")),
        members=join["collaboration"].map(people).fillna(""),
        distance=join["distance_km"].map(km_text))


def suggestion_table(sugg: pd.DataFrame) -> pd.DataFrame:
    """The suggestions with the sector, distance and size in words."""
    return sugg.assign(
        sector_name=sugg["sector"].map(sector_label),
        distance=sugg["distance_km"].map(km_text),
        size=sugg["population_ratio"].map(
            lambda r: "" if pd.isna(r) else (tr("similar") if r >= 0.5
                                             else tr("different"))))


def agreements_to_join(model: gm.Model, filters, joinable: pd.DataFrame, actor: str,
                       everyone: dict) -> None:
    """The table of agreements within reach to join, and its download."""
    join = join_table(joinable, membership_frame(model, filters), model.collaborations,
                      everyone)
    st.dataframe(
        join[["sector_name", "collaboration_name", "host", "members", "distance"]],
        hide_index=True, key="tbl_profile_join",
        column_config={
            "sector_name": st.column_config.TextColumn(tr("Sector")),
            "collaboration_name": st.column_config.TextColumn(
                tr("Agreement to join"), width="large"),
            "host": st.column_config.TextColumn(tr("Host municipality")),
            "members": st.column_config.TextColumn(tr("Members"), width="large"),
            "distance": st.column_config.TextColumn(
                tr("Nearest member"),
                help=tr("Distance to the nearest suggested partner in it")),
        })
    ui.table_download(join.drop(columns=["sector_name", "distance"]),
                      f"{actor}-agreements-to-join.csv", key="dl_profile_join")


def partners_to_start_with(sugg: pd.DataFrame, actor: str, no_xy: bool) -> None:
    """"Partners to start one with": the suggested partners by sector, and the download."""
    st.subheader(tr("Partners to start one with"))
    show = suggestion_table(sugg)
    st.dataframe(
        show[["sector_name", "rank", "candidate_name", "shared", "distance", "size"]],
        hide_index=True, key="tbl_profile_suggestions",
        column_config={
            "sector_name": st.column_config.TextColumn(tr("Sector")),
            "rank": st.column_config.NumberColumn(tr("Rank")),
            "candidate_name": st.column_config.TextColumn(tr("Suggested partner")),
            "shared": st.column_config.NumberColumn(
                tr("Shared agreements"),
                help=tr("Agreements the two already share, of any kind")),
            "distance": st.column_config.TextColumn(tr("Distance")),
            "size": st.column_config.TextColumn(tr("Size")),
        })
    unknown = int(sugg["distance_km"].isna().sum())
    if unknown and not no_xy:
        st.caption(ntr("{n} suggested partner has no coordinates: its distance is "
                       "unknown.", "{n} suggested partners have no coordinates: "
                       "their distance is unknown.", unknown))
    ui.table_download(sugg, f"{actor}-suggestions.csv", key="dl_profile_suggestions")


def standing_words(state: str, n_candidates: int, max_km: float) -> str:
    """Where a municipality stands in a sector, in words (the rule is
    :func:`graphmodel.analysis.coverage`'s)."""
    if state == "in_force":
        return tr("in force")
    reach = (ntr("{n} partner within {km} km runs one", "{n} partners within {km} km run one",
                 int(n_candidates), km=integer(max_km)) if n_candidates else
             tr("no agreement in force within {km} km", km=integer(max_km)))
    if state == "planned":
        return tr("planned; {reach}", reach=reach)
    return tr("none yet; {reach}", reach=reach)


def standing_frame(cov: pd.DataFrame, max_km: float, names: dict | None = None) -> pd.DataFrame:
    """:func:`graphmodel.analysis.coverage` in words: sector, where it stands, the
    agreements in force or planned (and the municipality, given ``names``)."""
    out = pd.DataFrame({
        "sector_name": cov["sector"].map(sector_label),
        "standing": [standing_words(st_, n, max_km)
                     for st_, n in zip(cov["state"], cov["n_candidates"])],
        "agreements": [f if not p else p if not f else
                       f + "; " + tr("planned: {names}", names=p)
                       for f, p in zip(cov["in_force"], cov["planned"])],
    })
    if names is not None:
        out.insert(0, "municipality", cov["actor"].map(lambda a: str(names.get(a, a))))
    return out


def standing_table(cov: pd.DataFrame, max_km: float, *, key: str,
                   names: dict | None = None) -> None:
    """The table of :func:`standing_frame`."""
    show = standing_frame(cov, max_km, names)
    config = {
        "sector_name": st.column_config.TextColumn(tr("Sector")),
        "standing": st.column_config.TextColumn(tr("Where it stands"), width="large"),
        "agreements": st.column_config.TextColumn(tr("Agreement in force or planned"),
                                                  width="large")}
    if names is not None:
        config["municipality"] = st.column_config.TextColumn(tr("Municipality"))
    st.dataframe(show, hide_index=True, key=key, column_config=config)


def could_join(model: gm.Model, filters, actor: str, name: str, max_km: float,
               everyone: dict) -> None:
    """"Agreements X could join": the sectors it lacks, agreements within reach and
    partners to start one with."""
    safe_name = ui.md_escape(name)
    f = filters.analysis()
    st.subheader(tr("Agreements {name} could join", name=safe_name))
    where = model.actors.loc[model.actors["id"] == actor, ["lat", "lon"]]
    no_xy = where.empty or where.isna().any(axis=None)
    if no_xy:
        st.warning(tr("The data has no coordinates for {name}: distances are unknown, so "
                      "only municipalities it already shares an agreement with can be "
                      "suggested.", name=safe_name))
    try:
        with st.spinner(tr("Looking for natural partners…")):
            cov = compute("coverage", model, actors=[actor], sectors=filters.sectors,
                          max_km=float(max_km), **_without_sectors(f))
            sugg = compute("suggestions", model, actor=actor, sectors=filters.sectors, top=3,
                           max_km=float(max_km), **_without_sectors(f))
    except gm.GraphModelError as exc:
        st.info(tr("No suggestions: {reason}", reason=ui.md_escape(exc)))
        return
    gap = cov[cov["state"] != "in_force"]
    if gap.empty:
        st.success(tr("{name} already cooperates in every sector chosen.", name=safe_name)
                   if filters.sectors else
                   tr("{name} already cooperates in every sector found in the data.",
                      name=safe_name))
        return
    st.caption(tr("Sectors where {name} has no agreement in force yet: {sectors}.",
                  name=safe_name, sectors=ui.md_escape(
                      ", ".join(sector_label(s) for s in gap["sector"]))))
    standing_table(cov if filters.sectors else gap, max_km, key="tbl_profile_standing")
    joinable = sugg[sugg["collaboration"].fillna("") != ""]
    if joinable.empty:
        st.info(tr("No agreement within {km} km to join in these sectors.",
                   km=integer(max_km)))
    else:
        agreements_to_join(model, filters, joinable, actor, everyone)
    partners_to_start_with(sugg, actor, no_xy)


def expected_partners(model, f, actor, names) -> None:
    """The partners the dyad model expects most for ``actor`` that it shares nothing with
    (see the "Why these partners?" page), at least :data:`LIKELY` likely; nothing when no
    model can be fitted."""
    from graphmodel.explorer.partners import fitted

    try:
        pairs = fitted(model, f, 0).pairs
    except gm.GraphModelError:
        return
    mine = pairs[((pairs["a"] == actor) | (pairs["b"] == actor)) & (pairs["tie"] == 0)
                 & (pairs["probability"] >= LIKELY)]
    if mine.empty:
        return
    mine = mine.nlargest(5, "probability")
    other = mine["b"].where(mine["a"] == actor, mine["a"])
    st.subheader(tr("Expected but missing"))
    st.caption(tr("Municipalities it shares nothing with, although distance, commuting "
                  "region, county, council and size make it likely (Why these partners?)."))
    ui.dataframe(
        pd.DataFrame({"partner": other.map(lambda i: str(names.get(i, i))).to_numpy(),
                      "probability": mine["probability"].to_numpy(),
                      "distance": mine["distance_km"].map(km_text).to_numpy()}),
        hide_index=True, key="tbl_profile_expected",
        column_config={
            "partner": st.column_config.TextColumn(tr("Municipality")),
            "probability": st.column_config.ProgressColumn(
                tr("Expected"), format="percent", min_value=0, max_value=1),
            "distance": st.column_config.TextColumn(tr("Distance"))})


# ------------------------------------------------------------------ figures

def motor_of(model: gm.Model, filters, council: str, groups: dict,
             everyone: dict) -> str | None:
    """“The motor of C is X: it hosts …” for a council's members, or None."""
    inside = council_filter(model, [council], as_of=filters.as_of) or set()
    hosts = compute("hosting", model, **filters.analysis())
    h = hosts[hosts["id"].isin(inside) & (hosts["hosted"] > 0)]
    if h.empty:
        return None
    h = h.assign(name=h["id"].map(everyone)).sort_values(
        ["hosted", "hosted_members", "name"], ascending=[False, False, True])
    top = h.iloc[0]
    return tr("The motor of {council} is **{name}**: it hosts {agreements} for {members}.",
              council=ui.md_escape(groups.get(council, council)),
              name=ui.md_escape(top["name"]),
              agreements=ntr("{n} agreement", "{n} agreements", int(top["hosted"])),
              members=ntr("{n} other member", "{n} other members",
                          int(top["hosted_members"])))


def figures_today(model: gm.Model, filters, row: pd.DataFrame, name: str, groups: dict,
                  everyone: dict) -> None:
    """"X today": its five figures, home council, strategy and the motor of its council."""
    safe_name = ui.md_escape(name)
    st.subheader(tr("{name} today", name=safe_name))
    if row.empty:
        st.info(tr("{name} is left out by the filters (for example the region or country).",
                   name=safe_name))
        return
    r = row.iloc[0]
    k = st.columns(5)
    for box, (column, value) in zip(k, [
            ("n_collaborations", integer(r["n_collaborations"])),
            ("n_partners", integer(r["n_partners"])),
            ("fragmentation", (number(r["fragmentation"]) if r["n_collaborations"] >= 2
                               else "") or UNDEFINED),
            ("hosted", integer(r["hosted"])),
            ("home_alignment", percent(r["home_alignment"]) or "–")]):
        box.metric(label(column), value, help=help_text(column))
    home = r["home_council"]
    lines = [tr("Home council (the one it shares most with): **{home}**.",
                home=ui.md_escape(groups.get(home, home)) if home else tr("none"))]
    if r["strategy"]:
        lines.append(tr("Strategy in practice: **{strategy}** (breadth {breadth}; see "
                        "the Fragmentation page).",
                        strategy=STRATEGY_NAMES.get(r["strategy"], r["strategy"]),
                        breadth=percent(r["breadth"])))
    stated = str(r.get("stated_strategy", "") or "") if "stated_strategy" in r else ""
    if stated and stated != "nan":
        lines.append(tr("Stated strategy: **{strategy}**.",
                        strategy=ui.md_escape(STRATEGY_NAMES.get(stated, stated))))
    st.markdown(" ".join(lines))
    if home:
        motor = motor_of(model, filters, home, groups, everyone)
        if motor:
            st.markdown(motor)


# ------------------------------------------------------------------ its agreements, partners

def agreements_table(mem: pd.DataFrame, actor: str) -> pd.DataFrame:
    """The actor's agreements with the other members ("With"), sector and role in words,
    sorted by sector and name."""
    mine = mem[mem["actor"] == actor]
    others = mem[mem["collaboration"].isin(set(mine["collaboration"]))
                 & (mem["actor"] != actor)]
    partners_of = others.groupby("collaboration")["actor_name"].agg(
        lambda s: ", ".join(sorted(map(str, s))))
    return mine.assign(
        partners=mine["collaboration"].map(partners_of).astype(object).fillna(tr("(alone)")),
        sector_name=mine["sector"].map(sector_label),
        role_name=mine["role"].map(lambda x: role_label(x) if isinstance(x, str)
                                   else ""),
    ).sort_values(["sector_name", "collaboration_name"])


def agreements_by_sector(mem: pd.DataFrame, actor: str, name: str) -> None:
    """"Its agreements, by sector" (from the membership frame ``mem``): the table and its
    download."""
    st.subheader(tr("Its agreements, by sector"))
    if not (mem["actor"] == actor).any():
        st.info(tr("{name} has no agreement that matches the filters.",
                   name=ui.md_escape(name)))
        return
    table = agreements_table(mem, actor)
    st.dataframe(
        table[["sector_name", "collaboration_name", "role_name", "partners"]],
        hide_index=True, key="tbl_profile_agreements",
        column_config={
            "sector_name": st.column_config.TextColumn(tr("Sector")),
            "collaboration_name": st.column_config.TextColumn(tr("Agreement"),
                                                              width="large"),
            "role_name": st.column_config.TextColumn(tr("Role")),
            "partners": st.column_config.TextColumn(tr("With"), width="large")},
    )
    ui.table_download(table.drop(columns=["sector_label", "sector_name", "role_name"],
                                 errors="ignore"),
                      f"{actor}-agreements.csv", key="dl_profile_agreements")


def partners_chart(model: gm.Model, f: dict, actor: str) -> None:
    """"Partners": bars of the 20 partners it shares the most agreements with."""
    st.subheader(tr("Partners"))
    p = aggregate.partners(model, f, actor)
    if p.empty:
        st.info(tr("No partner under these filters."))
        return
    top = p.head(20)
    chart = alt.Chart(top).mark_bar(color="#1f6f8b").encode(
        x=alt.X("shared:Q", title=tr("Shared agreements"),
                axis=alt.Axis(tickMinStep=1)),
        y=alt.Y("partner_name:N", sort=list(top["partner_name"]), title=tr("Partner"),
                axis=alt.Axis(labelOverlap=False, title=None)),
        tooltip=[alt.Tooltip("partner_name:N", title=tr("Partner")),
                 alt.Tooltip("shared:Q", title=tr("Shared agreements")),
                 alt.Tooltip("jaccard:Q", title=tr("In common"), format=".0%")],
    )
    numbers = chart.mark_text(align="left", dx=3, color="#33404b").encode(
        text="shared:Q")
    ui.altair_chart((chart + numbers).properties(
        height=20 * len(top), autosize=FIT_WIDTH), width="stretch")
    if len(p) > 20:
        st.caption(tr("The 20 with the most shared agreements, of {n}.",
                      n=integer(len(p))))


def profile_buttons(model: gm.Model, f: dict, actor: str, name: str) -> None:
    """"Show on the network" and the briefing download, side by side."""
    b_network, b_briefing = st.columns(2)
    if b_network.button(tr("Show on the network"), key="btn_profile_network",
                        icon=":material/hub:"):
        st.session_state["focus"] = actor
        st.switch_page(page_path("network"))
    briefing_button(model, actor, name, f, key="profile_briefing", where=b_briefing)


# ------------------------------------------------------------------ the whole group

def group_now_table(mem_all: pd.DataFrame) -> pd.DataFrame:
    """What the members take part in now: one row per sector and agreement, with the
    members in it."""
    return mem_all.assign(sector=mem_all["sector"].map(sector_label)).groupby(
        ["sector", "collaboration_name"])["actor_name"].agg(
        lambda s: ", ".join(sorted(map(str, s)))).reset_index()


def group_suggestion_table(group: pd.DataFrame, members: set, names: dict) -> pd.DataFrame:
    """The group's suggestions with the municipality, sector, "in the group" and distance
    in words."""
    return group.assign(
        municipality=group["actor"].map(lambda a: names.get(a, a)),
        sector=group["sector"].map(sector_label),
        inside=group["candidate"].isin(members).map({True: tr("yes"),
                                                     False: ""}),
        distance=group["distance_km"].map(km_text),
    )


def group_sentence(row, max_km: float) -> str:
    """One sector of :func:`graphmodel.analysis.coverage_summary` in words (Markdown):
    in force for how many, what is planned, whether one in force is within reach."""
    n, k = int(row["n"]), int(row["in_force"])
    parts = [ntr("none of the {n} has one in force", "none of the {n} has one in force", n)
             if k == 0 else ntr("{k} of {n} has one in force", "{k} of {n} have one in force",
                                n, k=integer(k))]
    if row["planned"]:
        parts.append(tr("planned for {k} of {n}: {names}", k=integer(int(row["planned"])),
                        n=integer(n), names=ui.md_escape(row["planned_names"])))
    if k < n:
        parts.append(tr("no agreement in force within {km} km to join", km=integer(max_km))
                     if not row["reach"] else
                     ntr("{k} could join one in force within {km} km",
                         "{k} could join one in force within {km} km", int(row["reach"]),
                         k=integer(int(row["reach"])), km=integer(max_km)))
    return f"**{ui.md_escape(sector_label(row['sector']))}**: " + "; ".join(parts) + "."


def group_standing(cov: pd.DataFrame, filters, max_km: float, names: dict) -> None:
    """Where the group stands, sector by sector (in force, planned, nothing within reach),
    and each member's standing below (the rule of :func:`graphmodel.analysis.coverage`)."""
    if cov.empty:
        return
    if (cov["state"] == "in_force").all():
        st.success(tr("Every member already cooperates in the chosen sectors.")
                   if filters.sectors else
                   tr("Every member already cooperates in every sector."))
    else:
        summary = coverage_summary(cov)
        summary = summary[summary["in_force"] < summary["n"]]
        st.info("\n".join("- " + group_sentence(r, max_km)
                           for _, r in summary.iterrows()))
    with st.expander(tr("Each member, sector by sector"),
                     expanded=bool(filters.sectors)):
        standing_table(cov, max_km, key="tbl_group_standing", names=names)


def whole_group(model: gm.Model, filters, members: set, names: dict, groups: dict,
                max_km: float) -> None:
    """"The whole group": what the members of the chosen councils take part in, and
    where they could cooperate."""
    label = ", ".join(str(groups.get(c, c)) for c in filters.councils)
    st.subheader(tr("The whole group: members of {label}", label=ui.md_escape(label)))
    st.caption(tr("Gaps and natural partners for every member at once. Pick a sector in "
                  "the sidebar (e.g. PPT) to ask where the group could cooperate on it."))
    mem_all = only_members(membership_frame(model, filters), members, "actor")
    if len(mem_all):
        now = group_now_table(mem_all)
        st.write(tr("What the members take part in now (sidebar filters apply):"))
        st.dataframe(now, hide_index=True, key="tbl_group_now",
                     column_config={
                         "sector": st.column_config.TextColumn(tr("Sector")),
                         "collaboration_name": st.column_config.TextColumn(
                             tr("Agreement"), width="large"),
                         "actor_name": st.column_config.TextColumn(
                             tr("Members in it"), width="large")})
    try:
        with st.spinner(tr("Looking for natural partners…")):
            cov = compute("coverage", model, actors=sorted(members), sectors=filters.sectors,
                          max_km=float(max_km), **_without_sectors(filters.analysis()))
            group = compute("suggestions", model, actor=None, sectors=filters.sectors,
                            top=3, max_km=float(max_km),
                            **_without_sectors(filters.analysis()))
    except gm.GraphModelError as exc:
        st.info(tr("No suggestions: {reason}", reason=ui.md_escape(exc)))
    else:
        group_standing(cov, filters, max_km, names)
        group = only_members(group, members, "actor")
        if not group.empty:
            group = group_suggestion_table(group, members, names)
            st.write(tr("Where members have no agreement yet, natural partners and the "
                        "agreement to join:"))
            st.dataframe(
                group[["municipality", "sector", "rank", "candidate_name", "inside",
                       "collaboration_name", "distance"]],
                hide_index=True, key="tbl_group_suggestions",
                column_config={
                    "municipality": st.column_config.TextColumn(tr("Municipality")),
                    "sector": st.column_config.TextColumn(tr("Sector")),
                    "rank": st.column_config.NumberColumn(tr("Rank")),
                    "candidate_name": st.column_config.TextColumn(tr("Suggested partner")),
                    "inside": st.column_config.TextColumn(tr("In the group")),
                    "collaboration_name": st.column_config.TextColumn(
                        tr("Agreement to join"), width="medium"),
                    "distance": st.column_config.TextColumn(tr("Distance"))},
            )
            ui.table_download(group.drop(columns=["distance"]), "group-suggestions.csv",
                              key="dl_group_suggestions")
    st.divider()


ui.header(tr("Municipality profile"), tr("Which agreements could a municipality join, with "
                                         "whom could it start one — and whom does it work "
                                         "with today?"))
model = ui.require_model()
filters = sidebar.current()
names = actor_options(model)
groups = council_options(model)
members = council_filter(model, filters.councils, as_of=filters.as_of)
everyone = dict(zip(model.actors["id"], model.actors["name"].astype(str)))
# With "Members of" chosen in the sidebar the question is about the group: answer it first.
group_box = st.container() if members is not None else None
seed_from_link(names, members)
actor, max_km = municipality_picker(in_group(names, members))
if actor is not None:
    name = str(names.get(actor, actor))
    f = filters.analysis()
    row = actor_figures(model, f, actor)
    mem = membership_frame(model, filters)
    could_join(model, filters, actor, name, max_km, everyone)
    expected_partners(model, f, actor, names)
    figures_today(model, filters, row, name, groups, everyone)
    by_sector, partners = st.columns([3, 2])
    with by_sector:
        agreements_by_sector(mem, actor, name)
    with partners:
        partners_chart(model, f, actor)
    profile_buttons(model, f, actor, name)
if group_box is not None:
    with group_box:
        whole_group(model, filters, members, names, groups, max_km)
if members is None and actor is None:
    st.info(tr("Pick a municipality above, or choose “Members of” in the sidebar to look at a "
               "whole group."))
