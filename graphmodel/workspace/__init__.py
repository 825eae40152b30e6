"""The workspace: a team's datasets, versions, saved views and scenarios in one SQLite file,
what it accepts, what one explorer session sees of it, and its text for the CLI.

The names below are this package's public door; each is imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import attach

if TYPE_CHECKING:  # editors and type checkers resolve the lazy names
    from .rules import (
        ENV_VAR as ENV_VAR,
        MAX_DATASET_BYTES as MAX_DATASET_BYTES,
        MAX_JSON_BYTES as MAX_JSON_BYTES,
        MAX_NAME_LENGTH as MAX_NAME_LENGTH,
        MAX_NOTE_LENGTH as MAX_NOTE_LENGTH,
        check_id as check_id,
        clean_json as clean_json,
        clean_text as clean_text,
        default_folder as default_folder,
        files_hash as files_hash,
        is_id as is_id,
        new_id as new_id,
        size_text as size_text,
        utc_now as utc_now,
    )
    from .session import (
        LINK_PARAMETER as LINK_PARAMETER,
        open_dataset as open_dataset,
        session_datasets as session_datasets,
    )
    from .store import (
        BUNDLED_AUTHOR as BUNDLED_AUTHOR,
        BUNDLED_NOTE as BUNDLED_NOTE,
        BUSY_TIMEOUT_MS as BUSY_TIMEOUT_MS,
        DB_FILE as DB_FILE,
        MIGRATIONS as MIGRATIONS,
        Dataset as Dataset,
        Saved as Saved,
        Version as Version,
        Workspace as Workspace,
        open_workspace as open_workspace,
    )
    from .text import (
        add_data as add_data,
        format_list as format_list,
        format_show as format_show,
    )

_NAMES = {
    "ENV_VAR": "rules",
    "MAX_DATASET_BYTES": "rules",
    "MAX_JSON_BYTES": "rules",
    "MAX_NAME_LENGTH": "rules",
    "MAX_NOTE_LENGTH": "rules",
    "check_id": "rules",
    "clean_json": "rules",
    "clean_text": "rules",
    "default_folder": "rules",
    "files_hash": "rules",
    "is_id": "rules",
    "new_id": "rules",
    "size_text": "rules",
    "utc_now": "rules",
    "LINK_PARAMETER": "session",
    "open_dataset": "session",
    "session_datasets": "session",
    "BUNDLED_AUTHOR": "store",
    "BUNDLED_NOTE": "store",
    "BUSY_TIMEOUT_MS": "store",
    "DB_FILE": "store",
    "Dataset": "store",
    "MIGRATIONS": "store",
    "Saved": "store",
    "Version": "store",
    "Workspace": "store",
    "open_workspace": "store",
    "add_data": "text",
    "format_list": "text",
    "format_show": "text",
}

__getattr__, __dir__, __all__ = attach(__name__, _NAMES)
