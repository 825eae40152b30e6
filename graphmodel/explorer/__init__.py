"""App-only helpers for the Streamlit explorer (the library ``graphmodel`` never imports these).

``data_in_use`` the dataset version in use per browser session, the server's workspace;
``language``    the language of a session;
``cache``       cached calls into the library (``compute``);
``choices``     option lists for the pickers and the "Members of" filter;
``state``       the door that re-exports these for the pages that import it;
``params``      the link (query parameters) ⇄ widget state;
``sidebar``     the filters shared by every page;
``ui``          small display helpers (legend, downloads, presentation mode).
The pages themselves live in ``explorer/pages/``.
"""

__all__: list[str] = []
