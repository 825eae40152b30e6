"""Change page: what changed between two dates or versions, and what a what-if would change.

Three modes: two dates of the data in use, two versions (when the app has a workspace),
and a what-if built click by click (leave, join, add an agreement, merge two
municipalities). Each shows the two drawings side by side with the same places
(:func:`graphmodel.comparison_view.comparison_graphs`), the table of changes and who moved
in the strategy quadrant or in fragmentation. The Timeline tab counts agreements formed
and ended per year. Every text from the data goes through a dataframe, ``st.text`` or
:func:`md` (escaped), never raw into Markdown.
"""

from __future__ import annotations

import re

import streamlit as st

import graphmodel as gm
from graphmodel.compare import Comparison
from graphmodel.comparison_view import comparison_graphs
from graphmodel.explorer import sidebar, state, ui
from graphmodel.explorer.network import IFRAME_HEIGHT, NETWORK_HEIGHT
from graphmodel.explorer.timeline import WINDOW, timeline_chart, with_window, yearly_counts
from graphmodel.scenario import Scenario

EDITS = "change_edits"  # the what-if being built: a list of edit dicts
MODES = {"dates": "Two dates", "versions": "Two versions", "whatif": "What if…"}
MAX_FOCUS = 24  # above this many changed ids, draw the whole (cut) network instead
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")


def md(text) -> str:
    """Text from the data, safe inside Markdown: every markup character escaped."""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def _workspace():
    """(workspace, version id) when the app exposes them, else ``None``."""
    get_ws = getattr(state, "workspace_in_use", None)
    get_version = getattr(state, "version_in_use", None)
    if get_ws is None or get_version is None:
        return None
    ws, version = get_ws(), get_version()
    return (ws, version) if ws is not None and version else None


# ------------------------------------------------------------------ cached computations

@st.cache_data(show_spinner=False, max_entries=32)
def _tables(key: tuple, _comparison: Comparison) -> dict:
    c = _comparison
    moved = c.table("actors", metrics=["strategy", "fragmentation"])
    return {"changes": c.table("changes"), "moved": moved, "counts": c.counts()}


@st.cache_data(show_spinner=False, max_entries=16)
def _pictures(key: tuple, focus: tuple, _comparison: Comparison) -> dict:
    before, after = comparison_graphs(_comparison, focus=focus, depth=1)
    out = {}
    for side, vg in (("before", before), ("after", after)):
        out[side] = {"html": gm.network_html(vg, height=f"{NETWORK_HEIGHT}px", title=side),
                     "legend": list(vg.legend), "n": len(vg.nodes), "message": vg.message}
    return out


# ------------------------------------------------------------------ the three modes

def _day(label: str, default: str, key: str, span) -> str | None:
    st.session_state.setdefault(key, default)
    text = st.text_input(label, key=key, help="YYYY-MM-DD, DD.MM.YYYY or a year (2010 = "
                                              f"1 January 2010). The data speaks of "
                                              f"{span[0].year}–{span[1].year}.")
    try:
        day = gm.parse_date(text)
    except gm.GraphModelError as exc:
        st.warning(f"{label}: {md(exc)}")
        return None
    if day is None:
        st.warning(f"{label}: give a date or a year.")
        return None
    return day.date().isoformat()


def dates_mode(model: gm.Model, filters: dict) -> Comparison | None:
    span = state.date_span(model)
    first = max(span[0].year, span[1].year - 10)
    left, right = st.columns(2)
    with left:
        d1 = _day("From", str(first), "change_from", span)
    with right:
        d2 = _day("To", span[1].isoformat(), "change_to", span)
    if d1 is None or d2 is None:
        return None
    if d1 == d2:
        st.info("Pick two different dates.")
        return None
    return Comparison.from_dates(model, d1, d2, **filters)


def versions_mode(model: gm.Model, filters: dict) -> Comparison | None:
    found = _workspace()
    if found is None:
        st.info("Comparing two versions needs the workspace, where each upload is kept as "
                "a version. It is not switched on in this app; use two dates or a what-if, "
                "or `graphmodel diff OLD NEW` on the command line.")
        return None
    ws, version = found
    current = ws.version(version)
    versions = [v for v in ws.versions(current.dataset_id) if v.id != version]
    if not versions:
        st.info("This dataset has one version so far: upload a newer one on the Data page.")
        return None
    labels = {v.id: f"Version {v.number} ({v.created[:10]}): {v.summary}" for v in versions}
    other = st.selectbox("Compare the data in use with", list(labels), key="change_version",
                         format_func=lambda v: labels.get(v, v))
    older = ws.load_version(other)
    return Comparison.from_models(older, model, as_of=filters.pop("as_of", None), **filters)


def _member_of(model: gm.Model, actor: str) -> dict[str, str]:
    m = model.memberships
    ids = set(m.loc[(m["actor"] == actor) & (m["role"] != "observer"), "collaboration"])
    c = model.collaborations
    c = c[c["id"].isin(ids)].sort_values("name")
    return dict(zip(c["id"], c["name"]))


def _options(model: gm.Model) -> dict[str, str]:
    a = model.actors
    a = a[a["kind"] == "municipality"] if (a["kind"] == "municipality").any() else a
    a = a.sort_values(["name", "id"])
    return dict(zip(a["id"], a["name"]))


def _new_id(model: gm.Model, stem: str) -> str:
    taken = set(model.actors["id"]) | set(model.collaborations["id"])
    n = 1
    while f"{stem}-{n}" in taken:
        n += 1
    return f"{stem}-{n}"


def _add_edit(edit: dict) -> None:
    st.session_state[EDITS] = list(st.session_state.get(EDITS, [])) + [edit]


def _edit_builder(model: gm.Model, current: gm.Model) -> None:
    """Widgets for one more edit, on the model as the edits so far leave it."""
    kinds = {"leave": "A municipality leaves an agreement",
             "join": "A municipality joins an agreement",
             "add": "A new agreement", "merge": "Two municipalities merge"}
    op = st.radio("Add a change", list(kinds), format_func=kinds.get, key="change_op",
                  horizontal=True)
    places = _options(current)
    if not places:
        st.info("No municipality in the data.")
        return
    if op in ("leave", "join"):
        actor = st.selectbox("Municipality", list(places), key="change_actor",
                             format_func=lambda a: places.get(a, a))
        mine = _member_of(current, actor)
        if op == "leave":
            choices = mine
        else:
            c = current.collaborations.sort_values("name")
            choices = {i: n for i, n in zip(c["id"], c["name"]) if i not in mine}
        if not choices:
            st.info("Nothing to choose here for this municipality.")
            return
        coll = st.selectbox("Agreement", list(choices), key=f"change_coll_{op}",
                            format_func=lambda c: choices.get(c, c))
        if st.button("Add this change", key="change_add_member", icon=":material/add:"):
            _add_edit({"op": op, "actor": actor, "collaboration": coll})
            st.rerun()
    elif op == "add":
        name = st.text_input("Name of the agreement", key="change_new_name",
                             placeholder="e.g. Joint child welfare service")
        left, right = st.columns(2)
        kind = left.selectbox("Kind", ["service", "network", "council"], key="change_new_kind",
                              format_func=sidebar.kind_label)
        sectors = sorted({s for s in model.collaborations["sector"] if s}
                         | set(gm.SECTORS), key=sidebar.sector_label)
        sector = right.selectbox("Sector", sectors, key="change_new_sector",
                                 format_func=sidebar.sector_label)
        members = st.multiselect("Members", list(places), key="change_new_members",
                                 format_func=lambda a: places.get(a, a))
        if st.button("Add this change", key="change_add_new", icon=":material/add:",
                     disabled=not name.strip() or len(members) < 1):
            _add_edit({"op": "add", "collaboration": {
                "id": _new_id(current, "new"), "name": name.strip(), "kind": kind,
                "sector": sector}, "members": list(members)})
            st.rerun()
    else:
        pair = st.multiselect("The two municipalities", list(places), key="change_merge",
                              format_func=lambda a: places.get(a, a), max_selections=2)
        default = " – ".join(places.get(a, a) for a in pair)
        name = st.text_input("Name of the new municipality", key="change_merge_name",
                             placeholder=default or "e.g. Stjørdal")
        if st.button("Add this change", key="change_add_merge", icon=":material/add:",
                     disabled=len(pair) != 2):
            _add_edit({"op": "merge", "actors": list(pair),
                       "into": {"id": _new_id(current, "merged"),
                                "name": name.strip() or default}})
            st.rerun()


def _describe(edit: dict, names: dict) -> str:
    n = lambda i: names.get(i, i)
    if edit["op"] == "leave":
        return f"{n(edit['actor'])} leaves {n(edit['collaboration'])}"
    if edit["op"] == "join":
        return f"{n(edit['actor'])} joins {n(edit['collaboration'])}"
    if edit["op"] == "add":
        c = edit["collaboration"]
        return f"New agreement {c['name']} with {len(edit['members'])} members"
    if edit["op"] == "merge":
        return f"{' and '.join(n(a) for a in edit['actors'])} merge into {edit['into']['name']}"
    return edit["op"]


def whatif_mode(model: gm.Model, filters: dict) -> Comparison | None:
    edits = list(st.session_state.get(EDITS, []))
    names = dict(model.names())
    try:
        scenario = Scenario(title=st.session_state.get("change_title", ""), edits=edits)
        current = gm.apply_scenario(model, scenario)
    except gm.ScenarioError as exc:
        st.error(f"This what-if cannot be applied: {md(exc)}")
        if st.button("Start again", key="change_reset"):
            st.session_state[EDITS] = []
            st.rerun()
        return None
    names.update(current.names())
    with st.container(border=True):
        _edit_builder(model, current)
    if not edits:
        st.info("Add a change above: the drawings and tables then show what it would do.")
        return None
    st.text_input("Title of this what-if", key="change_title",
                  placeholder="e.g. Malvik leaves Trondheimsregionen")
    st.markdown("**The changes, in order**")
    for i, edit in enumerate(edits):
        left, right = st.columns([6, 1])
        left.text(f"{i + 1}. {_describe(edit, names)}")
        if right.button("Remove", key=f"change_remove_{i}", icon=":material/close:"):
            st.session_state[EDITS] = edits[:i] + edits[i + 1:]
            st.rerun()
    scenario = Scenario(title=st.session_state.get("change_title", "") or
                        _describe(edits[0], names) + (" …" if len(edits) > 1 else ""),
                        edits=edits)
    return Comparison.from_scenario(model, scenario, as_of=filters.pop("as_of", None),
                                    **filters)


# ------------------------------------------------------------------ what a comparison shows

def show_banner(comparison: Comparison) -> None:
    if comparison.scenario is None:
        return
    st.warning(f"**What-if in use: {md(comparison.scenario.title)}**. The right-hand "
               "picture and every table below show this proposal, not the data as it is.",
               icon=":material/science:")


def show_comparison(comparison: Comparison, key: tuple) -> None:
    with st.spinner("Comparing…"):
        t = _tables(key, comparison)
    counts = t["counts"]
    cols = st.columns(4)
    for col, (kind, label) in zip(cols, (("formed", "Agreements formed"),
                                         ("ended", "Agreements ended"),
                                         ("joined", "Memberships joined"),
                                         ("left", "Memberships left"))):
        col.metric(label, counts[kind])
    changes = t["changes"]
    touched = tuple(sorted(set(changes["collaboration"]) | {a for a in changes["actor"] if a}))
    focus = touched if 0 < len(touched) <= MAX_FOCUS else ()
    with st.spinner("Drawing before and after…"):
        try:
            pics = _pictures(key, focus, comparison)
        except gm.GraphModelError as exc:
            st.warning(f"The drawings cannot be made: {md(exc)}")
            pics = None
    if pics:
        st.caption("Same places in both pictures. Green: formed or joined (right); red: "
                   "ended or left (left)." + (" Showing what changed and its neighbours."
                                              if focus else ""))
        left, right = st.columns(2)
        for col, side, label in ((left, "before", comparison.labels[0]),
                                 (right, "after", comparison.labels[1])):
            with col:
                st.text(f"{'Before' if side == 'before' else 'After'}: {label}")
                st.html(ui.legend_html(pics[side]["legend"]))
                st.iframe(pics[side]["html"], height=IFRAME_HEIGHT,
                          alt=f"Network {side} the change")
    st.subheader("What changed")
    if changes.empty:
        st.info("Nothing changed between these two states under the filters.")
    else:
        st.dataframe(changes[["change", "collaboration_name", "actor_name"]],
                     hide_index=True, key="tbl_change_changes",
                     column_config={"change": "Change", "collaboration_name": "Agreement",
                                    "actor_name": "Municipality"})
        ui.table_download(changes, "changes.csv", key="dl_change_changes")
    st.subheader("Who moved")
    st.caption("Municipalities whose strategy (quadrant) or fragmentation differs; counted "
               "over service agreements among municipalities, as on the Fragmentation page.")
    moved = t["moved"]
    if moved.empty:
        st.info("No municipality changes strategy or fragmentation.")
    else:
        shown = moved.assign(before=moved["before"].map(_cell), after=moved["after"].map(_cell))
        st.dataframe(shown[["name", "metric", "before", "after"]], hide_index=True,
                     key="tbl_change_moved",
                     column_config={"name": "Municipality", "metric": "Measure",
                                    "before": "Before", "after": "After"})
        ui.table_download(moved, "who-moved.csv", key="dl_change_moved")


def _cell(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def scenario_actions(comparison: Comparison) -> None:
    scenario = comparison.scenario
    if scenario is None or ui.is_present():
        return
    left, right = st.columns(2)
    left.download_button("Download this what-if (JSON)", data=scenario.to_json().encode(),
                         file_name="what-if.json", mime="application/json",
                         key="dl_change_scenario", icon=":material/download:")
    found = _workspace()
    if found is None:
        right.caption("Saving what-ifs needs the workspace; download the file instead.")
    elif right.button("Save in the workspace", key="change_save", icon=":material/save:"):
        ws, version = found
        ws.save_scenario(version, scenario.title or "what-if", scenario.to_json())
        right.success("Saved.")


def show_timeline(model: gm.Model, filters: dict) -> None:
    st.caption(f"Agreements formed and ended per year; the line adds up those formed in "
               f"{WINDOW} years (the MSL network's evaluation figure).")
    try:
        counts, from_library = yearly_counts(model, **filters)
    except gm.GraphModelError as exc:
        st.warning(f"No timeline: {md(exc)}")
        return
    if counts.empty:
        st.info("No agreement in the data has a start or end date.")
        return
    counts = with_window(counts)
    st.altair_chart(timeline_chart(counts), width="stretch", key="chart_timeline")
    last = counts.iloc[-1]
    st.metric(f"Formed in the {WINDOW} years to {int(last['year'])}",
              int(last[f"formed_{WINDOW}y"]))
    if not from_library:
        st.caption("Counted from the agreements' start and end years.")
    st.dataframe(counts, hide_index=True, key="tbl_change_timeline",
                 column_config={"year": st.column_config.NumberColumn("Year", format="%d"),
                                "formed": "Formed", "ended": "Ended",
                                f"formed_{WINDOW}y": f"Formed in {WINDOW} years"})
    ui.table_download(counts, "timeline.csv", key="dl_change_timeline")


# ------------------------------------------------------------------ the page

ui.header("Change", "What changed since the last mapping, and what would change if a "
                    "municipality left an agreement or two municipalities merged?")
model = ui.require_model()
if model is None:
    st.stop()
side = sidebar.current()
all_kinds = st.toggle("Every kind of collaboration (councils and networks too)", value=True,
                      key="change_all_kinds",
                      help="Off: only the kinds chosen in the sidebar.")
filters = {k: v for k, v in side.analysis().items() if v is not None}
if all_kinds:
    filters.pop("kinds", None)

tab_compare, tab_timeline = st.tabs(["Compare", "Timeline"])
with tab_compare:
    mode = st.segmented_control("Compare", list(MODES), format_func=MODES.get,
                                key="change_mode", default="dates")
    mode = mode or "dates"
    run_filters = dict(filters)
    if mode == "dates":
        run_filters.pop("as_of", None)
        comparison = dates_mode(model, run_filters)
    elif mode == "versions":
        comparison = versions_mode(model, run_filters)
    else:
        comparison = whatif_mode(model, run_filters)
    if comparison is not None:
        key = (mode, comparison.before.content_hash(), comparison.after.content_hash(),
               str(comparison.as_of_before), str(comparison.as_of_after),
               state.freeze(comparison.filters))
        show_banner(comparison)
        scenario_actions(comparison)
        try:
            show_comparison(comparison, key)
        except gm.GraphModelError as exc:
            st.error(f"This comparison cannot be made: {md(exc)}")
with tab_timeline:
    show_timeline(model, {k: v for k, v in filters.items() if k in ("sectors", "kinds")})
