"""Change page: what changed between two dates or versions, and what a what-if would change.

Three modes: two dates of the data in use, two versions (when the app has a workspace),
and a what-if built click by click (leave, join, add an agreement, merge two
municipalities). Each shows the two drawings side by side with the same places
(:func:`graphmodel.drawing.comparison.comparison_graphs`), the table of changes and who moved
in the strategy quadrant or in fragmentation. The Timeline tab counts agreements formed
and ended per year. Every text from the data goes through a dataframe, ``st.text`` or
:func:`md` (escaped), never raw into Markdown.
"""

from __future__ import annotations

import re

import streamlit as st

import graphmodel as gm
from graphmodel.analysis import COLUMNS, label as metric_label
from graphmodel.change import Comparison, Scenario
from graphmodel.drawing import comparison_graphs
from graphmodel.explorer import sidebar, sign_in, state, ui
from graphmodel.explorer.language import pinned
from graphmodel.explorer.network_panel import (
    IFRAME_HEIGHT,
    NETWORK_HEIGHT,
    observer_links,
    observer_note,
)
from graphmodel.explorer.timeline_chart import (
    NOT_ON_TIMELINE,
    WINDOW,
    timeline_chart,
    with_window,
    yearly_counts,
)
from graphmodel.explorer.view_state import file_stem, snapshot_downloads
from graphmodel.i18n import current_language, date as local_date, integer, ntr, number, tr

EDITS = "change_edits"  # the what-if being built: a list of edit dicts
MODES = {"dates": tr("Two dates"), "versions": tr("Two versions"), "whatif": tr("What if…")}
MAX_FOCUS = 24  # above this many changed ids, draw the whole (cut) network instead
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")


def md(text) -> str:
    """Text from the data, safe inside Markdown (:func:`ui.md_escape`: no markup, no
    automatic link)."""
    return ui.md_escape(text)


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
        title = tr("Before") if side == "before" else tr("After")
        out[side] = {"html": gm.network_html(vg, height=f"{NETWORK_HEIGHT}px", title=title),
                     "legend": list(vg.legend), "n": len(vg.nodes), "message": vg.message,
                     "observers": observer_links(vg)}
    return out


# ------------------------------------------------------------------ the three modes

def _day(label: str, default: str, key: str, span) -> str | None:
    st.session_state.setdefault(key, default)
    text = st.text_input(label, key=key, help=tr(
        "A date (29.11.2026 or 2026-11-29) or a year (2010 = 1 January 2010). The data "
        "covers {low}–{high}.", low=span[0].year, high=span[1].year))
    try:
        day = gm.parse_date(text)
    except gm.GraphModelError as exc:
        st.warning(f"{label}: {md(exc)}")
        return None
    if day is None:
        st.warning(tr("{label}: give a date or a year.", label=label))
        return None
    return day.date().isoformat()


def dates_mode(model: gm.Model, filters: dict) -> Comparison | None:
    span = state.date_span(model)
    first = max(span[0].year, span[1].year - 10)
    left, right = st.columns(2)
    with left:
        d1 = _day(tr("From"), str(first), "change_from", span)
    with right:
        d2 = _day(tr("To"), span[1].isoformat(), "change_to", span)
    if d1 is None or d2 is None:
        return None
    if d1 == d2:
        st.info(tr("Pick two different dates."))
        return None
    return Comparison.from_dates(model, d1, d2, **filters)


def versions_mode(model: gm.Model, filters: dict) -> Comparison | None:
    found = _workspace()
    if found is None:
        st.info(tr("Comparing two versions needs the workspace, where each upload is kept "
                   "as a version. It is not switched on in this app; use two dates or a "
                   "what-if, or `graphmodel diff OLD NEW` on the command line."))
        return None
    ws, version = found
    current = ws.version(version)
    versions = [v for v in ws.versions(current.dataset_id) if v.id != version]
    if not versions:
        st.info(tr("This dataset has one version so far: upload a newer one on the Data "
                   "page."))
        return None
    labels = {v.id: tr("Version {number} ({day}): {summary}", number=v.number,
                       day=local_date(v.created[:10]), summary=v.summary) for v in versions}
    other = st.selectbox(tr("Compare the data in use with"), list(labels), key="change_version",
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
    kinds = {"leave": tr("A municipality leaves an agreement"),
             "join": tr("A municipality joins an agreement"),
             "add": tr("A new agreement"), "merge": tr("Two municipalities merge")}
    op = st.radio(tr("Add a change"), list(kinds), format_func=kinds.get, key="change_op",
                  horizontal=True)
    places = _options(current)
    if not places:
        st.info(tr("No municipality in the data."))
        return
    if op in ("leave", "join"):
        actor = st.selectbox(tr("Municipality"), list(places), key="change_actor",
                             format_func=lambda a: places.get(a, a))
        mine = _member_of(current, actor)
        if op == "leave":
            choices = mine
        else:
            c = current.collaborations.sort_values("name")
            choices = {i: n for i, n in zip(c["id"], c["name"]) if i not in mine}
        if not choices:
            st.info(tr("Nothing to choose here for this municipality."))
            return
        coll = st.selectbox(tr("Agreement"), list(choices), key=f"change_coll_{op}",
                            format_func=lambda c: choices.get(c, c))
        if st.button(tr("Add this change"), key="change_add_member", icon=":material/add:"):
            _add_edit({"op": op, "actor": actor, "collaboration": coll})
            st.rerun()
    elif op == "add":
        name = st.text_input(tr("Name of the agreement"), key="change_new_name",
                             placeholder=tr("e.g. Joint child welfare service"))
        left, right = st.columns(2)
        kind = left.selectbox(tr("Kind"), ["service", "network", "council"], key="change_new_kind",
                              format_func=pinned(sidebar.kind_label))
        sectors = sorted({s for s in model.collaborations["sector"] if s}
                         | set(gm.SECTORS), key=sidebar.sector_label)
        sector = right.selectbox(tr("Sector"), sectors, key="change_new_sector",
                                 format_func=pinned(sidebar.sector_label))
        members = st.multiselect(tr("Members"), list(places), key="change_new_members",
                                 format_func=lambda a: places.get(a, a))
        if st.button(tr("Add this change"), key="change_add_new", icon=":material/add:",
                     disabled=not name.strip() or len(members) < 1):
            _add_edit({"op": "add", "collaboration": {
                "id": _new_id(current, "new"), "name": name.strip(), "kind": kind,
                "sector": sector}, "members": list(members)})
            st.rerun()
    else:
        pair = st.multiselect(tr("The two municipalities"), list(places), key="change_merge",
                              format_func=lambda a: places.get(a, a), max_selections=2)
        default = " – ".join(places.get(a, a) for a in pair)
        name = st.text_input(tr("Name of the new municipality"), key="change_merge_name",
                             placeholder=default or tr("e.g. Stjørdal"))
        if st.button(tr("Add this change"), key="change_add_merge", icon=":material/add:",
                     disabled=len(pair) != 2):
            _add_edit({"op": "merge", "actors": list(pair),
                       "into": {"id": _new_id(current, "merged"),
                                "name": name.strip() or default}})
            st.rerun()


def _describe(edit: dict, names: dict) -> str:
    n = lambda i: names.get(i, i)
    if edit["op"] == "leave":
        return tr("{actor} leaves {agreement}", actor=n(edit["actor"]),
                  agreement=n(edit["collaboration"]))
    if edit["op"] == "join":
        return tr("{actor} joins {agreement}", actor=n(edit["actor"]),
                  agreement=n(edit["collaboration"]))
    if edit["op"] == "add":
        c = edit["collaboration"]
        return ntr("New agreement {name} with {n} member",
                   "New agreement {name} with {n} members", len(edit["members"]),
                   name=c["name"], n=len(edit["members"]))
    if edit["op"] == "merge":
        first, second = (n(a) for a in edit["actors"])
        return tr("{first} and {second} merge into {name}", first=first, second=second,
                  name=edit["into"]["name"])
    return edit["op"]


def whatif_mode(model: gm.Model, filters: dict) -> Comparison | None:
    edits = list(st.session_state.get(EDITS, []))
    names = dict(model.names())
    try:
        scenario = Scenario(title=st.session_state.get("change_title", ""), edits=edits)
        current = gm.apply_scenario(model, scenario)
    except gm.ScenarioError as exc:
        st.error(tr("This what-if cannot be applied: {problem}", problem=md(exc)))
        if st.button(tr("Start again"), key="change_reset"):
            st.session_state[EDITS] = []
            st.rerun()
        return None
    names.update(current.names())
    with st.container(border=True):
        _edit_builder(model, current)
    if not edits:
        st.info(tr("Add a change above: the drawings and tables then show what it would do."))
        return None
    st.text_input(tr("Title of this what-if"), key="change_title", max_chars=200,
                  placeholder=tr("e.g. Malvik leaves Trondheimsregionen"))
    st.markdown("**" + md(tr("The changes, in order")) + "**")
    for i, edit in enumerate(edits):
        left, right = st.columns([6, 1])
        left.text(f"{i + 1}. {_describe(edit, names)}")
        if right.button(tr("Remove"), key=f"change_remove_{i}", icon=":material/close:"):
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
    st.warning(tr("**What-if in use: {title}**. The right-hand picture and every table "
                  "below show this proposal, not the data as it is.",
                  title=md(comparison.scenario.title)),
               icon=":material/science:")


def show_comparison(comparison: Comparison, key: tuple) -> None:
    with st.spinner(tr("Comparing…")):
        t = _tables(key, comparison)
    counts = t["counts"]
    cols = st.columns(4)
    for col, (kind, label) in zip(cols, (("formed", tr("Agreements formed")),
                                         ("ended", tr("Agreements ended")),
                                         ("joined", tr("Memberships joined")),
                                         ("left", tr("Memberships left")))):
        col.metric(label, integer(counts[kind]))
    changes = t["changes"]
    touched = touched_ids(changes)
    focus = touched if 0 < len(touched) <= MAX_FOCUS else ()
    with st.spinner(tr("Drawing before and after…")):
        try:
            pics = _pictures(key, focus, comparison)
        except gm.GraphModelError as exc:
            st.warning(tr("The drawings cannot be made: {problem}", problem=md(exc)))
            pics = None
    if pics:
        st.caption(tr("Same places in both pictures. Green: formed or joined (right); red: "
                      "ended or left (left).") + (" " + tr("Showing what changed and its "
                                                           "neighbours.") if focus else ""))
        left, right = st.columns(2)
        for col, side, label in ((left, "before", _label(comparison.labels[0])),
                                 (right, "after", _label(comparison.labels[1]))):
            with col:
                st.text(tr("Before: {label}", label=label) if side == "before"
                        else tr("After: {label}", label=label))
                if not pics[side]["n"]:  # an empty frame says nothing: say why
                    st.info(md(pics[side]["message"]) if pics[side]["message"] else (
                        tr("Nothing of what changed was there on this side: it all came "
                           "later (green on the right).") if side == "before" else
                        tr("Nothing of what changed is left on this side: it all ended "
                           "(red on the left).")))
                    continue
                st.html(ui.legend_html(pics[side]["legend"], extra=(
                    "· " + observer_note() if pics[side].get("observers") else "")))
                st.iframe(pics[side]["html"], height=IFRAME_HEIGHT,
                          alt=tr("Network before the change") if side == "before"
                          else tr("Network after the change"))
    st.subheader(tr("What changed"))
    if changes.empty:
        st.info(tr("Nothing changed between these two states under the filters."))
    else:
        words = change_words()
        shown = changes.assign(change=changes["change"].map(lambda c: words.get(c, c)))
        st.dataframe(shown[["change", "collaboration_name", "actor_name"]],
                     hide_index=True, key="tbl_change_changes",
                     column_config={"change": tr("Change"),
                                    "collaboration_name": tr("Agreement"),
                                    "actor_name": tr("Municipality")})
        ui.table_download(changes, "changes.csv", key="dl_change_changes")
    st.subheader(tr("Who moved"))
    st.caption(tr("Municipalities whose strategy (quadrant) or fragmentation differs; counted "
                  "over service agreements among municipalities, as on the Fragmentation "
                  "page."))
    moved = t["moved"]
    if moved.empty:
        st.info(tr("No municipality changes strategy or fragmentation."))
    else:
        words = change_words()
        shown = moved.assign(before=moved["before"].map(_cell), after=moved["after"].map(_cell),
                             metric=moved["metric"].map(lambda m: words.get(m, m)))
        st.dataframe(shown[["name", "metric", "before", "after"]], hide_index=True,
                     key="tbl_change_moved",
                     column_config={"name": tr("Municipality"), "metric": tr("Measure"),
                                    "before": tr("Before"), "after": tr("After")})
        ui.table_download(moved, "who-moved.csv", key="dl_change_moved")


def touched_ids(changes) -> tuple[str, ...]:
    """The collaborations and actors a change table names, sorted."""
    return tuple(sorted(set(changes["collaboration"]) | {a for a in changes["actor"] if a}))


def comparison_view(model: gm.Model, comparison: Comparison, changes) -> gm.View | None:
    """The comparison on screen as a :class:`graphmodel.View`, for its snapshot.

    Two dates: ``as_of`` before, ``compare_as_of`` after. A what-if: the edits as the
    view's ``scenario`` (with its title), on the sidebar's date. Two versions: ``None``
    (a view names one dataset). The filters the comparison was made with and the language
    in use go with it; where the kinds are open (every kind), a comparison view draws
    service agreements plus the kinds that changed. The focus is what changed, as on the
    page, when it is small and every id of it is in the data (a new agreement or a merged
    municipality is not: then the whole network).
    """
    if comparison.scenario is not None:
        extra = {"as_of": comparison.as_of_before, "scenario": comparison.scenario.to_dict()}
    elif comparison.before is comparison.after:
        extra = {"as_of": comparison.as_of_before, "compare_as_of": comparison.as_of_after}
    else:
        return None
    filters = {k: v for k, v in comparison.filters.items() if k in gm.View().filters}
    touched = touched_ids(changes)
    known = set(model.actors["id"]) | set(model.collaborations["id"])
    focus = touched if 0 < len(touched) <= MAX_FOCUS and set(touched) <= known else ()
    return gm.View.for_model(
        model, view="bipartite", focus=focus, depth=1, lang=current_language(),
        filters=filters, **extra)


def snapshot_actions(model: gm.Model, comparison: Comparison, key: tuple) -> None:
    """"Snapshot of this comparison": the offline page (HTML, PNG, PDF) and its view file,
    made when asked."""
    if ui.is_present():
        return
    st.subheader(tr("Snapshot of this comparison"))
    changes = _tables(key, comparison)["changes"]
    try:
        view = comparison_view(model, comparison, changes)
        if view is not None:
            view.check(model)
    except gm.GraphModelError as exc:
        st.warning(tr("The snapshot cannot be made: {problem}", problem=md(exc)))
        return
    if view is None:
        st.caption(tr("A snapshot shows one dataset at two dates or with a what-if; for two "
                      "versions use `graphmodel diff OLD NEW` on the command line."))
        return
    st.caption(tr("Before and after side by side, with the changes and what they do to the "
                  "measures: one file that opens offline, for the case papers."))
    if comparison.scenario is not None:
        stem = file_stem(tr("Proposal") + " " + comparison.scenario.title, "what-if")
    else:
        stem = file_stem(f"change {view.as_of or ''} {view.compare_as_of}", "change")
    snapshot_downloads(model, view, key="change_snapshot", stem=stem,
                       label=tr("Make the snapshot"))


def change_words() -> dict[str, str]:
    """The comparison tables' codes (change kinds, measures, strategies) in words; a
    measure is named by its label in the metric registry."""
    return {**{name: metric_label(name) for name in COLUMNS},
            "formed": tr("formed"), "ended": tr("ended"), "joined": tr("joined"),
            "left": tr("left"),
            "self-sufficiency": tr("Self-sufficiency"), "specialisation": tr("Specialisation"),
            "service-centre": tr("Service centre"), "regional partner": tr("Regional partner")}


def _label(text) -> str:
    """A side's label: a date as the language writes it, else as it is (a version's)."""
    try:
        return local_date(text) or str(text)
    except Exception:  # noqa: BLE001 - a label that is no date is shown as it is
        return str(text)


def _cell(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return number(value)
    return change_words().get(str(value), str(value))


def scenario_actions(comparison: Comparison) -> None:
    scenario = comparison.scenario
    if scenario is None or ui.is_present():
        return
    left, right = st.columns(2)
    left.download_button(tr("Download this what-if (JSON)"), data=scenario.to_json().encode(),
                         file_name="what-if.json", mime="application/json",
                         key="dl_change_scenario", icon=":material/download:")
    found = _workspace()
    who = sign_in.actor()
    if found is None:
        right.caption(tr("Saving what-ifs needs the workspace; download the file instead."))
    elif not who.may("save_scenario"):
        right.caption(tr("Your role lets you download this what-if, not save it in the "
                         "workspace."))
    elif right.button(tr("Save in the workspace"), key="change_save", icon=":material/save:"):
        ws, version = found
        try:
            ws.save_scenario(version, scenario.title or "what-if", scenario.to_json(),
                             actor=who)
        except gm.GraphModelError as err:
            right.error(ui.md_escape(str(err)))
        else:
            right.success(tr("Saved."))


def show_timeline(model: gm.Model, filters: dict) -> None:
    """The Timeline tab: formed and ended per year under the sidebar's selection (every filter
    but those a timeline cannot follow, which it names), to this year."""
    st.caption(tr("Agreements formed (up) and ended (down, below zero) per year; the line "
                  "adds up those formed in {n} years (the MSL network's evaluation figure).",
                  n=WINDOW))
    ignored = [k for k in NOT_ON_TIMELINE if filters.get(k) is not None]
    if ignored:
        st.caption(tr("The timeline spans every year and counts the agreements in force and "
                      "those ended, so the sidebar's date and status do not apply here; "
                      "every other filter does."))
    try:
        counts = yearly_counts(model, **filters)
    except gm.GraphModelError as exc:
        st.warning(tr("No timeline: {problem}", problem=md(exc)))
        return
    if counts.empty:
        st.info(tr("No agreement in this selection has a start or end date."))
        return
    counts = with_window(counts)
    ui.altair_chart(timeline_chart(counts), width="stretch", key="chart_timeline")
    last = counts.iloc[-1]
    st.metric(tr("Formed in the {n} years to {year}", n=WINDOW, year=int(last["year"])),
              integer(last[f"formed_{WINDOW}y"]))
    st.dataframe(counts, hide_index=True, key="tbl_change_timeline",
                 column_config={"year": st.column_config.NumberColumn(tr("Year"), format="%d"),
                                "formed": tr("Formed"), "ended": tr("Ended"),
                                f"formed_{WINDOW}y": tr("Formed in {n} years", n=WINDOW)})
    ui.table_download(counts, "timeline.csv", key="dl_change_timeline")


def page_filters(side: sidebar.Filters, all_kinds: bool) -> tuple[dict, dict]:
    """The sidebar's one selection (:meth:`sidebar.Filters.analysis`) for the two tabs:
    (compare, timeline). "Every kind" leaves the kinds to each table's own default in a
    comparison (changes: every kind; who moved: the metrics' service agreements) and
    counts every kind on the timeline; otherwise the sidebar's kinds apply to both."""
    compare = side.analysis()
    timeline = dict(compare)
    if all_kinds:
        compare.pop("kinds")
        timeline["kinds"] = None
    return compare, timeline


# ------------------------------------------------------------------ the page

ui.header(tr("Change"), tr("What changed since the last mapping, and what would change if a "
                          "municipality left an agreement or two municipalities merged?"))
model = ui.require_model()
side = sidebar.current()
all_kinds = st.toggle(tr("Every kind of collaboration (councils and networks too)"),
                      value=True, key="change_all_kinds",
                      help=tr("Off: only the kinds chosen in the sidebar."))
filters, timeline_filters = page_filters(side, all_kinds)

tab_compare, tab_timeline = st.tabs([tr("Compare"), tr("Timeline")])
with tab_compare:
    mode = st.segmented_control(tr("Compare"), list(MODES), format_func=MODES.get,
                                key="change_mode", default="dates")
    mode = mode or "dates"
    run_filters = dict(filters)
    if mode == "dates":
        if run_filters.pop("as_of", None) is not None:
            st.caption(tr("The two dates below stand in for the sidebar's date; every other "
                          "filter applies to both sides."))
        comparison = dates_mode(model, run_filters)
    elif mode == "versions":
        comparison = versions_mode(model, run_filters)
    else:
        comparison = whatif_mode(model, run_filters)
    if comparison is not None:
        key = (mode, comparison.before.content_hash(), comparison.after.content_hash(),
               str(comparison.as_of_before), str(comparison.as_of_after),
               state.freeze(comparison.filters), current_language())  # drawings carry words
        show_banner(comparison)
        scenario_actions(comparison)
        try:
            show_comparison(comparison, key)
            snapshot_actions(model, comparison, key)
        except gm.GraphModelError as exc:
            st.error(tr("This comparison cannot be made: {problem}", problem=md(exc)))
with tab_timeline:
    show_timeline(model, timeline_filters)
