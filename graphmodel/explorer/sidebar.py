"""The sidebar, shared by every page: the language, the data in use (dataset and version)
and the filters, with their plain-language labels in the language in use."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

import graphmodel as gm
from graphmodel import i18n
from graphmodel.data import DEFAULT_FILTERS
from graphmodel.i18n import LANGUAGE_NAMES, LANGUAGES, tr

from . import data_in_use, params
from .choices import council_options, date_span
from .language import LANG_KEY, pinned
from .ui import md_escape

__all__ = ["Filters", "current", "dataset_label", "draw", "draw_data", "draw_language",
           "kind_label", "note_label", "sector_label", "version_label"]

FILTERS_KEY = "_filters_this_run"
DATASET_PICK = "_pick_dataset"
VERSION_PICK = "_pick_version"


def sector_label(sector: str) -> str:
    """Plain words for a sector code (unknown codes are shown as they are)."""
    return i18n.sector_label(sector)


def kind_label(kind: str) -> str:
    """Plain words for a kind of collaboration."""
    return i18n.kind_label(kind)


def status_label(status: str) -> str:
    return i18n.status_label(status)


# --------------------------------------------------------------------------- language

def draw_language(bar) -> str:
    """The language switch (kept in the link as ``?lang=``); the run's language was set
    from it at the start of the run (:func:`graphmodel.explorer.language.choose_language`)."""
    params.hold(LANG_KEY, i18n.current_language())
    lang = bar.selectbox(
        "🌐 " + tr("Language"), LANGUAGES, key=LANG_KEY,
        format_func=lambda code: LANGUAGE_NAMES.get(code, code),
        help=tr("The language of the app and of what you download. It is kept in the link, "
                "so whoever opens it reads the same language."),
    )
    params.publish(LANG_KEY, lang)
    return lang


# --------------------------------------------------------------------------- data in use

def dataset_label(name: str) -> str:
    """A dataset's name as shown: the bundled example's in the language in use (its stored
    name, :data:`data_in_use.BUNDLED_NAME`, stays as it is)."""
    return i18n.dataset_label(name)


def note_label(note: str) -> str:
    """A version's note as shown: the bundled example's note in the language in use."""
    from graphmodel.workspace import BUNDLED_NOTE

    return tr("bundled with graphmodel") if note == BUNDLED_NOTE else note


def version_label(version) -> str:
    """One line for a version in the picker: number, date and note (plain text; short enough
    for the sidebar: the counts of the version in use are in the caption below it)."""
    text = tr("Version {n} of {day}", n=version.number, day=i18n.date(version.created[:10]))
    note = note_label((version.note or "").strip())
    return f"{text} – {params.shorten(note, 60)}" if note else text


def _picked_dataset() -> None:
    ws = data_in_use.workspace_in_use()
    chosen = st.session_state.get(DATASET_PICK)
    if ws is None or not chosen:
        return
    try:
        latest = ws.dataset(chosen).latest
    except gm.GraphModelError:
        return
    if latest:
        data_in_use.use_version(latest)


def _picked_version() -> None:
    chosen = st.session_state.get(VERSION_PICK)
    if chosen:
        data_in_use.use_version(chosen)


def draw_data(bar, model: gm.Model | None) -> None:
    """The dataset and version pickers (this session's datasets only) and the data in use."""
    ws = data_in_use.workspace_in_use()
    version_id = data_in_use.version_in_use()
    if ws is not None and version_id is not None:
        try:
            version = ws.version(version_id)
            datasets = data_in_use.opened_datasets()
            versions = ws.versions(version.dataset_id)
        except gm.GraphModelError as exc:
            bar.warning(md_escape(exc))
            return
        names = {d.id: dataset_label(d.name) for d in datasets}
        names.setdefault(version.dataset_id, dataset_label(version.dataset_name))
        st.session_state[DATASET_PICK] = version.dataset_id
        bar.selectbox(
            tr("Dataset"), list(names), key=DATASET_PICK, on_change=_picked_dataset,
            format_func=lambda d: names.get(d, d),
            help=tr("The example and the datasets you opened or uploaded in this session. "
                    "Upload your own on the Data page; the link names the dataset, so "
                    "whoever opens it sees the same data."),
        )
        labels = {v.id: version_label(v) for v in reversed(versions)}
        st.session_state[VERSION_PICK] = version.id
        bar.selectbox(
            tr("Version"), list(labels), key=VERSION_PICK, on_change=_picked_version,
            format_func=lambda v: labels.get(v, v), disabled=len(labels) < 2,
            help=tr("Each upload or edit is kept as a new version; the older ones still "
                    "open. Newest first."),
        )
        if ws.read_only:
            bar.caption(md_escape(tr(
                "This workspace opened read-only ({why}): you can open and share its "
                "datasets, but uploads and edits cannot be saved.", why=ws.read_only_reason)))
    elif ws is None:
        problem = data_in_use.workspace_problem()
        bar.caption(md_escape(tr("Uploads are kept in this browser session only: the "
                                 "workspace cannot be used ({why}).", why=problem or "?")))
    if model is not None:
        bar.caption(md_escape(tr(
            "Data in use: {name} – {actors} actors, {collaborations} collaborations.",
            name=dataset_label(model.name), actors=i18n.integer(len(model.actors)),
            collaborations=i18n.integer(len(model.collaborations)))))


# --------------------------------------------------------------------------- filters

@dataclass(frozen=True)
class Filters:
    """The sidebar's choices. ``None`` means "no filter" (everything)."""

    as_of: str | None = None
    sectors: tuple[str, ...] | None = None
    kinds: tuple[str, ...] | None = DEFAULT_FILTERS["kinds"]
    status: tuple[str, ...] | None = DEFAULT_FILTERS["status"]
    countries: tuple[str, ...] | None = None
    regions: tuple[str, ...] | None = None
    councils: tuple[str, ...] = ()

    def analysis(self) -> dict:
        """The one selection: the sidebar's choices as the library's filters
        (:data:`graphmodel.data.Filters`), for every page, tab, table, chart, download and
        briefing. Every filter is in it, ``None`` meaning "no filter": "Members of" is the
        library's ``members_of`` (the councils' members on the date, as the drawing and
        the map keep them).

        >>> Filters(councils=("vr-rad",), countries=("NO",)).analysis()["members_of"]
        ('vr-rad',)
        """
        return {"as_of": self.as_of, "sectors": self.sectors, "kinds": self.kinds,
                "status": self.status, "countries": self.countries, "regions": self.regions,
                "members_of": self.councils or None}

    def drawing(self) -> dict:
        """The same selection as keyword arguments for :func:`graphmodel.drawing.view_graph`,
        which names "Members of" ``councils``."""
        f = self.analysis()
        return dict(f, councils=f.pop("members_of") or ())

    def view_filters(self) -> dict:
        """The same selection as a :class:`graphmodel.View` stores it (its ``filters``): the
        date goes apart, "Members of" is ``councils``, and "All kinds" (an empty choice) is
        every kind, never ``None`` (which a view reads as service agreements only)."""
        f = self.drawing()
        del f["as_of"]
        f["kinds"] = tuple(f["kinds"]) if f["kinds"] else tuple(gm.COLLABORATION_KINDS)
        f["councils"] = f["councils"] or None
        return f

    def describe(self, model: gm.Model | None = None) -> str:
        """The filters in one line of plain words, for captions and snapshots."""
        parts = []
        kinds = self.kinds or ("service", "network", "council")
        parts.append(", ".join(kind_label(k).lower() for k in kinds).capitalize())
        parts.append(tr("sectors: {list}", list=", ".join(sector_label(s) for s in self.sectors))
                     if self.sectors else tr("all sectors"))
        parts.append(tr("status: {list}", list=", ".join(status_label(s).lower() for s in self.status))
                     if self.status else tr("any status"))
        parts.append(tr("date: {day}", day=i18n.date(self.as_of)) if self.as_of
                     else tr("any date"))
        if self.countries:
            parts.append(tr("countries: {list}",
                            list=", ".join(i18n.country_name(c) for c in self.countries)))
        if self.regions:
            parts.append(tr("regions: {list}", list=", ".join(self.regions)))
        if self.councils:
            names = council_options(model) if model is not None else {}
            parts.append(tr("members of {list}",
                            list=", ".join(names.get(c, c) for c in self.councils)))
        return " · ".join(parts)


def _parse_date(text: str) -> dt.date:
    try:
        day = gm.parse_date(text)
    except gm.GraphModelError:
        day = None
    if day is None:
        raise ValueError(tr("The link's date “{text}” cannot be read (write it as 2024-01-31)",
                            text=params.shorten(text)))
    return day.date()


DATE_TEXT = "date_text"
DATE_PROBLEM = "_date_problem"


def _typed_date() -> None:
    """The typed date applies at once (a callback: before the next run draws anything)."""
    state = st.session_state
    text = (state.get(DATE_TEXT) or "").strip()
    try:
        day = gm.parse_date(text)
    except gm.GraphModelError as exc:
        state[DATE_PROBLEM] = str(exc)
        return
    state.pop(DATE_PROBLEM, None)
    state["date"] = None if day is None else day.date()


def _picked_date() -> None:
    state = st.session_state
    state.pop(DATE_PROBLEM, None)
    day = state.get("date")
    state[DATE_TEXT] = day.isoformat() if day else ""


def _date_control(model: gm.Model, bar) -> dt.date | None:
    """"On this date": typed (a full date or a year) or picked, over the data's whole span."""
    state = st.session_state
    params.seed("date", what=tr("date"), parse=_parse_date)
    params.hold("date", None)
    day = state["date"]
    # The text shows the date in use; what was typed stays as typed while it means that
    # date ("2005" for 2005-01-01), and a date from the link or the picker replaces it.
    try:
        typed = gm.parse_date(state.get(DATE_TEXT) or None)
    except gm.GraphModelError:
        typed = "unreadable"
    if typed != (None if day is None else gm.parse_date(day)):
        state[DATE_TEXT] = day.isoformat() if day else ""
    low, high = date_span(model)
    if day is not None:
        low, high = min(low, day), max(high, day)
    bar.text_input(
        tr("On this date"), key=DATE_TEXT, on_change=_typed_date,
        placeholder=tr("Any date"), max_chars=40,
        help=tr("Only what was in force on this day: type 2005, 2005-06-01 or 01.06.2005 and "
                "press Enter, or pick a day. The data covers {low} to {high}. Empty: ignore "
                "dates.", low=i18n.date(low), high=i18n.date(high)),
    )
    day = bar.date_input(
        tr("Pick a day"), key="date", format="YYYY-MM-DD", min_value=low, max_value=high,
        on_change=_picked_date, label_visibility="collapsed",
    )
    problem = state.get(DATE_PROBLEM)
    if problem:
        bar.warning(md_escape(tr("{problem}. The date in use is still {day}.",
                                 problem=params.shorten(problem, 300),
                                 day=i18n.date(day) if day else tr("none (any date)"))))
    params.publish("date", day)
    return day


def _tuple_or_none(values) -> tuple[str, ...] | None:
    return tuple(sorted(values)) if values else None


def _values(model: gm.Model, frame: str, column: str) -> list[str]:
    series = getattr(model, frame)[column]
    return sorted({v for v in series if v})


def draw(model: gm.Model | None) -> Filters:
    """Draw the filters in the sidebar; return the choices (also kept for :func:`current`)."""
    state = st.session_state
    if model is None:
        filters = Filters()
        state[FILTERS_KEY] = filters
        return filters
    bar = st.sidebar
    bar.markdown("**" + md_escape(tr("Show")) + "**")

    day = _date_control(model, bar)

    kinds = list(gm.COLLABORATION_KINDS)[::-1]  # service, network, council
    params.seed("kind", what=tr("kind of collaboration"), options=kinds, multi=True)
    params.hold("kind", ["service"])
    chosen_kinds = bar.multiselect(
        tr("Kind of collaboration"), kinds, key="kind", format_func=pinned(kind_label),
        placeholder=tr("All kinds"),
        help=tr("The figures count service agreements (shared services, joint companies, "
                "host-municipality deals). Add networks and councils to see them too. "
                "Empty: all kinds."),
    )
    params.publish("kind", chosen_kinds, ["service"])

    sectors = sorted(set(_values(model, "collaborations", "sector")), key=sector_label)
    params.seed("sector", what=tr("sector"), options={s: sector_label(s) for s in sectors},
                multi=True)
    params.hold("sector", [])
    chosen_sectors = bar.multiselect(
        tr("Sector"), sectors, key="sector", format_func=pinned(sector_label),
        placeholder=tr("All sectors"),
        help=tr("Child welfare, PPT, fire and rescue… Empty: every sector."),
    )
    params.publish("sector", chosen_sectors, [])

    statuses = list(gm.STATUSES)
    params.seed("status", what=tr("status"), options=statuses, multi=True)
    params.hold("status", ["active"])
    chosen_status = bar.multiselect(
        tr("Status"), statuses, key="status", format_func=pinned(status_label),
        placeholder=tr("Any status"),
        help=tr("In force, planned or ended. Empty: all of them."),
    )
    params.publish("status", chosen_status, ["active"])

    bar.markdown("**" + md_escape(tr("Where")) + "**")
    countries = _values(model, "actors", "country")
    params.seed("country", what=tr("country"), options=countries, multi=True)
    params.hold("country", [])
    chosen_countries = bar.multiselect(
        tr("Country"), countries, key="country", placeholder=tr("All countries"),
        format_func=pinned(i18n.country_name), select_all=False,
        help=tr("Only municipalities in these countries."),
    ) if len(countries) > 1 else state["country"]
    params.publish("country", chosen_countries, [])

    actors = model.actors
    if chosen_countries:
        actors = actors[actors["country"].isin(chosen_countries)]
    regions = sorted({r for r in actors["region"] if r})
    params.seed("region", what=tr("region"), options=regions, multi=True)
    params.hold("region", [])
    chosen_regions = bar.multiselect(
        tr("Region (county, fylke, län)"), regions, key="region",
        placeholder=tr("All regions"), help=tr("Only municipalities in these regions."),
    )
    params.publish("region", chosen_regions, [])

    councils = council_options(model)
    params.seed("council", what=tr("council"), options=councils, multi=True)
    params.hold("council", [])
    chosen_councils = bar.multiselect(
        tr("Members of"), list(councils), key="council",
        format_func=lambda c: councils.get(c, c), placeholder=tr("Anyone"),
        # typing "Østfold" offers the councils themselves first, not "Select 2 matches"
        select_all=False,
        help=tr("Only the members of these regional councils or networks "
                "(e.g. Værnesregionen, the Østfold five)."),
    )
    params.publish("council", chosen_councils, [])

    filters = Filters(
        as_of=day.isoformat() if day else None,
        sectors=_tuple_or_none(chosen_sectors),
        kinds=_tuple_or_none(chosen_kinds),
        status=_tuple_or_none(chosen_status),
        countries=_tuple_or_none(chosen_countries),
        regions=_tuple_or_none(chosen_regions),
        councils=tuple(sorted(chosen_councils)),
    )
    state[FILTERS_KEY] = filters
    return filters


def current() -> Filters:
    """The filters drawn in this run (defaults before the sidebar is drawn)."""
    return st.session_state.get(FILTERS_KEY, Filters())
