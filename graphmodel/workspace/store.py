"""The workspace: a team's datasets, their versions, saved views and scenarios in one SQLite file.

DESIGN.md "Workspace". A workspace is a folder holding ``workspace.sqlite``; the folder is
the one given, else ``$GRAPHMODEL_WORKSPACE``, else a per-user data folder (the XDG
convention on Linux, ``~/Library/Application Support`` on macOS, ``%LOCALAPPDATA%`` on
Windows). Each upload or edit is a new *version* of a dataset, never an overwrite; a version
keeps the canonical CSV files (:func:`graphmodel.data.model.to_csv_bytes`, zlib-compressed), their
content hash, a note and the time. Adding content a dataset already holds returns the
existing version. Every dataset, version, view and scenario has a stable, unguessable id
(16 URL-safe characters) that links can carry (``?data=ID``).

Safety: every write is one ``BEGIN IMMEDIATE`` transaction (a crash or a killed process
leaves the file as it was before the write); WAL lets readers go on while one session
writes; a busy timeout makes concurrent writers wait their turn. The schema version lives
in ``PRAGMA user_version`` and :data:`MIGRATIONS` brings older files up to date inside a
transaction. Names and notes are data (cleaned and length-limited), never file paths.
Each call opens its own connection, so one :class:`Workspace` may serve many threads.
Who may write is checked on every write call (``actor``, DESIGN.md "Team server",
:mod:`graphmodel.team`): uploads, versions, views, scenarios and roles record their author,
and a role that does not allow the write gets :class:`~graphmodel.errors.PermissionDenied`
with nothing stored. Without an ``actor`` the operating-system user acts, with every right
while the workspace has no roles set (:meth:`Workspace.roles`).
What may be stored (ids, names, notes, JSON, limits) and where the folder is by default
live in :mod:`graphmodel.workspace.rules`; the text of ``graphmodel workspace`` in
:mod:`graphmodel.workspace.text`; what the app opens in :mod:`graphmodel.workspace.session`.

Examples
--------
>>> import tempfile, graphmodel as gm
>>> m = gm.load({"actors.csv": "id,name,kind\\na,A,municipality\\nb,B,municipality",
...              "collaborations.csv": "id,name,kind\\nc,C,service",
...              "memberships.csv": "actor,collaboration\\na,c\\nb,c"}, name="demo")
>>> with tempfile.TemporaryDirectory() as tmp:
...     ws = Workspace(tmp)
...     v = ws.add_dataset(m, "Demo", note="first upload")
...     again = ws.add_dataset(m, "Demo")          # same name, same content: no duplicate
...     back = ws.load_version(v.id)
...     (again.id == v.id, v.number, v.summary, back.content_hash() == m.content_hash())
(True, 1, '2 actors, 1 collaboration, 2 memberships', True)
"""

from __future__ import annotations

import os
import sqlite3
import zlib
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..data.load import load
from ..data.model import Model, to_csv_bytes
from ..errors import NotFoundError, WorkspaceError
from ..i18n import ntr, tr
from ..team.roles import Actor, check_principal, check_role, local_actor, require
from .rules import (
    ENV_VAR,
    MAX_DATASET_BYTES,
    MAX_JSON_BYTES,
    MAX_NAME_LENGTH,
    MAX_NOTE_LENGTH,
    check_id,
    clean_json,
    clean_text,
    default_folder,
    files_hash,
    is_id,
    new_id,
    size_text,
    utc_now,
)

#: The note of the bundled example's versions, stored in English as data (the app shows it
#: in the language in use).
BUNDLED_NOTE = "bundled with graphmodel"
#: The author recorded for what the server adds itself (the bundled example).
BUNDLED_AUTHOR = "graphmodel"

__all__ = [
    "BUNDLED_AUTHOR",
    "BUNDLED_NOTE",
    "BUSY_TIMEOUT_MS",
    "DB_FILE",
    "ENV_VAR",
    "MAX_DATASET_BYTES",
    "MAX_JSON_BYTES",
    "MAX_NAME_LENGTH",
    "MAX_NOTE_LENGTH",
    "MIGRATIONS",
    "Dataset",
    "Saved",
    "Version",
    "Workspace",
    "default_folder",
    "files_hash",
    "is_id",
    "open_workspace",
]

#: the one SQLite file inside a workspace folder
DB_FILE = "workspace.sqlite"
#: how long a writer waits for another one to finish before giving up (milliseconds)
BUSY_TIMEOUT_MS = 60_000


# --------------------------------------------------------------------------- schema
def _schema_1(conn: sqlite3.Connection) -> None:
    """Datasets, versions with their files, saved views and scenarios."""
    statements = [
        """CREATE TABLE datasets (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            origin TEXT NOT NULL DEFAULT 'user' CHECK (origin IN ('user', 'bundled')),
            created TEXT NOT NULL)""",
        """CREATE TABLE versions (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            dataset_id TEXT NOT NULL REFERENCES datasets(id),
            parent_version TEXT REFERENCES versions(id),
            content_hash TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            n_actors INTEGER NOT NULL,
            n_collaborations INTEGER NOT NULL,
            n_memberships INTEGER NOT NULL,
            size INTEGER NOT NULL,
            UNIQUE (dataset_id, content_hash))""",
        """CREATE TABLE files (
            version_id TEXT NOT NULL REFERENCES versions(id),
            name TEXT NOT NULL,
            codec TEXT NOT NULL CHECK (codec IN ('zlib')),
            size INTEGER NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY (version_id, name))""",
        """CREATE TABLE views (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            version_id TEXT NOT NULL REFERENCES versions(id),
            name TEXT NOT NULL,
            json TEXT NOT NULL,
            created TEXT NOT NULL)""",
        """CREATE TABLE scenarios (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            version_id TEXT NOT NULL REFERENCES versions(id),
            name TEXT NOT NULL,
            json TEXT NOT NULL,
            created TEXT NOT NULL)""",
        "CREATE INDEX versions_by_dataset ON versions(dataset_id, seq)",
        "CREATE INDEX views_by_version ON views(version_id, seq)",
        "CREATE INDEX scenarios_by_version ON scenarios(version_id, seq)",
    ]
    for sql in statements:  # one by one: executescript() would commit first
        conn.execute(sql)


def _schema_2(conn: sqlite3.Connection) -> None:
    """Who saved what (an ``author`` on every row users save) and the workspace's roles."""
    for table in ("datasets", "versions", "views", "scenarios"):
        conn.execute(f"ALTER TABLE {table} ADD COLUMN author TEXT NOT NULL DEFAULT ''")
    conn.execute("""CREATE TABLE roles (
        principal TEXT PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
        granted_by TEXT NOT NULL,
        created TEXT NOT NULL)""")


#: ``MIGRATIONS[i]`` takes a file from schema version ``i`` to ``i + 1``; a file is brought up
#: to ``len(MIGRATIONS)`` in one transaction when it is opened. Append, never edit.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_schema_1, _schema_2]


# --------------------------------------------------------------------------- records
@dataclass(frozen=True)
class Dataset:
    """A dataset: a name and its versions (``n_versions``, the newest ``latest``)."""

    id: str
    name: str
    origin: str  # "user" or "bundled"
    created: str
    n_versions: int
    latest: str | None


@dataclass(frozen=True)
class Version:
    """One version of a dataset: what :meth:`Workspace.version` returns.

    ``number`` counts from 1 within the dataset; ``size`` is the canonical CSV size in
    bytes; ``parent_version`` is the version it was made from (``None`` for the first);
    ``author`` who saved it (an e-mail address or a login name; ``""`` before schema 2).
    """

    id: str
    dataset_id: str
    dataset_name: str
    number: int
    parent_version: str | None
    content_hash: str
    note: str
    created: str
    n_actors: int
    n_collaborations: int
    n_memberships: int
    size: int
    author: str = ""

    @property
    def summary(self) -> str:
        """The counts in words, for a list of versions."""
        return ", ".join((ntr("{n} actor", "{n} actors", self.n_actors),
                          ntr("{n} collaboration", "{n} collaborations", self.n_collaborations),
                          ntr("{n} membership", "{n} memberships", self.n_memberships)))


@dataclass(frozen=True)
class Saved:
    """A saved view or scenario: its JSON text, for the version it was made on, and who
    saved it (``author``)."""

    id: str
    version_id: str
    name: str
    json: str
    created: str
    author: str = ""


@dataclass(frozen=True)
class _Packed:
    """A model ready to store: compressed canonical files, sizes, hash and counts."""

    blobs: dict[str, bytes]
    sizes: dict[str, int]
    content_hash: str
    counts: tuple[int, int, int]

    @property
    def size(self) -> int:
        return sum(self.sizes.values())


# --------------------------------------------------------------------------- helpers
def _inflate(codec: str, size: int, blob: bytes) -> bytes:
    """A stored file's bytes; never more than its recorded size (b"" when unreadable)."""
    if codec != "zlib":
        return b""
    try:
        return zlib.decompressobj().decompress(blob, size + 1)
    except zlib.error:
        return b""


# --------------------------------------------------------------------------- the store
class Workspace:
    """A workspace folder and its SQLite store.

    Parameters
    ----------
    folder : path, optional
        The workspace folder (created when needed). Default :func:`default_folder`.
    max_bytes : int
        Largest dataset accepted, in bytes of canonical CSV (default 50 MB).
    read_only : bool
        Open for reading only. A workspace whose folder or file this user may not write
        (``os.access``) opens read-only by itself: everything can be listed and opened,
        and every save raises :class:`WorkspaceError` saying why (:attr:`read_only_reason`).

    Raises
    ------
    WorkspaceError
        When the folder cannot be used, the file is not a graphmodel workspace, or it was
        written by a newer graphmodel (a schema version this one does not know).
    """

    def __init__(self, folder=None, *, max_bytes: int = MAX_DATASET_BYTES,
                 read_only: bool = False):
        self.folder = Path(folder).expanduser() if folder is not None else default_folder()
        self.path = self.folder / DB_FILE
        self.max_bytes = int(max_bytes)
        self.read_only_reason = (tr("it was opened read-only") if read_only
                                 else self._unwritable())
        if self.read_only_reason is None:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise WorkspaceError(f"cannot use {str(self.folder)!r} as a workspace folder: "
                                     f"{exc.strerror or exc}") from None
            self._migrate()
        else:
            self._check_readable()

    @property
    def read_only(self) -> bool:
        """Whether saving is impossible here (:attr:`read_only_reason` says why)."""
        return self.read_only_reason is not None

    def _unwritable(self) -> str | None:
        """Why this user may not write the workspace (per ``os.access``), or ``None``."""
        if self.path.is_file() and not os.access(self.path, os.W_OK):
            return tr("you may read {file} but not write it", file=str(self.path))
        if self.folder.is_dir() and self.path.is_file() and not os.access(
                self.folder, os.W_OK | os.X_OK):
            return tr("you may read the folder {folder} but not write in it",
                      folder=str(self.folder))
        return None

    def _check_readable(self) -> None:
        """A read-only workspace must exist, be a graphmodel workspace and be up to date."""
        if not self.path.is_file():
            raise WorkspaceError(f"no workspace in {str(self.folder)!r}, and it cannot be "
                                 f"made: {self.read_only_reason}")
        try:
            with self._reading() as conn:
                current = conn.execute("PRAGMA user_version").fetchone()[0]
                conn.execute("SELECT COUNT(*) FROM versions").fetchone()
        except WorkspaceError as exc:
            raise WorkspaceError(f"{str(self.path)!r} is not a graphmodel workspace that can be "
                                 f"opened ({exc})") from None
        if current != len(MIGRATIONS):
            raise WorkspaceError(
                f"the workspace {str(self.path)!r} has schema version {current} and this "
                f"graphmodel reads version {len(MIGRATIONS)}; it cannot be "
                f"{'upgraded' if current < len(MIGRATIONS) else 'read'} because "
                f"{self.read_only_reason}")

    def __repr__(self) -> str:
        return f"<Workspace {str(self.folder)!r}>"

    # ---- connections and transactions
    def _connect(self) -> sqlite3.Connection:
        if self.read_only:
            return self._connect_read_only()
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA trusted_schema = OFF")
        return conn

    def _connect_read_only(self) -> sqlite3.Connection:
        # ``mode=ro`` never writes the file. A WAL file needs its ``-shm`` index, which
        # SQLite cannot make in a folder it may not write: then ``immutable=1`` (nothing
        # can change it under us, since nobody here may write).
        uri = self.path.resolve().as_uri()
        for flags in ("mode=ro", "mode=ro&immutable=1"):
            try:
                conn = sqlite3.connect(f"{uri}?{flags}", uri=True, isolation_level=None,
                                       timeout=BUSY_TIMEOUT_MS / 1000)
                conn.execute("PRAGMA trusted_schema = OFF")
                conn.execute("PRAGMA user_version").fetchone()
                return conn
            except sqlite3.OperationalError:
                if flags.endswith("immutable=1"):
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    @contextmanager
    def _reading(self):
        conn = None
        try:
            conn = self._connect()
            yield conn
        except sqlite3.DatabaseError as exc:
            raise self._storage_error(exc) from exc
        finally:
            if conn is not None:
                conn.close()

    @contextmanager
    def _writing(self):
        """One write transaction: all of it is stored, or none of it."""
        if self.read_only:
            raise WorkspaceError(tr(
                "the workspace {folder} is read-only ({reason}): nothing can be saved here; "
                "copy the folder to a place you may write, or ask whoever owns it",
                folder=str(self.folder), reason=self.read_only_reason))
        conn = None
        try:
            conn = self._connect()
            conn.execute("BEGIN IMMEDIATE")  # take the write lock now: no upgrade deadlock
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:  # SQLITE_FULL has rolled back already
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            raise self._storage_error(exc) from exc
        finally:
            if conn is not None:
                conn.close()

    def _storage_error(self, exc: sqlite3.DatabaseError) -> WorkspaceError:
        text = str(exc)
        if "locked" in text or "busy" in text:
            return WorkspaceError(f"the workspace {str(self.path)!r} stayed busy for "
                                  f"{BUSY_TIMEOUT_MS // 1000} s; try again")
        if "full" in text:
            return WorkspaceError(f"the disk holding {str(self.path)!r} is full: nothing was "
                                  "saved and the earlier versions are intact; free some "
                                  "space and try again")
        if "readonly" in text or "read-only" in text:
            return WorkspaceError(f"the workspace {str(self.path)!r} cannot be written "
                                  f"({text}): nothing was saved and the earlier versions are "
                                  "intact")
        return WorkspaceError(f"cannot use the workspace file {str(self.path)!r}: {text}")

    def _migrate(self) -> None:
        """Bring the file to the newest schema (all steps in one transaction)."""
        target = len(MIGRATIONS)
        conn = None
        try:
            conn = self._connect()
            conn.execute("PRAGMA journal_mode = WAL")  # persistent: readers go on during writes
            conn.execute("BEGIN IMMEDIATE")
            try:
                current = conn.execute("PRAGMA user_version").fetchone()[0]
                if current > target:
                    raise WorkspaceError(
                        f"the workspace {str(self.path)!r} has schema version {current}, made "
                        f"by a newer graphmodel; this one reads up to version {target}: "
                        "upgrade graphmodel")
                for number in range(current, target):
                    MIGRATIONS[number](conn)
                    conn.execute(f"PRAGMA user_version = {number + 1}")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            raise WorkspaceError(f"{str(self.path)!r} is not a graphmodel workspace that can be "
                                 f"opened ({exc})") from exc
        finally:
            if conn is not None:
                conn.close()

    # ---- who acts
    def _acting(self, actor: Actor | None, action: str) -> Actor:
        """The actor of a write (the operating-system user when none is given), checked."""
        if actor is None:
            actor = local_actor(self.roles())
        require(actor, action)
        return actor

    def roles(self) -> dict[str, str]:
        """The roles set in this workspace: principal → role (empty: none set).

        While none is set, the operating-system user has every right on the command line.
        """
        with self._reading() as conn:
            rows = conn.execute("SELECT principal, role FROM roles ORDER BY principal").fetchall()
        return dict(rows)

    def grant(self, principal: str, role: str, *, actor: Actor | None = None) -> None:
        """Give ``principal`` (see :func:`graphmodel.team.check_principal`) a role here.

        Raises
        ------
        PermissionDenied
            Unless ``actor`` is an admin (the first role set from the command line needs
            none: a workspace without roles is its owner's).
        ValueError
            For an unknown role or a text that is not a principal.
        """
        principal, role = check_principal(principal), check_role(role)
        actor = self._acting(actor, "manage_roles")
        with self._writing() as conn:
            conn.execute("INSERT OR REPLACE INTO roles (principal, role, granted_by, created) "
                         "VALUES (?,?,?,?)", (principal, role, actor.author, utc_now()))

    def revoke(self, principal: str, *, actor: Actor | None = None) -> bool:
        """Take ``principal``'s role away; ``False`` when it had none. Needs an admin."""
        principal = check_principal(principal)
        self._acting(actor, "manage_roles")
        with self._writing() as conn:
            return conn.execute("DELETE FROM roles WHERE principal = ?",
                                (principal,)).rowcount > 0

    def backup(self, target) -> Path:
        """Copy the workspace file to ``target`` with SQLite's online backup (safe while
        the server runs and writes); refuses to overwrite an existing file."""
        target = Path(target).expanduser()
        if target.exists():
            raise WorkspaceError(f"{str(target)!r} exists already: give a new file name")
        try:
            with self._reading() as conn:
                copy = sqlite3.connect(target)
                try:
                    conn.backup(copy)
                finally:
                    copy.close()
        except sqlite3.Error as exc:
            raise WorkspaceError(f"cannot write the backup {str(target)!r}: {exc}") from exc
        return target

    @property
    def schema_version(self) -> int:
        """The schema version recorded in the file (``PRAGMA user_version``)."""
        with self._reading() as conn:
            return conn.execute("PRAGMA user_version").fetchone()[0]

    # ---- writing datasets and versions
    def _pack(self, model: Model) -> _Packed:
        """Check, compress and hash a model, outside any transaction."""
        if not isinstance(model, Model):
            raise TypeError(f"expected a graphmodel Model, got {type(model).__name__}")
        files = to_csv_bytes(model)
        size = sum(len(b) for b in files.values())
        if size > self.max_bytes:
            raise WorkspaceError(
                f"the dataset is {size_text(size)} as CSV; the workspace stores datasets of at "
                f"most {size_text(self.max_bytes)}")
        # store only what loads back as it is: a ValidationError lists what would not
        again = load(dict(files), name=model.name)
        if to_csv_bytes(again) != files:
            raise WorkspaceError("the data does not load back unchanged from its CSV form, so "
                                 "it was not stored (a cell the CSV form cannot hold?)")
        return _Packed(
            blobs={f: zlib.compress(b, 6) for f, b in files.items()},
            sizes={f: len(b) for f, b in files.items()},
            content_hash=files_hash(files),
            counts=(len(again.actors), len(again.collaborations), len(again.memberships)),
        )

    @staticmethod
    def _insert_version(conn, dataset_id: str, packed: _Packed, note: str,
                        parent: str | None, author: str = "") -> str:
        version_id = new_id()
        conn.execute(
            "INSERT INTO versions (id, dataset_id, parent_version, content_hash, note, created,"
            " n_actors, n_collaborations, n_memberships, size, author)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (version_id, dataset_id, parent, packed.content_hash, note, utc_now(),
             *packed.counts, packed.size, author),
        )
        for file, blob in packed.blobs.items():
            conn.execute("INSERT INTO files (version_id, name, codec, size, data) "
                         "VALUES (?,?,?,?,?)", (version_id, file, "zlib", packed.sizes[file], blob))
        return version_id

    @staticmethod
    def _latest(conn, dataset_id: str) -> str | None:
        row = conn.execute("SELECT id FROM versions WHERE dataset_id = ? ORDER BY seq DESC "
                           "LIMIT 1", (dataset_id,)).fetchone()
        return row[0] if row else None

    def _add(self, model: Model, name: str, note: str, origin: str, author: str) -> str:
        name = clean_text(name, what="dataset name", limit=MAX_NAME_LENGTH)
        note = clean_text(note, what="note", limit=MAX_NOTE_LENGTH, note=True)
        packed = self._pack(model)
        with self._writing() as conn:
            row = conn.execute(
                "SELECT v.id FROM versions v JOIN datasets d ON d.id = v.dataset_id "
                "WHERE d.name = ? AND d.origin = ? AND v.content_hash = ? ORDER BY v.seq LIMIT 1",
                (name, origin, packed.content_hash)).fetchone()
            if row:
                return row[0]
            dataset_id = new_id()
            conn.execute("INSERT INTO datasets (id, name, origin, created, author) "
                         "VALUES (?,?,?,?,?)", (dataset_id, name, origin, utc_now(), author))
            return self._insert_version(conn, dataset_id, packed, note, None, author)

    def add_dataset(self, model: Model, name: str, note: str = "", *,
                    actor: Actor | None = None) -> Version:
        """Store ``model`` as the first version of a new dataset called ``name``.

        When a dataset of that name already holds this very content, its version is
        returned and nothing is added (adding the same files twice is harmless). ``actor``
        is who uploads (default: the operating-system user); it is recorded as the author.

        Raises
        ------
        PermissionDenied
            When ``actor``'s role does not allow an upload (nothing stored).
        ValidationError
            When the model's CSV form does not pass the loader's checks (nothing stored).
        WorkspaceError
            When the name is empty or too long, or the dataset is too large.
        """
        author = self._acting(actor, "upload").author
        return self.version(self._add(model, name, note, "user", author))

    def add_version(self, dataset_id: str, model: Model, note: str = "", *,
                    parent: str | None = None, actor: Actor | None = None) -> Version:
        """Store ``model`` as a new version of a dataset (never overwriting one).

        ``parent`` is the version the new one was made from (default: the newest). When
        the dataset already holds this content, that version is returned unchanged.
        ``actor`` is who saves it (default: the operating-system user), recorded as its
        author; :class:`~graphmodel.errors.PermissionDenied` when their role may not.
        """
        author = self._acting(actor, "save_version").author
        check_id(dataset_id, "dataset")
        if parent is not None:
            check_id(parent, "version")
        note = clean_text(note, what="note", limit=MAX_NOTE_LENGTH, note=True)
        packed = self._pack(model)
        with self._writing() as conn:
            if not conn.execute("SELECT 1 FROM datasets WHERE id = ?", (dataset_id,)).fetchone():
                raise NotFoundError(tr("no dataset has the id {id} in this workspace",
                                       id=repr(dataset_id)))
            row = conn.execute("SELECT id FROM versions WHERE dataset_id = ? AND content_hash = ?",
                               (dataset_id, packed.content_hash)).fetchone()
            if row:
                version_id = row[0]
            else:
                if parent is None:
                    parent = self._latest(conn, dataset_id)
                elif not conn.execute("SELECT 1 FROM versions WHERE id = ? AND dataset_id = ?",
                                      (parent, dataset_id)).fetchone():
                    raise NotFoundError(tr("the dataset has no version {id}", id=repr(parent)))
                version_id = self._insert_version(conn, dataset_id, packed, note, parent,
                                                  author)
        return self.version(version_id)

    def ensure_bundled(self, folder, name: str = "Nordic example") -> Version:
        """The bundled example (a folder or zip) as a dataset of its own, added once.

        Idempotent by content: called at every start, it adds nothing while the files are
        unchanged; a changed example (a new release) becomes a new version of it.
        """
        name = clean_text(name, what="dataset name", limit=MAX_NAME_LENGTH)
        model = load(folder, name=name)
        with self._reading() as conn:
            row = conn.execute(
                "SELECT v.id FROM versions v JOIN datasets d ON d.id = v.dataset_id WHERE "
                "d.origin = 'bundled' AND d.name = ? AND v.content_hash = ?",
                (name, model.content_hash())).fetchone()
        if row:
            return self.version(row[0])
        packed = self._pack(model)
        with self._writing() as conn:
            ds = conn.execute("SELECT id FROM datasets WHERE origin = 'bundled' AND name = ? "
                              "ORDER BY seq LIMIT 1", (name,)).fetchone()
            if ds is None:
                dataset_id = new_id()
                conn.execute("INSERT INTO datasets (id, name, origin, created, author) "
                             "VALUES (?,?,?,?,?)",
                             (dataset_id, name, "bundled", utc_now(), BUNDLED_AUTHOR))
            else:
                dataset_id = ds[0]
            row = conn.execute("SELECT id FROM versions WHERE dataset_id = ? AND content_hash = ?",
                               (dataset_id, packed.content_hash)).fetchone()
            version_id = row[0] if row else self._insert_version(
                conn, dataset_id, packed, BUNDLED_NOTE, self._latest(conn, dataset_id),
                BUNDLED_AUTHOR)
        return self.version(version_id)

    # ---- reading
    _DATASETS = (
        "SELECT d.id, d.name, d.origin, d.created, "
        "(SELECT COUNT(*) FROM versions v WHERE v.dataset_id = d.id), "
        "(SELECT v.id FROM versions v WHERE v.dataset_id = d.id ORDER BY v.seq DESC LIMIT 1) "
        "FROM datasets d")
    _VERSIONS = (
        "SELECT v.id, v.dataset_id, d.name, "
        "(SELECT COUNT(*) FROM versions w WHERE w.dataset_id = v.dataset_id AND w.seq <= v.seq), "
        "v.parent_version, v.content_hash, v.note, v.created, v.n_actors, v.n_collaborations, "
        "v.n_memberships, v.size, v.author FROM versions v JOIN datasets d ON d.id = v.dataset_id")

    def datasets(self, *, origin: str | None = None) -> list[Dataset]:
        """Every dataset, oldest first; ``origin="bundled"`` or ``"user"`` keeps only those.

        The app lists only the bundled ones and those the session opened (by upload or
        link): one user's upload is not shown to another. The CLI lists them all.
        """
        where, params = ("", ()) if origin is None else (" WHERE d.origin = ?", (origin,))
        with self._reading() as conn:
            rows = conn.execute(self._DATASETS + where + " ORDER BY d.seq", params).fetchall()
        return [Dataset(*r) for r in rows]

    def dataset(self, dataset_id: str) -> Dataset:
        """The dataset with this id; :class:`NotFoundError` when there is none."""
        check_id(dataset_id, "dataset")
        with self._reading() as conn:
            row = conn.execute(self._DATASETS + " WHERE d.id = ?", (dataset_id,)).fetchone()
        if row is None:
            raise NotFoundError(tr("no dataset has the id {id} in this workspace",
                                   id=repr(dataset_id)))
        return Dataset(*row)

    def versions(self, dataset_id: str) -> list[Version]:
        """The versions of a dataset, oldest first."""
        self.dataset(dataset_id)
        with self._reading() as conn:
            rows = conn.execute(self._VERSIONS + " WHERE v.dataset_id = ? ORDER BY v.seq",
                                (dataset_id,)).fetchall()
        return [Version(*r) for r in rows]

    def version(self, version_id: str) -> Version:
        """The version with this id; :class:`NotFoundError` (a friendly message) otherwise."""
        check_id(version_id, "dataset version")
        with self._reading() as conn:
            row = conn.execute(self._VERSIONS + " WHERE v.id = ?", (version_id,)).fetchone()
        if row is None:
            raise NotFoundError(tr("no dataset version has the id {id} in this workspace (it "
                                   "may belong to another server's workspace)",
                                   id=repr(version_id)))
        return Version(*row)

    def resolve(self, any_id: str) -> Version:
        """A version id gives that version; a dataset id gives its newest version."""
        check_id(any_id, "dataset or version")
        with self._reading() as conn:
            row = conn.execute("SELECT id FROM versions WHERE id = ?", (any_id,)).fetchone()
            if row is None:
                row = conn.execute("SELECT id FROM versions WHERE dataset_id = ? "
                                   "ORDER BY seq DESC LIMIT 1", (any_id,)).fetchone()
        if row is None:
            raise NotFoundError(tr("no dataset or version has the id {id} in this workspace (it "
                                   "may belong to another server's workspace)", id=repr(any_id)))
        return self.version(row[0])

    def files(self, version_id: str) -> dict[str, bytes]:
        """The canonical CSV files of a version, checked against its content hash."""
        version = self.version(version_id)
        with self._reading() as conn:
            rows = conn.execute("SELECT name, codec, size, data FROM files WHERE version_id = ?",
                                (version_id,)).fetchall()
        files = {name: _inflate(codec, size, blob) for name, codec, size, blob in rows}
        if files and files_hash(files) == version.content_hash:
            return files
        raise WorkspaceError(f"the stored files of version {version_id!r} are damaged "
                             "(their content hash does not match)")

    def load_version(self, version_id: str) -> Model:
        """The model of a version, named after its dataset (through :func:`graphmodel.data.load`)."""
        version = self.version(version_id)
        return load(self.files(version_id), name=version.dataset_name)

    # ---- views and scenarios
    def _save(self, table: str, version_id: str, name: str, json_text,
              actor: Actor | None) -> str:
        what = table[:-1]
        author = self._acting(actor, "save_view" if what == "view" else "save_scenario").author
        check_id(version_id, "dataset version")
        name = clean_text(name, what=f"{what} name", limit=MAX_NAME_LENGTH)
        text = clean_json(json_text, what)
        saved_id = new_id()
        with self._writing() as conn:
            if not conn.execute("SELECT 1 FROM versions WHERE id = ?", (version_id,)).fetchone():
                raise NotFoundError(tr("no dataset version has the id {id} in this workspace",
                                       id=repr(version_id)))
            conn.execute(f"INSERT INTO {table} (id, version_id, name, json, created, author) "
                         "VALUES (?,?,?,?,?,?)",
                         (saved_id, version_id, name, text, utc_now(), author))
        return saved_id

    def _list(self, table: str, version_id: str) -> list[Saved]:
        self.version(version_id)
        with self._reading() as conn:
            rows = conn.execute(f"SELECT id, version_id, name, json, created, author FROM {table} "
                                "WHERE version_id = ? ORDER BY seq", (version_id,)).fetchall()
        return [Saved(*r) for r in rows]

    def _get(self, table: str, saved_id: str) -> Saved:
        what = table[:-1]
        check_id(saved_id, what)
        with self._reading() as conn:
            row = conn.execute(f"SELECT id, version_id, name, json, created, author FROM {table} "
                               "WHERE id = ?", (saved_id,)).fetchone()
        if row is None:
            message = (tr("no saved view has the id {id} in this workspace", id=repr(saved_id))
                       if what == "view" else
                       tr("no saved scenario has the id {id} in this workspace", id=repr(saved_id)))
            raise NotFoundError(message)
        return Saved(*row)

    def save_view(self, version_id: str, name: str, json_text, *,
                  actor: Actor | None = None) -> str:
        """Save a view (its JSON text, or a mapping) made on a version; returns its id.

        ``actor`` (default: the operating-system user) is recorded as its author;
        :class:`~graphmodel.errors.PermissionDenied` when their role may not save views.
        """
        return self._save("views", version_id, name, json_text, actor)

    def views(self, version_id: str) -> list[Saved]:
        """The views saved on a version, oldest first."""
        return self._list("views", version_id)

    def view(self, view_id: str) -> Saved:
        """The saved view with this id; :class:`NotFoundError` otherwise."""
        return self._get("views", view_id)

    def save_scenario(self, version_id: str, name: str, json_text, *,
                      actor: Actor | None = None) -> str:
        """Save a scenario (its JSON text, or a mapping) made on a version; returns its id.

        ``actor`` (default: the operating-system user) is recorded as its author;
        :class:`~graphmodel.errors.PermissionDenied` when their role may not save what-ifs.
        """
        return self._save("scenarios", version_id, name, json_text, actor)

    def scenarios(self, version_id: str) -> list[Saved]:
        """The scenarios saved on a version, oldest first."""
        return self._list("scenarios", version_id)

    def scenario(self, scenario_id: str) -> Saved:
        """The saved scenario with this id; :class:`NotFoundError` otherwise."""
        return self._get("scenarios", scenario_id)


def open_workspace(folder=None, **options) -> Workspace:
    """The workspace in ``folder``, else ``$GRAPHMODEL_WORKSPACE``, else the per-user one."""
    return Workspace(folder, **options)
