"""``graphmodel workspace add | list | show``: ids on stdout, listings, one-line errors."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import graphmodel as gm
from graphmodel import cli
from graphmodel.workspace.store import Workspace, is_id

ROOT = Path(__file__).resolve().parents[2]
NORDIC = ROOT / "data" / "nordic"
EIGHT = ROOT / "tests" / "fixtures" / "eight_mistakes"


def counts():
    """(actors, collaborations, memberships) of data/nordic as it is now (it is edited)."""
    m = gm.load(NORDIC)
    return len(m.actors), len(m.collaborations), len(m.memberships)


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def added(capsys, tmp_path):
    """data/nordic added as "Nordic" to a fresh workspace W: (folder, version id)."""
    folder = tmp_path / "W"
    code, out, err = run(capsys, "workspace", "add", NORDIC, "--name", "Nordic",
                         "--workspace", folder)
    assert code == 0, err
    return folder, out


def test_add_prints_only_the_new_version_id(added):
    folder, out = added
    assert out.endswith("\n") and out.count("\n") == 1
    version_id = out.strip()
    assert is_id(version_id)
    v = Workspace(folder).version(version_id)
    assert (v.dataset_name, v.number, v.n_actors) == ("Nordic", 1, len(gm.load(NORDIC).actors))


def test_adding_the_same_data_again_gives_the_same_id(capsys, added):
    folder, first = added
    code, again, err = run(capsys, "workspace", "add", NORDIC, "--name", "Nordic",
                           "--workspace", folder)
    assert code == 0 and again == first
    assert "already held" in err
    assert [d.n_versions for d in Workspace(folder).datasets()] == [1]


def test_list_shows_the_dataset_and_its_newest_version(capsys, added):
    folder, out = added
    version_id = out.strip()
    code, text, _ = run(capsys, "workspace", "list", "--workspace", folder)
    assert code == 0
    (dataset,) = Workspace(folder).datasets()
    row = next(line for line in text.splitlines() if line.startswith(dataset.id))
    a, c, m = counts()
    assert re.search(rf"^{dataset.id}\s+Nordic\s+1\s+{version_id}\s+{a}\s+{c}\s+{m}\s", row)


def test_show_a_dataset_and_a_version(capsys, added):
    folder, out = added
    version_id = out.strip()
    ws = Workspace(folder)
    view_id = ws.save_view(version_id, "Trøndelag health", {"title": "x"})
    dataset_id = ws.version(version_id).dataset_id

    code, text, _ = run(capsys, "workspace", "show", dataset_id, "--workspace", folder)
    assert code == 0
    assert text.startswith(f"Dataset {dataset_id}: Nordic\n")
    a, c, m = counts()
    assert re.search(rf"\n\s+1\s+{version_id}\s+\S+\s+\S+\s+{a}\s+{c}\s+{m}\n", text)  # saved, by
    assert re.search(rf"{view_id}\s.*version 1: Trøndelag health", text)

    code, text, _ = run(capsys, "workspace", "show", version_id, "--workspace", folder)
    assert code == 0
    assert text.startswith(f"Version {version_id}: number 1 of dataset {dataset_id} (Nordic)")
    assert f"{a} actors, {c} collaborations, {m} memberships" in text
    assert f"?data={version_id}" in text and view_id in text


@pytest.mark.parametrize("bad", ["ZZZZZZZZZZZZZZZZ", "../etc/passwd", "x" * 300])
def test_an_unknown_id_exits_1_with_one_line(capsys, added, bad):
    folder, _ = added
    code, out, err = run(capsys, "workspace", "show", bad, "--workspace", folder)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("graphmodel workspace show: no dataset")
    assert "x" * 41 not in err  # a long value is never echoed


def test_bad_data_lists_every_problem_and_stores_nothing(capsys, tmp_path):
    folder = tmp_path / "W"
    code, out, err = run(capsys, "workspace", "add", EIGHT, "--name", "Bad",
                         "--workspace", folder)
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 8
    assert all(re.match(r"^(actors|collaborations|memberships)\.csv:\d+: \w+: .+", x)
               for x in lines), lines
    assert Workspace(folder).datasets() == []


def test_missing_data_and_empty_name_are_one_line_errors(capsys, tmp_path):
    folder = tmp_path / "W"
    code, _, err = run(capsys, "workspace", "add", tmp_path / "nope", "--name", "N",
                       "--workspace", folder)
    assert code == 1 and "no such folder" in err and err.count("\n") == 1
    code, _, err = run(capsys, "workspace", "add", NORDIC, "--name", "  \x1b ",
                       "--workspace", folder)
    assert code == 1 and "name is empty" in err and err.count("\n") == 1


def test_the_workspace_comes_from_the_environment(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHMODEL_WORKSPACE", str(tmp_path / "from-env"))
    code, out, _ = run(capsys, "workspace", "add", NORDIC, "--name", "Nordic")
    assert code == 0
    assert Workspace(tmp_path / "from-env").version(out.strip()).dataset_name == "Nordic"


def test_an_empty_workspace_says_how_to_add(capsys, tmp_path):
    code, out, _ = run(capsys, "workspace", "list", "--workspace", tmp_path / "W")
    assert code == 0 and "no datasets yet" in out and "workspace add" in out


@pytest.mark.parametrize("action", ["add", "list", "show"])
def test_every_action_has_an_example_in_its_help(capsys, action):
    code, out, _ = run(capsys, "workspace", action, "--help")
    assert code == 0 and "Example:" in out and f"graphmodel workspace {action}" in out


def test_a_missing_action_is_a_usage_error(capsys):
    code, _, err = run(capsys, "workspace")
    assert code == 2 and "ACTION" in err


def test_the_installed_command_prints_an_id(tmp_path):
    exe = Path(sys.executable).with_name("graphmodel")
    if not exe.exists():
        pytest.skip(f"no installed graphmodel command next to {sys.executable}")
    done = subprocess.run([exe, "workspace", "add", NORDIC, "--name", "Nordic",
                           "--workspace", tmp_path / "W"], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert is_id(done.stdout.strip()) and done.stdout.count("\n") == 1
    assert "Traceback" not in done.stderr
