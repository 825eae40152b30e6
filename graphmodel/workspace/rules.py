"""What a workspace accepts and where it lives: ids, names, notes, JSON, limits, the folder.

The rules :class:`graphmodel.workspace.Workspace` applies before anything is stored
(DESIGN.md "Workspace"): an id is 16 URL-safe characters (96 random bits, never a leading
``-`` so that it is never read as a command-line option); names and notes are data,
cleaned of control and bidirectional characters and length-limited, never file paths; a
saved view or scenario is a JSON object of bounded size. :func:`default_folder` is the
folder used when none is given.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import sys
import unicodedata
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from ..errors import NotFoundError, WorkspaceError

__all__ = [
    "ENV_VAR",
    "MAX_DATASET_BYTES",
    "MAX_JSON_BYTES",
    "MAX_NAME_LENGTH",
    "MAX_NOTE_LENGTH",
    "check_id",
    "clean_json",
    "clean_text",
    "default_folder",
    "files_hash",
    "is_id",
    "new_id",
    "size_text",
    "utc_now",
]

#: environment variable naming the workspace folder when none is given
ENV_VAR = "GRAPHMODEL_WORKSPACE"
#: the one SQLite file inside a workspace folder
#: largest dataset the workspace stores, in bytes of canonical CSV (uncompressed)
MAX_DATASET_BYTES = 50 * 1024 * 1024
#: longest name of a dataset, view or scenario, in characters
MAX_NAME_LENGTH = 200
#: longest note of a version, in characters
MAX_NOTE_LENGTH = 4000
#: largest view or scenario JSON, in bytes of UTF-8
MAX_JSON_BYTES = 1024 * 1024
#: how long a writer waits for another one to finish before giving up (milliseconds)

_ID_BYTES = 12  # secrets.token_urlsafe(12): 16 characters, 96 random bits
_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]{15}")  # never a leading "-": not a CLI option
# control characters (C0, DEL, C1), lone surrogates and bidirectional overrides: never
# stored in a name (a terminal or page would act on them); notes keep tab and newline.
_NAME_JUNK = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
_NOTE_JUNK = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def default_folder() -> Path:
    """The workspace folder when none is given: ``$GRAPHMODEL_WORKSPACE``, else per user.

    The per-user folder follows each platform's convention for application data:
    ``$XDG_DATA_HOME/graphmodel`` (default ``~/.local/share/graphmodel``) on Linux and
    other Unix, ``~/Library/Application Support/graphmodel`` on macOS,
    ``%LOCALAPPDATA%\\graphmodel`` on Windows.

    >>> import os
    >>> os.environ["GRAPHMODEL_WORKSPACE"] = "/srv/team-ws"
    >>> default_folder().as_posix()
    '/srv/team-ws'
    >>> del os.environ["GRAPHMODEL_WORKSPACE"]
    """
    given = os.environ.get(ENV_VAR, "").strip()
    if given:
        return Path(given).expanduser()
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        xdg = os.environ.get("XDG_DATA_HOME", "")
        base = Path(xdg) if xdg and Path(xdg).is_absolute() else home / ".local" / "share"
    return base / "graphmodel"


def is_id(value) -> bool:
    """True when ``value`` has the form of a workspace id (16 URL-safe characters, the
    first not ``-``).

    >>> is_id("AbCdEfGh_-123456"), is_id("../etc/passwd"), is_id("x" * 17), is_id("-" * 16)
    (True, False, False, False)
    """
    return isinstance(value, str) and _ID.fullmatch(value) is not None


def files_hash(files: Mapping[str, bytes]) -> str:
    """SHA-256 (hex) of canonical files, as :meth:`graphmodel.Model.content_hash` computes it.

    >>> files_hash({"a.csv": b"x"}) == files_hash({"a.csv": b"x"}) != files_hash({"a.csv": b"y"})
    True
    """
    h = hashlib.sha256()
    for file, data in sorted(files.items()):
        h.update(file.encode())
        h.update(b"\0")
        h.update(data)
        h.update(b"\0")
    return h.hexdigest()


def new_id() -> str:
    """A fresh random id (:func:`is_id` holds for it).

    >>> is_id(new_id()), new_id() != new_id()
    (True, True)
    """
    while True:
        new = secrets.token_urlsafe(_ID_BYTES)
        if not new.startswith("-"):
            return new


def utc_now() -> str:
    """The time now, UTC, ISO 8601 to the second (how the workspace records times)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def size_text(n: int) -> str:
    """A size in bytes as a person reads it.

    >>> size_text(2048), size_text(52_428_800)
    ('2,048 bytes', '52.4 MB')
    """
    return f"{n / 1e6:,.1f} MB" if n >= 100_000 else f"{n:,} bytes"


def clean_text(value, *, what: str, limit: int, note: bool = False) -> str:
    """``value`` as stored: NFC, no control or bidi characters, length-checked."""
    if not isinstance(value, str):
        raise WorkspaceError(f"the {what} must be text, not {type(value).__name__}")
    if len(value) > 4 * limit:  # refuse before spending time on a huge string
        raise WorkspaceError(f"the {what} is {len(value):,} characters long; "
                             f"at most {limit:,} are kept")
    if note:
        text = _NOTE_JUNK.sub(" ", value.replace("\r\n", "\n").replace("\r", "\n"))
        text = unicodedata.normalize("NFC", text).strip()
    else:
        text = _NAME_JUNK.sub(" ", value)
        text = " ".join(unicodedata.normalize("NFC", text).split())
        if not text:
            raise WorkspaceError(f"the {what} is empty: give it a name")
    if len(text) > limit:
        raise WorkspaceError(f"the {what} is {len(text):,} characters long; "
                             f"at most {limit:,} are allowed")
    return text


def check_id(value, what: str) -> str:
    """``value`` when it has the form of an id; else :class:`NotFoundError` naming ``what``.

    A malformed id is "not found" without a lookup, and the message never echoes a long
    value (it may be anything a link carried).
    """
    if not is_id(value):
        shown = (f"the id {value!r}" if isinstance(value, str) and len(value) <= 40
                 else "that id")
        raise NotFoundError(f"no {what} has {shown}: a workspace id is 16 letters, "
                            "digits, '-' or '_' (copy it from the link or the list)")
    return value


def clean_json(value, what: str) -> str:
    """The JSON text to store for a view or scenario: an object, bounded in size and depth."""
    if isinstance(value, Mapping):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    if not isinstance(value, str):
        raise WorkspaceError(f"the {what} must be JSON text or a mapping, "
                             f"not {type(value).__name__}")
    try:
        size = len(value.encode("utf-8"))
    except UnicodeEncodeError:
        raise WorkspaceError(f"the {what} holds characters that are not valid Unicode") from None
    if size > MAX_JSON_BYTES:
        raise WorkspaceError(f"the {what} is {size:,} bytes; at most {MAX_JSON_BYTES:,} are kept")
    try:
        parsed = json.loads(value)
    except (ValueError, RecursionError) as exc:
        raise WorkspaceError(f"the {what} is not valid JSON ({str(exc)[:80]})") from None
    if not isinstance(parsed, dict):
        raise WorkspaceError(f"the {what} must be a JSON object ({{...}})")
    return value

