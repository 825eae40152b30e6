"""Start from the public registers: every municipality, and every IKS of Enhetsregisteret.

DESIGN.md "Registers"; the manual is ``docs/registers.md``. The public door:

- :func:`municipality_model` / :func:`municipality_actors`: every municipality of Norway or
  Sweden as actors, from the tables shipped in the package;
- :func:`import_iks`: every IKS in Enhetsregisteret with its municipal and county owners,
  through a :class:`JsonClient` (one host, one request at a time, retries, a cache);
- :func:`fill_actors`, :func:`merge_register`, :func:`merge_note`: an import merged into a
  planner's dataset, keeping what the planner typed;
- :func:`run_import`: all of it in one call, with the report (what the CLI and the Data
  page run).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import attach

if TYPE_CHECKING:  # editors and type checkers resolve the lazy names
    from .about import (
        API_URL as API_URL,
        cannot_say as cannot_say,
        default_cache_folder as default_cache_folder,
    )
    from .brreg import (
        ImportReport as ImportReport,
        Register as Register,
        fetch_iks as fetch_iks,
        iks_model as iks_model,
        import_iks as import_iks,
        progress_text as progress_text,
        reason_label as reason_label,
    )
    from .client import (
        JsonClient as JsonClient,
        RegisterError as RegisterError,
    )
    from .importing import (
        SOURCES as SOURCES,
        ImportResult as ImportResult,
        known_orgnrs as known_orgnrs,
        run_import as run_import,
    )
    from .merge import (
        MERGE_COLUMNS as MERGE_COLUMNS,
        change_label as change_label,
        fill_actors as fill_actors,
        merge_note as merge_note,
        merge_register as merge_register,
        register_changes as register_changes,
    )
    from .municipalities import (
        actor_id as actor_id,
        municipality_actors as municipality_actors,
        municipality_model as municipality_model,
    )
    from .names import (
        clean_text as clean_text,
        readable_name as readable_name,
    )
    from .sectors import (
        guess_sector as guess_sector,
        read_sector_rules as read_sector_rules,
        sector_rules as sector_rules,
    )

_NAMES = {
    "API_URL": "about",
    "cannot_say": "about",
    "default_cache_folder": "about",
    "ImportReport": "brreg",
    "Register": "brreg",
    "fetch_iks": "brreg",
    "iks_model": "brreg",
    "import_iks": "brreg",
    "progress_text": "brreg",
    "reason_label": "brreg",
    "JsonClient": "client",
    "RegisterError": "client",
    "ImportResult": "importing",
    "SOURCES": "importing",
    "known_orgnrs": "importing",
    "run_import": "importing",
    "MERGE_COLUMNS": "merge",
    "change_label": "merge",
    "fill_actors": "merge",
    "merge_note": "merge",
    "merge_register": "merge",
    "register_changes": "merge",
    "actor_id": "municipalities",
    "municipality_actors": "municipalities",
    "municipality_model": "municipalities",
    "clean_text": "names",
    "readable_name": "names",
    "guess_sector": "sectors",
    "read_sector_rules": "sectors",
    "sector_rules": "sectors",
}

__getattr__, __dir__, __all__ = attach(__name__, _NAMES)
