"""The Data page's "Start from the register": municipalities and Enhetsregisteret's IKS,
merged into the data in use as a new version, with the same report as the command line."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest

from graphmodel.workspace import Workspace

sys.path.insert(0, str(Path(__file__).parent))
from brreg_server import RegisterServer, register_state

APP = Path(__file__).resolve().parents[2] / "app.py"


@pytest.fixture
def ws_folder(tmp_path, monkeypatch):
    folder = tmp_path / "ws"
    monkeypatch.setenv("GRAPHMODEL_WORKSPACE", str(folder))
    monkeypatch.setenv("GRAPHMODEL_BRREG_CACHE", str(tmp_path / "cache"))
    return folder


def data_page() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    at.switch_page("graphmodel/explorer/pages/data.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _import(at: AppTest, source: str) -> AppTest:
    at.selectbox(key="register_source").set_value(source)
    at.button(key="btn_register").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_municipalities_fill_the_data_in_use_as_a_new_version(ws_folder):
    at = data_page()
    before = Workspace(ws_folder).version(at.query_params["data"])
    at = _import(at, "NO")
    after = Workspace(ws_folder).version(at.query_params["data"])
    assert after.dataset_id == before.dataset_id and after.number == before.number + 1
    assert after.n_collaborations == before.n_collaborations  # nothing of the planner's lost
    assert after.n_actors > before.n_actors and after.note.startswith("municipalities of NO")
    text = " ".join(m.value for m in at.markdown).replace("\\", "")  # markdown escapes
    added = after.n_actors - before.n_actors
    assert f"Municipalities of NO: {added} added," in text and "codes found by name" in text


def test_iks_from_the_local_register_with_the_report_and_changes(ws_folder, monkeypatch):
    with RegisterServer(register_state()) as server:
        monkeypatch.setenv("GRAPHMODEL_BRREG_URL", server.url)
        at = _import(data_page(), "brreg")
    version = Workspace(ws_folder).version(at.query_params["data"])
    assert version.note.startswith("Enhetsregisteret import: 4 added, 0 ended")  # one was deleted
    text = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "3 participants could not be resolved" in text
    assert "vertskommune" in text
    tables = [d.value for d in at.dataframe if "change" in d.value.columns]
    assert len(tables) == 1 and set(tables[0]["change"]) == {"formed"}  # 4 new, active
    model = Workspace(ws_folder).load_version(version.id)
    assert "<script>alert(1)</script> Brannvesen IKS" in set(model.collaborations["name"])


def test_offline_without_a_cache_says_so_and_keeps_the_data(ws_folder):
    at = data_page()
    before = at.query_params["data"]
    at.selectbox(key="register_source").set_value("brreg").run()
    at.checkbox(key="register_offline").check()
    at.button(key="btn_register").click()
    at.run()
    assert any("is not in the cache" in e.value for e in at.error)
    assert at.query_params["data"] == before
