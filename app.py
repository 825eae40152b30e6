"""graphmodel explorer: who cooperates with whom, where it overlaps, where it fragments.

Run with ``streamlit run app.py`` (or ``make run``). This file only sets the page up,
draws the shared filters and hands over to the page chosen in the menu; the pages live
in ``explorer/pages/`` and call the library ``graphmodel``.
"""

from pathlib import Path

import streamlit as st

from graphmodel.explorer import params, share, sidebar, state, ui

HERE = Path(__file__).resolve().parent
PAGES = HERE / "graphmodel" / "explorer" / "pages"
#: The Network page is served at "/"; Streamlit still reserves a path name for it, which
#: must differ from "network" (taken by the redirect below). Nothing links to it.
DEFAULT_URL_PATH = "home"

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

network_page = st.Page(PAGES / "network.py", title="Network", icon=":material/hub:",
                       url_path=DEFAULT_URL_PATH, default=True)


def _to_network() -> None:
    """``/network?…`` (an old or hand-typed link): open the Network page at ``/?…``."""
    st.switch_page(network_page)


page = st.navigation(
    {
        "Explore": [
            network_page,
            # The default page lives at "/"; this hidden page catches "/network" so such a
            # link lands on the network view instead of Streamlit's "Page not found".
            st.Page(_to_network, title="Network", url_path="network", visibility="hidden"),
            st.Page(PAGES / "overlap.py", title="Overlap", icon=":material/join_inner:",
                    url_path="overlap"),
            st.Page(PAGES / "fragmentation.py", title="Fragmentation",
                    icon=":material/scatter_plot:", url_path="fragmentation"),
            st.Page(PAGES / "profile.py", title="Municipality profile",
                    icon=":material/location_city:", url_path="profile"),
        ],
        "Your data": [
            st.Page(PAGES / "data.py", title="Data", icon=":material/table_view:",
                    url_path="data"),
            st.Page(PAGES / "share.py", title="Share", icon=":material/ios_share:",
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
