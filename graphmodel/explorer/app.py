"""The explorer's frame: page set-up, the shared filters, the menu of pages (``main``).

Streamlit runs a script, not a function: ``graphmodel app`` runs the packaged script
``graphmodel/explorer/serve/app.py`` and ``streamlit run app.py`` runs the repository's
``app.py``; both only call :func:`main`. The pages are found by absolute path
(:data:`PAGES`), so they work whichever script is the entry.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from graphmodel.explorer import params, share, sidebar, state, ui

__all__ = ["DEFAULT_URL_PATH", "PAGES", "main", "page_path"]

#: The folder of the page scripts.
PAGES = Path(__file__).resolve().parent / "pages"
#: The Network page is served at "/"; Streamlit still reserves a path name for it, which
#: must differ from "network" (taken by the redirect below). Nothing links to it.
DEFAULT_URL_PATH = "home"


def page_path(name: str) -> Path:
    """The absolute path of a page script (for ``st.Page`` and ``st.switch_page``)."""
    return PAGES / f"{name}.py"


def main() -> None:
    """One run of the explorer: set the page up, draw the filters, run the chosen page."""
    st.set_page_config(
        page_title="graphmodel – inter-municipal collaboration",
        page_icon="🕸️",
        layout="wide",
        menu_items={"About": "graphmodel: map, measure and share inter-municipal collaboration."},
    )

    params.begin_run()
    model = state.model_in_use()
    share.convert_view_link(model)  # a link in the View format (?v=1&…) opens that view
    present = ui.presentation_mode()
    notices = st.container()  # friendly notes about the link go above the page

    network_page = st.Page(page_path("network"), title="Network", icon=":material/hub:",
                           url_path=DEFAULT_URL_PATH, default=True)

    def _to_network() -> None:
        """An old or hand-typed link to the "network" path: open the Network page at "/"."""
        st.switch_page(network_page)

    page = st.navigation(
        {
            "Explore": [
                network_page,
                # The default page lives at "/"; this hidden page catches the "network" path so a
                # link lands on the network view instead of Streamlit's "Page not found".
                st.Page(_to_network, title="Network", url_path="network", visibility="hidden"),
                st.Page(page_path("overlap"), title="Overlap", icon=":material/join_inner:",
                        url_path="overlap"),
                st.Page(page_path("fragmentation"), title="Fragmentation",
                        icon=":material/scatter_plot:", url_path="fragmentation"),
                st.Page(page_path("map"), title="Map", icon=":material/map:", url_path="map"),
                st.Page(page_path("profile"), title="Municipality profile",
                        icon=":material/location_city:", url_path="profile"),
                st.Page(page_path("change"), title="Change", icon=":material/difference:",
                        url_path="change"),
            ],
            "Your data": [
                st.Page(page_path("data"), title="Data", icon=":material/table_view:",
                        url_path="data"),
                st.Page(page_path("share"), title="Share", icon=":material/ios_share:",
                        url_path="share"),
            ],
        },
        position="hidden" if present else "sidebar",
    )

    sidebar.draw(model)
    if model is not None and not present:
        st.sidebar.caption(
            f"Data in use: **{model.name}** – {len(model.actors)} actors, "
            f"{len(model.collaborations)} collaborations."
        )

    page.run()

    params.show_notes(notices)
    params.end_run()
