"""The language of a session: the switch, else the link's ``?lang=``, else the browser's."""

from __future__ import annotations

import os
from collections.abc import Callable

import streamlit as st

from graphmodel.i18n import (
    LANGUAGE_NAMES,
    LANGUAGES,
    current_language,
    language_from_header,
    normalise_language,
    set_language,
    tr,
    use_language,
)

from . import params

__all__ = ["LANG_ENV", "LANG_KEY", "choose_language", "pinned"]

#: The language ``graphmodel app --lang`` gives (used when the browser names none of ours).
LANG_ENV = "GRAPHMODEL_LANG"
#: The session key of the language switch (also the query parameter ``?lang=``).
LANG_KEY = "lang"


def _browser_language() -> str | None:
    try:
        header = st.context.headers.get("Accept-Language")
    except Exception:  # noqa: BLE001 - no browser (tests, bare mode)
        header = None
    found = language_from_header(header, default="")
    return found or None


def choose_language() -> str:
    """The language of this run: the switch, else the opening link's ``?lang=``, else the
    browser's, else ``$GRAPHMODEL_LANG``, else English. Kept in ``st.session_state["lang"]``
    (the switch's key) so it holds for the session; a bad ``?lang=`` becomes a note."""
    state = st.session_state
    chosen = state.get(LANG_KEY)
    if chosen in LANGUAGES:
        return set_language(chosen)
    values = params.link_values(LANG_KEY)
    asked = values[-1] if values else ""
    lang = normalise_language(asked, default="") if asked else ""
    if not lang:
        lang = _browser_language() or normalise_language(os.environ.get(LANG_ENV))
    state[LANG_KEY] = lang
    set_language(lang)
    if asked and normalise_language(asked, default="") == "":
        params.note(tr("The link asks for the language “{asked}”, which this app does not "
                       "offer: showing {shown}.", asked=params.shorten(asked),
                       shown=LANGUAGE_NAMES[lang]))
    return lang


def pinned(label: Callable[[str], str]) -> Callable[[str], str]:
    """``label`` (a widget's ``format_func`` that translates) fixed to the language in use now.

    Streamlit stores a choice by its shown label and reads it back at the start of the next
    run, before this run's language is set: a label that followed the language of the
    moment would then be English, match nothing, and the choice (a sector, the kinds)
    would silently be lost in Norwegian and Swedish. Pinned, it is read back in the
    language it was shown in.
    """
    lang = current_language()

    def shown(value) -> str:
        with use_language(lang):
            return label(value)

    return shown
