"""The script ``graphmodel app`` hands to Streamlit (``streamlit run …/serve/app.py``).

It lives in a folder of its own because Streamlit puts the script's folder first on
``sys.path`` and treats a ``pages/`` folder beside it as pages: here neither can clash.
"""

from graphmodel.explorer.app import main

main()
