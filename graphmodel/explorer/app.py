"""The explorer's frame: page set-up, the shared filters, the menu of pages (``main``).

Streamlit runs a script, not a function: ``graphmodel app`` runs the packaged script
``graphmodel/explorer/serve/app.py`` and ``streamlit run app.py`` runs the repository's
``app.py``; both only call :func:`main`. The pages are found by absolute path
(:data:`PAGES`), so they work whichever script is the entry.
"""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from graphmodel.i18n import tr
from graphmodel.workspace import LINK_PARAMETER

from . import data_in_use, language, params, sidebar, sign_in, ui, view_state as share

__all__ = ["DEFAULT_URL_PATH", "PAGES", "main", "page_path"]

log = logging.getLogger(__name__)

#: The folder of the page scripts.
PAGES = Path(__file__).resolve().parent / "pages"
#: The Network page is served at "/"; Streamlit still reserves a path name for it, which
#: must differ from "network" (taken by the redirect below). Nothing links to it.
DEFAULT_URL_PATH = "home"


def page_path(name: str) -> Path:
    """The absolute path of a page script (for ``st.Page`` and ``st.switch_page``)."""
    return PAGES / f"{name}.py"


def _open_view_link(model) -> None:
    """A link in the View format (``?v=1&…``); any failure is a note, never an error box."""
    try:
        share.convert_view_link(model)
    except Exception as exc:  # noqa: BLE001 - a link never shows Streamlit's error box
        log.warning("a view link could not be read: %r", exc)
        params.note(tr("This link's view cannot be opened. Showing the default view."))


def main() -> None:
    """One run of the explorer: language, data in use, filters, then the chosen page."""
    params.begin_run()
    lang = language.choose_language()  # before anything is drawn or loaded: set_language
    st.set_page_config(
        page_title=tr("graphmodel – inter-municipal collaboration"),
        page_icon="🕸️",
        layout="wide",
        menu_items={"About": tr("graphmodel: map, measure and share inter-municipal "
                                "collaboration.")},
    )
    sign_in.gate()  # a server that signs in: nothing but the sign-in page until then
    sign_in.open_banner()  # a server open to the network without sign-in says so on every page
    data_in_use.open_link_data()  # ?data=ID: that dataset version (or a friendly note)
    model = data_in_use.model_in_use()
    version = data_in_use.version_in_use()
    # The data and the language lead every link, from the first moment of the run.
    params.publish(LINK_PARAMETER, version)
    params.publish(language.LANG_KEY, lang)
    _open_view_link(model)  # a link in the View format (?v=1&…) opens that view
    present = ui.presentation_mode()
    notices = st.container()  # friendly notes about the link go above the page

    network_page = st.Page(page_path("network"), title=tr("Network"), icon=":material/hub:",
                           url_path=DEFAULT_URL_PATH, default=True)

    def _to_network() -> None:
        """An old or hand-typed link to the "network" path: open the Network page at "/"."""
        st.switch_page(network_page)

    page = st.navigation(
        {
            tr("Explore"): [
                network_page,
                # The default page lives at "/"; this hidden page catches the "network" path so a
                # link lands on the network view instead of Streamlit's "Page not found".
                st.Page(_to_network, title=tr("Network"), url_path="network", visibility="hidden"),
                st.Page(page_path("overlap"), title=tr("Overlap"), icon=":material/join_inner:",
                        url_path="overlap"),
                st.Page(page_path("fragmentation"), title=tr("Fragmentation"),
                        icon=":material/scatter_plot:", url_path="fragmentation"),
                st.Page(page_path("map"), title=tr("Map"), icon=":material/map:",
                        url_path="map"),
                st.Page(page_path("partners"), title=tr("Why these partners?"),
                        icon=":material/handshake:", url_path="partners"),
                st.Page(page_path("profile"), title=tr("Municipality profile"),
                        icon=":material/location_city:", url_path="profile"),
                st.Page(page_path("change"), title=tr("Change"), icon=":material/difference:",
                        url_path="change"),
            ],
            tr("Your data"): [
                st.Page(page_path("data"), title=tr("Data"), icon=":material/table_view:",
                        url_path="data"),
                st.Page(page_path("share"), title=tr("Share"), icon=":material/ios_share:",
                        url_path="share"),
            ],
        },
        position="hidden" if present else "sidebar",
    )

    bar = st.sidebar
    if present:
        params.hold(language.LANG_KEY, lang)  # no controls in presentation mode; kept
    else:
        sidebar.draw_language(bar)
        sign_in.draw_user(bar)
        sidebar.draw_data(bar, model)
    sidebar.draw(model)
    ui.scenario_banner(page.url_path)

    try:
        page.run()
    except Exception as exc:
        log.exception("the page %s failed", page.url_path)
        st.error(ui.md_escape(tr("This page could not be drawn ({what}). The other pages "
                                 "still work; please report it.", what=type(exc).__name__)))
    except BaseException as exc:
        if type(exc).__name__ == "StopException":
            _finish(notices)  # a page that stops early still brings the link up to date
        raise
    _finish(notices)


def _finish(notices) -> None:
    params.show_notes(notices)
    params.end_run()
