"""Fragmentation page: which municipalities and councils have criss-crossing partnerships,
who is the motor of a council, and the strategy each practises (beside the one it states)."""

from __future__ import annotations

import math

import altair as alt
import pandas as pd
import streamlit as st

import graphmodel as gm
from graphmodel import drawing as gm_drawing
from graphmodel.analysis import help_text, label
from graphmodel.explorer import aggregate, params, sidebar, ui
from graphmodel.explorer.briefing_download import briefing_button
from graphmodel.explorer.charts import FIT_WIDTH
from graphmodel.explorer.state import compute, council_filter, council_options, only_members
from graphmodel.i18n import N_, integer, ntr, number, percent, sector_label, tr

STRATEGY_COLOURS = {"self-sufficiency": "#8795a1", "specialisation": "#1f6f8b",
                    "service-centre": "#e0823d", "regional partner": "#59a14f"}
STRATEGY_NAMES = {"self-sufficiency": tr("Self-sufficiency"),
                  "specialisation": tr("Specialisation"),
                  "service-centre": tr("Service centre"),
                  "regional partner": tr("Regional partner")}
MAX_LABELS = 80  # spots labelled with names; beyond that the tooltips tell


def strategy_name(code) -> str:
    """A strategy code in words; blank for none, an unknown code as it is (it is data)."""
    if code is None or (isinstance(code, float) and pd.isna(code)) or code == "":
        return ""
    return STRATEGY_NAMES.get(code, str(code))


# ---------------------------------------------------------------- the figures

def page_figures(model: gm.Model, f: dict) -> dict[str, pd.DataFrame]:
    """The tables the three tabs show: fragmentation per municipality, the councils, the
    municipalities in two councils and who hosts what (each cached by :func:`compute`)."""
    with st.spinner(tr("Working out the figures…")):
        frag = compute("actor_fragmentation", model, **f)
        # the councils table of the command line: fragmentation, then the functional regions
        councils = compute("metrics_table", model, table="councils", **f)
        duals = compute("dual_members", model, **f)
        hosts = compute("hosting", model, **f)
    return {"frag": frag, "councils": councils, "duals": duals, "hosts": hosts}


def council_ids(model: gm.Model, names: dict) -> dict:
    """The councils (kind ``council``) among ``names``, in its order."""
    kinds = model.collaborations
    ids = set(kinds.loc[kinds["kind"] == "council", "id"])
    return {k: v for k, v in names.items() if k in ids}


# ---------------------------------------------------------------- municipalities

def municipality_rows(frag: pd.DataFrame, members, hosts: pd.DataFrame,
                      names: dict) -> pd.DataFrame:
    """The municipalities in ``members`` that take part in anything, most fragmented first,
    with their home council's name (``home``) and how many agreements they host."""
    a = only_members(frag, members, "id")
    a = a[a["n_collaborations"] > 0].sort_values(
        ["fragmentation", "n_collaborations", "name"], ascending=[False, False, True])
    if a.empty:
        return a
    return a.assign(
        home=a["home_council"].map(lambda c: str(names.get(c, c)) if c else ""),
        hosted=a["id"].map(dict(zip(hosts["id"], hosts["hosted"]))).fillna(0).astype(int))


def show_municipalities(frag: pd.DataFrame, members, hosts: pd.DataFrame,
                        names: dict) -> None:
    """The Municipalities tab: fragmentation, partners and home council of each one."""
    a = municipality_rows(frag, members, hosts, names)
    if a.empty:
        st.info(tr("No municipality takes part in anything that matches the filters."))
        return
    ui.dataframe(
        a[["name", "n_collaborations", "n_partners", "n_configurations", "fragmentation",
           "effective_partners", "hosted", "home", "home_alignment"]],
        hide_index=True, key="tbl_frag_actors",
        # (n_configurations − 1) / (n_collaborations − 1) means nothing with one agreement
        undefined={"fragmentation": (a["n_collaborations"] < 2).to_numpy()},
        column_config=ui.metric_column_config(
            ["name", "n_collaborations", "n_partners", "n_configurations", "effective_partners",
             "hosted"], table="actors",
            fragmentation=st.column_config.ProgressColumn(
                label("fragmentation"), format="%.2f", min_value=0, max_value=1,
                width="medium", help=help_text("fragmentation")),
            home=st.column_config.TextColumn(label("home_council"), width="large",
                                             help=help_text("home_council")),
            home_alignment=st.column_config.ProgressColumn(
                label("home_alignment"), format="percent", min_value=0, max_value=1,
                width="medium", help=help_text("home_alignment")),
        ),
    )
    ui.table_download(a.drop(columns=["home"]), "fragmentation-municipalities.csv",
                      key="dl_frag_actors")


# ---------------------------------------------------------------- councils

def motor_line(hosts: pd.DataFrame, actor_names: dict, inside: set) -> str | None:
    """“The motor: X hosts n agreements …” for the members ``inside``; None when none hosts."""
    h = hosts[hosts["id"].isin(inside) & (hosts["hosted"] > 0)]
    if h.empty:
        return None
    h = h.assign(name=h["id"].map(actor_names)).sort_values(
        ["hosted", "hosted_members", "name"], ascending=[False, False, True])
    top = h.iloc[0]
    return tr("The motor: **{name}** hosts {agreements} for {members}.",
              name=ui.md_escape(top["name"]),
              agreements=ntr("{n} agreement", "{n} agreements", int(top["hosted"])),
              members=ntr("{n} other member", "{n} other members",
                          int(top["hosted_members"])))


def council_bars(c: pd.DataFrame) -> alt.Chart:
    """Bars per council: its agreements with the same members, some of them, or reaching
    outside."""
    long = c.melt(id_vars=["name"], value_vars=["aligned", "within", "spanning"],
                  var_name="how", value_name="agreements")
    words = {"aligned": tr("Same members as the council"),
             "within": tr("Some of its members"),
             "spanning": tr("Reaching outside the council")}
    long["how"] = long["how"].map(words)
    return alt.Chart(long).mark_bar().encode(
        x=alt.X("agreements:Q", title=tr("Service agreements with a member in the council"),
                axis=alt.Axis(tickMinStep=1, format="d")),
        # titled for screen readers, the axis and legend themselves carry none
        y=alt.Y("name:N", sort=list(c["name"]), title=tr("Council"),
                axis=alt.Axis(labelLimit=260, title=None)),
        color=alt.Color("how:N", title=tr("How"), sort=list(words.values()),
                        scale=alt.Scale(domain=list(words.values()),
                                        range=["#1f6f8b", "#8fc1d4", "#e0823d"]),
                        legend=alt.Legend(orient="bottom", labelLimit=300, title=None)),
        order=alt.Order("how:N"),
        tooltip=[alt.Tooltip("name:N", title=tr("Council")),
                 alt.Tooltip("how:N", title=tr("How")),
                 alt.Tooltip("agreements:Q", title=tr("Agreements"))],
    ).properties(height=24 * len(c), autosize=FIT_WIDTH)


def council_table(c: pd.DataFrame) -> pd.DataFrame:
    """The councils table's columns, with the fragmentation also as a decimal text."""
    table = c[["id", "name", "n_members", "n_collaborations", "aligned", "within",
               "spanning", "n_configurations", "region_fragmentation", "n_dual_members",
               "ba_fit", "crosses_county", "host_concentration"]]
    return table.assign(fragmentation_value=aggregate.decimal(
        table["region_fragmentation"]).to_numpy())


#: the councils table's columns on screen (the rest: "Look closer" and the download)
SHOWN_COUNCIL_COLUMNS = ["name", "n_members", "n_collaborations", "region_fragmentation",
                         "n_configurations", "n_dual_members"]


def show_council_table(c: pd.DataFrame, options: list) -> None:
    """The table of councils; a click on a row opens that council below."""
    state = st.session_state
    table = council_table(c)
    picked = ui.dataframe(
        table.drop(columns=["id"]), hide_index=True, key="tbl_councils",
        undefined={"region_fragmentation": (table["n_collaborations"] < 2).to_numpy()},
        on_select="rerun", selection_mode="single-row",
        # what fits at 1400 px: the division of the agreements is the chart above, the
        # functional-region columns are in "Look closer" below, every column in the download
        column_order=SHOWN_COUNCIL_COLUMNS,
        column_config=ui.metric_column_config(
            ["name", "n_members", "n_collaborations", "aligned", "within", "spanning",
             "n_configurations", "region_fragmentation", "n_dual_members"],
            table="councils",
            region_fragmentation=st.column_config.ProgressColumn(
                label("region_fragmentation"), format="%.2f", min_value=0, max_value=1,
                help=help_text("region_fragmentation")),
            fragmentation_value=st.column_config.TextColumn(" ", width="small"),
            ba_fit=st.column_config.ProgressColumn(
                label("ba_fit"), format="percent", min_value=0, max_value=1,
                help=help_text("ba_fit")),
            crosses_county=st.column_config.CheckboxColumn(
                label("crosses_county"), help=help_text("crosses_county")),
            host_concentration=st.column_config.ProgressColumn(
                label("host_concentration"), format="percent", min_value=0, max_value=1,
                help=help_text("host_concentration")),
        ),
    )
    # a click on a row of the table opens that council below
    rows = picked.selection.rows if picked is not None else []
    clicked = table["id"].iloc[rows[0]] if rows else None
    if clicked != state.get("_councils_clicked"):
        state["_councils_clicked"] = clicked
        if clicked in options:
            state["detail"] = clicked
    st.caption(tr("How each council's agreements divide (the same members, some of them, "
                  "across its border) is the chart above; the fit with the commuting regions, "
                  "county borders and the main host are under “Look closer” below; the "
                  "download holds every column."))
    ui.table_download(c, "fragmentation-councils.csv", key="dl_councils")


def dual_others(duals: pd.DataFrame, inside: set, pick, names: dict) -> pd.DataFrame:
    """The members ``inside`` that also sit in another council than ``pick``, with those
    councils' names (``other``)."""
    d = duals[duals["actor"].isin(inside)].copy()
    if len(d):
        d["other"] = d["councils"].map(lambda s: ", ".join(
            str(names.get(x, x)) for x in str(s).split(";") if x and x != pick))
    return d


FIT_WORDS = {"aligned": N_("all of them"), "within": N_("some of them")}


def council_agreement_frame(t: pd.DataFrame) -> pd.DataFrame:
    """:func:`graphmodel.analysis.council_agreements` in words: sector, host, fit."""
    return t.assign(
        sector_name=t["sector"].map(sector_label),
        host_name=t["host_name"].where(t["host_name"] != "", "–"),
        fit_words=[tr(FIT_WORDS[x]) if x != "spanning" else
                   tr("{k} + members outside", k=integer(int(k)))
                   for x, k in zip(t["fit"], t["n_inside"])],
        own=t["part_of"].map({True: tr("yes"), False: ""}))


def council_agreement_list(model: gm.Model, f: dict, council: str) -> None:
    """The council's agreements with host and member counts (its own first), as its own
    presentation lists them (Værnesregionen's slide 5); the sidebar filters apply."""
    t = compute("council_agreements", model, council=council, **f)
    st.markdown("**" + tr("Its agreements") + "**")
    if t.empty:
        st.caption(tr("No agreement of its members matches the filters."))
        return
    st.caption(tr("{n} agreements have members in it; the {k} organised under it come "
                  "first. Members: all counted members of the agreement; "
                  "observers do not count.", n=integer(len(t)),
                  k=integer(int(t["part_of"].sum()))))
    show = council_agreement_frame(t)
    st.dataframe(
        show[["name", "sector_name", "host_name", "n_members", "fit_words"]],
        hide_index=True, key="tbl_council_agreements", width="stretch",
        # widths in px that fit the page at 1400 px without a horizontal scroll bar
        column_config={
            "name": st.column_config.TextColumn(tr("Agreement"), width=390),
            "sector_name": st.column_config.TextColumn(tr("Sector"), width=170),
            "host_name": st.column_config.TextColumn(tr("Host municipality"), width=115),
            "n_members": st.column_config.NumberColumn(tr("Members"), format="%d",
                                                       width=75),
            "fit_words": st.column_config.TextColumn(tr("Of the council's members"),
                                                     width=150)})
    ui.table_download(t, f"{council}-agreements.csv", key="dl_council_agreements")


def show_council_detail(model: gm.Model, filters, f: dict, figures: dict, c: pd.DataFrame,
                        options: list, names: dict) -> None:
    """"Look closer at one council": its figures, briefing, motor and dual members."""
    st.subheader(tr("Look closer at one council"))
    st.caption(tr("Click a row in the table above, or pick a council here."))
    params.seed("detail", what="council", options={k: names.get(k, k) for k in options})
    params.hold("detail", options[0] if options else None)
    pick = st.selectbox(tr("Council"), options, key="detail",
                        format_func=lambda k: str(names.get(k, k)),
                        persist_state="session")
    params.publish("detail", pick)
    row = c[c["id"] == pick]
    if not len(row):
        return
    r = row.iloc[0]
    k1, k2, k3, k4 = st.columns(4)
    k1.metric(label("n_members"), integer(r["n_members"]))
    k2.metric(label("n_collaborations"), integer(r["n_collaborations"]))
    k3.metric(label("region_fragmentation"), number(r["region_fragmentation"]) or "–")
    k4.metric(label("spanning"), integer(r["spanning"]))
    # the functional regions (NIVI's indicators): BA-fit, county lines, the motor
    k5, k6, k7, _ = st.columns(4)
    k5.metric(label("ba_fit"), percent(r["ba_fit"]) or "–")
    k6.metric(label("crosses_county"), tr("yes") if r["crosses_county"] else tr("no"))
    k7.metric(label("host_concentration"), percent(r["host_concentration"]) or "–")
    briefing_button(model, pick, str(names.get(pick, pick)), f, key="council_briefing")
    council_agreement_list(model, f, pick)
    inside = council_filter(model, [pick], as_of=filters.as_of) or set()
    actor_names = dict(zip(model.actors["id"], model.actors["name"].astype(str)))
    motor = motor_line(figures["hosts"], actor_names, inside)
    st.markdown(motor if motor else tr("No member hosts an agreement under these "
                                        "filters."))
    d = dual_others(figures["duals"], inside, pick, names)
    if d.empty:
        st.write(tr("None of its members sits in another council."))
    else:
        st.write(tr("Members that also sit in another council:"))
        st.dataframe(d[["name", "other"]], hide_index=True, key="tbl_detail",
                     column_config={
                         "name": st.column_config.TextColumn(tr("Municipality")),
                         "other": st.column_config.TextColumn(tr("Also in"),
                                                              width="large")})


def show_councils(model: gm.Model, filters, f: dict, figures: dict, names: dict) -> None:
    """The Councils tab: how each council's agreements nest or criss-cross, and one council
    up close."""
    c = figures["councils"].sort_values(["region_fragmentation", "name"],
                                        ascending=[False, True])
    if c.empty:
        st.info(tr("No council in the data matches the filters."))
        return
    ui.altair_chart(council_bars(c), width="stretch")
    councils_only = council_ids(model, names)
    options = [k for k in c["id"] if k in councils_only] or list(c["id"])
    show_council_table(c, options)
    show_council_detail(model, filters, f, figures, c, options, names)


# ---------------------------------------------------------------- strategy quadrant

def strategy_thresholds() -> tuple[float, float]:
    """The two sliders (breadth, alignment), from the link or the session, clamped to 0–1."""
    state = st.session_state
    params.seed("breadth", what="breadth threshold", parse=float)
    params.seed("alignment", what="alignment threshold", parse=float)
    for key in ("breadth", "alignment"):
        value = state.get(key, 0.5)
        state[key] = min(1.0, max(0.0, float(value)))
    s1, s2 = st.columns(2)
    bt = s1.slider(tr("Breadth threshold"), 0.0, 1.0, key="breadth", step=0.05, format="percent",
                   persist_state="session",
                   help=tr("Share of the sectors on its region's menu in which the "
                           "municipality cooperates at all."))
    at = s2.slider(tr("Alignment threshold"), 0.0, 1.0, key="alignment", step=0.05, format="percent",
                   persist_state="session",
                   help=tr("Share of its agreements that stay inside its home council."))
    params.publish("breadth", bt, 0.5)
    params.publish("alignment", at, 0.5)
    return bt, at


def quadrant_spots(shown: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, float | None]:
    """(``shown`` with its place ``x``/``y``, one row per spot, the rounding step).

    One mark per spot: several municipalities often share the same place; on large data
    (over 2000) nearby places are merged (to 0.02) so the picture stays light."""
    shown = shown.assign(strategy_label=shown["strategy"].map(strategy_name))
    step = 0.02 if len(shown) > 2000 else None
    bx = shown["breadth"] if step is None else (shown["breadth"] / step).round() * step
    ay = (shown["home_alignment"] if step is None
          else (shown["home_alignment"] / step).round() * step)
    shown = shown.assign(x=bx.round(4), y=ay.round(4))
    spots = (shown.sort_values("name").groupby(["x", "y", "strategy_label"], sort=False)
             .agg(n=("name", "size"), names=("name", lambda s: ", ".join(s.head(4))
                                             + (" …" if len(s) > 4 else "")),
                  first=("name", "first"))
             .reset_index())
    spots["label"] = [first if n == 1 else f"{first} +{n - 1}"
                      for first, n in zip(spots["first"], spots["n"])]
    return shown, spots, step


def stated_rows(shown: pd.DataFrame, positions: pd.DataFrame) -> pd.DataFrame:
    """The placed municipalities that state a strategy on the chosen date, with it in words
    (``stated_label``) and the one they stated before (``earlier_label``, ``earlier_date``)."""
    if positions is None or positions.empty:
        return pd.DataFrame()
    said = positions.set_index("id")
    out = shown[shown["id"].isin(said.index)].drop(columns=["stated_strategy"],
                                                   errors="ignore")
    out = out.join(said, on="id")
    out = out[out["stated_strategy"].fillna("") != ""]
    return out.assign(stated_label=out["stated_strategy"].map(strategy_name),
                      earlier_label=out["earlier_strategy"].map(strategy_name))


#: the quadrant's drawing size the label places are worked out for (the chart is as wide as
#: the page: at 1400 px about 800 px; a narrower guess keeps labels apart on wider pages)
PLOT_WIDTH, PLOT_HEIGHT = 700.0, 460.0


def _when(date) -> str:
    return "" if date is None or pd.isna(date) else str(pd.Timestamp(date).year)


def stated_layers(stated: pd.DataFrame, bt: float, at: float) -> dict[str, pd.DataFrame]:
    """The data of the stated marks: ``rings`` (a ring per stated position in its
    quadrant, the earlier ones dashed), ``moves`` (earlier ring → later ring, with the
    arrow head's place and angle) and ``ties`` (later ring → the practised spot)."""
    said = stated[["id", "stated_strategy", "stated_date", "earlier_strategy",
                   "earlier_date"]].copy()
    # the same position stated twice is one ring that names both years, no move
    same = (said["earlier_strategy"] == said["stated_strategy"]).to_numpy()
    also = dict(zip(said["id"][same], said["earlier_date"][same].map(_when)))
    said.loc[same, "earlier_strategy"] = ""
    marks = gm_drawing.stated_marks(said, stated[["id", "name", "x", "y"]], bt, at)
    if marks.empty:
        empty = pd.DataFrame()
        return {"rings": empty, "moves": empty, "ties": empty}
    practised = dict(zip(stated["id"], stated["strategy_label"]))
    rings = marks.assign(
        strategy_label=marks["strategy"].map(strategy_name),
        when_label=marks["when"].map({"now": tr("stated (latest)"),
                                      "earlier": tr("stated earlier")}),
        year=marks["date"].map(_when),
        practised=marks["id"].map(practised))
    rings["year"] = [f"{also[i]}, {y}" if w == "now" and also.get(i) and y else y
                     for i, w, y in zip(rings["id"], rings["when"], rings["year"])]
    rings["ring_text"] = [f"{n} {y}".strip() for n, y in zip(rings["name"], rings["year"])]
    now = rings[rings["when"] == "now"].set_index("id")
    was = rings[rings["when"] == "earlier"].set_index("id")
    moves = was[["x", "y"]].join(now[["x", "y"]].rename(columns={"x": "x2", "y": "y2"}),
                                 how="inner").reset_index()
    if len(moves):
        dxp = (moves["x2"] - moves["x"]) * PLOT_WIDTH
        dyp = -(moves["y2"] - moves["y"]) * PLOT_HEIGHT
        length = (dxp ** 2 + dyp ** 2) ** 0.5
        back = (1 - 14 / length.clip(lower=14))
        moves = moves.assign(hx=moves["x"] + (moves["x2"] - moves["x"]) * back,
                             hy=moves["y"] + (moves["y2"] - moves["y"]) * back,
                             angle=[math.degrees(math.atan2(a, -b)) % 360
                                    for a, b in zip(dxp, dyp)])
    ties = now.reset_index()[["id", "x", "y", "px", "py"]]
    # a ring's name goes below it, or above where its arrow comes in from below
    below_in = set(moves.loc[moves["y"] < moves["y2"], "id"]) if len(moves) else set()
    rings["above"] = [(w == "now" and i in below_in) for i, w in zip(rings["id"],
                                                                      rings["when"])]
    return {"rings": rings, "moves": moves, "ties": ties}


def spot_labels(spots: pd.DataFrame, rings: pd.DataFrame) -> pd.DataFrame:
    """``spots`` with the place of each name (``ly``, ``align``, ``dx``): beside its circle,
    clear of the other names and of the stated rings and their names."""
    obstacles = []
    for r in rings.itertuples() if len(rings) else ():
        cx, cy = r.x * PLOT_WIDTH, (1 - r.y) * PLOT_HEIGHT
        w = 6 * len(r.ring_text)
        top = cy - 24 if r.above else cy + 10
        obstacles += [(cx - 10, cy - 10, cx + 10, cy + 10),
                      (cx - w / 2, top, cx + w / 2, top + 14)]
    places = gm_drawing.place_labels(spots["x"], spots["y"], spots["label"],
                                     width=PLOT_WIDTH, height=PLOT_HEIGHT,
                                     obstacles=obstacles)
    return pd.concat([spots.reset_index(drop=True), places], axis=1)


def quadrant_chart(spots: pd.DataFrame, stated: pd.DataFrame, bt: float,
                   at: float) -> alt.LayerChart:
    """The strategy quadrant: threshold lines, the four corners' names, a circle per spot
    (its name placed clear of the others), and per stated position a ring in its quadrant
    (an earlier one dashed, with an arrow to the later one, and a dotted tie from the later
    one to where the municipality practises)."""
    domain = [STRATEGY_NAMES[k] for k in STRATEGY_COLOURS]
    colours = list(STRATEGY_COLOURS.values())
    x_enc = alt.X("x:Q", title=tr("Breadth: share of its region's sectors with any "
                                  "cooperation"), scale=alt.Scale(domain=[0, 1]),
                  axis=alt.Axis(format="%"))
    y_enc = alt.Y("y:Q", title=tr("Alignment: share inside the home council"),
                  scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%"))
    sizes = sorted({int(v) for v in spots["n"]})
    points = alt.Chart(spots).mark_circle(opacity=0.85).encode(
        x=x_enc, y=y_enc,
        size=alt.Size("n:Q", title=tr("Municipalities"),
                      scale=alt.Scale(range=[60, 600]),
                      legend=None if spots["n"].max() == 1 else alt.Legend(
                          values=sizes[:: max(1, len(sizes) // 4)], format="d")),
        color=alt.Color("strategy_label:N", title=tr("Practised strategy"),
                        scale=alt.Scale(domain=domain, range=colours)),
        tooltip=[alt.Tooltip("names:N", title=tr("Municipality")),
                 alt.Tooltip("n:Q", title=tr("Municipalities")),
                 alt.Tooltip("x:Q", title=tr("Breadth"), format=".0%"),
                 alt.Tooltip("y:Q", title=tr("Alignment"), format=".0%"),
                 alt.Tooltip("strategy_label:N", title=tr("Practised strategy"))],
    )
    layers = []
    rules = (alt.Chart(pd.DataFrame({"x": [bt]})).mark_rule(strokeDash=[4, 4])
             .encode(x="x:Q")
             + alt.Chart(pd.DataFrame({"y": [at]})).mark_rule(strokeDash=[4, 4])
             .encode(y="y:Q"))
    layers.append(rules)
    quads = pd.DataFrame({
        "x": [0.01, 0.01, 0.99, 0.99], "y": [0.01, 0.99, 0.01, 0.99],
        "label": [STRATEGY_NAMES[k] for k in ("self-sufficiency", "specialisation",
                                              "service-centre", "regional partner")],
        "align": ["left", "left", "right", "right"],
        "baseline": ["bottom", "top", "bottom", "top"],
    })
    for row in quads.itertuples():
        one = alt.Chart(quads.iloc[[row.Index]])
        style = {"fontSize": 13, "fontWeight": "bold", "align": row.align,
                 "baseline": row.baseline}
        # a white halo under the words: the threshold lines stop at them
        layers.append(one.mark_text(stroke="white", strokeWidth=5, strokeJoin="round",
                                    **style).encode(x="x:Q", y="y:Q", text="label:N"))
        layers.append(one.mark_text(color="#8795a1", **style)
                      .encode(x="x:Q", y="y:Q", text="label:N"))
    parts = (stated_layers(stated, bt, at) if 0 < len(stated) <= MAX_LABELS
             else {"rings": pd.DataFrame(), "moves": pd.DataFrame(), "ties": pd.DataFrame()})
    rings, moves, ties = parts["rings"], parts["moves"], parts["ties"]
    if len(ties):
        layers.append(alt.Chart(ties).mark_rule(strokeDash=[1, 3], color="#8795a1",
                                                strokeWidth=1).encode(
            x="x:Q", y="y:Q", x2="px:Q", y2="py:Q"))
    if len(moves):
        layers.append(alt.Chart(moves).mark_rule(color="#44505c", strokeWidth=1.5).encode(
            x="x:Q", y="y:Q", x2="x2:Q", y2="y2:Q"))
        layers.append(alt.Chart(moves).mark_point(
            shape="triangle-up", size=70, filled=True, color="#44505c", opacity=1).encode(
            x="hx:Q", y="hy:Q", angle=alt.Angle("angle:Q", scale=None)))
    layers.append(points)
    if len(rings):
        layers.append(alt.Chart(rings).mark_point(
            shape="circle", size=300, filled=False, strokeWidth=2.5).encode(
            x="x:Q", y="y:Q",
            stroke=alt.Stroke("strategy_label:N", title=tr("Stated strategy (ring)"),
                              scale=alt.Scale(domain=domain, range=colours)),
            strokeDash=alt.StrokeDash(
                "when_label:N", title=tr("Statement"),
                scale=alt.Scale(domain=[tr("stated (latest)"), tr("stated earlier")],
                                range=[[1, 0], [4, 3]])),
            tooltip=[alt.Tooltip("name:N", title=tr("Municipality")),
                     alt.Tooltip("strategy_label:N", title=tr("Stated strategy")),
                     alt.Tooltip("year:N", title=tr("Year")),
                     alt.Tooltip("practised:N", title=tr("Practised strategy"))]))
        for above, group in rings.groupby("above"):
            ring_text = {"align": "center", "fontSize": 10,
                         "baseline": "bottom" if above else "top", "dy": -12 if above else 12}
            layers.append(alt.Chart(group).mark_text(stroke="white", strokeWidth=3,
                                                     **ring_text).encode(
                x="x:Q", y="y:Q", text="ring_text:N"))
            layers.append(alt.Chart(group).mark_text(color="#44505c", **ring_text).encode(
                x="x:Q", y="y:Q", text="ring_text:N"))
    if len(spots) <= MAX_LABELS:
        placed = spot_labels(spots, rings)
        moved = placed[placed["moved"]]
        if len(moved):
            layers.append(alt.Chart(moved).mark_rule(color="#b8c2cc").encode(
                x="x:Q", y="y:Q", y2="ly:Q"))
        for side, group in placed.groupby("align"):
            text = {"align": side, "dx": 8 if side == "left" else -8, "fontSize": 10,
                    "baseline": "middle"}
            labels = alt.Chart(group)
            layers.append(labels.mark_text(stroke="white", strokeWidth=3, **text).encode(
                x="x:Q", y="ly:Q", text="label:N"))
            layers.append(labels.mark_text(color="#44505c", **text).encode(
                x="x:Q", y="ly:Q", text="label:N"))
    return (alt.layer(*layers).resolve_scale(color="independent")
            .properties(height=PLOT_HEIGHT + 60)
            .configure_legend(orient="right", labelLimit=0, titleLimit=0,
                              symbolLimit=0))


def show_stated(stated: pd.DataFrame) -> None:
    """"Stated and practised": each municipality's stated strategy beside its practised one."""
    st.subheader(tr("Stated and practised"))
    sp = stated.sort_values("name").assign(
        same=lambda d: (d["stated_strategy"] == d["strategy"]).map(
            {True: tr("yes"), False: tr("no")}),
        breadth_text=lambda d: d["breadth"].map(percent),
        alignment_text=lambda d: d["home_alignment"].map(percent),
        stated_when=lambda d: d["stated_date"].map(_when),
        earlier_text=lambda d: [f"{w} ({_when(t)})".replace(" ()", "") if w else ""
                                for w, t in zip(d["earlier_label"], d["earlier_date"])])
    columns = ["name", "stated_label", "stated_when", "earlier_text", "strategy_label",
               "same", "breadth_text", "alignment_text"]
    if not (sp["earlier_text"] != "").any():
        columns.remove("earlier_text")
    if not (sp["stated_when"] != "").any():
        columns.remove("stated_when")
    st.dataframe(
        sp[columns],
        hide_index=True, key="tbl_stated",
        column_config={
            "name": st.column_config.TextColumn(tr("Municipality")),
            "stated_label": st.column_config.TextColumn(tr("Stated strategy")),
            "stated_when": st.column_config.TextColumn(tr("Stated in")),
            "earlier_text": st.column_config.TextColumn(tr("Stated before")),
            "strategy_label": st.column_config.TextColumn(tr("Practised strategy")),
            "same": st.column_config.TextColumn(tr("The same")),
            "breadth_text": st.column_config.TextColumn(tr("Breadth")),
            "alignment_text": st.column_config.TextColumn(tr("Alignment")),
        })
    st.caption(tr("Stated: what the municipality says its strategy is, the latest "
                  "statement up to the chosen date (the data's stated.csv, else its "
                  "stated_strategy column). Practised: where its agreements place it under "
                  "the thresholds above."))


def show_quadrant(prof: pd.DataFrame, bt: float, at: float,
                  positions: pd.DataFrame | None = None) -> None:
    """The quadrant of the placed municipalities, its captions and the stated strategies
    (``positions``: :func:`graphmodel.stated_positions` on the chosen date)."""
    shown = prof.dropna(subset=["breadth", "home_alignment"])
    if shown.empty:
        st.info(tr("No municipality has both a breadth and a home council under these "
                   "filters."))
        return
    shown, spots, step = quadrant_spots(shown)
    stated = stated_rows(shown, positions)
    ui.altair_chart(quadrant_chart(spots, stated, bt, at), width="stretch",
                    key="chart_quadrant")
    if step is not None:
        st.caption(tr("{n} municipalities: places closer than 2 percentage points are drawn "
                      "as one circle (its size tells how many).", n=integer(len(shown))))
    elif len(spots) > MAX_LABELS:
        st.caption(tr("Too many to name them all: point at a circle to see who it is."))
    st.caption(tr("The four alternatives of the Værnesregionen discussion: "
                  "self-sufficiency (few sectors, little inside the council), "
                  "specialisation (few sectors, inside the council), service centre (many "
                  "sectors, many different partners) and regional partner (many sectors, "
                  "inside the council). Breadth counts the sectors on the menu of its own "
                  "region. A ring in a quadrant marks the strategy a municipality states "
                  "(dashed: stated earlier, with an arrow to its later statement); a dotted "
                  "line leads from it to the circle where its agreements place it."))
    if len(stated):
        show_stated(stated)


def show_strategy(model: gm.Model, f: dict, members) -> None:
    """The Strategy tab: the practised strategy of each municipality under two thresholds."""
    bt, at = strategy_thresholds()
    prof = compute("strategy_profile", model, breadth_threshold=bt, alignment_threshold=at, **f)
    prof = only_members(prof, members, "id")
    show_quadrant(prof, bt, at, gm.stated_positions(model, f.get("as_of")))
    missing = prof[prof["breadth"].isna() | prof["home_alignment"].isna()]
    if len(missing):
        listed = ", ".join(ui.md_escape(n) for n in missing["name"].head(20))
        st.caption(tr("Not placed (no home council or no agreement): {names}",
                      names=listed) + (" …" if len(missing) > 20 else "") + ".")
    ui.table_download(prof, "strategy.csv", key="dl_strategy")


# ---------------------------------------------------------------- the page

ui.header(tr("Fragmentation"), tr("Does each agreement have a different set of partners? "
                                  "Which councils nest their agreements, and which "
                                  "criss-cross?"))
model = ui.require_model()
filters = sidebar.current()
f = filters.analysis()
members = council_filter(model, filters.councils, as_of=filters.as_of)
names = council_options(model)
figures = page_figures(model, f)

tab_a, tab_c, tab_s = st.tabs([tr("Municipalities"), tr("Councils"), tr("Strategy")])
with tab_a:
    show_municipalities(figures["frag"], members, figures["hosts"], names)
with tab_c:
    show_councils(model, filters, f, figures, names)
with tab_s:
    show_strategy(model, f, members)
