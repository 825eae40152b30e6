"""graphmodel explorer: who cooperates with whom, where it overlaps, where it fragments.

Run with ``streamlit run app.py`` (or ``make run``; ``graphmodel app`` does the same from any
installed copy). The explorer itself is the package ``graphmodel.explorer``: this file only
calls its :func:`~graphmodel.explorer.app.main`, which sets the page up, draws the shared
filters and hands over to the page chosen in the menu (``graphmodel/explorer/pages/``).
"""

from graphmodel.explorer.app import main

main()
