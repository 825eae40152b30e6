"""The workspace store: versions, ids, views, limits, migrations, concurrency and crashes."""

from __future__ import annotations

import multiprocessing
import os
import re
import signal
import sqlite3
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import tiny_files

import graphmodel as gm
from graphmodel.data.model import Model, to_csv_bytes
from graphmodel.errors import GraphModelError, NotFoundError, ValidationError, WorkspaceError
from graphmodel.workspace import store as wsmod
from graphmodel.workspace.session import open_dataset, session_datasets
from graphmodel.workspace.store import (
    MIGRATIONS,
    Workspace,
    default_folder,
    files_hash,
    is_id,
    open_workspace,
)
from graphmodel.workspace.text import add_data, format_list, format_show

REPO = Path(__file__).resolve().parents[2]
NORDIC = REPO / "data" / "nordic"
ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_-]{15}$")


def tiny(name="tiny", **renames) -> Model:
    """The tiny dataset; ``renames`` changes actor names (a=..., b=...) to make new content."""
    model = gm.load(tiny_files(), name=name)
    if not renames:
        return model
    actors = model.actors.copy()
    for actor_id, new_name in renames.items():
        actors.loc[actors["id"] == actor_id, "name"] = new_name
    return Model.from_frames(actors, model.collaborations, model.memberships, name=name)


@pytest.fixture
def ws(tmp_path) -> Workspace:
    return Workspace(tmp_path / "ws")


# --------------------------------------------------------------------------- datasets
def test_add_dataset_stores_canonical_files_and_counts(ws):
    m = tiny()
    v = ws.add_dataset(m, "Tiny", note="first")
    assert ID.match(v.id) and ID.match(v.dataset_id) and v.id != v.dataset_id
    assert (v.number, v.parent_version, v.note, v.dataset_name) == (1, None, "first", "Tiny")
    # the tiny dataset: 5 actors, 5 collaborations, 13 memberships (conftest)
    assert (v.n_actors, v.n_collaborations, v.n_memberships) == (5, 5, 13)
    assert v.summary == "5 actors, 5 collaborations, 13 memberships"
    files = to_csv_bytes(m)
    assert ws.files(v.id) == files
    assert v.size == sum(len(b) for b in files.values())
    assert v.content_hash == m.content_hash() == files_hash(files)
    back = ws.load_version(v.id)
    assert back.name == "Tiny" and back.content_hash() == m.content_hash()
    pd.testing.assert_frame_equal(back.memberships, m.memberships)


def test_the_file_is_compressed(ws):
    model = gm.synthesize(300, 100, seed=1)
    v = ws.add_dataset(model, "Synthetic")
    with sqlite3.connect(ws.path) as conn:
        stored = conn.execute("SELECT SUM(LENGTH(data)) FROM files WHERE version_id = ?",
                              (v.id,)).fetchone()[0]
    assert stored < v.size / 2


def test_identical_content_is_not_duplicated(ws):
    v1 = ws.add_dataset(tiny(), "Tiny")
    assert ws.add_dataset(tiny(), "Tiny").id == v1.id  # same name, same content
    assert ws.add_version(v1.dataset_id, tiny(), note="again").id == v1.id
    other = ws.add_dataset(tiny(), "Another name")  # a new dataset is a new dataset
    assert other.dataset_id != v1.dataset_id
    assert [d.n_versions for d in ws.datasets()] == [1, 1]


def test_new_versions_chain_and_never_overwrite(ws):
    v1 = ws.add_dataset(tiny(), "Tiny")
    v2 = ws.add_version(v1.dataset_id, tiny(a="Aby II"), note="renamed a")
    v3 = ws.add_version(v1.dataset_id, tiny(b="Bes II"), note="edit of v1", parent=v1.id)
    assert (v2.number, v2.parent_version) == (2, v1.id)
    assert (v3.number, v3.parent_version) == (3, v1.id)
    assert [v.id for v in ws.versions(v1.dataset_id)] == [v1.id, v2.id, v3.id]
    assert ws.load_version(v1.id).actor("a")["name"] == "Aby"  # the old one still opens
    assert ws.load_version(v2.id).actor("a")["name"] == "Aby II"
    (d,) = ws.datasets()
    assert (d.id, d.name, d.n_versions, d.latest, d.origin) == (
        v1.dataset_id, "Tiny", 3, v3.id, "user")
    assert ws.resolve(d.id).id == v3.id and ws.resolve(v1.id).id == v1.id


def test_a_parent_from_another_dataset_is_refused(ws):
    a = ws.add_dataset(tiny(), "A")
    b = ws.add_dataset(tiny(), "B")
    with pytest.raises(NotFoundError, match="has no version"):
        ws.add_version(a.dataset_id, tiny(a="x"), parent=b.id)
    assert len(ws.versions(a.dataset_id)) == 1


def test_invalid_data_is_refused_and_nothing_stored(ws):
    m = tiny()
    bad = Model.from_frames(m.actors, m.collaborations,
                            pd.concat([m.memberships, pd.DataFrame(
                                {"actor": ["nobody"], "collaboration": ["s1"]})]))
    with pytest.raises(ValidationError, match="nobody"):
        ws.add_dataset(bad, "Bad")
    assert ws.datasets() == []
    with pytest.raises(TypeError, match="Model"):
        ws.add_dataset(tiny_files(), "Not a model")


def test_size_limit(tmp_path):
    small = Workspace(tmp_path / "w", max_bytes=500)
    size = sum(len(b) for b in to_csv_bytes(tiny()).values())
    assert size > 500
    with pytest.raises(WorkspaceError, match=rf"is {size:,} bytes as CSV; .* at most 500 bytes"):
        small.add_dataset(tiny(), "Tiny")
    assert small.datasets() == []
    assert wsmod.MAX_DATASET_BYTES == 50 * 1024 * 1024


# --------------------------------------------------------------------------- ids
@pytest.mark.parametrize("bad", [
    "", "short", "x" * 17, "../../etc/passwd", "AAAAAAAAAAAAAAA/", "AAAAAAAAAAAAAAAA\n",
    "AAAAAAAAAAAAAAA'", "ÅAAAAAAAAAAAAAAA", "-AAAAAAAAAAAAAAA", "' OR 1=1 --aaaa", None,
    12345, "x" * 10_000,
])
def test_malformed_ids_are_not_found_before_any_lookup(ws, bad):
    for call in (ws.version, ws.dataset, ws.resolve, ws.view, ws.scenario, ws.load_version,
                 ws.versions, ws.views):
        with pytest.raises(NotFoundError, match="16 letters"):
            call(bad)


def test_unknown_ids_give_a_friendly_message(ws):
    ws.add_dataset(tiny(), "Tiny")
    unknown = "A" * 16
    with pytest.raises(NotFoundError, match="no dataset version has the id 'AAAAAAAAAAAAAAAA'"):
        ws.version(unknown)
    with pytest.raises(NotFoundError, match="another server"):
        ws.resolve(unknown)
    with pytest.raises(NotFoundError, match="no dataset has the id"):
        ws.add_version(unknown, tiny(a="x"))
    with pytest.raises(NotFoundError, match="no saved view"):
        ws.view(unknown)
    err = pytest.raises(NotFoundError, ws.load_version, unknown).value
    assert isinstance(err, GraphModelError) and isinstance(err, LookupError)


def test_ids_are_random_and_url_safe(ws):
    v = ws.add_dataset(tiny(), "Tiny")
    ids = {v.id, v.dataset_id} | {ws.save_view(v.id, f"v{i}", "{}") for i in range(200)}
    assert len(ids) == 202 and all(ID.match(i) for i in ids)
    assert len({i[0] for i in ids}) > 20  # random, not a counter


# --------------------------------------------------------------------------- names and notes
def test_names_and_notes_are_cleaned_data_never_paths(ws):
    v = ws.add_dataset(tiny(), "  ../../etc/passwd\x00\x1b[31m  \u202eevil\n ",
                       note="line 1\r\nline 2\x07")
    assert v.dataset_name == "../../etc/passwd [31m evil"
    assert v.note == "line 1\nline 2"
    assert sorted(p.name for p in ws.folder.iterdir()) <= [
        "workspace.sqlite", "workspace.sqlite-shm", "workspace.sqlite-wal"]
    assert not (ws.folder.parent / "etc").exists()
    surrogate = ws.add_dataset(tiny(), "half \ud800 pair")
    assert surrogate.dataset_name == "half pair"


@pytest.mark.parametrize(("name", "message"), [
    ("", "empty"), ("   \t\n", "empty"), ("x" * 201, "at most 200"), ("x" * 5000, "5,000"),
    (None, "must be text"), (b"bytes", "must be text"),
])
def test_bad_names_are_refused(ws, name, message):
    with pytest.raises(WorkspaceError, match=message):
        ws.add_dataset(tiny(), name)
    assert ws.datasets() == []


def test_long_notes_are_refused(ws):
    with pytest.raises(WorkspaceError, match="note"):
        ws.add_dataset(tiny(), "Tiny", note="n" * 4001)


# --------------------------------------------------------------------------- views, scenarios
def test_views_and_scenarios(ws):
    v1 = ws.add_dataset(tiny(), "Tiny")
    v2 = ws.add_version(v1.dataset_id, tiny(a="A2"))
    a = ws.save_view(v1.id, "Health", '{"focus": "a", "sectors": ["health"]}')
    b = ws.save_view(v1.id, "All", {"focus": "b"})
    s = ws.save_scenario(v2.id, "Merge", '{"changes": []}')
    assert [x.id for x in ws.views(v1.id)] == [a, b]
    assert ws.views(v2.id) == [] and ws.scenarios(v1.id) == []
    got = ws.view(a)
    assert (got.version_id, got.name, got.json) == (v1.id, "Health",
                                                    '{"focus": "a", "sectors": ["health"]}')
    assert ws.view(b).json == '{"focus": "b"}'
    assert ws.scenario(s).name == "Merge" and ws.scenarios(v2.id)[0].id == s
    with pytest.raises(NotFoundError):
        ws.scenario(a)  # a view is not a scenario


@pytest.mark.parametrize(("text", "message"), [
    ("not json", "not valid JSON"), ("[1, 2]", "JSON object"), ("[" * 100_000, "not valid JSON"),
    ('{"a": "' + "x" * (1024 * 1024) + '"}', "bytes"), (42, "JSON text"),
    ('{"t": "\ud800"}', "not valid Unicode"),
])
def test_bad_view_json_is_refused(ws, text, message):
    v = ws.add_dataset(tiny(), "Tiny")
    with pytest.raises(WorkspaceError, match=message):
        ws.save_view(v.id, "bad", text)
    assert ws.views(v.id) == []


def test_a_view_needs_an_existing_version(ws):
    with pytest.raises(NotFoundError, match="no dataset version"):
        ws.save_view("B" * 16, "x", "{}")


# --------------------------------------------------------------------------- bundled example
def test_ensure_bundled_is_idempotent_and_versions_changes(ws, tmp_path):
    if not NORDIC.is_dir():
        pytest.skip("data/nordic is not in this checkout")
    v = ws.ensure_bundled(NORDIC)
    assert ws.ensure_bundled(NORDIC).id == v.id
    (d,) = ws.datasets()
    assert (d.name, d.origin, d.n_versions) == ("Nordic example", "bundled", 1)
    assert ws.load_version(v.id).content_hash() == gm.load(NORDIC).content_hash()
    # a user's dataset of the same name and content is another dataset
    mine = ws.add_dataset(gm.load(NORDIC), "Nordic example")
    assert mine.dataset_id != d.id
    assert [x.id for x in ws.datasets(origin="bundled")] == [d.id]
    assert [x.id for x in ws.datasets(origin="user")] == [mine.dataset_id]
    # a new release of the example becomes a new version of the same dataset
    nordic = gm.load(NORDIC)
    actors = nordic.actors.copy()
    actors.loc[0, "name"] = "Renamed"
    changed = Model.from_frames(actors, nordic.collaborations, nordic.memberships)
    gm.save(changed, tmp_path / "nordic2")
    v2 = ws.ensure_bundled(tmp_path / "nordic2")
    assert (v2.dataset_id, v2.number, v2.parent_version) == (d.id, 2, v.id)


# --------------------------------------------------------------------------- the app's session
def test_open_dataset_by_version_or_dataset_id(ws):
    v1 = ws.add_dataset(tiny(), "Tiny")
    v2 = ws.add_version(v1.dataset_id, tiny(a="Other"))
    model, version = open_dataset(ws, v1.id)  # a version id: that version, not the newest
    assert version == v1 and model.content_hash() == v1.content_hash
    assert model.name == "Tiny" and "Other" not in set(model.actors["name"])
    model, version = open_dataset(ws, v1.dataset_id)  # a dataset id: its newest version
    assert version == v2 and model.content_hash() == v2.content_hash
    model.actors.loc[0, "name"] = "changed"  # the caller's copy: nothing stored changes
    assert open_dataset(ws, v2.id)[0].content_hash() == v2.content_hash
    assert gm.open_dataset is open_dataset and gm.session_datasets is session_datasets


@pytest.mark.parametrize("bad", ["Z" * 16, "../../etc/passwd", "x" * 5000, "", None, 42,
                                 ["a"], "-" * 16])
def test_open_dataset_unknown_ids_give_a_sentence_for_the_person(ws, bad):
    ws.add_dataset(tiny(), "Tiny")
    with pytest.raises(NotFoundError, match="^This link names a dataset") as info:
        open_dataset(ws, bad)
    text = str(info.value)
    assert len(text) < 300 and "\n" not in text and "xxxxxxxxxx" not in text
    assert "pick a dataset" in text


def test_session_datasets_lists_bundled_and_only_what_this_session_opened(ws, tmp_path):
    if not NORDIC.is_dir():
        pytest.skip("data/nordic is not in this checkout")
    bundled = ws.ensure_bundled(NORDIC)
    alice = ws.add_dataset(tiny(a="Alice's"), "Alice upload")
    bob = ws.add_dataset(tiny(b="Bob's"), "Bob upload")
    bob2 = ws.add_version(bob.dataset_id, tiny(b="Bob's, edited"))

    def names(opened):
        return [d.name for d in session_datasets(ws, opened)]

    assert names([]) == ["Nordic example"]  # a fresh session sees only the example
    assert names([alice.id]) == ["Nordic example", "Alice upload"]  # never Bob's upload
    # a version id or a dataset id, given twice, in any order: each dataset once, in order
    assert names([bob2.id, alice.dataset_id, bob.id]) == [
        "Nordic example", "Alice upload", "Bob upload"]
    # ids the workspace lacks (a stale session, junk) are skipped, never an error
    assert names(["Z" * 16, "../x", None, bundled.id]) == ["Nordic example"]
    (own,) = [d for d in session_datasets(ws, [bob.id]) if d.origin == "user"]
    assert (own.id, own.n_versions, own.latest) == (bob.dataset_id, 2, bob2.id)


# --------------------------------------------------------------------------- folder, schema
def test_folder_from_argument_env_or_per_user_default(tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHMODEL_WORKSPACE", str(tmp_path / "from-env"))
    assert open_workspace().folder == tmp_path / "from-env"
    assert open_workspace(tmp_path / "given").folder == tmp_path / "given"
    assert (tmp_path / "given" / "workspace.sqlite").is_file()
    monkeypatch.delenv("GRAPHMODEL_WORKSPACE")
    if sys.platform in ("win32", "darwin"):
        return
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_folder() == tmp_path / "xdg" / "graphmodel"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/ignored")  # XDG: relative paths are invalid
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_folder() == tmp_path / "home" / ".local" / "share" / "graphmodel"


def test_a_folder_that_is_a_file_is_refused(tmp_path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(WorkspaceError, match="cannot use"):
        Workspace(tmp_path / "f")


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    (tmp_path / "w").mkdir()
    (tmp_path / "w" / "workspace.sqlite").write_bytes(b"this is not SQLite" * 100)
    with pytest.raises(WorkspaceError, match="not a graphmodel workspace"):
        Workspace(tmp_path / "w")


def test_schema_version_wal_and_foreign_keys(ws):
    assert ws.schema_version == len(MIGRATIONS) == 2
    with sqlite3.connect(ws.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"datasets", "versions", "files", "views", "scenarios", "roles"}
    v = ws.add_dataset(tiny(), "Tiny")
    # the store's connections enforce references
    with pytest.raises(WorkspaceError, match="FOREIGN KEY"), ws._writing() as conn:
        conn.execute("INSERT INTO views (id, version_id, name, json, created) "
                     "VALUES ('x', 'no-such-version', 'n', '{}', 'now')")
    assert ws.views(v.id) == []


def test_a_version_0_file_is_migrated(tmp_path):
    folder = tmp_path / "old"
    folder.mkdir()
    with sqlite3.connect(folder / "workspace.sqlite") as conn:  # an empty file: version 0
        conn.execute("CREATE TABLE unrelated (x)")
    ws = Workspace(folder)
    assert ws.schema_version == 2
    assert ws.add_dataset(tiny(), "Tiny").number == 1


def test_migrations_run_in_order_in_one_transaction(tmp_path, monkeypatch):
    ws = Workspace(tmp_path / "w")
    v = ws.add_dataset(tiny(), "Tiny")
    ran = []

    def add_pinned(conn):
        ran.append(3)
        conn.execute("ALTER TABLE views ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0")

    def broken(conn):
        ran.append(4)
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("migration 4 failed")

    monkeypatch.setattr(wsmod, "MIGRATIONS", [*MIGRATIONS, add_pinned, broken])
    with pytest.raises(RuntimeError, match="migration 4"):
        Workspace(tmp_path / "w")
    assert ran == [3, 4]
    with sqlite3.connect(tmp_path / "w" / "workspace.sqlite") as conn:  # all rolled back
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
        assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name='half_done'").fetchone()
        columns = [r[1] for r in conn.execute("PRAGMA table_info(views)")]
    assert "pinned" not in columns

    monkeypatch.setattr(wsmod, "MIGRATIONS", [*MIGRATIONS, add_pinned])
    again = Workspace(tmp_path / "w")
    assert again.schema_version == 3
    assert again.load_version(v.id).content_hash() == v.content_hash  # data kept
    with sqlite3.connect(again.path) as conn:
        assert "pinned" in [r[1] for r in conn.execute("PRAGMA table_info(views)")]


def test_a_newer_file_is_refused(tmp_path):
    Workspace(tmp_path / "w")
    with sqlite3.connect(tmp_path / "w" / "workspace.sqlite") as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(WorkspaceError, match="newer graphmodel"):
        Workspace(tmp_path / "w")


def test_damaged_files_are_detected(ws):
    v = ws.add_dataset(tiny(), "Tiny")
    with sqlite3.connect(ws.path) as conn:
        conn.execute("UPDATE files SET data = ? WHERE version_id = ? AND name = 'actors.csv'",
                     (b"garbage", v.id))
    with pytest.raises(WorkspaceError, match="damaged"):
        ws.load_version(v.id)


# --------------------------------------------------------------------------- CLI text
def test_format_list_and_show(ws, tiny_folder):
    assert "no datasets yet" in format_list(ws)
    v1 = add_data(ws, tiny_folder, "Tiny\nfake line", note="from the folder")
    v2 = ws.add_version(v1.dataset_id, tiny(a="Other"), note="second\nversion")
    view = ws.save_view(v2.id, "Health view", "{}")
    text = format_list(ws)
    assert v1.dataset_id in text and v2.id in text and "Tiny fake line" in text
    row = next(line for line in text.splitlines() if line.startswith(v1.dataset_id))
    assert re.search(rf"{v1.dataset_id}\s+Tiny fake line\s+2\s+{v2.id}\s+5\s+5\s+13\s", row)
    shown = format_show(ws, v1.dataset_id)
    assert re.search(rf"1\s+{v1.id}\s.*from the folder", shown)
    assert re.search(rf"2\s+{v2.id}\s.*second version", shown)
    assert re.search(rf"views\s+1\n\s+{view}\s.*version 2: Health view", shown)
    assert re.search(r"scenarios\s+-", shown) and f"?data={v2.id}" in shown
    version = format_show(ws, v2.id)
    assert v2.content_hash in version and f"made from     {v1.id}" in version
    assert f"?data={v2.id}" in version and view in version and "Health view" in version
    with pytest.raises(NotFoundError):
        format_show(ws, "Z" * 16)
    with pytest.raises(NotFoundError):
        format_show(ws, "../x")


def test_add_data_names_after_the_data_by_default(ws, tiny_folder):
    assert add_data(ws, tiny_folder).dataset_name == "tiny"


# --------------------------------------------------------------------------- processes
def _context():
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _writer(folder, worker, count, errors):
    try:
        ws = Workspace(folder)
        dataset_id = ws.datasets()[0].id
        for i in range(count):
            ws.add_version(dataset_id, tiny(a=f"w{worker}-{i}"), note=f"{worker}/{i}")
        ws.add_dataset(tiny(b=f"own {worker}"), f"Own {worker}")
    except BaseException as exc:  # noqa: BLE001 (the parent fails the test)
        errors.put(f"{worker}: {type(exc).__name__}: {exc}")


def _reader(folder, stop, errors):
    try:
        ws = Workspace(folder)
        while not stop.is_set():
            for d in ws.datasets():
                ws.versions(d.id)
    except BaseException as exc:  # noqa: BLE001
        errors.put(f"reader: {type(exc).__name__}: {exc}")


@pytest.mark.slow  # several processes write at once
def test_concurrent_writers_lose_nothing(tmp_path):
    folder = tmp_path / "w"
    first = Workspace(folder).add_dataset(tiny(), "Shared")
    ctx = _context()
    errors, stop = ctx.Queue(), ctx.Event()
    reader = ctx.Process(target=_reader, args=(folder, stop, errors))
    writers = [ctx.Process(target=_writer, args=(folder, w, 4, errors)) for w in range(4)]
    reader.start()
    for p in writers:
        p.start()
    for p in writers:
        p.join(120)
    stop.set()
    reader.join(30)
    problems = []
    while not errors.empty():
        problems.append(errors.get())
    assert problems == []
    assert [p.exitcode for p in writers] == [0, 0, 0, 0]
    ws = Workspace(folder)
    versions = ws.versions(first.dataset_id)
    assert len(versions) == 1 + 16
    assert sorted(v.note for v in versions[1:]) == sorted(
        f"{w}/{i}" for w in range(4) for i in range(4))
    assert [v.number for v in versions] == list(range(1, 18))
    assert len({v.content_hash for v in versions}) == 17
    assert sorted(d.name for d in ws.datasets()) == ["Own 0", "Own 1", "Own 2", "Own 3", "Shared"]
    for v in versions:
        assert ws.load_version(v.id).content_hash() == v.content_hash


class _StallingConnection:
    """A connection that stops for good after writing the first file of a version."""

    def __init__(self, conn, marker):
        self._conn, self._marker = conn, marker

    def execute(self, sql, params=()):
        result = self._conn.execute(sql, params)
        if sql.startswith("INSERT INTO versions"):
            self._version = params[0]
        if sql.startswith("INSERT INTO files"):
            self._marker.write_text(self._version)  # half written: now kill me
            time.sleep(60)
        return result

    def __getattr__(self, name):
        return getattr(self._conn, name)


class _StallingWorkspace(Workspace):
    def __init__(self, folder, marker):
        self.marker = marker
        super().__init__(folder)

    def _connect(self):
        return _StallingConnection(super()._connect(), self.marker)


def _stall(folder, marker):
    ws = _StallingWorkspace(folder, marker)
    ws.add_version(ws.datasets()[0].id, gm.synthesize(400, 150, seed=3), note="half")


def _wait_for(predicate, seconds=60.0):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def _check_intact(ws):
    with sqlite3.connect(ws.path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        orphans = conn.execute("SELECT COUNT(*) FROM versions v WHERE (SELECT COUNT(*) FROM "
                               "files f WHERE f.version_id = v.id) != 3").fetchone()[0]
    assert orphans == 0
    for d in ws.datasets():
        for v in ws.versions(d.id):
            assert ws.load_version(v.id).content_hash() == v.content_hash


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_process_killed_mid_write_leaves_the_workspace_intact(tmp_path):
    folder = tmp_path / "w"
    ws = Workspace(folder)
    v1 = ws.add_dataset(tiny(), "Tiny")
    v2 = ws.add_version(v1.dataset_id, tiny(a="second"))
    marker = tmp_path / "half-written"
    proc = _context().Process(target=_stall, args=(folder, marker))
    proc.start()
    try:
        assert _wait_for(lambda: marker.exists() or not proc.is_alive())
        assert marker.exists(), "the writer never reached the middle of its write"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.join(30)
    assert proc.exitcode == -signal.SIGKILL
    half = marker.read_text()
    assert is_id(half)
    after = Workspace(folder)
    assert [v.id for v in after.versions(v1.dataset_id)] == [v1.id, v2.id]
    with pytest.raises(NotFoundError):
        after.version(half)
    _check_intact(after)
    v3 = after.add_version(v1.dataset_id, tiny(a="third"))  # and it takes writes again
    assert v3.number == 3


def _keep_writing(folder, started):
    ws = Workspace(folder)
    dataset_id = ws.datasets()[0].id
    base = gm.synthesize(400, 150, seed=5)
    for i in range(1000):
        actors = base.actors.assign(name=base.actors["name"] + f" {i}")
        ws.add_version(dataset_id, Model.from_frames(actors, base.collaborations,
                                                     base.memberships), note=str(i))
        started.set()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_writer_killed_at_any_moment_loses_only_its_unfinished_version(tmp_path):
    folder = tmp_path / "w"
    first = Workspace(folder).add_dataset(tiny(), "Tiny")
    ctx = _context()
    started = ctx.Event()
    proc = ctx.Process(target=_keep_writing, args=(folder, started))
    proc.start()
    try:
        assert started.wait(60)
        time.sleep(0.3)  # somewhere inside a later version: packing or writing
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.join(30)
    ws = Workspace(folder)
    versions = ws.versions(first.dataset_id)
    assert len(versions) >= 2
    assert [v.note for v in versions[1:]] == [str(i) for i in range(len(versions) - 1)]
    _check_intact(ws)
