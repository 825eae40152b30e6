"""The "Briefing" download of the profile and council views: one offline page, in the app's
language, made only when asked (:func:`graphmodel.briefing_html`) and cached."""

from __future__ import annotations

from typing import Any

import streamlit as st

import graphmodel as gm
from graphmodel.files import safe_file_name
from graphmodel.i18n import current_language, tr

from .cache import freeze
from .escape import md_escape

__all__ = ["briefing_button", "briefing_file_name", "make_briefing", "make_briefing_docx"]

ASKED_KEY = "_briefing_asked"  # the (key, data hash, id, language, filters) last asked for


def briefing_file_name(item_id: str) -> str:
    """``briefing-<id>.html``, named by :func:`graphmodel.files.safe_file_name` (the same
    rule as the report's pages: an id that had to change gets its digest).

    Examples
    --------
    >>> briefing_file_name("no-5035")
    'briefing-no-5035.html'
    >>> briefing_file_name("../a b/<c>")
    'briefing-___a_b__c_-3394cf8d.html'
    """
    return safe_file_name(item_id, prefix="briefing-")


@st.cache_data(show_spinner=False, max_entries=8)
def _briefing_docx(data_hash: str, item_id: str, lang: str, arguments: tuple,
                   _model: gm.Model) -> bytes:
    from graphmodel.briefing import briefing_data
    from graphmodel.office import briefing_docx

    return briefing_docx(briefing_data(_model, **dict(arguments)), item_id, lang=lang)


def make_briefing_docx(model: gm.Model, item_id: str, **filters: Any) -> bytes:
    """The briefing of ``item_id`` as a Word document in the language in use, cached per
    (data, id, language, filters)."""
    key = tuple(sorted((k, freeze(v)) for k, v in filters.items()))
    return _briefing_docx(model.content_hash(), item_id, current_language(), key, model)


@st.cache_data(show_spinner=False, max_entries=16)
def _briefing(data_hash: str, item_id: str, lang: str, arguments: tuple,
              _model: gm.Model) -> str:
    # ``_model`` is not hashed: ``data_hash`` stands for it.
    return gm.briefing_html(_model, item_id, lang=lang, since=None, **dict(arguments))


def make_briefing(model: gm.Model, item_id: str, **filters: Any) -> str:
    """The briefing page of ``item_id`` (a municipality or a council) in the language in
    use, cached per (data, id, language, filters)."""
    key = tuple(sorted((k, freeze(v)) for k, v in filters.items()))
    return _briefing(model.content_hash(), item_id, current_language(), key, model)


def briefing_button(model: gm.Model, item_id: str, name: str, filters: dict, *,
                    key: str, where=st) -> None:
    """A "Briefing" button; once pressed, the page is made and offered as a download.

    Parameters
    ----------
    model, item_id, name : the data, the municipality or council, its name (plain text).
    filters : dict
        The sidebar's analysis filters (:meth:`sidebar.Filters.analysis`).
    key : str
        A widget key unique on the page.
    where : Streamlit container
    """
    asked = (key, model.content_hash(), item_id, current_language(), freeze(filters))
    state = st.session_state
    if where.button(tr("Briefing"), key=f"{key}_make", icon=":material/description:",
                    help=tr("One page to read or print about {name}: its agreements, partners, "
                            "figures and gaps, in the language in use. Made when asked.",
                            name=md_escape(name))):
        state[ASKED_KEY] = asked
    if state.get(ASKED_KEY) != asked:
        return
    try:
        with st.spinner(tr("Writing the briefing…")):
            page = make_briefing(model, item_id, **filters)
    except gm.GraphModelError as exc:
        where.warning(tr("The briefing cannot be made: {problem}", problem=md_escape(exc)))
        return
    where.download_button(
        tr("Download the briefing (HTML)"), page.encode("utf-8"),
        file_name=briefing_file_name(item_id), mime="text/html", key=f"{key}_download",
        icon=":material/download:",
        help=tr("A single offline HTML file; print it to A4 or save it as PDF from the "
                "browser."))
    where.download_button(
        tr("Word"), data=lambda: make_briefing_docx(model, item_id, **filters),
        file_name=briefing_file_name(item_id).removesuffix(".html") + ".docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        key=f"{key}_download_docx", icon=":material/article:",
        help=tr("The same briefing as a Word document (.docx): headings, tables and pictures "
                "to paste into a case document."))
