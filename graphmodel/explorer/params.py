"""The link ⇄ the widgets: every shareable choice is mirrored in ``st.query_params``.

How it works, in one run of the app:

1. :func:`begin_run` (top of ``app.py``) remembers the query parameters the session was
   opened with, once per session, and starts an empty set of parameters for this run.
2. Before a widget is drawn, :func:`seed` gives it the value the opening link asked for
   (once), after checking it: an unknown id or a bad value becomes a friendly note, never
   an exception. It also drops choices that the data in use no longer has (after an upload).
3. After the widget is drawn, :func:`publish` records its value (only when it differs from
   the default, to keep links short) and writes it into the address bar at once, so the
   address follows a widget as soon as the app has read it, not when a slow page is done.
4. :func:`end_run` (bottom of ``app.py``, also when a page stops early) writes the whole
   set, in a steady order, dropping what this run did not publish: a copied URL reopens
   the same view. :func:`show_notes` shows what could not be applied.

Every link names the data and the language first (``?data=ID&lang=nb&…``,
:data:`SESSION_KEYS`); those are kept for the session, not reset by :func:`open_link`.
Notes are plain text: :func:`show_notes` escapes them for Markdown, so a value from a
link is shown as it was typed and never becomes an image or a link.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import streamlit as st

from graphmodel.i18n import tr

from .escape import md_escape

__all__ = [
    "PAGE_KEYS",
    "SESSION_KEYS",
    "begin_run",
    "current_params",
    "end_run",
    "hold",
    "link_values",
    "note",
    "open_link",
    "publish",
    "seed",
    "shorten",
    "show_notes",
]

log = logging.getLogger(__name__)

START = "_link_at_start"
USED = "_link_used"
OUT = "_link_out"
NOTES = "_link_notes"

#: Every query parameter the app understands, with the widget key it feeds (the same name).
PAGE_KEYS = {
    "filters": ("date", "sector", "kind", "status", "country", "region", "council"),
    "network": ("focus", "depth", "view", "color", "size"),
    "overlap": ("measure", "order", "group"),
    "fragmentation": ("breadth", "alignment", "detail"),
    "profile": ("actor", "km"),
    "share": ("title", "note"),
    "map": ("agreement",),
    "app": ("present",),
    "session": ("data", "lang"),
}
#: The parameters that name the session's data and language: first in every link, and
#: kept when a saved view is reopened (:func:`open_link`).
SESSION_KEYS = PAGE_KEYS["session"]
#: A value from a link is quoted in a note up to this many characters.
QUOTE_LIMIT = 80
#: At most this many values of one parameter are read from a link.
MAX_VALUES = 200
#: the link's word for "every value" of a list filter (``?kind=all``), as on the command line
ALL = "all"


def begin_run() -> None:
    """Remember the opening link (first run of a session) and start this run's parameters."""
    state = st.session_state
    if START not in state:
        state[START] = {k: st.query_params.get_all(k)[:MAX_VALUES] for k in st.query_params}
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
    for group, keys in PAGE_KEYS.items():
        if group == "session":
            continue
        for key in keys:
            state.pop(key, None)


def shorten(text: Any, limit: int = QUOTE_LIMIT) -> str:
    """``text`` cut to ``limit`` characters (with "…"), to quote a value from a link."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def note(message: str) -> None:
    """A friendly warning about the link, shown at the top of the page.

    ``message`` is plain text (it is escaped when shown): put values from the link in it
    as they are, ideally through :func:`shorten`.
    """
    notes = st.session_state.setdefault(NOTES, [])
    message = shorten(message, 600)
    if message not in notes and len(notes) < 20:
        notes.append(message)


def show_notes(where=st) -> None:
    """Show the notes gathered in this run as warnings (escaped: text, never Markdown)."""
    for message in st.session_state.get(NOTES, []):
        where.warning(md_escape(message), icon="🔗")


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
        The widget holds a list (multiselect); the link's word ``all`` (as on the command
        line: ``?kind=all``) chooses every allowed value.
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
        raise ValueError(tr("The link asks for the {what} “{text}”, which is not in the data "
                            "in use", what=what, text=shorten(text)))

    values = link_values(key)
    if values is not None and key not in state.get(USED, set()):
        state.setdefault(USED, set()).add(key)
        good, bad = [], []
        for text in values:
            if text == "":  # ?sector= : nothing chosen
                continue
            if multi and allowed and text.strip().casefold() == ALL:  # ?kind=all, as the CLI
                good += [v for v in allowed if v not in good]
                continue
            try:
                value = accept(text)
            except ValueError as exc:
                bad.append(shorten(exc, 300))
                continue
            except Exception as exc:  # noqa: BLE001 - a link never crashes the app
                log.debug("a link's value for %s could not be read: %r", key, exc)
                bad.append(tr("The link's {what} “{text}” cannot be read", what=what,
                              text=shorten(text)))
                continue
            if value not in good:
                good.append(value)
        for message in bad:
            note(tr("{problem}: it was left out. Pick one from the list instead.",
                    problem=message))
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


def _encoded(value: Any, default: Any) -> list[str] | None:
    """The link's text for ``value``; ``None`` when the link leaves the key out."""
    if value == default:
        return None
    encoded = _encode(value)
    if isinstance(value, (list, tuple)) and not value:
        if not default:
            return None
        encoded = [""]  # nothing chosen, where the default chooses something
    if encoded and (encoded != [""] or isinstance(value, (list, tuple))):
        return encoded
    return None


def _write_now(key: str, encoded: list[str] | None) -> None:
    """Bring one parameter of the address bar up to date at once (a no-op when it is)."""
    try:
        if encoded is None:
            if key in st.query_params:
                del st.query_params[key]
        elif st.query_params.get_all(key) != encoded:
            st.query_params[key] = encoded
    except Exception:
        log.debug("query parameter %s not written", key, exc_info=True)


def publish(key: str, value: Any, default: Any = None) -> None:
    """Record ``value`` for ``key`` in this run's link, unless it is the default or empty,
    and show it in the address bar at once."""
    encoded = _encoded(value, default)
    out = st.session_state.setdefault(OUT, {})
    if encoded is None:
        out.pop(key, None)
    else:
        out[key] = encoded
    _write_now(key, encoded)


def current_params() -> dict[str, list[str]]:
    """The parameters recorded so far in this run (key → list of text values)."""
    return dict(st.session_state.get(OUT, {}))


def _ordered(params: Mapping[str, list[str]]) -> dict[str, list[str]]:
    first = {k: params[k] for k in SESSION_KEYS if k in params}
    return first | {k: v for k, v in params.items() if k not in first}


def end_run() -> None:
    """Write this run's parameters into the address bar: exactly those published in this
    run, the data and language first.

    Written on every run, not only when the server's copy looks different: that copy
    comes from the browser's last request and can be behind what the browser shows (a
    run cut short by the next click, a page change), and a skipped write would leave the
    address bar behind the view. Streamlit's browser side changes its history only when the text differs, so an
    unchanged write costs one small message and adds no history entry.
    """
    st.query_params.from_dict(_ordered(st.session_state.get(OUT, {})))
