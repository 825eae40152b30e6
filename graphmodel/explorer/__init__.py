"""App-only helpers for the Streamlit explorer (the library ``graphmodel`` never imports these).

``state``   the data in use and cached library calls;
``params``  the link (query parameters) ⇄ widget state;
``sidebar`` the filters shared by every page;
``ui``      small display helpers (legend, downloads, presentation mode).
The pages themselves live in ``explorer/pages/``.
"""

__all__: list[str] = []
