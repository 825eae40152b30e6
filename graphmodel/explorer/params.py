"""The link ⇄ the widgets: every shareable choice is mirrored in ``st.query_params``.

How it works, in one run of the app:

1. :func:`begin_run` (top of ``app.py``) remembers the query parameters the session was
   opened with, once per session, and starts an empty set of parameters for this run.
2. Before a widget is drawn, :func:`seed` gives it the value the opening link asked for
   (once), after checking it: an unknown id or a bad value becomes a friendly note, never
   an exception. It also drops choices that the data in use no longer has (after an upload).
3. After the widget is drawn, :func:`publish` records its value (only when it differs from
   the default, to keep links short).
4. :func:`end_run` (bottom of ``app.py``) writes the parameters into the address bar, so a
   copied URL reopens the same view; :func:`show_notes` shows what could not be applied.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import streamlit as st

__all__ = [
    "PAGE_KEYS",
    "begin_run",
    "current_params",
    "end_run",
    "hold",
    "link_values",
    "note",
    "open_link",
    "publish",
    "seed",
    "show_notes",
]

START = "_link_at_start"
USED = "_link_used"
OUT = "_link_out"
NOTES = "_link_notes"

#: Every query parameter the app understands, with the widget key it feeds (the same name).
PAGE_KEYS = {
    "filters": ("date", "sector", "kind", "status", "country", "region", "council"),
    "network": ("focus", "depth", "view", "color", "size"),
    "overlap": ("measure", "order"),
    "fragmentation": ("breadth", "alignment", "detail"),
    "profile": ("actor",),
    "share": ("title", "note"),
    "app": ("present",),
}


def begin_run() -> None:
    """Remember the opening link (first run of a session) and start this run's parameters."""
    state = st.session_state
    if START not in state:
        state[START] = {k: st.query_params.get_all(k) for k in st.query_params}
        state[USED] = set()
    state[OUT] = {}
    state[NOTES] = []


def link_values(key: str) -> list[str] | None:
    """The values the opening link gave for ``key`` (``None`` when it gave none)."""
    return st.session_state.get(START, {}).get(key)


def open_link(params: Mapping[str, Iterable[str] | str]) -> None:
    """Act as if the session had been opened with ``params`` (used to reopen a saved view).

    Widget values named by the app's keys are forgotten, so that the next run seeds
    them from ``params``. Call it from a callback, before the widgets are drawn.
    """
    state = st.session_state
    state[START] = {
        k: ([v] if isinstance(v, str) else [str(x) for x in v]) for k, v in params.items()
    }
    state[USED] = set()
    for keys in PAGE_KEYS.values():
        for key in keys:
            state.pop(key, None)


def note(message: str) -> None:
    """A friendly warning about the link, shown at the top of the page."""
    notes = st.session_state.setdefault(NOTES, [])
    if message not in notes:
        notes.append(message)


def show_notes(where=st) -> None:
    """Show the notes gathered in this run as warnings."""
    for message in st.session_state.get(NOTES, []):
        where.warning(message, icon="🔗")


def _name_lookup(options: Mapping[str, str] | None) -> dict[str, str]:
    if not options:
        return {}
    return {str(name).casefold(): key for key, name in options.items()}


def seed(
    key: str,
    *,
    what: str,
    options: Iterable[Any] | Mapping[str, str] | None = None,
    multi: bool = False,
    parse: Callable[[str], Any] | None = None,
    default: Any = None,
) -> None:
    """Prepare the state of the widget ``key`` before it is drawn.

    Parameters
    ----------
    key : str
        Widget key, which is also the query parameter's name.
    what : str
        What the value is, in plain words, for the note ("sector", "municipality").
    options : iterable or mapping id → display name, optional
        Allowed values. With a mapping, a display name in the link is accepted too
        (``?focus=Selbu`` as well as ``?focus=no-5032``), case-insensitively.
    multi : bool
        The widget holds a list (multiselect).
    parse : callable, optional
        Turns the link's text into the widget's value; raises ``ValueError`` with a
        sentence when it cannot.
    default : Any
        Value put in the state when the stored one is no longer allowed.
    """
    state = st.session_state
    allowed = list(options) if options is not None else None
    names = _name_lookup(options if isinstance(options, Mapping) else None)

    def accept(text: str):
        if parse is not None:
            return parse(text)
        if allowed is None or text in allowed:
            return text
        if text.casefold() in names:
            return names[text.casefold()]
        raise ValueError(f"The link asks for the {what} “{text}”, which is not in the data in use")

    values = link_values(key)
    if values is not None and key not in state.get(USED, set()):
        state.setdefault(USED, set()).add(key)
        good, bad = [], []
        for text in values:
            if text == "":  # ?sector= : nothing chosen
                continue
            try:
                value = accept(text)
            except ValueError as exc:
                bad.append(str(exc))
                continue
            if value not in good:
                good.append(value)
        for message in bad:
            note(f"{message}: it was left out. Pick one from the list instead.")
        if multi:
            if good or not bad:
                state[key] = good
        elif good:
            state[key] = good[-1]

    # Drop stored choices the data in use no longer offers (after an upload).
    if key in state and allowed is not None:
        current = state[key]
        if multi:
            kept = [v for v in (current or []) if v in allowed]
            if kept != list(current or []):
                state[key] = kept
        elif current is not None and current not in allowed:
            state[key] = default


def hold(key: str, default: Any = None) -> None:
    """Set the widget ``key``'s value from the session (``default`` the first time).

    Call it after :func:`seed`, just before the widget is drawn. Writing the value back on
    every run makes Streamlit send it to the browser with the widget each time. Without
    that, a run cut short (a click on another page during the first, slower run) can leave
    the browser showing the widget's empty default while the app computes with the
    session's value, and the next click would then send the empty value back.
    """
    state = st.session_state
    state[key] = state.get(key, default)


def _encode(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    if isinstance(value, bool):
        return ["1"] if value else []
    if isinstance(value, dt.date):
        return [value.isoformat()]
    if isinstance(value, float):
        return [f"{value:g}"]
    return [str(value)]


def publish(key: str, value: Any, default: Any = None) -> None:
    """Record ``value`` for ``key`` in this run's link, unless it is the default or empty."""
    if value == default:
        return
    encoded = _encode(value)
    if isinstance(value, (list, tuple)) and not value:
        if not default:
            return
        encoded = [""]  # nothing chosen, where the default chooses something
    if encoded and (encoded != [""] or isinstance(value, (list, tuple))):
        st.session_state.setdefault(OUT, {})[key] = encoded


def current_params() -> dict[str, list[str]]:
    """The parameters recorded so far in this run (key → list of text values)."""
    return dict(st.session_state.get(OUT, {}))


def end_run() -> None:
    """Write this run's parameters into the address bar (only when they changed)."""
    wanted = st.session_state.get(OUT, {})
    now = {k: st.query_params.get_all(k) for k in st.query_params}
    if now != wanted:
        st.query_params.from_dict(wanted)
