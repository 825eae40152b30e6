"""Enhetsregisteret before it is asked: its address, the cache folder, what it cannot say."""

from __future__ import annotations

import os
from pathlib import Path

from graphmodel.i18n import tr

__all__ = ["API_URL", "cannot_say", "default_cache_folder"]

#: the register's public API (``--api-url`` replaces it)
API_URL = "https://data.brreg.no/enhetsregisteret/api"


def cannot_say() -> str:
    """What the register cannot say, in the language in use (the CLI, the Data page)."""
    return tr("The register does not hold, as memberships: host-municipality arrangements "
              "(vertskommune, at most an ORGL under the host), kommunalt oppgavefellesskap "
              "and regional councils (at most an ANNA without members), agreements (avtaler) "
              "and AS ownership (shareholders are in another register). Add those by hand.")


def default_cache_folder() -> Path:
    """The per-user cache folder of register answers (``$XDG_CACHE_HOME`` convention)."""
    if os.name == "nt":
        root = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif os.uname().sysname == "Darwin":
        root = Path.home() / "Library" / "Caches"
    else:
        root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "graphmodel" / "registers"
