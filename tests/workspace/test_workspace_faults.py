"""Every workspace fault says what happened, and the earlier versions stay intact.

Faults: a read-only folder or file, a corrupt or truncated file, a workspace locked by
another writer, a full disk. Running as root, file permissions stop nothing, so
"may not write" is simulated the way graphmodel asks: ``os.access`` answers no for the
workspace (monkeypatched). The read-only opening itself is real (SQLite's ``mode=ro``): the
tests check the file's bytes do not change. A full disk is SQLite's own ``SQLITE_FULL``
(``PRAGMA max_page_count`` caps the file), the error a full disk gives.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest
from conftest import tiny_files

import graphmodel as gm
from graphmodel.cli import main as cli
from graphmodel.data.model import Model
from graphmodel.errors import WorkspaceError
from graphmodel.workspace import Workspace, store as wsmod


def tiny(**renames) -> Model:
    model = gm.load(tiny_files(), name="tiny")
    actors = model.actors.copy()
    for actor_id, new_name in renames.items():
        actors.loc[actors["id"] == actor_id, "name"] = new_name
    return Model.from_frames(actors, model.collaborations, model.memberships, name="tiny")


@pytest.fixture
def two_versions(tmp_path):
    """A workspace holding one dataset with two versions, and their content hashes."""
    ws = Workspace(tmp_path / "ws")
    v1 = ws.add_dataset(tiny(), "Tiny", note="first")
    v2 = ws.add_version(v1.dataset_id, tiny(a="Åby"), note="second")
    return ws, {v1.id: tiny().content_hash(), v2.id: tiny(a="Åby").content_hash()}


def intact(folder: Path, versions: dict[str, str]) -> bool:
    """Every earlier version opens with its own content (read through a fresh object)."""
    ws = Workspace(folder)
    return all(ws.load_version(v).content_hash() == h for v, h in versions.items())


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def deny_writes(monkeypatch, folder: Path, *, file_only: bool = False) -> None:
    real = os.access
    target = (folder / wsmod.DB_FILE) if file_only else folder

    def access(path, mode, *args, **kwargs):
        if mode & os.W_OK and Path(path).resolve() == target.resolve():
            return False
        return real(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)


# --------------------------------------------------------------------------- read-only


@pytest.mark.parametrize("file_only", [False, True], ids=["folder", "file"])
def test_a_workspace_one_may_not_write_opens_read_only(two_versions, monkeypatch, file_only):
    ws, versions = two_versions
    folder = ws.folder
    with sqlite3.connect(ws.path) as conn:  # fold the WAL in: the file alone holds all
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = digest(ws.path)
    deny_writes(monkeypatch, folder, file_only=file_only)
    ro = Workspace(folder)
    assert ro.read_only
    assert ("but not write it" if file_only else "but not write in it") in ro.read_only_reason
    assert [d.name for d in ro.datasets()] == ["Tiny"]
    assert all(ro.load_version(v).content_hash() == h for v, h in versions.items())
    with pytest.raises(WorkspaceError, match=r"is read-only \(you may read .* nothing can be "
                                             r"saved here"):
        ro.add_dataset(tiny(b="Bes 2"), "More")
    with pytest.raises(WorkspaceError, match="read-only"):
        ro.save_view(next(iter(versions)), "v", "{}")
    assert digest(ws.path) == before  # not a byte written
    monkeypatch.undo()
    assert intact(folder, versions)


def test_the_command_line_lists_a_read_only_workspace(two_versions, monkeypatch, capsys):
    ws, _ = two_versions
    deny_writes(monkeypatch, ws.folder)
    assert cli(["workspace", "list", "--workspace", str(ws.folder)]) == 0
    out = capsys.readouterr().out
    assert "(read-only: you may read the folder" in out and "Tiny" in out


def test_opening_read_only_on_request_writes_nothing(two_versions):
    ws, versions = two_versions
    ro = Workspace(ws.folder, read_only=True)
    assert ro.read_only_reason == "it was opened read-only"
    with pytest.raises(WorkspaceError, match="read-only"):
        ro.add_dataset(tiny(c="Cel 2"), "x")
    assert intact(ws.folder, versions)


def test_no_workspace_in_a_folder_one_may_not_write(tmp_path, monkeypatch):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / wsmod.DB_FILE).write_bytes(b"")
    deny_writes(monkeypatch, tmp_path / "empty")
    with pytest.raises(WorkspaceError, match="not a graphmodel workspace"):
        Workspace(tmp_path / "empty")


# --------------------------------------------------------------------------- damaged files


def test_a_corrupt_file_is_not_opened_and_says_so(two_versions):
    ws, _ = two_versions
    data = bytearray(ws.path.read_bytes())
    data[:16] = b"not SQLite here!"
    ws.path.write_bytes(bytes(data))
    with pytest.raises(WorkspaceError, match=r"is not a graphmodel workspace that can be "
                                             r"opened \(file is not a database\)"):
        Workspace(ws.folder)


def test_a_truncated_file_is_refused_without_a_traceback(two_versions):
    ws, _ = two_versions
    with sqlite3.connect(ws.path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = ws.path.stat().st_size
    with open(ws.path, "r+b") as fh:
        fh.truncate(size // 3)
    with pytest.raises(WorkspaceError, match="malformed|not a graphmodel workspace|damaged"):
        fresh = Workspace(ws.folder)
        for d in fresh.datasets():
            for v in fresh.versions(d.id):
                fresh.load_version(v.id)


# --------------------------------------------------------------------------- locked, full


def test_a_locked_workspace_says_try_again_and_loses_nothing(two_versions, monkeypatch):
    ws, versions = two_versions
    monkeypatch.setattr(wsmod, "BUSY_TIMEOUT_MS", 200)
    other = sqlite3.connect(ws.path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(WorkspaceError, match=r"stayed busy for 0 s; try again"):
            ws.add_dataset(tiny(a="Locked"), "Locked")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert intact(ws.folder, versions)
    assert [d.name for d in Workspace(ws.folder).datasets()] == ["Tiny"]
    ws.add_dataset(tiny(a="Locked"), "Locked")  # once free, the same save works


def test_a_full_disk_says_so_and_loses_nothing(two_versions, monkeypatch):
    ws, versions = two_versions
    connect = Workspace._connect

    def full(self):
        conn = connect(self)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
        return conn

    monkeypatch.setattr(Workspace, "_connect", full)
    big = gm.load({**tiny_files(), "actors.csv": tiny_files()["actors.csv"] + "".join(
        f"x{i},Place {i} {'z' * 200},municipality\n" for i in range(2000))})
    with pytest.raises(WorkspaceError, match=r"is full: nothing was saved and the earlier "
                                             r"versions are intact"):
        ws.add_dataset(big, "Big")
    monkeypatch.undo()
    assert intact(ws.folder, versions)
    assert [d.name for d in Workspace(ws.folder).datasets()] == ["Tiny"]
