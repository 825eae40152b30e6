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

from .brreg import (
    API_URL,
    ImportReport,
    Register,
    cannot_say,
    fetch_iks,
    iks_model,
    import_iks,
    progress_text,
    reason_label,
)
from .client import JsonClient, RegisterError, default_cache_folder
from .importing import SOURCES, ImportResult, known_orgnrs, run_import
from .merge import (
    MERGE_COLUMNS,
    change_label,
    fill_actors,
    merge_note,
    merge_register,
    register_changes,
)
from .municipalities import actor_id, municipality_actors, municipality_model
from .names import clean_text, readable_name
from .sectors import guess_sector, read_sector_rules, sector_rules

__all__ = [
    "API_URL",
    "MERGE_COLUMNS",
    "SOURCES",
    "ImportReport",
    "ImportResult",
    "JsonClient",
    "Register",
    "RegisterError",
    "actor_id",
    "cannot_say",
    "change_label",
    "clean_text",
    "default_cache_folder",
    "fetch_iks",
    "fill_actors",
    "guess_sector",
    "iks_model",
    "import_iks",
    "known_orgnrs",
    "merge_note",
    "merge_register",
    "municipality_actors",
    "municipality_model",
    "progress_text",
    "read_sector_rules",
    "readable_name",
    "reason_label",
    "register_changes",
    "run_import",
    "sector_rules",
]
