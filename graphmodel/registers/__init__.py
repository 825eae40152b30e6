"""Start from the public registers: every municipality, and every IKS of Enhetsregisteret.

DESIGN.md "Registers"; the manual is ``docs/registers.md``. The public door:

- :func:`municipality_model` / :func:`municipality_actors`: every municipality of Norway or
  Sweden as actors, from the tables shipped in the package;
- :func:`import_iks`: every IKS in Enhetsregisteret with its municipal and county owners,
  through a :class:`JsonClient` (one host, one request at a time, retries, a cache);
- :func:`fill_actors`, :func:`merge_register`, :func:`merge_note`: an import merged into a
  planner's dataset, keeping what the planner typed.
"""

from __future__ import annotations

from .brreg import API_URL, CANNOT_SAY, ImportReport, Register, fetch_iks, iks_model, import_iks
from .client import JsonClient, RegisterError, default_cache_folder
from .merge import MERGE_COLUMNS, fill_actors, merge_note, merge_register, register_changes
from .municipalities import actor_id, municipality_actors, municipality_model
from .names import clean_text, readable_name
from .sectors import guess_sector, read_sector_rules, sector_rules

__all__ = [
    "API_URL",
    "CANNOT_SAY",
    "MERGE_COLUMNS",
    "ImportReport",
    "JsonClient",
    "Register",
    "RegisterError",
    "actor_id",
    "clean_text",
    "default_cache_folder",
    "fetch_iks",
    "fill_actors",
    "guess_sector",
    "iks_model",
    "import_iks",
    "merge_note",
    "merge_register",
    "municipality_actors",
    "municipality_model",
    "read_sector_rules",
    "readable_name",
    "register_changes",
    "sector_rules",
]
